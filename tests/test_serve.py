"""`serve` as an editor uses it, in a real Chromium: a mistake in an edited file shows its file:line message over the
page (the terminal alone is easy to miss), and goes when the file is mended."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT, copy_project

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failed_rebuild_shows_its_message_in_the_browser(tmp_path, browser):
    root = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "build_tools", root / "build_tools")  # `python -m build_tools` serves the tree it is in
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve", "--address", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/2024-work-points.html"
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail(f"serve did not start: {server.stdout.read() if server.poll() is not None else ''}")
                time.sleep(0.3)
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
    finally:
        server.terminate()
        server.wait(timeout=10)
