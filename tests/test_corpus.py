"""Every document of tests/corpus/ against the outline a person wrote by reading it (tests/corpus/README.md)."""

from __future__ import annotations

import pytest

from tests.corpus_check import IDS, checks, document, outline


@pytest.mark.parametrize("doc_id", IDS)
def test_document_matches_its_outline(doc_id):
    failures = [f"{r.name}: {r.detail}" for r in checks(document(doc_id), outline(doc_id)) if not r.ok]
    assert failures == []


def test_corpus_covers_the_forms_and_both_scripts():
    forms = {outline(doc_id)["form"] for doc_id in IDS}
    scripts = {document(doc_id).meta.original_script for doc_id in IDS}
    assert len(IDS) >= 30 and len(forms) >= 8, (len(IDS), sorted(forms))
    assert scripts == {"zh-Hans", "zh-Hant"}
