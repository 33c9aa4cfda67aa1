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

import dataclasses
import gc
import json
import multiprocessing
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from .build import print_warnings, write_search_dictionaries
from .cache import Store
from .mkdocs_site import CONFIGS, DirtyBuilds
from .model import BuildError, Link, Problem, Ref
from .pages import Pages, pages, write_pages
from .project import Project, add_suggestions, load_project, suggestions_key
from .render import site_nav
from .suggest import suggest_links

WATCHED = ("seeds", "curation", "templates", "docs", *CONFIGS.values())
PREVIEW_ERRORS = "dfl-preview-errors.json"  # templates/theme/main.html shows it over every page while it exists


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
        self.pending: tuple[Project, str] | None = None  # to compute once the rebuild is shown
        self.digests: dict[str, str] = {}  # each document's digest when the suggestions shown were made
        self.warnings: list[Problem] = []  # of the last rebuild, as `check` prints them

    def regenerate(self) -> list[str]:
        """Write the script's pages into build/docs/<script>/; returns the paths (within it) that changed."""
        project = load_project(self.root, suggestions=False, store=self.store)
        self.warnings = project.warnings()
        self._suggest(project)
        files = pages(project, (self.script,), self.store)
        write_search_dictionaries(project)
        local: Pages = {path.split("/", 1)[1]: content for path, content in files.items()}
        changed = write_pages(local, self.root / "build" / "docs" / self.script, self.written)
        self.written = local
        self.nav = site_nav(project.documents, project.handwritten, self.script, project.converter)
        self.store.forget_unused()  # what this edit did not ask for is stale: memory stays the size of one library
        # The library stays in memory between edits: the garbage collector need not look through it again and again
        # (a full pass over a thousand documents' objects takes a quarter of a second). What this rebuild dropped
        # is young: collected first, then the rest is set apart. The model holds no cycles, so a document dropped
        # later is still freed, by reference counting.
        gc.collect(1)
        gc.freeze()
        return changed

    def _suggest(self, project: Project) -> None:
        key = suggestions_key(project)
        if self.computed is not None and self.computed[0] == key:
            self.store.put("suggestions", key, self.computed[1])
        self.computed = None
        if self.suggestions_ready is None or self.suggestions is None or self.store.get("suggestions", key) is not None:
            add_suggestions(project, self.store)
        else:
            # Those whose provisions are gone are left out (only the edited documents' are looked at); the same
            # list when none is, so that what is derived from it (its index by provision) is kept too.
            digests = {d.id: d.digest for d in project.documents}
            edited = {doc for doc in digests.keys() | self.digests.keys() if digests.get(doc) != self.digests.get(doc)}
            provisions = {Ref(d.id, p.id) for d in project.documents if d.id in edited for p in d.walk()}

            def stays(ref: Ref) -> bool:
                return ref.document not in edited or ref in provisions

            kept = [s for s in self.suggestions if stays(s.source) and stays(s.target)]
            suggestions = self.suggestions if len(kept) == len(self.suggestions) else kept
            project.curation = dataclasses.replace(project.curation, suggestions=suggestions)
            if self.computing != key:
                self.computing = key
                self.pending = (project, key)
        self.suggestions = project.curation.suggestions
        self.digests = {d.id: d.digest for d in project.documents}

    def compute_pending(self) -> None:
        """Start computing the suggestions an edit made stale, in the background: called once the edit is shown.

        In a forked process where the system has fork (the project is there already, nothing is copied over): the
        computation then runs beside the next rebuilds instead of sharing this interpreter with them."""
        if self.pending is None:
            return
        project, key = self.pending
        self.pending = None
        print("Suggestions: computing in the background…", flush=True)
        if "fork" not in multiprocessing.get_all_start_methods():
            threading.Thread(target=lambda: self._computed(key, _suggestions(project)), daemon=True).start()
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        context.Process(target=_send_suggestions, args=(send, project), daemon=True).start()
        send.close()

        def wait() -> None:
            try:
                self._computed(key, receive.recv())
            except EOFError:  # the process ended without an answer: the next edit tries again
                print("Suggestions: not computed.", flush=True)
                self.computing = ""

        threading.Thread(target=wait, daemon=True).start()

    def _computed(self, key: str, suggestions: list[Link]) -> None:
        if self.computing != key:
            print("Suggestions: outdated by a later edit.", flush=True)
            return
        self.computed, self.computing = (key, suggestions), ""
        print("Suggestions: ready.", flush=True)
        assert self.suggestions_ready is not None
        self.suggestions_ready()


def _suggestions(project: Project) -> list[Link]:
    return suggest_links(project.documents, project.curation, project.converter)


def _send_suggestions(send: Connection, project: Project) -> None:
    send.send(_suggestions(project))
    send.close()


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
    shown: list[list[Problem]] = [[]]  # the warnings printed last: printed again only when they change

    errors = site_dir / PREVIEW_ERRORS  # what the pages show over themselves while a rebuild has failed

    def rebuild() -> None:
        start = time.perf_counter()
        try:
            changed = preview.regenerate()
            mkdocs.build(preview.nav, changed)
            errors.unlink(missing_ok=True)
            preview.compute_pending()
            if preview.warnings != shown[0]:
                print_warnings(preview.warnings)
                shown[0] = preview.warnings
        except BuildError as error:
            for problem in error.problems:
                print(problem, flush=True)
            print("Not updated; the preview shows the last good pages.", flush=True)
            errors.write_text(json.dumps([str(p) for p in error.problems], ensure_ascii=False), encoding="utf-8")
            return
        print(f"Rebuilt {len(changed)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)

    host, _, port = address.rpartition(":")
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir), polling_interval=0.1)
    server.build_delay = 0.05  # an editor's save is one write: a shorter wait for more is enough
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
