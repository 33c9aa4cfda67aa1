"""Issue 20: documents go in as they arrive. Every corpus document (laws from legal-text collections, government web
pages as browsers save them, Markdown mirrors, crawler dumps) dropped into seeds/ of a scratch project, each with
the sidecar a maintainer writes, builds with no conversion decision and no edit; the build names every doubt as
`file:line`; the pages show none of the web pages' chrome."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from build_tools.__main__ import main
from build_tools.build import BuildReport, build
from build_tools.model import BuildError
from build_tools.project import load_project
from build_tools.read import SEED_SUFFIXES
from tests import corpus_check
from tests.conftest import _serve, copy_project

# What government pages print around a document (navigation, widgets, footers): never a reader's text.
CHROME = (
    "扫一扫在手机打开当前页",
    "打印本页",
    "关闭窗口",
    "关闭本页",
    "分享到",
    "网站地图",
    "版权所有",
    "ICP备",
    "网站标识码",
    "公网安备",
    "当前位置",
    "微信 微博",
    "附件下载",
    "浏览次数",
    "访问量",
    "关联稿件",
    "H5解读",
    "页面链接与图片详见",
    "====",
)
# The reader's text of a page: its provisions (headings, paragraphs, the covering notice), not the cleaning log or
# the metadata table, which quote what was removed.
PROVISION = re.compile(r"<(h[1-6]|p)\b[^>]*class=\"[^\"]*(?:dfl-provision|dfl-text|dfl-body-title)[^\"]*\"[^>]*>(.*?)</\1>", re.S)


@pytest.fixture(scope="module")
def arrived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    root = copy_project(tmp_path_factory.mktemp("arrival") / "project")
    for path in sorted(corpus_check.CORPUS.iterdir()):
        if path.name != "README.md" and (path.suffix in SEED_SUFFIXES or (path.suffix == ".yml" and "." not in path.stem)):
            shutil.copyfile(path, root / "seeds" / path.name)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1700000000")
        report = build(root, offline_zip=False)
    return root, report


def reader_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(2))) for match in PROVISION.finditer(page))


def test_every_corpus_document_builds_without_a_decision_or_an_edit(arrived):
    _, report = arrived
    assert report.site_dir is not None
    ids = {d.id for d in report.documents}
    assert set(corpus_check.IDS) <= ids
    for doc_id in corpus_check.IDS:
        for script in ("zh-Hans", "zh-Hant"):
            assert (report.site_dir / script / f"{doc_id}.html").is_file(), (doc_id, script)


def test_the_build_names_every_doubt_by_file_and_line(arrived):
    root, report = arrived
    conversion = [w for w in report.warnings if w.message.startswith("conversion:")]
    assert conversion, "the corpus has undecided conversions: they are published marked, and listed"
    assert all(w.path.startswith("seeds/") for w in conversion)
    # Each place in the text is named by its line; metadata lifted from a page's chrome has no line of its own.
    in_text = [w for w in conversion if not w.path.endswith(".yml")]
    assert sum(1 for w in in_text if w.line > 0) >= len(in_text) - sum(len(d.meta.found) for d in report.documents)
    flattened = {w.path for w in report.warnings if "a crawler's copy" in w.message}
    crawled = {
        doc_id for doc_id in corpus_check.IDS if doc_id.startswith("page-fj-pingtan") and (corpus_check.CORPUS / f"{doc_id}.txt").exists()
    }
    assert crawled and {f"seeds/{doc_id}.txt" for doc_id in crawled} <= flattened  # the crawler's text copies, one line each
    review = (report.site_dir / "zh-Hant" / "conversion-review.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<tr><td><a href=", review)) == sum(1 for w in conversion if _converted_into(root, w.path, "zh-Hant"))


def _converted_into(root: Path, seed: str, script: str) -> bool:
    sidecar = (root / seed).with_suffix(".yml").read_text(encoding="utf-8")
    return f"original_script: {script}" not in sidecar


def test_no_page_shows_the_web_pages_chrome(arrived):
    _, report = arrived
    assert report.site_dir is not None
    offenders = []
    for doc_id in corpus_check.IDS:
        for script in ("zh-Hans", "zh-Hant"):
            text = reader_text((report.site_dir / script / f"{doc_id}.html").read_text(encoding="utf-8"))
            assert text, (doc_id, script)
            offenders += [f"{script}/{doc_id}: {word}" for word in CHROME if word in text]
    assert offenders == []


def test_strict_fails_on_the_same_doubts_and_leaves_the_site(arrived, capsys):
    root, report = arrived
    assert report.site_dir is not None
    before = sorted(p.name for p in report.site_dir.iterdir())
    assert main(["check", "--strict"], root) == 1
    err = capsys.readouterr().err
    assert "(--strict: warnings fail the build)" in err and "Build failed" in err
    with pytest.raises(BuildError):
        build(root, offline_zip=False, strict=True)
    assert sorted(p.name for p in report.site_dir.iterdir()) == before
    assert len(load_project(root, suggestions=False).warnings()) == len(report.warnings)


def test_an_undecided_conversion_is_marked_where_it_stands(arrived, browser):
    """In Chromium: the mark is quiet (no box, no colour of its own), takes the keyboard's focus, and then shows both
    readings beside the character; the title gives them on hover."""
    _, report = arrived
    assert report.site_dir is not None
    with _serve(report.site_dir) as url:
        marked = next(
            doc_id
            for doc_id in corpus_check.IDS
            if 'class="dfl-doubt"' in (report.site_dir / "zh-Hant" / f"{doc_id}.html").read_text(encoding="utf-8")
        )
        tab = browser.new_page()
        try:
            tab.goto(f"{url}/zh-Hant/{marked}.html")
            doubt = tab.locator("span.dfl-doubt").first
            title = doubt.get_attribute("title") or ""
            assert title.startswith("轉換待審：此處作「") and "另一讀法「" in title
            assert "處用字待審（虛線標出）" in tab.locator("p.dfl-byline").inner_text()  # said under the title
            assert "處兩種轉換用字不同" in (tab.locator("p.dfl-converted").text_content() or "")  # and in 關於本文本
            doubt.focus()
            shown = tab.evaluate("e => getComputedStyle(e, '::after').content", doubt.element_handle())
            assert "另一讀法" in shown
            assert tab.evaluate("e => getComputedStyle(e).backgroundColor", doubt.element_handle()) == "rgba(0, 0, 0, 0)"
        finally:
            tab.close()
