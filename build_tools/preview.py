"""Preview while editing: `python -m build_tools serve` serves one script and rebuilds on every edit of seeds/,
curation/, templates/, docs/ or the MkDocs configuration.

A rebuild redoes only what the edit changed: the project is read again from a store that keeps each unchanged
document, its review, the suggestions and each page whose fingerprint is unchanged (cache.py, pages.py); only
the pages that differ are written into build/docs/<script>/, and MkDocs renders only those (DirtyBuilds). A
mistake in an edited file is printed as `path:line: …` and the preview keeps the last good pages.

Machine suggestions depend on every document (a word's weight is its rarity in the library), so an edited seed
changes them everywhere; computing them takes seconds at a thousand documents. The preview shows the edit at once
with the suggestions it had (less any whose provision is gone), computes the new ones in the background, and
rebuilds again when they are ready: then the pages are what `build` writes.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .build import write_search_dictionaries
from .cache import Store
from .mkdocs_site import CONFIGS, DirtyBuilds
from .model import BuildError, Link, Ref
from .pages import Pages, pages, write_pages
from .project import Project, add_suggestions, load_project, suggestions_key
from .render import site_nav
from .suggest import suggest_links

WATCHED = ("seeds", "curation", "templates", "docs", *CONFIGS.values())


class Preview:
    """One script's pages, rebuilt from a store kept in memory between edits.

    With `suggestions_ready` (called from another thread when new suggestions are computed), suggestions that must
    be computed again are computed in the background; without it, before the pages are written."""

    def __init__(self, root: Path, script: str = "zh-Hans", suggestions_ready: Callable[[], None] | None = None):
        self.root, self.script = root, script
        self.store = Store()
        self.written: Pages | None = None
        self.nav: list[object] = []
        self.suggestions_ready = suggestions_ready
        self.suggestions: list[Link] | None = None  # the last ones shown
        self.computed: tuple[str, list[Link]] | None = None  # finished in the background: (key, suggestions)
        self.computing = ""  # the key being computed

    def regenerate(self) -> list[str]:
        """Write the script's pages into build/docs/<script>/; returns the paths (within it) that changed."""
        project = load_project(self.root, suggestions=False, store=self.store)
        self._suggest(project)
        files = pages(project, (self.script,), self.store)
        write_search_dictionaries(project)
        local: Pages = {path.split("/", 1)[1]: content for path, content in files.items()}
        changed = write_pages(local, self.root / "build" / "docs" / self.script, self.written)
        self.written = local
        self.nav = site_nav(project.documents, project.handwritten, self.script, project.converter)
        self.store.forget_unused()  # what this edit did not ask for is stale: memory stays the size of one library
        return changed

    def _suggest(self, project: Project) -> None:
        key = suggestions_key(project)
        if self.computed is not None and self.computed[0] == key:
            self.store.put("suggestions", key, self.computed[1])
        self.computed = None
        if self.suggestions_ready is None or self.suggestions is None or self.store.get("suggestions", key) is not None:
            add_suggestions(project, self.store)
        else:
            provisions = {Ref(d.id, p.id) for d in project.documents for p in d.walk()}
            project.curation.suggestions = [s for s in self.suggestions if s.source in provisions and s.target in provisions]
            if self.computing != key:
                self.computing = key
                threading.Thread(target=self._compute, args=(project, key), daemon=True).start()
        self.suggestions = project.curation.suggestions

    def _compute(self, project: Project, key: str) -> None:
        suggestions = suggest_links(project.documents, project.curation, project.converter)
        if self.computing == key:  # not overtaken by a later edit
            self.computed, self.computing = (key, suggestions), ""
            assert self.suggestions_ready is not None
            self.suggestions_ready()


def regenerate(root: Path, script: str = "zh-Hans") -> list[str]:
    return Preview(root, script).regenerate()


def serve(root: Path, script: str = "zh-Hans", address: str = "127.0.0.1:8000") -> None:
    from mkdocs.livereload import LiveReloadServer

    trigger = root / "build" / "preview.trigger"  # written when suggestions are ready: the server rebuilds
    trigger.parent.mkdir(parents=True, exist_ok=True)
    trigger.write_text("", encoding="utf-8")

    def suggestions_ready() -> None:
        trigger.write_text(str(time.time()), encoding="utf-8")

    preview = Preview(root, script, suggestions_ready)
    site_dir = Path(tempfile.mkdtemp(prefix="dfl-preview-"))
    mkdocs = DirtyBuilds(root, script, site_dir)

    def rebuild() -> None:
        start = time.perf_counter()
        try:
            changed = preview.regenerate()
            mkdocs.build(preview.nav, changed)
        except BuildError as error:
            for problem in error.problems:
                print(problem, flush=True)
            print("Not updated; the preview shows the last good pages.", flush=True)
            return
        print(f"Rebuilt {len(changed)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)

    host, _, port = address.rpartition(":")
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir), polling_interval=0.1)
    try:
        rebuild()
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        server.watch(str(trigger))
        print(f"Serving {script} on http://{address}/ (Ctrl+C stops).", flush=True)
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
