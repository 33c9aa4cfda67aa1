"""No dead link, as LinkChecker (the well-kept link checker, from PyPI) finds them: over HTTP on the site as it is
published (Pagefind's search, the root's landing and 404 pages, both scripts, the data exports), and over file:// in
the offline copy unzipped, where each link's #anchor is checked too (LinkChecker's AnchorCheck plugin): a citation
opens its provision."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from build_tools.offline import ZIP_NAME

from .conftest import _QuietHandler, _serve

LINKCHECKER = Path(sys.executable).parent / "linkchecker"


class _LinkCheckerWelcome(_QuietHandler):
    """A local server that tells LinkChecker it may ask fast (it waits 0.1 to 0.6 s between two requests to one host
    unless the host answers with a LinkChecker header)."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "welcome")
        super().end_headers()


def _check(url: str, anchors: bool, *options: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as settings:
        config = Path(settings) / "linkcheckerrc"
        # A local server owes no politeness: as many requests a second as it answers (with its LinkChecker header)
        config.write_text("[checking]\nmaxrequestspersecond=1000\n" + ("[AnchorCheck]\n" if anchors else ""), encoding="utf-8")
        os.chmod(settings, 0o755)
        command = [str(LINKCHECKER), "--config", str(config), "--no-status", "--output", "text", *options, url]
        return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def _clean(run: subprocess.CompletedProcess[str]) -> bool:
    """No error and no warning: an #anchor a page lacks is a warning to LinkChecker, and a dead link to a reader."""
    return run.returncode == 0 and "0 warnings found." in run.stdout and "0 errors found." in run.stdout


def _errors(run: subprocess.CompletedProcess[str]) -> str:
    """LinkChecker's report of what failed: each failing URL with its parent and result."""
    return run.stdout.split("Start checking at", 1)[-1]


def test_the_published_site_has_no_dead_link(built_pagefind: Path):
    with _serve(built_pagefind, _LinkCheckerWelcome) as url:
        run = _check(f"{url}/index.html", anchors=False)
    assert _clean(run), _errors(run) + run.stderr
    checked = int(run.stdout.rsplit(" links in ", 1)[0].rsplit("\n", 1)[-1].split()[-1])
    assert checked >= 80  # the landing page, both scripts' pages and what they link, not the first page alone


def test_the_offline_copy_has_no_dead_link_or_anchor(built: Path):
    """Every link of every page; and every #anchor the Simplified pages link, the root's and the print edition's
    included (the Traditional pages carry the same IDs from the same templates: their anchors would double the time)."""
    # LinkChecker run as root (CI) reads files as nobody: the copy is unpacked where anyone may read it.
    unpacked = Path(tempfile.mkdtemp(prefix="dfl-offline-"))
    try:
        os.chmod(unpacked, 0o755)
        with zipfile.ZipFile(built / "download" / ZIP_NAME) as archive:
            archive.extractall(unpacked)
        (index,) = unpacked.glob("*/index.html")
        links = _check(index.as_uri(), anchors=False)
        anchors = _check(index.as_uri(), True, "--no-follow-url", "/zh-Hant/")
    finally:
        shutil.rmtree(unpacked)
    for run, least in ((links, 150), (anchors, 300)):
        assert _clean(run), _errors(run) + run.stderr
        checked = int(run.stdout.rsplit(" links in ", 1)[0].rsplit("\n", 1)[-1].split()[-1])
        assert checked >= least  # every page of both scripts (with the Simplified pages' anchors), not the first alone


@pytest.fixture(autouse=True)
def _linkchecker_installed():
    if not LINKCHECKER.is_file():
        pytest.fail(f"{LINKCHECKER} is missing: it is in requirements-dev.txt (pip install -r requirements-dev.txt)")
