"""Join what editors curate in YAML (crosswalk, annotations, glossary, timeline) to the corpus, checking every entry.

Messages name the file and line (from PyYAML's node marks): `curation/annotations/x.yml:12: …`.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml

from . import safe_io
from .curated import CuratedFile, kind_of, text_of
from .dates import check_date
from .model import HAN, Annotation, Curation, DecidedPair, Document, Event, GlossaryTerm, Link, Problem, Ref, Theme
from .safe_io import did_you_mean
from .versions import units

RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$|<([A-Za-z][\w+.-]*:[^>\s]*)>", re.M)
SAFE_SCHEMES = ("http", "https", "mailto")
# Python-Markdown takes quadratic time over unclosed brackets (8,000 '[' take six seconds): a note is short.
MAX_NOTE = 5000
MAX_BRACKETS = 200
THEME_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
HTML_URL = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
UNSAFE_HTML = re.compile(r"<script|<iframe|<object|<embed|<style|\son\w+\s*=|javascript:|vbscript:|data:", re.I)


class _Refs:
    """Resolves `<document>#<provision ID>` and says what is wrong with a bad one."""

    def __init__(self, documents: list[Document]):
        self.ids = {d.id: [p.id for p in d.walk()] for d in documents}
        self.documents = {d.id: d for d in documents}

    def check(self, text: str, file: CuratedFile, line: int, what: str) -> Ref | None:
        """The provision `text` names, or None (with a message when the file has room for one)."""
        ref = Ref.parse(text)
        if ref is None:
            if not file.full:
                file.error(
                    line,
                    f"{what} '{safe_io.shown(text)}' should be <document>#<provision ID>, e.g. 2024-work-points#part_1__sec_1__item_1.",
                )
            return None
        if ref.document not in self.ids:
            if not file.full:
                file.error(line, f"{what}: unknown document '{safe_io.shown(ref.document)}'.{did_you_mean(ref.document, sorted(self.ids))}")
            return None
        if ref.provision not in self.ids[ref.document]:
            if not file.full:
                file.error(
                    line,
                    f"{what}: unknown provision ID '{safe_io.shown(ref.provision)}' in {ref.document}."
                    f"{did_you_mean(ref.provision, self.ids[ref.document])}",
                )
            return None
        return ref


def render_markdown(body: str, file: CuratedFile, line: int) -> str | None:
    """Markdown written by editors is untrusted: no raw HTML, only http(s)/mailto or relative links, and short."""
    if len(body) > MAX_NOTE or body.count("[") > MAX_BRACKETS:
        file.error(
            line,
            f"this note is {len(body):,} characters long, with {body.count('['):,} '['; expected at most {MAX_NOTE:,} characters and"
            f" {MAX_BRACKETS} '[' (a note, not a document).",
        )
        return None
    html_tag = RAW_HTML.search(body)
    if html_tag:
        end = body.find(">", html_tag.start())
        snippet = (
            body[html_tag.start() : end + 1] if 0 <= end - html_tag.start() < 60 else body[html_tag.start() : html_tag.start() + 40] + "…"
        )
        file.error(
            line, f"raw HTML is not allowed in notes (found '{snippet}'); write Markdown instead, e.g. **bold** or [text](https://…)."
        )
        return None
    for match in LINK_TARGETS.finditer(body):
        target = next(g for g in match.groups() if g)
        scheme = re.match(r"^([A-Za-z][\w+.-]*):", target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            file.error(line, f"link '{target[:40]}' is not allowed; links must be http(s), mailto or a page of this site.")
            return None
    try:
        html = markdown.markdown(body, output_format="html")
    except RecursionError:
        file.error(line, "this note is nested too deeply (quotes or lists inside each other); write plain Markdown.")
        return None
    if UNSAFE_HTML.search(html):  # defence in depth: what Markdown made of it must be harmless too
        file.error(line, "this note would produce unsafe HTML; write plain Markdown.")
        return None
    for value in HTML_URL.findall(html):
        # As the browser reads it: entities decoded (java&#x73;cript:), whitespace and controls inside dropped.
        url = re.sub(r"[\x00-\x20\x7f]", "", htmllib.unescape(value))
        scheme = re.match(r"^([A-Za-z][\w+.-]*):", url)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            file.error(line, f"link '{safe_io.shown(url, 40)}' is not allowed; links must be http(s), mailto or a page of this site.")
            return None
    return html


def _date(node: yaml.Node, file: CuratedFile) -> str | None:
    """The one date check (dates.py) that sidecars use too: YYYY-MM-DD, YYYY-MM or YYYY, and a real date."""
    date, message = check_date(text_of(node))
    if date is None:
        file.error(node.start_mark.line + 1, message)
    return date


def _load_crosswalk(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = CuratedFile(root, "curation/crosswalk.yml", problems)
    if file.node is None:
        return
    top = file.fields(file.node, ("themes", "links"), lists=("themes", "links"))
    if top is None:
        return
    themes, links = top["themes"], top["links"]
    if not isinstance(themes, yaml.MappingNode) or not isinstance(links, yaml.SequenceNode):
        file.error(1, "expected 'themes:' as a mapping of theme IDs and 'links:' as a list.")
        return
    for key, value in themes.value:
        if not isinstance(key, yaml.ScalarNode) or not text_of(key):
            file.error(key.start_mark.line + 1, f"a theme ID must be a single word such as data-elements; found {kind_of(key)}.")
            continue
        if not THEME_ID.fullmatch(key.value):
            # it becomes part of URLs and HTML attributes: lower-case ASCII letters, digits and hyphens only
            suggestion = re.sub(r"[^a-z0-9]+", "-", key.value.lower()).strip("-") or "my-theme"
            message = f"theme ID '{safe_io.shown(key.value)}' is not allowed; expected lower-case ASCII letters, digits and hyphens."
            file.error(key.start_mark.line + 1, f"{message} Did you mean '{suggestion}'?")
            continue
        fields = file.fields(value, ("name", "description"))
        if fields:
            curation.themes[key.value] = Theme(key.value, text_of(fields["name"]), text_of(fields["description"]))
    seen: dict[tuple[Ref, Ref, str], int] = {}
    for node in links.value:
        line = node.start_mark.line + 1
        fields = file.fields(node, ("source", "target", "theme"), ("rationale",))
        if fields is None:
            continue
        theme = text_of(fields["theme"])
        source = refs.check(text_of(fields["source"]), file, line, "source")
        target = refs.check(text_of(fields["target"]), file, line, "target")
        ok = source is not None and target is not None
        if theme not in curation.themes:
            file.error(
                line, f"unknown theme '{theme}'; expected one of {', '.join(curation.themes)}.{did_you_mean(theme, list(curation.themes))}"
            )
            ok = False
        if source is None or target is None:
            continue
        if ok and source.document == target.document:
            file.error(line, f"a link joins two documents; {source} and {target} are in the same document.")
            ok = False
        low, high = sorted((source, target))
        key = (low, high, theme)
        if ok and key in seen:
            file.error(line, f"duplicate link {source} ↔ {target} ({theme}); line {seen[key]} already has it.")
            ok = False
        if ok:
            seen[key] = line
            curation.links.append(Link(source, target, theme, text_of(fields.get("rationale", yaml.ScalarNode("", "")))))


def _load_annotations(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    for path in sorted((root / "curation" / "annotations").glob("*.yml")):
        file = CuratedFile(root, f"curation/annotations/{path.name}", problems)
        doc = path.stem
        if file.node is None:
            continue
        if doc not in refs.ids:
            file.error(1, f"no document '{doc}' to annotate; name the file after a seed.{did_you_mean(doc, sorted(refs.ids))}")
            continue
        if not isinstance(file.node, yaml.MappingNode):
            file.error(1, "expected provision IDs, each with a list of notes.")
            continue
        for key, notes in file.node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                file.error(line, f"expected a provision ID such as part_1__sec_2, each with a list of notes; found {kind_of(key)}.")
                continue
            ref = refs.check(f"{doc}#{key.value}", file, line, "annotation")
            if ref is None:
                continue
            if not isinstance(notes, yaml.SequenceNode):
                file.error(line, f"notes on {safe_io.shown(key.value)} must be a list, each note starting with '- body: …'.")
                continue
            for note in notes.value:
                fields = file.fields(note, ("body", "author", "date"), ("sources",), lists=("sources",))
                if fields is None:
                    continue
                note_line = note.start_mark.line + 1
                html = render_markdown(text_of(fields["body"]), file, fields["body"].start_mark.line + 1)
                date = _date(fields["date"], file)
                sources: tuple[str, ...] | None = ()
                if "sources" in fields:
                    if isinstance(fields["sources"], yaml.SequenceNode):
                        sources = file.words(fields["sources"], "sources", '["《2024年数字福建工作要点》二(三)9"]')
                    else:
                        file.error(note_line, 'sources must be a list, e.g. sources: ["…"].')
                if html is not None and date is not None and sources is not None:
                    curation.annotations.setdefault(ref, []).append(
                        Annotation(doc, key.value, text_of(fields["body"]), html, text_of(fields["author"]), date, sources)
                    )


def _load_decided_pairs(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    """curation/versions/<newer>.yml: where the machine's comparison of a version with the one it supersedes is wrong
    (a task rewritten past recognition, an article split), the editor's rows, each unit of either version once."""
    for path in sorted((root / "curation" / "versions").glob("*.yml")):
        file = CuratedFile(root, f"curation/versions/{path.name}", problems)
        newer_id = path.stem
        if file.node is None:
            continue
        newer = refs.documents.get(newer_id)
        if newer is None:
            hint = did_you_mean(newer_id, sorted(refs.ids))
            file.error(1, f"no document '{safe_io.shown(newer_id)}'; name the file after the newer version's seed.{hint}")
            continue
        older_id = next((r.target for r in newer.meta.relations if r.kind == "supersedes"), None)
        older = refs.documents.get(older_id or "")
        if older is None:  # an unknown target is check_relations' to report
            if older_id is None:
                message = f"{newer_id} supersedes no document, so there is no comparison to correct"
                file.error(1, f"{message}; add 'supersedes: <id>' to its sidecar.")
            continue
        sides = {"older": (older, set(p.id for p in units(older)[1])), "newer": (newer, set(p.id for p in units(newer)[1]))}
        seen: dict[tuple[str, str], int] = {}
        decided = []
        for entry in file.entries("pairs"):
            fields = file.fields(entry, (), ("older", "newer"))
            if fields is None:
                continue
            line = entry.start_mark.line + 1
            chosen: dict[str, str | None] = {}
            wrong = False
            for side, (document, compared) in sides.items():
                node = fields.get(side)
                value = None if node is None or node.tag.endswith(":null") else text_of(node)
                chosen[side] = value
                if value is None:
                    continue
                if value not in compared:
                    if refs.check(f"{document.id}#{value}", file, line, side) is not None:  # a provision, but not a unit
                        inside = sorted(u for u in compared if u.startswith(value + "__"))  # a part: name its units
                        hint = f" The units in it: {', '.join(inside[:5])}{', …' if len(inside) > 5 else ''}." if inside else ""
                        what = f"{document.id}'s articles or numbered tasks"
                        file.error(line, f"{side}: '{value}' is not a unit the comparison pairs ({what}).{hint}")
                    wrong = True
                elif (side, value) in seen:
                    file.error(line, f"{side}: '{value}' is in the row of line {seen[side, value]} already; a unit is in one row.")
                    wrong = True
                else:
                    seen[side, value] = line
            if chosen["older"] is None and chosen["newer"] is None:
                file.error(line, "expected older:, newer: or both (the provision IDs of one row).")
            elif not wrong:
                decided.append(DecidedPair(chosen["older"], chosen["newer"], line))
        if not file.full:  # read, even with no row: the editor has looked at the comparison
            curation.decided_pairs[newer_id] = tuple(decided)


TERM_ID = re.compile(r"term-[a-z0-9]+(?:-[a-z0-9]+)*")
HAN_RUN = re.compile(f"[{HAN}]+")
TERM_PARTS = re.compile(f"[{HAN}]+|[^{HAN}]+")


def term_id(term: str) -> str:
    """A glossary entry's anchor, from its term's pinyin: 数字福建 and 數字福建 → term-shuzifujian, 5G基站 →
    term-5g-jizhan. Made from the term alone, so it stays when entries are reordered or added."""
    from pypinyin import Style, lazy_pinyin

    # A run of Han characters is one word of syllables; Latin letters and digits stand as they are.
    words = [("".join(lazy_pinyin(run, style=Style.NORMAL)) if HAN_RUN.fullmatch(run) else run) for run in TERM_PARTS.findall(term)]
    return "term-" + "-".join(re.findall(r"[a-z0-9]+", " ".join(words).lower()))


def _load_glossary(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = CuratedFile(root, "curation/glossary.yml", problems)
    seen: dict[str, int] = {}
    ids: dict[str, tuple[str, int]] = {}
    for node in file.entries("terms"):
        fields = file.fields(node, ("term", "definition"), ("aliases", "source", "id"), lists=("aliases",))
        if fields is None:
            continue
        line = node.start_mark.line + 1
        term = text_of(fields["term"])
        if term in seen:
            file.error(line, f"duplicate term '{safe_io.shown(term)}'; line {seen[term]} already defines it.")
            continue
        seen[term] = line
        anchor = text_of(fields["id"]) if "id" in fields else term_id(term)
        if not TERM_ID.fullmatch(anchor):
            derived = term_id(term)
            hint = (
                f"did you mean '{derived}'?" if TERM_ID.fullmatch(derived) else "e.g. id: term-a (the term gives no letters to make one)."
            )
            file.error(line, f"anchor '{safe_io.shown(anchor)}' must be 'term-' then lowercase letters, digits and dashes; {hint}")
            continue
        if anchor in ids:
            other, other_line = ids[anchor]
            file.error(
                line,
                f"'{safe_io.shown(term)}' would have the anchor {anchor}, which '{safe_io.shown(other)}' (line {other_line}) has;"
                f" give this entry its own, e.g. id: {anchor}-2.",
            )
            continue
        ids[anchor] = (term, line)
        source = refs.check(text_of(fields["source"]), file, line, "source") if "source" in fields else None
        if "source" in fields and source is None:
            continue
        html = render_markdown(text_of(fields["definition"]), file, line)
        aliases = file.words(fields["aliases"], "aliases", "[一网通办, 一網通辦]") if "aliases" in fields else ()
        if html is not None and aliases is not None:
            curation.glossary.append(GlossaryTerm(anchor, term, text_of(fields["definition"]), html, aliases, source))


def _load_timeline(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = CuratedFile(root, "curation/timeline.yml", problems)
    for node in file.entries("events"):
        fields = file.fields(node, ("date", "text", "source"))
        if fields is None:
            continue
        line = node.start_mark.line + 1
        date = _date(fields["date"], file)
        source = refs.check(text_of(fields["source"]), file, line, "source")
        if date and source:
            curation.events.append(Event(date, text_of(fields["text"]), source))


# Who reads what a curated file feeds (pages.page_fingerprints renders a page again exactly when what it reads changed):
EVERY_PAGE = "every page"  # shown wherever it applies: a glossary term marked in any text, a theme's name
LINKED_AND_LIBRARY = "the pages of the documents it names, and the library's"  # a link: on both ends' pages and the themes
LINKED_PAGES = "the pages of the documents it names"  # a note: on the page of the provision it names
LIBRARY_PAGES = "the library's pages"  # the timeline: read by the reader pages only
COMPARED = "a version pair's comparison"  # an editor's rows: in the comparison's pairs, which its pages' fingerprints hold


@dataclass(frozen=True)
class CuratedSource:
    """A curated input: its files, how they are read into the Curation, and which field they feed for which pages.
    Adding a curated file is one entry here (with its loader and its field of Curation) and its template."""

    files: str
    load: Callable[[Path, _Refs, Curation, list[Problem]], None]
    feeds: tuple[tuple[str, str], ...]  # (field of Curation, who reads it)


SOURCES = (
    CuratedSource("curation/crosswalk.yml", _load_crosswalk, (("themes", EVERY_PAGE), ("links", LINKED_AND_LIBRARY))),
    CuratedSource("curation/annotations/*.yml", _load_annotations, (("annotations", LINKED_PAGES),)),
    CuratedSource("curation/glossary.yml", _load_glossary, (("glossary", EVERY_PAGE),)),
    CuratedSource("curation/timeline.yml", _load_timeline, (("events", LIBRARY_PAGES),)),
    CuratedSource("curation/versions/*.yml", _load_decided_pairs, (("decided_pairs", COMPARED),)),
)


def fed(*scopes: str) -> list[str]:
    """The fields of Curation that the sources feed for these readers, in declaration order."""
    return [name for source in SOURCES for name, readers in source.feeds if readers in scopes]


def load_curation(root: Path, documents: list[Document]) -> tuple[Curation, list[Problem]]:
    problems: list[Problem] = []
    refs = _Refs(documents)
    curation = Curation()
    for source in SOURCES:
        source.load(root, refs, curation, problems)
    return curation, problems
