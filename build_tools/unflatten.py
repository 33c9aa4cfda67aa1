"""A page a crawler stored on one line, its blocks joined by a space or by nothing, cut back into its blocks.

Chinese running text has no spaces between its characters and official texts number their parts consecutively
(GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）; laws 第一章, 第一条; decimal 1, 1.1, 1.1.1), so a flattened body is cut where
the conventions put a block boundary:
  - before a structural marker that continues its own sequence (二、 after 一、, 第十二条 after 第十一条, 1.2 after 1.1):
    a number out of sequence is a reference (第十二条规定) or a figure (1.5亿元), never cut;
  - around the parts of an official document's head and foot (GB/T 9704 7.2-7.3): after a 发文字号, after a title
    ending in its 文种 (…的通知) when the addressees (主送机关) follow, after the addressees' colon, around the 落款
    (issuer and date), around the 附注 after it ((此件公开发布), 7.3.6), before an attachment's mark and after its title
    (附件1 XXX, 7.4, in order);
  - after a sentence end followed by a space (a space after 。 is a paragraph break the copy flattened);
  - before the page furniture that follows the text (web_pages.yml `boundaries`: 来源：, 附件下载, 时间：…).
Only lines longer than any paragraph (LONG_LINE) with at least MIN_MARKERS such markers are cut, and the cleaning log
and a warning say so: the maintainer checks the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .forms import CN_NUMERALS, DOCUMENT_TYPES, GB9704_MARKERS, load_forms
from .identify import chinese_number
from .model import HAN
from .parse import CLOSING_FORMULA, is_address
from .units import UNITS_KEY

LONG_LINE = 1500  # characters; a paragraph of an official text is rarely half as long
MIN_MARKERS = 3  # markers in sequence: fewer is not a flattened structure
SHORT_PAGE, WHOLE_BODY = 300, 0.8  # a line of 300 characters or more that holds 80% of a document's text is its body

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"  # response levels (Ⅳ级响应, 突发事件应对法 第四十二条)
# Each kind of marker, its number, and what may stand before it (a boundary: sentence end, bracket, space, start).
BOUNDARY = r"(?<=[。！？；：:;」”）)\s】])|^"
# A heading run into the text before it (则1.1, 委28.), or a list of titles (1.《防洪法》2.《…》)
AFTER_TEXT = rf"(?<=[{HAN}。！？；：:;」”）)\s】》])|^"
MARKERS: dict[str, re.Pattern[str]] = {
    "章": re.compile(rf"(?:{BOUNDARY}|(?<=[{HAN}]))第(?P<n>[{CN_NUMERALS}]+)章"),
    "条": re.compile(rf"(?:{BOUNDARY})第(?P<n>[{CN_NUMERALS}]+)条(?![第、，,至到和及或与的规所中款项之])"),
    "一、": re.compile(rf"(?:{BOUNDARY}|(?<=[{HAN}]))(?<!第)(?P<n>[{CN_NUMERALS}]{{1,3}})、(?![{CN_NUMERALS}])"),
    "（一）": re.compile(rf"(?:{AFTER_TEXT})(?<!第)[（(](?P<n>[{CN_NUMERALS}]{{1,3}})[）)]"),
    "1.": re.compile(rf"(?:{AFTER_TEXT})(?<![第0-9.．])(?P<n>[0-9]{{1,2}})[.．、](?![0-9０-９])"),
    "（1）": re.compile(rf"(?:{AFTER_TEXT})(?<!第)[（(](?P<n>[0-9]{{1,2}})[）)]"),
    "1": re.compile(rf"(?:(?<=[{HAN}。！？；）)\s])|^)(?<!附件)(?P<n>[0-9]{{1,2}})(?=[.．]?[ \u3000]+[{HAN}])"),
    # A clause's heading may open with a response level (4.2.1 Ⅳ级响应) and its number end with a dot (4.3. 响应终止).
    "1.1": re.compile(
        rf"(?:{AFTER_TEXT})(?<![0-9.．])(?P<n>[0-9]{{1,2}}(?:[.．][0-9]{{1,2}}){{1,3}})(?![.．]?[0-9])(?=[.．]?\s*[{HAN}{ROMAN}])"
    ),
}
# A 发文字号 standing alone (GB/T 9704 7.2.4), not one cited in brackets in the text: （岚综管办〔2015〕3号）.
DOC_NUMBER = re.compile(rf"(?<![（(《{HAN}])[{HAN}]{{1,16}}\s*[〔\[［【]\s*\d{{4}}\s*[〕\]］】]\s*\d{{1,4}}\s*号(?![）)》、，,])")
# A document's title (GB/T 9704 7.3.1) ends with its 文种; a title the notice names is cut out where it opens the text.
DOCUMENT_TITLE = re.compile(rf"《([^《》]{{4,80}}?{DOCUMENT_TYPES}(?:[（(][^（）()]{{1,10}}[）)])?)》")
ATTACHMENT_HEAD = re.compile(
    rf"(?:(?<=[。！？；」”）)\s])|^)(?P<mark>附件\s*(?P<n>[0-9]{{1,2}}|[{CN_NUMERALS}]{{1,3}}))(?:[:：]|\s+(?P<title>[^\s。，；：:]{{2,40}})(?=\s))"
)
# The 附注 after the 落款 (GB/T 9704 7.3.6: （此件公开发布）, （此件主动公开）) is a line of its own.
PRINTED_NOTE = re.compile(r"[（(]此件[^（）()]{2,12}[）)]")
NOTICE_TITLE = re.compile(rf"[{HAN}（）()“”]{{4,60}}(?:印发|转发|发布)《[^《》]{{2,80}}》的(?:通知|函)")
ISSUED_TITLE = re.compile(r"(?:印发|转发|发布)([^《》，。]{4,80}?)的通知")
HEADING_SPACE = re.compile(rf"(?<=[{HAN}）)])[ \u3000\u00a0]+(?=[{HAN}《“])")
# A title ends with its 文种 (GB/T 9704 7.3.1); in a flattened head the addressees follow it up to their colon.
TITLE_END = re.compile(r"的(?:通知|通告|决定|意见|办法|规定|方案|规划|预案|要点|函|批复|报告|公告|纪要|复函)(?=[^。：:]{2,150}[：:])")
ORGANISATION = (
    rf"[{HAN}（）()、]{{2,40}}?(?:人民政府|政府|委员会|办公厅|办公室|领导小组|指挥部|管委会|党工委|总局|集团|厅|局|委|办|部|院|会|署)"
)
SIGNATURE = re.compile(
    rf"(?:(?<=[。！？])|(?<=[）)]\s))\s*(?P<org>{ORGANISATION}(?:\s*{ORGANISATION}){{0,9}})\s*(?P<note>[（(][^（）()]{{1,30}}[）)])?\s*"
    rf"(?P<date>(?:[0-9]{{4}}|[{CN_NUMERALS}]{{4}})\s?年\s?[0-9{CN_NUMERALS}]{{1,2}}\s?月\s?[0-9{CN_NUMERALS}]{{1,3}}\s?日)(?!印发|起|前|后|以|至)"
)
SIGNED_UNDER_ATTACHMENTS = re.compile(
    rf"附件\s*[:：][^。！？\s]{{2,80}}\s+(?P<org>{ORGANISATION})\s*"
    rf"(?P<date>(?:[0-9]{{4}}|[{CN_NUMERALS}]{{4}})\s?年\s?[0-9{CN_NUMERALS}]{{1,2}}\s?月\s?[0-9{CN_NUMERALS}]{{1,3}}\s?日)"
)
HEAD = 1500  # characters: where a flattened page holds its 版头 and 主送机关
ADDRESS = re.compile(rf"(?:(?<=[\s。])|(?<=号)|(?<=的通知)|^)[{HAN}（）()、，,]{{4,300}}?[：:]")
SENTENCE_END_SPACE = re.compile(r"(?<=[。！？；])[ \u3000\u00a0]+(?=\S)")
CLOSING_AFTER_SENTENCE = re.compile(rf"(?<=[。！？])\s*(?={CLOSING_FORMULA})")
LEAD_IN_SPACE = re.compile(rf"(?<=[{HAN}]：)[ \u3000\u00a0]+(?=[{HAN}])")


@dataclass(frozen=True)
class Cut:
    at: int
    kind: str


# Markers a kind's own pattern leaves out, found where the layout says they stand (each cut at its group `cut`):
ALSO_MARKERS: dict[str, re.Pattern[str]] = {
    # 一、 followed by a numeral is an enumeration (一、二类) inside a sentence, but a heading after one: 如下：一、二手车…
    "一、": re.compile(rf"(?:(?<=[。！？；：:])|^)(?P<cut>(?P<n>[{CN_NUMERALS}]{{1,3}})、)"),
    # A chapter's heading run into its first article (第一章 总则第一条 为…): the article's number follows Han characters,
    # which a reference also does (依照本法第十二条), so it is taken only right after a 章 or 节 heading.
    "条": re.compile(rf"第[{CN_NUMERALS}]+[章节]\s*[{HAN}、]{{1,20}}?(?P<cut>第(?P<n>[{CN_NUMERALS}]+)条)"),
}


HAN_CHAR = re.compile(f"[{HAN}]")


def markers_in_sequence(text: str) -> list[Cut]:
    """Positions of markers that continue their own sequence (n = 1, the previous + 1, or + 2 after a boundary: a
    number the source skipped), each kind on its own. A skipped number is taken where the sequence goes on from it
    (27. 29. 30.: the source has no 28.), so that one gap does not leave every later marker uncut."""
    cuts: list[Cut] = []
    for kind, pattern in MARKERS.items():
        found = [(match.start(), _number(match.group("n"))) for match in pattern.finditer(text)]
        if kind in ALSO_MARKERS:
            found = sorted({*found, *((match.start("cut"), _number(match.group("n"))) for match in ALSO_MARKERS[kind].finditer(text))})
        previous: tuple[int, ...] | None = None
        for index, (start, number) in enumerate(found):
            run_in = number == (1,) and kind in GB9704_MARKERS and start > 0 and HAN_CHAR.match(text[start - 1])
            if run_in and not any(n == (2,) for _, n in found[index + 1 :]):
                continue  # 统一、有效: a first marker run into the text starts a list only when its second follows
            if number is None or not (
                _continues(previous, number, kind) or _skipped(previous, number, found, index) or _restarts(previous, number, found, index)
            ):
                continue
            previous = number
            cuts.append(Cut(start, kind))
    if sum(1 for cut in cuts if cut.kind == "1.1") < 2:  # a chapter number alone (1 总则) only beside its clauses (1.1)
        cuts = [cut for cut in cuts if cut.kind != "1"]
    return cuts


def _number(printed: str) -> tuple[int, ...] | None:
    try:
        return tuple(chinese_number(part) for part in re.split(r"[.．]", printed))
    except ValueError:
        return None


def _continues(previous: tuple[int, ...] | None, number: tuple[int, ...], kind: str) -> bool:
    if kind == "1.1":  # decimal: 1.1 → 1.2, 1.1 → 1.1.1, 1.2.3 → 1.3, 1.9 → 2.1
        if previous is None:
            return number[-1] == 1
        for depth in range(1, len(previous) + 1):
            if number == (*previous[: depth - 1], previous[depth - 1] + 1):
                return True
        return number == (*previous, 1) or (len(number) >= 2 and number[0] == previous[0] + 1 and set(number[1:]) == {1})
    if previous is None:
        return number == (1,)
    return number == (1,) or number == (previous[0] + 1,) or (kind in ("章", "条", "一、") and number == (previous[0] + 2,))


def _skipped(previous: tuple[int, ...] | None, number: tuple[int, ...], found: list[tuple[int, tuple[int, ...] | None]], at: int) -> bool:
    """Whether `number` (the marker found[at]) continues a simple sequence (1. （一） （1）) past one number the source
    skipped: it is the previous + 2, the skipped number stands nowhere after it, and the next number does."""
    if previous is None or len(previous) != 1 or number != (previous[0] + 2,):
        return False
    after = [n for _, n in found[at + 1 :]]
    return (previous[0] + 1,) not in after and (previous[0] + 3,) in after


def _restarts(previous: tuple[int, ...] | None, number: tuple[int, ...], found: list[tuple[int, tuple[int, ...] | None]], at: int) -> bool:
    """Whether a decimal 1.1 starts the numbering again (the body after its 目录 printed the same numbers): only where
    the next number goes on from it (1.2 or 1.1.1), since a figure (1.1万元) does not."""
    if previous is None or number != (1, 1) or len(previous) < 2:
        return False
    following = next((n for _, n in found[at + 1 :] if n is not None), None)
    return following in ((1, 2), (1, 1, 1))


def is_flattened(text: str, share: float = 0.0) -> bool:
    """A line longer than any paragraph, or one that holds the whole body (`share` of the document's text: a crawler
    stored a short page on one line), with MIN_MARKERS markers in sequence."""
    long_enough = len(text) >= LONG_LINE or (len(text) >= SHORT_PAGE and share >= WHOLE_BODY)
    return long_enough and len(markers_in_sequence(text)) >= MIN_MARKERS


def cut_points(text: str, boundaries: list[re.Pattern[str]]) -> list[Cut]:
    """Where the flattened `text` had block boundaries (module doc), in order, without duplicates."""
    cuts = markers_in_sequence(text)
    head = text[:HEAD]
    cuts += [Cut(m.end(), "文号") for m in DOC_NUMBER.finditer(head)]
    addressed = next((m for m in ADDRESS.finditer(head) if is_address(m.group(0))), None)
    for match in TITLE_END.finditer(head):
        if addressed is not None and match.end() > addressed.start():
            break  # the title stands above the 主送; a 附件说明 naming a notice (…的通知（闽效能办〔2015〕17号）) is below it
        if head[: match.start()].count("《") <= head[: match.start()].count("》"):  # not a title the text names in 《》
            cuts.append(Cut(match.end(), "标题"))
    # A page that prints its title again after the text (a footer, a share bar): cut out wherever it recurs.
    notice_title = NOTICE_TITLE.search(head)
    if notice_title:
        for again in re.finditer(re.escape(notice_title.group(0)), text[notice_title.end() :]):
            start = notice_title.end() + again.start()
            cuts += [Cut(start, "标题"), Cut(start + len(notice_title.group(0)), "标题之后")]
    for match in ADDRESS.finditer(head):  # 主送机关 (GB/T 9704 7.3.2): addressees up to their colon, then the body
        addressees = match.group(0)
        # several addressees, or one collective (各…, 区直各部门：)
        collective = re.search(r"[，,、]|^各|各[^，,、：:\s]{1,6}[：:]$", addressees)
        if is_address(addressees) and collective and not re.search(UNITS_KEY, addressees):
            cuts += [Cut(match.start(), "主送机关"), Cut(match.end(), "正文")]
            break  # one 主送机关 heads a document
    # The document a 印发 notice issues opens with its own title (GB/T 9704 7.3.1), often run into the text around it.
    titles = {m.group(1) for m in DOCUMENT_TITLE.finditer(head)} | {m.group(1) for m in ISSUED_TITLE.finditer(head)}
    # the 落款 under the 附件说明 (GB/T 9704 7.3.4–7.3.5: 附件：…分解表 某办 2021年8月18日), after the space that was its line
    signatures = sorted([*SIGNATURE.finditer(text), *SIGNED_UNDER_ATTACHMENTS.finditer(text)], key=lambda m: m.start("org"))
    signed = {match.end("date") for match in signatures}  # a title may follow the 落款's date directly
    taken: list[tuple[int, int]] = []
    for title in sorted(titles, key=lambda t: (-len(t), t)):  # the longest first: 方案（修订） holds 方案
        # A title line may be spaced where the page broke it (…资源局 2016年…方案); it opens a block only where it stands
        # alone, not inside a sentence that names it (…制定我局2016年政务公开工作实施方案。).
        for match in re.finditer(r"\s?".join(map(re.escape, title)), text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 1]
            quoted = before in ("《", "<", "‹") or after == "》"
            named = text[max(0, match.start() - 2) : match.start()] in ("印发", "转发", "发布") or text.startswith("的通知", match.end())
            # (or right after the mark 附件 above the document it names, GB/T 9704 7.4: 附件2022年…分解表)
            marked = bool(re.search(r"附件\s*[0-9]{0,2}\s*[:：]?$", text[max(0, match.start() - 6) : match.start()]))
            opens = not before or before.isspace() or before in "。！？；：:）)】」”" or match.start() in signed or marked
            alone = opens and after not in ("。", "，", "；", "、")
            if not quoted and not named and alone:
                cuts += [Cut(match.start(), "文件标题"), Cut(match.end(), "文件标题之后")]
    for match in signatures:
        cuts += [Cut(match.start("org"), "落款"), Cut(match.start("date"), "落款日期"), Cut(match.end("date"), "落款之后")]
        # the mark 附件 of the document the notice issues, right under its 落款 (GB/T 9704 7.4), then that document
        mark = re.match(r"附件\s*[0-9]{0,2}(?=\s)", text[match.end("date") :])
        if mark:
            cuts.append(Cut(match.end("date") + mark.end(), "附件标题"))
    # An attachment opens with its mark (附件1, GB/T 9704 7.4) and its title, each a line of its own: in order 1, 2, …
    expected: int | None = None  # the first mark may be any number: a page may leave 附件1 out (a forwarded document)
    for match in ATTACHMENT_HEAD.finditer(text):
        number = _number(match.group("n"))
        if number is None or len(number) != 1 or (expected is not None and number[0] != expected):
            continue
        expected = number[0] + 1
        cuts += [Cut(match.start(), "附件"), Cut(match.end("mark"), "附件标题")]
        if match.group("title"):
            cuts.append(Cut(match.end("title"), "附件正文"))
    for match in PRINTED_NOTE.finditer(text):
        cuts += [Cut(match.start(), "附注"), Cut(match.end(), "附注之后")]
    cuts += [Cut(m.end(), "段落") for m in SENTENCE_END_SPACE.finditer(text)]
    cuts += [Cut(m.start(), "结尾") for m in CLOSING_AFTER_SENTENCE.finditer(text)]  # 本通知自…施行: the text's closing words
    # A colon that closes a paragraph's lead-in in the body (分为二类： 一类…是指…), the space after it the paragraph
    # break; not in the page's head (当前位置： 首页…, the 主送) nor inside brackets (（联系人及电话： 俞…）)
    body_start = addressed.end() if addressed is not None else 200
    cuts += [
        Cut(m.end(), "段落")
        for m in LEAD_IN_SPACE.finditer(text)
        if m.start() > body_start and text.count("（", 0, m.start()) <= text.count("）", 0, m.start())
    ]
    for pattern in boundaries:
        for match in pattern.finditer(text):
            cuts.append(Cut(match.start(), "网页栏目"))
            if not match.group(0).endswith(("：", ":")):  # a key (来源：) keeps its value; a widget stands alone
                cuts.append(Cut(match.end(), "网页栏目之后"))
    unique: dict[int, Cut] = {}
    for cut in sorted(cuts, key=lambda c: c.at):
        if 0 < cut.at < len(text):
            unique.setdefault(cut.at, cut)
    return list(unique.values())


def unflatten(text: str, boundaries: list[re.Pattern[str]]) -> list[str]:
    """The blocks of a flattened line, stripped, empty ones dropped."""
    pieces, start, kind = [], 0, ""
    for cut in cut_points(text, boundaries):
        pieces.append((text[start : cut.at], kind))
        start, kind = cut.at, cut.kind
    pieces.append((text[start:], kind))
    # A document's title cut out whole stays whole, though the page spaced it (…开发经营 实施意见（试行）)
    blocks = [[piece.strip()] if kind == "文件标题" else _heading_and_text(piece.strip()) for piece, kind in pieces]
    return [block for group in blocks for block in group if block]


def _after_marker(text: str) -> str | None:
    """The words after a leading marker (一、政策依据 → 政策依据); None for a marker alone (第一条, whose text follows)."""
    for pattern in load_forms().markers.values():
        found = pattern.match(text)
        if found is not None:
            return found.group("rest").strip() or None
    return text


def _heading_and_text(piece: str) -> list[str]:
    """A heading (or a title) and the text after it, which the copy joined with a space: 一、政策依据 《渔业法》…. The
    part before the space is a heading: short, no sentence or clause punctuation, two Han characters or more (so
    a spaced-out heading, 1 总 则, stays whole)."""
    space = HEADING_SPACE.search(piece)
    if space is None or space.start() > 40:
        return [piece]
    left = piece[: space.start()]
    words = _after_marker(left)
    if words is None or re.search(r"[。！？；，,：:、]", words) or len(re.findall(f"[{HAN}]", words)) < 2:
        return [piece]
    if left.count("《") > left.count("》"):
        return [piece]  # a space inside a title the text names (《…关于搞活汽车流通 扩大汽车消费…》)
    return [left, *_heading_and_text(piece[space.end() :])]
