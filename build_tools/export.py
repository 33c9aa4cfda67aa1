"""Export the corpus for researchers: data/corpus.json and data/tasks.csv, in the documents' original scripts."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Curation, Document


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
        {"source": link.source, "target": link.target, "theme": link.theme, "origin": "curated", "rationale": link.rationale}
        for link in curation.links
    ]
    suggested: list[dict[str, object]] = [
        {"source": link.source, "target": link.target, "theme": "", "origin": "suggested", "rationale": "", "score": link.score}
        for link in curation.suggestions
    ]
    return curated + suggested


def links_csv(links: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["source", "target", "theme", "origin", "rationale", "score"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(links)
    return buffer.getvalue()
