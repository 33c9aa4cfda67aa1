"""Every document of tests/corpus/ against the outline a person wrote by reading it (tests/corpus/README.md)."""

from __future__ import annotations

import re

import pytest

from tests.corpus_check import IDS, ROOT, checks, document, outline, score_table


@pytest.mark.parametrize("doc_id", IDS)
def test_document_matches_its_outline(doc_id):
    """Every check passes, except the ones the outline lists under `known` (with why): those must still fail, so
    that a fix shows and the list is kept honest."""
    expected = outline(doc_id)
    known = expected.get("known") or {}
    results = checks(document(doc_id), expected)
    failures = [f"{r.name}: {r.detail}" for r in results if not r.ok and r.name not in known]
    assert failures == []
    assert sorted(r.name for r in results if not r.ok and r.name in known) == sorted(known)


def test_corpus_covers_the_forms_and_both_scripts():
    forms = {outline(doc_id)["form"] for doc_id in IDS}
    scripts = {document(doc_id).meta.original_script for doc_id in IDS}
    assert len(IDS) >= 30 and len(forms) >= 8, (len(IDS), sorted(forms))
    assert scripts == {"zh-Hans", "zh-Hant"}


def test_readme_shows_the_current_score():
    """README.md's table is `python -m tests.corpus_check`'s output, kept in step (regenerate by pasting it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- corpus-score -->\n(.*?)\n<!-- /corpus-score -->", readme, re.S)
    assert shown is not None and shown.group(1) == score_table()
