"""Parse cleaned lines into a tree of provisions, using the general hierarchies of Chinese official texts.

Markers (第X章, 一、, （一）, 1., （1）) and bare heading lines rank by their first appearance in the document, so
the same parser reads a decision, work points, an article or a speech. Lead sentences become headings
(（一）明确发展目标。…), and so do those of unnumbered paragraphs when two or more siblings open with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .identify import chinese_number, eid, ensure_unique, to_chinese_numeral
from .model import HAN, Line, Provision

CN = "一二三四五六七八九十百零〇两"
MARKERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("chp", re.compile(rf"^第([{CN}\d]+)章\s*(.*)$"), "第{}章"),
    ("subchp", re.compile(rf"^第([{CN}\d]+)节\s*(.*)$"), "第{}节"),
    ("art", re.compile(rf"^第([{CN}\d]+)条\s*(.*)$"), "第{}条"),
    ("part", re.compile(rf"^([{CN}]+)、\s*(.*)$"), "{}"),
    ("sec", re.compile(rf"^[(（]([{CN}]+)[)）]\s*(.*)$"), "({})"),
    ("item", re.compile(r"^(\d{1,3})[.．、](?!\d)\s*(.*)$"), "{}"),
    ("point", re.compile(r"^[(（](\d{1,3})[)）]\s*(.*)$"), "({})"),
)
SENTENCE_END = "。！？"
LEAD = re.compile(r"^([^。！？,，、;；:：]{4,30})([。！？])(.+)$")
UNITS_OPEN = re.compile(r"[〔(（]\s*(责任单位|責任單位)\s*[:：]")
PAIRS = {"〔": "〕", "(": ")", "（": "）"}
LABEL_WORDS = {"preamble": "序言", "notice": "印发通知", "note": "题注", "gap": "缺文"}


@dataclass
class Parsed:
    provisions: list[Provision]
    warnings: list[str]


def _classify(text: str) -> tuple[str, str | None, str, str]:
    """(kind, printed number, printed marker, rest): a marker kind, 'bare' for a heading without a marker, or 'para'."""
    for kind, pattern, _ in MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match.group(1), text[: match.start(2)], match.group(2)
    if re.fullmatch(r"[(（〔].*[)）〕]", text):
        return "para", None, "", text  # a bracketed note, e.g. the adoption note under a decision's title
    if len(text) <= 40 and not re.search(r"[。！？；;]", text) and not re.search(r"[,，、:：]$", text) and re.search(f"[{HAN}]", text):
        return "bare", None, "", text
    return "para", None, "", text


def split_units(clause: str) -> list[str]:
    """'省通信管理局、数据管理局,各设区市(含平潭综合实验区,下同)' → the units, commas inside brackets kept."""
    units, depth, current = [], 0, ""
    for ch in clause:
        if ch in "(（〔":
            depth += 1
        elif ch in ")）〕":
            depth -= 1
        if depth == 0 and ch in "、,，;；":
            units.append(current.strip())
            current = ""
        else:
            current += ch
    units.append(current.strip())
    return [u for u in units if u]


def normalize_units(clause: str) -> list[str]:
    """Expand the shared prefix ('省通信管理局、数据管理局' → 省数据管理局) and drop notes ('(含…,下同)')."""
    normalized: list[str] = []
    for group in split_units_groups(clause):
        prefix = "省" if group and group[0].startswith("省") and not group[0].startswith(("省直", "省委")) else ""
        for unit in group:
            bare = re.sub(r"[(（][^)）]*[)）]", "", unit).strip()
            if prefix and not bare.startswith(("省", "市", "各", "县", "国家", "中央", "福州", "厦门", "泉州", "莆田")):
                bare = prefix + bare
            normalized.append(bare)
    return normalized


def split_units_groups(clause: str) -> list[list[str]]:
    """Top-level comma groups, each a list of 、-separated units (a prefix is shared only within a 、 series)."""
    groups, depth, current = [], 0, ""
    for ch in clause:
        depth += ch in "(（〔"
        depth -= ch in ")）〕"
        if depth == 0 and ch in ",，;；":
            groups.append(current)
            current = ""
        else:
            current += ch
    groups.append(current)
    return [[u.strip() for u in re.split(r"、(?![^(（]*[)）])", g) if u.strip()] for g in groups if g.strip()]


def _take_units(provision: Provision, warnings: list[str]) -> None:
    matches = list(UNITS_OPEN.finditer(provision.text))
    if not matches:
        return
    start = matches[-1].start()
    clause = provision.text[start:]
    opening = clause[0]
    inner = clause[matches[-1].end() - start :]
    depth = sum(ch in "(（〔" for ch in inner) - sum(ch in ")）〕" for ch in inner)
    if inner.endswith(PAIRS[opening]) and depth < 0:
        inner = inner[:-1]
    elif depth >= 0:
        warnings.append(f"{provision.label}（第{provision.lines[0]}行）：“{opening}责任单位:”的括号未闭合，已读至段末。")
    provision.units_raw = clause
    provision.text = provision.text[:start]
    provision.responsible_units = split_units(inner)
    provision.units_normalized = normalize_units(inner)


def _split_lead(text: str) -> tuple[str, str, str] | None:
    match = LEAD.match(text)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def parse(lines: list[Line]) -> Parsed:
    """Build the provision tree; `lines` are cleaned (roles text, notice, gap)."""
    warnings: list[str] = []
    taken: set[str] = set()
    provisions: list[Provision] = []

    notice_lines = [line for line in lines if line.role == "notice"]
    if notice_lines:
        head, *notice_body = notice_lines
        notice = Provision(ensure_unique("notice", taken), "notice", LABEL_WORDS["notice"], heading=head.text, lines=(head.number,))
        for index, line in enumerate(notice_body, start=1):
            notice.children.append(
                Provision(
                    ensure_unique(eid(notice.id, "para", index), taken),
                    "para",
                    f"{notice.label}第{index}段",
                    text=line.text,
                    lines=(line.number,),
                    parent=notice.id,
                )
            )
        provisions.append(notice)

    body = [line for line in lines if line.role != "notice"]
    classified = [(line, *_classify(line.text)) if line.role == "text" else (line, "gap", None, "", "") for line in body]
    ranks: dict[str, int] = {}
    for _, kind, _, _, _ in classified:
        if kind not in ("para", "gap") and kind not in ranks:
            ranks[kind] = len(ranks)
    labels = {kind: label for kind, _, label in MARKERS}

    if not ranks:
        warnings.append("未识别出标题或编号条款，全文按段落平铺显示。")

    stack: list[tuple[int, Provision]] = []
    preamble: Provision | None = None
    counters: dict[str, dict[str, int]] = {}
    last_number: dict[str, tuple[int, str]] = {}

    def container() -> Provision | None:
        nonlocal preamble
        if stack:
            return stack[-1][1]
        if not ranks:
            return None
        if preamble is None:
            preamble = Provision(ensure_unique("preamble", taken), "preamble", LABEL_WORDS["preamble"])
            provisions.append(preamble)
        return preamble

    def add_child(parent: Provision | None, child: Provision) -> None:
        if parent is None:
            provisions.append(child)
        else:
            child.parent = parent.id
            parent.children.append(child)

    def next_count(parent: Provision | None, alias: str) -> int:
        key = parent.id if parent else ""
        counts = counters.setdefault(key, {})
        counts[alias] = counts.get(alias, 0) + 1
        return counts[alias]

    for line, kind, printed, printed_marker, rest in classified:
        if kind == "gap":
            parent = container()
            number = next_count(parent, "gap")
            label = (parent.label if parent else "") + LABEL_WORDS["gap"]
            add_child(
                parent,
                Provision(ensure_unique(eid(parent.id if parent else None, "gap", number), taken), "gap", label, lines=(line.number,)),
            )
            continue
        if kind == "para":
            if not _body_started(stack, provisions) and re.fullmatch(r"[(（][^()（）]+[)）]", line.text):
                note_number = next_count(None, "note")
                provisions.append(
                    Provision(
                        ensure_unique(eid(None, "note", note_number), taken),
                        "note",
                        LABEL_WORDS["note"],
                        text=line.text,
                        lines=(line.number,),
                    )
                )
                continue
            parent = container()
            number = next_count(parent, "para")
            label = f"{parent.label if parent else ''}第{number}段"
            add_child(
                parent,
                Provision(
                    ensure_unique(eid(parent.id if parent else None, "para", number), taken),
                    "para",
                    label,
                    text=line.text,
                    lines=(line.number,),
                ),
            )
            continue

        rank = ranks[kind]
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if kind == "bare":
            alias, number = "sec", next_count(parent, "bare")
            own_label = f"第{to_chinese_numeral(number)}部分"
        else:
            alias, number = kind, chinese_number(printed or "")
            own_label = labels[kind].format(printed)
            previous = last_number.get(kind)
            if previous and number not in (previous[0] + 1, 1):
                missing = "".join(f"“{_render_number(kind, n)}”" for n in range(previous[0] + 1, number))
                warnings.append(
                    f"编号从“{previous[1]}”跳到“{_render_number(kind, number)}”（第{line.number}行）"
                    + (f"：原文缺少{missing}。" if missing else "。")
                )
            last_number[kind] = (number, _render_number(kind, number))
        provision = Provision(
            ensure_unique(eid(parent.id if parent else None, alias, number), taken),
            alias,
            (parent.label if parent else "") + own_label,
            marker=printed_marker,
            lines=(line.number,),
            number=number,
        )
        if re.search(rf"[{SENTENCE_END}]", rest):
            lead = _split_lead(rest)
            if lead:
                provision.heading, provision.heading_end, provision.text = lead
            else:
                provision.text = rest
        else:
            provision.heading = rest
        _take_units(provision, warnings)
        add_child(parent, provision)
        stack.append((rank, provision))

    every = [p for top in provisions for p in top.walk()]
    for provision in every:
        if provision.kind == "para":
            _take_units(provision, warnings)
    for siblings in [provisions, *(p.children for p in every)]:
        _promote([p for p in siblings if p.kind == "para" and not p.heading])
    return Parsed(provisions, warnings)


def _body_started(stack: list[tuple[int, Provision]], provisions: list[Provision]) -> bool:
    """True once the body has produced anything other than the covering notice and notes."""
    return bool(stack) or any(p.kind not in ("notice", "note") for p in provisions)


def _promote(paras: list[Provision]) -> None:
    """Parallel paragraphs that open with a short lead sentence (数字经济发展持续加快。…) get it as their heading."""
    leads = {id(p): _split_lead(p.text) for p in paras}
    candidates = [p for p in paras if leads[id(p)] and len(leads[id(p)][0]) <= 20]  # type: ignore[index]
    if len(candidates) < 2:
        return
    for para in candidates:
        para.heading, para.heading_end, para.text = leads[id(para)]  # type: ignore[misc]


def _render_number(kind: str, number: int) -> str:
    label = dict((k, fmt) for k, _, fmt in MARKERS)[kind]
    printed = str(number) if kind in ("item", "point") else to_chinese_numeral(number)
    return label.format(printed)
