"""Hold the comparison of a version pair (build_tools/versions.py) to the alignment a reader wrote by reading both
texts side by side (`tests/corpus/<newer>.alignment.yml`, or the seeds' for a pair of seeds).

`python -m tests.versions_check` prints the table README.md shows (`… <newer id>` lists the rows that differ).
A row is right when the same older unit and newer unit are paired with the same change; accuracy is right rows over
the reader's rows (every unit of both versions is in exactly one row). "The reader's pairs found" counts only the rows
that pair an older unit with a newer one (a pair of rewritten tasks the reader joined by their subject is missed when
their words differ too much).
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

import yaml

from build_tools.model import Document
from build_tools.versions import Comparison, compare

from .corpus_check import CORPUS, ROOT, converter
from .corpus_check import document as corpus_document

SEEDS = ROOT / "seeds"
GOLD = sorted(
    p.name.removesuffix(".alignment.yml")
    for folder in (CORPUS, SEEDS / "versions")
    if folder.is_dir()
    for p in folder.glob("*.alignment.yml")
)


@cache
def document(doc_id: str) -> Document:
    """A corpus document, or a seed (the library's own 2024 work points are one end of a pair)."""
    if (CORPUS / f"{doc_id}.yml").exists():
        return corpus_document(doc_id)
    from build_tools.corpus import load_corpus

    (found,) = load_corpus(ROOT, converter(), SEEDS, only=doc_id)
    return found


def gold(newer: str) -> dict:
    path = CORPUS / f"{newer}.alignment.yml"
    if not path.exists():
        path = SEEDS / "versions" / f"{newer}.alignment.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _label(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).replace(" ", "") if text is not None else ""


def rows(newer: str) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]], Comparison]:
    """The reader's rows and ours, as (older label, newer label, change)."""
    expected = gold(newer)
    old, new = document(expected["older"]), document(newer)
    comparison = compare(old, new)
    ours = set()
    for pair in comparison.pairs:
        old_label = old.find(pair.older).label if pair.older else ""  # type: ignore[union-attr]
        new_label = new.find(pair.newer).label if pair.newer else ""  # type: ignore[union-attr]
        ours.add((_label(old_label), _label(new_label), pair.change))
    theirs = {(_label(r.get("from")), _label(r.get("to")), str(r["change"])) for r in expected["alignment"]}
    return theirs, ours, comparison


def score(newer: str) -> tuple[int, int, list[str]]:
    theirs, ours, _ = rows(newer)
    wrong = [f"reader: {r}" for r in sorted(theirs - ours)] + [f"ours:   {r}" for r in sorted(ours - theirs)]
    return len(theirs & ours), len(theirs), wrong


def score_table() -> str:
    out = [
        "| pair (older → newer) | level | rows | right | accuracy | the reader's pairs found | same / changed / moved / added / removed (ours) |",
        "|---|---|---|---|---|---|---|",
    ]
    for newer in GOLD:
        right, total, _ = score(newer)
        theirs, ours, comparison = rows(newer)
        paired = {row for row in theirs if row[0] and row[1]}
        counts = comparison.counts()
        shown = " / ".join(str(counts[c]) for c in ("same", "changed", "moved", "added", "removed"))
        found = f"{len(paired & ours)}/{len(paired)}"
        out.append(f"| {comparison.older} → {newer} | {comparison.level} | {total} | {right} | {right / total:.3f} | {found} | {shown} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        for newer in sys.argv[1:]:
            right, total, wrong = score(newer)
            print(f"{newer}: {right}/{total}")
            print("\n".join("  " + line for line in wrong))
    else:
        print(score_table(), end="")
