"""Hold a parsed document to the outline a person wrote by reading it (tests/corpus/README.md).

`python -m tests.corpus_check` prints the score table that README.md shows; tests/test_corpus.py asserts every check.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from build_tools.convert import Converter, load_converter
from build_tools.corpus import load_corpus
from build_tools.forms import load_forms
from build_tools.model import Document, Provision

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
# A document joins the corpus with its outline (a text still being read has none yet).
IDS = sorted(p.name.removesuffix(".outline.yml") for p in CORPUS.glob("*.outline.yml"))


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def normal(text: str) -> str:
    """Compared ignoring whitespace and the width of punctuation (，/, （/( …)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def own_text(provision: Provision) -> str:
    """A provision's own words: its heading or text; an article split into 款 starts with its first 款."""
    own = provision.heading + provision.heading_end + provision.text + provision.units_raw
    if not own and provision.children:
        return own_text(provision.children[0])
    return own


@cache
def converter() -> Converter:
    return load_converter(ROOT)[0]


@cache
def document(doc_id: str) -> Document:
    (found,) = load_corpus(ROOT, converter(), CORPUS, only=doc_id)
    return found


def outline(doc_id: str) -> dict:
    return yaml.safe_load((CORPUS / f"{doc_id}.outline.yml").read_text(encoding="utf-8"))


def cited_alike(doc: Document, expected: str) -> bool:
    """The same form, or one that cites this document alike: notice, work-points, decision and (without 篇章节) plan
    are all GB/T 9704's 一、（一）1.（1）, and a kind's choice among them changes no citation."""
    forms = load_forms().forms
    if doc.form == expected:
        return True
    a, b = forms.get(doc.form), forms.get(expected)
    if a is None or b is None or a.preamble_label != b.preamble_label:
        return False
    used = {p.level for p in doc.walk()}
    levels = [[lv.name for lv in form.levels if lv.name in used or lv.name not in ("篇", "章", "节")] for form in (a, b)]
    return levels[0] == levels[1]


def checks(doc: Document, expected: dict) -> list[Check]:
    by_id = {p.id: p for p in doc.walk()}
    by_label: dict[str, list[Provision]] = {}
    for provision in doc.walk():
        by_label.setdefault(provision.label, []).append(provision)
    results = [Check("form", cited_alike(doc, expected["form"]), f"{doc.form} ({doc.form_reason})")]

    for key, count in (expected.get("counts") or {}).items():
        level = f"{int(key)}." if isinstance(key, float) and key.is_integer() else str(key)  # YAML reads `1.:` as 1.0
        found = sum(1 for p in doc.walk() if p.level == level)
        results.append(Check(f"count {level}", found == count, f"expected {count}, found {found}"))

    def starts(label: str, words: str, name: str) -> None:
        provisions = by_label.get(label, [])
        if len(provisions) != 1:
            results.append(Check(name, False, f"{len(provisions)} provisions labelled {label}"))
            return
        text = own_text(provisions[0])
        # A caption (第一條（立法目的）) is the article's heading: its text may be cited with or without it.
        first = provisions[0]
        plain = first.text or (own_text(first.children[0]) if first.children else text)
        # A heading printed as the first paragraph's lead sentence ((一）城中村改造提速攻坚。加快…) is printed as that
        # paragraph's first words: 第1段 may be cited from the heading or from the text after it.
        parent = by_id.get(first.parent or "")
        lead = parent.heading + parent.heading_end + text if parent and parent.heading_end and parent.children[0] is first else text
        ok = any(normal(candidate).startswith(normal(words)) for candidate in (text, plain, lead))
        results.append(Check(name, ok, f"{label}: {text[:30]!r} should start {words!r}"))

    for which in ("first", "last"):
        if expected.get(which):
            starts(expected[which]["label"], str(expected[which]["starts"]), f"{which} {expected[which]['label']}")
    for container in expected.get("containers") or []:
        label = container["label"]
        found = by_label.get(label, [])
        if len(found) != 1:
            results.append(Check(f"container {label}", False, f"{len(found)} provisions labelled {label}"))
            continue
        inside = {p.label for p in found[0].walk()}
        heading_ok = normal(found[0].heading) == normal(str(container.get("heading", found[0].heading)))
        children_ok = all(container.get(end) is None or str(container[end]) in inside for end in ("first", "last"))
        detail = f"{label} {found[0].heading!r} holds {sorted(inside)[:3]}…; expected {container}"
        results.append(Check(f"container {label}", heading_ok and children_ok, detail))
    for sample in expected.get("samples") or []:
        starts(sample["label"], str(sample["starts"]), f"sample {sample['label']}")
    # Front matter may stay as a note (题注), the addressees (主送机关) or the signature (落款), never as body text.
    body = [(p, normal(p.source_text())) for p in doc.walk() if p.kind not in ("note", "address", "signature")]
    for snippet in expected.get("not_provisions") or []:
        wanted = normal(str(snippet))
        holders = [p.label for p, text in body if wanted and wanted in text]
        results.append(Check(f"front matter {str(snippet)[:20]}", not holders, f"{snippet!r} in {holders[:3]}"))
    for label, units in (expected.get("units") or {}).items():
        found = by_label.get(str(label), [])
        printed = list(found[0].responsible_units) if len(found) == 1 else None
        results.append(Check(f"units {label}", printed == list(units), f"{printed} != {units}"))
    return results


def score_table() -> str:
    rows = ["| document | form | checks passed | known misses (why) |", "|---|---|---|---|"]
    total = passed = 0
    for doc_id in IDS:
        results = checks(document(doc_id), outline(doc_id))
        ok = sum(r.ok for r in results)
        total, passed = total + len(results), passed + ok
        known = outline(doc_id).get("known") or {}
        reasons = list(dict.fromkeys(str(why) for why in known.values()))  # each reason once
        note = f"{len(known)}: " + "; ".join(reasons) if known else ""
        rows.append(f"| {doc_id} | {outline(doc_id)['form']} | {ok}/{len(results)} | {note} |")
    rows.append(f"| **all {len(IDS)}** | | **{passed}/{total}** | |")
    return "\n".join(rows)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        for result in checks(document(sys.argv[1]), outline(sys.argv[1])):
            if not result.ok:
                print(f"FAIL {result.name}: {result.detail}")
    else:
        print(score_table())
