"""Every character of the body text survives cleaning: a proof against the raw seed, for every document."""

from __future__ import annotations

import re
import unicodedata

import pytest

from build_tools.clean import RADICAL_SUPPLEMENT
from build_tools.read import HTML_SUFFIXES, decode_page, decode_seed, seed_files
from tests import corpus_check
from tests.conftest import ROOT

SEEDS = sorted(p.stem for p in seed_files(ROOT / "seeds"))
# Steps that cut one line into several (the blocks of a flattened page, the cells of a table row): each block is then
# removed or repaired on its own.
SPLITS = ("one_line_body", "table_cells", "line_breaks", "metadata_lines")  # metadata_lines: a line of several rows
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
    if step in ("broken_parenthetical", "broken_paragraphs"):
        return a.startswith(b)  # the next line joins this one (and is removed, logged on its own)
    if step == "line_breaks":
        return re.sub(r"<br/?>|\|", "", b, flags=re.I) == a  # cut at each <br> (and a table row's pipes), nothing else
    if step in SPLITS:
        return b == a  # only cut, at whitespace or at nothing
    if step in ("covering_notice", "imprint"):
        return a.startswith(b)  # a title, or a 版记's two cells, broken over two lines: the second joins the first
    if step in ("markup_residue", "converter_residue"):
        # Markup only goes: what is left is the text in order (a table row's cells joined by '：'), and no Han
        # character or Chinese punctuation was removed with the markup (a link's title, [繁体](url "繁体版"), is markup).
        # (nor is an image with its alt text, ![首都之窗](logo.png): no text of the document)
        b, a = (squash(re.sub(r'\s+"[^"]*"(?=\s*\))|!\[[^\[\]]*\]\([^()]*\)', "", text)) for text in (before, after))
        kept = a.replace("：", "").replace("\u3000", "")
        removed = "".join(ch for ch in b if ch not in kept)
        return is_subsequence(kept, b) and all(ch.isascii() or ch in "：" for ch in removed)
    if step == "numeral_lookalikes":
        return len(a) == len(b) and [i for i, (x, y) in enumerate(zip(b, a, strict=True)) if x != y] == [0] and a[0] == "一"
    if step == "kangxi_radicals":
        # exactly the radicals mapped to their ideographs, nothing else changed
        return a == "".join(
            unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF else RADICAL_SUPPLEMENT.get(ch, ch) for ch in b
        )
    return False


def raw_text(folder: str, slug: str) -> str:
    """The seed's text as the build reads it: decoded, and a saved web page as a browser shows it."""
    (path,) = seed_files(ROOT / folder, only=slug)
    decode = decode_page if path.suffix in HTML_SUFFIXES else decode_seed
    return decode(path.read_bytes())[0]


@pytest.mark.parametrize(("folder", "slug"), TEXTS)
def test_body_text_survives(documents, folder, slug):
    document = documents[slug] if folder == "seeds" else corpus_check.document(slug)
    raw_lines = raw_text(folder, slug).split("\n")
    # Each line as units: itself, or the blocks a split step cut it into; each unit is kept, repaired or removed.
    units: dict[int, list[str]] = {n: [text] for n, text in enumerate(raw_lines, start=1) if text.strip()}
    for change in document.changes:
        if change.step == "decode" or not change.line:
            continue
        current = units.get(change.line, [])
        at = next((i for i, unit in enumerate(current) if unit.strip() == change.before.strip()), None)
        if change.step in SPLITS and at is not None and change.after:  # (a split step may also remove a line)
            assert repair_is_declared(change.step, change.before, change.after), change
            current[at : at + 1] = change.after.split("\n")
        elif not change.after and at is not None:
            del current[at]  # removed: chrome, metadata, front matter
        elif change.after and change.before and at is not None:
            assert repair_is_declared(change.step, change.before, change.after), change
            current[at] = change.after
        else:
            # Not body text: a value lifted out of a chrome line (a broken 发布时间 made ISO), noted; or a removal of a
            # line a repair already took in (a title's second line joined to its first).
            assert change.note and (change.line in units), change
    kept = [squash(unit) for n in sorted(units) for unit in units[n]]
    actual = squash("".join(p.source_text() for p in document.walk()))
    if any(c.step == "fullwidth_punctuation" for c in document.changes):
        # The one change that step may make: the width of ，：；？！（）.
        actual, kept = actual.translate(HALF_WIDTH), [unit.translate(HALF_WIDTH) for unit in kept]
    # Nothing lost and nothing added, character for character; and each kept line (or block) reads in one piece, in
    # its order (notes printed above a body, or a 落款, may stand apart from the paragraphs around them).
    assert sorted(actual) == sorted("".join(kept))
    assert [unit for unit in kept if unit not in actual] == []
