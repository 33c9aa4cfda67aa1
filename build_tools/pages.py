"""Every page MkDocs reads, in memory: the generated ones (render.py) and the hand-written ones (docs/), both scripts.

`pages` is the one place that says what the site's pages are: build writes them into build/docs/, the preview
writes the ones that changed, golden compares them. Every path has one owner: a second writer is refused and named
(a document called `documents-2024` would otherwise replace a year page without a word)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import jinja2

from . import safe_io
from .cache import Store, by_digest, digest, version
from .curate import EVERY_PAGE, LIBRARY_PAGES, LINKED_AND_LIBRARY, LINKED_PAGES, fed
from .model import SCRIPTS, BuildError, Document, Link, Problem, per_object
from .project import Project
from .reader_pages import READER_PAGES, unit_pages
from .render import NAV_DOCUMENT_LIMIT, documents_by_year, render_pages, template_problem
from .typography import regional_quotes
from .workers import can_fork, forked_map

Pages = dict[str, str | bytes]  # `<script>/<path>` → Markdown text, or the bytes of an asset
MANY_PAGES = 200  # pages to render, from which it pays to render them in several processes (each costs a fork and a pickle)


def pages(
    project: Project,
    scripts: tuple[str, ...] = SCRIPTS,
    store: Store | None = None,
    defer: Callable[[set[str]], set[str]] | None = None,
    workers: int = 1,
) -> Pages:
    """The site's pages in these scripts. With a store, a generated page whose inputs are unchanged (the same
    fingerprint, see page_fingerprints) is taken from it; only the others are rendered.

    `defer` is given the paths that must be rendered and returns those that may wait: they are left out of the
    result (the preview renders the pages a browser has open first, and the others afterwards).

    With workers > 1, many pages to render are rendered in that many processes (the same pages: tested)."""
    root = project.root
    planned = page_fingerprints(project, scripts)
    texts: dict[tuple[str, str], str] = {}
    for path, fingerprint, writer in planned:
        cached = store.get("page", fingerprint) if store is not None else None
        if cached is not None:
            texts[(path, writer)] = cached
    wanted = {path for path, _, writer in planned if (path, writer) not in texts}
    if defer is not None and (later := defer(wanted)):
        wanted -= later
        planned = [entry for entry in planned if entry[0] not in later]
    if can_fork(workers) and len(wanted) >= MANY_PAGES:
        # Each worker renders every workers-th page; its template problem comes back as a Problem (a Jinja error may
        # not survive pickling).
        paths = sorted(wanted)
        shares = [set(paths[start::workers]) for start in range(workers)]
        done = forked_map(lambda share: _rendered(project, share), shares, workers)
    else:
        done = [_rendered(project, wanted)]
    problems = [result for result in done if isinstance(result, Problem)]
    if problems:
        raise BuildError(problems[:1])
    rendered = [page for result in done if not isinstance(result, Problem) for page in result]
    fingerprints = {(path, writer): fingerprint for path, fingerprint, writer in planned}
    for path, text, writer in rendered:
        texts[(path, writer)] = text
        if store is not None:
            store.put("page", fingerprints[(path, writer)], text)
    claims = safe_io.Outputs(root / "build" / "docs")
    out: Pages = {}
    documents = {f"{d.id}.md": (d.seed_path or f"seeds/{d.id}.txt", f"the page of document '{d.id}'") for d in project.documents}
    # The site's own pages claim first, so that a clash names the document: the input to rename.
    ordered = [entry for entry in planned if entry[2] != "document"] + [entry for entry in planned if entry[2] == "document"]
    for path, _, writer in ordered:
        name = path.split("/", 1)[1]
        if writer == "document":
            owner, what = documents[name]
        else:
            template = root / "templates" / "pages" / f"{writer}.md.j2"
            owner, what = safe_io.display(template, root) if template.exists() else "templates/pages", f"the generated page {name}"
        if claims.claim(path, owner, what):
            out[path] = texts[(path, writer)]
    for source in safe_io.walk_files(root, root / "docs"):  # read once, written for each script
        owner = safe_io.display(source, root)
        try:
            content: str | bytes = (
                _with_edit_source(safe_io.read_text(root, source), owner) if source.suffix == ".md" else safe_io.read_bytes(root, source)
            )
        except safe_io.InputError as error:
            claims.problems.append(Problem(owner, error.line, error.message))
            continue
        for script in scripts:
            relative = f"{script}/{source.relative_to(root / 'docs').as_posix()}"
            if not claims.claim(relative, owner, f"the {'page' if source.suffix == '.md' else 'file'} {owner}"):
                continue
            if isinstance(content, str) and script == "zh-Hant":
                out[relative] = regional_quotes(project.converter.to_hant(content), "zh-Hant")
            else:
                out[relative] = content
    claims.raise_problems()
    return dict(sorted(out.items()))


def _rendered(project: Project, wanted: set[str]) -> list[tuple[str, str, str]] | Problem:
    """The pages of these paths (render_pages), or the problem of the template that does not render."""
    try:
        return render_pages(
            project.documents,
            project.converter,
            project.root / "templates" / "pages",
            project.curation,
            project.edit_sources,
            wanted.__contains__,
            project.doubts,
            project.references,
            project.versions,
        )
    except jinja2.TemplateError as error:
        return template_problem(project.root, error)


def page_fingerprints(project: Project, scripts: tuple[str, ...] = SCRIPTS) -> list[tuple[str, str, str]]:
    """Every generated page (path, the digest of what it is rendered from, what writes it), in render order.

    A page's fingerprint covers everything its template reads, so that a page is rendered again exactly when its
    fingerprint changes. A document page reads its document, its notes, the glossary, the themes, and the links that
    touch it with what it shows of their other ends (title, date, label and heading: a document's `summary` and
    `outline`). The library's pages read those of every document, and the curation they list. The templates, the
    conversion and the project's code are in every fingerprint. A test compares pages built from a store after
    edits with pages built afresh."""
    root, curation = project.root, project.curation
    templates = sorted((root / "templates" / "pages").glob("*.j2"))
    base = digest(version(), project.converter.key, [(t.name, t.read_bytes()) for t in templates])
    documents = project.documents
    content = {d.id: digest(d.digest, sorted(d.aliases.items())) for d in documents}
    summary = {d.id: _summary(d) for d in documents}
    library = digest(sorted(summary.items()))
    # What the curated sources feed, by who reads it (curate.SOURCES declares it): a new curated file is in the
    # fingerprints of the pages that read it without a line here.
    everywhere = digest([_shown(getattr(curation, name)) for name in fed(EVERY_PAGE)])
    touching: dict[str, list[str]] = defaultdict(list)
    for name in fed(LINKED_PAGES, LINKED_AND_LIBRARY):
        for document, shown in _by_document(getattr(curation, name), summary):
            touching[document].append(shown)
    for document, shown in _by_document(curation.suggestions, summary):  # the machine's links, not curated: alike
        touching[document].append(shown)
    # References in a text are shown on its page (a link with its target's label, or a citation) and on the pages of
    # the provisions they cite (被引用, with the citing provision's label): both ends, as links are.
    for document_id, found in project.references.by_document.items():
        for reference in found:
            targets = {target.document for target in reference.targets}
            touching[document_id].append(repr(reference) + "".join(summary[t] for t in sorted(targets)))
            for target in targets - {document_id}:
                touching[target].append(repr(reference) + summary[document_id])
    # Versions: a page shows its status and relations (with the other documents' titles), and a compared unit's change
    # with the other version's label; the comparison page shows both versions.
    versions = project.versions
    statuses = {doc_id: repr(status) for doc_id, status in versions.relations.statuses.items()}
    for doc_id in statuses:
        others = [other for _, other in versions.relations.outgoing.get(doc_id, ()) + versions.relations.incoming.get(doc_id, ())]
        touching[doc_id].append(statuses[doc_id] + "".join(summary[o] + statuses[o] for o in others))
    for comparison in versions.comparisons.values():
        shown = repr(comparison.pairs) + summary[comparison.older] + summary[comparison.newer]
        touching[comparison.older].append(shown)
        touching[comparison.newer].append(shown)
    sources = project.edit_sources
    curated = digest([_shown(getattr(curation, name)) for name in fed(EVERY_PAGE, LINKED_AND_LIBRARY, LIBRARY_PAGES)])
    # The conversion review page lists every undecided place (a document page's own follow from its digest).
    review = digest(
        sorted((doc_id, [f"{d.place!r}{d.chosen}{d.path}:{d.line}" for d in found]) for doc_id, found in project.doubts.items())
    )
    large = len(documents) > NAV_DOCUMENT_LIMIT
    own_units = unit_pages(documents, project.converter)
    planned: list[tuple[str, str, str]] = []
    for script in scripts:
        document_pages = []
        for d in documents:
            path = f"{script}/{d.id}.md"
            fingerprint = digest(base, path, content[d.id], sources[d.id], everywhere, sorted(touching[d.id]))
            document_pages.append((path, fingerprint, "document"))
        planned += document_pages
        printed = digest(base, script, large, [] if large else [fingerprint for _, fingerprint, _ in document_pages])
        planned.append((f"{script}/print.md", printed, "print"))
        listed = sorted((doc_id, summary[doc_id], statuses.get(doc_id, "")) for doc_id in summary)
        planned.append((f"{script}/index.md", digest(base, script, "index", listed), "index"))
        if large:
            for year, group in documents_by_year(documents).items():
                path = f"{script}/documents-{year}.md"
                planned.append((path, digest(base, path, [(summary[d.id], statuses.get(d.id, "")) for d in group]), "year"))
        for comparison in versions.comparisons.values():
            path = f"{script}/compare/{comparison.newer}.md"
            both = (content[comparison.older], content[comparison.newer])
            planned.append(
                (path, digest(base, path, repr(comparison.pairs), both, summary[comparison.older], summary[comparison.newer]), "comparison")
            )
        for reader_page in READER_PAGES:
            path = f"{script}/{reader_page.name}.md"
            planned.append((path, digest(base, path, library, curated, review), reader_page.name))
        for slug in own_units:
            path = f"{script}/units/{slug}.md"
            planned.append((path, digest(base, path, library), "unit"))
    return planned


def _summary(document: Document) -> str:
    """What pages that list or link a document show of it: its metadata, warnings and outline (labels, headings,
    responsible units). Kept by the document's digest: a document kept between rebuilds is not walked again."""

    def summary() -> str:
        meta = document.meta
        outline = [(p.id, p.label, p.heading, p.units_normalized) for p in document.walk()]
        return digest(meta.title, meta.short_title, meta.date, meta.kind, meta.original_script, document.warnings, outline)

    return by_digest("summary", document.digest, summary)


def _shown(value: object) -> list[str]:
    """A curated field as its pages show it: each entry's repr, in order."""
    entries = value.items() if isinstance(value, dict) else value
    return [repr(entry) for entry in entries]  # type: ignore[attr-defined]


def _by_document(value: object, summary: dict[str, str]) -> list[tuple[str, str]]:
    """(document, what its page shows of the entry) for each document an entry of a LINKED_PAGES field names: a note
    on the page of its document; a link on the pages of both ends, with what it shows of the other end."""
    if isinstance(value, dict):  # keyed by provision: annotations
        return [(ref.document, repr(ref) + repr(entries)) for ref, entries in value.items()]
    assert isinstance(value, list)
    shown: list[tuple[str, str]] = []
    for source, target, link in per_object("links shown", value, lambda: _links_shown(value)):
        shown += [(source, link + summary[target]), (target, link + summary[source])]
    return shown


def _links_shown(pool: list[Link]) -> list[tuple[str, str, str]]:
    return [
        (
            link.source.document,
            link.target.document,
            f"{link.source}|{link.target}|{link.theme}|{link.origin}|{link.score}|{link.rationale}",
        )
        for link in pool
    ]


def _with_edit_source(text: str, relative: str) -> str:
    """A hand-written page's edit button opens the page's own source file (templates/theme/partials/actions.html)."""
    line = f"edit_source: edit/main/{relative}\n"
    if text.startswith("---\n"):
        return text if "\nedit_source:" in text.split("\n---", 1)[0] else "---\n" + line + text[4:]
    return "---\n" + line + "---\n\n" + text


def write_pages(files: Pages, target: Path, previous: Pages | None = None) -> list[str]:
    """Make target hold exactly these files, writing only those that differ (from `previous` when the caller knows
    what it wrote last, else from the disk) and removing the rest; returns the paths that changed. MkDocs' preview
    rebuilds only what changed, by modification time."""
    outputs = safe_io.Outputs(target)
    changed = []
    for relative, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = target / relative
        if previous is not None:
            same = previous.get(relative) == content and path.is_file()
        else:
            same = path.is_file() and not path.is_symlink() and path.read_bytes() == data
        if same:
            outputs.claim(relative, "build_tools/pages.py", relative)
            continue
        outputs.write_bytes(relative, data, "build_tools/pages.py", relative)
        changed.append(relative)
    outputs.raise_problems()
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target).as_posix()
            if path.is_symlink() or (path.is_file() and relative not in files):
                path.unlink()
                changed.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(changed)
