"""The names the site uses, so that no document takes one: derived from what the build writes, never a list by hand."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import jinja2

from . import offline, safe_io
from .convert import Converter
from .export import write_root_files
from .mkdocs_site import theme_files
from .model import SCRIPTS, BuildError, Document, Problem
from .read import SLUG, seed_files
from .render import render_pages, template_problem

_SITE_NAMES: dict[tuple[object, ...], dict[str, str]] = {}


def _stem(name: str) -> str:
    return name.split(".", 1)[0].casefold()


def site_names(root: Path, converter: Converter) -> dict[str, str]:
    """Every top-level name (folded to its stem) that the site writes besides document pages, with what writes it.

    The generated pages are rendered once without documents, the root files and the offline zip are written once into
    a scratch folder, docs/ is listed, and MkDocs is asked for its theme's static templates and files and for its
    plugins (each may write a folder of its name, as search/ does). A name a large library adds later
    (documents-2024) is caught when it is written (pages.py), and the built site is checked again (check_site)."""
    templates = root / "templates"
    docs = root / "docs"
    configs = [root / "mkdocs.yml", root / "mkdocs.zh-Hant.yml"]
    key = (
        str(root),
        tuple((p.name, p.stat().st_mtime_ns) for p in sorted((templates / "pages").glob("*.j2"))),
        tuple(sorted(p.name for p in docs.iterdir())) if docs.is_dir() else (),
        tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in configs),
    )
    if key in _SITE_NAMES:
        return _SITE_NAMES[key]
    names: dict[str, str] = {}

    def add(name: str, what: str) -> None:
        names.setdefault(_stem(name), what)

    try:
        generated = render_pages([], converter, templates / "pages")
    except jinja2.TemplateError as error:
        raise BuildError([template_problem(root, error)]) from None
    for path, _, source in generated:
        stem = Path(path).stem
        template = templates / "pages" / f"{source}.md.j2"
        source = f", from {safe_io.display(template, root)}" if template.exists() else ""
        add(Path(path).name, f"the generated page {stem}.html{source}")
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        site = scratch / "site"
        write_root_files(root, site, [])
        offline.package(site)
        for entry in sorted(site.iterdir()):
            add(entry.name, f"{entry.name}{'/' if entry.is_dir() else ''} at the root of the site")
        static_templates, static_files, plugins = theme_files(root, scratch)
    for script in SCRIPTS:
        add(script, f"{script}/ at the root of the site")
    if docs.is_dir():
        for entry in sorted(docs.iterdir()):
            add(entry.name, f"the {'folder' if entry.is_dir() else 'page'} {safe_io.display(entry, root)}")
    for static in static_templates:
        add(static, f"{static}, which MkDocs writes")
    for name in sorted(static_files):
        add(name.split("/", 1)[0], f"the theme's folder {name.split('/', 1)[0]}/")
    for plugin in plugins:
        add(plugin.rsplit("/", 1)[-1], f"the MkDocs plugin {plugin}, which may write a folder of that name")
    _SITE_NAMES[key] = names
    return names


def _rename_hint(document_id: str, year: str, seed: str) -> str:
    return (
        f"; expected an ID of the document's own. Rename {seed} and seeds/{document_id}.yml."
        f" Did you mean '{document_id}-{year or 'document'}'?"
    )


def reserved_id_problems(root: Path, converter: Converter, documents: list[Document]) -> list[Problem]:
    """A document ID that is also a name the site uses would make one of the two vanish: refused, with a new name."""
    names = site_names(root, converter)
    years = {d.id: d.meta.date[:4] for d in documents}
    problems = []
    for seed in seed_files(root / "seeds"):
        slug = seed.stem
        if SLUG.match(slug) and slug.casefold() in names:
            taken = f"document ID '{slug}' is taken by the site ({names[slug.casefold()]}), and one of the two pages would vanish"
            problems.append(Problem(f"seeds/{seed.name}", 0, taken + _rename_hint(slug, years.get(slug, ""), f"seeds/{seed.name}")))
    return problems


def check_site(site: Path, documents: list[Document]) -> None:
    """The built site, before it replaces site/: no link anywhere (an upload follows links), and no document page whose
    name another entry of its folder shares (search.html beside search/, a name the checks before could not know)."""
    problems = []
    for folder, dirs, files in os.walk(site, followlinks=False):
        for name in dirs + files:
            if os.path.islink(Path(folder) / name):
                relative = (Path(folder) / name).relative_to(site).as_posix()
                problems.append(Problem(f"site/{relative}", 0, "is a symbolic link; expected files."))
    for script in SCRIPTS:
        if not (site / script).is_dir():
            continue
        stems = Counter(_stem(entry.name) for entry in (site / script).iterdir())
        for document in documents:
            if stems[_stem(document.id)] > 1:
                others = sorted(e.name for e in (site / script).iterdir() if _stem(e.name) == _stem(document.id))
                taken = f"document ID '{document.id}' is taken by the site ({', '.join(others)} in {script}/)"
                seed = document.seed_path or f"seeds/{document.id}.txt"
                problems.append(Problem(seed, 0, taken + _rename_hint(document.id, document.meta.date[:4], seed)))
    if problems:
        raise BuildError(list(dict.fromkeys(problems)))
