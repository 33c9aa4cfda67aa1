"""The reader-tool pages (themes, concordance, responsible units, glossary, timeline): each page's name, and its data
in one page's script. Each is written by templates/pages/<name>.md.j2."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .cache import by_digest
from .context import PageContext
from .convert import Converter
from .forms import KIND_NAMES
from .model import Document, Label, Ref
from .review import decision_entry

# The units page shows each unit's latest tasks; a unit with more has a page of its own, units/<slug>.html, listing
# them all (one page listing every task of every unit grew to 20 MB at 5,000 documents).
UNIT_TASKS_SHOWN = 10


def unit_slug(simplified_name: str) -> str:
    """A unit page's ASCII name, the same in both scripts: from the unit's name in Simplified, so 省數據管理局 in a
    Traditional document and 省数据管理局 in a Simplified one are one unit."""
    return "u" + hashlib.sha256(simplified_name.encode("utf-8")).hexdigest()[:10]


def units_named(document: Document) -> list[str]:
    """Every responsible unit the document's provisions list, in order, as written (normalised). Kept by the
    document's digest: a document kept between rebuilds is not walked again."""
    return by_digest("units named", document.digest, lambda: [unit for p in document.walk() for unit in p.units_normalized])


def _slugs(converter: Converter) -> Callable[[str, str], str]:
    """unit_slug of a unit written in a script, each name converted once."""
    known: dict[tuple[str, str], str] = {}

    def slug(unit: str, script: str) -> str:
        if (unit, script) not in known:
            known[(unit, script)] = unit_slug(converter.convert(unit, "zh-Hans", script))
        return known[(unit, script)]

    return slug


def unit_pages(documents: Iterable[Document], converter: Converter) -> list[str]:
    """The slugs of the units that have a page of their own (more tasks than the units page shows), sorted."""
    slug = _slugs(converter)
    counts = Counter(slug(unit, d.meta.original_script) for d in documents for unit in units_named(d))
    return sorted(name for name, count in counts.items() if count > UNIT_TASKS_SHOWN)


@dataclass
class UnitRow:
    name: str
    slug: str
    lead: int = 0  # tasks where the unit is listed first
    shared: int = 0  # tasks where it is listed after another
    tasks: list[dict[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.lead + self.shared

    @property
    def latest(self) -> list[dict[str, str]]:
        """The tasks the units page shows: the latest ones."""
        return self.tasks[-UNIT_TASKS_SHOWN:]

    @property
    def own_page(self) -> bool:
        """Whether the unit has a page listing all its tasks (unit_pages names the same units)."""
        return len(self.tasks) > UNIT_TASKS_SHOWN

    def by_document(self) -> list[dict[str, object]]:
        """The tasks grouped by their document, the newest document first (a unit's own page)."""
        groups: dict[str, dict[str, object]] = {}
        for task in self.tasks:
            page = task["href"].split("#", 1)[0]
            group = groups.setdefault(page, {"href": page, "date": task["date"], "document": task["document"], "tasks": []})
            group["tasks"].append(task)  # type: ignore[attr-defined]
        return list(reversed(groups.values()))


def units(ctx: PageContext) -> list[UnitRow]:
    """Every unit with its tasks, oldest first; one row per unit's Simplified name, as unit_pages counts them."""
    rows: dict[str, UnitRow] = {}
    slug = _slugs(ctx.converter)
    for document in sorted(ctx.documents.values(), key=lambda d: (d.meta.date, d.id)):
        original = document.meta.original_script
        for provision in document.walk():
            for order, unit in enumerate(provision.units_normalized):
                key = slug(unit, original)
                row = rows.setdefault(key, UnitRow(ctx.content(unit, original), key))
                if order == 0:
                    row.lead += 1
                else:
                    row.shared += 1
                row.tasks.append({**ctx.describe(Ref(document.id, provision.id)), "lead": "1" if order == 0 else ""})
    return sorted(rows.values(), key=lambda r: (-r.total, -r.lead, r.name))


def themes(ctx: PageContext) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for theme in ctx.curation.themes.values():
        links = [link for link in ctx.curation.links if link.theme == theme.id]
        pairs = []
        for link in links:
            ends = sorted((ctx.describe(link.source), ctx.describe(link.target)), key=lambda e: (e["date"], e["href"]))
            pairs.append({"older": ends[0], "newer": ends[1], "rationale": ctx.t(link.rationale)})
        pairs.sort(key=lambda p: (p["newer"]["date"], p["newer"]["href"], p["older"]["href"]))  # type: ignore[index]
        out.append({"id": theme.id, "name": ctx.t(theme.name), "description": ctx.t(theme.description), "pairs": pairs})
    return out


def concordance(ctx: PageContext) -> dict[str, object]:
    """Themes × documents: which provisions of each document the theme's links touch."""
    linked = {ref.document for link in ctx.curation.links for ref in (link.source, link.target)}
    documents = sorted((d for d in ctx.documents.values() if d.id in linked), key=lambda d: (d.meta.date, d.id))
    cells: dict[tuple[str, str], set[Ref]] = defaultdict(set)
    for link in ctx.curation.links:
        for ref in (link.source, link.target):
            cells[(link.theme, ref.document)].add(ref)
    peak = max((len(v) for v in cells.values()), default=1)
    rows = []
    for theme in ctx.curation.themes.values():
        row = []
        for document in documents:
            refs = sorted(cells.get((theme.id, document.id), set()))
            items = [ctx.describe(ref) for ref in refs]
            row.append({"count": len(refs), "level": round(4 * len(refs) / peak) if refs else 0, "provisions": items})
        rows.append({"id": theme.id, "name": ctx.t(theme.name), "cells": row})
    columns = [
        {
            "id": d.id,
            "title": ctx.content(d.meta.short_title or d.meta.title, d.meta.original_script),
            "date": d.meta.date,
            "kind": ctx.name(KIND_NAMES[d.meta.kind]),
        }
        for d in documents
    ]
    return {"columns": columns, "rows": rows}


def glossary(ctx: PageContext) -> list[dict[str, object]]:
    return [
        {
            "id": term.id,
            "term": ctx.t(term.term),
            "html": ctx.t(term.html),
            "aliases": "、".join(ctx.t(a) for a in term.aliases),
            "source": ctx.describe(term.source) if term.source else None,  # optional: a term need not cite a provision
        }
        for term in sorted(ctx.curation.glossary, key=lambda t: t.term)
    ]


TIMELINE_DOCUMENTS = 60


def timeline(ctx: PageContext) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = [
        {"date": event.date, "text": ctx.t(event.text), "source": ctx.describe(event.source), "document": None}
        for event in ctx.curation.events
    ]
    documents = sorted(ctx.documents.values(), key=lambda d: (d.meta.date, d.id))
    if len(documents) > TIMELINE_DOCUMENTS:  # a large library: the documents are listed by year elsewhere
        cited = {event.source.document for event in ctx.curation.events}
        documents = [d for d in documents if d.id in cited]
    for document in documents:
        entries.append(
            {
                "date": document.meta.date,
                "text": ctx.content(document.meta.title, document.meta.original_script),
                "source": None,
                "document": {"href": f"{document.id}.html", "kind": ctx.name(KIND_NAMES[document.meta.kind])},
            }
        )
    return sorted(entries, key=lambda e: (str(e["date"]), e["document"] is None))


def conversion_review(ctx: PageContext) -> list[dict[str, object]]:
    """The places whose conversion into this page's script no one has decided: where each stands, both readings, the
    one published, and the entries an editor pastes to decide it (curation/conversion.yml or curation/terms.yml)."""
    rows: list[dict[str, object]] = []
    for document in sorted(ctx.documents.values(), key=lambda d: (d.meta.date, d.id)):
        original = document.meta.original_script
        if original == ctx.script:
            continue
        for doubt in ctx.doubts.get(document.id, ()):
            place = doubt.place
            rows.append(
                {
                    "document": ctx.content(document.meta.short_title or document.meta.title, original),
                    "href": f"{document.id}.html",
                    "where": f"{doubt.path}:{doubt.line}" if doubt.line else doubt.path,
                    "context": f"{place.before}【{place.source}】{place.after}",
                    "chosen": doubt.chosen,
                    "other": doubt.other,
                    "keep": decision_entry(place, doubt.script, doubt.chosen),
                    "change": decision_entry(place, doubt.script, doubt.other),
                }
            )
    return rows


@dataclass(frozen=True)
class ReaderPage:
    name: str  # the page is <name>.html, written by templates/pages/<name>.md.j2
    label: Label  # its title in the navigation
    data: Callable[[PageContext], object]


READER_PAGES = (
    ReaderPage("themes", Label("主题", "主題"), themes),
    ReaderPage("concordance", Label("主题对照", "主題對照"), concordance),
    ReaderPage("units", Label("责任单位", "責任單位"), units),
    ReaderPage("glossary", Label("术语表", "術語表"), glossary),
    ReaderPage("timeline", Label("时间线", "時間線"), timeline),
    ReaderPage("conversion-review", Label("转换待审", "轉換待審"), conversion_review),
)
