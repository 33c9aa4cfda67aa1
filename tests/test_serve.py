"""`serve` as an editor uses it, in a real Chromium: a mistake in an edited file shows its file:line message over the
page (the terminal alone is easy to miss), and goes when the file is mended; an edit that changes every page shows on
the page the browser has open first, and the rest of the site follows in the background."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.generate import generate

from .conftest import ROOT, copy_project

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    """`python -m build_tools serve` in root: (its address, the process, the file its output goes to)."""
    shutil.copytree(ROOT / "build_tools", root / "build_tools")  # `python -m build_tools` serves the tree it is in
    port = _free_port()
    log = root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", "--address", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        address = f"http://127.0.0.1:{port}"
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(address + "/index.html", timeout=1)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail(f"serve did not start: {log.read_text(encoding='utf-8')}")
                time.sleep(0.3)
        yield address, server, log
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_failed_rebuild_shows_its_message_in_the_browser(tmp_path, browser):
    root = copy_project(tmp_path / "project")
    with serving(root) as (address, _, _):
        url = f"{address}/2024-work-points.html"
        page = browser.new_page()
        page.goto(url)
        assert page.locator(".dfl-preview-errors").count() == 0
        crosswalk = root / "curation" / "crosswalk.yml"
        good = crosswalk.read_text(encoding="utf-8")
        crosswalk.write_text(good.replace("themes:", "themes: [", 1), encoding="utf-8")
        page.wait_for_selector(".dfl-preview-errors", timeout=30000)  # livereload reloads the page after the rebuild
        shown = page.locator(".dfl-preview-errors").inner_text()
        assert "curation/crosswalk.yml:" in shown and "重建失败" in shown
        crosswalk.write_text(good, encoding="utf-8")
        page.wait_for_function("() => !document.querySelector('.dfl-preview-errors')", timeout=30000)
        page.close()


def _wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            pytest.fail(f"{what} did not happen in {seconds} s; the server said:\n{log.read_text(encoding='utf-8')[-3000:]}")
        time.sleep(0.1)


@pytest.mark.parametrize("edited", ["templates/pages/document.md.j2", "templates/theme/main.html"])
def test_an_edit_of_every_page_shows_on_the_open_page_first(tmp_path, browser, edited):
    """A template edit renders every page again: the page open in the browser is rendered and reloaded first (with
    its 30 documents' pages, the others are more than the preview renders at once), the others follow, and the site
    ends as a full rebuild leaves it."""
    root = copy_project(tmp_path / "project")
    generate(root / "seeds", 30)
    with serving(root) as (address, _, log):
        page = browser.new_page()
        page.goto(f"{address}/2023-peoples-daily.html")
        template = root / edited
        marker = "预览先渲染此页"
        text = template.read_text(encoding="utf-8")
        edit = (
            text + f"\n<!-- {marker} -->\n"
            if edited.endswith(".j2")
            else text.replace("{% block extrahead %}", "{% block extrahead %}<!-- " + marker + " -->", 1)
        )
        assert edit != text
        started = log.read_text(encoding="utf-8")
        template.write_text(edit, encoding="utf-8")
        page.wait_for_function(f"() => document.documentElement.outerHTML.includes('{marker}')", timeout=60000)
        said = log.read_text(encoding="utf-8")[len(started) :]
        assert "Rendering the other" in said, said  # the open page came first, the rest is left for the background
        _wait_for(lambda: "Rendered the other" in log.read_text(encoding="utf-8"), 120, "the rest of the site", log)
        docs = root / "build" / "docs" / "zh-Hans"
        documents = {seed.stem for seed in (root / "seeds").iterdir()}
        # the document template writes every document page; the theme, every page
        shows = [p for p in docs.rglob("*.md") if edited.endswith(".html") or p.stem in documents]
        assert len(shows) >= 30
        for markdown in shows:
            relative = markdown.relative_to(docs).with_suffix(".html").as_posix()
            html = urllib.request.urlopen(f"{address}/{urllib.parse.quote(relative)}", timeout=10).read().decode("utf-8")
            assert marker in html, relative
        page.close()
