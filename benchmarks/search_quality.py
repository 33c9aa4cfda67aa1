"""First-result accuracy of the site's search on the query set a reader wrote (tests/search/queries.yml): each query
typed into the search box of a built site in headless Chromium, the first result's page and passage compared with
the passage the reader expects first.

    python benchmarks/search_quality.py <site folder> [<site folder> …]

Prints, per site, the share of queries answered right first and the misses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, _serve, type_query  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries.yml"


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


def queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    wanted = queries()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        for site in args.sites:
            with _serve(site) as url:
                page = browser.new_page()
                got = [first_result(page, url, query) for query in wanted]
                page.close()
            right = sum(1 for q, g in zip(wanted, got, strict=True) if g == q["expect"])
            print(f"{site}: {right}/{len(wanted)} first results right")
            for query, result in zip(wanted, got, strict=True):
                if result != query["expect"]:
                    print(f"  {query['site']} {query['query']!r}: expected {query['expect']}, got {result or '(nothing)'}")
        browser.close()


if __name__ == "__main__":
    main()
