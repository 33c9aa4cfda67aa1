"""The files at the site's root: the exports for researchers (data/corpus.json, tasks.csv, links.csv, references.csv,
changes.json and the Atom feed changes.atom, in the documents' original scripts) and the language chooser
(templates/landing.html)."""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from xml.sax.saxutils import escape

from . import safe_io
from .model import Curation, Document, Problem, Ref, Reference
from .references import References
from .versions import RELATIONS, STATUSES, Comparison, Versions


@dataclass(frozen=True)
class Exported:
    """What the exports are made from."""

    documents: list[Document]
    links: list[dict[str, object]] = field(default_factory=list)
    references: References = field(default_factory=References)
    versions: Versions = field(default_factory=Versions)

    @functools.cached_property
    def records(self) -> list[dict[str, Any]]:
        """Each document as the exports give it, made once for the whole corpus and for its parts."""
        return [document_record(document, self.references, self.versions) for document in self.documents]


LANDING = "templates/landing.html"
NOT_FOUND = "templates/404.html"  # the host's page for a missing address, for both scripts


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


def comparison_records(comparison: Comparison) -> list[dict[str, object]]:
    """A comparison as the exports give it: each row's older and newer provision IDs (null when absent) and change, and
    `"decided": true` on an editor's row (curation/versions/)."""
    return [
        {"from": pair.older, "to": pair.newer, "change": pair.change, **({"decided": True} if pair.decided else {})}
        for pair in comparison.pairs
    ]


def relation_record(versions: Versions, document_id: str) -> dict[str, list[str]]:
    """A document's relations both ways: supersedes, superseded_by, amends, amended_by, repeals, …"""
    record: dict[str, list[str]] = {}
    for kind, other in versions.relations.outgoing.get(document_id, ()):
        record.setdefault(kind, []).append(other)
    for kind, other in versions.relations.incoming.get(document_id, ()):
        record.setdefault(RELATIONS[kind].inverse, []).append(other)
    return record


def document_record(document: Document, references: References, versions: Versions) -> dict[str, Any]:
    """One document as the exports give it: metadata, status, relations, comparison, cleaning log and provisions."""
    return {
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
        "status": _status(versions, document.id),
        "relations": relation_record(versions, document.id),
        **({"comparison": comparison_records(versions.comparisons[document.id])} if document.id in versions.comparisons else {}),
        "warnings": document.warnings,
        "cleaning": [{"step": c.step, "line": c.line, "before": c.before, "after": c.after, "note": c.note} for c in document.changes],
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


def corpus_json(exported: Exported) -> str:
    """The whole corpus in one JSON text (published gzipped: data/corpus.json.gz)."""
    data: dict[str, Any] = {
        "documents": exported.records,
        "links": exported.links or [],
        "as_of": exported.versions.relations.today or None,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def corpus_gzip(exported: Exported) -> bytes:
    """The whole corpus, gzipped, with no time or name inside (the same inputs give the same bytes)."""
    return gzip.compress(corpus_json(exported).encode("utf-8"), compresslevel=9, mtime=0)


def bucket(document_id: str) -> str:
    """The file of data/documents/ holding a document: the first two hex digits of its ID's SHA-1 (at most 256 files,
    about 20 documents each at 5,000; a program finds it from data/documents.json, or computes it)."""
    return hashlib.sha1(document_id.encode("utf-8")).hexdigest()[:2]


def documents_index(exported: Exported) -> str:
    """What a program needs to fetch one document: each document's ID, title, date, kind, status and file."""
    entries = [
        {
            "id": d.id,
            "title": d.meta.title,
            "date": d.meta.date,
            "kind": d.meta.kind,
            "status": (_status(exported.versions, d.id) or {}).get("code"),
            "file": f"documents/{bucket(d.id)}.json.gz",
        }
        for d in exported.documents
    ]
    return json.dumps({"documents": entries, "as_of": exported.versions.relations.today or None}, ensure_ascii=False, indent=1) + "\n"


def document_files(exported: Exported) -> dict[str, bytes]:
    """data/documents/<xx>.json.gz: the documents of each bucket, each as corpus.json gives it, gzipped.

    Gzipped as the whole corpus is: at 5,000 documents they are 98 MB as JSON and 20 MB gzipped, a tenth of what
    GitHub Pages publishes saved (a host compresses what it sends anyway, but publishes what is on disk). A program
    reads one with gzip.decompress, or in a browser through DecompressionStream("gzip")."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in exported.records:
        grouped.setdefault(bucket(record["id"]), []).append(record)
    return {
        f"data/documents/{key}.json.gz": gzip.compress(
            (json.dumps({"documents": records}, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"), compresslevel=9, mtime=0
        )
        for key, records in sorted(grouped.items())
    }


def _status(versions: Versions, document_id: str) -> dict[str, str] | None:
    status = versions.relations.statuses.get(document_id)
    if status is None:
        return None
    return {"code": status.code, "label": STATUSES[status.code].hans, "by": status.by or "", "since": status.day or ""}


def changes_json(exported: Exported) -> str:
    """Every compared pair: the older and newer versions, the counts of each change, and the rows."""
    by_id = {d.id: d for d in exported.documents}
    pairs = []
    for newer, comparison in sorted(exported.versions.comparisons.items()):
        labels = {p.id: p.label for d in (by_id[comparison.older], by_id[newer]) for p in d.walk()}
        rows = [
            {**row, "from_label": labels.get(str(row["from"])), "to_label": labels.get(str(row["to"]))}
            for row in comparison_records(comparison)
        ]
        pairs.append({"older": comparison.older, "newer": newer, "level": comparison.level, "counts": comparison.counts(), "rows": rows})
    return json.dumps({"as_of": exported.versions.relations.today or None, "pairs": pairs}, ensure_ascii=False, indent=1) + "\n"


FEED_ENTRIES = 50


def changes_atom(exported: Exported) -> str:
    """An Atom feed of what the library holds, newest first: each document as it was added (by its date), and each new
    version with what changed. Made from the inputs alone (no clock), so the same inputs give the same bytes."""
    versions = exported.versions
    entries = []
    for document in exported.documents:
        summary = f"{document.meta.date} {document.meta.source}"
        comparison = versions.comparisons.get(document.id)
        if comparison is not None:
            counts = comparison.counts()
            summary += "；与旧版相比：" + "，".join(f"{label} {counts[code]}" for code, label in _CHANGE_WORDS.items() if counts[code])
        entries.append((document.meta.date, document.id, document.meta.title, summary))
    entries.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    updated = entries[0][0] if entries else "1970-01-01"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hans">',
        "<title>数字福建政策文库：新收录与新版本</title>",
        "<id>urn:dfl:changes</id>",
        f"<updated>{_atom_time(updated)}</updated>",
        '<link rel="alternate" href="../zh-Hans/index.html"/>',
    ]
    for date, doc_id, title, summary in entries[:FEED_ENTRIES]:
        lines += [
            "<entry>",
            f"<title>{escape(title)}</title>",
            f"<id>urn:dfl:document:{doc_id}</id>",
            f"<updated>{_atom_time(date)}</updated>",
            f'<link rel="alternate" href="../zh-Hans/{doc_id}.html"/>',
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


_CHANGE_WORDS = {"changed": "修改", "added": "新增", "removed": "删除", "moved": "移动", "same": "未变"}


def _atom_time(date: str) -> str:
    """A document's date (YYYY, YYYY-MM or YYYY-MM-DD) as an Atom date-time."""
    parts = ([*date.split("-"), "01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


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
    make: Callable[[Exported], str | bytes | dict[str, bytes]]  # a dict: several files, by path (a folder's export)
    listed: bool = True  # on the home page and in the footer (a folder of parts is reached from its index instead)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


# Adding an export is one entry here: the writer, the home page's list and the footer follow from it.
EXPORTS = (
    Export("data/documents.json", "seeds", "文件目录：每份文件的编号、标题、日期、效力及其数据文件（data/documents/）", documents_index),
    Export("data/documents/", "seeds", "每份文件的全部条款（原文字形），按目录所列文件分组", document_files, listed=False),
    Export("data/corpus.json.gz", "seeds", "全部文件与条款（原文字形，gzip 压缩），含编号、层级、责任单位、关联和文中引用", corpus_gzip),
    Export("data/tasks.csv", "seeds", "工作要点任务 × 责任单位", lambda exported: tasks_csv(exported.documents)),
    Export(
        "data/links.csv",
        "curation/crosswalk.yml",
        "条款之间的关联（编辑审定的与机器推荐的，分别标明）",
        lambda exported: links_csv(exported.links),
    ),
    Export(
        "data/references.csv",
        "seeds",
        "文中引用的条款与文件（已链接、本库未收录、未能确定）",
        lambda exported: references_csv(exported.documents, exported.references),
    ),
    Export("data/changes.json", "seeds", "新旧版本逐条对照（修改、新增、删除、移动、未变）", changes_json),
    Export("data/changes.atom", "seeds", "订阅：新收录的文件与新版本（Atom）", changes_atom),
)


def site_base() -> str:
    """The path the site is published under (DFL_SITE_URL, e.g. https://example.github.io/library/ → /library/)."""
    path = urlparse(os.environ.get("DFL_SITE_URL", "")).path or "/"
    return path if path.endswith("/") else path + "/"


def write_root_files(
    root: Path,
    site: Path,
    documents: list[Document],
    curation: Curation | None = None,
    references: References | None = None,
    versions: Versions | None = None,
) -> None:
    exported = Exported(documents, link_records(curation or Curation()), references or References(), versions or Versions())
    outputs = safe_io.Outputs(site)
    for export in EXPORTS:
        made = export.make(exported)
        if isinstance(made, dict):
            for path, content in made.items():
                outputs.write_bytes(path, content, export.owner, f"the export {export.path}")
        elif isinstance(made, bytes):
            outputs.write_bytes(export.path, made, export.owner, f"the export {export.path}")
        else:
            outputs.write_text(export.path, made, export.owner, f"the export {export.path}")
    for name, source, what in (("index.html", LANDING, "the language chooser"), ("404.html", NOT_FOUND, "the page for a missing address")):
        try:
            page = safe_io.read_text(root, root / source).replace("{base}", site_base())
            outputs.write_text(name, page, source, what)
        except safe_io.InputError as error:
            outputs.problems.append(Problem(source, error.line, error.message))
    outputs.raise_problems()
