"""Hold the references found in corpus documents to those a second reader marked by reading (`<id>.references.yml`).

`python -m tests.references_check` prints the table README.md shows (`… <id>` lists a document's misses and wrong
links); tests/test_references.py asserts the targets. The library they resolve against is the whole corpus.

Scoring. Each gold entry is the provision the words are in (`in`, a label), the words (`text`) and what they name:
`to` (a label of this document, or a list of them), `doc` (another document, by the name printed) with or without
`to`, or `to: "?"` (nothing a link may name: a former numbering, an attachment the page lacks). A found reference
matches a gold entry in the same provision with the same words (whitespace and width ignored).
- a link is right when it matches an entry and names the same provision(s) or document;
- precision = right links / links made; recall = right links / entries whose target the library holds;
- an entry naming a document the library does not hold is right when the words are shown as a citation, unlinked;
- an entry naming the citing document itself as a whole (a covering notice's 现将《…》印发) is not a link by design
  and is not counted.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import yaml

from build_tools.model import Document, Ref, Reference
from build_tools.references import References, find_references

from .corpus_check import CORPUS, IDS, document

GOLD = sorted(p.name.removesuffix(".references.yml") for p in CORPUS.glob("*.references.yml"))
PREFIXES = ("中华人民共和国", "中華人民共和國")
# Marked after the rules were written, and first run as held-out texts (README.md gives what that first run found).
HELD_OUT = {
    "cn-anti-monopoly-law-2007",
    "cn-legislation-law-2023",
    "cn-personal-information-protection-law",
    "cn-shenzhen-data-regulation",
    "page-fj-pingtan-jichengdianlu-cuoshi-2021",
    "page-ho-md-np-geming-jiuzhi-tiaoli-2019",
    "tw-archives-act-ly",
    "tw-personal-data-protection-act",
}


def normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace('"', "”")


@cache
def library() -> tuple[list[Document], References]:
    documents = [document(doc_id) for doc_id in IDS]
    return documents, find_references(documents)


def title_key(title: str) -> str:
    bare = normal(title)
    for prefix in PREFIXES:
        bare = bare.removeprefix(prefix)
    return bare


@dataclass
class Score:
    doc_id: str
    expected: int = 0  # entries whose target the library holds
    links: int = 0
    right: int = 0
    citations: int = 0  # entries naming a document the library does not hold
    citations_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.links if self.links else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _label_index(doc: Document) -> dict[str, str]:
    return {normal(p.label): p.id for p in doc.walk()}


def _document_named(name: str, documents: list[Document]) -> Document | None:
    wanted = title_key(name)
    for doc in documents:
        names = {doc.meta.title, doc.meta.short_title, *doc.meta.other_titles} - {""}
        if wanted in {title_key(n) for n in names}:
            return doc
    return None


def _expected(entry: dict, doc: Document, documents: list[Document]) -> tuple[str, frozenset[Ref] | str]:
    """What an entry names: ("link", refs), ("self", …), ("external", title) or ("none", why)."""
    to = entry.get("to")
    if to == "?":
        return "none", "?"
    target = doc
    if entry.get("doc"):
        found = _document_named(str(entry["doc"]), documents)
        if found is None:
            return "external", str(entry["doc"])
        target = found
        if to is None:
            return ("self", "") if target.id == doc.id else ("link", frozenset({Ref(target.id, "")}))
    labels = _label_index(target)
    wanted = to if isinstance(to, list) else [to]
    ids = [labels.get(normal(str(label))) for label in wanted]
    if any(i is None for i in ids):
        return "none", f"no provision labelled {wanted} in {target.id}"
    return "link", frozenset(Ref(target.id, i) for i in ids if i)


def score(doc_id: str) -> Score:
    documents, references = library()
    doc = document(doc_id)
    gold = yaml.safe_load((CORPUS / f"{doc_id}.references.yml").read_text(encoding="utf-8"))
    labels = _label_index(doc)
    found: list[Reference] = list(references.by_document.get(doc_id, ()))
    used: set[int] = set()
    result = Score(doc_id)
    for entry in gold.get("references") or []:
        where = labels.get(normal(str(entry["in"])))
        holder = doc.find(where) if where else None
        # The words stand in the provision the reader named, or in one inside it where the parser split what the
        # reader did not (a stray heading read as a 款): a structure miss, which the outline scores, not a reference's.
        inside = {p.id for p in holder.walk()} if holder else set()
        kind, target = _expected(entry, doc, documents)
        words = normal(str(entry["text"]))
        match = next((n for n, r in enumerate(found) if n not in used and r.source.provision in inside and normal(r.text) == words), None)
        if match is not None:
            used.add(match)
        shown = f"{entry['in']} {entry['text']}"
        reference = found[match] if match is not None else None
        if kind == "link":
            result.expected += 1
            if reference is not None and reference.target is not None:
                result.links += 1
                if frozenset(reference.targets) == target:
                    result.right += 1
                else:
                    result.wrong.append(f"{shown} → {_describe(reference, documents)}, expected {sorted(map(str, target))}")
            else:
                result.misses.append(f"{shown} ({'not found' if reference is None else reference.problem or 'no link'})")
        elif kind == "external":
            result.citations += 1
            if reference is not None and reference.target is None:
                result.citations_right += 1
            elif reference is None:
                result.misses.append(f"{shown} (a citation of {target}, not found)")
            else:
                result.links += 1
                result.wrong.append(f"{shown} → {_describe(reference, documents)}, expected a citation of {target}")
        elif reference is not None and reference.target is not None and kind == "none":
            result.links += 1
            result.wrong.append(f"{shown} → {_describe(reference, documents)}, expected no link ({target})")
    for n, reference in enumerate(found):
        if n not in used and reference.target is not None:
            result.links += 1
            label = doc.find(reference.source.provision)
            result.wrong.append(f"{label.label if label else '?'} {reference.text} → {_describe(reference, documents)}: not a reference")
    return result


def _describe(reference: Reference, documents: list[Document]) -> str:
    by_id = {d.id: d for d in documents}
    target = reference.target
    if target is None:
        return "nothing"
    doc = by_id[target.document]
    provision = doc.find(target.provision) if target.provision else None
    return f"{target.document} {provision.label if provision else '(whole document)'}"


def score_table() -> str:
    rows = [
        "| document | form | references | links made | right | precision | recall | citations of absent documents |",
        "|---|---|---|---|---|---|---|---|",
    ]
    totals = Score("all")
    for doc_id in GOLD:
        s = score(doc_id)
        rows.append(
            f"| {doc_id}{' †' if doc_id in HELD_OUT else ''} | {document(doc_id).form} | {s.expected} | {s.links} | {s.right} | {s.precision:.3f} | {s.recall:.3f} "
            f"| {s.citations_right}/{s.citations} |"
        )
        for name in ("expected", "links", "right", "citations", "citations_right"):
            setattr(totals, name, getattr(totals, name) + getattr(s, name))
    rows.append(
        f"| **all {len(GOLD)}** | | **{totals.expected}** | **{totals.links}** | **{totals.right}** | **{totals.precision:.3f}** "
        f"| **{totals.recall:.3f}** | **{totals.citations_right}/{totals.citations}** |"
    )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        for doc_id in sys.argv[1:]:
            s = score(doc_id)
            print(f"{doc_id}: precision {s.precision:.3f}, recall {s.recall:.3f}")
            for line in s.wrong:
                print("  WRONG", line)
            for line in s.misses:
                print("  miss ", line)
    else:
        print(score_table(), end="")
