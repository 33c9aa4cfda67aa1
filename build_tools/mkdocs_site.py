"""MkDocs, driven from the build: one configuration per script, read only from the project, and its messages kept.

The one module that knows MkDocs' API, so that a switch to its successor (Zensical) touches this file alone."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import safe_io
from .cache import digest
from .export import EXPORTS
from .model import BuildError, Problem
from .render import template_problem

CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}


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
def working_directory(path: Path) -> Iterator[None]:
    # Material resolves jieba_dict paths from the current directory, not from mkdocs.yml.
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def mkdocs_config(root: Path, script: str, overrides: dict[str, Any], extra: dict[str, Any] | None = None) -> Any:
    """MkDocs' configuration for one script, reading only the project: the pages always come from build/docs/<script>,
    and a configuration that inherits from or takes its theme from outside the project is refused. `extra` is added to
    the configuration's `extra`, where templates read the build's flags (config.extra.dfl_search)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    name = CONFIGS[script]
    problems = []
    # The configuration and every file it inherits from, in turn (mkdocs.zh-Hant.yml → mkdocs.yml → …): each must be
    # a file of the project, so that no link in the chain reads from outside it.
    current, seen = name, set()
    while current and current not in seen:
        seen.add(current)
        try:
            node = safe_io.yaml_node(safe_io.read_text(root, root / current))  # composed only: MkDocs' tags (!ENV) need no constructor
        except safe_io.InputError as error:
            raise BuildError([Problem(current, error.line, error.message)]) from None
        parent = ""
        for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
            if key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
                inherited = (root / current).parent / value.value
                problem = safe_io.input_problem(root, inherited)
                if problem:
                    problems.append(Problem(current, key.start_mark.line + 1, f"INHERIT: {value.value}: {problem}"))
                else:
                    parent = safe_io.display(inherited, root)
        current = parent
    if problems:
        raise BuildError(problems)
    overrides = {"docs_dir": str(root / "build" / "docs" / script), **overrides}
    with _mkdocs_messages() as logged:
        try:
            with working_directory(root):
                config = load_config(str(root / name), **overrides)
        except (Abort, ConfigurationError) as error:
            raise BuildError([Problem(name, 0, logged.failed(error))]) from None
    custom = config.theme.custom_dir
    if custom and not Path(custom).resolve().is_relative_to((root / "templates").resolve()):
        raise BuildError([Problem(name, 0, f"theme custom_dir '{safe_io.shown(custom)}' is outside templates/; expected a folder there.")])
    config.extra.update({"dfl_exports": [export.path for export in EXPORTS if export.listed], **(extra or {})})  # the footer lists them
    if config.extra.get("toc_permalink_title") and "toc" in config.mdx_configs:
        config.mdx_configs["toc"]["permalink_title"] = config.extra["toc_permalink_title"]
    if config.extra.get("dfl_search") == "pagefind":
        _without_material_index(config)
    return config


def _without_material_index(config: Any) -> None:
    """Pagefind answers the hosted site and search/dfl-offline.js the downloaded copy: Material's own index would be
    made page by page (jieba over every page, a third of MkDocs' time) and never read. Its plugin stays on, because
    Material shows its search box only then; its pages are not indexed (the index it writes is empty)."""
    search = next((plugin for name, plugin in config.plugins.items() if name.endswith("search")), None)
    events = config.plugins.events["page_context"]
    events[:] = [handler for handler in events if getattr(handler, "__self__", None) is not search]


def run_mkdocs(root: Path, script: str, site_dir: Path, nav: list[object] | None = None, extra: dict[str, Any] | None = None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    overrides: dict[str, Any] = {"site_dir": str(site_dir)}
    if nav is not None:
        overrides["nav"] = nav
    config = mkdocs_config(root, script, overrides, extra)
    with working_directory(root), _mkdocs_messages() as logged:
        try:
            mkdocs_build(config)
        except (Abort, ConfigurationError) as error:
            raise BuildError([Problem(CONFIGS[script], 0, logged.failed(error))]) from None
        except jinja2.TemplateError as error:
            raise BuildError([template_problem(root, error)]) from None
    compact_html(site_dir)


# Whitespace that only indents: between two tags, a run of whitespace with a line break in it. The browser collapses
# any such run to one space, so one line break draws the same page; inside <pre>, <textarea>, <script> and <style>
# whitespace is kept as it is. Material's templates indent every line: this takes a tenth of each page (at 5,000
# documents, some 60 MB of the site). Attributes are left as they are (a minifier would also unquote them).
_KEPT_AS_WRITTEN = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENTING = re.compile(r">\s*\n\s*<")


def compact_html(site_dir: Path) -> None:
    """Every HTML page of the site without its indentation (see _INDENTING)."""
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        parts = _KEPT_AS_WRITTEN.split(html)  # text, element kept, its name, text, …
        compact = "".join(part if index % 3 else _INDENTING.sub(">\n<", part) for index, part in enumerate(parts) if index % 3 != 2)
        if compact != html:
            page.write_text(compact, encoding="utf-8")


class DirtyBuilds:
    """MkDocs for the preview: each rebuild renders only the pages whose Markdown changed (MkDocs' dirty builds, which
    go by modification time), into one site folder that the live server serves.

    Two things a dirty build does not do by itself are done here. Material's search plugin merges the previous index
    with the new entries, but drops the previous entries of the first rebuilt page only: the entries of every page
    rebuilt now are dropped first. And it reloads jieba's dictionaries on every build (a second at a thousand
    documents): they are loaded again only when build/jieba/ changed. And it compiles the theme's templates again on
    every build: one Jinja environment serves while the theme is the same. A change of navigation, configuration or
    theme renders every page again: the pages a browser has open first when it is known, the others afterwards
    (`stale`, `refresh`); else from an empty folder (a full build)."""

    def __init__(self, root: Path, script: str, site_dir: Path):
        self.root, self.script, self.site_dir = root, script, site_dir
        self.config: Any = None
        self.key = ""
        self.dictionaries = ""
        self.stale: set[str] = set()  # pages whose HTML is out of date, to be rendered by `refresh` and a build

    def build(self, nav: list[object], changed: list[str], first: Collection[str] = ()) -> None:
        """Render the pages whose Markdown changed. When the navigation, configuration or theme changed, every page
        must be rendered again: with `first` (the pages a browser has open) only those are, now, and the others are
        listed in `stale` for `refresh`; without, from an empty folder."""
        from mkdocs.commands.build import build as mkdocs_build

        theme = sorted(p for p in (self.root / "templates" / "theme").rglob("*") if p.is_file())
        configs = [self.root / name for name in CONFIGS.values()]
        key = digest(nav, [(p.as_posix(), p.read_bytes()) for p in theme + configs if p.is_file()])
        docs = self.root / "build" / "docs" / self.script
        if key != self.key:
            previous = self._search().search_index_prev if self.config is not None else None
            if first and previous is not None and any(self.site_dir.iterdir()):
                # The pages are kept: the dirty build renders the ones touched, `refresh` the others afterwards
                self.stale = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
                changed = sorted({*changed, *self._touch([path for path in first if path in self.stale])})
            else:
                self.stale, changed, previous = set(), [], None
                for entry in self.site_dir.iterdir() if self.site_dir.is_dir() else ():
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            self.config = mkdocs_config(
                self.root, self.script, {"site_dir": str(self.site_dir), "nav": nav}, {"dfl_search": "material", "dfl_preview": True}
            )
            self.config.strict = False  # a dirty build warns that it is one
            self.config.plugins.on_startup(command="serve", dirty=True)
            # MkDocs makes a new Jinja environment for every build, compiling the theme's templates and listing its
            # files again (half a second): the configuration's theme does not change, so one environment serves.
            env = self.config.theme.get_env()
            env.list_templates = functools.cache(env.list_templates)
            self.config.theme.get_env = lambda: env
            self._search().search_index_prev = previous  # the kept pages' entries, until they are rendered again
            self.key, self.dictionaries = key, ""
        self.stale -= set(changed)
        search = self._search()
        jieba = self.root / "build" / "jieba"
        dictionaries = digest((jieba / "dict.key").read_bytes(), (jieba / "user.txt").read_bytes())
        paths = (search.config.jieba_dict, search.config.jieba_dict_user)
        if dictionaries == self.dictionaries:
            search.config.jieba_dict = search.config.jieba_dict_user = None  # loaded already
        rebuilt = {path.removesuffix(".md") + ".html" for path in changed if path.endswith(".md")}
        if search.search_index_prev is not None:
            entries = search.search_index_prev.entries
            search.search_index_prev.entries = [e for e in entries if e["location"].split("#", 1)[0] not in rebuilt]
        for page in rebuilt:  # a page that is gone leaves no page behind
            if not (self.root / "build" / "docs" / self.script / page.removesuffix(".html")).with_suffix(".md").exists():
                (self.site_dir / page).unlink(missing_ok=True)
        try:
            with working_directory(self.root), _mkdocs_messages():
                mkdocs_build(self.config, dirty=True)
        finally:
            search.config.jieba_dict, search.config.jieba_dict_user = paths
        self.dictionaries = dictionaries

    def refresh(self, paths: Collection[str]) -> list[str]:
        """Of these pages, those left `stale` by a change of theme, navigation or configuration, made newer than
        their HTML so that the next build renders them."""
        return self._touch([path for path in paths if path in self.stale])

    def _touch(self, paths: list[str]) -> list[str]:
        docs = self.root / "build" / "docs" / self.script
        for path in paths:
            os.utime(docs / path)
        return paths

    def _search(self) -> Any:
        return next(plugin for name, plugin in self.config.plugins.items() if name.endswith("search"))
