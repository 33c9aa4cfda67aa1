"""Render Markdown pages in both scripts from the model, with the Jinja2 templates in templates/pages/."""

from __future__ import annotations

import functools
import html
import json
import re
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import jinja2

from . import safe_io
from .clean import FOUND, PLACEHOLDER, STEPS
from .context import DOUBT_CLOSE, DOUBT_OPEN, PageContext
from .convert import Converter
from .export import EXPORTS
from .forms import KIND_NAMES, load_forms
from .model import SCRIPT_LABELS, SCRIPTS, Curation, Document, Problem, Provision, Ref, Reference
from .reader_pages import READER_PAGES, UnitRow, unit_pages, units
from .references import References
from .review import Doubt
from .versions import CHANGES, Comparison, Versions, unit_text, word_diff

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
MARKDOWN_ENTITIES = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]#+!|~"}


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown must show as it is (headings, table cells)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def change_excerpt(before: str, after: str, context: int = 8) -> tuple[str, str]:
    """The part of a repaired line that changed, with a little context on each side: ('…数  字福建…', '…数字福建…')."""
    if not after:
        return before, ""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    lead = max(0, start - context)
    prefix = "…" if lead else ""

    def cut(text: str, end: int) -> str:
        tail = min(len(text), end + context)
        return prefix + text[lead:tail] + ("…" if tail < len(text) else "")

    return cut(before, end_b), cut(after, end_a)


@functools.cache
def environment(templates: Path) -> jinja2.Environment:
    """One environment per templates folder, so that each rebuild does not compile the templates again (40 ms); Jinja
    checks a template's modification time when it is asked for, and compiles an edited one afresh."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=False,  # the output is Markdown; templates escape with |e (HTML) and |md (Markdown)
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["e"] = lambda value: html.escape(str(value), quote=True)
    # Quoted source text inside Markdown (the cleaning log): escaped for HTML, and Markdown's own marks as character
    # references, so that a quoted '[第二十三條](../檔案法.md)' stays text and never becomes a link.
    env.filters["quoted"] = lambda value: html.escape(str(value), quote=True).translate(MARKDOWN_ENTITIES)
    # A page title in YAML front matter: MkDocs and Material print it into the page as it is, so it is escaped as
    # text, then quoted as a YAML (JSON) string so that a ':' or a quote in a title cannot break the front matter.
    env.filters["front_matter"] = lambda value: json.dumps(html.escape(str(value), quote=False), ensure_ascii=False)
    return env


def heading_level(provision: Provision) -> int:
    """Headings start at h2 (h1 is the title), one level per depth, capped at h6."""
    return min(2 + provision.id.count("__"), 6)


NAV_DOCUMENT_LIMIT = 60  # beyond this, document pages are reached from the index, so no page carries the whole corpus


def site_nav(documents: list[Document], handwritten: dict[str, str], script: str, converter: Converter) -> list[object]:
    """MkDocs nav for one script: home, the documents by date (while few enough), the reader pages, hand-written pages."""
    ctx = PageContext(script, converter)
    nav: list[object] = [{ctx.t("首页"): "index.md"}]
    if len(documents) <= NAV_DOCUMENT_LIMIT:
        ordered = sorted(documents, key=lambda d: (d.meta.date, d.id))
        titles = [ctx.content(d.meta.title, d.meta.original_script) for d in ordered]
        # Versions of one document share its title: the date tells them apart. MkDocs puts nav titles into every page
        # as they are: a title is text, so it is escaped here.
        shown = [f"{t}（{d.meta.date[:4]}）" if titles.count(t) > 1 else t for t, d in zip(titles, ordered, strict=True)]
        nav.append({ctx.t("文件"): [{html.escape(title): f"{d.id}.md"} for title, d in zip(shown, ordered, strict=True)]})
    nav.append({ctx.t("读者工具"): [{ctx.name(page.label): f"{page.name}.md"} for page in READER_PAGES]})
    nav.extend({ctx.t(title): path} for path, title in sorted(handwritten.items()))
    return nav


def documents_by_year(documents: list[Document]) -> dict[str, list[Document]]:
    years: dict[str, list[Document]] = {}
    for document in sorted(documents, key=lambda d: (d.meta.date, d.id)):
        years.setdefault(document.meta.date[:4], []).append(document)
    return dict(sorted(years.items(), reverse=True))


def render_pages(
    documents: list[Document],
    converter: Converter,
    templates: Path,
    curation: Curation | None = None,
    edit_sources: Mapping[str, str] | None = None,
    only: Callable[[str], bool] | None = None,
    doubts: Mapping[str, tuple[Doubt, ...]] | None = None,
    references: References | None = None,
    versions: Versions | None = None,
) -> list[tuple[str, str, str]]:
    """Every generated Markdown page of both scripts, in a fixed order: its path `<script>/<name>.md`, its text, and
    what writes it ("document", or the name of its template). A path may come twice (a document named like a page):
    pages.py refuses the second.

    `only` chooses by path the pages to render (the others are left out), for a rebuild that knows what changed."""
    env = environment(templates)
    wanted = only or (lambda path: True)
    by_id = {d.id: d for d in documents}
    ordered = sorted(documents, key=lambda d: (d.meta.date, d.id))
    large = len(documents) > NAV_DOCUMENT_LIMIT
    years = documents_by_year(documents)
    common = {"kinds": KIND_NAMES, "scripts": SCRIPT_LABELS, "large": large, "exports": [e for e in EXPORTS if e.listed]}
    pages: list[tuple[str, str, str]] = []
    for script in SCRIPTS:
        ctx = PageContext(
            script, converter, curation or Curation(), by_id, doubts or {}, references or References(), versions or Versions()
        )
        for document in documents:
            if wanted(path := f"{script}/{document.id}.md"):
                pages.append((path, render_document(env, document, ctx, (edit_sources or {}).get(document.id, "")), "document"))
        if wanted(path := f"{script}/print.md"):
            # One page holding every document is for a small library; a large one prints document by document.
            body = "" if large else "".join(render_document(env, d, ctx, "", "print_document.md.j2", f"{d.id}--") for d in ordered)
            pages.append((path, env.get_template("print.md.j2").render(ctx=ctx, body=body, **common), "print"))
        if wanted(path := f"{script}/index.md"):
            listed = ordered[-NAV_DOCUMENT_LIMIT:] if large else ordered
            index = env.get_template("index.md.j2").render(ctx=ctx, documents=listed, total=len(documents), years=years, **common)
            pages.append((path, index, "index"))
        for year, group in years.items() if large else ():
            if wanted(path := f"{script}/documents-{year}.md"):
                pages.append((path, env.get_template("year.md.j2").render(ctx=ctx, year=year, documents=group, **common), "year"))
        for comparison in versions.comparisons.values() if versions else ():
            if wanted(path := f"{script}/compare/{comparison.newer}.md"):
                pages.append((path, render_comparison(env, comparison, ctx), "comparison"))
        shown: dict[str, object] = {}  # each reader page's data, by page: the units page's rows serve the unit pages too
        for reader_page in READER_PAGES:
            if wanted(path := f"{script}/{reader_page.name}.md"):
                shown[reader_page.name] = reader_page.data(ctx)
                page = env.get_template(f"{reader_page.name}.md.j2").render(ctx=ctx, data=shown[reader_page.name], **common)
                pages.append((path, page, reader_page.name))
        if any(wanted(f"{script}/units/{slug}.md") for slug in unit_pages(documents, converter)):
            for row in cast(list[UnitRow], shown["units"]) if "units" in shown else units(ctx):
                if row.own_page and wanted(f"{script}/units/{row.slug}.md"):
                    page = env.get_template("unit.md.j2").render(ctx=ctx, row=row, **common)
                    pages.append((f"{script}/units/{row.slug}.md", page, "unit"))
    return pages


def render_document(
    env: jinja2.Environment,
    document: Document,
    ctx: PageContext,
    edit_source: str = "",
    template: str = "document.md.j2",
    id_prefix: str = "",
) -> str:
    original = document.meta.original_script
    inline = env.get_template("inline.html.j2").module  # the markup set inside running text
    placeholder_title = ctx.t("匿名占位符")

    def marked(escaped: str) -> str:
        if "placeholders" not in document.meta.found:
            return escaped
        return PLACEHOLDER.sub(lambda m: inline.placeholder(m.group(0), placeholder_title), escaped)  # type: ignore[attr-defined]

    def href(target: Ref) -> str:
        if id_prefix:  # the print page holds every document: anchors are prefixed by their document
            return f"#{target.document}--{target.provision}" if target.provision else f"#{target.document}"
        if target.document == document.id:
            return f"#{target.provision}"
        return target.href if target.provision else f"{target.document}.html"

    def references_in(provision: Provision | None, part: str) -> list[Reference]:
        if provision is None:
            return []
        return [r for r in ctx.references.of(Ref(document.id, provision.id)) if r.part == part and (r.target or r.cited)]

    def text(value: str, provision: Provision | None = None, part: str = "text") -> str:
        converted, doubts = ctx.content_marked(value, original)
        refs = references_in(provision, part)
        escaped = html.escape(reference_sentinels(converted, refs, len(value)), quote=False)
        linked = reference_marks(glossary_marks(escaped, ctx, inline), refs, ctx, inline, href)
        marked_up = doubt_marks(marked(linked), doubts, ctx, inline)
        return marked_up.replace("\n", "<br>")  # lines printed apart: a 落款's issuer and date, a formula

    def heading(value: str, provision: Provision | None = None) -> str:
        converted, doubts = ctx.content_marked(value, original)
        refs = references_in(provision, "heading")
        if refs and "placeholders" not in document.meta.found:
            marked_up = reference_marks(escape_markdown(reference_sentinels(converted, refs, len(value))), refs, ctx, inline, href)
            return doubt_marks(marked_up, doubts, ctx, inline)
        if "placeholders" in document.meta.found:
            parts = PLACEHOLDER.split(converted)
            marks = PLACEHOLDER.findall(converted)
            out = escape_markdown(parts[0])
            for mark, part in zip(marks, parts[1:], strict=True):
                out += inline.placeholder(mark, "") + escape_markdown(part)  # type: ignore[attr-defined]
            return doubt_marks(out, doubts, ctx, inline)
        return doubt_marks(escape_markdown(converted), doubts, ctx, inline)

    form = load_forms().forms.get(document.form)
    return env.get_template(template).render(
        doc=document,
        edit_source=edit_source,
        related=lambda p: ctx.related(Ref(document.id, p.id)),
        cited_by=lambda p: ctx.cited_by(Ref(document.id, p.id)),
        href=href,
        suggested=lambda p: ctx.related(Ref(document.id, p.id), "suggested"),
        notes=lambda p: ctx.notes(Ref(document.id, p.id)),
        anchor=lambda provision_id: id_prefix + provision_id,
        meta=document.meta,
        ctx=ctx,
        text=text,
        heading=heading,
        level=heading_level,
        separator=marker_separator,
        kinds=KIND_NAMES,
        form_title=form.title if form else None,
        found_names=FOUND,
        steps=STEPS,
        excerpt=change_excerpt,
        scripts=SCRIPT_LABELS,
    )


def render_comparison(env: jinja2.Environment, comparison: Comparison, ctx: PageContext) -> str:
    """A version pair side by side, unit by unit, the removed and added words marked (versions.py)."""
    older, newer = ctx.documents[comparison.older], ctx.documents[comparison.newer]
    rows = []
    for pair in comparison.pairs:
        old = older.find(pair.older) if pair.older else None
        new = newer.find(pair.newer) if pair.newer else None
        old_text, new_text = unit_text(old) if old else "", unit_text(new) if new else ""
        old_runs, new_runs = word_diff(old_text, new_text) if pair.change != "same" else ([("equal", old_text)], [("equal", new_text)])
        changed_units = []  # responsible units the newer task adds (增) and drops (减)
        if old and new:
            added = [u for u in new.units_normalized if u not in old.units_normalized]
            removed = [u for u in old.units_normalized if u not in new.units_normalized]
            if added:
                changed_units.append(ctx.t("增") + "“" + "、".join(added) + "”")
            if removed:
                changed_units.append(ctx.t("减") + "“" + "、".join(removed) + "”")
        units = "；".join(changed_units)
        rows.append(
            {
                "code": pair.change,
                "label": ctx.name(CHANGES[pair.change]),
                "anchor": pair.newer or f"removed-{pair.older}",
                "old_id": pair.older or "",
                "new_id": pair.newer or "",
                "old_label": ctx.content(old.label, older.meta.original_script) if old else "",
                "new_label": ctx.content(new.label, newer.meta.original_script) if new else "",
                "old_html": _runs_html(old_runs, old_text, older.meta.original_script, ctx, "del"),
                "new_html": _runs_html(new_runs, new_text, newer.meta.original_script, ctx, "ins"),
                "units": html.escape(ctx.content(units, newer.meta.original_script)),
                "decided": pair.decided,
            }
        )
    return env.get_template("comparison.md.j2").render(
        ctx=ctx,
        comparison=comparison,
        rows=rows,
        counts=comparison.counts(),
        decided=sum(1 for pair in comparison.pairs if pair.decided),
        changes={code: ctx.name(label) for code, label in CHANGES.items()},
        level=ctx.content(comparison.level, older.meta.original_script) if comparison.level != "task" else ctx.t("任务"),
        older_title=ctx.content(older.meta.title, older.meta.original_script),
        newer_title=ctx.content(newer.meta.title, newer.meta.original_script),
        older_date=older.meta.date,
        newer_date=newer.meta.date,
    )


def _runs_html(runs: list[tuple[str, str]], whole: str, original: str, ctx: PageContext, mark: str) -> str:
    """Runs of a text, converted as one text (conversion maps character for character) and cut again, as HTML."""
    converted = ctx.content(whole, original)
    out, at = [], 0
    for tag, text in runs:
        start = whole.find(text, at) if text else at
        piece = converted[start : start + len(text)] if len(converted) == len(whole) and start >= 0 else ctx.content(text, original)
        at = max(at, start + len(text))
        escaped = html.escape(piece, quote=False).replace("\n", "<br>")
        out.append(f"<{mark}>{escaped}</{mark}>" if tag != "equal" else escaped)
    return "<p>" + "".join(out) + "</p>"


def marker_separator(provision: Provision) -> str:
    """Between a number and its heading, as official texts print them: 第一章　总则 (an ideographic space), 一、总则."""
    marker = provision.marker.strip()
    return "\u3000" if marker and provision.heading and re.search(r"[\w]$", marker) else ""


DOUBT_MARK = re.compile(f"{DOUBT_OPEN}(.){DOUBT_CLOSE}")


def doubt_marks(escaped: str, doubts: list[Doubt], ctx: PageContext, inline: Any) -> str:
    """Each undecided character of converted text, quietly marked, with both readings on hover and focus."""
    if not doubts:
        return escaped
    places = iter(doubts)

    def mark(match: re.Match[str]) -> str:
        title = html.escape(ctx.doubt_title(next(places)), quote=True)
        return str(inline.doubt(match.group(1), title))

    return DOUBT_MARK.sub(mark, escaped)


# Around the words of a reference in converted text, until reference_marks makes them a link: private use characters,
# which no seed may contain (safe_io refuses them), with the reference's number between the first two.
REFERENCE_OPEN, REFERENCE_NUMBER_END, REFERENCE_CLOSE = "\ue002", "\ue003", "\ue004"
REFERENCE_MARK = re.compile(f"{REFERENCE_OPEN}([0-9]+){REFERENCE_NUMBER_END}(.*?){REFERENCE_CLOSE}", re.S)


def reference_sentinels(converted: str, references: list[Reference], length: int) -> str:
    """The converted text with each reference's words between sentinels. The offsets are the original's (`length`
    characters): conversion maps character for character, and the doubt marks around a character are not counted."""
    positions = [i for i, ch in enumerate(converted) if ch not in (DOUBT_OPEN, DOUBT_CLOSE)]
    if not references or len(positions) != length:
        return converted  # not character for character after all: no links rather than misplaced ones
    out, at = [], 0
    for number, reference in sorted(enumerate(references), key=lambda pair: pair[1].start):
        start, end = positions[reference.start], positions[reference.end - 1] + 1
        if start < at:
            continue  # overlapping words: the first reference keeps them
        if start and converted[start - 1] == DOUBT_OPEN:
            start -= 1  # a marked character keeps its marks together
        if end < len(converted) and converted[end] == DOUBT_CLOSE:
            end += 1
        out += [converted[at:start], f"{REFERENCE_OPEN}{number}{REFERENCE_NUMBER_END}", converted[start:end], REFERENCE_CLOSE]
        at = end
    out.append(converted[at:])
    return "".join(out)


def reference_marks(escaped: str, references: list[Reference], ctx: PageContext, inline: Any, href: Callable[[Ref], str]) -> str:
    """Each reference's words as a link to what they cite (its label on hover), or as a citation of a document the
    library does not hold."""
    if not references:
        return escaped

    def mark(match: re.Match[str]) -> str:
        reference, words = references[int(match.group(1))], match.group(2)
        title = html.escape(ctx.reference_title(reference), quote=True)
        if reference.target is not None:
            return str(inline.reference(href(reference.target), title, words))
        return str(inline.citation(title, words))

    return REFERENCE_MARK.sub(mark, escaped)


def glossary_marks(escaped: str, ctx: PageContext, inline: Any) -> str:
    """Each glossary term's first occurrence in a passage links to its entry, with the definition on hover (never
    inside the words of a reference, which are a link already)."""
    if not ctx.curation.glossary:
        return escaped
    pattern, lookup = ctx.glossary_pattern()
    done: set[str] = set()
    inside = [match.span(2) for match in REFERENCE_MARK.finditer(escaped)]

    def mark(match: re.Match[str]) -> str:
        term = lookup[match.group(0)]
        if any(start <= match.start() < end for start, end in inside):
            return match.group(0)
        if term.id in done:
            return match.group(0)
        done.add(term.id)
        title = html.escape(ctx.t(re.sub(r"<[^>]+>", "", term.html)).strip(), quote=True)
        return str(inline.term(f"glossary.html#{term.id}", title, match.group(0)))

    return pattern.sub(mark, escaped)


def template_problem(root: Path, error: Exception) -> Problem:
    """A template that does not render, as `templates/…:line: …` (Jinja puts the template's lines in the traceback)."""
    name, line = "", 0
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.filename or error.name or "", error.lineno
    else:
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith((".j2", ".html")):
                name, line = frame.filename, frame.lineno or 0
                break
    path = safe_io.display(Path(name), root) if name else "templates"
    return Problem(path, line, f"the template does not render: {safe_io.shown(str(error), 200)}; expected a template Jinja2 can render.")
