"""The site plan: every name the site takes besides its document pages, declared with what writes it, so that no
document takes one. Loading checks document IDs against it without rendering anything (project.py); the writers are
held to the same names: pages.py claims every path once, check_site looks at the built site before it is published,
and a test holds the plan to what a real build writes (tests/test_build.py)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from . import safe_io
from .model import SCRIPTS, BuildError, Document, Problem
from .read import SLUG, seed_files

# Templates of templates/pages/ that write no page of their own name: each document's page and its print part, a
# provision, the markup inside text, a large library's year lists (documents-2024, claimed when written).
TEMPLATE_PARTS = ("document", "print_document", "provision", "inline", "year", "comparison", "unit")
# Folders of generated pages in each script's folder: compare/<newer document>.html, a version pair side by side;
# units/<slug>.html, every task of one responsible unit.
GENERATED_FOLDERS = {
    "compare": "the folder compare/ of version comparisons, from templates/pages/comparison.md.j2",
    "units": "the folder units/ of responsible units' task lists, from templates/pages/unit.md.j2",
}
# What the site's root holds (export.py, offline.py, the two scripts' folders).
ROOT_NAMES = {
    "data": "data/ at the root of the site",
    "download": "download/ at the root of the site",
    **{script.casefold(): f"{script}/ at the root of the site" for script in SCRIPTS},
}
# What MkDocs, its theme and plugins, and Pagefind write into each script's folder besides the pages.
TOOL_NAMES = {
    "404": "404.html, which MkDocs writes",
    "sitemap": "sitemap.xml, which MkDocs writes",
    "assets": "the theme's folder assets/",
    "search": "the MkDocs plugin material/search, which may write a folder of that name",
    "pagefind": "Pagefind's index, the folder pagefind/",
}


def _stem(name: str) -> str:
    return name.split(".", 1)[0].casefold()


def site_plan(root: Path) -> dict[str, str]:
    """Every top-level name (folded to its stem) that the site takes besides document pages, with what takes it: the
    generated pages (one per template of templates/pages/ that is not a part), the root's names, docs/, and what the
    tools write. Read from the project's files, nothing rendered."""
    names: dict[str, str] = {}

    def add(name: str, what: str) -> None:
        names.setdefault(_stem(name), what)

    pages = root / "templates" / "pages"
    for template in sorted(pages.glob("*.md.j2")):
        stem = template.name.removesuffix(".md.j2")
        if stem not in TEMPLATE_PARTS:
            add(stem, f"the generated page {stem}.html, from {safe_io.display(template, root)}")
    for name, what in ROOT_NAMES.items():
        add(name, what)
    docs = root / "docs"
    if docs.is_dir():
        for entry in sorted(docs.iterdir()):
            add(entry.name, f"the {'folder' if entry.is_dir() else 'page'} {safe_io.display(entry, root)}")
    for name, what in {**TOOL_NAMES, **GENERATED_FOLDERS}.items():
        add(name, what)
    return names


def _rename_hint(document_id: str, year: str, seed: str) -> str:
    return (
        f"; expected an ID of the document's own. Rename {seed} and seeds/{document_id}.yml."
        f" Did you mean '{document_id}-{year or 'document'}'?"
    )


def reserved_id_problems(root: Path, documents: list[Document]) -> list[Problem]:
    """A document ID that is also a name the site uses would make one of the two vanish: refused, with a new name."""
    names = site_plan(root)
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
