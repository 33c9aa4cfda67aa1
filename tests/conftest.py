"""Shared fixtures: the real corpus, throwaway projects for bad input, one real build, a loopback server and Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.build import build
from build_tools.convert import Converter
from build_tools.model import BuildError, Document
from build_tools.project import gather, gather_curation

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PROJECT_FILES = ("mkdocs.yml", "mkdocs.zh-Hant.yml", "curation", "docs", "templates", "seeds")
CHROMIUM = Path(os.environ.get("DFL_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def corpus() -> tuple[Converter, list[Document]]:
    converter, documents, _ = gather(ROOT)
    return converter, documents


@pytest.fixture(scope="session")
def converter(corpus: tuple[Converter, list[Document]]) -> Converter:
    return corpus[0]


@pytest.fixture(scope="session")
def documents(corpus: tuple[Converter, list[Document]]) -> dict[str, Document]:
    return {document.id: document for document in corpus[1]}


def copy_project(target: Path, seeds: bool = True) -> Path:
    """A copy of the project's inputs (not its outputs) in target, to build or break without touching the repo."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if name == "seeds" and not seeds:
            (target / "seeds").mkdir()
        elif source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    return target


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write each file (text as UTF-8, bytes as they are); None deletes it."""
    for relative, content in files.items():
        path = root / relative
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path):
    """make(files={"seeds/x.txt": b"…" or "…"}) → a project root with the real curation and templates but only these seeds."""

    made: list[Path] = []

    def make(files: dict[str, str | bytes], keep_seeds: bool = False) -> Path:
        root = copy_project(tmp_path / f"project{len(made)}", seeds=keep_seeds)
        made.append(root)
        write_files(root, files)
        return root

    return make


# As CI, with Material's search on the hosted pages too: the offline copy searches with it, and these tests drive it
# over HTTP; the published default, Pagefind, is `built_pagefind`.
BUILT_WITH = {
    "SOURCE_DATE_EPOCH": "1700000000",
    "DFL_REPO_URL": "https://github.com/example/digital-fujian-policy-library",
    "DFL_HOSTED_SEARCH": "material",
}


def _build_copy(target: Path, offline_zip: bool | None = None, **env: str) -> Path:
    """A build of a copy of the project, with the settings CI gives it; the environment is restored after, so that
    no test depends on another having built first. The offline zip is made for the build with CI's settings alone,
    unless told."""
    root = copy_project(target / "project")
    settings = {**BUILT_WITH, **env}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in settings.items():
            patch.setenv(key, value)
        report = build(root, offline_zip=not env if offline_zip is None else offline_zip)
    assert report.site_dir is not None
    return report.site_dir


def require_shared(path: Path) -> None:
    """A test that reads ../shared/ (OpenCC's own test cases) skips without it on a developer's machine, and fails in
    CI (or with DFL_REQUIRE_SHARED=1), where shared/ is always laid beside the clone: never a silent skip there."""
    if path.exists():
        return
    if os.environ.get("DFL_REQUIRE_SHARED") == "1" or os.environ.get("CI") == "true":
        pytest.fail(f"{path} not found; CI lays shared/ beside the project, so it must be there.")
    pytest.skip(f"{path} not found (it sits beside the project in ../shared/); set DFL_REQUIRE_SHARED=1 to fail instead.")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the real corpus (both scripts, exports, zip) in a copy of the project; returns site/."""
    return _build_copy(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def built_pagefind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus with the hosted site searching through Pagefind and its offline zip, as it is published."""
    return _build_copy(tmp_path_factory.mktemp("build-pagefind"), offline_zip=True, DFL_HOSTED_SEARCH="pagefind")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(built: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a random free port)."""
    with _serve(built) as url:
        yield url


@pytest.fixture(scope="session")
def served_pagefind(built_pagefind: Path) -> Iterator[str]:
    with _serve(built_pagefind) as url:
        yield url


@pytest.fixture(scope="session")
def served_pagefind_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site searching through Pagefind with its index in parts of 10 pages, merged in the browser, as a library
    of more than a thousand documents is indexed (build_tools/search.py, PAGEFIND_PART)."""
    site = _build_copy(tmp_path_factory.mktemp("build-pagefind-parts"), DFL_HOSTED_SEARCH="pagefind", DFL_PAGEFIND_PART="10")
    with _serve(site) as url:
        yield url


def type_query(page, query: str) -> None:
    """Type a query into the site's search box (Material's, or Pagefind's behind it) and wait for the results."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material's worker reacts to key events
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d|没有|沒有/.test(m.textContent) }",  # a count, or 'no results': not the prompt
        timeout=20000,
    )


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright. Missing Chromium skips, unless in CI (or DFL_REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        if os.environ.get("DFL_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package (see .ci/run).")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); set DFL_REQUIRE_BROWSER=1 to fail instead.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


# A one-seed project whose curation refers to nothing else: for tests of single inputs (hostile, untrusted).
SIDECAR = "title: 测试文件\ndate: 2024-01-02\nkind: notice\nsource: 测试\noriginal_script: zh-Hans\n"
TEXT = "测试文件\n一、总则\n这是第一段。这是正文。\n二、附则\n本通知自发布之日起施行。\n"

BARE = {
    "curation/crosswalk.yml": "themes: {}\nlinks: []\n",
    "curation/glossary.yml": "terms: []\n",
    "curation/timeline.yml": "events: []\n",
    "curation/aliases.yml": "{}\n",
}


def bare_project(target: Path, files: dict[str, str | bytes | None]) -> Path:
    """A project with the real templates, only these seeds, and curation that refers to no document."""
    root = copy_project(target, seeds=False)
    for note in (root / "curation" / "annotations").glob("*.yml"):
        note.unlink()
    write_files(root, {**BARE, **files})
    return root


@pytest.fixture
def bare(tmp_path: Path):
    """make(files) → a project with one seed, test.txt, and curation that refers to nothing else (plus these files)."""
    made: list[Path] = []

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        root = bare_project(tmp_path / f"bare{len(made)}", {"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR})
        write_files(root, files or {})  # after the test seed, which a file of None removes
        made.append(root)
        return root

    return make


def problems_of(root: Path, curation: bool = True) -> list[str]:
    with pytest.raises(BuildError) as caught:
        converter, documents, _ = gather(root)
        if curation:
            gather_curation(root, documents, converter)
    return [str(p) for p in caught.value.problems]
