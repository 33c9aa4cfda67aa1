"""References inside the text (第十一条, 本条第二款, 前款, 第三十条至第三十五条, 《数据安全法》第二十一条, 前項, 第3條第1項第2款):
found in every provision's text, resolved against the document's tree or another document of the library, and kept
as `Reference`s for the pages (links, 被引用), the exports and `check`.

A reference that cannot be resolved, or could be read two ways, stays plain text and is reported; a reference to a
document the library does not hold is a citation, never a dead link. How texts cite is data (references.yml).

The method, in the order of the code:
1. Tokens: absolute steps (第十七条, 第（三）项, 第 3 條, 第二十條之一) and relative words (本条, 前款, 前两款, 上款, 前條), in
   the citing document's tradition (a mainland 款 is a paragraph, a Taiwan 款 an item).
2. Chains: adjacent tokens going down the hierarchy (本条第二款, 第十七条第二款第（三）项) name one provision; chains joined by
   list words (、 和 至) are one list and share what the first names (第二十一条第二款、第三款: the 21st article's).
3. Anchor: what precedes a list names its document: 《…》 a title, 本法 the citing document, 该法 an earlier one (never
   guessed), a name ending in 法/条例/办法 … another document; no anchor is the citing document when it is a law (an
   amending decision's: the document it amends), else nothing.
4. Resolution: the chain's steps, completed from the list or from where the words stand, looked up among the target
   document's provisions by their numbers (an article with one paragraph has no 第一款: 第十七条第一款 is 第十七条)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .cache import Store, by_digest, digest, kept, version
from .forms import CN_NUMERALS, load_forms
from .identify import chinese_number
from .model import HAN, Document, Problem, Provision, Ref, Reference

DATA_FILE = Path(__file__).with_name("references.yml")
# The levels a citation can name, outermost first: structural ones (chapters) and those of an article.
LEVELS = ("book", "chp", "sec", "art", "para", "item", "point")
ARTICLE_LEVELS = LEVELS[3:]
NUMBER = rf"[{CN_NUMERALS}0-9０-９]+"


@dataclass(frozen=True)
class Conventions:
    """references.yml, compiled."""

    traditions: dict[str, dict[str, str]]
    taiwan_forms: frozenset[str]
    token: re.Pattern[str]
    relative: dict[str, int]
    count: dict[str, int]
    separator: re.Pattern[str]
    anaphora: re.Pattern[str]
    former: re.Pattern[str]
    lead_word: re.Pattern[str]
    name_break: re.Pattern[str]
    named_anchor: re.Pattern[str]
    not_names: frozenset[str]
    not_document_titles: tuple[str, ...]
    document_word: re.Pattern[str]  # a document word ending the text: 办法 in …管理办法; fullmatch: the word alone
    decimal: re.Pattern[str]
    decimal_forms: frozenset[str]
    amending: tuple[re.Pattern[str], ...]
    enabling_titles: tuple[re.Pattern[str], ...]
    enabling_first_article: re.Pattern[str]
    self_words: re.Pattern[str]
    title_prefixes: tuple[str, ...]


@functools.cache
def conventions(path: Path = DATA_FILE) -> Conventions:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    units = sorted({unit for table in data["traditions"].values() for unit in table})
    refused = {unit: "|".join(map(re.escape, words)) for unit, words in data["not_followed_by"].items()}

    def unit_pattern() -> str:
        # Each unit word, unless it begins a longer word (本条例, 本项目, 款项).
        return "|".join(f"{re.escape(u)}(?!{refused[u]})" if u in refused else re.escape(u) for u in units)

    relative_words = "".join(data["relative"])
    count_words = "".join(data["count"])
    token = re.compile(
        rf"(?P<rel>[{relative_words}])(?P<count>[{count_words}]?)(?P<relunit>{unit_pattern()})"
        rf"|第\s*(?:[（(]\s*(?P<bracketed>{NUMBER})\s*[）)]|(?P<num>{NUMBER})(?:\s*-\s*(?P<dash>[0-9]+))?)\s*"
        rf"(?P<unit>{unit_pattern()})(?:之(?P<sub>{NUMBER}))?"
    )
    words = _alternatives(data["document_words"])
    separators = _alternatives(data["list_separators"])
    anaphora = _alternatives(data["anaphora"])
    return Conventions(
        traditions=data["traditions"],
        taiwan_forms=frozenset(data["taiwan_forms"]),
        token=token,
        relative=data["relative"],
        count=data["count"],
        separator=re.compile(rf"^\s*(?:{_alternatives(data['qualifiers'])})?\s*(?:{separators})\s*$"),
        anaphora=re.compile(rf"(?:{anaphora})(?:{words})\s*$"),
        former=re.compile(rf"(?:{_alternatives(data['former'])})\s*$"),
        lead_word=re.compile(rf"^(?:{_alternatives(data['lead_words'])})+"),
        name_break=re.compile(rf"(?:{_alternatives(data['name_breaks'])}|本(?:{words})(?:依|根據|根据|依據|依据))"),
        named_anchor=re.compile(rf"([{HAN}]+(?:{words}))\s*$"),
        not_names=frozenset(data["not_document_names"]),
        not_document_titles=tuple(data["not_document_titles"]),
        document_word=re.compile(rf"(?:{words})$"),
        decimal=re.compile(
            rf"(?:{_alternatives(data['decimal_before'])})\s*(?P<clause>[0-9]{{1,2}}(?:[.．][0-9]{{1,2}}){{1,3}})(?![.．]?[0-9])"
            rf"\s*(?={_alternatives(data['decimal_after'])})"
        ),
        decimal_forms=frozenset(data["decimal_forms"]),
        amending=tuple(re.compile(pattern) for pattern in data["amending_titles"]),
        enabling_titles=tuple(re.compile(pattern) for pattern in data["enabling_titles"]),
        enabling_first_article=re.compile(data["enabling_first_article"]),
        self_words=re.compile(rf"本({words})\s*$"),
        title_prefixes=tuple(data["title_prefixes"]),
    )


def _alternatives(words: list[str]) -> str:
    """A regular expression matching any of the words, the longest first."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# --- the provisions of a document, by their numbers ---------------------------------------------------------------

Step = tuple[str, int, int]  # (level alias, number, 之N suffix)
Key = tuple[Step, ...]
ARTICLE_NUMBER = re.compile(rf"第?\s*(?P<num>{NUMBER})\s*(?:-\s*(?P<dash>[0-9]+))?\s*[条條]?(?:之(?P<sub>{NUMBER}))?")


def number(text: str) -> int:
    """第 十七 条 → 17, 第３條 → 3 (full-width digits are digits to int())."""
    return chinese_number(text.replace(" ", ""))


def _step(provision: Provision) -> Step | None:
    """A provision's number in its level, as citations give it: (art, 5, 1) for 第五条之一; None for what no citation
    numbers (notes, headings of other forms)."""
    alias = provision.id.rsplit("__", 1)[-1].split("_", 1)[0]
    if alias not in LEVELS or provision.kind not in LEVELS:
        return None
    if alias == "para":
        return ("para", int(provision.id.rsplit("_", 1)[-1]), 0)
    if alias == "art":
        found = ARTICLE_NUMBER.search(provision.marker)
        if not found:
            return None
        sub = found["dash"] or found["sub"]
        return ("art", number(found["num"]), number(sub) if sub else 0)
    return (alias, provision.number, 0) if provision.number is not None else None


@dataclass
class Tree:
    """A law's provisions by the numbers citations give (book, chapter, section; article, paragraph, item, point)."""

    document: Document
    by_key: dict[Key, Provision] = field(default_factory=dict)
    key_of: dict[str, Key] = field(default_factory=dict)
    parent_of: dict[str, Provision] = field(default_factory=dict)
    articles: list[Provision] = field(default_factory=list)

    @classmethod
    def of(cls, document: Document) -> Tree:
        tree = cls(document)

        def visit(provision: Provision, structural: Key, article: Key) -> None:
            step = _step(provision)
            if step is not None and step[0] in ARTICLE_LEVELS:
                article = (step,) if step[0] == "art" else (*article, step)
                if step[0] == "art":
                    tree.articles.append(provision)
                tree.by_key.setdefault(article, provision)
                tree.key_of[provision.id] = article
            elif step is not None:
                structural = (*structural, step)
                tree.by_key.setdefault(structural, provision)
                tree.key_of[provision.id] = structural
            for child in provision.children:
                tree.parent_of[child.id] = provision
                visit(child, structural, article)

        for top in document.provisions:
            visit(top, (), ())
        return tree

    def find(self, key: Key) -> Provision | None:
        """The provision a key names; a one-paragraph article has no 第一款 (第十七条第一款 is 第十七条)."""
        found = self.by_key.get(key)
        if found is None and ("para", 1, 0) in key:
            found = self.by_key.get(tuple(step for step in key if step != ("para", 1, 0)))
        return found

    def around(self, provision: Provision) -> Key:
        """The key of the provision the words stand in, or of its nearest numbered ancestor."""
        current: Provision | None = provision
        while current is not None:
            if current.id in self.key_of:
                return self.key_of[current.id]
            current = self.parent_of.get(current.id)
        return ()


# --- finding ----------------------------------------------------------------------------------------------------


@dataclass
class Chain:
    """Adjacent tokens naming one provision: an optional relative start, then numbered steps going down."""

    start: int
    end: int
    relative: tuple[str, int] | None = None  # (level, 0 本 the one it stands in, 1 前 or 上 the one before, -1 同 the one cited)
    count: int = 1
    steps: list[Step] = field(default_factory=list)

    @property
    def first_level(self) -> str:
        return self.relative[0] if self.relative else self.steps[0][0]


def _chains(text: str, units: dict[str, str], rules: Conventions) -> Iterator[Chain]:
    chain: Chain | None = None
    for match in rules.token.finditer(text):
        if match["rel"]:
            level = units[match["relunit"]]
            token = Chain(match.start(), match.end(), (level, rules.relative[match["rel"]]), rules.count.get(match["count"], 1))
        else:
            value = match["bracketed"] or match["num"]
            sub = match["dash"] or match["sub"]
            step = (units[match["unit"]], number(value), number(sub) if sub else 0)
            token = Chain(match.start(), match.end(), steps=[step])
        joined = chain is not None and not text[chain.end : match.start()].strip(" \u3000")
        deeper = chain is not None and not token.relative and LEVELS.index(token.first_level) > LEVELS.index(_last_level(chain))
        if chain is not None and joined and deeper and not (chain.relative and chain.relative[1] and chain.count > 1):
            chain.steps.extend(token.steps)
            chain.end = match.end()
            continue
        if chain is not None:
            yield _with_every(chain, text, units)
        chain = token
    if chain is not None:
        yield _with_every(chain, text, units)


def _with_every(chain: Chain, text: str, units: dict[str, str]) -> Chain:
    """前项各款, 第八條第一項各款: every item of a paragraph is cited by citing the paragraph that holds them."""
    every = re.match(rf"各(?:{'|'.join(units)})", text[chain.end :])
    if every:
        chain.end += every.end()
    return chain


def _last_level(chain: Chain) -> str:
    return chain.steps[-1][0] if chain.steps else chain.first_level


@dataclass(frozen=True)
class Library:
    """What references resolve against: every document, its tree (laws only), and titles by their cited forms."""

    documents: dict[str, Document]
    titles: dict[str, list[Document]]
    normal: Callable[[str], str]
    trees: dict[str, Tree] = field(default_factory=dict)  # made when first asked for

    def tree(self, document: Document) -> Tree:
        if document.id not in self.trees:
            self.trees[document.id] = Tree.of(document)
        return self.trees[document.id]

    def by_title(self, title: str, citing: Document) -> Document | None:
        """The document a cited title names: the version in force when the citing document was made (the latest dated
        on or before it) when several share the title; None when the library holds none."""
        versions = self.titles.get(self.normal(title), [])
        earlier = [d for d in versions if d.meta.date <= citing.meta.date or not citing.meta.date]
        return max(earlier, key=lambda d: (d.meta.date, d.id)) if earlier else None


def library_of(documents: list[Document], to_simplified: Callable[[str], str] = lambda text: text) -> Library:
    rules = conventions()

    def normal(title: str) -> str:
        bare = re.sub(r"\s+", "", to_simplified(title))
        for prefix in rules.title_prefixes:
            bare = bare.removeprefix(to_simplified(prefix))
        return bare

    titles: dict[str, list[Document]] = {}
    for document in documents:
        names = {document.meta.title, document.meta.short_title, *document.meta.other_titles} - {""}
        for key in {normal(name) for name in names}:
            titles.setdefault(key, []).append(document)
    return Library({d.id: d for d in documents}, titles, normal)


@dataclass
class _Found:
    chain: Chain
    target: Ref | None = None
    targets: tuple[Ref, ...] = ()
    cited: str = ""  # a document the library does not hold, as printed
    problem: str = ""
    key: Key = ()
    document: str = ""  # the document its list names: an ID, or a title the library does not hold


def references_of(document: Document, library: Library) -> tuple[list[Reference], list[Problem]]:
    """Every reference in the headings and texts of a document's provisions, resolved, and what could not be."""
    rules = conventions()
    units = rules.traditions["taiwan" if document.form in rules.taiwan_forms else "mainland"]
    form = load_forms().forms.get(document.form)
    default = _default_document(document, library, rules, bool(form and form.is_law))
    clauses = {p.label: p.id for p in document.walk()} if document.form in rules.decimal_forms else {}
    found: list[Reference] = []
    problems: list[Problem] = []
    for provision in document.walk():
        if provision.kind in ("note", "gap"):
            continue
        where = Ref(document.id, provision.id)
        for part, text in (("heading", provision.heading), ("text", provision.text)):
            if not text:
                continue
            for item in _resolve_text(provision, text, document, library, units, rules, default):
                words = text[item.chain.start : item.chain.end]
                chain = item.chain
                found.append(Reference(where, part, chain.start, chain.end, words, item.target, item.targets, item.cited, item.problem))
                if item.problem:
                    line = provision.lines[0] if provision.lines else 0
                    message = f"reference: {provision.label}: “{words}” {item.problem}"
                    problems.append(Problem(document.seed_path or document.id, line, message))
            found.extend(_titles(where, part, text, document, library, rules))
            if clauses:
                found.extend(_clauses(where, part, text, clauses, rules))
    order = {p.id: n for n, p in enumerate(document.walk())}
    found.sort(key=lambda r: (order[r.source.provision], r.part == "text", r.start))
    return found, problems


def _default_document(document: Document, library: Library, rules: Conventions, is_law: bool) -> Document | str:
    """The document an unanchored article number cites: the one an amending document amends, else the citing document
    when it is a law, else none (a plan's 第三条 is some law's, which the words do not say)."""
    for pattern in rules.amending:
        match = pattern.search(document.meta.title)
        if match:
            amended = library.by_title(match["title"], document)
            return amended if amended is not None else match["title"]
    return document if is_law else ""


TITLE = re.compile(r"《([^《》\n]{2,80})》")
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")  # （试行）, （2021年修订）: a title's note, not its name


def _titles(where: Ref, part: str, text: str, document: Document, library: Library, rules: Conventions) -> list[Reference]:
    """Titles in 《》 followed by no provision number: a reference to the whole document (a link when the library holds
    it, a citation otherwise). A certificate's or a newspaper's title is no reference (references.yml)."""
    out = []
    for match in TITLE.finditer(text):
        title = match[1]
        core = TRAILING_NOTE.sub("", title).strip()
        if core.endswith(rules.not_document_titles) or rules.document_word.fullmatch(core):
            continue  # a certificate, a periodical; or 《办法》 alone, a short name (以下简称《办法》) for one named before
        after = rules.token.match(text[match.end() : match.end() + 12].lstrip(" \u3000"))
        if after and not after["rel"]:
            continue  # 《…》第二十一条: the article is the reference
        target = library.by_title(title, document)
        if target is not None and target.id == document.id:
            continue  # its own title (a covering notice's 现将《…》印发给你们)
        ref = Ref(target.id, "") if target else None
        out.append(Reference(where, part, match.start(), match.end(), match[0], ref, (ref,) if ref else (), "" if ref else title))
    return out


def _clauses(where: Ref, part: str, text: str, labels: dict[str, str], rules: Conventions) -> list[Reference]:
    """A standard's own clauses cited by number (GB/T 1.1-2020 9.5: 见5.4, 按照6.3的规定); `labels`: its provisions'."""
    out: list[Reference] = []
    for match in rules.decimal.finditer(text):
        number_ = match["clause"].replace("．", ".")
        if number_ in labels and labels[number_] != where.provision:
            ref = Ref(where.document, labels[number_])
            out.append(Reference(where, part, match.start("clause"), match.end("clause"), match["clause"], ref, (ref,)))
    return out


def _resolve_text(
    provision: Provision,
    text: str,
    document: Document,
    library: Library,
    units: dict[str, str],
    rules: Conventions,
    default: Document | str,
) -> list[_Found]:
    out: list[_Found] = []
    previous: _Found | None = None  # the chain before, when this one continues its list
    anchor: Document | str | None = None  # the list's document; a str: a title the library does not hold
    problem = ""  # the list's, when its anchor cannot be used (原第四条、第六条: both former numbers)
    for chain in _chains(text, units, rules):
        if chain.relative and chain.relative[1] == 0 and not chain.steps:
            continue  # 本条, 本款, 本章 alone: the provision the reader is in, an anchor and no link
        in_list = out and rules.separator.match(text[out[-1].chain.end : chain.start])
        if chain.relative and chain.relative[1] < 0:  # 同条: the document of the reference just before
            last = next((item for item in reversed(out) if item.target is not None and item.key), None)
            anchor = library.documents[last.target.document] if last and last.target else None
            problem = "" if last else "names the provision cited just before it, but none is; left as plain text."
            previous = last
        elif not in_list:
            before = text[max(0, chain.start - 60) : chain.start]
            anchor, problem = _anchor(before, document, library, rules, default, chain)
            previous = None
            if anchor is default and not problem and not chain.relative and _other_document_before(out, text, chain.start, document):
                # 依照《X法》第十条的规定和第十一条: this law's 第十一条, or X's? Not told, so not linked.
                problem = "could belong to the other document cited just before it or to this one; left as plain text."
        found = _Found(chain, problem=problem, document=anchor.id if isinstance(anchor, Document) else anchor or "")
        if problem:
            pass  # the list's anchor cannot be used: its problem stands
        elif isinstance(anchor, Document):
            _resolve_chain(found, provision, document, anchor, library, previous, text, out)
        elif anchor:
            found.cited = anchor
        else:
            found.problem = "names no document: the text is not a law and no title precedes it; left as plain text."
        out.append(found)
        previous = found
    return out


def _anchor(
    before: str, document: Document, library: Library, rules: Conventions, default: Document | str, chain: Chain
) -> tuple[Document | str | None, str]:
    """The document a list of citations names, from the words before it; or why it cannot be told."""
    # A name's gloss is not the name: 资通安全管理法（以下简称本法）第十四条 cites the 资通安全管理法.
    before = re.sub(r"[（(][^（）()]{0,30}[）)]\s*$", "", before)
    if rules.former.search(before):
        return None, "gives a former numbering (原第…条): the provision it named may be numbered otherwise now; left as plain text."
    title = re.search(r"《([^《》]+)》\s*$", before)
    if chain.relative and not title:
        return document, ""  # 本条第二款, 前款: from where the words stand
    if title:
        target = library.by_title(title[1], document)
        return (target if target is not None else title[1]), ""
    own = rules.self_words.search(before)
    if own:
        return _this_or_enabling(own[1], document, library, rules)
    if rules.anaphora.search(before):
        return None, "points back to a document named earlier (该法, 同法); left as plain text: write the title in 《》 to link it."
    named = rules.named_anchor.search(before)
    if named and named[1] not in rules.not_names:
        run = named[1]
        for start in range(len(run) - 1):
            candidate = run[start:]
            if candidate in rules.not_names:
                break
            target = library.by_title(candidate, document)
            if target is not None:
                return target, ""
        # Another document's name (刑法第二百八十五条), which the library does not hold: a citation, never this
        # document's article of the same number.
        name = rules.name_break.split(run)[-1] or run
        return rules.lead_word.sub("", name) or name, ""
    return default, ""


def _this_or_enabling(word: str, document: Document, library: Library, rules: Conventions) -> tuple[Document | str | None, str]:
    """本法, 本办法 …: the citing document when its title ends in the word; else the law it carries out (本法 in a
    施行细则), when its title or first article names it."""
    title = TRAILING_NOTE.sub("", document.meta.title).strip()
    own = rules.document_word.search(title)
    if (own and own[0] == word) or word not in ("法", "条例", "條例"):
        return document, ""
    enabling = _enabling(document, rules)
    if not enabling or not enabling.endswith(word):
        return (
            None,
            f"names the law this document carries out (本{word}), which neither its title nor its first article names; left as plain text.",
        )
    target = library.by_title(enabling, document)
    return (target if target is not None else enabling), ""


def _enabling(document: Document, rules: Conventions) -> str:
    for pattern in rules.enabling_titles:
        match = pattern.search(document.meta.title)
        if match:
            return match["title"].strip("《》")
    first = next((p for p in document.walk() if p.text and p.kind not in ("note", "preamble", "notice")), None)
    match = rules.enabling_first_article.search(first.text) if first else None
    return match["title"] if match else ""


def _resolve_chain(
    found: _Found,
    provision: Provision,
    citing: Document,
    target: Document,
    library: Library,
    previous: _Found | None,
    text: str,
    earlier: list[_Found],
) -> None:
    form = load_forms().forms.get(target.form)
    if not (form and form.is_law):
        found.cited = target.meta.title
        found.problem = f"cites provisions by number in 《{target.meta.title}》, which is not read as a law; left as plain text."
        return
    tree = library.tree(target)
    chain = found.chain
    here = library.tree(citing).around(provision) if target is citing else ()
    if chain.relative:
        level, back = chain.relative
        if back < 0:  # 同条: from the reference just before, in whichever document it was
            here = previous.key if previous is not None else ()
            back = 0
        keys = _relative(tree, here, level, back, chain.count)
        if not keys:
            found.problem = _relative_problem(level, back, provision)
            return
        candidates = [(*key, *chain.steps) for key in keys]
    else:
        level = chain.steps[0][0]
        if level in ("art", "book"):
            prefix: Key = ()
        elif previous is not None and previous.key and len(previous.targets) == 1 and previous.key[-1][0] == level:
            prefix = _above(previous.key, level)  # 第二十一条第二款、第三款: the third of the same article
        elif target is not citing:
            found.problem = f"gives no article of 《{target.meta.title}》 before it; left as plain text."
            return
        else:
            if _other_article_before(earlier, text, chain.start, here):
                found.problem = "could belong to the article cited just before it or to the article it stands in; left as plain text."
                return
            prefix = _above(here, level)
        candidates = [(*prefix, *chain.steps)]
        if level in ("item", "point") and tree.find(candidates[0]) is None and prefix:
            # 第（三）项 in a paragraph without items: the article's items, when only one paragraph has a third
            article = tuple(step for step in prefix if step[0] == "art")
            matches = [
                key
                for key in tree.by_key
                if key[:1] == article and key[-len(chain.steps) :] == tuple(chain.steps) and len(key) == len(article) + 1 + len(chain.steps)
            ]
            if len(matches) == 1:
                candidates = matches
    resolved = [tree.find(key) for key in candidates]
    if any(p is None for p in resolved):
        found.problem = f"names no provision of 《{target.meta.title}》; left as plain text."
        return
    refs = tuple(Ref(target.id, p.id) for p in resolved if p is not None)
    found.target, found.targets = refs[0], refs
    found.key = tree.key_of.get(refs[0].provision, ())


def _above(key: Key, level: str) -> Key:
    """The steps of a key above a level: the 21st article's, for a 第三款 listed after 第二十一条第二款."""
    rank = LEVELS.index(level)
    return tuple(step for step in key if LEVELS.index(step[0]) < rank)


def _relative(tree: Tree, here: Key, level: str, back: int, count: int) -> list[Key]:
    """The keys relative words name from where they stand: 本条 the article, 前款 the paragraph before, 前两款 the two."""
    if level not in {step[0] for step in here}:
        if level == "para" and back == 0 and any(step[0] == "art" for step in here):
            return [_above(here, "para")]  # 本款 in a one-paragraph article: the article
        return []
    position = next(i for i, step in enumerate(here) if step[0] == level)
    own = here[: position + 1]
    if back == 0:
        return [own]
    span = count if count > 1 else back  # 前款: one back; 前两款: the two before
    if level == "art":  # articles in the order printed (第五条之一 comes between 第五条 and 第六条)
        keys = [tree.key_of[a.id] for a in tree.articles]
        index = keys.index(own) if own in keys else -1
        return keys[index - span : index] if index - span >= 0 else []
    alias, ordinal, _sub = own[-1]
    first = ordinal - span
    if first < 1:
        return []
    keys = [(*own[:-1], (alias, n, 0)) for n in range(first, ordinal)]
    return keys if all(key in tree.by_key or tree.find(key) for key in keys) else []


LEVEL_NAMES = {
    "book": "part (编)",
    "chp": "chapter (章)",
    "sec": "section (节)",
    "art": "article (条)",
    "para": "paragraph (款/項)",
    "item": "item (项/款)",
    "point": "point (目)",
}


def _relative_problem(level: str, back: int, provision: Provision) -> str:
    if back == 0:
        return f"names the {LEVEL_NAMES[level]} it stands in, but {provision.label} is not inside one; left as plain text."
    return f"names the {LEVEL_NAMES[level]} before {provision.label}, which has none before it; left as plain text."


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding `start` begins: after the last 。；！？ or comma before it."""
    return max(text.rfind(mark, 0, start) for mark in "。；;！？，,") + 1


def _other_document_before(earlier: list[_Found], text: str, start: int, document: Document) -> bool:
    """Whether a citation earlier in the same clause named another document than the citing one (a comma starts
    another clause, as it does in 符合银行法第四十四条规定之银行…，应检具第七条…: this law's 第七条)."""
    clause = _clause_start(text, start)
    return any(item.chain.start >= clause and item.document not in ("", document.id) for item in earlier)


def _other_article_before(earlier: list[_Found], text: str, start: int, here: Key) -> bool:
    """Whether a chain earlier in the same clause names another article (违反第十二条第一项或依第四项: whose 第四项?)."""
    clause = _clause_start(text, start)
    article = tuple(step for step in here if step[0] == "art")
    return any(item.chain.start >= clause and item.key and item.key[:1] != article and item.key[0][0] == "art" for item in earlier)


def find_references(
    documents: list[Document], to_simplified: Callable[[str], str] = lambda text: text, store: Store | None = None
) -> References:
    """The references of every document of the library, with those that could not be resolved as problems.

    With a store, a document's are taken from it while the document and what references resolve against (every
    document's titles, date, form and numbering) are unchanged: an annotation edit finds none again."""
    library = library_of(documents, to_simplified)
    cited = digest(
        version(), [(d.id, d.meta.title, d.meta.short_title, d.meta.other_titles, d.meta.date, d.form, _numbering(d)) for d in documents]
    )
    by_source: dict[str, tuple[Reference, ...]] = {}
    problems: list[Problem] = []
    for document in documents:

        def found_now(document: Document = document) -> tuple[tuple[Reference, ...], tuple[Problem, ...]]:
            found, trouble = references_of(document, library)
            return tuple(found), tuple(trouble)

        found, trouble = kept(store, "references", digest(cited, document.digest) if document.digest else "", found_now)
        if found:
            by_source[document.id] = found
        problems += trouble
    return References(by_source, problems)


def _numbering(document: Document) -> str:
    """What a citation can name in a document: its provisions' IDs and labels (kept by digest between rebuilds)."""
    return by_digest("numbering", document.digest, lambda: digest([(p.id, p.label, p.marker) for p in document.walk()]))


@dataclass(frozen=True)
class References:
    """The references of the library: by the document whose text holds them, and by the provision they cite."""

    by_document: dict[str, tuple[Reference, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @functools.cached_property
    def citing(self) -> dict[Ref, tuple[Reference, ...]]:
        """Resolved references by the provision they cite (a provision's 被引用): from the other provisions."""
        cited: dict[Ref, list[Reference]] = {}
        for found in self.by_document.values():
            for reference in found:
                for target in reference.targets:
                    if target.provision and target != reference.source:
                        cited.setdefault(target, []).append(reference)
        return {target: tuple(refs) for target, refs in cited.items()}

    @functools.cached_property
    def by_source(self) -> dict[Ref, tuple[Reference, ...]]:
        grouped: dict[Ref, list[Reference]] = {}
        for found in self.by_document.values():
            for reference in found:
                grouped.setdefault(reference.source, []).append(reference)
        return {source: tuple(refs) for source, refs in grouped.items()}

    def of(self, ref: Ref) -> tuple[Reference, ...]:
        """The references in a provision's heading and text, in order (pages and exports ask for every provision)."""
        return self.by_source.get(ref, ())
