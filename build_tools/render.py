"""Render Markdown pages in both scripts from the model, with the Jinja2 templates in templates/pages/."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .clean import PLACEHOLDER
from .convert import Converter
from .forms import KIND_NAMES, load_forms
from .model import SCRIPTS, Annotation, Curation, Document, GlossaryTerm, Provision
from .typography import regional_quotes

FOUND_NAMES = {
    "page_source": "页面所载来源",
    "page_author": "页面所载作者",
    "page_date": "页面所载日期",
    "published": "网页发布时间",
    "editor": "责任编辑",
    "issuer": "制定机关",
    "legal_rank": "法律位阶",
    "jurisdiction": "有效区域",
    "promulgated": "公布日期",
    "effective": "施行日期",
    "collected_in": "收录于",
    "license": "版权状态",
    "dateline": "电头",
    "byline": "署名",
    "placeholders": "匿名占位符",
    "law_name": "法规名称",
    "amended": "修正日期",
    "repealed": "废止日期",
    "written": "成文日期",
    "category": "类别",
    "validity": "时效性",
    "doc_number": "文号",
    "index_number": "索引号",
    "citation_code": "数据库引证码",
    "subtitle": "副题",
    "issuer_mark": "发文机关标志",
    "history": "沿革",
    "links": "网页链接",
}
STEP_NAMES = {
    "decode": "编码转换",
    "kangxi_radicals": "部首字符归一",
    "markup_residue": "删除网页标记",
    "metadata_lines": "元数据行移入元数据",
    "table_of_contents": "删除目录",
    "history_section": "沿革移入元数据",
    "document_header": "版头移入元数据",
    "site_breadcrumb": "删除网站导航",
    "column_header": "删除栏目标题与分享栏",
    "byline": "署名移入元数据",
    "wikidata_rows": "删除维基数据信息框",
    "licence_footer": "许可声明移入元数据",
    "comment_counter": "删除评论计数",
    "related_links": "删除相关新闻列表",
    "image_captions": "删除无图图注",
    "paywall": "标记付费墙缺文",
    "covering_notice": "识别印发通知",
    "duplicate_title": "删除重复标题",
    "broken_parenthetical": "合并断行括注",
    "broken_dates": "修复粘连日期",
    "stray_spaces": "删除词内空格",
    "fullwidth_punctuation": "恢复全角标点",
}
SCRIPT_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown must show as it is (headings, table cells)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def change_excerpt(before: str, after: str, context: int = 8) -> tuple[str, str]:
    """The part of a repaired line that changed, with a little context on each side: ('…数  字福建…', '…数字福建…')."""
    if not after:
        return before, ""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b, end_a = end_b - 1, end_a - 1
    lead = max(0, start - context)
    prefix = "…" if lead else ""

    def cut(text: str, end: int) -> str:
        tail = min(len(text), end + context)
        return prefix + text[lead:tail] + ("…" if tail < len(text) else "")

    return cut(before, end_b), cut(after, end_a)


@dataclass
class PageContext:
    """What a template needs to write one page in one script."""

    script: str
    converter: Converter
    curation: Curation = field(default_factory=Curation)
    documents: dict[str, Document] = field(default_factory=dict)
    _memo: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _glossary: tuple[re.Pattern[str], dict[str, GlossaryTerm]] | None = field(default=None, repr=False)

    def t(self, hans: str) -> str:
        """Interface text, written in Simplified in templates, in this page's script."""
        return self.content(hans, "zh-Hans")

    def content(self, text: str, original_script: str) -> str:
        """Document text: verbatim in its original script, converted with OpenCC otherwise."""
        if original_script == self.script or not text:
            return text
        key = (text, original_script)
        if key not in self._memo:  # labels, headings and interface words recur on every page
            # Converted text also takes the target region's quotation marks (「」『』 for 繁體, “”‘’ for 简体).
            self._memo[key] = regional_quotes(self.converter.convert(text, self.script, original_script), self.script)
        return self._memo[key]

    def glossary_pattern(self) -> tuple[re.Pattern[str], dict[str, GlossaryTerm]]:
        """Every form of every glossary term in this script (longest first), and the term each form names."""
        if self._glossary is None:
            lookup = {
                self.t(html.escape(form, quote=False)): term for term in self.curation.glossary for form in (term.term, *term.aliases)
            }
            forms = sorted(lookup, key=len, reverse=True)
            self._glossary = (re.compile("|".join(re.escape(f) for f in forms) or r"(?!)"), lookup)
        return self._glossary

    def describe(self, ref: str, theme: str = "", rationale: str = "", score: float = 0.0) -> dict[str, str]:
        """A provision named `<document>#<ID>`, as the related panel and tool pages show it (texts in this script)."""
        doc_id, provision_id = ref.split("#", 1)
        document = self.documents[doc_id]
        provision = document.find(provision_id)
        assert provision is not None  # refs are checked when the curation is loaded
        original = document.meta.original_script
        return {
            "href": f"{doc_id}.html#{provision_id}",
            "document": self.content(document.meta.short_title or document.meta.title, original),
            "date": document.meta.date,
            "label": self.content(provision.label, original),
            "heading": self.content(provision.heading, original),
            "theme": self.t(self.curation.themes[theme].name) if theme in self.curation.themes else "",
            "theme_id": theme,
            "rationale": self.t(rationale),
            "score": f"{score:.2f}" if score else "",
        }

    def related(self, doc_id: str, provision_id: str, origin: str = "curated") -> list[dict[str, str]]:
        ref = f"{doc_id}#{provision_id}"
        items = [self.describe(other, link.theme, link.rationale, link.score) for link, other in self.curation.links_of(ref, origin)]
        return sorted(items, key=lambda item: (item["date"], item["href"]))

    def notes(self, doc_id: str, provision_id: str) -> list[Annotation]:
        return self.curation.annotations.get(f"{doc_id}#{provision_id}", [])


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=False,  # the output is Markdown; templates escape with |e (HTML) and |md (Markdown)
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["e"] = lambda value: html.escape(str(value), quote=True)
    # A page title in YAML front matter: MkDocs and Material print it into the page as it is, so it is escaped as
    # text, then quoted as a YAML (JSON) string so that a ':' or a quote in a title cannot break the front matter.
    env.filters["front_matter"] = lambda value: json.dumps(html.escape(str(value), quote=False), ensure_ascii=False)
    return env


def heading_level(provision: Provision) -> int:
    """Headings start at h2 (h1 is the title), one level per depth, capped at h6."""
    return min(2 + provision.id.count("__"), 6)


NAV_DOCUMENT_LIMIT = 60  # beyond this, document pages are reached from the index, so no page carries the whole corpus


def site_nav(documents: list[Document], handwritten: dict[str, str], script: str, converter: Converter) -> list[object]:
    """MkDocs nav for one script: home, the documents by date (while few enough), then hand-written pages."""
    ctx = PageContext(script, converter)
    nav: list[object] = [{ctx.t("首页"): "index.md"}]
    if len(documents) <= NAV_DOCUMENT_LIMIT:
        ordered = sorted(documents, key=lambda d: (d.meta.date, d.id))
        # MkDocs puts nav titles into every page as they are: a title is text, so it is escaped here.
        nav.append({ctx.t("文件"): [{html.escape(ctx.content(d.meta.title, d.meta.original_script)): f"{d.id}.md"} for d in ordered]})
    nav.append({ctx.t("读者工具"): [{ctx.t(title): f"{name}.md"} for name, title in TOOL_PAGES.items()]})
    nav.extend({ctx.t(title): path} for path, title in sorted(handwritten.items()))
    return nav


TOOL_PAGES = {
    "themes": "主题",
    "concordance": "主题对照",
    "units": "责任单位",
    "glossary": "术语表",
    "timeline": "时间线",
}


def documents_by_year(documents: list[Document]) -> dict[str, list[Document]]:
    years: dict[str, list[Document]] = {}
    for document in sorted(documents, key=lambda d: (d.meta.date, d.id)):
        years.setdefault(document.meta.date[:4], []).append(document)
    return dict(sorted(years.items(), reverse=True))


def render_site_pages(
    documents: list[Document],
    converter: Converter,
    templates: Path,
    out: Path,
    curation: Curation | None = None,
    extra: Mapping[str, object] | None = None,
) -> dict[str, list[Path]]:
    """Write every generated Markdown page for both scripts under out/<script>/; returns the files written."""
    from . import reader_pages

    env = _environment(templates)
    written: dict[str, list[Path]] = {}
    extra = dict(extra or {})
    by_id = {d.id: d for d in documents}
    for script in SCRIPTS:
        ctx = PageContext(script, converter, curation or Curation(), by_id)
        target = out / script
        target.mkdir(parents=True, exist_ok=True)
        files = []
        for document in documents:
            files.append(_write(target / f"{document.id}.md", render_document(env, document, ctx, extra)))
        ordered = sorted(documents, key=lambda d: (d.meta.date, d.id))
        large = len(documents) > NAV_DOCUMENT_LIMIT
        # One page holding every document is for a small library; a large one prints document by document.
        printed = "" if large else "".join(render_document(env, d, ctx, extra, "print_document.md.j2", f"{d.id}--") for d in ordered)
        files.append(_write(target / "print.md", env.get_template("print.md.j2").render(ctx=ctx, body=printed, large=large)))
        years = documents_by_year(documents)
        listed = ordered[-NAV_DOCUMENT_LIMIT:] if large else ordered
        index = env.get_template("index.md.j2").render(
            documents=listed, total=len(documents), years=years, large=large, ctx=ctx, kinds=KIND_NAMES, scripts=SCRIPT_NAMES, extra=extra
        )
        files.append(_write(target / "index.md", index))
        if large:
            for year, group in years.items():
                page = env.get_template("year.md.j2").render(year=year, documents=group, ctx=ctx, kinds=KIND_NAMES, scripts=SCRIPT_NAMES)
                files.append(_write(target / f"documents-{year}.md", page))
        for name in TOOL_PAGES:
            data = getattr(reader_pages, name)(ctx)
            page = env.get_template(f"{name}.md.j2").render(ctx=ctx, data=data, extra=extra)
            files.append(_write(target / f"{name}.md", page))
        written[script] = files
    return written


def render_document(
    env: jinja2.Environment,
    document: Document,
    ctx: PageContext,
    extra: Mapping[str, object],
    template: str = "document.md.j2",
    id_prefix: str = "",
) -> str:
    original = document.meta.original_script

    def text(value: str) -> str:
        converted = ctx.content(value, original)
        escaped = glossary_marks(html.escape(converted, quote=False), ctx)
        if "placeholders" in document.meta.found:
            escaped = PLACEHOLDER.sub(lambda m: f'<mark class="dfl-placeholder" title="{ctx.t("匿名占位符")}">{m.group(0)}</mark>', escaped)
        return escaped

    def heading(value: str) -> str:
        converted = ctx.content(value, original)
        if "placeholders" in document.meta.found:
            parts = PLACEHOLDER.split(converted)
            marks = PLACEHOLDER.findall(converted)
            out = escape_markdown(parts[0])
            for mark, part in zip(marks, parts[1:], strict=True):
                out += f'<mark class="dfl-placeholder">{mark}</mark>' + escape_markdown(part)
            return out
        return escape_markdown(converted)

    return env.get_template(template).render(
        doc=document,
        edit_source=dict(extra.get("edit_sources", {})).get(document.id, ""),  # type: ignore[call-overload]
        related=lambda p: ctx.related(document.id, p.id),
        suggested=lambda p: ctx.related(document.id, p.id, "suggested"),
        notes=lambda p: ctx.notes(document.id, p.id),
        anchor=lambda provision_id: id_prefix + provision_id,
        meta=document.meta,
        ctx=ctx,
        text=text,
        heading=heading,
        level=heading_level,
        separator=marker_separator,
        kinds=KIND_NAMES,
        form_title=load_forms().forms[document.form].title if document.form else "",
        found_names=FOUND_NAMES,
        step_names=STEP_NAMES,
        excerpt=change_excerpt,
        scripts=SCRIPT_NAMES,
        extra=extra,
    )


def marker_separator(provision: Provision) -> str:
    """Between a number and its heading, as official texts print them: 第一章　总则 (an ideographic space), 一、总则."""
    marker = provision.marker.strip()
    return "\u3000" if marker and provision.heading and re.search(r"[\w]$", marker) else ""


def glossary_marks(escaped: str, ctx: PageContext) -> str:
    """Each glossary term's first occurrence in a passage links to its entry, with the definition on hover."""
    if not ctx.curation.glossary:
        return escaped
    pattern, lookup = ctx.glossary_pattern()
    done: set[str] = set()

    def mark(match: re.Match[str]) -> str:
        term = lookup[match.group(0)]
        if term.id in done:
            return match.group(0)
        done.add(term.id)
        title = html.escape(ctx.t(re.sub(r"<[^>]+>", "", term.html)).strip(), quote=True)
        return f'<a class="dfl-term" href="glossary.html#{term.id}" title="{title}">{match.group(0)}</a>'

    return pattern.sub(mark, escaped)


def _write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path
