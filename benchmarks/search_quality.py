"""First-result accuracy of the site's search on the query set a reader wrote (tests/search/queries.yml): each query
typed into the search box of a built site in headless Chromium, the first result's page and passage compared with
the passage the reader expects first.

    python benchmarks/search_quality.py <site folder> [<site folder> …]
    python benchmarks/search_quality.py --heldout
    python benchmarks/search_quality.py --offline <site folder> | --offline --heldout

Prints, per site, the share of queries answered right first and the misses. --heldout builds a site of the seeds and
five corpus documents (HELDOUT_DOCUMENTS) and asks the held-out queries written from those (tests/search/heldout.yml).
--offline asks them of the site's offline download instead, unpacked and opened from file://.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, _serve, type_query  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries.yml"
HELDOUT = ROOT / "tests" / "search" / "heldout.yml"
# The corpus documents of the held-out queries: a law, a Taiwan law, a work report, a work-points page, a 预案.
HELDOUT_DOCUMENTS = (
    "cn-data-security-law",
    "tw-cyber-security-management-act",
    "doc-zhengfu-gongzuo-baogao-2024",
    "page-fj-junshan-senlin-fanghuo-yaodian-2023",
    "page-md-sh-chongming-ranqi-yuan-2023",
)


def first_result(page, url: str, query: dict) -> str:
    """The first passage a query opens (page#anchor), typed into the search box of its site's home page."""
    page.goto(f"{url}/{query['site']}/index.html")
    type_query(page, str(query["query"]))
    # The first passage: the first result nested under the first page, else that page.
    items = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(i => Array.from(i.querySelectorAll('a.md-search-result__link')).map(a => a.href))"
    )
    first = (items[0][1] if len(items[0]) > 1 else items[0][0]) if items and items[0] else ""
    parsed = urlparse(first)
    return parsed.path.rsplit("/", 1)[-1] + ("#" + parsed.fragment if parsed.fragment else "")


def queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def heldout_project(target: Path) -> Path:
    """A copy of the project with the held-out queries' corpus documents among its seeds."""
    from tests.conftest import copy_project

    root = copy_project(target)
    corpus = ROOT / "tests" / "corpus"
    for name in HELDOUT_DOCUMENTS:
        for path in corpus.glob(f"{name}.*"):
            if path.suffix in (".txt", ".md", ".yml") and not path.name.endswith((".outline.yml", ".references.yml")):
                shutil.copyfile(path, root / "seeds" / path.name)
    return root


def heldout_queries(site_documents: dict) -> list[dict]:
    """The held-out queries with their expected anchor (expect), found from the document and label they name; a
    passage inside the labelled provision (a 款 of an article) answers it too (within)."""
    found = []
    for query in queries(HELDOUT):
        document = site_documents[query["document"]]
        matches = [p for p in document.walk() if p.label == query["label"]]
        assert len(matches) == 1, f"{query['document']}: {len(matches)} provisions labelled {query['label']!r}"
        found.append({**query, "expect": f"{document.id}.html#{matches[0].id}", "within": True})
    return found


def answered(query: dict, result: str) -> bool:
    """Whether the first result is the expected passage (or, for a query that allows it, a passage inside it)."""
    return result == query["expect"] or (bool(query.get("within")) and result.startswith(query["expect"] + "__"))


@contextlib.contextmanager
def _opened(site: Path, offline: bool, scratch: Path) -> Iterator[str]:
    """The site's address: served over HTTP, or its offline download unpacked and opened from file://."""
    if not offline:
        with _serve(site) as url:
            yield url
        return
    from build_tools.offline import ZIP_DIR, ZIP_NAME

    target = Path(tempfile.mkdtemp(dir=scratch))
    with zipfile.ZipFile(site / "download" / ZIP_NAME) as archive:
        archive.extractall(target)
    yield (target / ZIP_DIR).as_uri()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", type=Path)
    parser.add_argument("--heldout", action="store_true", help="build the held-out site and ask its queries")
    parser.add_argument("--offline", action="store_true", help="ask the offline download, from file://")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs: list[tuple[Path, list[dict]]] = [(site, queries()) for site in args.sites]
    scratch = tempfile.TemporaryDirectory()
    if args.heldout:
        from build_tools.build import build

        os.environ["DFL_HOSTED_SEARCH"] = "pagefind"
        report = build(heldout_project(Path(scratch.name) / "project"), offline_zip=args.offline)
        assert report.site_dir is not None
        runs.append((report.site_dir, heldout_queries({d.id: d for d in report.documents})))
    with sync_playwright() as playwright, scratch:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        for site, wanted in runs:
            with _opened(site, args.offline, Path(scratch.name)) as url:
                page = browser.new_page()
                got = [first_result(page, url, query) for query in wanted]
                page.close()
            right = sum(1 for q, g in zip(wanted, got, strict=True) if answered(q, g))
            print(f"{site}: {right}/{len(wanted)} first results right")
            for query, result in zip(wanted, got, strict=True):
                if not answered(query, result):
                    print(f"  {query['site']} {query['query']!r}: expected {query['expect']}, got {result or '(nothing)'}")
        browser.close()


if __name__ == "__main__":
    main()
