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
from .model import Curation, Document, Problem, Ref, Reference
from .references import References

LANDING = "templates/landing.html"


def reference_record(reference: Reference) -> dict[str, object]:
    """A reference as the exports give it: the words as printed, and what they cite as `<document>#<provision>`, or
    `<document>` for a whole document, or null (a document the library does not hold, or not resolvable)."""
    target = reference.target
    record: dict[str, object] = {
        "text": reference.text,
        "target": (str(target) if target.provision else target.document) if target else None,
    }
    if len(reference.targets) > 1:
        record["targets"] = [str(t) for t in reference.targets]
    if reference.cited:
        record["cited"] = reference.cited
    return record


def corpus_json(documents: list[Document], links: list[dict[str, object]] | None = None, references: References | None = None) -> str:
    references = references or References()
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
                        "references": [reference_record(r) for r in references.of(Ref(document.id, p.id))],
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


def references_csv(documents: list[Document], references: References) -> str:
    """One row per reference in the texts: where it stands, the words, what it cites (its label), or why not."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["document", "provision", "label", "text", "target", "target_label", "cited", "status"])
    by_id = {d.id: d for d in documents}
    for document in documents:
        for reference in references.by_document.get(document.id, ()):
            source = document.find(reference.source.provision)
            target = reference.target
            target_label = ""
            if target is not None and target.provision:
                found = by_id[target.document].find(target.provision)
                target_label = found.label if found else ""
            status = "linked" if target else "cited" if reference.cited else "unresolved"
            record = reference_record(reference)
            writer.writerow(
                [
                    document.id,
                    reference.source.provision,
                    source.label if source else "",
                    reference.text,
                    record["target"] or "",
                    target_label,
                    reference.cited,
                    status,
                ]
            )
    return buffer.getvalue()


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
    make: Callable[[list[Document], list[dict[str, object]], References], str]

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


# Adding an export is one entry here: the writer, the home page's list and the footer follow from it.
EXPORTS = (
    Export("data/corpus.json", "seeds", "全部文件与条款（原文字形），含编号、层级、责任单位、关联和文中引用", corpus_json),
    Export("data/tasks.csv", "seeds", "工作要点任务 × 责任单位", lambda documents, _, __: tasks_csv(documents)),
    Export(
        "data/links.csv",
        "curation/crosswalk.yml",
        "条款之间的关联（编辑审定的与机器推荐的，分别标明）",
        lambda _, links, __: links_csv(links),
    ),
    Export(
        "data/references.csv",
        "seeds",
        "文中引用的条款与文件（已链接、本库未收录、未能确定）",
        lambda documents, _, references: references_csv(documents, references),
    ),
)


def write_root_files(
    root: Path, site: Path, documents: list[Document], curation: Curation | None = None, references: References | None = None
) -> None:
    links = link_records(curation or Curation())
    outputs = safe_io.Outputs(site)
    for export in EXPORTS:
        made = export.make(documents, links, references or References())
        outputs.write_text(export.path, made, export.owner, f"the export {export.path}")
    try:
        outputs.write_text("index.html", safe_io.read_text(root, root / LANDING), LANDING, "the language chooser")
    except safe_io.InputError as error:
        outputs.problems.append(Problem(LANDING, error.line, error.message))
    outputs.raise_problems()
