"""What the published site weighs at N documents, and what takes it (GitHub Pages publishes at most 1 GB; static
hosts cap files near 20,000): builds the synthetic corpus (benchmarks/generate.py) in a scratch project, the whole
build with the offline zip, and sums the site by part.

    python benchmarks/site_size.py --documents 1000 5000

Writes the table between <!-- site-size --> markers in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import scratch_project  # noqa: E402
from benchmarks.readme import write_table  # noqa: E402


def part_of(relative: Path) -> str:
    """The part of the site a file belongs to: each script's pages, Pagefind, Material's index, assets; data; download."""
    parts = relative.parts
    if parts[0] in ("zh-Hans", "zh-Hant") and len(parts) > 1:
        inner = parts[1] if len(parts) > 2 else "pages"
        return f"{parts[0]}/{inner if inner in ('pagefind', 'search', 'assets', 'compare') else 'pages'}"
    return parts[0] if len(parts) > 1 else "root files"


def measure(documents: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        project = scratch_project(Path(scratch), documents)
        code = (
            f"import sys, json, time; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; from build_tools.build import build;"
            f" start = time.perf_counter(); report = build(Path({str(project)!r}));"
            " print(json.dumps({'seconds': time.perf_counter() - start, 'stages': report.timings}))"
        )
        # A process of its own, as a build runs; its last line is the report.
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        timing = json.loads(out.strip().splitlines()[-1])
        site = project / "site"
        sizes: dict[str, int] = defaultdict(int)
        counts: dict[str, int] = defaultdict(int)
        for path in site.rglob("*"):
            if path.is_file():
                part = part_of(path.relative_to(site))
                sizes[part] += path.stat().st_size
                counts[part] += 1
    return {
        "documents": documents,
        "mb": round(sum(sizes.values()) / 1e6, 1),
        "files": sum(counts.values()),
        "build_s": round(timing["seconds"], 1),
        "mkdocs_s": round(timing["stages"].get("mkdocs_both", 0.0), 1),
        "parts": {part: (round(sizes[part] / 1e6, 1), counts[part]) for part in sorted(sizes, key=lambda p: -sizes[p])},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    rows = [
        "| documents | site MB | files | build s | MkDocs s (both scripts, side by side) | by part: MB (files) |",
        "|---|---|---|---|---|---|",
    ]
    for documents in args.documents:
        result = measure(documents)
        parts = "; ".join(f"{part} {mb} ({files})" for part, (mb, files) in result["parts"].items())  # type: ignore[union-attr]
        rows.append(f"| {documents} | {result['mb']} | {result['files']} | {result['build_s']} | {result['mkdocs_s']} | {parts} |")
        print(rows[-1], flush=True)
    table = "Published site by part (`python benchmarks/site_size.py`), the whole build with the offline zip:\n\n" + "\n".join(rows) + "\n"
    write_table("site-size", table, "### What the site weighs", "### Machine-suggested links")


if __name__ == "__main__":
    main()
