"""Build the whole site: read and check the project, write its pages, run MkDocs for both scripts, add search, the
exports and the offline zip, then swap the result into site/.

Nothing under site/ is touched until every stage has succeeded, so a failed build leaves the previous site intact."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import offline, safe_io
from .cache import Store, digest, version
from .export import write_root_files
from .layout import check_site
from .mkdocs_site import CONFIGS, run_mkdocs
from .model import SCRIPTS, BuildError, Document, Problem
from .pages import pages, write_pages
from .project import Project, add_suggestions, load_project
from .render import site_nav
from .search import (
    add_cross_script_field,
    hosted_search,
    offline_index,
    pagefind_index,
    script_charmap,
    search_vocabulary,
    write_jieba_dictionaries,
)
from .versions import UNREAD_COMPARISON
from .workers import build_workers, can_fork, forked_map

T = TypeVar("T")


@dataclass
class BuildReport:
    documents: list[Document]
    timings: dict[str, float] = field(default_factory=dict)
    site_dir: Path | None = None
    zip_path: Path | None = None
    hosted_search: str = "material"
    unchanged: bool = False  # nothing to do: site/ was built from these very inputs
    warnings: list[Problem] = field(default_factory=list)  # `file:line: …` for the maintainer, as `check` prints them


def build(root: Path, *, site_dir: Path | None = None, offline_zip: bool = True, strict: bool = False) -> BuildReport:
    """The whole build. Raises BuildError (with every problem found) before touching site_dir; with `strict`, every
    warning (a structure doubt, an undecided conversion) is such a problem. MkDocs and the zip read the build's time
    from SOURCE_DATE_EPOCH: it is set for the build and restored after it."""
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    try:
        return _build(root, site_dir, offline_zip, strict)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(root: Path, site_dir: Path | None, offline_zip: bool, strict: bool) -> BuildReport:
    site = site_dir or root / "site"
    report = BuildReport(documents=[])
    with _timed(report, "unchanged"):
        unsafe = safe_io.project_problems(root)
        if unsafe:
            raise BuildError(unsafe)
        stamp = _stamp(root, site, offline_zip)
        if _up_to_date(root, site, stamp):
            report.site_dir, report.unchanged = site, True
            report.warnings = _saved_warnings(root)
            if strict and report.warnings:
                raise BuildError(strict_problems(report.warnings))
            return report
    store = Store(root / "build" / "cache")
    with _timed(report, "clean_parse"):
        project = load_project(root, suggestions=False, store=store, workers=build_workers())
    report.warnings = project.warnings()
    if strict and report.warnings:
        raise BuildError(strict_problems(report.warnings))
    with _timed(report, "curation"):
        add_suggestions(project, store, build_workers())
    report.documents = project.documents
    with _timed(report, "render"):
        write_pages(pages(project, store=store, workers=build_workers()), root / "build" / "docs")
    # What the stages kept is saved now, and let go of before MkDocs, the build's largest stage, takes its memory
    store.save()
    del store
    with _timed(report, "search_dictionaries"):
        vocabulary = write_search_dictionaries(project)
    report.hosted_search = hosted_search(len(project.documents))
    staging = site.with_name(site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with _timed(report, "mkdocs_both"):  # the wall time; each script's own seconds follow
            navs = {script: site_nav(project.documents, project.handwritten, script, project.converter) for script in SCRIPTS}
            report.timings.update(run_both_mkdocs(root, staging, navs, {"dfl_search": report.hosted_search}))
        for script in SCRIPTS:
            # Hosts serve the site root's 404.html for every missing address (export.py writes one for both scripts);
            # MkDocs' own, in each script's folder, would load its styles from the host's root and fail.
            (staging / script / "404.html").unlink(missing_ok=True)
        charmap = script_charmap(project.converter, project.documents)
        if report.hosted_search == "material":
            with _timed(report, "search_cross_script"):
                each_script(lambda script: add_cross_script_field(staging / script, project.converter, script, vocabulary))
        if offline_zip or report.hosted_search == "material":  # a hosted Pagefind site publishes no search/ folder
            with _timed(report, "search_offline"):
                each_script(lambda script: offline_index(staging / script, charmap))
        if report.hosted_search == "pagefind":
            with _timed(report, "pagefind"):
                failed = each_script(lambda script: _pagefind_failure(staging / script, charmap))
                problems = [Problem(CONFIGS[script], 0, failure) for script, failure in zip(SCRIPTS, failed, strict=True) if failure]
                if problems:
                    raise BuildError(problems)
        with _timed(report, "export"):
            write_root_files(root, staging, project.documents, project.curation, project.references, project.versions)
        if offline_zip:
            with _timed(report, "offline_zip"):
                report.zip_path = offline.package(staging)
        if report.hosted_search == "pagefind":
            # Only what the hosted site uses is published: its pages search Pagefind's index and never load Material's
            # (the whole corpus in one file per script, 355 MB at 5,000 documents) or the offline copy's, which was
            # zipped above.
            for script in SCRIPTS:
                shutil.rmtree(staging / script / "search", ignore_errors=True)
        check_site(staging, project.documents)
        report.warnings += size_warnings(staging)
        _swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_stamp(root, site, stamp, report.warnings)
    report.site_dir = site
    return report


# --- A build with nothing to do: the same inputs as the build that wrote site/, and site/ as that build left it ------

INPUTS = ("seeds", "curation", "templates", "docs", *CONFIGS.values())
SETTINGS = ("SOURCE_DATE_EPOCH", "DFL_HOSTED_SEARCH", "DFL_REPO_URL", "DFL_SITE_URL")  # what the environment may change in the site
STAMP = "build/site.stamp"
WARNINGS = "build/site.warnings"


def _stamp(root: Path, site: Path, offline_zip: bool) -> str:
    """Everything a build reads: the project's code and libraries, the settings, and every input file's bytes."""
    files = sorted(p for name in INPUTS for p in ([root / name] if (root / name).is_file() else (root / name).rglob("*")) if p.is_file())
    inputs = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in files]
    return digest(version(), str(site.resolve()), offline_zip, [os.environ.get(name, "") for name in SETTINGS], inputs)


def _site_manifest(site: Path) -> str:
    """site/ as it stands: every file's path, size and modification time (a change by hand is seen)."""
    entries = []
    for folder, _, names in os.walk(site):
        for name in names:
            stat = os.lstat(os.path.join(folder, name))
            entries.append((os.path.relpath(os.path.join(folder, name), site), stat.st_size, stat.st_mtime_ns))
    return digest(sorted(entries))


def _up_to_date(root: Path, site: Path, stamp: str) -> bool:
    path = root / STAMP
    if not site.is_dir() or path.is_symlink() or not path.is_file():
        return False
    return path.read_text(encoding="utf-8") == f"{stamp} {_site_manifest(site)}"


def _write_stamp(root: Path, site: Path, stamp: str, warnings: list[Problem]) -> None:
    (root / STAMP).write_text(f"{stamp} {_site_manifest(site)}", encoding="utf-8")
    # A build with nothing to do prints the warnings of the build that wrote site/ again: they still hold.
    (root / WARNINGS).write_text(json.dumps([[w.path, w.line, w.message] for w in warnings], ensure_ascii=False), encoding="utf-8")


def _saved_warnings(root: Path) -> list[Problem]:
    path = root / WARNINGS
    if not path.is_file() or path.is_symlink():
        return []
    return [Problem(str(where), int(line), str(message)) for where, line, message in json.loads(path.read_text(encoding="utf-8"))]


def strict_problems(warnings: list[Problem]) -> list[Problem]:
    """The warnings as the problems of a strict build (`build --strict`, `check --strict`)."""
    return [Problem(w.path, w.line, f"{w.message} (--strict: warnings fail the build)") for w in warnings]


def write_search_dictionaries(project: Project) -> list[str]:
    """jieba's dictionaries for Material's search (both scripts), in build/jieba/; returns the search vocabulary."""
    vocabulary = search_vocabulary(project.documents, project.converter, project.search_terms)
    write_jieba_dictionaries(project.root / "build" / "jieba", project.converter, vocabulary)
    return vocabulary


# Where the site is published: GitHub Pages publishes at most 1 GB, and static hosts cap the files near 20,000.
SITE_LIMIT_BYTES = 1_000_000_000
SITE_LIMIT_FILES = 20_000


def size_warnings(site: Path) -> list[Problem]:
    """A site too large for GitHub Pages (or too many files for most static hosts), said with its figures and what
    takes the room, before publishing fails."""
    sizes: dict[str, int] = {}
    files = 0
    for path in site.rglob("*"):
        if path.is_file():
            files += 1
            parts = path.relative_to(site).parts
            part = (f"{parts[0]}/{parts[1]}" if len(parts) > 2 else f"{parts[0]} pages") if parts[0] in SCRIPTS else parts[0]
            sizes[part] = sizes.get(part, 0) + path.stat().st_size
    total = sum(sizes.values())
    if total <= SITE_LIMIT_BYTES and files <= SITE_LIMIT_FILES:
        return []
    largest = ", ".join(f"{part} {size / 1e6:.0f} MB" for part, size in sorted(sizes.items(), key=lambda item: -item[1])[:5])
    message = (
        f"the site is {total / 1e6:.0f} MB in {files} files: over what GitHub Pages publishes (1,000 MB) or static hosts"
        f" hold (20,000 files). The largest parts: {largest}. Publish it where it fits, or see benchmarks/README.md."
    )
    return [Problem("site/", 0, message)]


def each_script(task: Callable[[str], T]) -> list[T]:
    """task(script) for both scripts, side by side in two forked processes when the machine has two cores (each
    script's folder is its own), else one after the other; the results in SCRIPTS' order."""
    if not can_fork(build_workers()):
        return [task(script) for script in SCRIPTS]
    return forked_map(task, SCRIPTS, len(SCRIPTS))


def _pagefind_failure(site_dir: Path, charmap: dict[str, dict[str, str]]) -> str:
    """Pagefind's index of one script's folder; what went wrong, or "" (a message crosses processes, an error may not)."""
    try:
        pagefind_index(site_dir, charmap)
    except RuntimeError as error:
        return str(error)
    return ""


def _mkdocs_timed(root: Path, script: str, site_dir: Path, nav: list[object], extra: dict[str, object]) -> tuple[float, list[Problem]]:
    """MkDocs for one script in a worker process: its seconds, and its problems (returned, not raised: BuildError
    carries a list that does not survive pickling)."""
    start = time.perf_counter()
    try:
        run_mkdocs(root, script, site_dir, nav, extra)
    except BuildError as error:
        return time.perf_counter() - start, error.problems
    return time.perf_counter() - start, []


def run_both_mkdocs(root: Path, staging: Path, navs: dict[str, list[object]], extra: dict[str, object]) -> dict[str, float]:
    """MkDocs for both scripts, side by side in two processes when the machine has two cores (the builds share nothing:
    each reads its own build/docs/<script>/ and writes its own folder); the same files as one after the other
    (tested). Returns each script's seconds."""
    if not can_fork(build_workers()):
        results = {script: _mkdocs_timed(root, script, staging / script, navs[script], extra) for script in SCRIPTS}
    else:
        pages = max(sum(1 for _ in (root / "build" / "docs" / script).rglob("*.md")) for script in SCRIPTS)
        # Side by side when both fit in memory, else one after the other; each in a process of its own, whose memory
        # goes back to the system when it ends.
        batches = [SCRIPTS] if _room_for_two(pages) else [(script,) for script in SCRIPTS]
        results = {}
        for batch in batches:
            timed = forked_map(lambda script: _mkdocs_timed(root, script, staging / script, navs[script], extra), batch, len(batch))
            results.update(zip(batch, timed, strict=True))
    problems = [problem for _, found in results.values() for problem in found]
    if problems:
        raise BuildError(list(dict.fromkeys(problems)))  # a file both configurations read is named once
    return {f"mkdocs_{script}": seconds for script, (seconds, _) in results.items()}


# MkDocs with Material's search holds every page and the search index until it writes them: measured at 5,000
# documents (5,040 pages a script), 1.1 GB over the 0.35 GB it starts with (benchmarks/README.md).
MKDOCS_START_MB, MKDOCS_PAGE_MB = 350, 0.23
MEMORY_BUDGET_MB = 3000  # what a build may take at its peak, unless DFL_BUILD_MEMORY_MB says otherwise


def _room_for_two(pages: int) -> bool:
    """Whether two MkDocs side by side, beside what the build holds now, fit in the memory budget: at a few thousand
    documents they run one after the other (which costs little: side by side they share the memory's bandwidth)."""
    budget = int(os.environ.get("DFL_BUILD_MEMORY_MB") or MEMORY_BUDGET_MB)
    return _resident_mb() + 2 * (MKDOCS_START_MB + MKDOCS_PAGE_MB * pages) <= budget


def _resident_mb() -> float:
    """This process's resident memory now (0 where /proc does not tell)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


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
    return str(offline.EARLIEST_ZIP_TIME)


@contextlib.contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


def _swap(staging: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def print_warnings(warnings: list[Problem]) -> None:
    """Every warning as `warning: file:line: …` (as MkDocs prints its own), then how many, by kind."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(f"::warning file={warning.path},line={max(warning.line, 1)}::{warning.message}")
    if warnings:
        conversion = sum(1 for w in warnings if w.message.startswith("conversion:"))
        references = sum(1 for w in warnings if w.message.startswith("reference:"))
        compared = sum(1 for w in warnings if w.message.startswith(UNREAD_COMPARISON))
        published = " (published with a default reading and marked; see the page 转换待审)" if conversion else ""
        unread = f", {compared} version comparison(s) no editor has read" if compared else ""
        print(
            f"{len(warnings)} warning(s): {len(warnings) - conversion - references - compared} about structure, {conversion} undecided"
            f" conversion(s){published}, {references} reference(s) left as plain text{unread}. --strict makes them fail.",
            file=sys.stderr,
        )
