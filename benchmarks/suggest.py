"""Time the machine-suggested links (build_tools/suggest.py) on the synthetic corpus at several sizes.

    python benchmarks/suggest.py --documents 5 100 500 1000

Writes the table between <!-- suggest --> markers in benchmarks/README.md. The synthetic corpus recombines the seeds'
paragraphs, so its passages share far more wording than real documents: a pessimistic case for the sparse products.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from build_tools.convert import load_converter  # noqa: E402
from build_tools.corpus import load_corpus  # noqa: E402
from build_tools.model import Curation  # noqa: E402
from build_tools.suggest import MIN_TEXT, suggest_links  # noqa: E402


def measure(documents: int, runs: int) -> dict[str, float]:
    converter, _ = load_converter(ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        seeds = Path(scratch) / "seeds"
        generate(seeds, documents)
        corpus = load_corpus(ROOT, converter, seeds)
    passages = sum(1 for d in corpus for p in d.walk() if len(p.text) >= MIN_TEXT)
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(suggest_links(corpus, Curation(), converter))
        times.append(time.perf_counter() - start)
    return {"documents": documents, "passages": passages, "seconds": statistics.median(times), "suggestions": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[5, 100, 500, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(n, args.runs) for n in args.documents]
    table = "\n".join(
        [
            f"Machine-suggested links, median of {args.runs} runs (`python benchmarks/suggest.py`):",
            "",
            "| documents | passages compared | seconds | suggestions |",
            "|---|---|---|---|",
            *(f"| {r['documents']} | {r['passages']} | {r['seconds']:.2f} | {r['suggestions']} |" for r in rows),
        ]
    )
    print(table)
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text(encoding="utf-8")
    if "<!-- suggest -->" in text:
        text = re.sub(r"<!-- suggest -->.*?<!-- /suggest -->", lambda _: f"<!-- suggest -->\n{table}\n<!-- /suggest -->", text, flags=re.S)
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
