"""Build the whole site: gather and validate everything, render both scripts, run MkDocs, then swap into site/.

Nothing under site/ is touched until every stage has succeeded, so a failed build leaves the previous site intact.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import offline
from .convert import Converter, load_converter
from .corpus import load_corpus
from .curate import load_curation
from .export import corpus_json, link_records, links_csv, tasks_csv
from .model import SCRIPTS, BuildError, Curation, Document, Problem
from .render import render_site_pages, site_nav
from .search import add_cross_script_field, hosted_search, pagefind_index, search_vocabulary, write_jieba_dictionaries
from .suggest import suggest_links

CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}


@dataclass
class BuildReport:
    documents: list[Document]
    timings: dict[str, float] = field(default_factory=dict)
    site_dir: Path | None = None
    zip_path: Path | None = None
    hosted_search: str = "material"


@contextlib.contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    # Material resolves jieba_dict paths from the current directory, not from mkdocs.yml.
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, so that two builds of a commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "315532800"  # 1980-01-01, the earliest time a zip file can hold


def load_search_terms(root: Path) -> tuple[list[str], list[Problem]]:
    path = root / "curation" / "search_terms.yml"
    display = "curation/search_terms.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(display, mark.line + 1 if mark else 0, f"malformed YAML: {getattr(error, 'problem', error)}.")]
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return [], [Problem(display, 1, "expected a top-level 'terms:' list of words.")]
    return [str(term) for term in data["terms"]], []


def gather(root: Path) -> tuple[Converter, list[Document], list[str]]:
    """Read and validate the seeds and script settings; raise BuildError with all problems before anything is written."""
    converter, problems = load_converter(root)
    terms, term_problems = load_search_terms(root)
    problems += term_problems
    if problems:
        raise BuildError(problems)
    return converter, load_corpus(root, converter), terms


def gather_curation(root: Path, documents: list[Document], converter: Converter | None = None) -> Curation:
    """The curated YAML, checked; with a converter, also the machine suggestions (kept apart, marked as such)."""
    curation, problems = load_curation(root, documents)
    if problems:
        raise BuildError(problems)
    if converter is not None:
        curation.suggestions = suggest_links(documents, curation, converter)
    return curation


def edit_sources(root: Path, documents: list[Document]) -> dict[str, str]:
    """Where each document page's edit button leads: its annotation file, or a new one."""
    sources = {}
    for document in documents:
        relative = f"curation/annotations/{document.id}.yml"
        exists = (root / relative).exists()
        sources[document.id] = f"edit/main/{relative}" if exists else f"new/main/curation/annotations?filename={document.id}.yml"
    return sources


def prepare_docs(
    root: Path, documents: list[Document], converter: Converter, curation: Curation | None = None, destination: Path | None = None
) -> Path:
    """Write build/docs/<script>/ (or destination): generated pages, hand-written pages (converted for zh-Hant) and assets."""
    build_dir = root / "build"
    fresh = build_dir / "docs.new"
    shutil.rmtree(fresh, ignore_errors=True)
    extra = {"edit_sources": edit_sources(root, documents)}
    render_site_pages(documents, converter, root / "templates" / "pages", fresh, curation, extra)
    for script in SCRIPTS:
        for source in sorted((root / "docs").rglob("*")):
            if source.is_dir():
                continue
            target = fresh / script / source.relative_to(root / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".md":
                text = _with_edit_source(source.read_text(encoding="utf-8"), source.relative_to(root).as_posix())
                target.write_text(converter.to_hant(text) if script == "zh-Hant" else text, encoding="utf-8")
            else:
                shutil.copyfile(source, target)
    final = destination or build_dir / "docs"
    shutil.rmtree(final, ignore_errors=True)
    fresh.rename(final)
    return final


def _with_edit_source(text: str, relative: str) -> str:
    """A hand-written page's edit button opens the page's own source file (templates/theme/partials/actions.html)."""
    line = f"edit_source: edit/main/{relative}\n"
    if text.startswith("---\n"):
        return text if "\nedit_source:" in text.split("\n---", 1)[0] else "---\n" + line + text[4:]
    return "---\n" + line + "---\n\n" + text


def run_stage_dictionaries(root: Path, documents: list[Document], converter: Converter, terms: list[str]) -> list[str]:
    """jieba's dictionaries for Material's search (both scripts); returns the search vocabulary."""
    vocabulary = search_vocabulary(documents, converter, terms)
    write_jieba_dictionaries(root / "build" / "jieba", converter, vocabulary)
    return vocabulary


def handwritten_pages(root: Path) -> dict[str, str]:
    """docs/*.md → its front-matter title (in Simplified), for the nav."""
    pages = {}
    for path in sorted((root / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        pages[path.name] = str((front or {}).get("title") or path.stem)
    return pages


def run_mkdocs(root: Path, script: str, site_dir: Path, nav: list[object] | None = None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    with _working_directory(root):
        try:
            overrides: dict[str, Any] = {"site_dir": str(site_dir)}
            if nav is not None:
                overrides["nav"] = nav
            config = load_config(str(root / CONFIGS[script]), **overrides)
            mkdocs_build(config)
        except (Abort, ConfigurationError) as error:
            raise BuildError([Problem(CONFIGS[script], 0, f"MkDocs failed: {error}")]) from None


def write_root_files(site: Path, documents: list[Document], links: list[dict[str, object]] | None = None) -> None:
    (site / "data").mkdir(parents=True, exist_ok=True)
    (site / "data" / "corpus.json").write_text(corpus_json(documents, links), encoding="utf-8")
    (site / "data" / "tasks.csv").write_text(tasks_csv(documents), encoding="utf-8")
    (site / "data" / "links.csv").write_text(links_csv(links or []), encoding="utf-8")
    (site / "index.html").write_text(LANDING, encoding="utf-8")


def build(root: Path, *, site_dir: Path | None = None, offline_zip: bool = True) -> BuildReport:
    """The whole build. Raises BuildError (with every problem found) before touching site_dir."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    site = site_dir or root / "site"
    report = BuildReport(documents=[])
    with _timed(report, "clean_parse"):
        converter, documents, terms = gather(root)
    with _timed(report, "curation"):
        curation = gather_curation(root, documents, converter)
    report.documents = documents
    with _timed(report, "render"):
        prepare_docs(root, documents, converter, curation)
    with _timed(report, "search_dictionaries"):
        vocabulary = run_stage_dictionaries(root, documents, converter, terms)
    staging = site.with_name(site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        handwritten = handwritten_pages(root)
        for script in SCRIPTS:
            with _timed(report, f"mkdocs_{script}"):
                nav = site_nav(documents, handwritten, script, converter)
                run_mkdocs(root, script, staging / script, nav)
        with _timed(report, "search_cross_script"):
            for script in SCRIPTS:
                add_cross_script_field(staging / script, converter, script, vocabulary)
        report.hosted_search = hosted_search(len(documents))
        if report.hosted_search == "pagefind":
            with _timed(report, "pagefind"):
                for script in SCRIPTS:
                    try:
                        pagefind_index(staging / script, converter, documents)
                    except RuntimeError as error:
                        raise BuildError([Problem(CONFIGS[script], 0, str(error))]) from None
        with _timed(report, "export"):
            write_root_files(staging, documents, link_records(curation))
        if offline_zip:
            with _timed(report, "offline_zip"):
                report.zip_path = offline.package(staging)
        _swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.site_dir = site
    return report


def _swap(staging: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


LANDING = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数字福建政策文库 · 數字福建政策文庫</title>
<link rel="alternate" hreflang="zh-Hans" href="zh-Hans/index.html">
<link rel="alternate" hreflang="zh-Hant" href="zh-Hant/index.html">
<script>
  (function () {
    var langs = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();
    var hant = /zh-(hant|tw|hk|mo)/.test(langs) && !/^zh-(hans|cn|sg)/.test(langs);
    location.replace((hant ? "zh-Hant" : "zh-Hans") + "/index.html");
  })();
</script>
<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.8;padding:0 1em}</style>
</head>
<body>
<h1>数字福建政策文库 · 數字福建政策文庫</h1>
<ul>
<li><a href="zh-Hans/index.html" hreflang="zh-Hans" lang="zh-Hans">简体中文</a></li>
<li><a href="zh-Hant/index.html" hreflang="zh-Hant" lang="zh-Hant">繁體中文</a></li>
</ul>
</body>
</html>
"""
