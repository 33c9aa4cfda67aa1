"""Write a benchmark's table into benchmarks/README.md, between its markers (added before a heading the first time)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def write_table(marker: str, table: str, heading: str, before: str) -> None:
    """Put `table` between <!-- marker --> and <!-- /marker -->; the first time, as a section `heading` before the
    heading `before`."""
    text = README.read_text(encoding="utf-8")
    block = f"<!-- {marker} -->\n{table}<!-- /{marker} -->"
    if f"<!-- {marker} -->" in text:
        text = re.sub(f"<!-- {marker} -->.*?<!-- /{marker} -->", lambda _: block, text, flags=re.S)
    else:
        text = text.replace(before, f"{heading}\n\n{block}\n\n{before}")
    README.write_text(text, encoding="utf-8")
