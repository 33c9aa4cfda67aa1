"""Build the whole site: gather and validate everything, render both scripts, run MkDocs, then swap into site/.

Nothing under site/ is touched until every stage has succeeded, so a failed build leaves the previous site intact.
Inputs are read only from regular files inside the project (safe_io), and every output path has one owner: a
document cannot take a name the site uses, and no file is written twice.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import os
import shutil
import subprocess
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import offline, safe_io
from .aliases import load_aliases
from .convert import Converter, load_converter
from .corpus import load_corpus
from .curate import load_curation
from .export import corpus_json, link_records, links_csv, tasks_csv
from .model import SCRIPTS, BuildError, Curation, Document, Problem
from .read import SLUG
from .render import render_site_pages, site_nav
from .review import corpus_texts, undecided
from .search import add_cross_script_field, hosted_search, pagefind_index, search_vocabulary, write_jieba_dictionaries
from .suggest import suggest_links
from .typography import regional_quotes

CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}
TERMS = "curation/terms.yml"
SEARCH_TERMS = "curation/search_terms.yml"


@dataclass
class BuildReport:
    documents: list[Document]
    timings: dict[str, float] = field(default_factory=dict)
    site_dir: Path | None = None
    zip_path: Path | None = None
    hosted_search: str = "material"


@contextlib.contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


class _Messages(logging.Handler):
    """What MkDocs logs (its exceptions only say "Aborted with a configuration error!"), for the message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))

    def failed(self, error: Exception) -> str:
        return safe_io.shown(f"MkDocs failed: {'; '.join(self.messages) or error}", 1000)


@contextlib.contextmanager
def _mkdocs_messages() -> Iterator[_Messages]:
    handler = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    # Material resolves jieba_dict paths from the current directory, not from mkdocs.yml.
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, so that two builds of a commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "315532800"  # 1980-01-01, the earliest time a zip file can hold


def _yaml_file(root: Path, relative: str) -> tuple[yaml.Node | None, Any, list[Problem]]:
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
    node, data, problems = _yaml_file(root, SEARCH_TERMS)
    if problems:
        return [], problems
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return [], [Problem(SEARCH_TERMS, 1, "expected a top-level 'terms:' list of words.")]
    assert isinstance(node, yaml.MappingNode)
    items = next(value for key, value in node.value if key.value == "terms")  # one: safe_io refuses a key given twice
    for item, term in zip(items.value, data["terms"], strict=True):
        if not isinstance(term, str | int | float) or isinstance(term, bool) or not str(term).strip():
            return [], [Problem(SEARCH_TERMS, item.start_mark.line + 1, "each term must be a single word, e.g. - 一网通办.")]
    return [str(term) for term in data["terms"]], []


def gather(root: Path) -> tuple[Converter, list[Document], list[str]]:
    """Read and validate the seeds and script settings; raise BuildError with all problems before anything is written.

    The project is checked first: a symbolic link, a special file or an oversized file among the inputs (or a link
    where the build writes) stops the build before any input is read."""
    unsafe = safe_io.project_problems(root)
    if unsafe:
        raise BuildError(unsafe)
    _, _, problems = _yaml_file(root, TERMS)  # convert.py reads the file as it is: check that it is text first
    converter = Converter([])
    if not problems:
        converter, problems = load_converter(root)
    terms, term_problems = load_search_terms(root)
    problems += term_problems
    documents: list[Document] = []
    try:
        documents = load_corpus(root, converter)
    except BuildError as error:
        problems += error.problems
    # Every place where our conversion and MediaWiki's tables disagree must be decided before it is published.
    problems += undecided(corpus_texts(documents, root), converter)
    try:
        problems += reserved_id_problems(root, converter, documents)
    except BuildError as error:  # a template or MkDocs configuration that does not load
        problems += error.problems
    if problems:
        raise BuildError(list(dict.fromkeys(problems)))
    return converter, documents, terms


# --- Names the site uses: derived from what the build writes, so that a document cannot take one ----------------------

_SITE_NAMES: dict[tuple[object, ...], dict[str, str]] = {}


def _stem(name: str) -> str:
    return name.split(".", 1)[0].casefold()


def site_names(root: Path, converter: Converter) -> dict[str, str]:
    """Every top-level name (folded to its stem) that the site writes besides document pages, with what writes it.

    Not a list kept by hand: the generated pages are rendered once without documents, the root files and the offline
    zip are written once into a scratch folder, docs/ is listed, and MkDocs is asked for its theme's static templates
    and files and for its plugins (each may write a folder of its name, as search/ does). A name a large library
    adds later (documents-2024) is caught when it is written (Outputs), and the built site is checked again."""
    pages = root / "templates" / "pages"
    docs = root / "docs"
    configs = [root / name for name in CONFIGS.values()]
    key = (
        str(root),
        tuple((p.name, p.stat().st_mtime_ns) for p in sorted(pages.glob("*.j2"))),
        tuple(sorted(p.name for p in docs.iterdir())) if docs.is_dir() else (),
        tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in configs),
    )
    if key in _SITE_NAMES:
        return _SITE_NAMES[key]
    names: dict[str, str] = {}

    def add(name: str, what: str) -> None:
        names.setdefault(_stem(name), what)

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        try:
            written = render_site_pages([], converter, pages, scratch / "docs", Curation(), {"edit_sources": {}})
        except jinja2.TemplateError as error:
            raise BuildError([template_problem(root, error)]) from None
        for path in written[SCRIPTS[0]]:
            template = pages / f"{path.stem}.md.j2"
            source = f", from {safe_io.display(template, root)}" if template.exists() else ""
            add(path.name, f"the generated page {path.stem}.html{source}")
        site = scratch / "site"
        write_root_files(site, [], [])
        offline.package(site)
        for entry in sorted(site.iterdir()):
            add(entry.name, f"{entry.name}{'/' if entry.is_dir() else ''} at the root of the site")
        for script in SCRIPTS:
            add(script, f"{script}/ at the root of the site")
        if docs.is_dir():
            for entry in sorted(docs.iterdir()):
                add(entry.name, f"the {'folder' if entry.is_dir() else 'page'} {safe_io.display(entry, root)}")
        config = _mkdocs_config(root, SCRIPTS[0], {"docs_dir": str(scratch / "docs" / SCRIPTS[0]), "site_dir": str(scratch / "mk")})
        for template in sorted(config.theme.static_templates):
            add(template, f"{template}, which MkDocs writes")
        for name in sorted(_theme_static_files(config)):
            add(name.split("/", 1)[0], f"the theme's folder {name.split('/', 1)[0]}/")
        for plugin in config.plugins:
            add(plugin.rsplit("/", 1)[-1], f"the MkDocs plugin {plugin}, which may write a folder of that name")
    _SITE_NAMES[key] = names
    return names


def _theme_static_files(config: Any) -> list[str]:
    """The files MkDocs copies from the theme (as mkdocs.structure.files.Files.add_files_from_theme chooses them)."""
    from mkdocs import utils

    patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*"]
    patterns += [f"*{extension}" for extension in utils.markdown_extensions] + list(config.theme.static_templates)
    env = config.theme.get_env()
    return [name for name in env.list_templates() if not any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns)]


def reserved_id_problems(root: Path, converter: Converter, documents: list[Document]) -> list[Problem]:
    """A document ID that is also a name the site uses would make one of the two vanish: refused, with a new name."""
    names = site_names(root, converter)
    years = {d.id: d.meta.date[:4] for d in documents}
    problems = []
    for seed in sorted((root / "seeds").glob("*.txt")):
        slug = seed.stem
        if SLUG.match(slug) and slug.casefold() in names:
            suggestion = f"{slug}-{years.get(slug) or 'document'}"
            problems.append(
                Problem(
                    f"seeds/{seed.name}",
                    0,
                    f"document ID '{slug}' is taken by the site ({names[slug.casefold()]}), and one of the two pages would"
                    f" vanish; expected an ID of the document's own. Rename seeds/{slug}.txt and seeds/{slug}.yml."
                    f" Did you mean '{suggestion}'?",
                )
            )
    return problems


def template_problem(root: Path, error: Exception) -> Problem:
    """A template that does not render, as `templates/…:line: …` (Jinja puts the template's lines in the traceback)."""
    name, line = "", 0
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.filename or error.name or "", error.lineno
    else:
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith((".j2", ".html")):
                name, line = frame.filename, frame.lineno or 0
                break
    path = safe_io.display(Path(name), root) if name else "templates"
    return Problem(path, line, f"the template does not render: {safe_io.shown(str(error), 200)}; expected a template Jinja2 can render.")


def gather_curation(root: Path, documents: list[Document], converter: Converter | None = None) -> Curation:
    """The curated YAML, checked; with a converter, also the machine suggestions (kept apart, marked as such)."""
    curation, problems = load_curation(root, documents)
    problems += load_aliases(root, documents)
    if problems:
        raise BuildError(problems)
    if converter is not None:
        curation.suggestions = suggest_links(documents, curation, converter)
    return curation


def edit_sources(root: Path, documents: list[Document]) -> dict[str, str]:
    """Where each document page's edit button leads: its annotation file, or a new one."""
    sources = {}
    for document in documents:
        relative = f"curation/annotations/{document.id}.yml"
        exists = (root / relative).exists()
        sources[document.id] = f"edit/main/{relative}" if exists else f"new/main/curation/annotations?filename={document.id}.yml"
    return sources


def prepare_docs(
    root: Path, documents: list[Document], converter: Converter, curation: Curation | None = None, destination: Path | None = None
) -> Path:
    """Write build/docs/<script>/ (or destination): generated pages, hand-written pages (converted for zh-Hant) and assets.

    Every file has one owner (safe_io.Outputs): the site's own pages first, then documents and docs/, so that a
    second writer of a path is refused and named, never silently replaced."""
    build_dir = root / "build"
    fresh = build_dir / "docs.new"
    shutil.rmtree(fresh, ignore_errors=True)
    extra = {"edit_sources": edit_sources(root, documents)}
    try:
        written = render_site_pages(documents, converter, root / "templates" / "pages", fresh, curation, extra)
    except jinja2.TemplateError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildError([template_problem(root, error)]) from None
    outputs = safe_io.Outputs(fresh)
    pages = {f"{d.id}.md": (d.seed_path or f"seeds/{d.id}.txt", f"the page of document '{d.id}'") for d in documents}
    site_claims, document_claims = [], []
    for files in written.values():
        seen: set[str] = set()
        counts = Counter(path.name for path in files)
        for path in files:
            # A name written twice in one script is a document page and a generated page, the second written over the
            # first. The site's own pages claim first, so that the message names the document: the input to rename.
            if path.name in pages and (path.name in seen or counts[path.name] == 1):
                document_claims.append((path, *pages[path.name]))
            else:
                template = root / "templates" / "pages" / f"{path.stem}.md.j2"
                owner = safe_io.display(template, root) if template.exists() else "templates/pages"
                site_claims.append((path, owner, f"the generated page {path.name}"))
            seen.add(path.name)
    for path, owner, what in site_claims + document_claims:
        outputs.claim(path.relative_to(fresh).as_posix(), owner, what)
    for script in SCRIPTS:
        for source in safe_io.walk_files(root, root / "docs"):
            relative = f"{script}/{source.relative_to(root / 'docs').as_posix()}"
            owner = safe_io.display(source, root)
            try:
                if source.suffix == ".md":
                    text = _with_edit_source(safe_io.read_text(root, source), owner)
                    converted = regional_quotes(converter.to_hant(text), "zh-Hant") if script == "zh-Hant" else text
                    outputs.write_text(relative, converted, owner, f"the page {owner}")
                else:
                    outputs.write_bytes(relative, safe_io.read_bytes(root, source), owner, f"the file {owner}")
            except safe_io.InputError as error:
                outputs.problems.append(Problem(owner, error.line, error.message))
    if outputs.problems:
        shutil.rmtree(fresh, ignore_errors=True)
        outputs.raise_problems()
    final = destination or build_dir / "docs"
    shutil.rmtree(final, ignore_errors=True)
    fresh.rename(final)
    return final


def _with_edit_source(text: str, relative: str) -> str:
    """A hand-written page's edit button opens the page's own source file (templates/theme/partials/actions.html)."""
    line = f"edit_source: edit/main/{relative}\n"
    if text.startswith("---\n"):
        return text if "\nedit_source:" in text.split("\n---", 1)[0] else "---\n" + line + text[4:]
    return "---\n" + line + "---\n\n" + text


def run_stage_dictionaries(root: Path, documents: list[Document], converter: Converter, terms: list[str]) -> list[str]:
    """jieba's dictionaries for Material's search (both scripts); returns the search vocabulary."""
    vocabulary = search_vocabulary(documents, converter, terms)
    write_jieba_dictionaries(root / "build" / "jieba", converter, vocabulary)
    return vocabulary


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


def _mkdocs_config(root: Path, script: str, overrides: dict[str, Any]) -> Any:
    """MkDocs' configuration for one script, reading only the project: the pages always come from build/docs/<script>,
    and a configuration that inherits from or takes its theme from outside the project is refused."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    name = CONFIGS[script]
    problems = []
    try:
        node = safe_io.yaml_node(safe_io.read_text(root, root / name))  # composed only: MkDocs' own tags (!ENV) need no constructor
    except safe_io.InputError as error:
        raise BuildError([Problem(name, error.line, error.message)]) from None
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
            problem = safe_io.input_problem(root, root / value.value)
            if problem:
                problems.append(Problem(name, key.start_mark.line + 1, f"INHERIT: {value.value}: {problem}"))
    if problems:
        raise BuildError(problems)
    overrides = {"docs_dir": str(root / "build" / "docs" / script), **overrides}
    with _mkdocs_messages() as logged:
        try:
            with _working_directory(root):
                config = load_config(str(root / name), **overrides)
        except (Abort, ConfigurationError) as error:
            raise BuildError([Problem(name, 0, logged.failed(error))]) from None
    custom = config.theme.custom_dir
    if custom and not Path(custom).resolve().is_relative_to((root / "templates").resolve()):
        raise BuildError([Problem(name, 0, f"theme custom_dir '{safe_io.shown(custom)}' is outside templates/; expected a folder there.")])
    return config


def run_mkdocs(root: Path, script: str, site_dir: Path, nav: list[object] | None = None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    overrides: dict[str, Any] = {"site_dir": str(site_dir)}
    if nav is not None:
        overrides["nav"] = nav
    config = _mkdocs_config(root, script, overrides)
    with _working_directory(root), _mkdocs_messages() as logged:
        try:
            mkdocs_build(config)
        except (Abort, ConfigurationError) as error:
            raise BuildError([Problem(CONFIGS[script], 0, logged.failed(error))]) from None
        except jinja2.TemplateError as error:
            raise BuildError([template_problem(root, error)]) from None


def write_root_files(site: Path, documents: list[Document], links: list[dict[str, object]] | None = None) -> None:
    outputs = safe_io.Outputs(site)
    outputs.write_text("data/corpus.json", corpus_json(documents, links), "seeds", "the corpus export")
    outputs.write_text("data/tasks.csv", tasks_csv(documents), "seeds", "the tasks export")
    outputs.write_text("data/links.csv", links_csv(links or []), "curation/crosswalk.yml", "the links export")
    outputs.write_text("index.html", LANDING, "build_tools/build.py", "the language chooser")
    outputs.raise_problems()


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
                problems.append(
                    Problem(
                        document.seed_path or f"seeds/{document.id}.txt",
                        0,
                        f"document ID '{document.id}' is taken by the site ({', '.join(others)} in {script}/); expected an ID"
                        f" of the document's own. Rename seeds/{document.id}.txt and seeds/{document.id}.yml."
                        f" Did you mean '{document.id}-{document.meta.date[:4]}'?",
                    )
                )
    if problems:
        raise BuildError(list(dict.fromkeys(problems)))


def build(root: Path, *, site_dir: Path | None = None, offline_zip: bool = True) -> BuildReport:
    """The whole build. Raises BuildError (with every problem found) before touching site_dir."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    site = site_dir or root / "site"
    report = BuildReport(documents=[])
    with _timed(report, "clean_parse"):
        converter, documents, terms = gather(root)
    with _timed(report, "curation"):
        curation = gather_curation(root, documents, converter)
    report.documents = documents
    with _timed(report, "render"):
        prepare_docs(root, documents, converter, curation)
    with _timed(report, "search_dictionaries"):
        vocabulary = run_stage_dictionaries(root, documents, converter, terms)
    staging = site.with_name(site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        handwritten = handwritten_pages(root)
        for script in SCRIPTS:
            with _timed(report, f"mkdocs_{script}"):
                nav = site_nav(documents, handwritten, script, converter)
                run_mkdocs(root, script, staging / script, nav)
        with _timed(report, "search_cross_script"):
            for script in SCRIPTS:
                add_cross_script_field(staging / script, converter, script, vocabulary)
        report.hosted_search = hosted_search(len(documents))
        if report.hosted_search == "pagefind":
            with _timed(report, "pagefind"):
                for script in SCRIPTS:
                    try:
                        pagefind_index(staging / script, converter, documents)
                    except RuntimeError as error:
                        raise BuildError([Problem(CONFIGS[script], 0, str(error))]) from None
        with _timed(report, "export"):
            write_root_files(staging, documents, link_records(curation))
        if offline_zip:
            with _timed(report, "offline_zip"):
                report.zip_path = offline.package(staging)
        check_site(staging, documents)
        _swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.site_dir = site
    return report


def _swap(staging: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


LANDING = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数字福建政策文库 · 數字福建政策文庫</title>
<link rel="alternate" hreflang="zh-Hans" href="zh-Hans/index.html">
<link rel="alternate" hreflang="zh-Hant" href="zh-Hant/index.html">
<script>
  (function () {
    var langs = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();
    var hant = /zh-(hant|tw|hk|mo)/.test(langs) && !/^zh-(hans|cn|sg)/.test(langs);
    location.replace((hant ? "zh-Hant" : "zh-Hans") + "/index.html");
  })();
</script>
<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;line-height:1.8;padding:0 1em}</style>
</head>
<body>
<h1>数字福建政策文库 · 數字福建政策文庫</h1>
<ul>
<li><a href="zh-Hans/index.html" hreflang="zh-Hans" lang="zh-Hans">简体中文</a></li>
<li><a href="zh-Hant/index.html" hreflang="zh-Hant" lang="zh-Hant">繁體中文</a></li>
</ul>
</body>
</html>
"""
