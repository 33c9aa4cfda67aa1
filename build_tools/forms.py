"""Document forms (build_tools/forms.yml): the hierarchies of Chinese official texts, loaded once into typed records."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import HAN, Label

FORMS_FILE = Path(__file__).with_name("forms.yml")
DECIMAL_MARKER = re.compile(r"1(?:\.1)*")  # the names of the decimal levels: 1, 1.1, 1.1.1
CN_NUMERALS = "一二三四五六七八九十百千零〇两兩"
NUMERALS = {
    "CN": f"[{CN_NUMERALS}]+",
    "AR": "[0-9０-９]{1,4}",
    "HAN": HAN,
}
NUMERALS["NUM"] = f"(?:{NUMERALS['CN']}|{NUMERALS['AR']})"


@dataclass(frozen=True)
class Level:
    """One level of a form's hierarchy: a numbered marker, the unnumbered paragraph, or bare headings."""

    name: str  # as people call it: 条, 款, 一、, 1.1
    alias: str  # the eId alias: art, para, part
    label: str  # the citation template
    rank: int
    marker: str = ""  # the key of its pattern in `markers`, "" for paragraphs and bare headings
    pattern: re.Pattern[str] | None = None
    content: str = "text"  # heading | text | lead
    paragraph: bool = False
    bare: bool = False
    sets_numerals: bool = False  # its printed numerals style the labels below it (第 3 條 → 第3條第1項)


@dataclass(frozen=True)
class Form:
    name: str
    title: Label
    kinds: tuple[str, ...]
    scripts: tuple[str, ...]
    levels: tuple[Level, ...]
    promote_leads: bool = False
    preamble: bool = True  # False: text before the first provision is not expected (a law has no preamble but front matter)
    units_inline: bool = False  # read '（A牵头，B负责）' inside a task as its responsible units
    preamble_label: str = "序言"  # how paragraphs before the first provision are cited: 序言第1段, or (a notice) 第1段

    @property
    def numbered(self) -> tuple[Level, ...]:
        return tuple(level for level in self.levels if level.pattern is not None)

    @property
    def paragraph(self) -> Level | None:
        return next((level for level in self.levels if level.paragraph), None)

    @property
    def is_law(self) -> bool:
        """Articles (条/條) with their 款: a law cites paragraphs by its own rule, not as a heading's paragraphs."""
        return any(level.content == "caption" for level in self.levels)

    @property
    def bare(self) -> Level | None:
        return next((level for level in self.levels if level.bare), None)

    @functools.cached_property
    def _most_specific_first(self) -> tuple[Level, ...]:
        # Decimal clauses first: '1.总则' is a chapter where the chapter's pattern takes it (a short heading), an item
        # 1. otherwise (parse reads the chapter's sequence to tell them apart).
        return tuple(sorted(self.numbered, key=lambda lv: (not DECIMAL_MARKER.fullmatch(lv.marker), -len(lv.marker))))

    def match(self, text: str) -> tuple[Level, re.Match[str]] | None:
        """The deepest-specific level whose marker opens the line (1.1.1 before 1.1 before 1)."""
        for level in self._most_specific_first:
            assert level.pattern is not None
            found = level.pattern.match(text)
            if found:
                return level, found
        return None


@dataclass(frozen=True)
class Forms:
    markers: dict[str, re.Pattern[str]]
    kinds: dict[str, Label]  # kind → its name for readers
    forms: dict[str, Form]
    document_types: tuple[str, ...] = ()  # the words a title ends with (forms.yml `document_types`)

    def candidates(self, kind: str) -> list[Form]:
        return [form for form in self.forms.values() if kind in form.kinds]

    def foreign_marker(self, form: Form, text: str) -> str | None:
        """The name of a marker of another form that opens the line, when `form` has no such level."""
        if form.match(text):
            return None
        own = {level.marker for level in form.numbered}
        return next((name for name, pattern in self.markers.items() if name not in own and pattern.match(text)), None)


def _compile(template: str) -> re.Pattern[str]:
    body = template
    for key, value in NUMERALS.items():
        body = body.replace("{" + key + "}", value)
    # The marker, then optional spaces (ideographic ones too), then the rest of the line.
    return re.compile(rf"^(?P<marker>{body})[\s\u3000]*(?P<rest>.*)$", re.S)


@functools.cache
def load_forms(path: Path = FORMS_FILE) -> Forms:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    markers = {str(name): _compile(str(pattern)) for name, pattern in data["markers"].items()}
    forms: dict[str, Form] = {}
    for name, spec in data["forms"].items():
        levels = []
        for rank, raw in enumerate(spec["levels"]):
            marker = str(raw.get("marker", ""))
            levels.append(
                Level(
                    name=str(raw["name"]),
                    alias=raw["alias"],
                    label=raw["label"],
                    rank=rank,
                    marker=marker,
                    pattern=markers[marker] if marker else None,
                    content=raw.get("content", "text"),
                    paragraph=bool(raw.get("paragraph")),
                    bare=bool(raw.get("bare")),
                    sets_numerals=raw.get("numerals") == "printed",
                )
            )
        forms[name] = Form(
            name=name,
            title=_label(spec["name"], f"forms.{name}.name"),
            kinds=tuple(spec["kinds"]),
            scripts=tuple(spec["scripts"]),
            levels=tuple(levels),
            promote_leads=bool(spec.get("promote_leads")),
            preamble=bool(spec.get("preamble", True)),
            preamble_label=str(spec.get("preamble_label", "序言")),
            units_inline=bool(spec.get("units_inline")),
        )
    kinds = {str(k): _label(v, f"kinds.{k}") for k, v in data["kinds"].items()}
    return Forms(markers, kinds, forms, tuple(str(word) for word in data["document_types"]))


def _label(value: object, where: str) -> Label:
    if not (isinstance(value, dict) and isinstance(value.get("hans"), str) and isinstance(value.get("hant"), str)):
        raise ValueError(f"build_tools/forms.yml: {where}: expected its name in both scripts, e.g. {{hans: 法规, hant: 法規}}.")
    return Label(value["hans"], value["hant"])


KINDS = tuple(load_forms().kinds)
# GB/T 9704-2012 7.3.3's levels (一、 （一） 1. （1）), as the decision form lists them: the numbering plans, notices
# and work points share, and a 预案 or an attachment may borrow.
GB9704_MARKERS = tuple(level.marker for level in load_forms().forms["decision"].numbered)
# The document types as one alternation, the longest first (任务分解表 before 任务).
DOCUMENT_TYPES = "(?:" + "|".join(sorted(load_forms().document_types, key=len, reverse=True)) + ")"
KIND_NAMES = load_forms().kinds
FORM_NAMES = tuple(load_forms().forms)
