"""Time the references step (build_tools/references.py) on a library of N documents made of the test corpus's real
texts (laws of both traditions full of 前款 and 第X条, plans, notices, pages), each copied under its own ID.

    python benchmarks/references.py --documents 1000 5000

Writes the table between <!-- references --> markers in benchmarks/README.md, with the share of the whole build at
the same size when benchmarks/results.json (written by run.py) has it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.readme import write_table  # noqa: E402
from build_tools.convert import load_converter  # noqa: E402
from build_tools.model import Document  # noqa: E402
from build_tools.references import find_references  # noqa: E402
from tests.corpus_check import IDS, document  # noqa: E402


def library(size: int) -> list[Document]:
    """N documents: the corpus's texts in turn, each under a new ID (the same titles: a title cited resolves to one)."""
    corpus = [document(doc_id) for doc_id in IDS]
    out = []
    for n in range(size):
        original = corpus[n % len(corpus)]
        meta = dataclasses.replace(original.meta, slug=f"{original.id}-{n}")
        out.append(dataclasses.replace(original, meta=meta))
    return out


def measure(size: int, runs: int) -> dict[str, object]:
    converter, _ = load_converter(ROOT)
    documents = library(size)
    times, found = [], None
    for _ in range(runs):
        start = time.perf_counter()
        found = find_references(documents, converter.to_hans)
        times.append(time.perf_counter() - start)
    assert found is not None
    references = [r for refs in found.by_document.values() for r in refs]
    return {
        "documents": size,
        "provisions": sum(1 for d in documents for _ in d.walk()),
        "seconds": round(statistics.median(times), 2),
        "references": len(references),
        "linked": sum(1 for r in references if r.target is not None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    builds = {}
    results_file = ROOT / "benchmarks" / "results.json"
    if results_file.exists():
        for result in json.loads(results_file.read_text(encoding="utf-8")).get("results", []):
            builds[result["documents"]] = result["build_s"]
    rows = [
        "| documents | provisions | references found | linked | seconds | share of the build (run.py's build s) |",
        "|---|---|---|---|---|---|",
    ]
    for size in args.documents:
        result = measure(size, args.runs)
        build = builds.get(size)
        share = f"{100 * float(result['seconds']) / build:.1f}% of {build} s" if build else "–"  # type: ignore[arg-type]
        rows.append(f"| {size} | {result['provisions']} | {result['references']} | {result['linked']} | {result['seconds']} | {share} |")
        print(rows[-1], flush=True)
    table = f"References inside the text, median of {args.runs} runs (`python benchmarks/references.py`):\n\n" + "\n".join(rows) + "\n"
    write_table("references", table, "### References inside the text", "### The editor's loop")


if __name__ == "__main__":
    main()
