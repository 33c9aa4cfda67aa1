"""The one loader of curated YAML: every file people edit is read, checked and reported the same way."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import safe_io
from .model import Problem
from .safe_io import did_you_mean

MAX_PROBLEMS = 50  # per file: beyond that, suggestions (difflib over every provision ID) would only cost time


class CuratedFile:
    """One curated YAML file: its nodes, and the problems found in it, each `file:line: …`.

    The one way to read what people curate (curation/*.yml, the term table, the phrase decisions, the aliases, the
    search terms): a regular UTF-8 file inside the project, reached without a link, no YAML alias or key given twice
    (safe_io); mappings checked field by field with did-you-mean; at most MAX_PROBLEMS problems a file."""

    def __init__(self, root: Path, relative: str, problems: list[Problem], display: str = ""):
        self.display = display or relative
        self.problems = problems
        self.node: yaml.Node | None = None
        path = root / relative
        self.exists = safe_io.exists(path)
        if not self.exists:
            return
        try:  # only a regular file inside the project, UTF-8, without aliases (safe_io)
            self.node = safe_io.yaml_node(safe_io.read_yaml_text(root, path))
        except safe_io.InputError as error:
            self.error(error.line, error.message)

    def error(self, line: int, message: str) -> None:
        count = sum(1 for problem in self.problems if problem.path == self.display)
        if count < MAX_PROBLEMS:
            self.problems.append(Problem(self.display, line, message))
        elif count == MAX_PROBLEMS:
            self.problems.append(Problem(self.display, line, f"more problems from here on are not shown; fix the first {MAX_PROBLEMS}."))

    @property
    def full(self) -> bool:
        return sum(1 for problem in self.problems if problem.path == self.display) > MAX_PROBLEMS

    def entries(self, key: str) -> list[yaml.Node]:
        """The items of the file's top-level list `key:` (none if the file is missing or has problems)."""
        if self.node is None:
            return []
        top = self.fields(self.node, (key,), lists=(key,))
        if top is None:
            return []
        if not isinstance(top[key], yaml.SequenceNode):
            self.error(top[key].start_mark.line + 1, f"'{key}:' must be a list, each item starting with '- '.")
            return []
        return list(top[key].value)

    def fields(
        self, node: yaml.Node, required: tuple[str, ...], optional: tuple[str, ...] = (), lists: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node] | None:
        """The fields of a mapping entry, each a single value except those named in `lists` (checked by the caller)."""
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            self.error(line, f"expected a mapping with {', '.join(required)}; found {kind_of(node)}.")
            return None
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.error(key.start_mark.line + 1, f"a field name must be a single word; found {kind_of(key)}.")
                return None
        values = {str(k.value): v for k, v in node.value}
        for name in values:
            if name not in required + optional:
                expected = ", ".join(required + optional)
                self.error(line, f"unknown field '{safe_io.shown(name)}'; expected {expected}.{did_you_mean(name, required + optional)}")
                return None
        for name in required:
            if name not in values or (isinstance(values[name], yaml.ScalarNode) and not str(values[name].value).strip()):
                self.error(line, f"missing field '{name}'.")
                return None
        for name, value in values.items():
            if name not in lists and not isinstance(value, yaml.ScalarNode):
                self.error(value.start_mark.line + 1, f"'{name}' must be a single value; found {kind_of(value)}.")
                return None
        return values

    def words(self, node: yaml.Node, name: str, example: str) -> tuple[str, ...] | None:
        """A list of single values (aliases, sources); None, with a problem, for anything else."""
        if not isinstance(node, yaml.SequenceNode) or not all(isinstance(item, yaml.ScalarNode) and text_of(item) for item in node.value):
            self.error(node.start_mark.line + 1, f"{name} must be a list of words, e.g. {name}: {example}.")
            return None
        return tuple(text_of(item) for item in node.value)


def kind_of(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}.get(type(node), "something else")


def text_of(node: yaml.Node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
