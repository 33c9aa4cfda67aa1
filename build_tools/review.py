"""A second opinion on every converted character.

Each text is converted twice: by the project (OpenCC with the reviewed decisions of curation/terms.yml and
curation/conversion.yml, "ours") and with MediaWiki's conversion tables, the ones Chinese Wikipedia's editors maintain
(zhconv-rs, "MediaWiki"). Wherever the two write a different character, someone has to decide which is right, once
as policy (a word in curation/terms.yml) or phrase by phrase (curation/conversion.yml); `undecided` lists every
disagreement no decision covers, and `python -m build_tools check` refuses them, so no document publishes an
unreviewed conversion.

The second opinion matches the project's policy, character-level conversion to each region's standard forms:
  - towards zh-Hant, MediaWiki's zh-hant (character and phrase tables, no vocabulary), its variant forms then put in
    the Taiwan standard with OpenCC's own variant table (t2tw: 着 → 著, 裏 → 裡, 爲 → 為), which is one-to-one and
    so cannot hide a one-to-many choice. Not zh-tw: that adds Taiwan vocabulary (数字化 → 數位化, 软件 → 軟體), which
    the project deliberately does not convert (curation/terms.yml), and its changes of length would leave whole
    paragraphs unaligned.
  - towards zh-Hans, MediaWiki's zh-cn: the mainland standard forms of 通用规范汉字表 (随着 with 着, 咨询 not 谘询,
    规划 not 规画), which zh-hans leaves generic. Its few vocabulary rewrites (網路 → 网络) either change the length
    and are left unaligned, or must be decided like any other disagreement.

Outputs are compared character by character where they have the same length (always, in practice); otherwise
difflib aligns them and only same-length replacements are compared. Quotation marks are not compared: their regional
form is typography.py's business, tested there.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import opencc
from zhconv_rs import zhconv

from . import safe_io
from .convert import CONVERSION, Converter, Decision, Phrase, Term
from .model import HAN, Document, Problem
from .read import sidecar_of

ZHCONV = "zhconv-rs 0.4.2"
SECOND_OPINION: dict[str, Literal["zh-hant", "zh-cn"]] = {"zh-Hant": "zh-hant", "zh-Hans": "zh-cn"}  # target → MediaWiki variant
CONTEXT = 6  # characters of context shown on each side of a disagreement
QUOTES = frozenset("“”‘’「」『』")
HAN_CHAR = re.compile(f"[{HAN}]")
TERMS = "curation/terms.yml"


@dataclass(frozen=True)
class SourceText:
    """A text as it is converted for the other script's pages, and where it is written."""

    path: str  # display path, e.g. seeds/2023-peoples-daily.txt
    lines: tuple[int, ...]  # the file line of each of the text's lines ("\n"-separated); () when unknown
    text: str
    script: str  # the script the text is written in

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 0
        return self.lines[min(self.text.count("\n", 0, offset), len(self.lines) - 1)]


@dataclass(frozen=True)
class Disagreement:
    """One character the converters do not all write alike."""

    offset: int  # in the source text
    source: str  # the character as written
    ours: str  # the project's conversion (OpenCC with the curation)
    theirs: str  # MediaWiki's tables
    stock: str  # OpenCC alone, without the curation
    before: str  # up to CONTEXT characters of the source text before it, on its line
    after: str
    decision: Decision | None  # the term or phrase that decides this place, if any
    ours_around: str = ""  # before + source + after as ours converts them
    theirs_around: str = ""  # … and as MediaWiki does

    @property
    def pair(self) -> tuple[str, str]:
        """(ours, MediaWiki)."""
        return self.ours, self.theirs

    @property
    def phrase(self) -> str:
        return self.before + self.source + self.after


@functools.cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@functools.cache
def _stock() -> Converter:
    return Converter([])


def second_opinion(text: str, target: str) -> str:
    """MediaWiki's conversion of `text` into `target`, in the variant that matches the project's policy (module doc)."""
    converted: str = zhconv(text, SECOND_OPINION[target])
    return _opencc("t2tw").convert(converted) if target == "zh-Hant" else converted


def _aligned(ours: str, theirs: str) -> Iterable[tuple[int, int]]:
    if len(ours) == len(theirs):
        return ((i, i) for i in range(len(ours)))
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
    return pairs


def _conversions(text: str, source_script: str, converter: Converter) -> tuple[str, str, str]:
    """(ours, stock OpenCC, MediaWiki) for `text`."""
    target = "zh-Hant" if source_script == "zh-Hans" else "zh-Hans"
    return converter.convert(text, target, source_script), _stock().convert(text, target, source_script), second_opinion(text, target)


def compare(text: str, source_script: str, converter: Converter, phrases: Iterable[Phrase] = ()) -> list[Disagreement]:
    """Every place where ours, MediaWiki and stock OpenCC do not all agree; `phrases` are decisions counted as such even
    if the converter was built without them."""
    return _places(text, source_script, converter, phrases) or []


def _places(text: str, source_script: str, converter: Converter, phrases: Iterable[Phrase]) -> list[Disagreement] | None:
    """As `compare`; None when OpenCC's output is not aligned to the text (never seen: its tables map character for
    character), which `undecided` reports for the text as a whole."""
    ours, stock, theirs = _conversions(text, source_script, converter)
    if len(ours) != len(text) or len(stock) != len(text):
        return None
    spans = converter.decisions_in(text, source_script)
    for phrase in phrases:
        if phrase.source == source_script:
            spans += [(m.start(), m.end(), phrase) for m in re.finditer(re.escape(phrase.phrase), text)]
    found = []
    for i, j in _aligned(ours, theirs):
        if text[i] in QUOTES or ours[i] == theirs[j] == stock[i]:
            continue
        line_start = text.rfind("\n", 0, i) + 1
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        decision = next((d for start, end, d in spans if start <= i < end), None)
        lead, tail = max(line_start, i - CONTEXT), min(line_end, i + 1 + CONTEXT)
        found.append(
            Disagreement(
                i,
                text[i],
                ours[i],
                theirs[j],
                stock[i],
                text[lead:i],
                text[i + 1 : tail],
                decision,
                ours[lead:tail],
                theirs[j - (i - lead) : j + (tail - i)] if len(ours) == len(theirs) else ours[lead:i] + theirs[j] + ours[i + 1 : tail],
            )
        )
    return found


def disagreements(text: str, source_script: str, converter: Converter) -> list[Disagreement]:
    """Every character where the project's conversion and MediaWiki's differ, each with its context and the decision
    (term or phrase) that covers it, if any."""
    return [d for d in compare(text, source_script, converter) if d.ours != d.theirs]


@dataclass(frozen=True)
class Doubt:
    """A place no decision covers: published with a default reading (default_reading), marked on the converted page,
    counted in its conversion notice, listed on the review page and by `check` until an editor decides it."""

    path: str  # where the text is written, e.g. seeds/new-doc.txt
    line: int
    text: str  # the whole text the place stands in, as written (the key the pages convert it by)
    script: str  # the script the text is written in
    place: Disagreement
    chosen: str  # the reading published until someone decides

    @property
    def other(self) -> str:
        return self.place.theirs if self.chosen == self.place.ours else self.place.ours

    @property
    def entry(self) -> str:
        """The YAML entry that decides the place for the chosen reading: a phrase of curation/conversion.yml when the
        character has a Han neighbour, else a word for curation/terms.yml."""
        return decision_entry(self.place, self.script, self.chosen)

    @property
    def problem(self) -> Problem:
        return Problem(self.path, self.line, undecided_message(self.place, self.script, self.chosen))


def default_reading(place: Disagreement) -> str:
    """What an undecided place publishes until an editor decides it: where one converter keeps the source character
    and the other converts it, the converted one; otherwise the project's own conversion.

    Measured on the 154 undecided places of the test corpus, each judged by a reader who did not see the code
    (README.md, "Conversion review"): this rule leaves 36 wrong characters; the project's conversion alone 60,
    MediaWiki's alone 58, keeping the source character where one converter does 65. A converter that keeps the source
    character has usually failed to see that it needs converting (采取 → 采取, 制度 → 製度 against 採取, 制度 …)."""
    if place.ours == place.source and place.theirs != place.source:
        return place.theirs
    return place.ours


def doubts(documents_texts: Iterable[SourceText], converter: Converter, decisions: Iterable[Phrase] | None = None) -> list[Doubt]:
    """Every disagreement that neither a term nor a phrase decision covers, each with the reading it is published with.

    `decisions` are the phrase decisions of curation/conversion.yml (the converter's own when None)."""
    return review(documents_texts, converter, decisions)[0]


def review(
    documents_texts: Iterable[SourceText], converter: Converter, decisions: Iterable[Phrase] | None = None
) -> tuple[list[Doubt], list[Problem]]:
    """The undecided places (`doubts`), and a problem for each text whose conversion changes length (never seen:
    OpenCC's tables map character for character), which cannot be compared and is published as converted."""
    phrases = list(converter.phrases if decisions is None else decisions)
    found: list[Doubt] = []
    unaligned: list[Problem] = []
    for source in documents_texts:
        places = _places(source.text, source.script, converter, phrases)
        if places is None:
            shown = safe_io.shown(source.text, 20)
            message = f"conversion: '{shown}' changes length when converted, so it cannot be reviewed character by character."
            unaligned.append(Problem(source.path, source.line_at(0), message))
            continue
        for place in places:
            if place.ours != place.theirs and place.decision is None:
                found.append(Doubt(source.path, source.line_at(place.offset), source.text, source.script, place, default_reading(place)))
    return found, unaligned


def undecided(documents_texts: Iterable[SourceText], converter: Converter, decisions: Iterable[Phrase] | None = None) -> list[Problem]:
    """A `path:line:` problem for every place `review` finds, as `check` lists them and `--strict` refuses them."""
    found, unaligned = review(documents_texts, converter, decisions)
    return unaligned + [doubt.problem for doubt in found]


def _phrase_span(place: Disagreement) -> tuple[int, int, int]:
    """(start, end) of the character with its Han neighbours in the context strings, and the character's index."""
    k = len(place.before)
    start = k - 1 if place.before and HAN_CHAR.match(place.before[-1]) else k
    end = k + 2 if place.after and HAN_CHAR.match(place.after[0]) else k + 1
    return start, end, k


def decision_entry(place: Disagreement, script: str, reading: str = "") -> str:
    """The entry an editor pastes to decide a place: a phrase (the character with its Han neighbours) when it has any."""
    start, end, k = _phrase_span(place)
    field = "hant" if script == "zh-Hans" else "hans"
    if end - start > 1:
        phrase, ours = place.phrase[start:end], place.ours_around[start:end]
        chosen = ours[: k - start] + (reading or place.ours) + ours[k - start + 1 :]
        return f"{{phrase: {phrase}, {field}: {chosen}, note: why}}"
    hans, hant = (place.source, reading or place.ours) if script == "zh-Hans" else (reading or place.ours, place.source)
    return f"{{hans: {hans}, hant: {hant}}}"


def undecided_message(place: Disagreement, script: str, chosen: str = "") -> str:
    """What `check` says about an undecided place, with the entries that would decide it."""
    start, end, _ = _phrase_span(place)
    how = f"a word in {TERMS}"
    if end - start > 1:
        field = "hant" if script == "zh-Hans" else "hans"
        phrase, ours, theirs = (around[start:end] for around in (place.phrase, place.ours_around, place.theirs_around))
        how = f"{{phrase: {phrase}, {field}: {ours} or {theirs}, note: why}} in {CONVERSION}, or {how}"
    published = f" Published as '{chosen}' and marked until decided." if chosen else ""
    return (
        f"conversion: '{place.source}' in '{place.phrase}' converts to '{place.ours}' here but to '{place.theirs}' in"
        f" MediaWiki's tables; undecided.{published} Decide which is right: {how}."
    )


# --- The texts of a document that are converted for the other script's pages ------------------------------------------

META_FIELDS = ("title", "short_title", "author", "issuer", "doc_number", "source")


def document_texts(document: Document, root: Path | None = None) -> list[SourceText]:
    """The texts of `document` its pages show converted: sidecar fields (located in seeds/<id>.yml when `root` is
    given), metadata found in the page, and every provision's heading, text and responsible units, each with its
    seed line."""
    script = document.meta.original_script
    seed = document.seed_path or f"seeds/{document.id}.txt"
    sidecar = sidecar_of(seed)
    field_lines = _sidecar_lines(root, sidecar) if root is not None else {}
    texts: list[SourceText] = []

    def add(path: str, lines: tuple[int, ...], text: str, text_script: str = script) -> None:
        if text:
            texts.append(SourceText(path, lines, text, text_script))

    for name in META_FIELDS:
        line = field_lines.get(name, 0)
        add(sidecar, (line,) if line else (), getattr(document.meta, name))
    date_line = field_lines.get("date_note", 0)
    add(sidecar, (date_line,) if date_line else (), document.meta.date_note, "zh-Hans")  # always written in 简体
    for value in document.meta.found.values():
        add(seed, (), value)
    for provision in document.walk():
        lines = provision.lines
        add(seed, lines[:1], provision.heading)
        text_lines = lines[1:] if provision.heading and not provision.heading_end and len(lines) > 1 else lines
        add(seed, text_lines, provision.text)
        for unit in provision.responsible_units:
            add(seed, lines[-1:], unit)
    return texts


def _sidecar_lines(root: Path, sidecar: str) -> dict[str, int]:
    try:
        text = safe_io.read_text(root, root / sidecar)
    except safe_io.InputError:
        return {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = re.match(r"([a-z_]+):", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def corpus_texts(documents: Iterable[Document], root: Path | None = None) -> list[SourceText]:
    return [text for document in documents for text in document_texts(document, root)]


# --- The review record: tests/golden/conversion/<document>.txt ---------------------------------------------------------


def _describe(decision: Decision | None) -> str:
    # Named by its words, not its line: adding an entry must not rewrite every record.
    if isinstance(decision, Term):
        return f"{TERMS}: {decision.hans} → {decision.hant}"
    if isinstance(decision, Phrase):
        return f"{CONVERSION}: {decision.phrase} → {decision.output}"
    return "UNDECIDED"


def review_report(document: Document, converter: Converter, root: Path | None = None) -> str:
    """Every place in `document` where ours, MediaWiki and stock OpenCC differ, grouped by the pair of characters
    (OpenCC's / MediaWiki's), each with its context and the decision that settles it."""
    source = document.meta.original_script
    target = "zh-Hant" if source == "zh-Hans" else "zh-Hans"
    rows: list[tuple[tuple[str, str], SourceText, Disagreement]] = []
    for text in document_texts(document, root):
        for place in compare(text.text, text.script, converter):
            key = (place.stock, place.theirs) if place.stock != place.theirs else (place.ours, place.theirs)
            rows.append((key, text, place))
    differ = [place for _, _, place in rows if place.ours != place.theirs]
    open_ = [place for place in differ if place.decision is None]
    config = "s2tw" if target == "zh-Hant" else "t2s"
    variant = SECOND_OPINION[target] + (", Taiwan variants (OpenCC t2tw)" if target == "zh-Hant" else "")
    lines = [
        f"# Conversion review: {document.id} ({source} → {target})",
        f"# ours: OpenCC {config} with {TERMS} and {CONVERSION}; MediaWiki: {ZHCONV} {variant}; OpenCC: {config} alone.",
        "# Quotation marks are typography.py's business and are not compared.",
        f"# {len(rows)} places: {len(differ)} where ours and MediaWiki differ ({len(differ) - len(open_)} decided, {len(open_)}"
        f" undecided), {len(rows) - len(differ)} where the curation makes them agree.",
    ]
    by_pair: dict[tuple[str, str], list[tuple[SourceText, Disagreement]]] = {}
    for key, text, place in rows:
        by_pair.setdefault(key, []).append((text, place))
    for (left, right), places in sorted(by_pair.items(), key=lambda item: (-len(item[1]), item[0])):
        lines += ["", f"## {left}/{right} (OpenCC/MediaWiki): {len(places)}"]
        for text, place in places:
            where = f"{text.path}:{text.line_at(place.offset)}" if text.line_at(place.offset) else text.path
            context = f"{place.before}[{place.source}]{place.after}"
            shown = f"ours {place.ours} · MediaWiki {place.theirs} · OpenCC {place.stock}"
            lines.append(f"{where}\t{context}\t{shown}\t{_describe(place.decision)}")
    return "\n".join(lines) + "\n"


def review_files(converter: Converter, documents: Iterable[Document], root: Path | None = None) -> dict[Path, str]:
    """The review record of every document, keyed by its path relative to tests/golden/ (as golden.golden_files)."""
    return {Path("conversion") / f"{document.id}.txt": review_report(document, converter, root) for document in documents}
