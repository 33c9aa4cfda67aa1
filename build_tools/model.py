"""The in-memory model of the library: documents, provisions, repairs and problems. No I/O here."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sized
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")
# Results kept for an object while it lives (a pool of links kept between rebuilds); a memo, no I/O.
_PER_OBJECT: dict[tuple[str, int], tuple[object, int, Any]] = {}


def per_object(kind: str, obj: Sized, compute: Callable[[], T]) -> T:
    """compute() for this very object (a pool of links kept between rebuilds), made once while the object lives and
    keeps its length. The object is held with its result, so its id cannot be reused by another."""
    key = (kind, id(obj))
    kept = _PER_OBJECT.get(key)
    if kept is not None and kept[0] is obj and kept[1] == len(obj):
        return kept[2]
    result = compute()
    if len(_PER_OBJECT) >= 16:  # the objects of the last few rebuilds
        del _PER_OBJECT[next(iter(_PER_OBJECT))]
    _PER_OBJECT[key] = (obj, len(obj), result)
    return result


SCRIPTS = ("zh-Hans", "zh-Hant")
# Han ideographs (CJK Unified, Extension A, Compatibility), for regular-expression character classes.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


class Ref(NamedTuple):
    """A provision of a document, written `<document>#<provision ID>` in curated YAML, exports and suggestions.

    A named tuple: links are indexed by the provisions they join, and a tuple hashes fastest."""

    document: str
    provision: str

    @classmethod
    def parse(cls, text: str) -> Ref | None:
        """`2024-work-points#part_1__sec_2` → Ref; None when the text has no `#` (the caller says what is wrong)."""
        document, sep, provision = text.partition("#")
        return cls(document, provision) if sep else None

    def __str__(self) -> str:
        return f"{self.document}#{self.provision}"

    @property
    def href(self) -> str:
        """The provision's address, relative to a page of the same script."""
        return f"{self.document}.html#{self.provision}"


@dataclass(frozen=True)
class Label:
    """A name the site shows for one of the build's codes (a kind, a cleaning step, a reader page), in both scripts."""

    hans: str
    hant: str

    def in_script(self, script: str) -> str:
        return self.hant if script == "zh-Hant" else self.hans


SCRIPT_LABELS = {"zh-Hans": Label("简体", "簡體"), "zh-Hant": Label("繁體", "繁體")}  # 繁體 as the script writes itself


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as `path:line` (line 0 means the whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class BuildError(Exception):
    """Raised once, after every input has been checked, with all the problems found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Change:
    """One repair made by a named cleaning step, located by its line in the raw seed."""

    step: str
    line: int
    before: str
    after: str  # the repaired text; "" when the line was removed
    note: str = ""  # why, for removals: what the line was


@dataclass
class Line:
    """A line of a seed being cleaned. `role` is set by cleaning steps that know what the line is."""

    number: int
    text: str
    role: str = "text"  # text | notice | gap


@dataclass(frozen=True)
class Relation:
    """A sidecar's line joining this document to another (versions.py): supersedes, amends, repeals, implements."""

    kind: str
    target: str  # the other document's ID
    line: int = 0  # in the sidecar


@dataclass(frozen=True)
class DocumentMeta:
    """What a sidecar `seeds/<slug>.yml` says, plus what the cleaner found in the page chrome. Frozen: made once."""

    slug: str
    title: str
    date: str
    kind: str
    source: str
    original_script: str
    short_title: str = ""
    other_titles: tuple[str, ...] = ()  # titles other documents cite it by (references.py), besides title and short_title
    date_note: str = ""
    issuer: str = ""
    effective_date: str = ""
    author: str = ""
    doc_number: str = ""
    source_url: str = ""
    skip_cleaning: tuple[str, ...] = ()
    form: str = ""  # a form of build_tools/forms.yml, when the kind's default or detection is not right
    relations: tuple[Relation, ...] = ()  # to other documents, as the sidecar gives them (checked by versions.py)
    # Metadata the cleaner found in the scraped page (source line, byline, Wikidata rows), in page order.
    found: dict[str, str] = field(default_factory=dict)

    @property
    def citation_title(self) -> str:
        return f"《{self.short_title or self.title}》"

    @property
    def full_citation(self) -> str:
        """How a lawyer cites the document: its issuing body (unless the title names it), title and date of issue,
        福建省人民代表大会常务委员会《关于进一步推进数字福建建设的决定》（2018年5月31日）."""
        name = self.short_title or self.title
        issuer = self.issuer if self.issuer and not name.startswith(self.issuer) else ""
        parts = [int(part) for part in self.date.split("-") if part.isdigit()]
        date = "".join(f"{value}{unit}" for value, unit in zip(parts, "年月日", strict=False))
        return f"{issuer}《{name}》" + (f"（{date}）" if date else "")


@dataclass(frozen=True)
class Provision:
    """A node of a document's tree, as parsing leaves it (frozen: parse.py builds Drafts, then freezes them). The text
    fields are in the document's original script."""

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
    responsible_units: tuple[str, ...] = ()
    units_normalized: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()
    parent: str | None = None
    number: int | None = None
    children: tuple[Provision, ...] = ()

    def source_text(self) -> str:
        """The provision's own text as it stands in the cleaned seed."""
        return self.marker + self.heading + self.heading_end + self.text + self.units_raw

    def walk(self) -> Iterator[Provision]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Document:
    """A document as loading leaves it: frozen, so that one kept between rebuilds (cache.py) is never changed by a
    later step; what is joined later (the aliases of curation/aliases.yml) makes a new Document."""

    meta: DocumentMeta
    provisions: list[Provision]
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seed_path: str = ""
    form: str = ""  # the form it was read in (build_tools/forms.yml), and why
    form_reason: str = ""
    diagnostics: list[Problem] = field(default_factory=list)  # for maintainers: `seeds/<file>:<line>: …` warnings
    aliases: dict[str, str] = field(default_factory=dict)  # old provision ID → the provision its permalink now names
    digest: str = ""  # of what it is made from (text, sidecar, conversion, code): the key of everything built from it

    def aliases_of(self, provision_id: str) -> list[str]:
        return sorted(old for old, new in self.aliases.items() if new == provision_id)

    @property
    def id(self) -> str:
        return self.meta.slug

    def walk(self) -> Iterator[Provision]:
        for provision in self.provisions:
            yield from provision.walk()

    @functools.cached_property
    def _by_id(self) -> dict[str, Provision]:
        return {p.id: p for p in self.walk()}

    def find(self, provision_id: str) -> Provision | None:
        """The provision with this ID. Indexed on first use: pages look up every linked provision, and a library
        with machine suggestions links thousands (the tree is complete once a Document is made)."""
        return self._by_id.get(provision_id)


@dataclass(frozen=True)
class Reference:
    """Words in a provision's text that cite a provision or a document (第二十一条, 前款, 《数据安全法》), found by
    references.py. `start`/`end` are offsets in the provision's text (the original script; OpenCC keeps them)."""

    source: Ref  # the provision whose text holds the words
    part: str  # "heading" or "text": where in the provision they stand
    start: int
    end: int
    text: str  # the words as printed
    target: Ref | None  # what they cite (provision "" for a whole document); None when not in the library or unresolved
    targets: tuple[Ref, ...] = ()  # every provision named (前两款 names two), the target first
    cited: str = ""  # a document the library does not hold, as printed: shown as a citation, not a link
    problem: str = ""  # why it stays plain text, for `check`


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Link:
    """A link between two provisions; shown from both ends."""

    source: Ref
    target: Ref
    theme: str
    rationale: str
    origin: str = "curated"  # curated | suggested
    score: float = 0.0


@dataclass(frozen=True)
class Annotation:
    document: str
    provision: str
    body: str  # Markdown as written
    html: str  # rendered, checked safe
    author: str
    date: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    html: str
    aliases: tuple[str, ...] = ()
    source: Ref | None = None


@dataclass(frozen=True)
class DecidedPair:
    """An editor's row of a version comparison (curation/versions/<newer>.yml): one older unit and one newer unit are
    one provision, or a unit stands alone (added / removed), whatever their words say."""

    older: str | None  # provision ID in the older version
    newer: str | None  # provision ID in the newer version
    line: int = 0  # in the file, for messages


@dataclass(frozen=True)
class Event:
    date: str
    text: str
    source: Ref


@dataclass(frozen=True)
class Curation:
    """What people curate, checked and joined by provision (and the machine suggestions, kept apart). Frozen: a step
    that adds to it (the suggestions) makes a new Curation."""

    themes: dict[str, Theme] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    suggestions: list[Link] = field(default_factory=list)
    annotations: dict[Ref, list[Annotation]] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    decided_pairs: dict[str, tuple[DecidedPair, ...]] = field(default_factory=dict)  # by the newer document's ID

    def links_of(self, ref: Ref, origin: str = "curated") -> list[tuple[Link, Ref]]:
        """Links touching a provision, each with the provision at the other end (in the pool's order).

        Indexed per pool: every provision of every page asks, and a large library has thousands of suggestions. The
        index is kept with the pool it was made from, so a pool kept between rebuilds (suggestions) keeps it."""
        return list(_links_by_provision(self.links if origin == "curated" else self.suggestions).get(ref, []))


def _links_by_provision(pool: list[Link]) -> dict[Ref, list[tuple[Link, Ref]]]:
    def index() -> dict[Ref, list[tuple[Link, Ref]]]:
        by_provision: dict[Ref, list[tuple[Link, Ref]]] = {}
        for link in pool:
            by_provision.setdefault(link.source, []).append((link, link.target))
            if link.target != link.source:
                by_provision.setdefault(link.target, []).append((link, link.source))
        return by_provision

    return per_object("links by provision", pool, index)
