"""Read and check everything the site is made from: seeds, sidecars, script settings, curated YAML, docs/ pages.

`load_project` is the one way in for build, preview, golden and check; it raises BuildError with every problem
found before anything is written. Inputs are read only from regular files inside the project (safe_io)."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import safe_io
from .aliases import load_aliases
from .cache import Store, digest, kept, version
from .convert import CONVERSION, Converter, load_converter
from .corpus import load_corpus
from .curate import load_curation
from .curated import CuratedFile, text_of
from .layout import reserved_id_problems
from .model import BuildError, Curation, Document, Problem
from .references import References, find_references
from .review import Doubt, document_texts, review
from .suggest import suggest_links
from .versions import Versions, as_of, check_relations, versions_of
from .workers import can_fork, forked_map

TERMS = "curation/terms.yml"
SEARCH_TERMS = "curation/search_terms.yml"


@dataclass
class Project:
    root: Path
    converter: Converter
    documents: list[Document]
    curation: Curation = field(default_factory=Curation)
    search_terms: list[str] = field(default_factory=list)
    handwritten: dict[str, str] = field(default_factory=dict)  # docs/*.md → its title (Simplified), for the nav
    # Conversion places no decision covers, by document: published with a default reading and marked (review.py).
    doubts: dict[str, tuple[Doubt, ...]] = field(default_factory=dict)
    unaligned: list[Problem] = field(default_factory=list)  # texts whose conversion could not be compared (never seen)
    references: References = field(default_factory=References)  # inside the texts: 第十一条, 前款, 《…》 (references.py)
    versions: Versions = field(default_factory=Versions)  # relations, statuses and comparisons (versions.py)

    def warnings(self) -> list[Problem]:
        """Everything a maintainer should look at, as `file:line: …`: structure warnings of each document (a marker its
        form lacks, a numbering jump, a body split from one line), then undecided conversions. `build`, `serve` and
        `check` print them, then references left as plain text (one that cannot be resolved, or could be read two
        ways); with `--strict` they fail."""
        structure = [problem for document in self.documents for problem in document.diagnostics]
        conversion = self.unaligned + [doubt.problem for found in self.doubts.values() for doubt in found]
        return structure + conversion + self.references.problems + list(self.versions.doubts)

    @functools.cached_property
    def edit_sources(self) -> dict[str, str]:
        """Where each document page's edit button leads: its annotation file, or a new one."""
        sources = {}
        for document in self.documents:
            relative = f"curation/annotations/{document.id}.yml"
            exists = (self.root / relative).exists()
            sources[document.id] = f"edit/main/{relative}" if exists else f"new/main/curation/annotations?filename={document.id}.yml"
        return sources


def load_project(root: Path, *, suggestions: bool = True, store: Store | None = None, workers: int = 1) -> Project:
    """Everything read and checked; with `suggestions`, also the machine-suggested links (kept apart, marked).
    With a store, what is unchanged since it was filled (a seed, its review, the suggestions) is taken from it.
    With workers > 1, many seeds to read (and their conversions to review) are shared among that many processes."""
    converter, documents, terms = gather(root, store, workers)
    curation, documents = curate(root, documents)
    project = Project(root, converter, documents, curation, terms, handwritten_pages(root))
    project.doubts, project.unaligned = review_conversion(root, documents, converter, store, workers)
    project.references = find_references(documents, converter.to_hans, store)
    today = as_of(documents, os.environ.get("SOURCE_DATE_EPOCH"))
    project.versions = versions_of(documents, today, store, curation.decided_pairs)
    return add_suggestions(project, store) if suggestions else project


MANY_REVIEWS = 40  # documents to review, from which it pays to review them in several processes


def review_conversion(
    root: Path, documents: list[Document], converter: Converter, store: Store | None = None, workers: int = 1
) -> tuple[dict[str, tuple[Doubt, ...]], list[Problem]]:
    """Every place where our conversion and MediaWiki's tables disagree and no decision covers it, by document. They
    are published with a default reading and marked, never refused: the original text needs no conversion, and a
    hundred new documents must not wait for hundreds of decisions (issue 20). `--strict` refuses them.

    With workers > 1, many documents to review are reviewed in that many processes."""

    def reviewed_now(document: Document) -> tuple[tuple[Doubt, ...], list[Problem]]:
        places, problems = review(document_texts(document, root), converter)
        return tuple(places), problems

    reviewed: dict[str, tuple[tuple[Doubt, ...], list[Problem]]] = {}
    for document in documents:
        if store is not None and document.digest and (known := store.get("doubts", document.digest)) is not None:
            reviewed[document.id] = known
    missing = [d for d in documents if d.id not in reviewed]
    if can_fork(workers) and len(missing) >= MANY_REVIEWS:
        # Only the documents' places in the list go to the workers, which inherit the list itself
        fresh = forked_map(lambda index: reviewed_now(missing[index]), range(len(missing)), workers, max(1, len(missing) // (workers * 8)))
    else:
        fresh = [reviewed_now(document) for document in missing]
    for document, result in zip(missing, fresh, strict=True):
        reviewed[document.id] = store.put("doubts", document.digest, result) if store is not None and document.digest else result
    found: dict[str, tuple[Doubt, ...]] = {}
    unaligned: list[Problem] = []
    for document in documents:
        places, problems = reviewed[document.id]
        if places:
            found[document.id] = places
        unaligned += problems
    return found, unaligned


def suggestions_key(project: Project) -> str:
    """What the suggestions are computed from: every document, and the curated links (which they leave out)."""
    curated = sorted(sorted(map(str, (link.source, link.target))) for link in project.curation.links)
    return digest(version(), project.converter.key, [d.digest for d in project.documents], curated)


def add_suggestions(project: Project, store: Store | None = None, workers: int = 1) -> Project:
    """The machine-suggested links between provisions, kept apart from the curated ones and marked as such."""
    compute = functools.partial(suggest_links, project.documents, project.curation, project.converter, workers)
    project.curation = dataclasses.replace(project.curation, suggestions=kept(store, "suggestions", suggestions_key(project), compute))
    return project


def yaml_file(root: Path, relative: str) -> tuple[yaml.Node | None, Any, list[Problem]]:
    """A curated YAML file read the safe way: a regular file in the project, UTF-8 text, no aliases, dates as text."""
    path = root / relative
    if not safe_io.exists(path):
        return None, None, [Problem(relative, 0, "the file is missing; expected it in the repository (see CONTRIBUTING.md).")]
    try:
        node, data = safe_io.yaml_data(safe_io.read_yaml_text(root, path))
    except safe_io.InputError as error:
        return None, None, [Problem(relative, error.line, error.message)]
    return node, data, []


def load_search_terms(root: Path) -> tuple[list[str], list[Problem]]:
    """curation/search_terms.yml: words search keeps whole (read by the one loader of curated files)."""
    problems: list[Problem] = []
    file = CuratedFile(root, SEARCH_TERMS, problems)
    if not file.exists:
        return [], [Problem(SEARCH_TERMS, 0, "the file is missing; expected it in the repository (see CONTRIBUTING.md).")]
    if file.node is not None and not (isinstance(file.node, yaml.MappingNode) and any(k.value == "terms" for k, _ in file.node.value)):
        return [], [Problem(SEARCH_TERMS, 1, "expected a top-level 'terms:' list of words.")]
    terms = []
    for item in file.entries("terms"):
        if not isinstance(item, yaml.ScalarNode) or not text_of(item) or item.tag.endswith((":bool", ":null")):
            return [], [Problem(SEARCH_TERMS, item.start_mark.line + 1, "each term must be a single word, e.g. - 一网通办.")]
        terms.append(text_of(item))
    return (terms, []) if not problems else ([], problems)


def gather(root: Path, store: Store | None = None, workers: int = 1) -> tuple[Converter, list[Document], list[str]]:
    """Read and validate the seeds and script settings; raise BuildError with all problems before anything is written.

    The project is checked first: a symbolic link, a special file or an oversized file among the inputs (or a link
    where the build writes) stops the build before any input is read."""
    unsafe = safe_io.project_problems(root)
    if unsafe:
        raise BuildError(unsafe)
    _, _, problems = yaml_file(root, TERMS)  # convert.py reads the file as it is: check that it is text first
    converter = Converter([])
    if not problems:
        converter, problems = _converter(root)
    terms, term_problems = load_search_terms(root)
    problems += term_problems
    documents: list[Document] = []
    try:
        documents = load_corpus(root, converter, store=store, workers=workers)
    except BuildError as error:
        problems += error.problems
    problems += reserved_id_problems(root, documents)
    problems += check_relations(documents)
    if problems:
        raise BuildError(list(dict.fromkeys(problems)))
    return converter, documents, terms


def _converter(root: Path) -> tuple[Converter, list[Problem]]:
    """The converter, kept in memory while its two files are unchanged (it holds OpenCC's converters, which take a
    tenth of a second to make and cannot be saved to disk): what it is made from is those files' text alone."""
    files = [root / TERMS, root / CONVERSION]
    key = digest(*(path.read_bytes() if path.is_file() else b"" for path in files))
    if key not in _CONVERTERS:
        _CONVERTERS.clear()
        _CONVERTERS[key] = load_converter(root)
    converter, problems = _CONVERTERS[key]
    return converter, list(problems)


_CONVERTERS: dict[str, tuple[Converter, list[Problem]]] = {}


def gather_curation(root: Path, documents: list[Document], converter: Converter | None = None) -> Curation:
    """The curated YAML, checked; with a converter, also the machine suggestions (kept apart, marked as such)."""
    return curate(root, documents, converter)[0]


def curate(root: Path, documents: list[Document], converter: Converter | None = None) -> tuple[Curation, list[Document]]:
    """The curated YAML, checked, and the documents with the old IDs of curation/aliases.yml joined (new Documents);
    BuildError with every problem of both."""
    curation, problems = load_curation(root, documents)
    documents, alias_problems = load_aliases(root, documents)
    problems += alias_problems
    if problems:
        raise BuildError(problems)
    if converter is not None:
        curation = dataclasses.replace(curation, suggestions=suggest_links(documents, curation, converter))
    return curation, documents


def handwritten_pages(root: Path) -> dict[str, str]:
    """docs/*.md → its front-matter title (in Simplified), for the nav."""
    pages = {}
    problems = []
    for path in safe_io.walk_files(root, root / "docs"):
        if path.parent != root / "docs" or path.suffix != ".md":
            continue
        display = safe_io.display(path, root)
        front: Any = {}
        try:
            text = safe_io.read_text(root, path)
            if text.startswith("---"):
                _, front = safe_io.yaml_data(text.split("---", 2)[1])  # its line 1 is the file's line 1
        except safe_io.InputError as error:
            problems.append(Problem(display, error.line, error.message))
        pages[path.name] = str((front if isinstance(front, dict) else {}).get("title") or path.stem)
    if problems:
        raise BuildError(problems)
    return pages
