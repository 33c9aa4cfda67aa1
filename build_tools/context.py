"""What a template needs to write one page in one script: the texts in that script, and provisions described."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .convert import Converter
from .model import Annotation, Curation, Document, GlossaryTerm, Label, Ref, Reference
from .references import References
from .review import Doubt
from .typography import regional_quotes
from .versions import CHANGES, RELATIONS, STATUSES, Versions

# Around an undecided character in converted text, until the page's markup replaces them (render.doubt_marks): private
# use characters, which no seed may contain (safe_io refuses them).
DOUBT_OPEN, DOUBT_CLOSE = "\ue000", "\ue001"


# The interface's words where Taiwan's differ from the mainland's beyond the script (after OpenCC's s2tw): the site's
# own words only, never a document's (a document's 数据 stays 數據).
INTERFACE_WORDS = {"鏈接": "連結", "打印": "列印", "數據下載": "資料下載", "程序完成": "程式完成", "默認": "預設"}


@dataclass
class PageContext:
    script: str
    converter: Converter
    curation: Curation = field(default_factory=Curation)
    documents: dict[str, Document] = field(default_factory=dict)
    doubts: Mapping[str, tuple[Doubt, ...]] = field(default_factory=dict)  # by document: conversions no one has decided
    references: References = field(default_factory=References)
    versions: Versions = field(default_factory=Versions)
    _memo: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _readings: dict[tuple[str, str], list[Doubt]] | None = field(default=None, repr=False)
    _glossary: tuple[re.Pattern[str], dict[str, GlossaryTerm]] | None = field(default=None, repr=False)

    def t(self, hans: str) -> str:
        """Interface text, written in Simplified in templates, in this page's script: converted, then in Taiwan's own
        words where they differ (本條連結, 列印, 資料下載). Document text keeps its words and changes only its script."""
        text = self.content(hans, "zh-Hans")
        if self.script == "zh-Hant":
            for mainland, taiwan in INTERFACE_WORDS.items():
                text = text.replace(mainland, taiwan)
        return text

    def name(self, label: Label) -> str:
        """A name of the build's vocabulary (a kind, a cleaning step, a reader page), as written for this script."""
        return label.in_script(self.script)

    def content(self, text: str, original_script: str) -> str:
        """Document text: verbatim in its original script, converted with OpenCC otherwise."""
        if original_script == self.script or not text:
            return text
        key = (text, original_script)
        if key not in self._memo:  # labels, headings and interface words recur on every page
            self._memo[key] = self._converted(text, original_script, marked=False)
        return self._memo[key]

    def content_marked(self, text: str, original_script: str) -> tuple[str, list[Doubt]]:
        """As `content`, with each undecided character between DOUBT_OPEN and DOUBT_CLOSE, and those places in order."""
        if original_script == self.script or not text:
            return text, []
        return self._converted(text, original_script, marked=True), self._doubts_in(text, original_script)

    def _converted(self, text: str, original_script: str, marked: bool) -> str:
        converted = self.converter.convert(text, self.script, original_script)
        places = self._doubts_in(text, original_script)
        if places:
            characters = list(converted)  # OpenCC maps character for character: offsets in the source hold here
            for doubt in places:
                reading = doubt.chosen
                characters[doubt.place.offset] = DOUBT_OPEN + reading + DOUBT_CLOSE if marked else reading
            converted = "".join(characters)
        # Converted text also takes the target region's quotation marks (「」『』 for 繁體, “”‘’ for 简体).
        return regional_quotes(converted, self.script)

    def _doubts_in(self, text: str, original_script: str) -> list[Doubt]:
        if not self.doubts:
            return []
        if self._readings is None:
            self._readings = {}
            for found in self.doubts.values():
                for doubt in found:
                    self._readings.setdefault((doubt.text, doubt.script), []).append(doubt)
            for key, places in self._readings.items():  # a text two documents share is one text: each place once
                self._readings[key] = sorted({d.place.offset: d for d in places}.values(), key=lambda d: d.place.offset)
        return self._readings.get((text, original_script), [])

    def doubt_title(self, doubt: Doubt) -> str:
        """What a marked place says on hover and focus: the reading shown and the other one, in this page's script."""
        readings = f"{self.t('转换待审：此处作')}“{doubt.chosen}”，{self.t('另一读法')}“{doubt.other}”"
        return regional_quotes(readings, self.script)

    def glossary_pattern(self) -> tuple[re.Pattern[str], dict[str, GlossaryTerm]]:
        """Every form of every glossary term in this script (longest first), and the term each form names."""
        if self._glossary is None:
            lookup = {
                self.t(html.escape(form, quote=False)): term for term in self.curation.glossary for form in (term.term, *term.aliases)
            }
            forms = sorted(lookup, key=len, reverse=True)
            self._glossary = (re.compile("|".join(re.escape(f) for f in forms) or r"(?!)"), lookup)
        return self._glossary

    def describe(self, ref: Ref, theme: str = "", rationale: str = "", score: float = 0.0) -> dict[str, str]:
        """A provision as the related panel and tool pages show it (texts in this script)."""
        document = self.documents[ref.document]
        provision = document.find(ref.provision)
        assert provision is not None  # refs are checked when the curation is loaded
        original = document.meta.original_script
        return {
            "href": ref.href,
            "document": self.content(document.meta.short_title or document.meta.title, original),
            "date": document.meta.date,
            "label": self.content(provision.label, original),
            "heading": self.content(provision.heading, original),
            "theme": self.t(self.curation.themes[theme].name) if theme in self.curation.themes else "",
            "theme_id": theme,
            "rationale": self.t(rationale),
            "score": f"{score:.2f}" if score else "",
        }

    def reference_title(self, reference: Reference) -> str:
        """What a reference says on hover: the provision it opens (with its document when another), or that the
        library does not hold the document it cites."""
        if reference.target is None:
            return self.t("本库未收录此文件") if reference.cited else ""
        document = self.documents[reference.target.document]
        original = document.meta.original_script
        provisions = [document.find(t.provision) for t in reference.targets if t.provision]
        named = "、".join(self.content(p.label + (f" {p.heading}" if p.heading else ""), original) for p in provisions if p)
        if reference.target.document == reference.source.document:
            return named
        return self.content(document.meta.citation_title, original) + (named or f"（{document.meta.date}）")

    def cited_by(self, ref: Ref) -> list[tuple[Ref, dict[str, str]]]:
        """The provisions whose text cites this one (被引用), each once with the words that cite it, in library order."""
        items: dict[Ref, dict[str, str]] = {}
        for reference in self.references.citing.get(ref, ()):
            words = self.content(reference.text, self.documents[reference.source.document].meta.original_script)
            if reference.source in items:
                items[reference.source]["words"] += "、" + words
                continue
            item = self.describe(reference.source)
            item["words"] = words
            item["own"] = "yes" if reference.source.document == ref.document else ""
            items[reference.source] = item
        return list(items.items())

    def _title(self, document_id: str) -> str:
        document = self.documents[document_id]
        return self.content(document.meta.title, document.meta.original_script)

    def status(self, document_id: str) -> dict[str, str]:
        """A document's status as of the build, in this script: its code, its words, and what changed it when."""
        status = self.versions.relations.statuses.get(document_id)
        if status is None:
            return {"code": "", "label": ""}
        by = self._title(status.by) if status.by else ""
        return {"code": status.code, "label": self.name(STATUSES[status.code]), "by": by, "by_id": status.by, "day": status.day}

    def status_counts(self, documents: list[Document]) -> dict[str, dict[str, object]]:
        """How many of these documents have each status, in the order of STATUSES (for the lists' filter)."""
        codes = [self.versions.relations.statuses[d.id].code for d in documents if d.id in self.versions.relations.statuses]
        return {code: {"label": self.name(label), "count": codes.count(code)} for code, label in STATUSES.items() if code in codes}

    def relations(self, document_id: str) -> list[dict[str, str]]:
        """What this document does to others and what others do to it (取代 / 被取代 …), each with the other's title."""
        relations = self.versions.relations
        comparisons = self.versions.comparisons

        def compared(other: str) -> str:  # the comparison page of the pair, named by its newer document
            for newer, older in ((document_id, other), (other, document_id)):
                if newer in comparisons and comparisons[newer].older == older:
                    return newer
            return ""

        both = [(RELATIONS[kind].label, other) for kind, other in relations.outgoing.get(document_id, ())]
        both += [(RELATIONS[kind].inverse_label, other) for kind, other in relations.incoming.get(document_id, ())]
        return [
            {
                "label": self.name(label),
                "id": other,
                "title": self._title(other),
                "date": self.documents[other].meta.date,
                "compare": compared(other),
            }
            for label, other in both
        ]

    def change(self, document_id: str, provision_id: str) -> dict[str, str] | None:
        """For a unit of a compared version: on the newer, what happened to it (修改, 新增, 未变) and its older text; on
        the older, where it went (the newer unit, or 删除). Nothing for a unit unchanged under the same number."""
        versions = self.versions
        comparison = versions.comparisons.get(document_id)
        if comparison is not None and provision_id in comparison.by_newer:
            pair = comparison.by_newer[provision_id]
            return self._change_mark("newer", pair.change, document_id, provision_id, comparison.older, pair.older, comparison.newer)
        newer = versions.relations.newer(document_id)
        comparison = versions.comparisons.get(newer) if newer else None
        if comparison is not None and provision_id in comparison.by_older:
            pair = comparison.by_older[provision_id]
            return self._change_mark("older", pair.change, document_id, provision_id, newer, pair.newer, newer)
        return None

    def _change_mark(
        self, side: str, change: str, document_id: str, provision_id: str, other_id: str, other_provision: str | None, compared: str
    ) -> dict[str, str] | None:
        other = self.documents[other_id].find(other_provision) if other_provision else None
        own = self.documents[document_id].find(provision_id)
        if change == "same" and other is not None and own is not None and other.label == own.label:
            return None
        anchor = provision_id if side == "newer" else other_provision or provision_id
        return {
            "side": side,
            "code": change,
            "label": self.name(CHANGES[change]),
            "other_href": f"{other_id}.html#{other_provision}" if other_provision else "",
            "other_label": self.content(other.label, self.documents[other_id].meta.original_script) if other else "",
            "compare_href": f"compare/{compared}.html#{anchor}",
        }

    def related(self, ref: Ref, origin: str = "curated") -> list[dict[str, str]]:
        items = [self.describe(other, link.theme, link.rationale, link.score) for link, other in self.curation.links_of(ref, origin)]
        return sorted(items, key=lambda item: (item["date"], item["href"]))

    def notes(self, ref: Ref) -> list[Annotation]:
        return self.curation.annotations.get(ref, [])
