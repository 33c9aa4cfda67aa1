"""Benchmark the whole build and the site at several corpus sizes; writes benchmarks/results.json.

    python benchmarks/run.py                     # 5, 100, 500, 1000 documents
    python benchmarks/run.py --sizes 5,100       # quicker

For each size it builds a synthetic corpus (benchmarks/generate.py) in a scratch copy of the project and reports:
the wall time of each stage, peak memory, bare Material building the same generated Markdown (the ratio holds on
a noisy machine), site and zip size, HTML per page and the part of it that is navigation, the search payload a
browser downloads, and, in headless Chromium against the site served on 127.0.0.1, the time from typing a query
to the first result and the browser's memory.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import scratch_project  # noqa: E402
from benchmarks.memory import measured_build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


BARE_CONFIG = """site_name: bare
docs_dir: {docs}
site_dir: {site}
use_directory_urls: false
theme:
  name: material
plugins:
  - search
"""


def _bare_material(project: Path, scratch: Path) -> float:
    """Stock Material (search plugin included, jieba installed) building the same generated Markdown, both scripts."""
    seconds = 0.0
    for script in ("zh-Hans", "zh-Hant"):
        config = scratch / f"bare-{script}.yml"
        docs, site = project / "build" / "docs" / script, scratch / "bare-site" / script
        config.write_text(BARE_CONFIG.format(docs=docs, site=site), encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=scratch, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        seconds += time.perf_counter() - start
    return seconds


def _element(html: str, opening: str, tag: str) -> str:
    """The element that starts with `opening`, up to its matching closing tag (nested ones counted)."""
    start = html.find(opening)
    if start < 0:
        return ""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}[\s>]", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    return html[start:]


def _sizes(site: Path) -> dict[str, object]:
    pages = [p for p in (site / "zh-Hans").glob("*.html") if p.name not in ("404.html", "print.html")]
    sizes = sorted(p.stat().st_size for p in pages)
    nav = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # The site navigation: the primary sidebar, without the page's own table of contents integrated into it.
        start, end = text.find('<nav class="md-nav md-nav--primary'), text.find('<div class="md-content"')
        sidebar = text[start:end] if 0 <= start < end else ""
        nav.append(len(sidebar.encode()) - len(_element(sidebar, '<nav class="md-nav md-nav--secondary"', "nav").encode()))
    zip_path = site / "download" / "digital-fujian-policy-library.zip"
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p != zip_path)
    index = site / "zh-Hans" / "search" / "search_index.json"
    return {
        "pages_zh_hans": len(pages),
        "site_mb": round(total / 1e6, 2),
        "zip_mb": round(zip_path.stat().st_size / 1e6, 2) if zip_path.exists() else None,
        "html_kb_median": round(statistics.median(sizes) / 1000, 1),
        "html_kb_max": round(sizes[-1] / 1000, 1),
        "pages_over_60kb": sum(1 for s in sizes if s > 60_000),
        "nav_kb_max": round(max(nav) / 1000, 1),
        # Material's index is published only where it serves the hosted site (DFL_HOSTED_SEARCH=material)
        "material_index_gzip_mb": round(len(gzip.compress(index.read_bytes())) / 1e6, 2) if index.exists() else None,
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _chromium_pss_mb(before: set[int], only: bytes = b"") -> float:
    """Proportional set size of Chromium's processes (those whose command line has `only`): shared pages counted once."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in before:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if b"chrom" not in cmdline or only not in cmdline:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def _chromium_pids() -> set[int]:
    return {int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()}


def _browser(site: Path, query: str = "数据要素") -> dict[str, object]:
    """The hosted site, served on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return _searched(f"http://127.0.0.1:{server.server_address[1]}/zh-Hans/index.html", query)
    finally:
        server.shutdown()


def _browser_offline(site: Path, query: str = "数据要素") -> dict[str, object]:
    """The offline download, unpacked and opened from file:// (its index read whole and indexed in the page)."""
    from build_tools.offline import ZIP_DIR, ZIP_NAME

    with tempfile.TemporaryDirectory() as unpacked:
        with zipfile.ZipFile(site / "download" / ZIP_NAME) as archive:
            archive.extractall(unpacked)
        return _searched((Path(unpacked) / ZIP_DIR / "zh-Hans" / "index.html").as_uri(), query)


def _searched(url: str, query: str) -> dict[str, object]:
    """Chromium opens the page and types the query: the time to the first result, what it read to search, its memory."""
    from playwright.sync_api import sync_playwright

    before = _chromium_pids()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page()
        page.goto("about:blank")
        baseline = _chromium_pss_mb(before)  # Chromium itself: browser, GPU, network and an empty tab
        transferred: list[int] = []

        def read(response: Any) -> None:
            if not any(s in response.url for s in ("/search/", "pagefind", "minisearch")):
                return
            if response.url.startswith("file://"):  # the offline copy: the file it read
                transferred.append(Path(unquote(urlparse(response.url).path)).stat().st_size)
            elif response.ok:
                transferred.append(len(response.body()))

        page.on("response", read)
        page.goto(url)
        page.locator(".md-search__input").click()
        start = time.perf_counter()
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=300_000)
        first_result = time.perf_counter() - start
        memory = _chromium_pss_mb(before)
        renderer = _chromium_pss_mb(before, b"--type=renderer")  # the tab: the page and its search
        session = page.context.new_cdp_session(page)
        session.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
        browser.close()
    return {
        "first_result_s": round(first_result, 2),
        "browser_pss_mb": memory,
        "blank_browser_pss_mb": baseline,
        "search_added_mb": round(memory - baseline, 1),
        "tab_pss_mb": renderer,
        "page_js_heap_mb": round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1),
        "search_download_kb": round(sum(transferred) / 1000, 1),
    }


def run(sizes: list[int], browser: bool) -> list[dict[str, object]]:
    results = []
    for documents in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp)
            project = scratch_project(scratch, documents)
            measured = measured_build(project)
            # The same build again, in a fresh process as an editor runs it: nothing changed, so nothing is done.
            start = time.perf_counter()
            assert measured_build(project)["unchanged"], "the second build did work"
            noop_s = time.perf_counter() - start
            stages = measured["stages"]
            ours = sum(v for k, v in stages.items() if not k.startswith("mkdocs_") and k != "offline_zip")
            bare = _bare_material(project, scratch)
            row: dict[str, object] = {
                "documents": documents,
                "build_s": round(measured["total"], 2),
                "noop_build_s": round(noop_s, 2),
                "stages_s": {k: round(v, 2) for k, v in stages.items()},
                "our_stages_s": round(ours, 2),
                "peak_rss_mb": round(measured["peak_rss_mb"], 1),
                "bare_material_s": round(bare, 2),
                "build_over_bare": round((measured["total"] - stages.get("offline_zip", 0)) / bare, 2),
                "our_stages_over_bare": round(ours / bare, 2),
                "hosted_search": measured["hosted_search"],
                **_sizes(project / "site"),
                "bare_html_kb_max": round(max(p.stat().st_size for p in (scratch / "bare-site" / "zh-Hans").glob("*.html")) / 1000, 1),
            }
            if browser and Path(CHROMIUM).exists():
                row["browser"] = _browser(project / "site")
                row["browser_offline"] = _browser_offline(project / "site")
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,100,500,1000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    results = run([int(s) for s in args.sizes.split(",")], not args.no_browser)
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    machine = {
        "cpus": os.cpu_count(),
        "cpu": next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.processor()),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
    }
    args.out.write_text(json.dumps({"machine": machine, "results": results}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_report(ROOT / "benchmarks" / "README.md", machine, results, " ".join(sys.argv[1:]))


def write_report(path: Path, machine: dict[str, object], results: list[dict[str, object]], arguments: str) -> None:
    """Replace the results section of benchmarks/README.md with this run's table."""

    def row(r: dict[str, object]) -> str:
        stages = r["stages_s"]
        assert isinstance(stages, dict)
        browser = r.get("browser") or {}
        offline = r.get("browser_offline") or {}
        assert isinstance(browser, dict) and isinstance(offline, dict)
        return (
            f"| {r['documents']} | {r['build_s']} | {r.get('noop_build_s', '–')} | {r['our_stages_s']}"
            f" | {stages.get('mkdocs_zh-Hans', 0)} + {stages.get('mkdocs_zh-Hant', 0)}"
            f" | {r['bare_material_s']} | {r.get('build_over_bare', '–')} | {r['our_stages_over_bare']} | {stages.get('offline_zip', '–')}"
            f" | {r['peak_rss_mb']}"
            f" | {r['site_mb']} / {r['zip_mb']} | {r.get('files', '–')}"
            f" | {r['html_kb_median']} / {r['html_kb_max']} ({r['pages_over_60kb']})"
            f" | {r['bare_html_kb_max']} | {r['nav_kb_max']}"
            f" | {r['hosted_search']} | {browser.get('search_download_kb', '–')} | {browser.get('first_result_s', '–')}"
            f" | {browser.get('browser_pss_mb', '–')}"
            f" ({browser.get('blank_browser_pss_mb', '–')} blank, +{browser.get('search_added_mb', '–')})"
            f" | {browser.get('tab_pss_mb', '–')} | {browser.get('page_js_heap_mb', '–')}"
            f" | {offline.get('search_download_kb', '–')} | {offline.get('first_result_s', '–')} | {offline.get('tab_pss_mb', '–')} |"
        )

    table = "\n".join(
        [
            f"Machine: {machine['cpus']} cores ({machine['cpu']}), {machine['memory_gb']} GB, Python {machine['python']}."
            f" Command: `python benchmarks/run.py {arguments}`.",
            "",
            "| documents | build s | no-op build s | our stages s | MkDocs s (Hans + Hant) | bare Material s"
            " | build (no zip) / bare | ours / bare | zip s"
            " | peak MB (PSS, all processes) | site (without the zip) / zip MB | files | HTML KB median / max (pages > 60 KB)"
            " | bare Material's largest page KB | nav KB"
            " | hosted search | search download KB"
            " | first result s | Chromium PSS MB (blank; added) | tab PSS MB | page JS heap MB"
            " | offline copy (file://): search read KB | offline first result s | offline tab PSS MB |",
            "|" + "---|" * 24,
            *(row(r) for r in results),
        ]
    )
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- results -->", "<!-- /results -->"
    path.write_text(text.split(start)[0] + start + "\n" + table + "\n" + end + text.split(end)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
