"""Parse cleaned lines into a tree of provisions, following the document's form (build_tools/forms.yml).

Named passes, in order: the covering notice, front matter (adoption notes, 题注), classification of every line by
the form's markers, the tree (levels nest by their rank in the form, never by first appearance), a law's paragraphs
(款/項: an article with two or more paragraphs gets one child per paragraph, and its 项/款 move under the paragraph
they follow), responsible units, lead sentences, and last IDs and citation labels from the form's templates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .forms import CN_NUMERALS, DOCUMENT_TYPES, GB9704_MARKERS, Form, Forms, Level, load_forms
from .identify import LABEL_WORDS, Draft, Node, chinese_number, fill_label, freeze, identify, to_chinese_numeral
from .model import HAN, Line, Provision
from .units import ASSISTING, UNITS_KEY, UNITS_LINE, take_units

SENTENCE_END = "。！？"
CLAUSE_END = ("；", ";", "，", ",")
# A heading printed as a sentence closed by a full stop ((一）加强组织领导。) is short; a longer first sentence is text
# (一、国家保护能够识别公民个人身份和涉及公民个人隐私的电子信息。).
HEADING_MAX = 24
# A heading printed as the paragraph's lead sentence: short, no clause punctuation (、 may enumerate: 分解、推动…落实。).
LEAD = re.compile(r"^([^。！？,，;；:：]{4,30})([。！？])(.+)$")
# Adoption and promulgation notes printed above a law's body: '2021年6月10日…会议通过', '根据…修正', '主席令第八十四号'.
DATE = rf"(?:[0-9０-９]{{4}}|[{CN_NUMERALS}]{{4}})\s*年"
ADOPTION_NOTE = re.compile(rf"^[(（]?.{{0,40}}{DATE}.*(通过|通過|公布|修正|修订|修訂|施行|发布|發布|批准)[)）]?$")
# The sentence of the order that promulgates a 规章 (规章制定程序条例 第32条: 公布令): 《…》已经…通过，现予公布，自…施行。
PROMULGATION = re.compile(r"现予(?:公布|发布|發布|公佈)")
# An order's number (GB/T 9704 10.3: 第4号, 中华人民共和国商务部令 二〇二五年第4号), or the order's mark alone on its line
ORDER_DIGITS = f"0-9０-９〇零{CN_NUMERALS}"
ORDER_NUMBER = re.compile(
    rf"^[(（]?(.{{0,40}}(主席令|令|公告|公報|公报))?\s*(?:[{ORDER_DIGITS}]{{4}}\s*年)?\s*[(（]?第\s*[{ORDER_DIGITS}]+\s*号[)）]?"
    rf"(?:\s*\S{{2,40}})?$|^.{{2,30}}(?:部|委员会|委|局|署|行|院|政府)令$"
)
# A bracketed caption after an article's number (條文要旨): 第一條（立法目的）, 第一条【立法目的】.
CAPTION = re.compile(r"^([(（【〔][^()（）【】〔〕。，,]{1,30}[)）】〕])\s*")
# GB/T 9704-2012: 主送机关 (7.3.2) above the body, 附件 (7.4) after it, 落款 (7.3.5): the issuer and the date.
ORG_SUFFIX = (
    r"(人民政府|政府|部门|单位|机构|委员会|办公厅|办公室|领导小组|小组|总局|集团|公司|银行|中心|管委会|兵团|调查队"
    r"|厅|局|委|办|部|院|会|署|处|室)"
)
# An issuer line of a 落款, with the note a seal may carry: 君山片区森林防灭火指挥部 （君山片区管理局党政办公室代章）.
ORGANISATION = re.compile(rf"^[{HAN}（）()、 　]{{2,40}}{ORG_SUFFIX}(\s*[（(][^（）()]{{1,30}}[）)])?$")
# A 落款's date, the 成文日期 (2025年10月22日, 二〇二五年十月二十二日; GB/T 9704 7.3.5.1)
WRITTEN_DATE = rf"(?:[0-9０-９]{{4}}|[{CN_NUMERALS}]{{4}})\s*年\s*[0-9０-９{CN_NUMERALS}]{{1,3}}\s*月\s*[0-9０-９{CN_NUMERALS}]{{1,3}}\s*日"
SIGNATURE_DATE = re.compile(rf"^{WRITTEN_DATE}$")
# A covering notice's title: 印发 (or 转发) the documents it names, as a notice or a letter (函); group 1 names them.
# A notice that issues a document: 关于印发《…》的通知, 转发, and 发布 (a report, a catalogue, a standard it publishes)
ISSUING = re.compile(r"(?:印发|转发|发布|印發|轉發|發布)(.+)的(?:通知|函)$")
# An attachment's mark (GB/T 9704 7.4: 附件1), or an attached table's (附表1, the forms a 办法 appends)
ATTACHMENT = re.compile(r"^附\s*(?P<word>件|表)\s*(?P<num>[0-9０-９一二三四五六七八九十]{0,3})$")
# A boxed 专栏 of a plan (专栏1 数字基础设施建设工程, 专栏 主要指标): its own provision, cited 专栏1 (专栏 when unnumbered).
BOX = re.compile(r"^专\s*栏\s*(?P<num>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?[\s\u3000:：、.．]*(?P<title>.{0,60})$")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
SENTENCE_END_IN = re.compile(r"[。！？；]")
CAPTION_MAX = 20  # characters: an article's caption names its subject; its rule is a sentence
# The closing words of a 公文 (its 结尾): when it takes effect or who explains it, a request to carry it out, 特此通知.
# After the last item of a list, or after a part that has said its own words, they close the whole text.
# The formulas (when it takes effect, who explains it, 特此通知) stand nowhere else, so a crawled line is cut before them.
# The text naming itself: 本通知, 本办法 …, or what it lists as a whole (上述政策, 以上措施 …自印发之日起施行)
THIS_TEXT = rf"(?:本(?:通知|通告|文件|政策措施|实施意见|实施方案|{DOCUMENT_TYPES})|(?:上述|以上)(?:政策|措施|政策措施|规定))"
CLOSING_FORMULA = rf"{THIS_TEXT}(?:自|从|由|有效期|未尽事宜)|特此(?:通知|通告)"
CLOSING = re.compile(
    rf"^(?:{CLOSING_FORMULA}|本\S{{2,4}}(?:执行中|实施中)|请各.{{0,60}}?(?:按照|结合|遵照|参照|认真|切实|抓好|做好)"
    rf"|各.{{0,60}}?(?:参照|按照|结合){THIS_TEXT}|(?:执行|实施)(?:中|过程中)(?:如|遇|发现|有))"
    # or a paragraph that says, among other things, when this text takes effect (…本文件自公布之日起30日后施行)
    rf"|.*{THIS_TEXT}[^。]{{0,30}}?自[^。]{{0,30}}?(?:施行|实施|执行)"
)
# A formula: terms joined by ＝ (or ×, ÷, ＋, －), no sentence of its own (应纳税额＝当期销项税额－当期进项税额).
FORMULA = re.compile(r"[^。！？；，,]{1,60}[＝=][^。！？；，,]{1,80}[。]?")


def converter_free(text: str) -> str:
    """专欄 (Traditional) matched as 专栏: the few characters the box marker has in either script."""
    return text.strip().replace("欄", "栏").replace("專", "专")


@dataclass
class Parsed:
    provisions: list[Provision]  # frozen
    warnings: list[str]  # for readers, in Chinese, shown on the document's page
    diagnostics: list[tuple[int, str]] = field(default_factory=list)  # for maintainers: (seed line, message)


Classified = tuple[Level, str, str, str, str]


def classify(form: Form, text: str) -> Classified | None:
    """(level, number as printed, 之X suffix, marker as printed, rest) when a numbered marker opens the line."""
    found = form.match(text)
    return _classified(*found) if found else None


def _classified(level: Level, match: re.Match[str]) -> Classified:
    printed = re.sub(r"\s+", "", match.group("num")).translate(FULLWIDTH_DIGITS)
    sub = match.groupdict().get("sub") or ""
    return level, printed, sub, match.group("marker"), match.group("rest")


def looks_like_heading(text: str) -> bool:
    """A short line of Han text that ends no sentence or clause: a heading printed without a number."""
    return (
        len(text) <= 40
        and not re.search(r"[。！？；;]", text)
        and not re.search(r"[,，、:：]$", text)
        and bool(re.search(f"[{HAN}]", text))
        and not re.fullmatch(r"[(（〔].*[)）〕]", text)
    )


def number_value(level: Level, printed: str) -> int:
    last = re.split(r"[.．-]", printed)[-1] if level.alias != "art" else printed.split("-")[0]
    try:
        return chinese_number(last)
    except ValueError:
        return 0


# The units in brackets as a paragraph of their own: '（责任单位：区发展改革委、区建管委）'
BRACKETED_UNITS_LINE = re.compile(
    rf"^[（(]\s*(?:{UNITS_KEY}|{ASSISTING})\s*[:：][^。；;：:]{{2,300}}(?:[，,；;]\s*{ASSISTING}\s*[:：][^。；;：:]{{2,300}})?[）)][。；;]?$"
)


def _units_only(text: str) -> bool:
    """A paragraph that is a task's units and nothing else ('责任单位：…', '（责任单位：…）')."""
    return bool(UNITS_LINE.match(text.strip()) or BRACKETED_UNITS_LINE.match(text.strip()))


def _units_paragraph_pass(node: Node, depth: int = 0) -> None:
    """A task's units printed as a paragraph of their own after its text ('责任单位：区社会事业局'): joined to the
    text they follow, the task's own or the paragraph before them (a task of several paragraphs, each with its units),
    where take_units reads them as that provision's units."""
    if depth:  # a task under a part (二（三）), never a part: a part's last task may have units none of the others has
        _units_under_the_last_item(node)
    for child in node.children:
        _units_paragraph_pass(child, depth + 1)
    if not node.children or node.level is None:
        return
    kept: list[Node] = []
    for child in node.children:
        units = child.provision
        if units.kind == "para" and not child.children and not units.heading and _units_only(units.text):
            before = kept[-1].provision if kept else node.provision
            if not kept or (before.kind == "para" and not kept[-1].children and not _units_only(before.text)):
                before.text += units.text.strip()
                before.lines += units.lines
                continue
        kept.append(child)
    node.children = kept


UNITS_KEY_IN = re.compile(rf"{UNITS_KEY}|{ASSISTING}")  # a text that names units (责任单位：, 配合单位：)


def _units_under_the_last_item(node: Node) -> None:
    """A task's units printed on a line of their own under the last of its sub-items (（二）… 1.… 2.… 3.…, then
    （责任单位：…）), where no other sub-item names units: the task's, not the last sub-item's."""
    items = [child for child in node.children if child.level is not None and child.provision.kind != "para"]
    if node.level is None or len(items) < 2 or items[-1] is not node.children[-1] or not items[-1].children:
        return
    units = items[-1].children[-1]
    if units.provision.kind != "para" or units.children or not _units_only(units.provision.text):
        return
    named = [part for item in items[:-1] for part in [item, *item.children]] + [items[-1], *items[-1].children[:-1]]
    if any(UNITS_KEY_IN.search(part.provision.text) for part in named):
        return
    items[-1].children.pop()
    node.provision.text += units.provision.text.strip()
    node.provision.lines += units.provision.lines


def _units_of_the_last_paragraph(every: list[Draft]) -> None:
    """Units closing a task's last paragraph, where no other paragraph of it names units: the task's (a paragraph is
    no task; its units name who carries out the task)."""
    for task in every:
        paragraphs = [child for child in task.children if child.kind == "para"]
        if task.kind == "para" or task.responsible_units or not paragraphs or paragraphs[-1] is not task.children[-1]:
            continue
        last = paragraphs[-1]
        if not last.responsible_units or any(p.responsible_units for p in paragraphs[:-1]):
            continue
        # the clause stays printed where it stands (the paragraph's units_raw); the task names the units
        task.responsible_units, task.units_normalized = last.responsible_units, last.units_normalized
        last.responsible_units, last.units_normalized = [], []


def _split_lead(text: str) -> tuple[str, str, str] | None:
    match = LEAD.match(text)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def _fill_content(provision: Draft, level: Level, rest: str) -> None:
    """What follows a marker: a heading, running text, or (content: lead) a heading or a short lead sentence."""
    caption = CAPTION.match(rest) if level.content == "caption" else None
    if caption and not re.fullmatch(r"[(（【〔](删除|刪除)[)）】〕]", caption.group(1)):
        provision.heading, provision.text = caption.group(1), rest[caption.end() :]
    elif level.content == "caption" and rest and len(rest) <= CAPTION_MAX and not re.search(r"[。！？；;：:，,、）)]", rest):
        provision.heading = rest  # a caption without brackets, alone on the article's line (第八条 知识产权申请和维护)
    elif rest.endswith(CLAUSE_END):
        provision.text = rest  # a clause of a list (1.…；2.…。, GB/T 15834 4.1.4): the text, never a heading
    elif level.content == "heading" and not re.search(rf"[{SENTENCE_END}]", rest):
        provision.heading = rest
    elif level.content in ("text", "heading", "caption"):
        provision.text = rest
    elif re.fullmatch(rf"[^{SENTENCE_END},，;；:：]{{2,{HEADING_MAX}}}[{SENTENCE_END}]", rest):
        provision.heading, provision.heading_end = rest[:-1], rest[-1]  # a heading line closed by a full stop: （一）加强领导。
    elif re.search(rf"[{SENTENCE_END}]", rest):
        lead = _split_lead(rest)
        if lead:
            provision.heading, provision.heading_end, provision.text = lead
        else:
            provision.text = rest
    elif rest.endswith(("：", ":")):
        provision.heading, provision.heading_end = rest[:-1], rest[-1]  # a lead-in heading its items: 七、…以下工作：
    else:
        provision.heading = rest


def _caption_item(node: Node, paragraph: Level) -> bool:
    """An item (below a law's 款) that heads what follows it: a caption alone (short, no sentence or clause in it) or a
    lead-in ending with a colon (个人缴费费率：)."""
    text = node.provision.text or node.provision.heading
    below = node.level is not None and node.level.rank > paragraph.rank
    caption = 0 < len(text) <= CAPTION_MAX and not re.search(r"[。！？；;，,：:]", text)
    return below and (caption or text.endswith(("：", ":")))


class _Builder:
    """The tree pass: one line at a time, levels nesting by their rank in the form."""

    def __init__(self, form: Form, forms: Forms, localize: Callable[[str], str]):
        self.form, self.forms, self.localize = form, forms, localize
        self.top: list[Node] = []
        self.stack: list[Node] = []
        self.preamble: Node | None = None
        self.warnings: list[str] = []
        self.diagnostics: list[tuple[int, str]] = []
        self.last_number: dict[str, tuple[int, str]] = {}
        self.numbered_seen = False
        self.box_floor: int | None = None  # while a 专栏 is open: the rank of the provision it stands in (-1: none)

    def add(self, parent: Node | None, node: Node) -> None:
        (parent.children if parent else self.top).append(node)

    def container(self, has_structure: bool) -> Node | None:
        if self.stack:
            return self.stack[-1]
        if not has_structure:
            return None
        if self.preamble is None:
            self.preamble = Node(Draft("", "preamble", self.localize(self.form.preamble_label)), None)
            self.top.append(self.preamble)
        return self.preamble

    def parent_for(self, level: Level) -> Node | None:
        """Close the provisions at this level or below (a container, whose level is None, is never closed)."""
        while self.stack and self.stack[-1].level is not None and self.stack[-1].level.rank >= level.rank:
            self.stack.pop()
        return self.stack[-1] if self.stack else None

    def numbered(self, line: Line, level: Level, printed: str, sub: str, marker: str, rest: str) -> None:
        if self.box_floor is not None and level.rank <= self.box_floor:
            self.close_box()  # a heading of the text around the box: the box has ended
        parent = self.parent_for(level)
        provision = Draft("", level.alias, "", marker=marker, lines=(line.number,), number=number_value(level, printed))
        _fill_content(provision, level, rest)
        node = Node(provision, level, printed, sub)
        self._check_sequence(line, level, printed, sub, provision.number or 0)
        self.add(parent, node)
        self.stack.append(node)
        self.numbered_seen = True

    def open_container(self, line: Line, kind: str, label: str, heading: str) -> None:
        """An attachment (附件) or one of several documents a notice issues: its numbering starts again."""
        marker = "" if heading else line.text.strip()  # '附件1' is printed: the marker of the attachment
        node = Node(Draft("", kind, label, marker=marker, heading=heading, lines=(line.number,)), None)
        self.top.append(node)
        self.stack = [node]
        self.last_number = {}
        self.numbered_seen = True

    def open_box(self, line: Line, number: str, title: str) -> None:
        """A boxed 专栏 inside the provision it stands in; it holds the lines after it until a heading of that
        provision's level or above, or the next box."""
        self.close_box()
        enclosing = next((node for node in reversed(self.stack) if node.level is not None), None)
        printed = line.text.strip()
        marker = printed[: len(printed) - len(title)].strip() if title else printed
        node = Node(Draft("", "box", self.localize("专栏" + number), heading=title, marker=marker, lines=(line.number,)), None)
        self.add(self.stack[-1] if self.stack else None, node)
        self.stack.append(node)
        self.box_floor = enclosing.level.rank if enclosing is not None and enclosing.level is not None else -1

    def close_box(self) -> None:
        if self.box_floor is None:
            return
        while self.stack and self.stack[-1].provision.kind != "box":
            self.stack.pop()
        if self.stack:
            self.stack.pop()
        self.box_floor = None

    def bare(self, line: Line, level: Level) -> None:
        parent = self.parent_for(level)
        node = Node(Draft("", level.alias, "", heading=line.text, lines=(line.number,)), level)
        self.add(parent, node)
        self.stack.append(node)
        self.numbered_seen = True

    def paragraph(self, line: Line, has_structure: bool) -> None:
        if self.stack and self.form.is_law and FORMULA.fullmatch(line.text.strip()):
            # In a law, a formula printed on its own line after the sentence that announces it ('计算公式：' / '应纳税额＝
            # 当期销项税额－当期进项税额') is part of that 款, not a 款 of its own. A GB/T 9704 document has no 款: its
            # paragraphs are as printed, a formula on its line one of them.
            top = self.stack[-1]
            announcing = top.children[-1].provision if top.children and top.children[-1].provision.kind == "para" else top.provision
            if announcing.text.rstrip().endswith(("：", ":")):
                announcing.text += "\n" + line.text.strip()
                announcing.lines += (line.number,)
                return
        level = self.form.paragraph
        if level is not None and any(node.level is not None and node.level.rank < level.rank for node in self.stack):
            # A paragraph after a list of 项/款 belongs to the article, not to the last item; but an item printed as a
            # caption alone (（一）职工参保人员, no sentence) heads the paragraphs and items under it, as a heading does.
            captioned = next((k for k in range(len(self.stack) - 1, -1, -1) if _caption_item(self.stack[k], level)), None)
            while self.stack[-1].level is not None and self.stack[-1].level.rank > level.rank and captioned != len(self.stack) - 1:
                self.stack.pop()
            if captioned is not None:
                item = self.stack[-1].provision
                if not item.heading and not item.text.endswith(("：", ":")):
                    item.heading, item.text = item.text, ""  # its caption: the paragraphs under it are its 第1段, 第2段 …
                self.add(self.stack[-1], Node(Draft("", "para", "", text=line.text, lines=(line.number,)), None))
                return
        parent = self.container(has_structure)
        self.add(parent, Node(Draft("", "para", "", text=line.text, lines=(line.number,)), level))

    def closing(self, line: Line) -> bool:
        """A paragraph of the text's closing words after the last item of a GB/T 9704 list ((三)… then 本通知自印发之日
        起施行): the text's own paragraph, cited after its opening ones (第2段), not the item's."""
        numbered = [node for node in self.stack if node.level is not None and not node.level.paragraph]
        if not numbered or numbered[-1].level is None or numbered[-1].level.marker not in GB9704_MARKERS:
            return False
        if len(numbered) == 1 and not (numbered[0].provision.text or numbered[0].children):
            return False  # the first words of a part (六、附则 本办法自…施行) are that part's
        if any(node.level is None for node in self.stack) or not CLOSING.match(line.text.strip()):
            return False  # inside an attachment or one of the documents a notice issues: their own words
        node = Node(Draft("", "closing", self.localize(self.form.preamble_label)), None)
        self.top.append(node)
        self.stack = [node]
        self.add(node, Node(Draft("", "para", "", text=line.text, lines=(line.number,)), self.form.paragraph))
        return True

    def gap(self, line: Line, has_structure: bool) -> None:
        parent = self.container(has_structure)
        self.add(parent, Node(Draft("", "gap", "", lines=(line.number,)), None))

    def _check_sequence(self, line: Line, level: Level, printed: str, sub: str, number: int) -> None:
        if sub or "-" in printed:
            return  # 第五条之一, 第 5-1 條: an inserted article continues the numbering it is inserted in
        previous = self.last_number.get(level.name)
        shown = _render_number(level, number, printed)
        if previous and number not in (previous[0] + 1, 1):
            missing = "".join(f"“{_render_number(level, n, printed)}”" for n in range(previous[0] + 1, number))
            jump = f"编号从“{previous[1]}”跳到“{shown}”（第{line.number}行）"
            self.warnings.append(jump + (f"：原文缺少{missing}。" if missing else "。"))
            message = f"numbering jumps from '{previous[1]}' to '{shown}'; check the source for a missing {level.name}."
            self.diagnostics.append((line.number, message))
        self.last_number[level.name] = (number, shown)


def _render_number(level: Level, number: int, printed: str) -> str:
    """The level's label for another number, in the numerals printed: 三 → “六”, 第11條 → “第12條”."""
    style = "arabic" if re.match(r"[0-9]", printed) else "chinese"
    return fill_label(level.label, "", str(number) if style == "arabic" else to_chinese_numeral(number), number, style)


def parse(
    lines: list[Line], form: Form | None = None, localize: Callable[[str], str] = str, own_titles: frozenset[str] = frozenset()
) -> Parsed:
    """Build the provision tree of cleaned `lines` (roles text, notice, gap) in `form` (default: the decision form).

    `localize` puts the few words labels add (序言, 题注) into the document's script."""
    forms = load_forms()
    form = form or forms.forms["decision"]
    builder = _Builder(form, forms, localize)

    notice_lines = [line for line in lines if line.role == "notice"]
    if notice_lines:
        builder.top.append(_notice_pass(notice_lines, localize, builder.diagnostics))

    body = [line for line in lines if line.role != "notice"]
    classified = [(line, classify(form, line.text) if line.role == "text" else None) for line in body]
    _attachments_in_their_own_form(classified, form, forms)
    _chapters_in_sequence(classified, form)
    _infer_lost_markers(classified, form, forms, builder.diagnostics)
    bare = form.bare
    has_structure = any(found for _, found in classified) or (
        bare is not None and any(line.role == "text" and looks_like_heading(line.text) for line in body)
    )
    if not has_structure:
        builder.warnings.append("未识别出标题或编号条款，全文按段落平铺显示。")
        message = f"no provision of form {form.name} found; the text is shown as paragraphs."
        builder.diagnostics.append((body[0].number if body else 0, message))

    signed = signature_blocks(body)
    first_text = next((i for i, (line, _) in enumerate(classified) if line.role == "text" and not _front_matter(line.text)), -1)
    above = _above_the_address(body[first_text:], builder.diagnostics) if first_text >= 0 else 0
    first_text += above
    signed_off = False  # the last thing read was the 落款, and nothing opened since
    last_numbered = max((i for i, (_, found) in enumerate(classified) if found), default=-1)
    for index, (line, found) in enumerate(classified):
        attachment = ATTACHMENT.match(line.text.strip()) if line.role == "text" else None
        promulgating = not form.preamble and bool(PROMULGATION.search(line.text)) and len(line.text) < 300
        if index in signed:
            _add_signature(builder.top, line, localize)
            builder.stack = []
            signed_off = True
            continue
        if signed_off and index > last_numbered and line.role == "text" and not attachment and not builder.stack:
            # GB/T 9704-2012 7.3.6: what follows the 落款 and its date, unnumbered, is a 附注 ((此件公开发布), or a line a
            # copy carried over from the next document), never body text of the preamble.
            builder.diagnostics.append((line.number, f"text after the signature (落款), read as a note (附注): '{line.text[:30]}'."))
            builder.top.append(_note_under_signature(line, localize))
            continue
        signed_off = False
        if line.role == "document_title":
            builder.open_container(line, "doc", "" if line.text.strip() in own_titles else f"《{line.text.strip()}》", line.text.strip())
        elif attachment:
            builder.open_container(line, "att", localize("附" + attachment.group("word")) + attachment.group("num"), "")
        elif line.role == "attachment_title" and not (
            builder.stack and builder.stack[-1].provision.kind == "att" and not builder.stack[-1].provision.heading
        ):  # named in the 附件说明 (clean.attachment_note); after its mark (附件1), the title is that attachment's
            attachments = sum(1 for node in builder.top if node.provision.kind == "att")
            builder.open_container(line, "att", localize("附件") + (str(attachments + 1) if attachments else ""), line.text.strip())
        elif (
            builder.stack
            and builder.stack[-1].provision.kind == "att"
            and not builder.stack[-1].provision.heading
            and (looks_like_heading(line.text) or line.role == "attachment_title")
        ):
            builder.stack[-1].provision.heading = line.text  # the attachment's title
            builder.stack[-1].provision.lines += (line.number,)
        elif index == first_text and is_address(line.text):
            builder.top.append(_special("address", line, localize))
        elif first_text - above <= index < first_text:
            builder.top.append(_special("note", line, localize))
        elif line.role == "gap":
            builder.gap(line, has_structure)
        elif line.role == "text" and (box := BOX.match(converter_free(line.text))) and not SENTENCE_END_IN.search(box.group("title")):
            builder.open_box(line, (box.group("num") or "").translate(FULLWIDTH_DIGITS), box.group("title").strip())
        elif found:
            builder.numbered(line, *found)
        elif not builder.numbered_seen and (
            _front_matter(line.text) or _byline(line.text) or (not form.preamble and not _full_sentence(line.text)) or promulgating
        ):
            # A law has no preamble: what its page prints above 第一章/第一条 (a database's header, its history
            # table, the order that promulgates it) is a note above the body (题注), never body text.
            ordered = bool(builder.top) and _signs_the_order(builder.top, line.text.strip())
            if not _front_matter(line.text) and not promulgating and not ordered:
                message = f"text above the first article, read as a note (题注): '{line.text[:30]}'."
                builder.diagnostics.append((line.number, message))
            builder.top.append(_special("note", line, localize))
        elif bare is not None and looks_like_heading(line.text):
            builder.bare(line, bare)
        elif index > last_numbered and form.numbered[0].marker in ("篇", "章", "一、") and builder.closing(line):
            pass
        else:
            _diagnose_paragraph(builder, line)
            builder.paragraph(line, has_structure)

    _closing_after_the_last_item(builder.top, form, localize)
    for node in builder.top:
        _items_across_paragraphs(node, form)
        _paragraphs_pass(node, form)
        _units_paragraph_pass(node)
        _single_paragraph_pass(node, form)
    provisions = identify(builder.top, localize)
    every = [p for top in provisions for p in top.walk()]
    for provision in every:
        take_units(provision, builder.warnings, builder.diagnostics, form.units_inline)
    _units_of_the_last_paragraph(every)
    if form.promote_leads:
        for siblings in [provisions, *(p.children for p in every)]:
            _promote([p for p in siblings if p.kind == "para" and not p.heading])
    return Parsed([freeze(p) for p in provisions], builder.warnings, _runs_told_once(builder.diagnostics))


UNNUMBERED = " looks like a heading without a number; read as a paragraph."
FOREIGN = " does not use; read as a paragraph."
UNNUMBERED_RUN = 5  # short lines in a row, each a doubt: a table's cells, one per line, are told once
UNNUMBERED_GAP = 3  # lines between two of them in one run (a row's other cells stand between)


def _runs_told_once(diagnostics: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The doubts, with a run of short unnumbered lines one after another (a table printed a cell a line, a list of
    names) told once at its first line: a hundred doubts of one kind would hide the others. A line in the run that
    opens with a marker the form does not use (a table's 序号 column: 1, 2, 3) is one of its cells too."""
    told: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        short = [found for found in run if found[1].endswith(UNNUMBERED)]
        if len(short) >= UNNUMBERED_RUN:
            first = run[0][1].removesuffix(UNNUMBERED)
            marked = f" ({len(run) - len(short)} of them a number the form does not use)" if len(run) > len(short) else ""
            message = f"{first} and {len(run) - 1} more short lines or cells to line {run[-1][0]}{marked}"
            message += " look like headings without a number"
            told.append((run[0][0], f"{message}, a table's cells one a line?; read as paragraphs."))
        else:
            told.extend(run)
        run.clear()

    for line, message in sorted(diagnostics, key=lambda d: d[0]):
        in_a_run = message.endswith(UNNUMBERED) or (bool(run) and message.endswith(FOREIGN))
        if in_a_run and (not run or line - run[-1][0] <= UNNUMBERED_GAP):
            run.append((line, message))
            continue
        flush()
        if message.endswith(UNNUMBERED):
            run.append((line, message))
        else:
            told.append((line, message))
    flush()
    return told


def _attachments_in_their_own_form(classified: list[tuple[Line, Classified | None]], form: Form, forms: Forms) -> None:
    """An attachment is a document of its own (GB/T 9704 7.4) and may number its parts otherwise than the text it is
    attached to: a 预案 in 1.1 / 1.1.1 with an attachment in 一、（一）1.. Where none of an attachment's lines has a
    marker of the document's own (a 预案's 1.1, a law's 第一条: a marker GB/T 9704 shares, such as the items （一） a
    预案 lists inside a clause, does not count), they are read in GB/T 9704's (the decision form), when that finds any."""
    plain = forms.forms["decision"]
    if form is plain:
        return
    starts = [i for i, (line, _) in enumerate(classified) if line.role == "attachment_title" or ATTACHMENT.match(line.text.strip())]
    for start, end in itertools.pairwise([*starts, len(classified)] if starts else []):
        segment = classified[start + 1 : end]
        if any(found and found[0].marker not in GB9704_MARKERS for _, found in segment):
            continue
        again = [(line, classify(plain, line.text) if line.role == "text" else None) for line, _ in segment]
        if any(found for _, found in again):
            classified[start + 1 : end] = again


def _chapters_in_sequence(classified: list[tuple[Line, Classified | None]], form: Form) -> None:
    """A 预案's chapter number alone ('1.总则') and an item inside a clause ('1.监测预警', GB/T 9704's 1.) may print
    alike. Chapters only go forward (1, 2, 3), so a chapter number not past the last chapter's is an item where the
    item's marker takes the line."""
    chapter = next((level for level in form.numbered if level.marker == "1"), None)
    item = next((level for level in form.numbered if level.marker == "1."), None)
    if chapter is None or item is None or item.pattern is None:
        return
    last = 0
    for index, (line, found) in enumerate(classified):
        if not found or found[0] is not chapter:
            continue
        number = int(found[1])
        if number > last:
            last = number
        elif match := item.pattern.match(line.text):
            classified[index] = (line, _classified(item, match))


def _infer_lost_markers(
    classified: list[tuple[Line, Classified | None]], form: Form, forms: Forms, diagnostics: list[tuple[int, str]]
) -> None:
    """An item whose number the copy lost ('（一）违反…；' printed as '违反…；') between its list's lead-in and （二), or between
    （一） and （三）, is read as that item: a list below a law's paragraph level cannot skip a number."""
    paragraph = form.paragraph
    if paragraph is None:
        return
    for index in range(1, len(classified) - 1):
        line, found = classified[index]
        following = classified[index + 1][1]
        if found or line.role != "text" or not following or following[0].rank <= paragraph.rank:
            continue
        if forms.foreign_marker(form, line.text):
            continue  # numbered, at a level the form has not (（1） under 1.): not an item that lost its number
        level, printed = following[0], following[1]
        number = number_value(level, printed)
        before_line, before = classified[index - 1]
        after_lead_in = number == 2 and before_line.text.rstrip().endswith(("：", ":"))
        after_sibling = before is not None and before[0] is level and number_value(level, before[1]) == number - 2
        if number >= 2 and (after_lead_in or after_sibling):
            missing = str(number - 1) if printed.isdigit() else to_chinese_numeral(number - 1)
            classified[index] = (line, (level, missing, "", "", line.text))
            diagnostics.append((line.number, f"the {level.name} before '{printed}' has no number; read as {level.name} {missing}."))


LIST_OF_SINGLE_ITEMS = 3  # items, each of one paragraph: a list whose last item is no exception to its siblings


def _closing_after_the_last_item(top: list[Node], form: Form, localize: Callable[[str], str]) -> None:
    """Paragraphs under the last item of a GB/T 9704 text's last list, where every other item of that list is one
    paragraph (1.… 2.… 3.…, then 有关材料请于…报送; 联系人：…, or 市科委牵头建立工作机制…), and no closing words of the
    text's own follow (特此通知): the text's closing paragraphs, which speak for the whole text, cited after its opening
    ones (第2段), not the item's second and third. An item whose words the page printed on the line under its number
    keeps that line."""
    body = [node for node in top if node.level is not None]
    if not body or form.is_law:
        return
    parent, item = None, body[-1]
    while item.children and item.children[-1].level is not None and item.children[-1].provision.kind != "para":
        parent, item = item, item.children[-1]
    if parent is None or item.level is None or item.level.marker not in GB9704_MARKERS:
        return
    siblings = [child for child in parent.children if child.level is item.level and child is not item]
    if len(siblings) + 1 < LIST_OF_SINGLE_ITEMS or any(child.children for child in siblings):
        return
    paragraphs = [child for child in item.children if child.provision.kind == "para" and not child.children]
    if len(paragraphs) != len(item.children) or not paragraphs:
        return
    own = 0 if item.provision.text else 1  # its words on the line under its number (3. / 交易机构按附件1…)
    trailing = paragraphs[own:]
    if not trailing:
        return
    at = top.index(body[-1]) + 1
    if at < len(top) and top[at].provision.kind == "closing":
        return  # the text marks its own ending (特此通知, 本通知自…施行): what stands above it is the item's
    item.children = paragraphs[:own]
    closing = Node(Draft("", "closing", localize(form.preamble_label)), None)
    closing.children = [Node(node.provision, form.paragraph) for node in trailing]
    top.insert(at, closing)


# The one who signs an order (令, GB/T 9704 10.3: 签发人职务、签名章和成文日期): 部长 黄润秋, 省长 王宁.
SIGNATORY = re.compile(r"(?:总理|主席|部长|主任|署长|局长|行长|省长|自治区主席|市长|州长|县长|区长)[\s\u3000]*[\u4e00-\u9fff·]{2,5}")


def _signs_the_order(top: list[Node], text: str) -> bool:
    """A line right under the order that promulgates a law (…现予公布…) that signs it: its signatory, then its date."""
    notes = [node.provision.text for node in top[-2:] if node.provision.kind == "note"]
    after_order = any(PROMULGATION.search(note) for note in notes)
    return after_order and bool(SIGNATORY.fullmatch(re.sub(r"\s+", "", text)) or SIGNATURE_DATE.fullmatch(text))


def _items_across_paragraphs(node: Node, form: Form) -> None:
    """In a law a 款 cannot stand inside a list of 项: paragraphs between item (n) and item (n+1) of one list are item
    (n)'s own, an item printed as a caption over its explanation (（一）项目可行性意见。 / 市城市管理委…提出可行性意见。 /
    （二）…), not the article's next 款 breaking the list."""
    for child in node.children:
        _items_across_paragraphs(child, form)
    if not form.is_law or node.provision.kind != "art":
        return
    kept: list[Node] = []
    item: Node | None = None  # the last item of the list, while only paragraphs follow it
    waiting: list[Node] = []
    for child in node.children:
        if child.provision.kind == "para" and not child.children and item is not None:
            waiting.append(child)
            continue
        if (
            item is not None
            and waiting
            and child.level is item.level
            and number_value(child.level, child.printed) == number_value(item.level, item.printed) + 1  # type: ignore[arg-type]
        ):
            item.children += waiting  # the list goes on: what stood between its items is the item's
        else:
            kept += waiting
        waiting = []
        kept.append(child)
        item = child if child.level is not None and child.provision.kind not in ("para", "note", "gap") else None
    node.children = kept + waiting


def is_address(text: str) -> bool:
    """主送机关: a line of addressees ending with a colon ('各市人民政府，省政府各部门，各直属机构：')."""
    if not re.search(r"[：:]$", text) or len(text) > 400:  # a State Council 主送 may name thirty bodies
        return False
    parts = [re.sub(r"[（(][^）)]*[）)]", "", part).strip() for part in re.split(r"[，,、；;]", text[:-1])]
    parts = [part for part in parts if part]
    if not parts or re.search(r"[。！？；;]", text):
        return False
    addressed = [part for part in parts if re.search(ORG_SUFFIX + "$", part) or part.startswith(("各", "有关"))]
    return parts[0].startswith(("各", "有关")) or 2 * len(addressed) >= len(parts)


JOINT_ISSUERS = 10  # issuers of a 联合行文, one a line in its 落款 (GB/T 9704 7.3.5.2), before the date


def signature_blocks(lines: list[Line]) -> dict[int, int]:
    """落款: a date line alone, after up to ten issuer lines or closing its section: {line index: block start}."""
    blocks: dict[int, int] = {}
    for index, line in enumerate(lines):
        if not _dated(line.text.strip()):
            continue
        start = index
        # up to ten issuers: a document issued jointly (联合行文, GB/T 9704 7.3.5.2) is signed by each
        while start > 0 and index - start < JOINT_ISSUERS and ORGANISATION.match(lines[start - 1].text.strip()):
            start -= 1
        following = lines[index + 1] if index + 1 < len(lines) else None
        closes = following is None or following.role == "document_title" or bool(ATTACHMENT.match(following.text.strip()))
        if start < index or closes:
            for member in range(start, index + 1):
                blocks[member] = start
    return blocks


def _dated(text: str) -> bool:
    """The 落款's date line; or the issuer and the date on one line, as a copy that lost the line break prints them
    ('平潭综合实验区环境与国土资源局 2016年7月9日')."""
    if SIGNATURE_DATE.match(text):
        return True
    parts = text.rsplit(maxsplit=1)
    return len(parts) == 2 and bool(ORGANISATION.match(parts[0]) and SIGNATURE_DATE.match(parts[1]))


def _front_matter(text: str) -> bool:
    """A note printed above the body: a bracketed line, an adoption or promulgation note, an order number."""
    bracketed = re.fullmatch(r"[(（][^()（）]+[)）]", text)
    return bool(bracketed or (len(text) < 300 and (ADOPTION_NOTE.match(text) or ORDER_NUMBER.match(text))))


def _byline(text: str) -> bool:
    """The issuers printed under a title as its byline (万载县统计局 国家统计局万载调查队): a note above the body."""
    parts = text.split()
    return 0 < len(parts) <= 3 and len(text) <= 60 and all(ORGANISATION.match(part) for part in parts)


def _full_sentence(text: str) -> bool:
    """A sentence of the text (为预防和制止家庭暴力，…，特作如下决定：), not a line of a page's header (制定38條, 立法理由)."""
    return bool(re.search(r"[，,]", text) and re.search(r"[。：:]$", text.strip()))


def _diagnose_paragraph(builder: _Builder, line: Line) -> None:
    if builder.box_floor is not None:
        return  # inside a 专栏: its short lines are the cells of the table it boxes (1.4, 预期性), not lost headings
    foreign = builder.forms.foreign_marker(builder.form, line.text)
    if foreign:
        builder.diagnostics.append(
            (line.number, f"line opens with the marker '{foreign}', which form {builder.form.name} does not use; read as a paragraph.")
        )
    elif builder.form.bare is None and looks_like_heading(line.text) and builder.numbered_seen:
        builder.diagnostics.append((line.number, f"'{line.text}'{UNNUMBERED}"))
    elif not builder.numbered_seen and not builder.form.preamble:
        builder.diagnostics.append((line.number, f"text before the first provision, not recognised as front matter: '{line.text[:30]}'."))


# GB/T 9704 7.3.3: the 主送 stands under the title, above the body. Lines printed between them, with no sentence
# (a page's byline or widget the cleaning did not know), are not the text's first paragraphs: each is read as a note
# above it, and shown as a doubt.
ABOVE_ADDRESS_LINES = 4
_ABOVE_ADDRESS = "'{}' stands above the 主送 '{}' and is no sentence: read as a note (题注), not as the text; is it the page's?"


def _above_the_address(lines: list[Line], diagnostics: list[tuple[int, str]]) -> int:
    """How many lines stand above the 主送 among the first lines of a text (0 when it comes first or not at all); each
    is a doubt."""
    for index, line in enumerate(lines[: ABOVE_ADDRESS_LINES + 1]):
        if is_address(line.text):
            diagnostics += [(above.number, _ABOVE_ADDRESS.format(above.text[:30], line.text[:20])) for above in lines[:index]]
            return index
        if line.role == "gap" or SENTENCE_END_IN.search(line.text):
            return 0
    return 0


def _notice_pass(notice_lines: list[Line], localize: Callable[[str], str], diagnostics: list[tuple[int, str]]) -> Node:
    head: Line | None = notice_lines[0] if ISSUING.search(notice_lines[0].text.strip()) else None
    rest = notice_lines[1:] if head else notice_lines
    lines = (head.number,) if head else ()
    notice = Node(Draft("", "notice", localize(LABEL_WORDS["notice"]), heading=head.text if head else "", lines=lines), None)
    signed = signature_blocks(rest)
    after_signature = False
    above = _above_the_address(rest, diagnostics)
    notice.children += [_special("note", line, localize) for line in rest[:above]]
    for index, line in enumerate(rest[above:], start=above):
        if index == above and is_address(line.text):
            notice.children.append(_special("address", line, localize))
        elif index in signed:
            _add_signature(notice.children, line, localize)
            after_signature = True
        elif (after_signature and BRACKETED.fullmatch(line.text.strip())) or CONTACT_NOTE.fullmatch(line.text.strip()):
            # GB/T 9704 7.3.6: a note in brackets under the notice's 落款 ((联系人：…), (此件公开发布)) is its 附注; a
            # contact note in brackets is one above the 落款 too, where many notices print it
            notice.children.append(_note_under_signature(line, localize))
        else:
            notice.children.append(Node(Draft("", "para", "", text=line.text, lines=(line.number,)), None))
    return notice


BRACKETED = re.compile(r"[（(][^（）()]{2,80}[）)]")
# A contact note in brackets ((联系人：…；联系电话：…)): an 附注 (GB/T 9704 7.3.6), never a paragraph of the text.
CONTACT_NOTE = re.compile(r"[（(]\s*(?:联系人|联系电话|联系方式|咨询电话)\s*[:：][^（）()]{1,100}[）)]")


def _note_under_signature(line: Line, localize: Callable[[str], str]) -> Node:
    """A line under the 落款: its 附注 (GB/T 9704 7.3.6)."""
    return Node(Draft("", "note", localize("附注"), text=line.text, lines=(line.number,)), None)


def _special(kind: str, line: Line, localize: Callable[[str], str]) -> Node:
    return Node(Draft("", kind, localize(LABEL_WORDS[kind]), text=line.text, lines=(line.number,)), None)


def _add_signature(siblings: list[Node], line: Line, localize: Callable[[str], str]) -> None:
    """The lines of one 落款 (issuers, then the date) make one provision."""
    last = siblings[-1] if siblings else None
    if last is not None and last.provision.kind == "signature" and not SIGNATURE_DATE.match(last.provision.text.split("\n")[-1]):
        last.provision.text += "\n" + line.text
        last.provision.lines += (line.number,)
    else:
        siblings.append(_special("signature", line, localize))


def _paragraphs_pass(node: Node, form: Form) -> None:
    """A law's article with two or more paragraphs (款/項) gets one child per paragraph; its items follow theirs."""
    paragraph = form.paragraph
    for child in node.children:
        _paragraphs_pass(child, form)
    if paragraph is None or node.level is None or node.level.rank != paragraph.rank - 1:
        return
    groups: list[tuple[Draft | None, list[Node]]] = []
    if node.provision.text:
        groups.append((None, []))  # the article's own line is its first paragraph
    for child in node.children:
        if child.level is paragraph:
            groups.append((child.provision, []))
        elif groups:
            groups[-1][1].append(child)
        else:
            groups.append((None, [child]))
    own = node.provision
    if len(groups) == 1:
        text_provision, items = groups[0]
        if text_provision is not None:  # '第 1 條' on its own line: its one paragraph is the article's text
            own.text, own.lines = text_provision.text, own.lines + text_provision.lines
            node.children = items
        return
    children: list[Node] = []
    for text_provision, items in groups:
        if text_provision is None:
            text_provision = Draft("", "para", "", text=own.text, lines=own.lines)
            own.text = ""
        children.append(Node(text_provision, paragraph, children=items))
    node.children = children


def _single_paragraph_pass(node: Node, form: Form) -> None:
    """A numbered heading whose body is one paragraph is one provision, cited by its number (二, 一（三）), as a law's
    single-paragraph article is: people cite 一（三）, not 一（三）第1段. With two or more paragraphs each is cited by
    its ordinal (二第1段, 二第2段), as 款 are, the text on the numbered line itself included (一、国家保护…。 followed by
    a paragraph: 一第1段, 一第2段). A law's articles have their own rule (_paragraphs_pass)."""
    for child in node.children:
        _single_paragraph_pass(child, form)
    level = node.level
    if level is None or level.paragraph or level.bare or level.content not in ("lead", "heading") or form.is_law:
        return
    own = node.provision
    paragraphs = [child for child in node.children if child.provision.kind == "para" and not child.children]
    if not paragraphs or node.children[0] is not paragraphs[0]:
        return
    lead_in_sentence = own.heading_end in ("：", ":") and len(own.heading) > HEADING_MAX and re.search(r"[，,；;]", own.heading)
    if lead_in_sentence and len(paragraphs) >= 2 and len(paragraphs) == len(node.children):
        # a sentence leading into paragraphs, not into numbered items (…标准确定，其中： / three paragraphs): its first
        # paragraph; a short lead-in (将第十条修改为：, 增加一条，作为第十四条：) heads the paragraphs it quotes
        own.text, own.heading, own.heading_end = own.heading + own.heading_end, "", ""
    # Its own text may be only the units its last paragraph printed (_units_paragraph_pass): they follow the text.
    units_only = _units_only(own.text)
    if units_only and len(paragraphs) == 1:
        own.text = paragraphs[0].provision.text + own.text
        own.lines = tuple(sorted({*own.lines, *paragraphs[0].provision.lines}))
        node.children = node.children[1:]
    elif units_only:
        return  # several paragraphs: each keeps its ordinal, the units stay the task's
    elif not own.text and len(paragraphs) == 1:
        own.text = paragraphs[0].provision.text
        own.lines += paragraphs[0].provision.lines
        node.children = node.children[1:]
    elif own.text and form.paragraph is not None:
        text_lines = own.lines[1:] if own.heading and not own.heading_end and len(own.lines) > 1 else own.lines
        first = Draft("", "para", "", text=own.text, lines=text_lines)
        own.text = ""
        node.children.insert(0, Node(first, form.paragraph))


def _promote(paras: list[Draft]) -> None:
    """Parallel paragraphs that open with a short lead sentence (数字经济发展持续加快。…) get it as their heading."""
    leads = {id(p): _split_lead(p.text) for p in paras}
    candidates = [p for p in paras if leads[id(p)] and len(leads[id(p)][0]) <= 20]  # type: ignore[index]
    if len(candidates) < 2:
        return
    for para in candidates:
        para.heading, para.heading_end, para.text = leads[id(para)]  # type: ignore[misc]


def choose_form(kind: str, script: str, lines: list[Line], override: str = "") -> tuple[Form, str]:
    """The form a document is read in, and why: the sidecar's `form`; else the text's own numbering where it is
    unmistakable (decimal clauses 1.1 / 1.1.1, articles 第一条) and the kind's forms lack it: a 预案 filed as a plan is
    numbered 1.1.1, rules issued by a notice are written in articles; else the only form of the kind, or the kind's
    form whose markers open the most lines."""
    forms = load_forms()
    if override:
        return forms.forms[override], "named by the sidecar"
    candidates = forms.candidates(kind)
    texts = [line.text for line in lines if line.role == "text"]
    scores = {form.name: sum(1 for text in texts if form.match(text)) for form in candidates}
    by_text = _form_by_numbering(forms, script, texts, candidates, max(scores.values(), default=0))
    if by_text is not None:
        return by_text
    if len(candidates) == 1:
        return candidates[0], f"the form of kind '{kind}'"
    order = {form.name: index for index, form in enumerate(candidates)}
    best = max(candidates, key=lambda f: (scores[f.name], f.scripts[0] == script, -order[f.name]))
    others = ", ".join(f"{name} {count}" for name, count in scores.items() if name != best.name)
    return best, f"kind '{kind}': its markers open {scores[best.name]} lines ({others})"


DECIMAL_HEADING = re.compile(rf"^[0-9]{{1,2}}(?:[.．][0-9]{{1,2}}){{1,3}}(?![.．]?[0-9])[\s\u3000]*[{HAN}]")
DECIMAL_CHAPTER = re.compile(rf"^[0-9]{{1,2}}[\s\u3000]+[{HAN}]{{2,20}}$")
DISTINCT_FORM = 3  # lines: fewer is a quotation or a figure, not the text's own numbering


def _form_by_numbering(forms: Forms, script: str, texts: list[str], candidates: list[Form], best: int) -> tuple[Form, str] | None:
    names = {form.name for form in candidates}
    decimal = sum(1 for text in texts if DECIMAL_HEADING.match(text))
    if decimal:  # chapters numbered 1, 2 … count beside their clauses 1.1, 1.2
        decimal += sum(1 for text in texts if DECIMAL_CHAPTER.match(text))
    if "standard" not in names and decimal >= DISTINCT_FORM and decimal > best // 2:
        return forms.forms["standard"], f"its text is numbered 1.1 / 1.1.1 ({decimal} lines), whatever its kind"
    articles = sum(1 for text in texts if forms.markers["条"].match(text))
    # The parts of a 公文 (一、), the first level of GB/T 9704's numbering; an article's items (（一）, 1.) are a law's own.
    decision = forms.forms["decision"]
    parts = sum(1 for text in texts if (found := decision.match(text)) and found[0].marker == GB9704_MARKERS[0])
    if not names & {"law-cn", "law-tw"} and articles >= DISTINCT_FORM and articles > parts:
        law = "law-tw" if script == "zh-Hant" else "law-cn"
        return forms.forms[law], f"its text is written in articles 第一条… ({articles} lines), whatever its kind"
    # A law or regulation is written in articles (立法法, 规章制定程序条例: 分条); a 办法 or 细则 a government issues as a
    # 规范性文件 may be numbered as any 公文 is (GB/T 9704: 一、（一）1.): with no articles, read in that numbering.
    if names & {"law-cn", "law-tw"} and articles < DISTINCT_FORM and parts >= DISTINCT_FORM:
        return decision, f"its text is numbered 一、（一） as a 公文 ({parts} parts) and has no articles, whatever its kind"
    return None
