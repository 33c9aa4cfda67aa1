"""The site in a real headless Chromium: search in both scripts, result anchors, the script switch, no outside requests,
accessibility, and the unpacked offline zip from file://."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from build_tools.build import build
from build_tools.offline import ZIP_DIR, ZIP_NAME

from .conftest import _serve, type_query

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, request):
    """A fresh page that records every request; the test fails if any leaves the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    yield tab
    context.close()
    outside = [
        url for url in requests if urlparse(url).scheme not in ("file", "data", "blob", "about") and urlparse(url).hostname != "127.0.0.1"
    ]
    assert outside == [], f"requests left the site: {outside}"


def search(page, query: str) -> list[str]:
    """Type a query into the search box and return the result links (waits for the results)."""
    type_query(page, query)
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    # Material adds ?h=<terms> for highlighting; compare page and anchor only.
    return [urlparse(h).path.rsplit("/", 1)[-1] + ("#" + urlparse(h).fragment if urlparse(h).fragment else "") for h in hrefs]


@pytest.mark.parametrize(
    ("script", "query", "expected"),
    [
        ("zh-Hans", "数据要素", "2024-work-points.html#part_1__sec_2"),
        ("zh-Hans", "數據要素", "2024-work-points.html#part_1__sec_2"),  # Traditional query on the Simplified site
        ("zh-Hant", "數據要素", "2024-work-points.html#part_1__sec_2"),
        ("zh-Hant", "数据要素", "2024-work-points.html#part_1__sec_2"),  # Simplified query on the Traditional site
        ("zh-Hant", "加強", "2018-npc-decision.html#"),  # jieba's Simplified dictionary alone mis-segments this
        ("zh-Hans", "一网通办", "2023-peoples-daily.html#"),
        ("zh-Hans", "闽政通", "2024-work-points.html#part_2__sec_4__item_10"),
        ("zh-Hans", "数字中国建设峰会", "2024-work-points.html#part_2__sec_3__item_9"),
        ("zh-Hans", "5G基站", "2023-peoples-daily.html#"),
        ("zh-Hans", "省大数据集团", "2024-work-points.html#part_1__sec_1__item_2"),
        ("zh-Hant", "閩政通", "2024-work-points.html#part_2__sec_4__item_10"),
    ],
)
def test_search(served, page, script, query, expected):
    page.goto(f"{served}/{script}/index.html")
    links = search(page, query)
    assert any(expected in (link or "") for link in links), (query, links[:10])
    requested = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(url.endswith("search/search_index.json") for url in requested)  # Material's index, not Pagefind


# Pagefind (used from 200 documents on) segments Chinese queries more coarsely: a word it does not know, such as
# 基站, is split into characters. These are its known misses on this corpus, kept here so a fix shows up.
@pytest.mark.parametrize(
    ("script", "query", "expected"),
    [
        ("zh-Hans", "数据要素", "2024-work-points.html#part_1__sec_2"),
        ("zh-Hans", "數據要素", "2024-work-points.html#part_1__sec_2"),
        ("zh-Hant", "数据要素", "2024-work-points.html#part_1__sec_2"),
        ("zh-Hant", "加強", "2018-npc-decision.html#"),
        ("zh-Hans", "闽政通", "2024-work-points.html#part_2__sec_4__item_10"),
        ("zh-Hant", "閩政通", "2024-work-points.html#part_2__sec_4__item_10"),
        ("zh-Hans", "一网通办", "2023-peoples-daily.html#"),
        ("zh-Hans", "培育壮大数字产业集群", "2024-work-points.html#part_2__sec_3__item_7"),
        ("zh-Hans", "5G基站", "2023-peoples-daily.html#"),  # 基站 is no word of Intl.Segmenter's: found as written
        ("zh-Hant", "5G基站", "2023-peoples-daily.html#"),
        ("zh-Hans", "数据 要素", "2024-work-points.html#part_1__sec_2"),  # words apart: each anywhere in the page
    ],
)
@pytest.mark.parametrize("parts", [False, True], ids=["one index", "index in parts"])
def test_search_pagefind(request, page, script, query, expected, parts):
    served = request.getfixturevalue("served_pagefind_parts" if parts else "served_pagefind")
    requested: list[str] = []  # Pagefind's worker fetches the index: the page's own resource timing does not list it
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{served}/{script}/index.html")
    links = search(page, query)
    assert any(expected in (link or "") for link in links), (query, links[:10])
    assert not any(url.endswith("search_index.json") for url in requested)  # the whole-corpus index is never loaded
    assert any("/pagefind/" in url for url in requested)
    assert any("/pagefind/part-" in url for url in requested) == parts  # the parts were merged into the search


def test_pagefind_results_read_as_the_text_is_written(served_pagefind, page):
    """Pagefind indexes spaced characters; what the reader sees has no trace of them, and the match is marked."""
    page.goto(f"{served_pagefind}/zh-Hans/index.html")
    search(page, "5G基站")
    shown = page.locator(".md-search-result__list").inner_text()
    assert "\u2009" not in shown and "5G基站" in shown
    marked = page.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent).join('')")
    assert "5G基站" in marked
    # Nor of the headings' permalinks (¶), which are not text
    page.goto(f"{served_pagefind}/zh-Hans/index.html")
    search(page, "一网协同")
    shown = page.locator(".md-search-result__list").inner_text()
    assert "一网协同" in shown and "¶" not in shown, shown[:300]


def test_pagefind_marks_the_query_words_never_single_characters_of_them(served_pagefind, page):
    """Pagefind marks each character of a query it finds (一 and 同 of 一体化协同 for 一网协同); the results mark the
    query as written, in either script, or each word of a query of several words."""
    page.goto(f"{served_pagefind}/zh-Hant/index.html")
    search(page, "一网协同")
    marks = page.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) <= {"一網協同", "一网协同"}, marks
    page.goto(f"{served_pagefind}/zh-Hans/index.html")
    search(page, "数字化、网络化")
    marks = page.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) <= {"数字化、网络化", "數字化、網絡化", "数字化", "网络化", "數字化", "網絡化"}, marks


def test_search_result_opens_the_provision(served, page):
    page.goto(f"{served}/zh-Hans/index.html")
    links = search(page, "培育壮大数字产业集群")
    assert "2024-work-points.html#part_2__sec_3__item_7" in links
    page.locator('a.md-search-result__link[href*="#part_2__sec_3__item_7"]').first.click()
    page.wait_for_url("**/2024-work-points.html*#part_2__sec_3__item_7")
    heading = page.locator("#part_2__sec_3__item_7")
    assert heading.is_visible()
    assert "培育壮大数字产业集群" in heading.inner_text()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


@pytest.mark.parametrize(
    ("start", "target", "hreflang"),
    [
        ("zh-Hans/2024-work-points.html#part_2__sec_3__item_7", "zh-Hant/2024-work-points.html#part_2__sec_3__item_7", "zh-Hant"),
        ("zh-Hant/2018-npc-decision.html#part_2__sec_5", "zh-Hans/2018-npc-decision.html#part_2__sec_5", "zh-Hans"),
    ],
)
def test_script_switch_keeps_the_provision(served, page, start, target, hreflang):
    page.goto(f"{served}/{start}")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.dfl-script-switch[hreflang="{hreflang}"]').click()
    page.wait_for_url(f"**/{target}")
    assert page.evaluate("document.documentElement.lang") == hreflang
    assert page.locator(f"#{target.split('#')[1]}").is_visible()


def test_copy_citation_control(served, page):
    page.goto(f"{served}/zh-Hans/2024-work-points.html")
    button = page.locator("#part_2__sec_3__item_7 > button.dfl-cite")
    assert button.inner_text() == "复制引用"
    # The name begins with the words shown (label in name); the citation gives the issuing body, title and date.
    assert button.get_attribute("aria-label") == "复制引用：福建省数字福建建设领导小组《2024年数字福建工作要点》（2024年4月30日）二（三）7"
    page.goto(f"{served}/zh-Hant/2024-work-points.html")
    assert page.locator("#part_2__sec_3__item_7 > button.dfl-cite").inner_text() == "複製引用"


@pytest.mark.parametrize(
    "path",
    [
        "zh-Hans/index.html",
        "zh-Hans/2024-work-points.html",
        "zh-Hant/2018-npc-decision.html",
        "zh-Hans/concordance.html",
        "zh-Hant/units.html",
        "zh-Hans/glossary.html",
        "zh-Hans/timeline.html",
        "zh-Hant/print.html",
        "zh-Hans/about.html",
        "zh-Hant/themes.html",
        "zh-Hans/conversion-review.html",
        "index.html",
        "404.html",
        "search",
    ],
)
def test_accessibility(served, page, path):
    from axe_playwright_python.sync_playwright import Axe

    if path == "search":
        page.goto(f"{served}/zh-Hans/index.html")
        search(page, "数据要素")
        # Material's results fade in and shade the one under the pointer: axe reads colours once they have settled
        page.mouse.move(0, 0)
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    else:
        page.goto(f"{served}/{path}")
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built / "download" / ZIP_NAME) as archive:
        archive.extractall(target)
    return target / ZIP_DIR


def test_offline_pages_links_and_switch(unpacked, page):
    page.goto((unpacked / "index.html").as_uri())
    page.wait_for_url("**/zh-*/index.html")
    page.goto((unpacked / "zh-Hans" / "index.html").as_uri())
    page.locator("table.dfl-documents a[href='2024-work-points.html']").click()
    page.wait_for_url("**/zh-Hans/2024-work-points.html")
    assert page.locator("#part_2__sec_3__item_7").is_visible()
    page.goto((unpacked / "zh-Hans" / "2024-work-points.html").as_uri() + "#part_1__sec_2__item_4")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.dfl-script-switch[hreflang="zh-Hant"]').click()
    page.wait_for_url("**/zh-Hant/2024-work-points.html#part_1__sec_2__item_4")
    assert "數據" in page.locator("#part_1__sec_2__item_4").inner_text()


@pytest.mark.parametrize(("script", "query"), [("zh-Hans", "數據要素"), ("zh-Hant", "数据要素")])
def test_offline_search(unpacked, page, script, query):
    page.goto((unpacked / script / "index.html").as_uri())
    links = search(page, query)
    assert any("2024-work-points.html#part_1__sec_2" in (link or "") for link in links), links[:10]


def test_cross_links_land_on_their_anchors(served, page):
    page.goto(f"{served}/zh-Hans/2024-work-points.html#part_1__sec_2__item_4")
    panel = page.locator('aside.dfl-related[aria-label$="一（二）4"]')
    link = panel.locator('a[href="2018-npc-decision.html#part_2__sec_5"]')
    assert "2018《关于进一步推进数字福建建设的决定》二（五） 积极释放数据红利" in link.inner_text()
    link.click()
    page.wait_for_url("**/zh-Hans/2018-npc-decision.html#part_2__sec_5")
    assert page.locator("#part_2__sec_5").is_visible()
    # and back: the 2018 provision lists the 2024 task
    back = page.locator('aside.dfl-related[aria-label$="二（五）"] a[href="2024-work-points.html#part_1__sec_2__item_4"]')
    assert back.count() == 1


def test_glossary_term_explained_on_hover(served, page):
    page.goto(f"{served}/zh-Hant/2024-work-points.html")
    term = page.locator("#part_2__sec_4__item_10").locator("xpath=following-sibling::p[1]").locator("a.dfl-term").first
    assert term.inner_text() == "閩政通"
    assert "福建省政務服務移動應用" in (term.get_attribute("title") or "")
    term.click()
    page.wait_for_url("**/zh-Hant/glossary.html#term-minzhengtong")


def test_download_link_states_the_zip_size(served, built, page):
    """The size comes from download/size.js, written once the zip exists; the served page shows it in its footer."""
    size = f"{(built / 'download' / ZIP_NAME).stat().st_size / 1_000_000:.1f} MB"
    page.goto(f"{served}/zh-Hant/index.html")
    assert page.locator("a.dfl-offline-link").inner_text() == f"下載離線版（{size}）"


def test_offline_copy_links_to_nothing_it_does_not_hold(unpacked, page):
    """The copy has no download/ (it is the download): no page offers the zip or loads size.js, and every link and
    script of every page of the copy leads to a file inside it."""
    page.goto((unpacked / "zh-Hans" / "index.html").as_uri())
    assert page.locator("a.dfl-offline-link").count() == 0
    missing = []
    for html in sorted(unpacked.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#?:]+)(?:[#?][^"]*)?"', text):
            if not (html.parent / target).resolve().exists():
                missing.append(f"{html.relative_to(unpacked)} → {target}")
    assert missing == []


# First results right of the 65 queries a reader wrote by reading the seeds (tests/search/queries.yml), on the hosted
# site's Pagefind search; README.md gives the figures, benchmarks/search_quality.py the misses. A floor, not the goal.
SEARCH_QUALITY_FLOOR = 64


def test_search_answers_the_readers_queries(served_pagefind, page):
    from benchmarks.search_quality import first_result, queries

    wanted = queries()
    right = [q["query"] for q in wanted if first_result(page, served_pagefind, q) == q["expect"]]
    assert len(wanted) >= 40 and len(right) >= SEARCH_QUALITY_FLOOR, f"{len(right)} of {len(wanted)} right"


# The same queries asked of the offline copy, opened from file:// (MiniSearch over its passages, search.offline_index).
OFFLINE_SEARCH_QUALITY_FLOOR = 64


def test_offline_search_answers_the_readers_queries(unpacked, page):
    from benchmarks.search_quality import first_result, queries

    wanted = queries()
    right = [q["query"] for q in wanted if first_result(page, unpacked.as_uri(), q) == q["expect"]]
    assert len(right) >= OFFLINE_SEARCH_QUALITY_FLOOR, f"{len(right)} of {len(wanted)} right"


# The same on 30 held-out queries written from five corpus documents after the ranking rules were (a law, a Taiwan law,
# a work report, a work-points page, a 预案), asked on a site of those and the seeds: README.md gives the figure.
HELDOUT_FLOOR = 30


@pytest.fixture(scope="module")
def served_heldout(tmp_path_factory):
    from benchmarks.search_quality import heldout_project

    root = heldout_project(tmp_path_factory.mktemp("heldout") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DFL_HOSTED_SEARCH", "pagefind")
        report = build(root, offline_zip=True)
    assert report.site_dir is not None
    copy = tmp_path_factory.mktemp("heldout-offline")
    with zipfile.ZipFile(report.site_dir / "download" / ZIP_NAME) as archive:
        archive.extractall(copy)
    with _serve(report.site_dir) as url:
        yield {"hosted": url, "offline": (copy / ZIP_DIR).as_uri()}, {d.id: d for d in report.documents}


@pytest.mark.parametrize("where", ["hosted", "offline"])
def test_search_answers_queries_written_from_documents_it_was_not_tuned_to(served_heldout, page, where):
    from benchmarks.search_quality import answered, first_result, heldout_queries

    urls, documents = served_heldout
    wanted = heldout_queries(documents)
    right = [q["query"] for q in wanted if answered(q, first_result(page, urls[where], q))]
    assert len(wanted) >= 30 and len(right) >= HELDOUT_FLOOR, f"{len(right)} of {len(wanted)} right"


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_a_phone_reader_sees_text_on_the_first_screen(served, browser, documents, script):
    """At 390 × 844 px every document page shows its first provision on the first screen: the text comes first."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    below = {}
    for doc_id in sorted(documents):
        tab.goto(f"{served}/{script}/{doc_id}.html")
        top = tab.evaluate("document.querySelector('.dfl-provision, .dfl-para').getBoundingClientRect().top")
        if top > 844 - 40:  # at least a line of it
            below[doc_id] = top
    context.close()
    assert below == {}
