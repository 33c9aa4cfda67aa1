"""Convert between 简体 and 繁體 with OpenCC's character-level configs (s2tw, t2s) plus the reviewed decisions: the term
table (curation/terms.yml: words, both directions) and the phrase decisions (curation/conversion.yml: one phrase in one
direction, where a character's conversion depends on its context, e.g. 指明了 → 指明了, not 指明瞭)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import opencc
import yaml

from . import safe_io
from .curated import CuratedFile
from .model import Problem

# OpenCC-internal forms that no region writes (s2t output); none may reach a page.
INTERNAL_VARIANTS = "爲裏峯衆着綫喫僞"


@dataclass(frozen=True)
class Term:
    hans: str
    hant: str
    note: str
    line: int


@dataclass(frozen=True)
class Phrase:
    """A decision of curation/conversion.yml: `phrase`, written in the `source` script, always converts to `output`."""

    phrase: str
    output: str
    source: str  # zh-Hans when the entry gives `hant` (a 简体 phrase), zh-Hant when it gives `hans` (a 繁體 phrase)
    note: str
    line: int

    @property
    def target(self) -> str:
        return "zh-Hant" if self.source == "zh-Hans" else "zh-Hans"


Decision = Term | Phrase

CONVERSION = "curation/conversion.yml"
PHRASE_EXAMPLE = "{phrase: 指明了, hant: 指明了, note: …}"


def load_terms(path: Path, display: str) -> tuple[list[Term], list[Problem]]:
    """Read the term table as every curated file is read (safe_io: a regular UTF-8 file inside its folder, reached
    without a link, no YAML alias); malformed, duplicated or contradictory entries are problems, never dropped."""
    problems: list[Problem] = []
    file = CuratedFile(path.parent, path.name, problems, display)
    if problems:
        return [], problems
    root = file.node
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


def load_phrases(
    path: Path, display: str, terms: list[Term] | tuple[Term, ...] = (), root: Path | None = None
) -> tuple[list[Phrase], list[Problem]]:
    """Read the phrase decisions as every curated file is read (safe_io: a regular UTF-8 file, no aliases, no key
    given twice). Malformed, duplicated or contradictory entries, and phrases the term table already decides, are
    problems, never dropped silently."""
    problems: list[Problem] = []
    base = root or path.parent
    document = CuratedFile(base, path.relative_to(base).as_posix(), problems, display).node
    if problems:
        return [], problems
    entries = None
    if isinstance(document, yaml.MappingNode):
        entries = next((v for k, v in document.value if k.value == "phrases"), None)
    if isinstance(entries, yaml.ScalarNode) and entries.tag.endswith(":null"):
        return [], []  # `phrases:` with nothing under it yet
    if not isinstance(entries, yaml.SequenceNode):
        return [], [Problem(display, 1, "expected a top-level 'phrases:' list of entries with phrase, hant (or hans) and note.")]
    by_term = {"zh-Hans": {t.hans: t for t in terms}, "zh-Hant": {t.hant: t for t in terms}}
    phrases: list[Phrase] = []
    seen: dict[tuple[str, str], Phrase] = {}
    for node in entries.value:
        line = node.start_mark.line + 1
        problem = _phrase_problem(node)
        if problem:
            problems.append(Problem(display, line, problem))
            continue
        fields = _phrase_fields(node)
        source, output = ("zh-Hans", fields["hant"]) if "hant" in fields else ("zh-Hant", fields["hans"])
        phrase = Phrase(fields["phrase"], output, source, fields["note"], line)
        term = by_term[source].get(phrase.phrase)
        if term is not None:
            other = term.hant if source == "zh-Hans" else term.hans
            problems.append(
                Problem(
                    display,
                    line,
                    f"'{phrase.phrase}' is a word of curation/terms.yml (line {term.line}, → '{other}'); decide it in one place.",
                )
            )
            continue
        first = seen.get((source, phrase.phrase))
        if first is not None:
            kind = "duplicate" if first.output == phrase.output else "contradictory"
            problems.append(
                Problem(
                    display,
                    line,
                    f"{kind} entry for '{phrase.phrase}' (→ '{phrase.output}'); line {first.line} already decides it as '{first.output}'.",
                )
            )
            continue
        seen[(source, phrase.phrase)] = phrase
        phrases.append(phrase)
    return phrases, problems


def _phrase_fields(node: yaml.Node) -> dict[str, str]:
    """An entry's fields that have a value (an empty or null field counts as missing)."""
    assert isinstance(node, yaml.MappingNode)
    values = {k.value: "" if v.tag.endswith(":null") else str(v.value).strip() for k, v in node.value}
    return {name: value for name, value in values.items() if value}


def _phrase_problem(node: yaml.Node) -> str | None:
    """What is wrong with one entry of curation/conversion.yml, or None."""
    if not isinstance(node, yaml.MappingNode):
        return f"each entry must be a mapping such as {PHRASE_EXAMPLE}."
    names = [k.value for k, _ in node.value]
    unknown = [name for name in names if name not in ("phrase", "hant", "hans", "note")]
    if unknown:
        return f"unknown field '{unknown[0]}'; expected phrase, hant (or hans) and note."
    nested = [k.value for k, v in node.value if not isinstance(v, yaml.ScalarNode)]
    if nested:
        return f"'{nested[0]}' must be a single value, as in {PHRASE_EXAMPLE}."
    fields = _phrase_fields(node)
    for name in ("phrase", "note"):
        if name not in fields:
            return f"entry is missing '{name}'; every entry needs phrase, hant (or hans) and a note saying why."
    if "hant" in fields and "hans" in fields:
        return "entry gives both 'hant' and 'hans'; give 'hant' for a 简体 phrase or 'hans' for a 繁體 one."
    if "hant" not in fields and "hans" not in fields:
        return "entry is missing 'hant' (for a 简体 phrase) or 'hans' (for a 繁體 phrase): how the phrase must read when converted."
    phrase, output = fields["phrase"], fields.get("hant", fields.get("hans", ""))
    if any(ch.isspace() for ch in phrase + output):
        return f"'{phrase}' → '{output}': phrases may not contain spaces."
    if len(phrase) != len(output):
        return f"'{phrase}' and '{output}' differ in length; a phrase maps character for character."
    if len(phrase) < 2:
        return (
            f"'{phrase}' is a single character; a phrase decision names the context that decides it (e.g. 指明了). A character"
            " that converts one way everywhere belongs in curation/terms.yml."
        )
    return None


class Converter:
    """OpenCC's stock s2tw and t2s, with every term of the table and every phrase decision protected so that it always
    wins (terms in both directions, a phrase in the direction its entry gives).

    Occurrences are swapped for private-use characters before OpenCC runs and restored after. Layering the terms
    into an OpenCC config is not enough: its forward maximum-match segmentation lets a neighbouring stock phrase
    swallow a term's first character (x月出台 segments as 月出|台 and gives 出臺). Where decisions overlap, the
    leftmost wins, and at one position the longest.
    """

    def __init__(self, terms: list[Term], phrases: list[Phrase] | tuple[Phrase, ...] = ()):
        self.terms = terms
        self.phrases = list(phrases)
        self._to_hant_cc = opencc.OpenCC("s2tw")
        self._to_hans_cc = opencc.OpenCC("t2s")
        self._decisions: dict[str, dict[str, Decision]] = {"zh-Hans": {}, "zh-Hant": {}}
        for term in terms:
            self._decisions["zh-Hans"].setdefault(term.hans, term)
            self._decisions["zh-Hant"].setdefault(term.hant, term)
        for phrase in self.phrases:
            self._decisions[phrase.source].setdefault(phrase.phrase, phrase)
        self._hans_terms = _TermGuard([(source, _output(d, "zh-Hans")) for source, d in self._decisions["zh-Hans"].items()])
        self._hant_terms = _TermGuard([(source, _output(d, "zh-Hant")) for source, d in self._decisions["zh-Hant"].items()])

    def to_hant(self, text: str) -> str:
        return self._hans_terms.convert(text, self._to_hant_cc.convert) if text else text

    def to_hans(self, text: str) -> str:
        return self._hant_terms.convert(text, self._to_hans_cc.convert) if text else text

    def convert(self, text: str, target: str, source: str | None = None) -> str:
        """Text to the `target` script; text whose `source` script is the target is returned as it is."""
        if source == target:
            return text
        return self.to_hant(text) if target == "zh-Hant" else self.to_hans(text)

    def decisions_in(self, text: str, source: str) -> list[tuple[int, int, Decision]]:
        """The terms and phrases that decide `text` (written in `source`) when it is converted: (start, end, decision)
        for each occurrence, exactly those the conversion protects."""
        guard = self._hans_terms if source == "zh-Hans" else self._hant_terms
        table = self._decisions[source]
        return [(start, end, table[text[start:end]]) for start, end in guard.spans(text)]

    @property
    def key(self) -> str:
        """A fingerprint of every decision, for caches of converted data (e.g. search's jieba dictionary)."""
        entries = [[t.hans, t.hant] for t in self.terms] + [[p.source, p.phrase, p.output] for p in self.phrases]
        return json.dumps(entries, ensure_ascii=False)


def _output(decision: Decision, source: str) -> str:
    if isinstance(decision, Phrase):
        return decision.output
    return decision.hant if source == "zh-Hans" else decision.hans


class _TermGuard:
    PRIVATE_USE = 0xF0000  # Supplementary Private Use Area-A: never in a seed, passed through by OpenCC

    def __init__(self, pairs: list[tuple[str, str]]):
        ordered = sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))
        self._outputs = {source: target for source, target in ordered}
        self._marks = {source: chr(self.PRIVATE_USE + i) for i, (source, _) in enumerate(ordered)}
        self._restore = {ord(mark): self._outputs[source] for source, mark in self._marks.items()}  # for str.translate
        self._pattern = re.compile("|".join(re.escape(source) for source, _ in ordered)) if ordered else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._pattern.finditer(text)] if self._pattern is not None else []

    def convert(self, text: str, run: Callable[[str], str]) -> str:
        if self._pattern is None:
            return run(text)
        guarded = self._pattern.sub(lambda m: self._marks[m.group(0)], text)
        converted = run(guarded)
        return converted.translate(self._restore)


def load_converter(root: Path) -> tuple[Converter, list[Problem]]:
    """The converter with both decision files; curation/conversion.yml may be absent (no phrase decisions)."""
    terms, problems = load_terms(root / "curation" / "terms.yml", "curation/terms.yml")
    phrases: list[Phrase] = []
    if safe_io.exists(root / CONVERSION):
        phrases, phrase_problems = load_phrases(root / CONVERSION, CONVERSION, terms, root)
        problems += phrase_problems
    return Converter(terms, phrases), problems
