"""Preview while editing: `python -m build_tools serve` writes the pages, then runs MkDocs' live-reloading server.

A watcher re-reads the project when seeds/, curation/, templates/ or docs/ change and writes only the pages that
changed into build/docs/, so MkDocs sees ordinary file edits and reloads the browser. A mistake in an edited file is
printed as `path:line: …` and the preview keeps the last good pages.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from .build import write_search_dictionaries
from .mkdocs_site import CONFIGS, working_directory
from .model import BuildError
from .pages import Pages, pages, write_pages
from .project import load_project

WATCHED = ("seeds", "curation", "templates", "docs")


class Preview:
    """The pages last written, so that a rebuild compares in memory and writes only what changed."""

    def __init__(self, root: Path):
        self.root = root
        self.written: Pages | None = None

    def regenerate(self) -> list[str]:
        project = load_project(self.root)
        files = pages(project)
        write_search_dictionaries(project)
        changed = write_pages(files, self.root / "build" / "docs", self.written)
        self.written = files
        return changed


def regenerate(root: Path) -> list[str]:
    """Write the project's pages into build/docs/; returns the paths that changed."""
    return Preview(root).regenerate()


def _snapshot(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for name in WATCHED for p in (root / name).rglob("*") if p.is_file()}


def watch(preview: Preview, stop: threading.Event, interval: float = 0.25) -> None:
    seen = _snapshot(preview.root)
    while not stop.wait(interval):
        now = _snapshot(preview.root)
        if now == seen:
            continue
        seen = now
        start = time.perf_counter()
        try:
            changed = preview.regenerate()
            print(f"Regenerated {len(changed)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)
        except BuildError as error:
            for problem in error.problems:
                print(problem, flush=True)
            print("Not updated; the preview shows the last good pages.", flush=True)


def serve(root: Path, script: str = "zh-Hans", address: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    preview = Preview(root)
    preview.regenerate()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(preview, stop), daemon=True)
    thread.start()
    try:
        with working_directory(root):
            mkdocs_serve(config_file=str(root / CONFIGS[script]), dev_addr=address, livereload=True)
    finally:
        stop.set()
