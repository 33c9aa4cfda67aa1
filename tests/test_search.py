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


def test_a_large_offline_index_keeps_the_titles_alone(tmp_path, monkeypatch):
    """Past OFFLINE_FULL_TEXT_MB the offline copy's index (search_index.js) keeps each entry's title and its other
    script's form, without text; the hosted index (search_index.json) keeps everything."""
    from build_tools.convert import Converter
    from build_tools.search import ALT_FIELD, add_cross_script_field

    folder = tmp_path / "search"
    folder.mkdir()
    entries = [
        {"location": "a.html#sec_1", "title": "第十七条 数据要素", "text": "推进公共数据资源开发利用" * 50},
        {"location": "a.html", "title": "数字福建工作要点", "text": "全文" * 50},
    ]
    (folder / "search_index.json").write_text(json.dumps({"config": {"lang": ["zh"]}, "docs": entries}, ensure_ascii=False))
    (folder / "search_index.js").write_text("var __index = {}")
    for limit, full in (("1", True), ("0.0001", False)):
        monkeypatch.setenv("DFL_OFFLINE_FULL_TEXT_MB", limit)
        add_cross_script_field(tmp_path, Converter([]), "zh-Hans", ["数据要素"])
        hosted = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
        offline = json.loads((folder / "search_index.js").read_text(encoding="utf-8").removeprefix("var __index = "))
        assert [e["text"] for e in hosted["docs"]] == [e["text"] for e in entries]
        assert offline["config"] == hosted["config"]
        assert [e["location"] for e in offline["docs"]] == ["a.html#sec_1", "a.html"]
        if full:
            assert offline == hosted
        else:
            assert [e["text"] for e in offline["docs"]] == ["", ""]
            assert "數據要素" in offline["docs"][0][ALT_FIELD] and "数据要素" in offline["docs"][0][ALT_FIELD]
            assert "推進" not in offline["docs"][0][ALT_FIELD]  # the text's other form is gone with the text
