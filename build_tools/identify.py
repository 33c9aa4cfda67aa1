"""Stable provision IDs in the style of Akoma Ntoso eIds: ASCII, structural (`part_2__sec_3__item_7`), never derived
from text; and citation labels (二（三）7, 第十七条第二款), filled from the form's templates (forms.yml). The stage after
parse.py: `identify` turns the finished tree into provisions with their IDs and labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .forms import Level
from .model import Provision


@dataclass
class Draft:
    """A provision while parse.py builds it: filled in pass by pass, then frozen into a Provision (`freeze`)."""

    id: str
    kind: str  # the eId alias of its level (chp, art, para, part, sec, item, point) or preamble, notice, note, gap
    label: str  # the citation label, e.g. 二（三）7, 第十七条第二款
    level: str = ""  # its level in the document's form, as people name it: 条, 款, 一、, 1.1 ("" for preamble, notes, gaps)
    marker: str = ""  # the number as printed, e.g. "二、", "(三)", "7."
    inline: bool = False  # printed inside the running text (a law's 项, a list's （1）), not as a heading
    heading: str = ""
    heading_end: str = ""  # "。" when the heading is the paragraph's lead sentence, "" for a heading line
    text: str = ""
    units_raw: str = ""  # the responsible-units clause as printed, brackets included
    responsible_units: list[str] = field(default_factory=list)
    units_normalized: list[str] = field(default_factory=list)
    lines: tuple[int, ...] = ()
    parent: str | None = None
    number: int | None = None
    children: list[Draft] = field(default_factory=list)

    def source_text(self) -> str:
        """The provision's own text as it stands in the cleaned seed."""
        return self.marker + self.heading + self.heading_end + self.text + self.units_raw

    def walk(self) -> Iterator[Draft]:
        yield self
        for child in self.children:
            yield from child.walk()


def freeze(draft: Draft) -> Provision:
    """The finished provision, and its children, as the model holds them."""
    return Provision(
        draft.id,
        draft.kind,
        draft.label,
        draft.level,
        draft.marker,
        draft.inline,
        draft.heading,
        draft.heading_end,
        draft.text,
        draft.units_raw,
        tuple(draft.responsible_units),
        tuple(draft.units_normalized),
        draft.lines,
        draft.parent,
        draft.number,
        tuple(freeze(child) for child in draft.children),
    )


# The words labels add, in Simplified (parse.py puts them into the document's script).
LABEL_WORDS = {"preamble": "序言", "notice": "印发通知", "note": "题注", "gap": "缺文", "address": "主送机关", "signature": "落款"}


@dataclass
class Node:
    """A provision while the tree is being built: its level and number as printed, before IDs and labels."""

    provision: Draft
    level: Level | None  # None for the preamble, notes, gaps and the covering notice
    printed: str = ""  # the number as printed, spaces removed: 十七, 3, 5-1, 2.3.1
    sub: str = ""  # an inserted article's suffix: 之一
    children: list[Node] = field(default_factory=list)


DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
ID_PATTERN = re.compile(r"^[a-z]+(_\d+)?(__[a-z]+(_\d+)?)*$")


def chinese_number(text: str) -> int:
    """'十四' → 14, '二十一' → 21, '七' → 7, '12' → 12."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def to_chinese_numeral(number: int) -> str:
    """14 → '十四' (for labels of unnumbered sections)."""
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    if number < 20:
        return "十" + (names[number % 10] if number % 10 else "")
    tens, ones = divmod(number, 10)
    if number < 100:
        return names[tens] + "十" + (names[ones] if ones else "")
    return str(number)


def eid(parent: str | None, alias: str, number: int | None = None) -> str:
    own = alias if number is None else f"{alias}_{number}"
    return f"{parent}__{own}" if parent else own


def ensure_unique(candidate: str, taken: set[str]) -> str:
    """Two siblings with the same printed number (a source error) still get distinct IDs: sec_3, sec_3_2."""
    unique, suffix = candidate, 2
    while unique in taken:
        unique = f"{candidate}_{suffix}"
        suffix += 1
    taken.add(unique)
    return unique


def identify(top: list[Node], localize: Callable[[str], str]) -> list[Draft]:
    """IDs (Akoma Ntoso eIds, structural) and citation labels, from the finished tree."""
    taken: set[str] = set()

    # A provision of an attachment, or of one of the documents a notice issues, is cited with that container's label
    # (附件1第一条, 《B》第五条), as GB/T 9704's levels are ({parent}一): a law's article label names no parent, and
    # the same 第一条 would stand in each document.

    def visit(
        nodes: list[Node], parent: Draft | None, parent_node: Node | None, style: str, container: str = "", after: int = 0
    ) -> list[Draft]:
        out: list[Draft] = []
        ordinals: dict[str, int] = {"para": after} if after else {}
        for node in nodes:
            p = node.provision
            key = p.kind if node.level is None or node.level.paragraph or node.level.bare else node.level.name
            if key == "para" and key not in ordinals and parent is not None and parent.text and parent.kind not in ("notice",):
                # A numbered line that carries text after its marker ('（二）目标任务。按照…') is itself 第1段.
                ordinals[key] = 1
            ordinals[key] = ordinals.get(key, 0) + 1
            ordinal = ordinals[key]
            parent_id = parent.id if parent else None
            parent_label = parent.label if parent else ""
            if p.kind in ("preamble", "notice", "closing"):
                p.id = ensure_unique(p.kind, taken)
            elif p.kind == "note":
                p.id = ensure_unique(eid(None, "note", ordinal), taken)
            elif p.kind in ("address", "signature"):
                p.id = ensure_unique(eid(parent_id, p.kind, None), taken)
            elif p.kind in ("att", "doc"):
                p.id = ensure_unique(eid(None, p.kind, ordinal), taken)
            elif p.kind == "box":  # 专栏N: by its own number, which runs through the plan
                printed = re.sub(r"^\D+", "", p.label)
                p.id = ensure_unique(eid(parent_id, "box", chinese_number(printed) if printed else ordinal), taken)
            elif p.kind == "gap":
                p.id = ensure_unique(eid(parent_id, "gap", ordinal), taken)
                p.label = parent_label + localize(LABEL_WORDS["gap"])
            elif node.level is not None and node.level.bare:
                p.id = ensure_unique(eid(parent_id, node.level.alias, ordinal), taken)
                p.label = node.level.label.replace("{heading}", p.heading)
            elif (
                node.level is not None
                and node.level.paragraph
                and parent_node is not None
                and parent_node.level is not None
                and parent_node.level.rank == node.level.rank - 1
            ):
                p.id = ensure_unique(eid(parent_id, node.level.alias, ordinal), taken)
                p.label = fill_label(node.level.label, parent_label, str(ordinal), ordinal, style)  # a law's 款/項
            elif node.level is not None and not node.level.paragraph:
                number = f"{p.number}" if "-" not in node.printed else node.printed.replace("-", "_")
                if node.sub:
                    number += f"_{chinese_number(node.sub[1:])}"
                p.id = ensure_unique(eid(parent_id, node.level.alias, None) + f"_{number}", taken)
                p.label = fill_label(node.level.label, parent_label, node.printed, p.number or 0, style) + node.sub
            else:  # any other paragraph: of a part, of the preamble, of the covering notice, of a text with no structure
                p.id = ensure_unique(eid(parent_id, "para", ordinal), taken)
                p.label = f"{parent_label}第{ordinal}段"
            if container and p.label and not p.label.startswith(container):
                p.label = container + p.label
            p.parent = parent_id
            p.level = node.level.name if node.level is not None else ""
            p.inline = node.level is not None and node.level.content == "text"
            child_style = style
            if node.level is not None and node.level.sets_numerals:
                child_style = "arabic" if re.match(r"[0-9]", node.printed) else "chinese"
            inner = p.label if p.kind in ("att", "doc") else container
            # The closing words go on from the opening paragraphs: 第1段 above the list, 第2段 after it.
            opening = sum(1 for q in out if q.kind == "preamble" for c in q.children if c.kind == "para") if p.kind == "closing" else 0
            p.children = visit(node.children, p, node, child_style, inner, opening)
            out.append(p)
        return out

    return visit(top, None, None, "chinese")


def fill_label(template: str, parent: str, printed: str, number: int, style: str) -> str:
    styled = str(number) if style == "arabic" else to_chinese_numeral(number)
    return (
        template.replace("{parent}", parent)
        .replace("{n_style}", styled)
        .replace("{ord_style}", styled)
        .replace("{n}", printed)
        .replace("{ord}", str(number))
    )
