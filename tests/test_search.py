"""What the hosted search (Pagefind) indexes: each page with its Han characters spaced, nothing else changed."""

from __future__ import annotations

import json

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


PAGE = (
    '<html><head><script>var x = "数据";</script></head><body><nav>导航 首页</nav>'
    '<div data-pagefind-body data-pagefind-weight="0.5"><article>'
    '<h1 id="_1">2024年数字福建工作要点<a class="headerlink" href="#_1">¶</a></h1><p>开篇的话</p>'
    '<h3 class="dfl-provision" data-cite="《要点》一（二）" id="part_1__sec_2">（二）全面推进数据要素市场建设</h3>'
    '<p class="dfl-para dfl-provision" id="part_1__sec_2__item_4" data-cite="《要点》一（二）4">提升数据要素供给能力。'
    '<a class="dfl-term" href="g.html">公共</a>数据</p>'
    '<p class="dfl-units"><span class="dfl-units__label">责任单位</span><span class="dfl-unit">省数据管理局</span>'
    '<span class="dfl-unit">省委网信办</span></p>'
    "<details data-pagefind-ignore><summary>关于本文本</summary><p>清理记录</p></details><p>最后一段</p>"
    "</article></div><footer>页脚</footer></body></html>"
)


def test_the_offline_copy_searches_the_passages_pagefind_sees():
    """The passages of the offline copy's index are cut where Pagefind cuts them: at headings with an ID, and at each
    provision paragraph (titled by its label); what Pagefind skips is skipped (ignored parts, permalinks, what lies
    outside the indexed part), and elements' edges stay edges (a unit does not run into the next)."""
    from build_tools.search import page_passages

    found = page_passages(PAGE)
    assert found is not None
    title, weight, passages = found
    assert (title, weight) == ("2024年数字福建工作要点", 0.5)
    assert passages == [
        ["_1", "2024年数字福建工作要点", "开篇的话", 1],
        ["part_1__sec_2", "一（二） 全面推进数据要素市场建设", "", 3],
        ["part_1__sec_2__item_4", "一（二）4", "提升数据要素供给能力。公共数据 责任单位 省数据管理局 省委网信办 最后一段", 6],
    ]
    assert page_passages(PAGE.replace("<div data-pagefind-body", "<div")) is None  # a page left out of search


def test_a_large_offline_index_keeps_the_titles_alone(tmp_path, monkeypatch):
    """Past OFFLINE_FULL_TEXT_MB the offline copy's index keeps each passage's title without its text: the copy still
    finds documents and provisions by their titles and labels."""
    from build_tools.search import OFFLINE_INDEX, offline_index

    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "page.html").write_text(PAGE, encoding="utf-8")  # not a page of the site's own
    charmap = {"hans": {"數": "数"}, "hant": {"数": "數"}}
    for limit, full in (("1", True), ("0.0001", False)):
        monkeypatch.setenv("DFL_OFFLINE_FULL_TEXT_MB", limit)
        assert offline_index(tmp_path, charmap) == 3
        script = (tmp_path / OFFLINE_INDEX).read_text(encoding="utf-8")
        assert script.startswith("var dflOfflineSearch = ") and script.endswith(";\n")
        index = json.loads(script.removeprefix("var dflOfflineSearch = ").removesuffix(";\n"))
        assert index["charmap"] == charmap and index["pages"] == [["a.html", "2024年数字福建工作要点", 0.5]]
        assert [p[2] for p in index["passages"]] == ["2024年数字福建工作要点", "一（二） 全面推进数据要素市场建设", "一（二）4"]
        assert [bool(p[3]) for p in index["passages"]] == ([True, False, True] if full else [False, False, False])
