"""Golden snapshots, compared by tests; `python -m build_tools golden` rewrites them:
- structure/<document>.txt: what cleaning and parsing made of each seed;
- pages/<script>/<page>.md: every Markdown page MkDocs reads (pages.pages: generated and hand-written);
- conversion/<document>.txt: where our conversion and MediaWiki's differ, and how each place is decided."""

from __future__ import annotations

from pathlib import Path

from .model import Document
from .pages import pages
from .project import Project, load_project
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
    project = load_project(root)
    files: dict[Path, str] = {Path("structure") / f"{d.id}.txt": structure_snapshot(d) for d in project.documents}
    files.update({Path("pages") / path: text for path, text in pages(project).items() if isinstance(text, str)})
    files.update(review_golden_files(root, project))
    return files


def review_golden_files(root: Path, project: Project | None = None) -> dict[Path, str]:
    """conversion/<document>.txt for every seed of the project at `root`."""
    loaded = project or load_project(root, suggestions=False)
    return review_files(loaded.converter, loaded.documents, root)


def write_golden(root: Path, check: bool = False) -> list[str]:
    """Write (or with check=True only compare) tests/golden/; returns the files that differ, and removes (or with
    check=True reports) snapshots of pages that no longer exist."""
    base = root / "tests" / "golden"
    changed = []
    files = golden_files(root)
    for relative, content in files.items():
        path = base / relative
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            changed.append(relative.as_posix())
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        if path.relative_to(base) not in files:
            changed.append(path.relative_to(base).as_posix())
            if not check:
                path.unlink()
    return changed
