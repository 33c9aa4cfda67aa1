"""What a template needs to write one page in one script: the texts in that script, and provisions described."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .convert import Converter
from .model import Annotation, Curation, Document, GlossaryTerm, Label, Ref
from .typography import regional_quotes


@dataclass
class PageContext:
    script: str
    converter: Converter
    curation: Curation = field(default_factory=Curation)
    documents: dict[str, Document] = field(default_factory=dict)
    _memo: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _glossary: tuple[re.Pattern[str], dict[str, GlossaryTerm]] | None = field(default=None, repr=False)

    def t(self, hans: str) -> str:
        """Interface text, written in Simplified in templates, in this page's script."""
        return self.content(hans, "zh-Hans")

    def name(self, label: Label) -> str:
        """A name of the build's vocabulary (a kind, a cleaning step, a reader page), as written for this script."""
        return label.in_script(self.script)

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

    def related(self, ref: Ref, origin: str = "curated") -> list[dict[str, str]]:
        items = [self.describe(other, link.theme, link.rationale, link.score) for link, other in self.curation.links_of(ref, origin)]
        return sorted(items, key=lambda item: (item["date"], item["href"]))

    def notes(self, ref: Ref) -> list[Annotation]:
        return self.curation.annotations.get(ref, [])
