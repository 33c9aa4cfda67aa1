"""Versions and relations between documents (issue 23): what each sidecar says a document supersedes, amends, repeals
or implements, checked; each document's status as of the build; and a newer version compared with the one it
supersedes, provision by provision.

Status, as of the build's date (SOURCE_DATE_EPOCH, never earlier than the newest document the library holds, so that
the same inputs give the same pages):
- 尚未施行 when its effective date (else its date) is after that day;
- 已被废止 when a document in force repeals it;
- 已被修改 when a document in force amends it, or supersedes it and it is a law, regulation or decision (the law now
  reads as the newer text); 已被替代 when a plan, work points or notice is superseded by the next one;
- 现行有效 otherwise.

Comparison (`compare`): the units are a law's articles (条/條), or elsewhere the numbered provisions that carry text
and have no numbered children (a work plan's tasks). Where amendments keep article numbers (a Taiwan law: 中央法規標準法
第10條) and most same-numbered articles are alike, the numbers pair the articles; otherwise the text does. Each
unit's text (with its paragraphs and items) is cut into words by jieba; two units' similarity is difflib's ratio
over their words. The units are aligned in order by dynamic programming (the matching of largest total similarity
that keeps both orders, like a diff of lines), counting only pairs at least MATCH similar; then units left on both
sides are paired by best similarity (moved). Work points' tasks, rewritten from one year to the next, are told apart
by their rarer words instead, in any order (task_similarities, from 0.3). A pair is `same`
when the words are equal (ignoring whitespace and the width of punctuation), else `changed`; a unit left alone is
`added` or `removed`. The changed words are marked by the same word diff."""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .cache import Store, digest, kept, version
from .forms import load_forms
from .model import DecidedPair, Document, Label, Problem, Provision
from .read import sidecar_of
from .safe_io import did_you_mean


@dataclass(frozen=True)
class RelationKind:
    """A relation a sidecar may give (read.RELATIONS), as its page says it, and as it reads from the other end."""

    label: Label
    inverse_label: Label
    inverse: str  # its name from the other end, in the exports


RELATIONS = {
    "supersedes": RelationKind(Label("取代", "取代"), Label("被取代", "被取代"), "superseded_by"),
    "amends": RelationKind(Label("修改", "修改"), Label("被修改", "被修改"), "amended_by"),
    "repeals": RelationKind(Label("废止", "廢止"), Label("被废止", "被廢止"), "repealed_by"),
    "implements": RelationKind(Label("实施", "實施"), Label("被实施", "被實施"), "implemented_by"),
}
STATUSES = {
    "in_force": Label("现行有效", "現行有效"),
    "amended": Label("已被修改", "已被修改"),
    "superseded": Label("已被替代", "已被替代"),
    "repealed": Label("已被废止", "已被廢止"),
    "not_yet": Label("尚未施行", "尚未施行"),
}
CHANGES = {
    "same": Label("未变", "未變"),
    "changed": Label("修改", "修改"),
    "moved": Label("移动", "移動"),
    "added": Label("新增", "新增"),
    "removed": Label("删除", "刪除"),
}
# Kinds whose newer version is the same instrument amended (已被修改), not a new one replacing it (已被替代).
AMENDED_KINDS = ("law", "regulation", "decision")
MATCH = 0.4  # the least similarity (difflib's ratio over words) for two articles to be one provision
TASK_MATCH = 0.3  # the least cosine (TF-IDF over words) for two tasks of work points to be one task
UNREAD_COMPARISON = "supersedes: the comparison with"  # a warning's opening words, counted apart by the build


def _day(document: Document) -> str:
    return document.meta.effective_date or document.meta.date


def as_of(documents: list[Document], source_date_epoch: str | None) -> str:
    """The day statuses are told as of: the build's date, never before the newest document's date (YYYY-MM-DD; its
    date of issue: a law issued with a later effective date is not yet in force)."""
    newest = max((d.meta.date for d in documents), default="")
    stamp = datetime.fromtimestamp(int(source_date_epoch), UTC).strftime("%Y-%m-%d") if source_date_epoch else ""
    return max(stamp, newest[:10])


def check_relations(documents: list[Document]) -> list[Problem]:
    """Every relation names another document of the library, once; no version is superseded twice or by itself."""
    ids = {d.id for d in documents}
    problems = []
    successor: dict[str, str] = {}
    for document in documents:
        sidecar = sidecar_of(document.seed_path or f"seeds/{document.id}.txt")
        for relation in document.meta.relations:
            if relation.target == document.id:
                problems.append(
                    Problem(
                        sidecar,
                        relation.line,
                        f"{relation.kind}: '{relation.target}' is this document itself; expected another document's ID.",
                    )
                )
            elif relation.target not in ids:
                hint = did_you_mean(relation.target, sorted(ids))
                problems.append(
                    Problem(
                        sidecar,
                        relation.line,
                        f"{relation.kind}: no document '{relation.target}' in seeds/; expected the ID of a seed.{hint}",
                    )
                )
            elif relation.kind == "supersedes":
                if relation.target in successor:
                    other = successor[relation.target]
                    message = (
                        f"supersedes: '{relation.target}' is superseded by '{other}' already; a version has one next"
                        f" version. Did you mean to supersede '{other}'?"
                    )
                    problems.append(Problem(sidecar, relation.line, message))
                successor[relation.target] = document.id
    for start in successor:  # a chain of versions that comes back to itself
        seen, current = {start}, start
        while current in successor:
            current = successor[current]
            if current in seen:
                problems.append(
                    Problem(
                        "seeds/",
                        0,
                        f"supersedes: the versions of '{start}' go round in a circle; expected each version to supersede an older one.",
                    )
                )
                break
            seen.add(current)
    return problems


@dataclass(frozen=True)
class Status:
    code: str  # a key of STATUSES
    by: str = ""  # the document that amended, superseded or repealed it
    day: str = ""  # since when


@dataclass(frozen=True)
class Relations:
    """Every relation of the library, both ways, and each document's status."""

    outgoing: dict[str, tuple[tuple[str, str], ...]]  # document → (kind, other document)
    incoming: dict[str, tuple[tuple[str, str], ...]]  # document → (kind, the document that has it)
    statuses: dict[str, Status]
    today: str

    def newer(self, document_id: str) -> str:
        return next((other for kind, other in self.incoming.get(document_id, ()) if kind == "supersedes"), "")

    def older(self, document_id: str) -> str:
        return next((other for kind, other in self.outgoing.get(document_id, ()) if kind == "supersedes"), "")


def relations_of(documents: list[Document], today: str) -> Relations:
    by_id = {d.id: d for d in documents}
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[tuple[str, str]]] = {}
    for document in documents:
        for relation in document.meta.relations:
            if relation.target in by_id:
                outgoing.setdefault(document.id, []).append((relation.kind, relation.target))
                incoming.setdefault(relation.target, []).append((relation.kind, document.id))
    statuses = {}
    for document in documents:
        statuses[document.id] = _status(document, incoming.get(document.id, []), by_id, today)
    return Relations({k: tuple(v) for k, v in outgoing.items()}, {k: tuple(v) for k, v in incoming.items()}, statuses, today)


def _status(document: Document, incoming: list[tuple[str, str]], by_id: dict[str, Document], today: str) -> Status:
    if _day(document) > today:
        return Status("not_yet", day=_day(document))
    acting = sorted(((_day(by_id[other]), kind, other) for kind, other in incoming if _day(by_id[other]) <= today), reverse=True)
    for wanted in ("repeals", "amends", "supersedes"):
        for day, kind, other in acting:
            if kind == wanted:
                if kind == "repeals":
                    return Status("repealed", other, day)
                if kind == "amends" or document.meta.kind in AMENDED_KINDS:
                    return Status("amended", other, day)
                return Status("superseded", other, day)
    return Status("in_force")


# --- comparison --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One row of a comparison: an older unit, a newer unit (either may be absent), and what happened."""

    older: str | None  # provision ID in the older version
    newer: str | None
    change: str  # same | changed | moved | added | removed
    similarity: float = 0.0
    decided: bool = False  # an editor's row (curation/versions/), not the machine's


@dataclass(frozen=True)
class Comparison:
    older: str  # document IDs
    newer: str
    level: str  # 条, 條 or task
    pairs: tuple[Pair, ...]

    def counts(self) -> dict[str, int]:
        return {change: sum(1 for p in self.pairs if p.change == change) for change in CHANGES}

    @functools.cached_property
    def by_newer(self) -> dict[str, Pair]:
        return {p.newer: p for p in self.pairs if p.newer}

    @functools.cached_property
    def by_older(self) -> dict[str, Pair]:
        return {p.older: p for p in self.pairs if p.older}


def units(document: Document) -> tuple[str, list[Provision]]:
    """The units a comparison aligns: a law's articles, else the numbered provisions with text and no numbered child."""
    form = load_forms().forms.get(document.form)
    if form and form.is_law:
        articles = [p for p in document.walk() if p.kind == "art"]
        if articles:
            return articles[0].level or "条", articles
    numbered = [p for p in document.walk() if p.level and p.kind not in ("para", "note", "gap", "notice", "preamble")]
    # A unit's words may all stand in its paragraphs (a task whose table cell the page split into two): it is a unit
    leaves = [
        p
        for p in numbered
        if (p.text or p.heading or any(c.kind == "para" for c in p.children)) and not any(c.level and c.kind != "para" for c in p.children)
    ]
    return "task", leaves


def unit_text(provision: Provision) -> str:
    """A unit's words: its heading and text with its paragraphs and items (a law's article as a whole), one per line,
    without its responsible units (compared apart)."""
    own = provision.heading + provision.heading_end + provision.text
    parts = [own] if own else []
    parts += [child.marker + unit_text(child) for child in provision.children if child.kind not in ("note", "gap")]
    return "\n".join(parts)


def _subjects(document: Document) -> dict[str, str]:
    """For each provision, the headings of the provisions that hold it, outermost first, one per line."""
    found: dict[str, str] = {}

    def walk(provisions: Iterable[Provision], above: str) -> None:
        for provision in provisions:
            found[provision.id] = above
            walk(provision.children, f"{above}\n{provision.heading}" if provision.heading else above)

    walk(document.provisions, "")
    return found


def _compared_words(document: Document, found: list[Provision], level: str) -> list[tuple[str, ...]]:
    """The words each unit is compared by: its text. A task's subject is also the heading of the part and section it
    stands in (一、…政务公开 （三）做好财政信息公开): a task rewritten from one year to the next keeps it when its own words
    change, so a task is compared with those headings too."""
    if level != "task":
        return [words(unit_text(p)) for p in found]
    above = _subjects(document)
    return [words(above[p.id] + "\n" + unit_text(p)) for p in found]


def normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of a text (the same cut Material's search uses), whitespace dropped."""
    return tuple(w for w in _tokenizer().cut(normal(text), HMM=False) if w.strip())


@functools.cache
def _tokenizer():
    """jieba with its own dictionary (the search's user words are not the comparison's business), made on first use."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def task_similarities(old: list[tuple[str, ...]], new: list[tuple[str, ...]]) -> list[list[float]]:
    """How alike each older task is to each newer one. Work points rewrite their tasks from one year to the next (the
    same subject in other words and another order), so a task is told by its words weighted by their rarity among the
    tasks of the two versions, whatever their order: the cosine of TF-IDF vectors (as suggest.py weighs words),
    with log-scaled counts and smoothed rarity. Words every task shares (推进, 各设区市) weigh next to nothing."""
    tasks = old + new
    rarity = {w: math.log((1 + len(tasks)) / (1 + k)) for w, k in Counter(w for t in tasks for w in set(t)).items()}

    def vector(task: tuple[str, ...]) -> dict[str, float]:
        weights = {w: (1 + math.log(k)) * rarity[w] for w, k in Counter(task).items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        return {w: x / norm for w, x in weights.items()}

    older, newer = [vector(t) for t in old], [vector(t) for t in new]
    return [[sum(x * b.get(w, 0.0) for w, x in a.items()) for b in newer] for a in older]


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MATCH or matcher.quick_ratio() < MATCH:
        return 0.0
    return matcher.ratio()


# Forms whose amendments keep article numbers (中央法規標準法 第10條: a deleted article keeps its number with（刪除）, an
# inserted one takes 之一 after the article before it), so that the same number is the same article.
NUMBERS_KEPT = ("law-tw",)
NUMBERS_KEPT_SHARE = 0.5  # of the numbers both versions have, alike at least MATCH; fewer: a 全文修正 renumbered it


def compare(older: Document, newer: Document, decided: tuple[DecidedPair, ...] = ()) -> Comparison:
    """The two versions' units aligned; an editor's rows (`decided`) stand as written and the machine aligns the rest."""
    level, old_units = units(older)
    _, new_units = units(newer)
    old_words, new_words = _compared_words(older, old_units, level), _compared_words(newer, new_units, level)
    editor = _Decided(old_units, new_units, decided)
    if older.form in NUMBERS_KEPT and newer.form in NUMBERS_KEPT:
        by_number = _by_number(older, newer, old_units, new_units, old_words, new_words, level, editor)
        if by_number is not None:
            return by_number
    n, m = len(old_units), len(new_units)
    if level == "task":
        found, least = task_similarities(old_words, new_words), TASK_MATCH
    else:
        found, least = [[similarity(a, b) for b in new_words] for a in old_words], MATCH
    sims = editor.hide(found)
    # Order-keeping alignment of largest total similarity (pairs below the least similarity do not count).
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            take = below[j + 1] + sims[i][j] if sims[i][j] >= least else -1.0
            row[j] = max(below[j], row[j + 1], take)
    matched: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if sims[i][j] >= least and best[i][j] == best[i + 1][j + 1] + sims[i][j]:
            matched[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # Units left on both sides: the same provision out of the old order, by best similarity.
    moved: dict[int, int] = {}
    left_old = [i for i in range(n) if i not in matched]
    left_new = {j for j in range(m) if j not in matched.values()}
    for _, i, j in sorted((-sims[i][j], i, j) for i in left_old for j in left_new if sims[i][j] >= least):
        if i not in moved and j in left_new:
            moved[i] = j
            left_new.discard(j)
    editor.join(matched, moved)
    return Comparison(older.id, newer.id, level, _rows(old_units, new_units, matched, moved, lambda i, j: found[i][j], editor))


class _Decided:
    """An editor's rows of a comparison, by the units' places: what the machine must leave alone, and how the pairs
    join the machine's (in the order of the pairs around them, else moved)."""

    def __init__(self, old_units: list[Provision], new_units: list[Provision], decided: tuple[DecidedPair, ...]):
        old_at = {p.id: i for i, p in enumerate(old_units)}
        new_at = {p.id: j for j, p in enumerate(new_units)}
        self.old = {old_at[d.older] for d in decided if d.older in old_at}
        self.new = {new_at[d.newer] for d in decided if d.newer in new_at}
        self.pairs = [(old_at[d.older], new_at[d.newer]) for d in decided if d.older in old_at and d.newer in new_at]

    def hide(self, sims: list[list[float]]) -> list[list[float]]:
        """The similarities with every unit an editor placed out of the machine's reach."""
        if not self.old and not self.new:
            return sims
        return [[0.0 if i in self.old or j in self.new else x for j, x in enumerate(row)] for i, row in enumerate(sims)]

    def join(self, matched: dict[int, int], moved: dict[int, int]) -> None:
        for i, j in self.pairs:
            in_order = all((a < i) == (b < j) for a, b in matched.items())
            (matched if in_order else moved)[i] = j


def _rows(
    old_units: list[Provision],
    new_units: list[Provision],
    matched: dict[int, int],
    moved: dict[int, int],
    likeness: Callable[[int, int], float],
    editor: _Decided | None = None,
) -> tuple[Pair, ...]:
    """The rows in the newer text's order: each newer unit with the older one paired with it (in order: matched; out
    of it: moved) or added; each older unit left alone removed where it stood, before the next one paired in order."""
    pairs: list[Pair] = []
    of_new = {j: i for i, j in {**matched, **moved}.items()}
    emitted_old: set[int] = set()

    def removed_before(limit: int) -> Iterator[Pair]:
        for i in range(limit):
            if i not in matched and i not in moved and i not in emitted_old:
                emitted_old.add(i)
                yield Pair(old_units[i].id, None, "removed", decided=editor is not None and i in editor.old)

    for j, provision in enumerate(new_units):
        i = of_new.get(j)
        if i is None:
            pairs.append(Pair(None, provision.id, "added", decided=editor is not None and j in editor.new))
            continue
        if i in matched:
            pairs.extend(removed_before(i))
        same = normal(unit_text(old_units[i])) == normal(unit_text(provision))
        change = "moved" if i in moved else "same" if same else "changed"
        pairs.append(Pair(old_units[i].id, provision.id, change, round(likeness(i, j), 3), editor is not None and i in editor.old))
        emitted_old.add(i)
    pairs.extend(removed_before(len(old_units)))
    return tuple(pairs)


def _by_number(
    older: Document,
    newer: Document,
    old_units: list[Provision],
    new_units: list[Provision],
    old_words: list[tuple[str, ...]],
    new_words: list[tuple[str, ...]],
    level: str,
    editor: _Decided,
) -> Comparison | None:
    """Units paired by their numbers, when the amendment kept them (most same-numbered articles alike); else None.
    The editor's rows stand as written, and their units are not paired by number."""
    old_at = {normal(p.label): i for i, p in enumerate(old_units)}
    common = [(old_at[normal(p.label)], j) for j, p in enumerate(new_units) if normal(p.label) in old_at]
    if not common:
        return None
    alike = sum(1 for i, j in common if similarity(old_words[i], new_words[j]) >= MATCH)
    if alike < NUMBERS_KEPT_SHARE * len(common):
        return None
    matched = {i: j for i, j in common if i not in editor.old and j not in editor.new}
    moved: dict[int, int] = {}
    editor.join(matched, moved)
    rows = _rows(old_units, new_units, matched, moved, lambda i, j: similarity(old_words[i], new_words[j]), editor)
    return Comparison(older.id, newer.id, level, rows)


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The two texts as runs ("equal" | "delete" / "insert", text): the older's with its removed words, the newer's with
    its added ones, cut at jieba's words."""
    a, b = _spans(old), _spans(new)
    matcher = difflib.SequenceMatcher(None, [w for w, _, _ in a], [w for w, _, _ in b], autojunk=False)
    older: list[tuple[str, str]] = []
    newer: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            older.append(("equal" if tag == "equal" else "delete", old[a[i1][1] : a[i2 - 1][2]]))
        if j2 > j1:
            newer.append(("equal" if tag == "equal" else "insert", new[b[j1][1] : b[j2 - 1][2]]))
    return older, newer


def _spans(text: str) -> list[tuple[str, int, int]]:
    """jieba's words of a text with their offsets (whitespace stays inside the word before it)."""
    spans: list[tuple[str, int, int]] = []
    for word, start, end in _tokenizer().tokenize(text, HMM=False):
        if word.strip():
            spans.append((normal(word), start, end))
        elif spans:
            spans[-1] = (spans[-1][0], spans[-1][1], end)
    if spans:
        spans[0] = (spans[0][0], 0, spans[0][2])
    return spans


@dataclass(frozen=True)
class Versions:
    """The library's relations, statuses and comparisons, for the pages and the exports."""

    relations: Relations = field(default_factory=lambda: Relations({}, {}, {}, ""))
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # by the newer document's ID
    doubts: tuple[Problem, ...] = ()  # comparisons with units left on both sides that no editor has looked at


def versions_of(
    documents: list[Document], today: str, store: Store | None = None, decided: dict[str, tuple[DecidedPair, ...]] | None = None
) -> Versions:
    """Relations and statuses as of `today`, and each superseding document compared with the one it supersedes, with
    the editor's rows for it (`decided`, by the newer document's ID); kept in the store by the two documents' digests
    and those rows."""
    relations = relations_of(documents, today)
    by_id = {d.id: d for d in documents}
    comparisons = {}
    for document in documents:
        older = relations.older(document.id)
        if older:
            rows = (decided or {}).get(document.id, ())
            both = by_id[older].digest and document.digest
            key = digest(version(), by_id[older].digest, document.digest, [(r.older, r.newer) for r in rows]) if both else ""
            comparisons[document.id] = kept(store, "comparison", key, functools.partial(compare, by_id[older], document, rows))
    reviewed = set(decided or {})
    found = [_unreviewed(by_id[c.newer], c) for c in comparisons.values() if c.newer not in reviewed]
    doubts = tuple(doubt for doubt in found if doubt is not None)
    return Versions(relations, comparisons, doubts)


def _unreviewed(newer: Document, comparison: Comparison) -> Problem | None:
    """A doubt for a comparison that leaves units alone on both sides: one of each may be one provision rewritten past
    its words (work points' tasks are, year to year). An editor's file for the pair, even without a row, settles it."""
    counts = comparison.counts()
    if not counts["removed"] or not counts["added"]:
        return None
    line = next((r.line for r in newer.meta.relations if r.kind == "supersedes"), 1)
    unit = "tasks" if comparison.level == "task" else "articles"
    return Problem(
        sidecar_of(newer.seed_path or f"seeds/{newer.id}.txt"),
        line,
        f"{UNREAD_COMPARISON} {comparison.older} finds {unit} removed ({counts['removed']}) and added ({counts['added']})"
        f" (compare/{newer.id}.html); one removed and one added may be one provision rewritten. Read them and write"
        f" curation/versions/{newer.id}.yml: 'pairs:' with a row '- {{older: <ID>, newer: <ID>}}' for each such provision,"
        " or 'pairs: []' if there is none.",
    )
