"""Every character of the body text survives cleaning: a proof against the raw seed, for every document."""

from __future__ import annotations

import re
import unicodedata

import pytest

from build_tools.clean import RADICAL_SUPPLEMENT
from build_tools.read import decode_seed
from tests import corpus_check
from tests.conftest import ROOT

SEEDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
# The seeds and every real document of tests/corpus/: (folder, ID).
TEXTS = [("seeds", slug) for slug in SEEDS] + [("tests/corpus", doc_id) for doc_id in corpus_check.IDS]


HALF_WIDTH = str.maketrans("，：；？！（）", ",:;?!()")


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def repair_is_declared(step: str, before: str, after: str) -> bool:
    """Each repair may only do what its step says; anything else would be a silent edit of the text."""
    b, a = squash(before), squash(after)
    if step == "stray_spaces":
        return b == a
    if step == "broken_dates":
        return a.replace("年", "") == b.replace("年", "")  # only 年 inserted: 20184月 → 2018年4月
    if step in ("byline", "paywall"):
        return b.endswith(a)  # a dateline or paywall prefix moved out; the rest is untouched
    if step == "broken_parenthetical":
        return a.startswith(b)
    if step == "markup_residue":
        # Markup only goes: what is left is the text in order (a table row's cells joined by '：'), and no Han
        # character or Chinese punctuation was removed with the markup.
        kept = a.replace("：", "").replace("\u3000", "")
        removed = "".join(ch for ch in b if ch not in kept)
        return is_subsequence(kept, b) and all(ch.isascii() or ch in "：" for ch in removed)
    if step == "kangxi_radicals":
        # exactly the radicals mapped to their ideographs, nothing else changed
        return a == "".join(
            unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF else RADICAL_SUPPLEMENT.get(ch, ch) for ch in b
        )
    return False


@pytest.mark.parametrize(("folder", "slug"), TEXTS)
def test_body_text_survives(documents, folder, slug):
    document = documents[slug] if folder == "seeds" else corpus_check.document(slug)
    raw, _ = decode_seed((ROOT / folder / f"{slug}.txt").read_bytes())
    raw_lines = raw.split("\n")
    removed = {c.line for c in document.changes if not c.after and c.step != "decode" and c.line}
    repaired: dict[int, str] = {}
    for change in document.changes:
        is_repair = change.after and change.step != "decode" and change.before
        if not is_repair:
            continue
        if change.line in repaired or change.before.strip() == raw_lines[change.line - 1].strip():
            assert repair_is_declared(change.step, change.before, change.after), change
            repaired[change.line] = change.after
        else:
            # Not a repair of body text: a value lifted out of a chrome line (a broken 发布时间 made ISO), noted.
            assert change.note and change.line in removed, change
    expected = "".join(repaired.get(n, text) for n, text in enumerate(raw_lines, start=1) if n not in removed and text.strip())
    actual = "".join(p.source_text() for p in document.walk())
    if any(c.step == "fullwidth_punctuation" for c in document.changes):
        # The one change that step may make: the width of ，：；？！（）.
        actual, expected = actual.translate(HALF_WIDTH), expected.translate(HALF_WIDTH)
    assert squash(actual) == squash(expected)


def test_removed_lines_are_chrome_only(documents):
    chrome_steps = {
        "markup_residue",
        "metadata_lines",
        "table_of_contents",
        "history_section",
        "document_header",
        "site_breadcrumb",
        "column_header",
        "byline",
        "wikidata_rows",
        "licence_footer",
        "comment_counter",
        "related_links",
        "image_captions",
        "paywall",
        "duplicate_title",
        "broken_parenthetical",
    }
    for document in [*documents.values(), *(corpus_check.document(doc_id) for doc_id in corpus_check.IDS)]:
        for change in document.changes:
            if not change.after and change.step != "decode" and change.line:  # line 0: a note on the whole text
                assert change.step in chrome_steps and change.note, change


def test_metadata_found_in_chrome(documents):
    assert documents["2023-peoples-daily"].meta.found["page_author"] == "中共福建省委理论学习中心组"
    assert documents["2024-work-points"].meta.found["published"] == "2024-05-08"
    assert documents["2018-npc-decision"].meta.found["effective"] == "2018-06-01"
    assert documents["2018-summit-news"].meta.found["editor"] == "黃仙妹"
