"""Every page MkDocs reads, in memory: the generated ones (render.py) and the hand-written ones (docs/), both scripts.

`pages` is the one place that says what the site's pages are: build writes them into build/docs/, the preview
writes the ones that changed, golden compares them. Every path has one owner: a second writer is refused and named
(a document called `documents-2024` would otherwise replace a year page without a word)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from . import safe_io
from .model import SCRIPTS, BuildError, Problem
from .project import Project
from .render import render_pages, template_problem
from .typography import regional_quotes

Pages = dict[str, str | bytes]  # `<script>/<path>` → Markdown text, or the bytes of an asset


def pages(project: Project, only: Callable[[str], bool] | None = None) -> Pages:
    """The site's pages; with `only`, just the generated pages it accepts (and every hand-written one)."""
    root = project.root
    try:
        generated = render_pages(
            project.documents, project.converter, root / "templates" / "pages", project.curation, project.edit_sources, only
        )
    except jinja2.TemplateError as error:
        raise BuildError([template_problem(root, error)]) from None
    claims = safe_io.Outputs(root / "build" / "docs")
    out: Pages = {}
    documents = {f"{d.id}.md": (d.seed_path or f"seeds/{d.id}.txt", f"the page of document '{d.id}'") for d in project.documents}
    # The site's own pages claim first, so that a clash names the document: the input to rename.
    ordered = [entry for entry in generated if entry[2] != "document"] + [entry for entry in generated if entry[2] == "document"]
    for path, text, writer in ordered:
        name = path.split("/", 1)[1]
        if writer == "document":
            owner, what = documents[name]
        else:
            template = root / "templates" / "pages" / f"{writer}.md.j2"
            owner, what = safe_io.display(template, root) if template.exists() else "templates/pages", f"the generated page {name}"
        if claims.claim(path, owner, what):
            out[path] = text
    for script in SCRIPTS:
        for source in safe_io.walk_files(root, root / "docs"):
            relative = f"{script}/{source.relative_to(root / 'docs').as_posix()}"
            owner = safe_io.display(source, root)
            if not claims.claim(relative, owner, f"the {'page' if source.suffix == '.md' else 'file'} {owner}"):
                continue
            try:
                if source.suffix == ".md":
                    text = _with_edit_source(safe_io.read_text(root, source), owner)
                    out[relative] = regional_quotes(project.converter.to_hant(text), "zh-Hant") if script == "zh-Hant" else text
                else:
                    out[relative] = safe_io.read_bytes(root, source)
            except safe_io.InputError as error:
                claims.problems.append(Problem(owner, error.line, error.message))
    claims.raise_problems()
    return dict(sorted(out.items()))


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
