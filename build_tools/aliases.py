"""Old provision IDs kept as anchors (curation/aliases.yml), so permalinks made before an ID changed still work."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from . import safe_io
from .curated import CuratedFile
from .model import Document, Problem
from .safe_io import did_you_mean

ALIASES_FILE = "curation/aliases.yml"


def load_aliases(root: Path, documents: list[Document]) -> tuple[list[Document], list[Problem]]:
    """The documents with their `aliases` (old ID → current ID) joined, as new Documents (the ones given, which a
    store may keep between rebuilds, are never changed); an alias must lead to a provision and name none."""
    found: dict[str, dict[str, str]] = {}
    problems = _read_aliases(root, documents, found)
    joined = [dataclasses.replace(d, aliases=found.get(d.id, {})) if found.get(d.id) or d.aliases else d for d in documents]
    return joined, problems


def _read_aliases(root: Path, documents: list[Document], found: dict[str, dict[str, str]]) -> list[Problem]:
    problems: list[Problem] = []
    file = CuratedFile(root, ALIASES_FILE, problems)
    if file.node is None:
        return problems
    if not isinstance(file.node, yaml.MappingNode):
        file.error(1, "expected a mapping of document IDs, each to a mapping of old ID: new ID.")
        return problems
    by_id = {document.id: document for document in documents}
    for doc_key, entries in file.node.value:
        document = by_id.get(doc_key.value)
        if document is None:
            file.error(doc_key.start_mark.line + 1, f"unknown document '{safe_io.shown(str(doc_key.value))}'.")
            continue
        if not isinstance(entries, yaml.MappingNode):
            file.error(entries.start_mark.line + 1, "expected old ID: new ID entries.")
            continue
        current = {provision.id for provision in document.walk()}
        for old, new in entries.value:
            line = old.start_mark.line + 1
            if not isinstance(old, yaml.ScalarNode) or not isinstance(new, yaml.ScalarNode):
                file.error(line, "an old ID leads to one provision ID; expected 'old_id: new_id'.")
            elif old.value in current:
                file.error(line, f"'{old.value}' is a provision of {document.id}; an alias names an ID that no longer exists.")
            elif new.value not in current:
                message = f"'{old.value}' leads to '{new.value}', which is not a provision of {document.id}."
                file.error(line, message + did_you_mean(new.value, sorted(current)))
            else:
                found.setdefault(document.id, {})[old.value] = new.value
    return problems
