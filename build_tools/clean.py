"""Clean a scraped seed: named steps that strip page chrome, lift metadata out of it and repair the text, each logging what it changed.

Patterns are written once, in Simplified Chinese, and matched against each line's Simplified form, so the same
rule cleans a Traditional page. Values are always taken from the original line.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .convert import Converter
from .dates import printed_date
from .forms import DOCUMENT_TYPES, load_forms
from .model import HAN, Change, DocumentMeta, Label, Line
from .parse import ATTACHMENT, ISSUING, JOINT_ISSUERS, ORGANISATION, WRITTEN_DATE, is_address
from .punctuation import restore_fullwidth
from .read import HTML_SUFFIXES
from .unflatten import is_flattened, unflatten

WEB_PAGES_FILE = Path(__file__).with_name("web_pages.yml")


@functools.cache
def web_pages() -> dict[str, Any]:
    """build_tools/web_pages.yml: metadata keys, front-matter fields, page chrome and the boundaries of flattened pages."""
    data: dict[str, Any] = yaml.safe_load(WEB_PAGES_FILE.read_text(encoding="utf-8"))
    return data


@functools.cache
def _patterns(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in web_pages()[name])


# Cue words, as data (web_pages.yml): byline keys, Wikisource's infobox rows, words of an image caption, of a spam link.
BYLINE_KEYS: dict[str, str] = web_pages()["byline_keys"]
WIKIDATA_KEYS: dict[str, str] = web_pages()["wikidata_keys"]
CAPTION_CUES = re.compile("|".join(web_pages()["caption_cues"]))
SPAM = re.compile("|".join(web_pages()["spam_words"]))
COUNTER_KEY = "(?:" + "|".join(web_pages()["counter_keys"]) + ")"
COUNTER = rf"{COUNTER_KEY}\s*[:：]?\s*(?:-|\d*次?)"
# A web page's own date (2025-10-17), and the time it may print after it (09:00:00): a text writes 2025年10月17日
CLOCK = r"\s+\d{1,2}:\d{2}(?::\d{2})?"
PAGE_DATE = re.compile(rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:{CLOCK})?")
PAGE_STAMP = re.compile(rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}{CLOCK}")  # with its time: never a text's line


SENTENCE_PUNCT = re.compile(r"[。！？；，,：:]")

DATELINE = re.compile(r"^(\S{2,10}?)(\d{1,2}月\d{1,2}日)(讯|电)\s*[(（]([^)）]{2,60})[)）]\s*")
WELL_FORMED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日")


@dataclass
class Cleaning:
    """The state the steps share: the lines, the log, and what was found."""

    meta: DocumentMeta
    converter: Converter
    lines: list[Line]
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for readers, in Chinese, on the document's page
    diagnostics: list[tuple[int, str]] = field(default_factory=list)  # for maintainers: (seed line, message)
    found: dict[str, str] = field(default_factory=dict)
    cells: set[int] = field(default_factory=set)  # lines that were a cell of a copied table row (by identity)
    list_items: set[int] = field(default_factory=set)  # lines that were an item of a list (<li>, '* '), by identity
    web_page: bool = False  # a saved web page (.html), laid out as a browser shows it
    _hans: dict[str, str] = field(default_factory=dict)

    def hans(self, text: str) -> str:
        """The line in Simplified, for matching; every step asks, so each line is converted once."""
        if text not in self._hans:
            self._hans[text] = self.converter.to_hans(text)
        return self._hans[text]

    def remove(self, step: str, line: Line, why: str) -> None:
        self.changes.append(Change(step, line.number, line.text.strip(), "", why))

    def drop_lines(self, step: str, judge: Callable[[Line, str], str | None]) -> None:
        """Remove every line for which judge(line, its Simplified form) gives a reason; log each removal."""
        kept = []
        for line in self.lines:
            reason = judge(line, self.hans(line.text.strip()))
            if reason:
                self.remove(step, line, reason)
            else:
                kept.append(line)
        self.lines = kept

    def drop_tail(self, step: str, start: int, why: str) -> None:
        """Remove the lines from `start` to the end (a trailing block that is not text); log each removal."""
        for line in self.lines[start:]:
            self.remove(step, line, why)
        self.lines = self.lines[:start]

    def repair(self, step: str, line: Line, after: str) -> None:
        self.changes.append(Change(step, line.number, line.text, after))
        line.text = after

    def keep(self, key: str, value: str) -> None:
        if key not in FOUND:
            raise KeyError(f"found metadata '{key}' has no entry in clean.FOUND")
        if value and key not in self.found:
            self.found[key] = value


@dataclass(frozen=True)
class Step:
    """A named cleaning step, with its name for readers (the cleaning log on each page)."""

    name: str
    label: Label
    run: Callable[[Cleaning], None] | None  # None: logged by read.py while decoding, not run here


# Registry order is run order. A sidecar may skip any step that runs (skip_cleaning).
STEPS: dict[str, Step] = {"decode": Step("decode", Label("编码转换", "編碼轉換"), None)}


def step(hans: str, hant: str) -> Callable[[Callable[[Cleaning], None]], Callable[[Cleaning], None]]:
    def register(function: Callable[[Cleaning], None]) -> Callable[[Cleaning], None]:
        STEPS[function.__name__] = Step(function.__name__, Label(hans, hant), function)
        return function

    return register


# What the steps may find in a page's chrome and keep as metadata (Cleaning.keep), with names for readers.
FOUND: dict[str, Label] = {
    "page_source": Label("页面所载来源", "頁面所載來源"),
    "page_author": Label("页面所载作者", "頁面所載作者"),
    "page_date": Label("页面所载日期", "頁面所載日期"),
    "published": Label("网页发布时间", "網頁發布時間"),
    "editor": Label("责任编辑", "責任編輯"),
    "issuer": Label("制定机关", "制定機關"),
    "legal_rank": Label("法律位阶", "法律位階"),
    "jurisdiction": Label("有效区域", "有效區域"),
    "promulgated": Label("公布日期", "公布日期"),
    "effective": Label("施行日期", "施行日期"),
    "collected_in": Label("收录于", "收錄於"),
    "license": Label("版权状态", "版權狀態"),
    "dateline": Label("电头", "電頭"),
    "byline": Label("署名", "署名"),
    "placeholders": Label("匿名占位符", "匿名占位符"),
    "law_name": Label("法规名称", "法規名稱"),
    "amended": Label("修正日期", "修正日期"),
    "repealed": Label("废止日期", "廢止日期"),
    "written": Label("成文日期", "成文日期"),
    "category": Label("类别", "類別"),
    "validity": Label("时效性", "時效性"),
    "doc_number": Label("文号", "文號"),
    "index_number": Label("索引号", "索引號"),
    "register_number": Label("统一编号", "統一編號"),
    "expires": Label("失效日期", "失效日期"),
    "citation_code": Label("数据库引证码", "數據庫引證碼"),
    "subtitle": Label("副题", "副題"),
    "issuer_mark": Label("发文机关标志", "發文機關標誌"),
    "history": Label("沿革", "沿革"),
    "source_url": Label("网页地址", "網頁地址"),
    "links": Label("网页链接", "網頁鏈接"),
    "generated": Label("生成日期", "生成日期"),
    "keywords": Label("主题词", "主題詞"),
    "disclosure": Label("公开方式", "公開方式"),
    "page_column": Label("网页栏目", "網頁欄目"),
    "crawl_path": Label("抓取路径", "抓取路徑"),
    "crawled": Label("抓取时间", "抓取時間"),
    "page_type": Label("稿件类型", "稿件類型"),
    "co_issuers": Label("联合发文单位", "聯合發文單位"),
    "published_in": Label("文件来源", "文件來源"),
    "crawl_keywords": Label("抓取关键词", "抓取關鍵詞"),
    "printed": Label("印发机关与日期", "印發機關與日期"),
    "copied_to": Label("抄送", "抄送"),
    "body_title": Label("所印发文件标题", "所印發文件標題"),
    "doc_type": Label("公文种类", "公文種類"),
    "attachments": Label("附件", "附件"),
}


@step("部首字符归一", "部首字符歸一")
def kangxi_radicals(c: Cleaning) -> None:
    """Kangxi radicals and CJK radical look-alikes (⾏, ⽂) that PDFs and some pages carry, mapped to the ideographs search can match."""
    for line in c.lines:
        fixed = "".join(
            unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF else RADICAL_SUPPLEMENT.get(ch, ch) for ch in line.text
        )
        if fixed != line.text:
            c.repair("kangxi_radicals", line, fixed)


# CJK Radicals Supplement has no NFKC mapping; these are the look-alikes seen in scraped government text.
RADICAL_SUPPLEMENT = {
    "⻓": "长",
    "⻔": "门",
    "⻅": "见",
    "⻋": "车",
    "⻘": "青",
    "⻝": "食",
    "⻢": "马",
    "⻛": "风",
    "⻜": "飞",
    "⻆": "角",
}


@step("形近序号归一", "形近序號歸一")
def numeral_lookalikes(c: Cleaning) -> None:
    """A part's number 一 typed as a dash that looks like it (—、总体思路, an input method's slip a page keeps), where the
    text's next part is 二、: the part 一 (GB/T 9704 7.3.3 numbers parts 一、二、…)."""
    second = any(re.match(r"^\s*二\s*、", line.text) for line in c.lines)
    for line in c.lines:
        if second and (dash := DASH_FOR_ONE.match(line.text)):
            c.repair("numeral_lookalikes", line, line.text[: dash.start(1)] + "一" + line.text[dash.end(1) :])
            break  # the first part only: 一 numbers one part


DASH_FOR_ONE = re.compile(r"^\s*([—―－‒–-])\s*、\s*\S")  # a dash where 一 stands, before 、


@step("前置元数据移入元数据", "前置元數據移入元數據")
def front_matter(c: Cleaning) -> None:
    """A Markdown mirror's YAML front matter ('---' … '---' at the top: id, title, office, publish, url, 文号 …): its
    fields become metadata (web_pages.yml `front_matter`); the block is removed."""
    if not c.lines or c.lines[0].text.strip() != "---" or c.lines[0].number != 1:
        return
    end = next((i for i, line in enumerate(c.lines[1:80], start=1) if line.text.strip() == "---"), None)
    if end is None:
        return
    try:
        data = yaml.safe_load("\n".join(line.text for line in c.lines[1:end]))
    except yaml.YAMLError:
        return
    if not isinstance(data, dict):
        return
    fields: dict[str, str] = web_pages()["front_matter"]
    for key, value in data.items():
        name = fields.get(str(key))
        if name and value not in (None, ""):
            text = str(value).strip()
            c.keep(name, printed_date(text) or text if name in DATE_KEYS else text)
    for line in c.lines[: end + 1]:
        c.remove("front_matter", line, "前置元数据（YAML，移入元数据）")
    c.lines = c.lines[end + 1 :]


@step("删除转换器残留", "刪除轉換器殘留")
def converter_residue(c: Cleaning) -> None:
    """What a document converter (pandoc) leaves in a Markdown mirror: spans with attributes ('[第一条]{.mark}'),
    attribute blocks ('{#id .class}'), backslash escapes of Markdown's punctuation ('\\*', '\\[', CommonMark 2.4)."""
    for line in c.lines:
        fixed = PANDOC_SPAN.sub(r"\1", line.text)
        fixed = PANDOC_ATTRIBUTES.sub("", fixed)
        fixed = MARKDOWN_ESCAPE.sub(r"\1", fixed)
        if fixed != line.text:
            c.repair("converter_residue", line, fixed)


PANDOC_SPAN = re.compile(r"\[([^\[\]]*)\]\{[.#][^{}]*\}")
PANDOC_ATTRIBUTES = re.compile(r"\{(?:[.#][\w-]+\s*|[\w-]+=\S+\s*)+\}")
MARKDOWN_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


@step("拆分单行正文", "拆分單行正文")
def one_line_body(c: Cleaning) -> None:
    """A body a crawler stored on one line, its blocks joined by a space or by nothing: cut back into blocks where
    the conventions of official texts put them (unflatten.py), with a warning for the maintainer."""
    kept: list[Line] = []
    # The share of the running text (lines with a sentence end: not a header's metadata rows) a line holds.
    total = sum(len(line.text) for line in c.lines if re.search(r"[。；]", line.text)) or 1
    for line in c.lines:
        if not is_flattened(line.text, len(line.text) / total):
            kept.append(line)
            continue
        blocks = unflatten(line.text, [*_patterns("boundaries"), TABLE_HEADER_ROW])
        kept += [Line(line.number, block) for block in blocks]
        c.changes.append(
            Change("one_line_body", line.number, line.text, "\n".join(blocks), f"单行正文（{len(line.text)}字）拆分为{len(blocks)}段")
        )
        c.warnings.append(
            f"原网页第{line.number}行是抓取时并成一行的正文（{len(line.text)}字），已按编号与公文格式拆分为{len(blocks)}段，请以原网页为准。"
        )
        message = (
            f"the body is one line of {len(line.text):,} characters (a crawler's copy); it was split into {len(blocks)} blocks at its"
            " numbered headings, 文号, 主送, 落款 and sentence ends: check the outline (python -m build_tools outline)."
        )
        c.diagnostics.append((line.number, message))
    c.lines = kept


@step("拆分表格单元", "拆分表格單元")
def table_cells(c: Cleaning) -> None:
    """A table row as a browser copies it (cells separated by tabs): each cell on its own line, a key cell
    ('发文机关：') kept with the value cell after it, so that metadata rows read as 'key：value'."""
    kept: list[Line] = []
    for line in c.lines:
        if "\t" not in line.text:
            kept.append(line)
            continue
        cells = [cell.strip() for cell in line.text.split("\t") if cell.strip()]
        joined: list[str] = []
        for cell in cells:
            if joined and re.search(r"[：:]$", joined[-1]) and not re.search(r"[：:]$", cell):
                joined[-1] += cell
            else:
                joined.append(cell)
        if joined != [line.text.strip()]:
            c.changes.append(Change("table_cells", line.number, line.text.strip(), "\n".join(joined), "表格行拆分为单元"))
        rows = [Line(line.number, cell) for cell in joined]
        c.cells |= {id(row) for row in rows}
        kept += rows
    c.lines = kept


# A task table's header row (a column may name two roles: 配合/责任单位); a crawled line is cut around it too.
TABLE_CAPTION = "(?:" + "|".join(map(re.escape, web_pages()["table_captions"])) + r"|(?:牵头|配合|责任|参加|协办)[/／、])"
TABLE_HEADER_ROW = re.compile(f"{TABLE_CAPTION}{{3,}}")
TABLE_HEADER_CELL = re.compile(f"{TABLE_CAPTION}+")


@step("删除表头", "刪除表頭")
def table_header(c: Cleaning) -> None:
    """The header row of a task table (工作任务 牵头单位 责任单位 工作要求), printed on one line (a flattened row) or
    cell by cell: it names the columns, it is not the text (web_pages.yml `table_captions`)."""
    squashed = [re.sub(r"\s+", "", c.hans(line.text)) for line in c.lines]
    header: set[int] = {i for i, text in enumerate(squashed) if TABLE_HEADER_ROW.fullmatch(text)}
    i = 0
    while i < len(squashed):
        j = i
        while j < len(squashed) and TABLE_HEADER_CELL.fullmatch(squashed[j]):
            j += 1
        if j - i >= 3:
            header |= set(range(i, j))
        i = max(j, i + 1)
    for index in sorted(header):
        c.remove("table_header", c.lines[index], "表格的表头（列名）")
    c.lines = [line for index, line in enumerate(c.lines) if index not in header]


@step("拆分换行标记", "拆分換行標記")
def line_breaks(c: Cleaning) -> None:
    """A line break a converter kept as HTML (<br>), as it does inside a Markdown table's cell, where a page's layout
    table may hold a whole document: each piece a line of its own, each cell of such a row too."""
    kept: list[Line] = []
    for line in c.lines:
        text = line.text.strip()
        if not LINE_BREAK.search(text):
            kept.append(line)
            continue
        cells = text.strip("|").split("|") if TABLE_ROW.fullmatch(text) else [text]
        pieces = [piece.strip() for cell in cells for piece in LINE_BREAK.split(cell) if piece.strip()]
        c.changes.append(Change("line_breaks", line.number, text, "\n".join(pieces), "换行标记（<br>）拆分为行"))
        kept += [Line(line.number, piece) for piece in pieces]
    c.lines = kept


@step("删除网页标记", "刪除網頁標記")
def markup_residue(c: Cleaning) -> None:
    """Markdown and HTML a scraper or a converter left in the text: '## 第一章', '**…**', '<!-- … -->', tags, table pipes, rules."""
    kept = []
    for line in c.lines:
        text = line.text.strip()
        if HTML_COMMENT.fullmatch(text) or MARKDOWN_RULE.fullmatch(text) or TABLE_RULE.fullmatch(text):
            c.remove("markup_residue", line, "网页标记（注释、分隔线）")
            continue
        if text.startswith(">"):
            quoted = text.lstrip("> ").strip()
            markers = load_forms().markers
            law_part = any(markers[name].match(quoted) for name in ("编", "章", "节", "条"))
            if not law_part and not re.fullmatch(r"[(（].+[)）]", quoted):
                # A Markdown block quote in a scraped law page is the publisher's addition (引用條文, 理由), not the
                # text; one that opens with an article or a chapter (> 第三十五条 …) or holds a note ((…通过)) is
                # the text a converter happened to quote, and stays.
                c.remove("markup_residue", line, "引文块（网站所加说明，非正文）")
                continue
        fixed = HTML_COMMENT.sub("", text)
        fixed = HTML_TAG.sub("", fixed)
        fixed = MARKDOWN_HEADING.sub("", MARKDOWN_QUOTE.sub("", fixed))
        fixed = MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_IMAGE.sub("", fixed))  # an image (a button's icon) is no text
        fixed = MARKDOWN_UNDERSCORE.sub(r"\1", fixed)
        # A link whose words run over lines (a hard line break '\' inside it, CommonMark 6.7): its opening '[' on one
        # line, its '](url)' on a later one.
        fixed = LINK_OPENED.sub("", LINK_CLOSED.sub("", HARD_BREAK.sub("", fixed)))
        alone = re.sub(r"^[-*+]\s+", "", fixed)  # a link alone, or a list's item, or a bar of links (a menu)
        link_line = MARKDOWN_LINK_LINE.fullmatch(alone) or (LINK_BAR.fullmatch(alone) and MARKDOWN_LINK_LINE.match(alone))
        # a caption over links only (文件下载： [….docx](…) [….pdf](…)): the page's list of files or pages
        captioned = CAPTION_OVER_LINKS.fullmatch(MARKDOWN_LINK.sub("", alone).strip()) and MARKDOWN_LINK_LINE.search(alone)
        link_line = link_line or captioned
        if link_line and not link_line.group(2).startswith("#"):
            c.keep("links", link_line.group(2))
            c.remove("markup_residue", line, "网页链接（移入元数据）")
            continue
        if MARKDOWN_BULLET.match(fixed):
            c.list_items.add(id(line))
        fixed = MARKDOWN_LINK.sub(r"\1", MARKDOWN_BULLET.sub("", fixed))
        if TABLE_ROW.fullmatch(fixed):
            cells = [cell.strip() for cell in fixed.strip().strip("|").split("|")]
            # A two-cell row of a metadata table ('| 发文字号 | 国办发〔2023〕1号 |') reads as 'key：value'.
            fixed = f"{cells[0]}：{cells[1]}" if len(cells) == 2 and cells[0] and not cells[0].endswith(("：", ":")) else "　".join(cells)
        if not fixed.strip():
            c.remove("markup_residue", line, "网页标记")
            continue
        if fixed != text:
            c.repair("markup_residue", line, fixed)
        kept.append(line)
    c.lines = kept
    _lazy_list_markers(c)


def _lazy_list_markers(c: Cleaning) -> None:
    """Markdown numbers an ordered list itself, so converters write every item as '1. ': in a block of lines where
    '1. ' opens two or more lines and no line opens with '2.', the markers are Markdown's, not the text's."""
    blocks: list[list[Line]] = []
    for line in c.lines:
        if blocks and line.number == blocks[-1][-1].number + 1:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    for block in blocks:
        lazy = [line for line in block if LAZY_ITEM.match(line.text)]
        if len(lazy) >= 2 and not any(re.match(r"^2\s*[.．]", line.text) for line in block):
            for line in lazy:
                c.repair("markup_residue", line, LAZY_ITEM.sub("", line.text))


# A comment never contains another '<!--': so a run of unclosed ones is scanned once, not once per opening.
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
HTML_COMMENT = re.compile(r"<!--(?:[^<]|<(?!!--))*?-->")
HTML_TAG = re.compile(r"</?(?:p|br|div|span|strong|b|em|i|u|font|center|a|h[1-6]|table|tr|td|th|tbody|thead|sup|sub)\b[^<>]*>", re.I)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
MARKDOWN_EMPHASIS = re.compile(r"(\*{1,3}|__)(\S.*?)\1")
# _…_ where no letter, digit or Han character touches the underscores from outside (CommonMark's intraword rule for
# '_': a file's name a_b_c and a page title's …的通知_通知公告_某委员会 keep theirs)
MARKDOWN_UNDERSCORE = re.compile(r"(?<!\w)_(?!_)(\S.*?)_(?!\w)")
MARKDOWN_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,}|={3,})")
# A link's destination may stand between spaces and be followed by its title ([…]( /a.pdf "a.pdf" ), CommonMark 6.3).
# No '[' inside the text: linear on a line of thousands of '['.
MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*[^)\s]*(?:\s+\"[^\"]*\")?\s*\)")  # (an image's link: no words)
MARKDOWN_LINK_LINE = re.compile(r"\[([^\[\]]+)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
MARKDOWN_BULLET = re.compile(r"^[*+]\s+")
HARD_BREAK = re.compile(r"\\$")
CAPTION_OVER_LINKS = re.compile(r"[^。，；,;:：]{1,12}[:：][\s*|｜、，,]*")
LINK_CLOSED = re.compile(r"^\]\(\s*[^)\s]+(?:\s+\"[^\"]*\")?\s*\)")
LINK_OPENED = re.compile(r"\[(?=[^\]]*$)")
LINK_BAR = re.compile(r"(?:\[[^\[\]]+\]\(\s*[^)\s]+(?:\s+\"[^\"]*\")?\s*\)\s*[|｜·]?\s*){2,}")
MARKDOWN_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
MARKDOWN_QUOTE = re.compile(r"^(?:>\s*)+")
LAZY_ITEM = re.compile(r"^1\.\s+")
TABLE_ROW = re.compile(r"\|.*\|")
TABLE_RULE = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?")


@step("删除网站导航", "刪除網站導航")
def site_breadcrumb(c: Cleaning) -> None:
    """'您当前的位置: …' navigation lines (one names a gambling site)."""

    def judge(line: Line, hans: str) -> str | None:
        if not re.match(BREADCRUMB, hans):
            return None
        if SPAM.search(hans):
            c.warnings.append(f"抓取的网页带有指向无关博彩网站的导航栏（第{line.number}行），已删除。")
            return "网站导航栏（含博彩网站名）"
        return "网站导航栏"

    crumbs = [i for i, line in enumerate(c.lines[:20]) if re.match(BREADCRUMB, c.hans(line.text.strip()))]
    if crumbs:
        # Above the breadcrumb stands the site's header (its name, its column, 无障碍 links): never the text.
        header = c.lines[: crumbs[0]]
        if all(len(line.text.strip()) <= 40 and not re.search(r"[。；]", line.text) for line in header):
            for line in header:
                c.remove("site_breadcrumb", line, "网站页眉")
            c.lines = c.lines[crumbs[0] :]
    c.drop_lines("site_breadcrumb", judge)


BREADCRUMB = r"^((您)?(当前|现在)?(的)?(所在)?位置\s*[:：]|首页\s*[>＞»›])"


@step("删除网页栏目", "刪除網頁欄目")
def page_chrome(c: Cleaning) -> None:
    """The page's furniture (web_pages.yml): lines that are a widget (扫一扫在手机打开当前页, 【打印本页】【关闭窗口】,
    字号：大 中 小, 分享到, 浏览次数), and the footer: from the first line that opens it (相关链接, 网站地图, 版权所有,
    主办, ICP备 …) to the end, when no paragraph of running text follows."""
    chrome = _patterns("chrome_lines")
    # '附件：' over a numbered list (1.XXX, 2.XXX) is the 附件说明 of GB/T 9704 7.3.4 (attachment_note), not the label
    # of a page's download links.
    listing = {
        id(line)
        for index, line in enumerate(c.lines)
        if re.fullmatch(r"附\s*件\s*[:：]", line.text.strip()) and _names_attachments(c, index)
    }

    widget = _font_widget(c)

    def judge(line: Line, hans: str) -> str | None:
        squashed = re.sub(r"\s+", "", hans)
        counted = re.match(COUNTER, squashed)  # a counter, alone or beside a share button (浏览次数： - 分享)
        rest = squashed[counted.end() :] if counted else squashed
        furniture = id(line) not in listing and ((counted is not None and not rest) or any(p.fullmatch(rest) for p in chrome))
        return "网页栏目" if furniture or id(line) in widget else None

    # The footer first: a widget that opens it (扫一扫在手机打开当前页 under the text) takes what follows with it.
    footer = _patterns("footer_markers")
    title = _title_printed(c) or 0  # a footer is under the text: 相关链接 above the document's title is the page's head
    signed = max((i for i, line in enumerate(c.lines) if _signs_off(line)), default=None)  # the last 落款's date
    links = _link_lists(c, signed) | _after_the_text(c, signed, footer)
    for index, line in enumerate(c.lines):
        squashed = re.sub(r"\s+", "", c.hans(line.text))
        if index <= title or not (index in links or any(p.fullmatch(squashed) for p in footer)):
            continue
        if any(
            len(rest.text) > 60
            and re.search(r"[。；]", rest.text)
            and not any(p.fullmatch(re.sub(r"\s+", "", c.hans(rest.text))) for p in footer)
            for rest in c.lines[index + 1 :]
        ):
            continue  # running text follows (not the footer's own furniture): not the footer
        c.drop_tail("page_chrome", index, "网页页脚与相关链接")
        break
    c.drop_lines("page_chrome", judge)


FONT_CAPTION = re.compile(r"[【\[]?(?:浏览)?(?:字号|字体|字体大小)[:：].*")
FONT_SIZE = re.compile(r"(?:A[+-]?)?[大中小]|默认|超大|A[+-]|[|｜【】\[\]]")
FONT_ICON = re.compile(r"[A-Za-z][A-Za-z+-]?")  # the letters a widget draws as its icon (Aa, A+)


def _font_widget(c: Cleaning) -> set[int]:
    """A font-size widget printed a link a line (字体： 小 / | / 中 / | / 大, with its icon's letters Aa above): its
    caption and the size words and separators that follow it, each too short to be anything else on its own."""
    found: set[int] = set()
    for index, line in enumerate(c.lines):
        if not FONT_CAPTION.fullmatch(re.sub(r"\s+", "", c.hans(line.text))):
            continue
        end = index + 1
        while end < len(c.lines) and FONT_SIZE.fullmatch(re.sub(r"\s+", "", c.lines[end].text)):
            end += 1
        start = index - 1 if index and FONT_ICON.fullmatch(c.lines[index - 1].text.strip()) else index
        found |= {id(line) for line in c.lines[start:end]}
    return found


# What an official text has under its 落款 (GB/T 9704 7.3.5–7.4, 8): its 附注 in brackets, its 附件, its 版记 (抄送, 印发).
UNDER_THE_SIGNATURE = re.compile(r"^(?:[（(]|附\s*件|抄\s*送|印\s*发)")


def _link_lists(c: Cleaning, signed: int | None) -> set[int]:
    """Where a page's link lists begin under the 落款: a run of LINK_LIST or more list items (<li>), each a short name
    without a sentence (国家发展和改革委员会, 新华网), as the directories of websites and the menus that close a page
    print them; an official text lists in sentences and numbers (GB/T 9704). The run opens with its caption and any
    widget's short lines above it (国家及各省市发展改革委; 我在听，请说话), up to the text's last line (a 附注 in
    brackets, a date, 附件…)."""
    if signed is None:
        return set()
    starts: set[int] = set()
    index = signed + 1
    while index < len(c.lines):
        end = index
        while end < len(c.lines) and id(c.lines[end]) in c.list_items and _furniture_like(c.lines[end].text):
            end += 1
        if end - index >= LINK_LIST:
            start = index
            while (
                start - 1 > signed
                and _furniture_like(c.lines[start - 1].text)
                and not UNDER_THE_SIGNATURE.match(c.lines[start - 1].text.strip())
            ):
                start -= 1
            starts.add(start)
        index = max(end, index + 1)
    return starts


def _after_the_text(c: Cleaning, signed: int | None, footer: Collection[re.Pattern[str]]) -> set[int]:
    """Under its 落款 an official text has only what UNDER_THE_SIGNATURE names: the first short line after the last
    落款 that is none of it (a widget, a caption of links) opens the page's footer, when no sentence of any text follows
    it."""
    if signed is None or not c.web_page:  # a compilation's copy (PDF) may go on with the next document: a 附注, a doubt
        return set()
    for index in range(signed + 1, len(c.lines)):
        text = c.lines[index].text.strip()
        if UNDER_THE_SIGNATURE.match(text):
            continue
        if not _furniture_like(text):
            return set()
        later = c.lines[index:]
        sentences = [line for line in later if re.search(r"[。！？]", line.text)]
        if any(not any(p.fullmatch(re.sub(r"\s+", "", c.hans(line.text))) for p in footer) for line in sentences):
            return set()
        return {index}
    return set()


def _furniture_like(text: str) -> bool:
    """A short line without a sentence's end or a colon: a link's name, a caption, a widget's words."""
    text = text.strip()
    return 0 < len(text) <= 30 and not re.search(r"[。；：:]", text) and not SIGNATURE_DATE_END.search(text)


LINK_LIST = 5  # list items in a row


@step("删除重复正文", "刪除重複正文")
def repeated_copy(c: Cleaning) -> None:
    """A page that prints its text twice (a desktop and a mobile layout, one of them hidden by a style sheet a copy
    does not apply): the second run of REPEATED_RUN or more identical lines is removed. A document never repeats
    itself wholesale."""
    texts = [re.sub(r"\s+", "", line.text) for line in c.lines]
    first_at: dict[str, int] = {}
    for j, text in enumerate(texts):
        i = first_at.setdefault(text, j)
        if i == j or len(text) < 20:
            continue
        run = 0
        while j + run < len(texts) and i + run < j and texts[i + run] == texts[j + run]:
            run += 1
        if run >= REPEATED_RUN and sum(len(t) for t in texts[j : j + run]) >= 500:
            for line in c.lines[j : j + run]:
                c.remove("repeated_copy", line, "网页重复排印的正文（手机版）")
            c.lines = c.lines[:j] + c.lines[j + run :]
            return


REPEATED_RUN = 5  # lines


@step("删除栏目标题与分享栏", "刪除欄目標題與分享欄")
def column_header(c: Cleaning) -> None:
    """A site's bilingual column header ('行业动态 / Industry News') and share widgets ('发布时间: … 分享到:') above the text."""
    kept: list[Line] = []
    lines = c.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        hans = c.hans(line.text.strip())
        next_text = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if re.fullmatch(rf"[{HAN}]{{2,8}}", hans) and re.fullmatch(r"[A-Za-z][A-Za-z &]+", next_text):
            c.remove("column_header", line, "网站栏目名")
            c.remove("column_header", lines[i + 1], "网站栏目名（英文）")
            i += 2
            continue
        if re.fullmatch(r"分享到\s*[:：]?", hans):
            c.remove("column_header", line, "分享按钮")
            i += 1
            continue
        match = re.fullmatch(r"发布时间\s*[:：]?\s*(.*)", hans)
        if match:
            c.remove("column_header", line, "发布时间标签")
            stamp = match.group(1)
            i += 1
            # The value may follow on its own lines: a (possibly broken) date, then a clock time.
            while i < len(lines) and re.fullmatch(r"[\d年月日/:.\- ]+", lines[i].text.strip()):
                part = lines[i].text.strip()
                c.remove("column_header", lines[i], "发布时间（移入元数据）")
                stamp = f"{stamp} {part}".strip()
                i += 1
            printed = stamp.split(" ")[0]
            date = printed_date(printed) if printed else None
            if date:
                c.keep("published", date)
                if not WELL_FORMED_DATE.fullmatch(printed):
                    c.changes.append(Change("broken_dates", line.number, printed, date, "发布时间"))
            continue
        kept.append(line)
        i += 1
    c.lines = kept


@step("署名移入元数据", "署名移入元數據")
def byline(c: Cleaning) -> None:
    """Lines made of 'key: value' pairs (来源, 作者, 时间, 责任编辑) become metadata; so does a news dateline ('海峡网4月20日讯 (…)').
    A value ends where the next key begins, printed with no space (信息来源：…教育局浏览量： -); what the pairs leave
    may be a widget of the page (a counter, 浏览量： -) or the page's date with no key (2022-11-16 来源：…)."""
    kept = []
    keys = "|".join(sorted(BYLINE_KEYS, key=len, reverse=True))
    # A value may run over its words (市人力资源社会保障局 社保中心) up to the next key, a counter, or another widget's
    # caption (浏览字号：大中小): a word that ends with a colon.
    word = rf"(?:(?!(?:{keys}|{COUNTER_KEY})\s*[:：])[^\s:：])+"
    value = rf"https?://\S+|{word}(?:{CLOCK})?(?:\s+(?![^\s:：]+\s*[:：])(?!\d{{4}}[-/.年]){word})*"  # not over the page's date after it
    pair = re.compile(rf"({keys})\s*[:：]\s*({value})")
    chrome = _patterns("chrome_lines")
    for line in c.lines:
        stripped = _unspaced_key(line.text.strip())
        hans = c.hans(stripped)
        if PAGE_STAMP.fullmatch(hans.strip()):  # the page's date and time alone on its line, above the text
            c.keep("published", printed_date(hans.strip()) or hans.strip())
            c.remove("byline", line, "署名信息（移入元数据）")
            continue
        if re.fullmatch(rf"(?:{keys})\s*[:：]", hans.strip()):  # a field the page left empty (来源：)
            c.remove("byline", line, "署名信息（空）")
            continue
        pairs = list(pair.finditer(hans))
        rest = re.sub(rf"[|｜_]|{COUNTER}", " ", pair.sub("", hans)).strip()
        stamp = PAGE_DATE.fullmatch(rest)  # the page's date printed beside its source, with no key (2022-11-16 来源：…)
        if pairs and (not rest or stamp or any(p.fullmatch(re.sub(r"\s+", "", rest)) for p in chrome)):
            if stamp:
                c.keep("published", printed_date(rest) or rest)
            for match in pairs:
                key = BYLINE_KEYS[match.group(1)]
                value = stripped[match.start(2) : match.end(2)] if len(hans) == len(stripped) else match.group(2)
                if key in ("page_date", "published"):
                    value = printed_date(value) or value
                c.keep(key, value)
            c.remove("byline", line, "署名信息（移入元数据）")
            continue
        kept.append(line)
    c.lines = kept
    # A dateline opens the first paragraph: 'X网4月20日讯 (agency reporter …) text'.
    for line in c.lines[:3]:
        stripped = line.text.strip()
        dateline = DATELINE.match(c.hans(stripped))
        if dateline and len(c.hans(stripped)) == len(stripped):
            c.keep("dateline", stripped[: dateline.end(3)])
            c.keep("byline", stripped[dateline.start(4) : dateline.end(4)])
            c.repair("byline", line, stripped[dateline.end() :])
            break


@step("删除维基数据信息框", "刪除維基數據信息框")
def wikidata_rows(c: Cleaning) -> None:
    """Wikisource's infobox: '…在维基数据编辑' rows and '制定机关:'; their values become metadata."""
    keys = "|".join(WIKIDATA_KEYS)

    def judge(line: Line, hans: str) -> str | None:
        stripped = line.text.strip()
        if hans.endswith("在维基数据编辑"):
            row = re.match(rf"^({keys})\s*(.+?)在维基数据编辑$", hans)
            if row:
                value = stripped[row.start(2) : row.end(2)]
                key = WIKIDATA_KEYS[row.group(1)]
                c.keep(key, printed_date(value) or value if key in ("promulgated", "effective") else value)
            return "维基数据信息框"
        issuer = re.match(r"^制定机关\s*[:：]\s*(.+)$", hans)
        if issuer:
            c.keep("issuer", stripped[issuer.start(1) :])
            return "维基文库页眉（制定机关移入元数据）"
        return None

    c.drop_lines("wikidata_rows", judge)


@step("元数据行移入元数据", "元數據行移入元數據")
def metadata_lines(c: Cleaning) -> None:
    """A law database's or government site's metadata rows ('修正日期：民國 112 年 05 月 31 日', '发文字号：国办发〔2023〕1号')."""
    keys = "|".join(sorted(METADATA_KEYS, key=len, reverse=True))
    row = re.compile(rf"^({keys})\s*[:：]\s*(.*)$")
    _split_metadata_rows(c)
    kept: list[Line] = []
    lines = c.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        listed = LISTED_ROW.fullmatch(c.hans(line.text.strip()))
        if listed and listed.group(1) in METADATA_KEYS:
            # '01. [发文字号] 京管发〔2024〕3号': a metadata table printed as a list of bracketed keys, '----' for none
            key, value = METADATA_KEYS[listed.group(1)], listed.group(2).strip().strip("-").strip()
            if value:
                c.keep(key, _row_value(key, value))
            c.remove("metadata_lines", line, "网页元数据（移入元数据）")
            i += 1
            continue
        stripped = _unspaced_key(line.text.strip())
        match = row.match(c.hans(stripped))
        # (a row is short; a link's value may be long: 原文链接: https://…/t20230530_78341.htm)
        if match and (len(stripped) <= 120 or re.fullmatch(r"https?://\S+", match.group(2).strip())) and not stripped.endswith("。"):
            value = stripped[len(stripped) - len(match.group(2)) :].strip() if match.group(2) else ""
            c.remove("metadata_lines", line, "网页元数据（移入元数据）")
            i += 1
            # The value may stand on the next line, as a table scraped cell by cell prints it, or go on over several
            # lines up to the next row or a blank line (a database's 生效狀態 note). A row copied with its cells (a
            # tab between key and value) holds its whole value: an empty one is empty (主 题 词：).
            while (
                i < len(lines)
                and id(line) not in c.cells
                and lines[i].number == lines[i - 1].number + 1
                and not row.match(c.hans(lines[i].text.strip()))
            ):
                following = lines[i].text
                # a long Chinese value the page wrapped mid-phrase ('…定自一百十四' / '年十二月一日施行。')
                # (a title ending with its 文种 is whole, GB/T 9704 7.3.1: the line after …的通知 is the text's own)
                wrapped = len(value) >= 20 and bool(re.search(rf"[{HAN}]$", value)) and not TITLE_ENDS.search(value)
                continued = following[:1].isspace() or re.match(r"^\d+\s*[.．]", following) or wrapped
                if (value and not continued) or OPENS_BODY.match(following.strip()):
                    break
                value = f"{value} {lines[i].text.strip()}".strip()
                c.remove("metadata_lines", lines[i], "网页元数据（移入元数据）")
                i += 1
            key = METADATA_KEYS[match.group(1)]
            c.keep(key, _row_value(key, value))
            continue
        kept.append(line)
        i += 1
    c.lines = kept


TITLE_ENDS = re.compile(rf"(?:的通知|的通告|的决定|的意见|的批复|的函|的报告|的公告|{DOCUMENT_TYPES})$")
# Row names of metadata tables (law databases, 政府信息公开 pages), in Simplified: web_pages.yml `metadata_keys`.
METADATA_KEYS: dict[str, str] = web_pages()["metadata_keys"]
# A key printed with spaces inside (索 引 号：, 标　　题：): the spaces are layout.
SPACED_KEY = re.compile(r"^([\u4e00-\u9fff](?:[ \u3000\u2002\u00a0]+[\u4e00-\u9fff]){1,5})\s*(?=[:：])")
METADATA_ROW = re.compile(r"(?:^|(?<=\s))([\u4e00-\u9fff](?:[ \u3000\u2002\u00a0]?[\u4e00-\u9fff]){1,5})\s*[:：]")


def _unspaced_key(text: str) -> str:
    spaced = SPACED_KEY.match(text)
    return re.sub(r"[ \u3000\u2002\u00a0]", "", spaced.group(1)) + text[spaced.end() :] if spaced else text


def _split_metadata_rows(c: Cleaning) -> None:
    """A line holding several metadata rows ('索引号：000014349/2021-00045 主题分类：综合政务'), as a copied table or a
    page's info bar gives them: one line per row, when every row's key is a known one."""
    kept: list[Line] = []
    for line in c.lines:
        text = line.text.strip()
        starts = [m for m in METADATA_ROW.finditer(text) if re.sub(r"\s", "", c.hans(m.group(1))) in METADATA_KEYS]
        if len(starts) < 2 or starts[0].start() != 0 or len(text) > 300 or "。" in text:
            kept.append(line)
            continue
        bounds = [m.start() for m in starts] + [len(text)]
        rows = [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
        c.changes.append(Change("metadata_lines", line.number, text, "\n".join(rows), "元数据行拆分"))
        kept += [Line(line.number, row) for row in rows]
    c.lines = kept


def _row_value(key: str, value: str) -> str:
    """A metadata row's value as kept: a date field's printed date made ISO (2024年7月18日 → 2024-07-18)."""
    return printed_date(value) or value if key in DATE_KEYS and value else value


LISTED_ROW = re.compile(r"(?:\d{1,2}\s*[.．]\s*)?[\[【]([^\[\]【】]{2,10})[\]】]\s*[:：]?\s*(.*)")  # 01. [发文字号] …

# A line that opens a law's body (第一章, 第一条): never a metadata row's continuation.
OPENS_BODY = re.compile(r"^第\s*[一二三四五六七八九十百零〇0-9０-９]+\s*[编編章节節条條]")
DATE_KEYS = {"amended", "promulgated", "effective", "repealed", "written", "generated"}


@step("删除网页页头", "刪除網頁頁頭")
def page_head(c: Cleaning) -> None:
    """A web page prints the document's title where the document begins (GB/T 9704 7.3.1: the title, then the 主送 and
    the body); what the page prints above its last print of the title, before the text's first paragraph, is the
    page's head (the site's header and menus, the breadcrumb, the page's own heading, a byline, buttons), never the
    text. A 版头 right above the title (发文机关标志, 发文字号) stays, for document_header."""
    start = _title_printed(c)
    address = _address_first(c) if c.web_page else None
    if start is None and c.web_page and not _title_anywhere(c):
        _head_unknown(c)  # the sidecar's title may not be the page's: the maintainer is told, whatever the 主送 says
    if start is None:
        start = address  # a page that prints the title only in its heading, or under a notice: the text opens at its 主送
    elif address is not None and address > start:
        _between_title_and_address(c, start, address)
    if start is None or start == 0:
        return
    # A sentence, a 主送 or a 落款 above that print is text (a covering notice above the document it issues): the
    # page's head ends above the first of them.
    start = next(
        (
            i
            for i, line in enumerate(c.lines[:start])
            # (a sentence of a text ends with 。; a site's greeting with ！: 您好！欢迎浏览…网站！)
            if "。" in line.text or _signs_off(line) or is_address(line.text.strip())
        ),
        start,
    )
    while start > 0 and (
        DOC_NUMBER.fullmatch(c.lines[start - 1].text.strip()) or ISSUER_MARK.fullmatch(c.hans(c.lines[start - 1].text.strip()))
    ):
        start -= 1
    for line in c.lines[:start]:
        c.remove("page_head", line, "网页页头（标题之上的网站栏目、导航与按钮）")
    c.lines = c.lines[start:]


def _between_title_and_address(c: Cleaning, title: int, address: int) -> None:
    """GB/T 9704 7.3: the 主送 follows the title, with only the 版头's 文号 between them. A page that prints its title
    as its heading and the text under its menus (a collector's heading over a whole saved page): the short lines
    between the title and the 主送 that are no 文号, no note in brackets and no date are the page's."""
    furniture = [
        line
        for line in c.lines[title + 1 : address]
        if _furniture_like(line.text)
        and not DOC_NUMBER.fullmatch(line.text.strip())
        and not ISSUER_MARK.fullmatch(c.hans(line.text.strip()))
        and not re.fullmatch(r"[（(].*[）)]", line.text.strip())
        and not SIGNATURE_DATE_END.search(line.text.strip())
    ]
    if len(furniture) < HEAD_FURNITURE:  # a line or two may be a subtitle or a note the page set apart: a doubt
        return
    for line in furniture:
        c.remove("page_head", line, "网页页头（标题之上的网站栏目、导航与按钮）")
    removed = {id(line) for line in furniture}
    c.lines = [line for line in c.lines if id(line) not in removed]


def _title_anywhere(c: Cleaning) -> bool:
    """Whether the page prints the sidecar's title (or short title) as a line anywhere."""
    titles = _own_titles(c)
    return any(_squash(c.hans(line.text)) in titles for line in c.lines)


def _address_first(c: Cleaning) -> int | None:
    """Where a text whose title the page never prints above it begins: its 主送 (GB/T 9704 7.3.2: under the title),
    when one stands above the text's first paragraph; None otherwise."""
    first_text = _first_paragraph(c)
    return next((i for i in range(first_text) if is_address(c.lines[i].text.strip())), None)


def _head_unknown(c: Cleaning) -> None:
    """A saved page that never prints the sidecar's title as a line: where its head ends is a doubt, shown to the
    maintainer when short lines without a sentence (menus, buttons) stand above the text's first paragraph."""
    first_text = _first_paragraph(c)
    title = _squash(c.hans(c.meta.title))
    furniture = []
    for line in c.lines[:first_text]:
        words = re.sub(r"^\s*\d{1,2}\.\s+", "", line.text)  # an item of an ordered list (<ol>) as inscriptis numbers it
        if (
            _furniture_like(words)
            and not is_address(words.strip())
            and not re.search(r"[0-9０-９]", words)  # a database's history rows (中華民國 99 年…公布), a 文号
            and title not in _squash(c.hans(words))
        ):
            furniture.append(line)
    if len(furniture) >= HEAD_FURNITURE:
        message = (
            f"the page never prints the title '{c.meta.title}' as a line of its own, so its head (menus, buttons) could"
            f" not be told from the text: {len(furniture)} short lines stand above the first paragraph, from"
            f" '{furniture[0].text.strip()[:20]}'. Check the outline; does the sidecar's title differ from the page's?"
        )
        c.diagnostics.append((furniture[0].number, message))


HEAD_FURNITURE = 5  # short lines above the text: a page's menus, not a 版头 (issuer, 文号) and a 主送


def _title_printed(c: Cleaning) -> int | None:
    """Where the page prints the document's title last before the text's first paragraph (the text begins there)."""
    titles = _own_titles(c)
    first_text = _first_paragraph(c)

    def printed_here(i: int) -> bool:
        numbered = TITLE_WITH_NUMBER.fullmatch(c.lines[i].text.strip())  # the title with its 文号 in brackets
        squashed = _squash(c.hans(numbered.group(1) if numbered else c.lines[i].text))
        return squashed in titles or any(_title_parts(c, c.lines, i, title) for title in titles)

    printed = [i for i in range(first_text) if printed_here(i)]
    return printed[-1] if printed else None


def _first_paragraph(c: Cleaning) -> int:
    """Where the text's first paragraph stands: its first sentence of some length (the end of the lines if none)."""
    return next((i for i, line in enumerate(c.lines) if _long_sentence(line.text)), len(c.lines))


def _long_sentence(text: str) -> bool:
    """A paragraph of the text: a sentence of some length (a page's furniture has none)."""
    return len(text.strip()) >= 30 and bool(re.search(r"[。；]", text))


@step("许可声明移入元数据", "許可聲明移入元數據")
def licence_footer(c: Cleaning) -> None:
    """Wikisource's licence footer ('本作品来自…公有领域', 'Public domain…falsefalse'); the licence is kept as metadata."""

    def judge(line: Line, hans: str) -> str | None:
        if re.match(r"^本作品.*(公有领域|公共领域|知识共享)", hans):
            c.keep("license", line.text.strip())
            return "许可声明（移入元数据）"
        if re.fullmatch(r"((Public domain|CC[- ]BY[\w .-]*)\s*)+(false|true)*", line.text.strip()):
            return "许可模板残留"
        return None

    c.drop_lines("licence_footer", judge)


@step("删除评论计数", "刪除評論計數")
def comment_counter(c: Cleaning) -> None:
    """'已有0人发表了评论' and similar comment widgets."""
    c.drop_lines(
        "comment_counter", lambda _, hans: "评论计数" if re.fullmatch(r"已有\s*\d+\s*(人|条)(发表了?|参与)?评论.*", hans) else None
    )


@step("删除相关新闻列表", "刪除相關新聞列表")
def related_links(c: Cleaning) -> None:
    """A trailing list of related-news links ('- headline2019-04-03'): from three '- ' lines on, if no paragraph follows."""
    dash = re.compile(r"^-(\s|$)")
    for start in range(len(c.lines) - 2):
        if all(dash.match(line.text.strip()) for line in c.lines[start : start + 3]):
            rest = c.lines[start:]
            if any("。" in c.hans(line.text) for line in rest):
                return
            c.drop_tail("related_links", start, "相关新闻链接")
            return


@step("删除无图图注", "刪除無圖圖注")
def image_captions(c: Cleaning) -> None:
    """Short caption lines of images the scrape did not keep ('首届数字中国建设峰会部分展区')."""
    first = c.lines[0] if c.lines else None

    markers = load_forms().markers.values()

    def judge(line: Line, hans: str) -> str | None:
        # A numbered heading (5.6.2 现场指挥) is never a caption, whatever its words.
        caption = line is not first and len(hans) <= 40 and not SENTENCE_PUNCT.search(hans) and bool(CAPTION_CUES.search(hans))
        caption = caption and not any(marker.match(hans) for marker in markers)
        return "图注（图片未随网页抓取）" if caption else None

    c.drop_lines("image_captions", judge)


@step("标记付费墙缺文", "標記付費牆缺文")
def paywall(c: Cleaning) -> None:
    """'此处内容需要权限查看' / '会员免费查看': the text behind a paywall is missing. Mark the gap; never invent text."""
    for index, line in enumerate(c.lines):
        hans = c.hans(line.text.strip())
        if re.fullmatch(r"此处(内容|部分)?(需要|需)(权限|登录|付费|会员|购买).{0,6}(查看|阅读)", hans):
            line_text = line.text.strip()
            c.remove("paywall", line, "付费墙提示（其后内容缺失）")
            line.role = "gap"
            line.text = ""
            c.warnings.append(f"原网页第{line.number}行起的内容需付费查看（“{line_text}”），本库未收录，也未作任何补写。")
            if index + 1 < len(c.lines):
                following = c.lines[index + 1]
                match = re.match(r"^(会员免费查看|开通会员.{0,8}查看|付费阅读全文)", c.hans(following.text.strip()))
                if match:
                    c.repair("paywall", following, following.text.strip()[match.end() :])


@step("删除目录", "刪除目錄")
def table_of_contents(c: Cleaning) -> None:
    """A '目录' block: its entries (第一章 总则 …) are printed again as the body's headings, so the block goes."""
    for index, line in enumerate(c.lines):
        if _squash(c.hans(line.text)) not in ("目录", "目次", "编章节"):  # 編章節: the chapter index of 全國法規資料庫
            continue
        entries: list[Line] = []
        for entry in c.lines[index + 1 :]:
            squashed = _squash(entry.text)
            if entries and squashed.startswith(_squash(entries[0].text)):
                break  # the body begins with the first entry again (its first heading may run into its text)
            attachment = re.match(r"^附[件录錄][0-9０-９一二三四五六七八九十A-Z]{0,3}[:：]?[^。；，,]{0,40}$", squashed)
            if len(squashed) > 40 or (SENTENCE_PUNCT.search(entry.text) and not attachment):
                return  # not a table of contents after all: running text before the entries repeat
            entries.append(entry)
        else:
            return
        c.remove("table_of_contents", line, "目录")
        for entry in entries:
            c.remove("table_of_contents", entry, "目录条目")
        removed = {id(entry) for entry in entries} | {id(line)}
        c.lines = [kept for kept in c.lines if id(kept) not in removed]
        return


@step("沿革移入元数据", "沿革移入元數據")
def history_section(c: Cleaning) -> None:
    """A law database's trailing '沿革' (amendment history: '中華民國…令修正發布'): metadata, not body text."""
    for index, line in enumerate(c.lines):
        if _squash(c.hans(line.text)) in ("沿革", "立法沿革", "法规沿革", "修正沿革") and index > len(c.lines) // 2:
            c.keep("history", "；".join(entry.text.strip() for entry in c.lines[index + 1 :]))
            c.drop_tail("history_section", index, "沿革（移入元数据）")
            return


@step("版头移入元数据", "版頭移入元數據")
def document_header(c: Cleaning) -> None:
    """The 版头 of an official document (GB/T 9704-2012 7.2) and a database's citation code: 发文机关标志 ('国家发展改革委
    办公厅文件'), 发文字号 ('发改办财金规〔2019〕860号'), '【法宝引证码】…'. They are metadata, not body text."""
    head = c.lines[:12]
    number_at = next((i for i, line in enumerate(head) if DOC_NUMBER.fullmatch(line.text.strip())), None)
    issuer_lines: list[Line] = []
    removed: set[int] = set()  # by identity: the blocks of a flattened line share its number
    for index, line in enumerate(head):
        text = line.text.strip()
        if CITATION_CODE.match(text):
            c.keep("citation_code", text)
            c.remove("document_header", line, "数据库引证码（移入元数据）")
            removed.add(id(line))
        elif index == number_at:
            c.keep("doc_number", text.strip("（()）【】"))
            c.remove("document_header", line, "发文字号（移入元数据）")
            removed.add(id(line))
        elif number_at is not None and _squash(text) == _squash(head[number_at].text):
            c.remove("document_header", line, "重复的发文字号")  # a page prints it under its heading and in the 版头
            removed.add(id(line))
        elif number_at is not None and index < number_at and ISSUER_MARK.fullmatch(c.hans(text)):
            issuer_lines.append(line)
            c.remove("document_header", line, "发文机关标志（移入元数据）")
            removed.add(id(line))
    if issuer_lines:
        c.keep("issuer_mark", "　".join(line.text.strip() for line in issuer_lines))
    c.lines = [line for line in c.lines if id(line) not in removed]


# 发文字号: 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4), with the brackets scrapers substitute for 〔〕.
DOC_NUMBER = re.compile(rf"[（(【]?[{HAN}]{{1,16}}\s*[〔\[［【(（]\s*\d{{4}}\s*[〕\]］】)）]\s*\d{{1,4}}\s*号[)）】]?")
ISSUER_MARK = re.compile(rf"[{HAN}、 　]{{2,40}}(文件|办公厅|办公室|委员会|人民政府|总局|部|委|局|厅|署|院|办)(\s*文件)?")
CITATION_CODE = re.compile(r"^【[^】]{2,8}(码|号)】")


@step("识别印发通知", "識別印發通知")
def covering_notice(c: Cleaning) -> None:
    """A '关于印发《X》的通知' (or 转发) that wraps document X (or X and Y): its lines (title, 主送, body, 落款,
    （此件公开发布）) are kept as the covering notice, apart from the body. Its title may be split over two lines or
    spaced out (国 家 粮 食 应 急 预 案); a page may print it only in its metadata (the sidecar's title, the page's
    标题 row), the notice then starting with its 主送. X's own title line opens the body: it is kept as the body's title
    (GB/T 9704 7.3.1); when the notice issues several documents, each one's title line opens that document."""
    own = _own_titles(c)
    head, issued = _notice_title(c, own)
    if not issued:
        _signed_notice(c)
        return
    first = head + 1 if head is not None else 0
    titles = set(issued) | (own if len(issued) == 1 else set())
    if head is not None:  # the notice's own title, which may be printed twice, or over two lines
        titles -= {_squash(c.hans(c.lines[head].text)), _squash(c.hans(" ".join(line.text for line in c.lines[head : head + 2])))}
    named = {title for title in titles if not ISSUING.search(title)}  # as the notice names them, qualifier and all
    titles = {_qualified(title) for title in named}
    # An issued title printed over two lines (…人员转移安置和 / 应急避难场所启用预案; …指标报告 / （2023年度）) is joined
    # again first
    for j in range(first, min(len(c.lines) - 1, first + NOTICE_LINES + 2)):
        one, two = c.lines[j], c.lines[j + 1]
        joined = _qualified(_squash(c.hans(one.text + two.text)))
        qualifier = re.fullmatch(r"[（(][^（）()]{1,12}[）)]", two.text.strip()) and _squash(c.hans(one.text + two.text)) in named
        if one.role == two.role == "text" and ((joined in titles and _qualified(_squash(c.hans(one.text))) not in titles) or qualifier):
            c.repair("covering_notice", one, one.text.strip() + two.text.strip())
            c.remove("covering_notice", two, "所印发文件标题的第二行（并入第一行）")
            c.lines.remove(two)
            break
    starts = [
        j
        for j in range(first, len(c.lines))
        if _qualified(_squash(c.hans(c.lines[j].text))) in titles
        and c.lines[j].role == "text"
        # not the 附件说明 above the notice's own 落款 (附件：<title> / issuer / date, GB/T 9704 7.3.4)
        and not any(_signs_off(line) for line in c.lines[j + 1 : j + 4])
    ]
    untitled = not starts or starts[0] - first > NOTICE_LINES
    if untitled:
        # the issued document printed with no title of its own (a page prints it in its heading only): it begins with
        # its first numbered line under the notice's 落款
        begins = _issued_untitled(c, first) if len(issued) == 1 else None
        if begins is None:
            return
        starts = [begins]
    mark = c.lines[starts[0] - 1] if starts[0] > first else None
    if mark is not None and ATTACHMENT.match(c.hans(mark.text.strip())):
        # The issued document printed as the notice's attachment opens with the mark 附件 (GB/T 9704 7.4): layout
        c.remove("covering_notice", mark, "所印发文件的附件标识")
        c.lines.remove(mark)
        starts = [j - 1 for j in starts]
    notice = c.lines[head if head is not None else 0 : starts[0]]
    if head is not None and head + 1 < starts[0] and _split_title(c, head):
        c.repair("covering_notice", notice[0], notice[0].text.strip() + notice[1].text.strip())  # the title's second line joins its first
        c.remove("covering_notice", notice[1], "通知标题的第二行（并入第一行）")
        c.lines.remove(notice[1])
        starts = [j - 1 for j in starts]
        notice = notice[:1] + notice[2:]
    for notice_line in notice:
        notice_line.role = "notice"
    if len(issued) > 1:
        for j in starts:
            c.lines[j].role = "document_title"
        return
    if untitled:
        c.keep("body_title", issued[0])  # as the notice names it
        return
    title_line = c.lines[starts[0]]
    c.keep("body_title", title_line.text.strip())
    c.remove("covering_notice", title_line, "所印发文件的标题（作正文标题）")
    c.lines.remove(title_line)


NOTICE_LINES = 40  # a covering notice is a title, a 主送, a few paragraphs and a 落款: never longer
# The sentence by which a notice issues what follows it (现印发给你们, 现将…转发给你们, 现予印发)
ISSUES_WHAT_FOLLOWS = re.compile(r"(?:印发|转发|发布)给(?:你们|各|你单位|你局)|现予以?(?:印发|转发|发布)|现印发|现转发|现发布")


def _signed_notice(c: Cleaning) -> None:
    """A notice that issues a document it names otherwise than the document's own title (关于修订《…保护管理办法》的通知
    over '…保护与利用管理办法（试行）'), told by its layout (GB/T 9704 7.3): a notice (its title ends with 的通知) whose
    paragraph issues what follows (现印发给你们) and ends with its 落款, then, after any 附注, a title of one or two short
    lines, then the document. The notice's lines are kept apart and the title becomes the body's title."""
    start = _under_the_signature(c, 0)
    if start is None:
        return
    # the page filed under the issued document's own title, printed under the notice's 落款
    issued = start < len(c.lines) and _squash(c.hans(c.lines[start].text)) == _squash(c.hans(c.meta.title))
    if not _squash(c.hans(c.meta.title)).endswith("的通知") and not issued:
        return
    markers = load_forms().markers.values()
    title: list[Line] = []
    for line in c.lines[start : start + 2]:
        text = c.hans(line.text.strip())
        if len(text) > 40 or SENTENCE_PUNCT.search(text) or any(m.match(text) for m in markers) or SIGNATURE_DATE_END.search(text):
            break
        title.append(line)
    if not title or start + len(title) >= len(c.lines):
        return
    for line in c.lines[:start]:
        if line.role == "text":
            line.role = "notice"
    c.keep("body_title", "".join(line.text.strip() for line in title))
    for line in title:
        c.remove("covering_notice", line, "所印发文件的标题（作正文标题）")
    c.lines = [line for line in c.lines if line not in title]


def _under_the_signature(c: Cleaning, first: int) -> int | None:
    """The first line under a notice's 落款 and its 附注, when the notice's paragraph issues what follows (现印发给你们,
    现印发实施) and its 落款 closes it within a few lines; None otherwise."""
    window = range(first, min(first + NOTICE_LINES, len(c.lines)))
    issuing = next((i for i in window if ISSUES_WHAT_FOLLOWS.search(c.hans(c.lines[i].text))), None)
    if issuing is None:
        return None
    # the 落款's date, under its issuers (up to JOINT_ISSUERS, one a line) and any closing words (特此通知)
    dated = next((j for j in range(issuing + 1, min(issuing + 3 + JOINT_ISSUERS, len(c.lines))) if _signs_off(c.lines[j])), None)
    if dated is None:
        return None
    start = dated + 1
    while start < len(c.lines) and re.fullmatch(r"[（(][^（）()]{2,40}[）)]", c.lines[start].text.strip()):
        start += 1  # the 附注: （此件公开发布）
    return start


def _issued_untitled(c: Cleaning, first: int) -> int | None:
    """Where a document a notice issues begins when no line prints its title: under the notice's 落款, the first line,
    which opens with a number of the document's own (第一条, 一、, 1)."""
    start = _under_the_signature(c, first)
    markers = load_forms().markers.values()
    numbered = start is not None and start < len(c.lines) and any(m.match(c.hans(c.lines[start].text.strip())) for m in markers)
    return start if numbered else None


def _notice_title(c: Cleaning, own: set[str]) -> tuple[int | None, list[str]]:
    """Where the covering notice's title stands in the first lines (None: only in the metadata) and the titles of
    the documents it issues; ([], None) when the document is no 印发 notice."""
    for index, line in enumerate(c.lines[:12]):
        for text in (line.text, line.text + (c.lines[index + 1].text if index + 1 < len(c.lines) else "")):
            match = ISSUING.search(_unspaced(c.hans(text)))  # spaces go (国 家 粮 食), title marks stay
            if match and (index == 0 or not ISSUING.search(_unspaced(c.hans(c.lines[index - 1].text)))):
                issued = _issued_titles(match.group(1))
                if _squash(c.hans(text)) in own or own & set(issued) or _squash(match.group(1)) in own or c.meta.kind == "notice":
                    return index, issued
    for title in (c.meta.title, c.found.get("law_name", "")):
        match = ISSUING.search(_unspaced(c.hans(title)))
        if match:
            return None, _issued_titles(match.group(1))
    return None, []


def _qualified(title: str) -> str:
    """A title without the qualifier its document's own title line may add or leave out: the notice issues
    《…应急预案》, the document opens '…应急预案(2025年)' (a year, 试行, 修订, 2021—2025年)."""
    return re.sub(r"[(（][^()（）]{1,12}[)）]$", "", title)


def _unspaced(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _issued_titles(named: str) -> list[str]:
    """The titles a notice issues: each in 《》, or, unquoted, split at 和/及/、 only where every part ends with a
    document's type (…方案和…办法); '转移安置和应急避难场所启用预案' is one title."""
    quoted = [_squash(t) for t in re.findall(r"《([^》]+)》", named)]
    if quoted:
        return quoted
    parts = re.split(r"(?<=[^《])(?:和|及|、)(?=[^》]*$)", named)
    if len(parts) > 1 and all(ISSUED_KIND_END.search(part) for part in parts):
        return [_squash(t) for t in parts]
    return [_squash(named)]


ISSUED_KIND_END = re.compile(rf"{DOCUMENT_TYPES}(?:[（(][^（）()]{{1,12}}[）)])?$")


def _split_title(c: Cleaning, head: int) -> bool:
    """The notice's title broken over two lines: the first alone does not end with 的通知, the two together do."""
    first = _squash(c.hans(c.lines[head].text))
    return not ISSUING.search(first) and bool(ISSUING.search(first + _squash(c.hans(c.lines[head + 1].text))))


@step("附件说明移入元数据", "附件說明移入元數據")
def attachment_note(c: Cleaning) -> None:
    """The 附件说明 printed after the body (GB/T 9704-2012 7.3.4: '附件：1.XXX', then '2.XXX' …, or '附件：' over its
    list): a list of the attachments, not the text; kept as metadata. It stands after a body and before its 落款: in the
    second half of the text, or anywhere right above a 落款's date (a covering notice's, which names the document it
    issues), or anywhere when the attachments follow under their marks (附件1). An attachment printed after it opens
    with its name: that line is marked as the attachment's title (the parser opens the attachment there)."""
    index = 0
    named: list[str] = []
    while index < len(c.lines):
        note = ATTACHMENT_NOTE.match(c.hans(c.lines[index].text.strip()))
        if note is None:
            index += 1
            continue
        names = [note.group("name").strip()] if note.group("name") else []
        end = index + 1
        if not names and _names_attachments(c, index) == "one":
            names, end = [c.lines[index + 1].text.strip()], index + 2  # '附件：' / its one name / the 落款
        while end < len(c.lines):
            item = ATTACHMENT_ITEM.match(c.lines[end].text.strip())
            if item is None or int(item.group("n")) != len(names) + 1:
                break
            names.append(item.group("name").strip())
            end += 1
        signed = _signature_follows(c, end)
        # the attachments it lists printed after it, each under its mark (附件1, GB/T 9704 7.4), however long they are
        printed = any(ATTACHMENT.match(c.hans(line.text.strip())) for line in c.lines[end:])
        early = index < len(c.lines) // 2 and not signed and not printed
        if not names or (note.group("n") is None and note.group("name") and len(names) > 1) or early:
            index += 1  # '附件：X' followed by a numbered list is not this note; nor is one at the top of a text
            continue
        for listed in c.lines[index:end]:
            c.remove("attachment_note", listed, "附件说明（移入元数据）")
        named += names
        wanted = {_squash(c.hans(name)) for name in names}
        for following in c.lines[end:]:
            if _squash(c.hans(following.text)) in wanted and following.role == "text":
                following.role = "attachment_title"
        c.lines = c.lines[:index] + c.lines[end:]
    if named:
        c.keep("attachments", "；".join(named))


def _signature_follows(c: Cleaning, index: int) -> bool:
    """A 落款 opens at `index`: its date alone on a line (2025年7月10日), after the issuers' names, one a line, that a
    document issued jointly prints above it (short lines without a sentence)."""
    for line in c.lines[index : index + JOINT_ISSUERS + 1]:
        text = line.text.strip()
        if SIGNATURE_DATE_END.fullmatch(text):
            return True
        if len(text) > 40 or SENTENCE_PUNCT.search(text):
            return False
    return False


def _names_attachments(c: Cleaning, index: int) -> str:
    """What the bare '附件：' at `index` heads: "list" (1.XXX, 2.XXX …), "one" (a single name, then the 落款's date
    within two lines: a copy that broke '附件：XXX' after its colon), or "" (a page's label for its download links)."""
    following = c.lines[index + 1].text.strip() if index + 1 < len(c.lines) else ""
    if re.match(r"^[1１]\s*[.．、]", following):  # Arabic numerals, printed full-width on some pages
        return "list"
    signed = any(_signs_off(line) for line in c.lines[index + 2 : index + 4])
    return "one" if following and len(following) <= 60 and not SENTENCE_PUNCT.search(following) and signed else ""


def _signs_off(line: Line) -> bool:
    """A short line that ends with the 落款's date: the date alone, or the issuer and the date."""
    return len(line.text) <= 60 and bool(SIGNATURE_DATE_END.search(line.text.strip()))


# A 成文日期 ending its line (2025年10月22日, 二〇二五年十月二十二日): alone (fullmatch), or after its issuer.
SIGNATURE_DATE_END = re.compile(rf"{WRITTEN_DATE}$")
ATTACHMENT_NOTE = re.compile(r"^附\s*[件表]\s*[:：]\s*(?:(?P<n>1)\s*[.．、])?\s*(?P<name>[^。；;]{2,60})?$")
ATTACHMENT_ITEM = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<name>[^。；;]{2,60})$")


@step("版记移入元数据", "版記移入元數據")
def imprint(c: Cleaning) -> None:
    """The 版记 printed after the text (GB/T 9704 7.4.3): 抄送 and the 印发机关 with the 印发日期
    ('XX办公室 2021年12月20日印发'), and the note （此件公开发布）: metadata, not the text."""

    def judge(line: Line, hans: str) -> str | None:
        text = line.text.strip()
        if PRINTED.fullmatch(hans):
            c.keep("printed", text)
            return "版记：印发机关和印发日期（移入元数据）"
        if re.match(r"^抄送\s*[:：]", hans):
            c.keep("copied_to", text.split("：", 1)[-1].split(":", 1)[-1].strip())
            return "版记：抄送（移入元数据）"
        if re.fullmatch(r"[（(]此件(公开发布|不公开|主动公开|依申请公开)[）)]", hans):
            c.keep("disclosure", text.strip("（()）"))
            return "公开属性说明（移入元数据）"
        return None

    # A page may print the 印发机关 and the 印发日期 in two cells, a line each: they are one line of the 版记
    for index in range(len(c.lines) - 1, 0, -1):
        above, line = c.lines[index - 1], c.lines[index]
        if re.fullmatch(rf"{WRITTEN_DATE}\s*印发", c.hans(line.text.strip())) and ORGANISATION.match(above.text.strip()):
            c.repair("imprint", above, f"{above.text.strip()} {line.text.strip()}")
            c.remove("imprint", line, "版记的印发日期（并入印发机关一行）")
            del c.lines[index]
    c.drop_lines("imprint", judge)


PRINTED = re.compile(rf"[{HAN}（）()、 　]{{2,40}}\s*{WRITTEN_DATE}\s*印发")


@step("删除重复标题", "刪除重複標題")
def duplicate_title(c: Cleaning) -> None:
    """The title repeated in the body (once, twice, or broken over two lines); the page shows it once, from the metadata."""
    title = _squash(c.hans(c.meta.title))
    titles = _own_titles(c)
    kept: list[Line] = []
    i = 0
    lines = c.lines
    while i < len(lines):
        squashed = _squash(c.hans(lines[i].text))
        # GB/T 9704 7.3.1: 发文机关名称 + 事由 + 文种; a page that prints the issuers above (as a 版头) prints the rest
        # from 关于 on: 关于印发《…》的通知 is the title too.
        issued_rest = squashed.startswith("关于") and len(squashed) >= 10 and any(t.endswith(squashed) for t in titles)
        parts = _title_parts(c, lines, i, title)
        if lines[i].role in ("text", "notice") and parts:
            # the title broken over two to twelve lines, as Word and PDF copies print it; its first line may be the
            # short title (碳排放权交易管理办法 / （试行）)
            for part in lines[i : i + parts]:
                c.remove("duplicate_title", part, "正文中重复的标题（分行）")
            i += parts
            continue
        if lines[i].role in ("text", "notice") and (squashed in titles or issued_rest):
            c.remove("duplicate_title", lines[i], "正文中重复的标题")
            i += 1
            continue
        # a page's own title (<title>): the document's, then its column and site after '_' (…的通知_通知公告_某委员会)
        printed = PAGE_TITLE_TAIL.sub("", lines[i].text.strip())
        numbered = TITLE_WITH_NUMBER.fullmatch(printed)
        if lines[i].role in ("text", "notice") and printed != lines[i].text.strip() and _squash(c.hans(printed)) in titles:
            c.remove("duplicate_title", lines[i], "网页标题（文件标题、栏目与网站）")
            i += 1
            continue
        if lines[i].role in ("text", "notice") and numbered and _squash(c.hans(numbered.group(1))) in titles:
            # 关于…的通知（发改能源规〔2020〕816号）, …的通知 (发布日期：2026年02月11日 文号：沪发改价管〔2026〕5号): the
            # title with its 文号 (and date), as policy libraries print it under the page's heading
            number = DOC_NUMBER.search(numbered.group(2))
            if number:
                c.keep("doc_number", number.group(0).strip("（()）【】"))
            c.remove("duplicate_title", lines[i], "正文中重复的标题（文号移入元数据）")
            i += 1
            continue
        subtitle = re.match(r"^(.*?)\s*(——.+)$", lines[i].text.strip())
        if lines[i].role == "text" and subtitle and _squash(c.hans(subtitle.group(1))) in titles | {""} and i < 5:
            # '政府工作报告——2024年3月5日在…上' : the title and its subtitle (副题), or the subtitle alone under it.
            c.keep("subtitle", subtitle.group(2))
            c.remove("duplicate_title", lines[i], "标题与副题（副题移入元数据）")
            i += 1
            continue
        kept.append(lines[i])
        i += 1
    c.lines = kept


PAGE_TITLE_TAIL = re.compile(r"(?:_[^_。，]{2,30}){1,3}$")  # _通知公告_四川省发展和改革委员会
TITLE_WITH_NUMBER = re.compile(
    rf"(.+?)\s*[（(]\s*((?:(?:发布日期|成文日期|文号|发文字号)\s*[:：][^（）()]{{0,40}}?\s*)*"
    rf"[{HAN}]{{1,16}}\s*[〔\[［【]\s*\d{{4}}\s*[〕\]］】]\s*\d{{1,4}}\s*号)\s*[）)]"
)


def _title_parts(c: Cleaning, lines: list[Line], i: int, title: str) -> int:
    """How many lines from i spell the title together (2 to 12: a joint title prints each of up to ten issuers on a
    line of its own, GB/T 9704 7.2.3), 0 if they do not."""
    joined = ""
    for k in range(i, min(i + 12, len(lines))):
        joined += _squash(c.hans(lines[k].text))
        if not joined or not title.startswith(joined):
            return 0
        if joined == title:
            return k - i + 1 if k > i else 0
    return 0


@step("合并断行括注", "合併斷行括注")
def broken_parenthetical(c: Cleaning) -> None:
    """A bracketed note broken over two to five lines ('(2018年5月31日…大会' / '常务委员会第三次会议通过)', or an adoption
    and an approval note in four lines) is joined again."""
    kept: list[Line] = []
    index = 0
    while index < len(c.lines):
        line = c.lines[index]
        text = line.text.strip()
        end = _closing_line(c, index) if re.match(r"^[(（]", text) and not re.search(r"[)）]", text) else None
        if end is not None and "责任单位" not in c.hans(text):
            following = c.lines[index + 1 : end + 1]
            c.repair("broken_parenthetical", line, text + "".join(f.text.strip() for f in following))
            for joined in following:
                c.changes.append(Change("broken_parenthetical", joined.number, joined.text.strip(), "", "并入上一行"))
            kept.append(line)
            index = end + 1
            continue
        kept.append(line)
        index += 1
    c.lines = kept


def _closing_line(c: Cleaning, start: int) -> int | None:
    """The line within the next four that closes the bracket opened at `start`; the lines between are short pieces
    of the note (no bracket, no sentence end)."""
    for end in range(start + 1, min(start + 5, len(c.lines))):
        text = c.lines[end].text.strip()
        if re.search(r"[(（]", text) or len(text) > 60:
            return None
        if re.search(r"[)）]$", text):
            return end
        if re.search(r"[)）。；]", text):
            return None
    return None


@step("合并分页断开的段落", "合併分頁斷開的段落")
def broken_paragraphs(c: Cleaning) -> None:
    """A paragraph a page break (or a copy from PDF) cut in two: the first part stops mid-word, with no sentence end
    ('…一是…；二是…，特' / '别是基金支出异常增长的重点药品；…'), and the second goes on without a number. GB/T 9704's body
    paragraphs end with a sentence's end; its only unnumbered lines without one are the title, the 主送, headings
    without a number, the 落款 and its date, and notes in brackets. So two lines are joined when both are running text:
    the first holds a sentence's end (or is long with a comma, or the second begins with a word's last character and a
    comma: '责，对监管不力…'), and the second is no numbered heading, date, note or list of names."""
    markers = load_forms().markers.values()
    kept: list[Line] = []
    for line in c.lines:
        previous = kept[-1] if kept else None
        if previous is not None and _continues(c, previous, line, markers):
            c.repair("broken_paragraphs", previous, previous.text.rstrip() + line.text.strip())
            c.changes.append(Change("broken_paragraphs", line.number, line.text.strip(), "", "并入上一行（同一段落被分页或换行截断）"))
            continue
        kept.append(line)
    c.lines = kept


_RUNNING_ON = re.compile(rf"[{HAN}，、]$")  # a line that stops where no sentence, heading or name stops
_SENTENCE_END = re.compile(r"[。；？！]")
_NOT_CONTINUED = re.compile(r"^([(（〔\[【]|附件|附：|注：|抄送|[0-9０-９]{4}年|[〇零一二三四五六七八九]{4}年)")


def _continues(c: Cleaning, previous: Line, line: Line, markers: Collection[re.Pattern[str]]) -> bool:
    """Whether `line` carries on the paragraph `previous` left unfinished (broken_paragraphs)."""
    if previous.role != "text" or line.role != "text" or id(previous) in c.cells or id(line) in c.cells:
        return False
    first, second = c.hans(previous.text.strip()), c.hans(line.text.strip())
    if not _RUNNING_ON.search(first) or _NOT_CONTINUED.match(second) or any(m.match(second) for m in markers):
        return False
    if not re.search(r"[，。；]", second) or len(second) < 8:
        return False  # a list of names (省发改委、省数据管理局), a signature, a short heading
    numbered = any(m.match(first) for m in markers)
    ended = _SENTENCE_END.search(first)
    if numbered:
        return bool(ended)  # a run-in heading ('（四）推进…。依托…，不'); a bare numbered heading stands alone
    return bool(ended or (len(first) >= 30 and "，" in first) or re.match(rf"^[{HAN}][，、；]", second))


@step("修复粘连日期", "修復粘連日期")
def broken_dates(c: Cleaning) -> None:
    """Dates the scraper glued together: '20184月' is 2018年4月, '202010月' is 2020年10月."""
    pattern = re.compile(r"(?<![\d年])((?:19|20)\d{2})(1[0-2]|0?[1-9])月")
    for line in c.lines:
        fixed = pattern.sub(r"\1年\2月", line.text)
        if fixed != line.text:
            c.repair("broken_dates", line, fixed)


@step("删除词内空格", "刪除詞內空格")
def stray_spaces(c: Cleaning) -> None:
    """Spaces inside running Chinese text ('数  字福建'); headings keep theirs ('数字化建设 启崭新征程')."""
    # (also after a full-width pause mark, which takes its own width: '试点地区、 试点单位', a PDF's line end)
    pattern = re.compile(rf"(?<=[{HAN}“‘《、，；])[ \u3000\u00a0\u2002\u2003]+(?=[{HAN}”’》])")
    for line in c.lines:
        # Indentation is layout, not text: a page indents a paragraph by two characters (GB/T 9704 7.3.3) with
        # full-width spaces, &emsp; or &nbsp;, a copy made from it with whatever space it kept.
        line.text = line.text.strip()
        if SENTENCE_PUNCT.search(line.text):
            # The space after a leading 第X条 / 第X章 separates the number from the text: layout, not a stray space.
            opening = OPENS_BODY.match(line.text)
            keep = len(opening.group(0)) if opening else 0
            fixed = line.text[:keep] + pattern.sub("", line.text[keep:])
            if fixed != line.text:
                c.repair("stray_spaces", line, fixed)


@step("恢复全角标点", "恢復全角標點")
def fullwidth_punctuation(c: Cleaning) -> None:
    """, : ; ? ! ( ) folded to ASCII by the scraper (NFKC) restored to ，：；？！（） in Chinese context (GB/T 15834-2011);
    numbers, times, URLs and English stay as printed. Logged as one count per mark, not a line per comma."""
    counts: Counter[str] = Counter()
    lines = 0
    for line in c.lines:
        fixed, changed = restore_fullwidth(line.text)
        if fixed != line.text:
            line.text = fixed
            counts.update(changed)
            lines += 1
    if counts:
        summary = "、".join(f"{mark}×{counts[mark]}" for mark in sorted(counts))
        c.changes.append(Change("fullwidth_punctuation", 0, "", "", f"恢复全角标点（{lines}行）：{summary}"))


@step("标记匿名占位符", "標記匿名占位符")
def placeholders(c: Cleaning) -> None:
    """Anonymised placeholders ('今年x月x日', 'xg') are kept as printed and reported, never filled in."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for line in c.lines:
        for match in PLACEHOLDER.finditer(line.text):
            counts[match.group(0)] = counts.get(match.group(0), 0) + 1
            first.setdefault(match.group(0), line.number)
    if counts:
        summary = "、".join(f"“{k}”{v}处（首见第{first[k]}行）" for k, v in sorted(counts.items()))
        c.found["placeholders"] = summary
        c.warnings.append(
            f"原文是匿名化的讲话模板，含占位符{summary}。占位符代表被隐去的地名、日期和数字（“xg”很可能是“5G”），"
            "按原样保留并高亮显示，未作补写。"
        )


PLACEHOLDER = re.compile(r"(?<![A-Za-z])xg?(?![A-Za-z])")


def _own_titles(c: Cleaning) -> set[str]:
    """The document's title and short title as the sidecar gives them, squashed for comparing with printed lines."""
    return {_squash(c.hans(c.meta.title)), _squash(c.hans(c.meta.short_title))} - {""}


def _squash(text: str) -> str:
    """For comparing titles: no spaces, title marks or quotes, and one width of punctuation ((RCEP) = （RCEP）)."""
    folded = re.sub(r"[—–―－]+", "-", unicodedata.normalize("NFKC", text))  # 2021—2023 = 2021-2023 in a title
    return re.sub(r"[\s《》〈〉“”\"'·]", "", folded)


def clean(text: str, meta: DocumentMeta, converter: Converter, display: str) -> Cleaning:
    """Run every step not skipped by the sidecar, in registry order."""
    runnable = [name for name, s in STEPS.items() if s.run is not None]
    unknown = [name for name in meta.skip_cleaning if name not in runnable]
    if unknown:
        raise ValueError(f"unknown cleaning step '{unknown[0]}' in skip_cleaning; expected one of: {', '.join(runnable)}.")
    lines = [Line(number, raw) for number, raw in enumerate(text.split("\n"), start=1) if raw.strip()]
    cleaning = Cleaning(meta, converter, lines, web_page=display.lower().endswith((*HTML_SUFFIXES, ".md")))
    for name, registered in STEPS.items():
        if registered.run is not None and name not in meta.skip_cleaning:
            registered.run(cleaning)
    if "fullwidth_punctuation" not in meta.skip_cleaning:
        # Metadata lifted from the page chrome is shown as text too: its punctuation is restored alike.
        cleaning.found = {key: restore_fullwidth(value)[0] for key, value in cleaning.found.items()}
    return cleaning
