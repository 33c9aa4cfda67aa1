"""How many wrong characters each default for an undecided conversion leaves (README.md, "Conversion review").

The places: every undecided conversion of the 30 test-corpus documents the parser was written without
(tests/corpus/, all but the page-* documents added with issue 20), as `benchmarks/data/conversion-places.tsv` lists
them (context, and the two readings in a random order, A and B). The verdicts: a reader who did not see the code
judged each place (`conversion-verdicts.tsv`: A, B, both or neither). This script finds each place again with the
project's converter, so that it knows which reading is ours and which MediaWiki's, and counts the wrong characters
each default would publish.

    python benchmarks/conversion_defaults.py
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_tools.convert import load_converter  # noqa: E402
from build_tools.corpus import load_corpus  # noqa: E402
from build_tools.review import Disagreement, default_reading, document_texts, doubts  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
DEFAULTS: dict[str, Callable[[Disagreement], str]] = {
    "ours (OpenCC with the reviewed terms)": lambda p: p.ours,
    "MediaWiki's tables": lambda p: p.theirs,
    "keep the source character where one converter does": lambda p: p.source if p.source in (p.ours, p.theirs) else p.ours,
    "the reading that converts the source character where only one does, else ours (chosen)": default_reading,
}


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def main() -> None:
    converter, _ = load_converter(ROOT)
    corpus = ROOT / "tests" / "corpus"
    ids = sorted(p.name.removesuffix(".outline.yml") for p in corpus.glob("*.outline.yml") if not p.name.startswith("page-"))
    documents = [d for doc_id in ids for d in load_corpus(ROOT, converter, corpus, only=doc_id)]
    found: dict[tuple[str, str], list[Disagreement]] = {}
    for document in documents:
        for doubt in doubts(document_texts(document), converter):
            place = doubt.place
            found.setdefault((doubt.script, f"{place.before}[{place.source}]{place.after}"), []).append(place)
    verdicts = {row["n"]: row for row in read_tsv(DATA / "conversion-verdicts.tsv")}
    judged: list[tuple[Disagreement, str, set[str]]] = []
    for row in read_tsv(DATA / "conversion-places.tsv"):
        candidates = found.get((row["script"], row["context"]))
        if not candidates:
            print(f"place {row['n']} ({row['context']}) is no longer undecided: a decision covers it now", file=sys.stderr)
            continue
        place = candidates.pop(0)
        verdict = verdicts[row["n"]]["verdict"]
        right = {"A": {row["A"]}, "B": {row["B"]}, "both": {row["A"], row["B"]}, "neither": set()}[verdict]
        judged.append((place, row["script"], right))
    by_script = {script: sum(1 for _, s, _ in judged if s == script) for script in ("zh-Hans", "zh-Hant")}
    print(f"{len(judged)} judged places ({by_script['zh-Hans']} 简→繁, {by_script['zh-Hant']} 繁→简)\n")
    print("| default for an undecided place | wrong characters | 简→繁 | 繁→简 |")
    print("|---|---|---|---|")
    for name, choose in DEFAULTS.items():
        wrong = [script for place, script, right in judged if choose(place) not in right]
        hans = wrong.count("zh-Hans")
        print(f"| {name} | {len(wrong)} | {hans} | {len(wrong) - hans} |")


if __name__ == "__main__":
    main()
