"""Preview while editing: `python -m build_tools serve` runs our stages, then MkDocs' live-reloading server.

A watcher re-runs our stages when seeds/, curation/, templates/ or docs/ change and copies only the pages that
changed into build/docs/, so MkDocs sees ordinary file edits and reloads the browser. A mistake in an edited file is
printed as `path:line: …` and the preview keeps the last good pages.
"""

from __future__ import annotations

import filecmp
import shutil
import threading
import time
from pathlib import Path

from .build import gather, gather_curation, prepare_docs, run_stage_dictionaries
from .model import BuildError

WATCHED = ("seeds", "curation", "templates", "docs")


def sync_tree(source: Path, target: Path) -> list[str]:
    """Make target a copy of source, touching only files that differ; returns what changed."""
    changed = []
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif not destination.exists() or not filecmp.cmp(path, destination, shallow=False):
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            changed.append(path.relative_to(source).as_posix())
    for path in sorted(target.rglob("*"), reverse=True):
        if not (source / path.relative_to(target)).exists():
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            changed.append(path.relative_to(target).as_posix())
    return changed


def regenerate(root: Path) -> list[str]:
    """Our stages into build/docs.preview, then only the differences into build/docs."""
    converter, documents, terms = gather(root)
    curation = gather_curation(root, documents, converter)
    fresh = prepare_docs(root, documents, converter, curation, destination=root / "build" / "docs.preview")
    run_stage_dictionaries(root, documents, converter, terms)
    return sync_tree(fresh, root / "build" / "docs")


def _snapshot(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for name in WATCHED for p in (root / name).rglob("*") if p.is_file()}


def watch(root: Path, stop: threading.Event, interval: float = 0.25) -> None:
    seen = _snapshot(root)
    while not stop.wait(interval):
        now = _snapshot(root)
        if now == seen:
            continue
        seen = now
        start = time.perf_counter()
        try:
            changed = regenerate(root)
            print(f"Regenerated {len(changed)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)
        except BuildError as error:
            for problem in error.problems:
                print(problem, flush=True)
            print("Not updated; the preview shows the last good pages.", flush=True)


def serve(root: Path, script: str = "zh-Hans", address: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import CONFIGS, _working_directory

    regenerate(root)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(root, stop), daemon=True)
    thread.start()
    try:
        with _working_directory(root):
            mkdocs_serve(config_file=str(root / CONFIGS[script]), dev_addr=address, livereload=True)
    finally:
        stop.set()
