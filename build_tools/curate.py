"""Join what editors curate in YAML (crosswalk, annotations, glossary, timeline) to the corpus, checking every entry.

Messages name the file and line (from PyYAML's node marks): `curation/annotations/x.yml:12: …`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import yaml

from .model import Annotation, Curation, Document, Event, GlossaryTerm, Link, Problem, Theme
from .read import ISO_DATE, did_you_mean

RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s*$|<([A-Za-z][\w+.-]*:[^>\s]*)>", re.M)
SAFE_SCHEMES = ("http", "https", "mailto")
UNSAFE_HTML = re.compile(r"<script|<iframe|<object|<embed|<style|\son\w+\s*=|javascript:|vbscript:|data:", re.I)


class _File:
    """One curated YAML file: its nodes, and the problems found in it."""

    def __init__(self, root: Path, relative: str, problems: list[Problem]):
        self.display = relative
        self.problems = problems
        self.node: yaml.Node | None = None
        path = root / relative
        if not path.exists():
            return
        try:
            self.node = yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.error(mark.line + 1 if mark else 0, f"malformed YAML: {getattr(error, 'problem', error)}.")

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))

    def entries(self, key: str) -> list[yaml.Node]:
        """The items of the file's top-level list `key:` (none if the file is missing or has problems)."""
        if self.node is None:
            return []
        top = self.fields(self.node, (key,))
        if top is None:
            return []
        if not isinstance(top[key], yaml.SequenceNode):
            self.error(top[key].start_mark.line + 1, f"'{key}:' must be a list, each item starting with '- '.")
            return []
        return list(top[key].value)

    def fields(self, node: yaml.Node, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, yaml.Node] | None:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            self.error(line, f"expected a mapping with {', '.join(required)}; found {_kind(node)}.")
            return None
        values = {str(k.value): v for k, v in node.value}
        for name in values:
            if name not in required + optional:
                self.error(
                    line, f"unknown field '{name}'; expected {', '.join(required + optional)}.{did_you_mean(name, required + optional)}"
                )
                return None
        for name in required:
            if name not in values or (isinstance(values[name], yaml.ScalarNode) and not str(values[name].value).strip()):
                self.error(line, f"missing field '{name}'.")
                return None
        return values


def _kind(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}[type(node)]


def _text(node: yaml.Node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


class _Refs:
    """Resolves `<document>#<provision ID>` and says what is wrong with a bad one."""

    def __init__(self, documents: list[Document]):
        self.ids = {d.id: [p.id for p in d.walk()] for d in documents}

    def check(self, ref: str, file: _File, line: int, what: str) -> bool:
        if "#" not in ref:
            file.error(line, f"{what} '{ref}' should be <document>#<provision ID>, e.g. 2024-work-points#part_1__sec_1__item_1.")
            return False
        doc, provision = ref.split("#", 1)
        if doc not in self.ids:
            file.error(line, f"{what}: unknown document '{doc}'.{did_you_mean(doc, sorted(self.ids))}")
            return False
        if provision not in self.ids[doc]:
            file.error(line, f"{what}: unknown provision ID '{provision}' in {doc}.{did_you_mean(provision, self.ids[doc])}")
            return False
        return True


def render_markdown(body: str, file: _File, line: int) -> str | None:
    """Markdown written by editors is untrusted: no raw HTML, only http(s)/mailto or relative links."""
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
    html = markdown.markdown(body, output_format="html")
    if UNSAFE_HTML.search(html):  # defence in depth: what Markdown made of it must be harmless too
        file.error(line, "this note would produce unsafe HTML; write plain Markdown.")
        return None
    return html


def _date(node: yaml.Node, file: _File) -> str | None:
    value = _text(node)
    try:
        if ISO_DATE.match(value) and (len(value) != 10 or dt.date.fromisoformat(value)):
            return value
    except ValueError:
        pass
    file.error(node.start_mark.line + 1, f"date '{value}' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY).")
    return None


def _load_crosswalk(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = _File(root, "curation/crosswalk.yml", problems)
    if file.node is None:
        return
    top = file.fields(file.node, ("themes", "links"))
    if top is None:
        return
    themes, links = top["themes"], top["links"]
    if not isinstance(themes, yaml.MappingNode) or not isinstance(links, yaml.SequenceNode):
        file.error(1, "expected 'themes:' as a mapping of theme IDs and 'links:' as a list.")
        return
    for key, value in themes.value:
        fields = file.fields(value, ("name", "description"))
        if fields:
            curation.themes[key.value] = Theme(key.value, _text(fields["name"]), _text(fields["description"]))
    seen: dict[tuple[str, str, str], int] = {}
    for node in links.value:
        line = node.start_mark.line + 1
        fields = file.fields(node, ("source", "target", "theme"), ("rationale",))
        if fields is None:
            continue
        source, target, theme = _text(fields["source"]), _text(fields["target"]), _text(fields["theme"])
        ok = refs.check(source, file, line, "source") & refs.check(target, file, line, "target")
        if theme not in curation.themes:
            file.error(
                line, f"unknown theme '{theme}'; expected one of {', '.join(curation.themes)}.{did_you_mean(theme, list(curation.themes))}"
            )
            ok = False
        if ok and source.split("#")[0] == target.split("#")[0]:
            file.error(line, f"a link joins two documents; {source} and {target} are in the same document.")
            ok = False
        key = (*sorted((source, target)), theme)
        if ok and key in seen:
            file.error(line, f"duplicate link {source} ↔ {target} ({theme}); line {seen[key]} already has it.")
            ok = False
        if ok:
            seen[key] = line
            curation.links.append(Link(source, target, theme, _text(fields.get("rationale", yaml.ScalarNode("", "")))))


def _load_annotations(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    for path in sorted((root / "curation" / "annotations").glob("*.yml")):
        file = _File(root, f"curation/annotations/{path.name}", problems)
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
            if not refs.check(f"{doc}#{key.value}", file, line, "annotation"):
                continue
            if not isinstance(notes, yaml.SequenceNode):
                file.error(line, f"notes on {key.value} must be a list, each note starting with '- body: …'.")
                continue
            for note in notes.value:
                fields = file.fields(note, ("body", "author", "date"), ("sources",))
                if fields is None:
                    continue
                note_line = note.start_mark.line + 1
                html = render_markdown(_text(fields["body"]), file, fields["body"].start_mark.line + 1)
                date = _date(fields["date"], file)
                sources: tuple[str, ...] = ()
                if "sources" in fields:
                    if isinstance(fields["sources"], yaml.SequenceNode):
                        sources = tuple(_text(s) for s in fields["sources"].value)
                    else:
                        file.error(note_line, 'sources must be a list, e.g. sources: ["…"].')
                if html is not None and date is not None:
                    ref = f"{doc}#{key.value}"
                    curation.annotations.setdefault(ref, []).append(
                        Annotation(doc, key.value, _text(fields["body"]), html, _text(fields["author"]), date, sources)
                    )


def _load_glossary(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = _File(root, "curation/glossary.yml", problems)
    seen: dict[str, int] = {}
    for index, node in enumerate(file.entries("terms"), start=1):
        fields = file.fields(node, ("term", "definition"), ("aliases", "source"))
        if fields is None:
            continue
        line = node.start_mark.line + 1
        term = _text(fields["term"])
        if term in seen:
            file.error(line, f"duplicate term '{term}'; line {seen[term]} already defines it.")
            continue
        seen[term] = line
        source = _text(fields["source"]) if "source" in fields else ""
        if source and not refs.check(source, file, line, "source"):
            continue
        html = render_markdown(_text(fields["definition"]), file, line)
        aliases = tuple(_text(a) for a in fields["aliases"].value) if isinstance(fields.get("aliases"), yaml.SequenceNode) else ()
        if html is not None:
            curation.glossary.append(GlossaryTerm(f"term-{index}", term, _text(fields["definition"]), html, aliases, source))


def _load_timeline(root: Path, refs: _Refs, curation: Curation, problems: list[Problem]) -> None:
    file = _File(root, "curation/timeline.yml", problems)
    for node in file.entries("events"):
        fields = file.fields(node, ("date", "text", "source"))
        if fields is None:
            continue
        line = node.start_mark.line + 1
        date = _date(fields["date"], file)
        source = _text(fields["source"])
        if date and refs.check(source, file, line, "source"):
            curation.events.append(Event(date, _text(fields["text"]), source))


def load_curation(root: Path, documents: list[Document]) -> tuple[Curation, list[Problem]]:
    problems: list[Problem] = []
    refs = _Refs(documents)
    curation = Curation()
    _load_crosswalk(root, refs, curation, problems)
    _load_annotations(root, refs, curation, problems)
    _load_glossary(root, refs, curation, problems)
    _load_timeline(root, refs, curation, problems)
    return curation, problems
