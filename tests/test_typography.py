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
