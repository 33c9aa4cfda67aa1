"""Convert between 简体 and 繁體 with OpenCC's character-level configs (s2tw, t2s) plus the reviewed term table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import opencc
import yaml

from .model import Problem

# OpenCC-internal forms that no region writes (s2t output); none may reach a page.
INTERNAL_VARIANTS = "爲裏峯衆着綫喫僞"


@dataclass(frozen=True)
class Term:
    hans: str
    hant: str
    note: str
    line: int


def load_terms(path: Path, display: str) -> tuple[list[Term], list[Problem]]:
    """Read the term table; malformed, duplicated or contradictory entries are problems, never dropped silently."""
    problems: list[Problem] = []
    source = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(display, mark.line + 1 if mark else 0, f"malformed YAML: {getattr(error, 'problem', error)}.")]
    entries = None
    if isinstance(root, yaml.MappingNode):
        entries = next((v for k, v in root.value if k.value == "terms"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return [], [Problem(display, 1, "expected a top-level 'terms:' list of entries with hans, hant and note.")]
    terms: list[Term] = []
    by_hans: dict[str, Term] = {}
    by_hant: dict[str, Term] = {}
    for node in entries.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(display, line, "each entry must be a mapping such as {hans: 平台, hant: 平台, note: …}."))
            continue
        fields = {k.value: v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
        unknown = sorted(set(fields) - {"hans", "hant", "note"})
        if unknown:
            problems.append(Problem(display, line, f"unknown field '{unknown[0]}'; expected hans, hant and note."))
            continue
        missing = [name for name in ("hans", "hant", "note") if not str(fields.get(name) or "").strip()]
        if missing:
            problems.append(Problem(display, line, f"entry is missing '{missing[0]}'; every entry needs hans, hant and a note saying why."))
            continue
        term = Term(fields["hans"].strip(), fields["hant"].strip(), fields["note"].strip(), line)
        if any(ch.isspace() for ch in term.hans + term.hant):
            problems.append(Problem(display, line, f"'{term.hans}' → '{term.hant}': terms may not contain spaces."))
            continue
        if len(term.hans) != len(term.hant):
            problems.append(
                Problem(display, line, f"'{term.hans}' and '{term.hant}' differ in length; a term maps character for character.")
            )
            continue
        if term.hans in by_hans:
            first = by_hans[term.hans]
            kind = "duplicate" if first.hant == term.hant else "contradictory"
            problems.append(
                Problem(
                    display, line, f"{kind} entry for '{term.hans}' (→ '{term.hant}'); line {first.line} already maps it to '{first.hant}'."
                )
            )
            continue
        if term.hant in by_hant:
            first = by_hant[term.hant]
            problems.append(
                Problem(
                    display,
                    line,
                    f"contradictory entry: '{term.hant}' would convert back to both '{first.hans}' (line {first.line}) and '{term.hans}'.",
                )
            )
            continue
        by_hans[term.hans] = by_hant[term.hant] = term
        terms.append(term)
    return terms, problems


class Converter:
    """OpenCC's stock s2tw and t2s, with every term of the table protected so that it always wins.

    Term occurrences are swapped for private-use characters before OpenCC runs and restored after. Layering the
    terms into an OpenCC config is not enough: its forward maximum-match segmentation lets a neighbouring stock
    phrase swallow a term's first character (x月出台 segments as 月出|台 and gives 出臺).
    """

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self._to_hant_cc = opencc.OpenCC("s2tw")
        self._to_hans_cc = opencc.OpenCC("t2s")
        self._hans_terms = _TermGuard([(t.hans, t.hant) for t in terms])
        self._hant_terms = _TermGuard([(t.hant, t.hans) for t in terms])

    def to_hant(self, text: str) -> str:
        return self._hans_terms.convert(text, self._to_hant_cc.convert) if text else text

    def to_hans(self, text: str) -> str:
        return self._hant_terms.convert(text, self._to_hans_cc.convert) if text else text

    def convert(self, text: str, target: str, source: str | None = None) -> str:
        """Text to the `target` script; text whose `source` script is the target is returned as it is."""
        if source == target:
            return text
        return self.to_hant(text) if target == "zh-Hant" else self.to_hans(text)


class _TermGuard:
    PRIVATE_USE = 0xF0000  # Supplementary Private Use Area-A: never in a seed, passed through by OpenCC

    def __init__(self, pairs: list[tuple[str, str]]):
        ordered = sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))
        self._outputs = {source: target for source, target in ordered}
        self._marks = {source: chr(self.PRIVATE_USE + i) for i, (source, _) in enumerate(ordered)}
        self._restore = {mark: self._outputs[source] for source, mark in self._marks.items()}
        self._pattern = re.compile("|".join(re.escape(source) for source, _ in ordered)) if ordered else None

    def convert(self, text: str, run: Callable[[str], str]) -> str:
        if self._pattern is None:
            return run(text)
        guarded = self._pattern.sub(lambda m: self._marks[m.group(0)], text)
        converted = run(guarded)
        return "".join(self._restore.get(ch, ch) for ch in converted)


def load_converter(root: Path) -> tuple[Converter, list[Problem]]:
    terms, problems = load_terms(root / "curation" / "terms.yml", "curation/terms.yml")
    return Converter(terms), problems
