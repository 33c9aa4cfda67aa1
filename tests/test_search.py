"""What the hosted search (Pagefind) indexes: each page with its Han characters spaced, nothing else changed."""

from __future__ import annotations

from build_tools.search import THIN_SPACE, spaced_html


def test_pagefind_sees_spaced_characters_and_the_page_is_unchanged_otherwise():
    page = (
        '<!doctype html><html lang="zh-Hans"><head><title>数字福建</title><script>var q = "基站";</script></head>'
        '<body><p class="dfl-para" data-cite="《要点》一（二）4">累计建成5G基站&amp;七点五万个 Digital China</p><!-- 注 --></body></html>'
    )
    result = spaced_html(page)
    assert result.replace(THIN_SPACE, "") == page.replace('<script>var q = "基站";</script>', "")  # scripts left out
    assert f"5G{THIN_SPACE}基{THIN_SPACE}站" in result and "Digital China" in result
    assert 'data-cite="《要点》一（二）4"' in result and f"数{THIN_SPACE}字" in result  # attributes as they are; titles spaced
