"""Who carries out a task: the responsible units (责任单位) that work points and plans print after a task or inside it,
split into units, the shared 省 prefix filled in, as a stage of its own (parse.py calls it once the tree is built)."""

from __future__ import annotations

import re

from .identify import Draft

# Who carries out a task, as work points and plans print it: '〔责任单位：A、B〕' closing the task, the same key after a
# deadline ('（2022年12月底前，牵头考核单位：A）'), or '（A牵头，B按职责分工负责）', '（A牵头）' inside the text.
UNITS_KEY = r"(?:责任单位|責任單位|责任部门|責任部門|牵头单位|牽頭單位|牵头部门|牽頭部門|牵头考核单位|主责单位)"
# (…牵头单位：A；参加单位：B、C) likewise: the units that take part.
ASSISTING = r"(?:配合单位|配合部门|協辦單位|配合單位|协办单位|参加单位|參加單位|参与单位|參與單位)"
UNITS_OPEN = re.compile(rf"[〔(（](?:[^〔〕()（）]{{0,40}}?[，,、；;]\s*)?(?:{UNITS_KEY}|{ASSISTING})\s*[:：]")
# The same key without a bracket, closing the task after its last sentence: '…确保落地生根。责任单位：区经济发展局'.
# The units' line may close with a full stop as a sentence does ('责任单位：省财政厅，各设区市人民政府。').
# The units may go on with the units that assist (责任单位：区税务局配合单位：区财金局), each label with its colon.
UNITS_TAIL = re.compile(
    rf"(?<=[。；;！!])\s*{UNITS_KEY}\s*[:：](?P<units>[^。；;：:（）()〔〕]{{2,200}}?(?:[，,；;]?\s*{ASSISTING}\s*[:：][^。；;：:（）()〔〕]{{2,200}})?)[。；;]?$"
)
RESPONSIBLE = re.compile(
    r"[（(]([^（）()]{2,150}?)(?:按职责分工|按職責分工|分工|分别|分別|共同)?(?:负责|負責|配合|参与|參與|牵头|牽頭)[）)]"
)
ROLE_WORDS = re.compile(r"(牵头|牽頭|配合|参与|參與|按职责分工|按職責分工|负责|負責|等)$")
PAIRS = {"〔": "〕", "(": ")", "（": "）"}
# Units that name their own place: they take no shared 省 prefix (福州市, not 省福州市). The province's cities as
# its documents print them; a unit that opens with any of these words is left as it is.
OWN_PLACE = ("省", "市", "各", "县", "国家", "中央", "福州", "厦门", "泉州", "莆田", "漳州", "南平", "三明", "龙岩", "宁德", "平潭")


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
            if prefix and not bare.startswith(OWN_PLACE):
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


def take_units(provision: Draft, warnings: list[str], diagnostics: list[tuple[int, str]], inline: bool) -> None:
    matches = list(UNITS_OPEN.finditer(provision.text))
    tail = (UNITS_TAIL.search(provision.text) or UNITS_LINE.match(provision.text)) if not matches else None
    if tail is not None:
        provision.units_raw = provision.text[tail.start() :]
        provision.text = provision.text[: tail.start()]
        listed = _listed(re.sub(rf"[，,；;]?\s*{ASSISTING}\s*[:：]", "，", tail.group("units").strip()))
        provision.responsible_units = split_units(listed)
        provision.units_normalized = normalize_units(listed)
        return
    if not matches:
        if inline:
            _inline_units(provision)
        return
    start = matches[-1].start()
    clause = provision.text[start:]
    opening = clause[0]
    inner = clause[matches[-1].end() - start :]
    key = re.search(f"{UNITS_KEY}|{ASSISTING}", clause)
    assert key is not None
    inner = clause[key.end() :].lstrip(":： ")
    if re.search(r"[)）〕][。；;.]$", inner):
        inner = inner[:-1]  # the bracket closed, then the sentence: '（责任单位：…交通与建设局）。'
    depth = sum(ch in "(（〔" for ch in inner) - sum(ch in ")）〕" for ch in inner)
    if inner.endswith(PAIRS[opening]) and depth < 0:
        inner = inner[:-1]
    elif depth >= 0:
        printed = clause[: matches[-1].end() - start]  # '（责任单位：' as the text prints it
        warnings.append(f"{provision.label}（第{provision.lines[0]}行）：“{printed}”的括号未闭合，已读至段末。")
        diagnostics.append(
            (provision.lines[0], f"the bracket of '{printed}' is not closed; the units were read to the end of the paragraph.")
        )
    provision.units_raw = clause
    provision.text = provision.text[:start]
    # The units end with their sentence ('…市公安局。时间节点：2025年3月'), unless the units that assist follow
    # ('牵头单位：A；参加单位：B'): those are the task's too.
    inner = re.sub(rf"[，,；;]\s*{ASSISTING}\s*[:：]", "，", inner)
    inner = _listed(re.split(r"[。；;]", inner, maxsplit=1)[0])
    provision.responsible_units = split_units(inner)
    provision.units_normalized = normalize_units(inner)


# What closes a list of units without being one: the role they share (A、B、C按职责分工负责, 分别负责, 共同落实), and
# 等单位 (and the like).
SHARED_ROLE = re.compile(r"(?:按职责分工|按職責分工|按职责|按職責|分别|分別|共同)(?:负责|負責|落实|落實|推进|推進)$")


def _listed(units: str) -> str:
    """The units as a list: without the role they share at the end, and without a bracket around them all that the
    page printed inside the key's own (（责任单位：〔A、B〕)."""
    wrapped = re.fullmatch(r"〔([^〔〕]*)〕?", units.strip())
    units = wrapped.group(1) if wrapped else units.strip()
    return re.sub(r"(?:等单位|等部门|等單位|等部門)$", "", SHARED_ROLE.sub("", units))  # (…等单位: and the like)


UNITS_LINE = re.compile(rf"^{UNITS_KEY}\s*[:：](?P<units>[^。；;：:]{{2,200}})[。；;]?$")


def _inline_units(provision: Draft) -> None:
    """'（合肥海关负责）', '（省商务厅牵头，省发改委按职责分工负责）' inside a task: its units, the text left as it is."""
    units: list[str] = []
    for match in RESPONSIBLE.finditer(provision.text):
        for part in re.split(r"[，,；;]", match.group(1)):
            for unit in split_units(ROLE_WORDS.sub("", part.strip())):
                unit = ROLE_WORDS.sub("", unit)
                if unit and unit not in units:
                    units.append(unit)
    if units:
        provision.responsible_units = units
        provision.units_normalized = [re.sub(r"[(（][^)）]*[)）]", "", unit).strip() for unit in units]
