"""The files at the site's root: the exports for researchers (data/corpus.json, tasks.csv, links.csv, in the
documents' original scripts) and the language chooser (templates/landing.html)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import safe_io
from .model import Curation, Document, Problem

LANDING = "templates/landing.html"


def corpus_json(documents: list[Document], links: list[dict[str, object]] | None = None) -> str:
    data: dict[str, Any] = {
        "documents": [
            {
                "id": document.id,
                "title": document.meta.title,
                "date": document.meta.date,
                "kind": document.meta.kind,
                "original_script": document.meta.original_script,
                "source": document.meta.source,
                "issuer": document.meta.issuer or None,
                "effective_date": document.meta.effective_date or None,
                "author": document.meta.author or None,
                "found_metadata": document.meta.found,
                "warnings": document.warnings,
                "cleaning": [
                    {"step": c.step, "line": c.line, "before": c.before, "after": c.after, "note": c.note} for c in document.changes
                ],
                "provisions": [
                    {
                        "id": p.id,
                        "parent": p.parent,
                        "kind": p.kind,
                        "label": p.label,
                        "marker": p.marker,
                        "heading": p.heading,
                        "text": p.text,
                        "responsible_units": p.responsible_units,
                        "responsible_units_normalized": p.units_normalized,
                        "source_lines": list(p.lines),
                    }
                    for p in document.walk()
                ],
            }
            for document in documents
        ],
        "links": links or [],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def tasks_csv(documents: list[Document]) -> str:
    """One row per (provision, responsible unit), for every provision that names its responsible units."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "provision", "label", "heading", "unit_as_printed", "unit", "order"])
    for document in documents:
        for provision in document.walk():
            pairs = zip(provision.responsible_units, provision.units_normalized, strict=True)
            for order, (printed, unit) in enumerate(pairs, start=1):
                writer.writerow([document.id, provision.id, provision.label, provision.heading, printed, unit, order])
    return buffer.getvalue()


def link_records(curation: Curation) -> list[dict[str, object]]:
    """Curated links first, then machine suggestions, each marked with its origin."""
    curated: list[dict[str, object]] = [
        {"source": str(link.source), "target": str(link.target), "theme": link.theme, "origin": "curated", "rationale": link.rationale}
        for link in curation.links
    ]
    suggested: list[dict[str, object]] = [
        {"source": str(link.source), "target": str(link.target), "theme": "", "origin": "suggested", "rationale": "", "score": link.score}
        for link in curation.suggestions
    ]
    return curated + suggested


def links_csv(links: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["source", "target", "theme", "origin", "rationale", "score"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(links)
    return buffer.getvalue()


@dataclass(frozen=True)
class Export:
    """A file for researchers at the site's root: where it goes, what it is made from, what readers are told of it
    (in Simplified; the home page and every page's footer list EXPORTS), and how it is made."""

    path: str
    owner: str  # the input it is made from, named in messages
    description: str
    make: Callable[[list[Document], list[dict[str, object]]], str]

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


# Adding an export is one entry here: the writer, the home page's list and the footer follow from it.
EXPORTS = (
    Export("data/corpus.json", "seeds", "全部文件与条款（原文字形），含编号、层级、责任单位和关联", corpus_json),
    Export("data/tasks.csv", "seeds", "工作要点任务 × 责任单位", lambda documents, _: tasks_csv(documents)),
    Export(
        "data/links.csv", "curation/crosswalk.yml", "条款之间的关联（编辑审定的与机器推荐的，分别标明）", lambda _, links: links_csv(links)
    ),
)


def write_root_files(root: Path, site: Path, documents: list[Document], curation: Curation | None = None) -> None:
    links = link_records(curation or Curation())
    outputs = safe_io.Outputs(site)
    for export in EXPORTS:
        outputs.write_text(export.path, export.make(documents, links), export.owner, f"the export {export.path}")
    try:
        outputs.write_text("index.html", safe_io.read_text(root, root / LANDING), LANDING, "the language chooser")
    except safe_io.InputError as error:
        outputs.problems.append(Problem(LANDING, error.line, error.message))
    outputs.raise_problems()
