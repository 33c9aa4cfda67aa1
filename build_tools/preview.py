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
import urllib.parse
from collections.abc import Callable, Collection, Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from .build import print_warnings, write_search_dictionaries
from .cache import Store
from .mkdocs_site import CONFIGS, DirtyBuilds
from .model import BuildError, Link, Problem, Ref
from .pages import Pages, pages, write_pages
from .project import Project, add_suggestions, load_project, suggestions_key
from .render import site_nav
from .suggest import suggest_links

WATCHED = ("seeds", "curation", "templates", "docs", *CONFIGS.values())
OPEN_FOR = 90.0  # seconds: a page requested or waiting for reloads this lately is open (the wait lasts 60 s)
BATCH = 100  # pages rendered at a time after the open ones: a newer edit waits for one batch at most
FEW = 20  # pages: an edit that changes more renders the pages open in a browser first, the rest afterwards
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
        self.project: Project | None = None  # of the last rebuild
        self.later: list[str] = []  # pages the last rebuild left to be rendered after the ones open in a browser
        self.rendered_later: Pages | None = None  # all of the last rebuild's pages, once write_later rendered them

    def regenerate(self, first: Collection[str] = ()) -> list[str]:
        """Write the script's pages into build/docs/<script>/; returns the paths (within it) that changed.

        With `first` (the pages a browser has open) and more than FEW pages to render again, only those are
        rendered now; the others keep their last content and are listed in `later`, for write_later."""
        project = load_project(self.root, suggestions=False, store=self.store)
        self.warnings = project.warnings()
        self._suggest(project)
        prefix = f"{self.script}/"
        later: set[str] = set()

        def defer(stale: set[str]) -> set[str]:
            if first and len(stale) > FEW:
                later.update(path.removeprefix(prefix) for path in stale if path.removeprefix(prefix) not in first)
            return {prefix + path for path in later}

        files = pages(project, (self.script,), self.store, defer)
        write_search_dictionaries(project)
        local: Pages = {path.removeprefix(prefix): content for path, content in files.items()}
        # A page left for later keeps, for now, what it had (or is not there yet)
        written = self.written or {}
        local.update({path: written[path] for path in later if path in written})
        self.later, self.project, self.rendered_later = sorted(later), project, None
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

    def write_later(self, paths: Collection[str]) -> list[str]:
        """Write these of the pages `regenerate` left for later; returns those that changed."""
        if self.rendered_later is None:
            assert self.project is not None
            files = pages(self.project, (self.script,), self.store)
            self.rendered_later = {path.split("/", 1)[1]: content for path, content in files.items()}
        assert self.written is not None
        local = dict(self.written)
        local.update({path: self.rendered_later[path] for path in paths if path in self.rendered_later})
        changed = write_pages(local, self.root / "build" / "docs" / self.script, self.written)
        self.written = local
        self.later = [path for path in self.later if path not in set(paths)]
        if not self.later:
            self.rendered_later = None
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


class _Server(LiveReloadServer):
    """MkDocs' live server, which also notes the pages browsers have open: each open page waits on /livereload/
    with the page as its referrer, and was requested itself when it was opened."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.seen: dict[str, float] = {}

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/"):
            path = urllib.parse.urlsplit(environ.get("HTTP_REFERER", "")).path
        else:
            path = path.encode("latin-1").decode("utf-8", "ignore")
        if path.endswith((".html", "/")):
            self.seen[urllib.parse.unquote(path)] = time.monotonic()
        return super().serve_request(environ, start_response)

    def open_pages(self) -> set[str]:
        """The Markdown pages (within build/docs/<script>/) of the pages seen lately: open in a browser."""
        recent = [path for path, when in self.seen.items() if time.monotonic() - when < OPEN_FOR]
        return {(path + "index.html" if path.endswith("/") else path).lstrip("/").removesuffix(".html") + ".md" for path in recent}


def serve(root: Path, script: str = "zh-Hans", address: str = "127.0.0.1:8000") -> None:
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

    lock = threading.Lock()  # one rebuild at a time: an edit's, or the rest of the last one in the background
    newer_edit = threading.Event()  # set by an edit while the rest of the last one is being rendered: it stops

    def rebuild() -> None:
        newer_edit.set()
        with lock:
            newer_edit.clear()
            start = time.perf_counter()
            try:
                first = server.open_pages()
                changed = preview.regenerate(first)
                mkdocs.build(preview.nav, changed, first)
                errors.unlink(missing_ok=True)
                preview.compute_pending()
                if preview.warnings != shown[0]:
                    print_warnings(preview.warnings)
                    shown[0] = preview.warnings
            except BuildError as error:
                show_errors(error)
                return
            print(f"Rebuilt {len(changed)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)
            if preview.later or mkdocs.stale:
                threading.Thread(target=rebuild_the_rest, daemon=True).start()

    def rebuild_the_rest() -> None:
        """The pages an edit left for after the open ones, a batch at a time until a newer edit comes."""
        with lock:
            start, rest = time.perf_counter(), sorted({*preview.later, *mkdocs.stale})
            print(f"Rendering the other {len(rest)} page(s) in the background…", flush=True)
            try:
                for batch in (rest[i : i + BATCH] for i in range(0, len(rest), BATCH)):
                    if newer_edit.is_set():
                        print("Stopped for a newer edit.", flush=True)
                        return
                    changed = preview.write_later(batch)
                    mkdocs.build(preview.nav, sorted({*changed, *mkdocs.refresh(batch)}))
            except BuildError as error:
                show_errors(error)
                return
            print(f"Rendered the other {len(rest)} page(s) in {time.perf_counter() - start:.2f}s.", flush=True)

    def show_errors(error: BuildError) -> None:
        for problem in error.problems:
            print(problem, flush=True)
        print("Not updated; the preview shows the last good pages.", flush=True)
        errors.write_text(json.dumps([str(p) for p in error.problems], ensure_ascii=False), encoding="utf-8")

    host, _, port = address.rpartition(":")
    server = _Server(builder=rebuild, host=host, port=int(port), root=str(site_dir), polling_interval=0.1)
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
