"""Chinese text printed as official texts print it (GB/T 15834-2011): no half-width , : ; ? ! ( ) beside a Han character
in the rendered text of any seed or corpus document, in either script; labels cite with full-width brackets."""

from __future__ import annotations

import html
import re

import pytest

from build_tools.context import PageContext
from build_tools.model import HAN, SCRIPTS, Curation
from build_tools.render import environment, render_document
from tests import corpus_check
from tests.conftest import ROOT

HALF_WIDTH_BESIDE_HAN = re.compile(rf"[{HAN}][,:;?!()]|[,:;?!()][{HAN}]")


def rendered_text(markdown: str) -> str:
    """What a reader sees as text: no tags, attribute lists, code, Markdown escapes or link targets, and not the
    cleaning log's quotations of the raw seed (<samp>), which show the scraped line as it was."""
    text = re.sub(r"<code>.*?</code>|<samp>.*?</samp>|`[^`]*`", "", markdown)
    text = re.sub(r"<[^>]+>|\{[#.][^}]*\}|\]\([^)]*\)", "", text)
    return html.unescape(text.replace("\\", ""))


def all_documents(seeds):
    return [*seeds.values(), *(corpus_check.document(doc_id) for doc_id in corpus_check.IDS)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_half_width_punctuation_beside_han(documents, converter, script):
    env = environment(ROOT / "templates" / "pages")
    docs = all_documents(documents)
    ctx = PageContext(script, converter, Curation(), {d.id: d for d in docs})
    offenders = []
    for document in docs:
        for line in rendered_text(render_document(env, document, ctx)).splitlines():
            for match in HALF_WIDTH_BESIDE_HAN.finditer(line):
                offenders.append(f"{document.id}: …{line[max(0, match.start() - 12) : match.end() + 12]}…")
    assert offenders == []


def test_labels_use_full_width_brackets(documents):
    labels = [p.label for d in all_documents(documents) for p in d.walk()]
    assert "二（三）7" in labels and "第二十条第（一）项" in labels
    assert not [label for label in labels if re.search(r"[()]", label)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_number_without_a_heading_is_printed_on_its_texts_line(converter, script):
    """GB/T 9704 prints 一、现货市场申报价格上限… on one line: a numbered provision with no heading keeps its number as
    a heading (its anchor, its search result) and its text right after it, in one block, nothing between the two; a
    number with a heading (一、总体要求) stays a heading of its own."""
    document = corpus_check.document("page-prov-shanghai-xianhuo-xianjia-tongzhi-2026")
    env = environment(ROOT / "templates" / "pages")
    markdown = render_document(env, document, PageContext(script, converter, Curation(), {document.id: document}))
    part = document.find("part_1")
    assert not part.heading and part.text
    block = re.search(
        r'<div class="dfl-runin-block"><h2 class="dfl-provision dfl-runin" id="part_1"[^>]*>一、</h2><p class="dfl-text dfl-runin-text">(.)',
        markdown,
    )
    assert block is not None and block.group(1) == ("现" if script == "zh-Hans" else "現")  # 现货市场…
    headed = corpus_check.document("page-gov-ndrc-dianwang-guihua-touzi-2020")
    markdown = render_document(env, headed, PageContext(script, converter, Curation(), {headed.id: headed}))
    assert re.search(r"^## 一、 ?\S", markdown, re.M) and "dfl-runin" not in markdown.split("## 一、")[1][:200]
