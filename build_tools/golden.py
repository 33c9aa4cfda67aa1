"""Golden snapshots of seeds → structure and seeds → Markdown, compared by tests; `python -m build_tools golden` rewrites them."""

from __future__ import annotations

from pathlib import Path

from .build import edit_sources, gather, gather_curation
from .model import SCRIPTS, Document
from .render import PageContext, _environment, render_document
from .review import review_files


def structure_snapshot(document: Document) -> str:
    lines = [f"# {document.id}: {document.meta.title}", "", f"form: {document.form} ({document.form_reason})", ""]
    lines.append("## warnings")
    lines += [f"- {w}" for w in document.warnings] or ["(none)"]
    lines += ["", "## diagnostics"]
    lines += [f"- {d}" for d in document.diagnostics] or ["(none)"]
    lines += ["", "## cleaning"]
    lines += [f"{c.step}\t{c.line}\t{c.note or '→ ' + c.after}" for c in document.changes] or ["(none)"]
    lines += ["", "## provisions"]
    for p in document.walk():
        units = " / ".join(p.units_normalized)
        lines.append(
            "\t".join(
                [p.id, p.kind, p.label, p.marker, p.heading, f"lines {','.join(map(str, p.lines))}", f"units: {units}" if units else ""]
            ).rstrip()
        )
    return "\n".join(lines) + "\n"


def golden_files(root: Path) -> dict[Path, str]:
    converter, documents, _ = gather(root)
    curation = gather_curation(root, documents, converter)
    env = _environment(root / "templates" / "pages")
    extra = {"edit_sources": edit_sources(root, documents)}
    by_id = {d.id: d for d in documents}
    files: dict[Path, str] = {}
    for document in documents:
        files[Path("structure") / f"{document.id}.txt"] = structure_snapshot(document)
        for script in SCRIPTS:
            ctx = PageContext(script, converter, curation, by_id)
            files[Path("markdown") / script / f"{document.id}.md"] = render_document(env, document, ctx, extra)
    files.update(review_files(converter, documents, root))  # where our conversion and MediaWiki's differ, decided
    return files


def write_golden(root: Path, check: bool = False) -> list[str]:
    """Write (or with check=True only compare) tests/golden/; returns the files that differ."""
    base = root / "tests" / "golden"
    changed = []
    for relative, content in golden_files(root).items():
        path = base / relative
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            changed.append(relative.as_posix())
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    return changed
