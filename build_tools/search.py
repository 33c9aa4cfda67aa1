"""Chinese search in both scripts: Pagefind's index for the hosted site, the offline copy's passages, and for Material's
search (DFL_HOSTED_SEARCH=material) jieba dictionaries and a cross-script field."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jieba

from .convert import Converter
from .model import HAN, Document

jieba.setLogLevel(60)  # jieba logs every dictionary load at DEBUG through its own handler
HAN_RUN = re.compile(f"[{HAN}]+")
ALT_FIELD = "alt"


def search_vocabulary(documents: list[Document], converter: Converter, curated: list[str]) -> list[str]:
    """Words jieba must keep whole: curated policy terms, the term table, and every responsible unit, in both scripts."""
    words = set(curated) | {t.hans for t in converter.terms}
    for document in documents:
        for provision in document.walk():
            words.update(provision.units_normalized)
            words.update(u for u in provision.responsible_units if "(" not in u and "（" not in u)
    both = set()
    for word in words:
        word = word.strip()
        if len(word) >= 2 and HAN_RUN.search(word):
            both.update({word, converter.to_hant(word), converter.to_hans(word)})
    return sorted(both)


def write_jieba_dictionaries(out: Path, converter: Converter, vocabulary: list[str]) -> tuple[Path, Path]:
    """jieba's Simplified dictionary extended with its Traditional conversion (cached), and the user dictionary."""
    out.mkdir(parents=True, exist_ok=True)
    source = Path(jieba.__file__).parent / "dict.txt"
    terms_key = converter.key  # every term and phrase decision: the cached dictionary follows them
    key = hashlib.sha256(source.read_bytes() + terms_key.encode()).hexdigest()[:16]
    dictionary = out / "dict.txt"
    stamp = out / "dict.key"
    if not (dictionary.exists() and stamp.exists() and stamp.read_text() == key):
        # Converting jieba's 350,000 words takes about a second: keep the result per user, across projects and clones.
        cached = _user_cache() / f"jieba-dict-{key}.txt"
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".tmp")
            partial.write_text(_extended_dictionary(source, converter), encoding="utf-8")
            partial.replace(cached)
        shutil.copyfile(cached, dictionary)  # unchanged files are not rewritten: jieba's own cache keys on mtime
        stamp.write_text(key)
    user = out / "user.txt"
    # A high frequency keeps a policy term whole (一网通办, 闽政通, 数字中国建设峰会).
    words = "".join(f"{word} 200000 nz\n" for word in vocabulary)
    if not user.is_file() or user.read_text(encoding="utf-8") != words:  # unchanged: jieba need not load it again
        user.write_text(words, encoding="utf-8")
    return dictionary, user


def _user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "digital-fujian-policy-library"


def _extended_dictionary(source: Path, converter: Converter) -> str:
    """jieba's dictionary plus the Traditional form of each word not already in it, at the same frequency."""
    rows = [line.split(" ") for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = [row[0] for row in rows]
    converted = converter.to_hant("\n".join(words)).split("\n")
    frequency = {row[0]: int(row[1]) for row in rows}
    tags = {row[0]: row[2] if len(row) > 2 else "" for row in rows}
    extra: dict[str, tuple[int, str]] = {}
    for word, hant in zip(words, converted, strict=True):
        if hant != word and hant not in frequency and frequency[word] > extra.get(hant, (0, ""))[0]:
            extra[hant] = (frequency[word], tags[word])
    lines = [" ".join(row) for row in rows] + [f"{w} {f} {t}".rstrip() for w, (f, t) in sorted(extra.items())]
    return "\n".join(lines) + "\n"


def add_cross_script_field(site_dir: Path, converter: Converter, script: str, vocabulary: Sequence[str] = ()) -> int:
    """Give every entry of Material's index an `alt` field: its text in the other script, plus curated terms whole.

    Material's worker indexes the fields that the index's config lists, and segments a Chinese query greedily
    with the tokens of the index, so a query in either script (数据要素 / 數據要素) finds the entry.
    Curated terms found in an entry are added whole as well: Material segments Han runs only, so a term such as
    5G基站 would otherwise never be one token. Returns the number of entries changed.
    """
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    other = converter.to_hant if script == "zh-Hans" else converter.to_hans
    terms = re.compile("|".join(re.escape(t) for t in sorted(vocabulary, key=len, reverse=True))) if vocabulary else None
    # Material's text is already segmented by jieba (words joined by U+200B); OpenCC keeps the joins, so converting
    # it gives the other script's words without segmenting again.
    sources = [re.sub(r"<[^>]+>", " ", entry.get("title", "") + "\u200b" + entry.get("text", "")) for entry in index["docs"]]
    for entry, plain, alt in zip(index["docs"], sources, _converted(sources, other), strict=True):
        entry[ALT_FIELD] = _alt_field(plain, alt, terms)
    index["config"].setdefault("fields", {})[ALT_FIELD] = {"boost": 0.5}
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    path.write_text(data, encoding="utf-8")
    return len(index["docs"])


# The offline copy's index is one file the browser reads whole and indexes before it can answer, about 12 MB and 4 s
# for 1,000 documents (benchmarks/run.py): past this size (some 2,000 documents) it keeps each passage's title alone, so
# that the copy still finds documents, headings and provisions by their titles and labels (第十七条, 一（二）) within
# seconds; the hosted site searches the full text (Pagefind).
OFFLINE_FULL_TEXT_MB = 25


def _converted(texts: list[str], convert: Callable[[str], str]) -> list[str]:
    """Each text converted, in one call for all of them (one call per entry of an index is many times slower), joined
    by a separator OpenCC passes through and no text contains (a seed may hold any character, U+2063 too)."""
    joined = "".join(texts)
    separator = next(c for c in ("\u2063", "\u2062", "\u2064", "\u2061", "\x1e") if c not in joined)
    return convert(separator.join(texts)).split(separator)


def _alt_field(plain: str, alt: str, terms: re.Pattern[str] | None) -> str:
    """The other script's words, then the curated terms found whole, as written (jieba's U+200B joins would split
    5G基站 in two)."""
    whole = sorted(set(terms.findall((plain + "\n" + alt).replace("\u200b", "")))) if terms else []
    return "\u200b".join([alt, *whole])


# Pagefind serves the hosted site at every size: on the readers' 65 queries it answers 60 right first at 5 documents,
# Material's search 14 (benchmarks/search_quality.py), and its index is loaded in chunks, where Material's is one file
# of the whole corpus. Material's search stays for the offline copy (file://, where Pagefind cannot run).
PAGEFIND_FROM_DOCUMENTS = 1


def hosted_search(document_count: int) -> str:
    """Which search the hosted site uses: DFL_HOSTED_SEARCH (material | pagefind), else Pagefind."""
    choice = os.environ.get("DFL_HOSTED_SEARCH", "auto")
    if choice in ("material", "pagefind"):
        return choice
    return "pagefind" if document_count >= PAGEFIND_FROM_DOCUMENTS else "material"


THIN_SPACE = "\u2009"
BESIDE_HAN = re.compile(f"(?<=[{HAN}])(?=\\S)|(?<=\\S)(?=[{HAN}])")


EDGE_HAN = re.compile(f"^(?=[{HAN}])|(?<=[{HAN}])$")


def spaced(text: str) -> str:
    """A thin space on each side of every Han character: 5G基站 → 5G 基 站 (thin spaces). What Pagefind indexes."""
    return BESIDE_HAN.sub(THIN_SPACE, text)


SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
TEXT_NODE = re.compile(r">([^<]+)<")


# A provision printed as a paragraph (a task 1., an article's 款): Pagefind cuts a page into passages at headings with an
# ID only, so the indexer's copy gives each such paragraph a heading of its own, its citation label, and the
# paragraph's ID: a result then opens the task itself, titled as it is cited (一（一）1), not the heading above it.
PROVISION_PARAGRAPH = re.compile(r'<p class="(dfl-(?:para|note) dfl-provision)" id="([^"]+)" data-cite="([^"]*)">')
# A headed provision's passage is titled by its heading (（二）建设…): its label goes first (二（二） （二）建设…), so that a
# citation typed as a reader writes it (决定 二（二）) names the passage.
PROVISION_HEADING = re.compile(r'(<h[1-6] class="dfl-provision" data-cite="([^"]*)" id="[^"]+">)([^<]*)')
# The number a heading opens with, which its label already ends with: （二）, 4. or 三、 (the label 一（二）, 一（二）4, 三)
HEADING_NUMBER = re.compile(r"\s*(（[^）]{1,6}）|[\d一二三四五六七八九十百〇零]{1,6}(?=[.．、]))[.．、]?\s*")
CITED_DATE = re.compile(r"^（[^）]*日）")


def _label(cite: str) -> str:
    """The provision's label, from its citation: 福建省…《…》（2024年4月30日）二（三）7 → 二（三）7."""
    return CITED_DATE.sub("", html.unescape(cite).split("》", 1)[-1])


def _as_passage(match: re.Match[str]) -> str:
    classes, anchor, cite = match.groups()
    return f'<h6 id="{anchor}">{html.escape(_label(cite))}</h6><p class="{classes}" data-cite="{cite}">'


def _titled_by_label(match: re.Match[str]) -> str:
    """A heading with its label first, said once: 一（二） 全面推进…, not 一（二）（二）全面推进…."""
    opening, cite, text = match.groups()
    label = _label(cite)
    number = HEADING_NUMBER.match(html.unescape(text))
    if number and label.endswith(number.group(1)):
        text = html.escape(html.unescape(text)[number.end() :], quote=False)
    return f"{opening}{html.escape(label)} {text}"


def passage_html(page: str) -> str:
    """The page as the search indexes see it: scripts and styles left out, each provision paragraph a passage of its
    own (a heading with its ID), each headed provision titled by its label first."""
    page = PROVISION_PARAGRAPH.sub(_as_passage, SCRIPT_OR_STYLE.sub("", page))
    return PROVISION_HEADING.sub(_titled_by_label, page)


def spaced_html(page: str) -> str:
    """The page for Pagefind: its passages (passage_html), every text node spaced; otherwise tags and attributes as
    they are. A copy for the indexer only: MkDocs' pages are not changed."""
    page = passage_html(page)
    # Spaced at its ends too: text in adjacent elements (the units of a task, each in its span) is joined by the
    # indexer, and 位 + 省 would make one word of the two.
    return TEXT_NODE.sub(lambda m: ">" + EDGE_HAN.sub(THIN_SPACE, spaced(m.group(1))) + "<", page)


# --- The offline copy's index: the same passages, read in the browser from file:// ---------------------------------

# Elements whose edges are an edge of the text: a phrase is not found across them (a task's units, each in its span).
TEXT_EDGES = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"),
    }
)
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class _Passages(HTMLParser):
    """The text of a page's indexed part (data-pagefind-body), cut at every heading with an ID as Pagefind cuts it:
    [anchor, title, text, level] per passage (level: its heading's, 1 to 6), the first one the page's own (anchor "",
    level 0), and the page's title (its h1).
    What Pagefind skips is skipped: data-pagefind-ignore, the headings' permalinks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body = 0  # elements open inside the indexed part (0: outside it)
        self.skipping = 0  # elements open inside a skipped one
        self.heading: str | None = None
        self.title = ""
        self.weight = 1.0
        self.passages: list[list[Any]] = [["", "", "", 0]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if not self.body:
            if "data-pagefind-body" in found:
                self.body = 1
                self.weight = float(found.get("data-pagefind-weight") or 1)
            return
        if tag not in VOID:
            self.body += 1
            if self.skipping:
                self.skipping += 1
                return
            if "data-pagefind-ignore" in found or "headerlink" in (found.get("class") or "").split():
                self.skipping = 1
                return
        if tag in HEADINGS and found.get("id"):
            self.passages.append([str(found["id"]), "", "", int(tag[1])])
            self.heading = tag
        elif tag == "h1" and not self.title:
            self.heading = tag
        if tag in TEXT_EDGES or "dfl-unit" in (found.get("class") or ""):
            self._edge()

    def handle_endtag(self, tag: str) -> None:
        if not self.body or tag in VOID:
            return
        self.body -= 1
        if self.skipping:
            self.skipping -= 1
            return
        if tag == self.heading:
            self.heading = None
        if tag in TEXT_EDGES:
            self._edge()

    def handle_data(self, data: str) -> None:
        if not self.body or self.skipping:
            return
        data = re.sub(r"\s+", " ", data)
        passage = self.passages[-1]
        if self.heading:
            passage[1] += data
            if self.heading == "h1" and len(self.passages) <= 2:
                self.title += data
        else:
            passage[2] += data

    def _edge(self) -> None:
        passage = self.passages[-1]
        if passage[2] and not passage[2].endswith(" "):
            passage[2] += " "


def page_passages(page: str) -> tuple[str, float, list[list[Any]]] | None:
    """A built page's title, search weight and passages ([anchor, title, text, level]), None when it is not
    searched."""
    reader = _Passages()
    reader.feed(passage_html(page))
    reader.close()
    if not reader.weight or not any(text.strip() or title for _, title, text, _ in reader.passages):
        return None
    passages = [[anchor, title.strip(), text.strip(), level] for anchor, title, text, level in reader.passages]
    return reader.title.strip(), reader.weight, [p for p in passages if p[0] or p[2]]


OFFLINE_INDEX = "search/dfl-offline.js"


def offline_index(site_dir: Path, charmap: dict[str, dict[str, str]]) -> int:
    """search/dfl-offline.js: every searched page's passages, for the search of a copy opened from file:// (the
    offline download), where Pagefind cannot run: assets/dfl-search.js loads it with a script element and searches it
    with MiniSearch. Returns the number of passages."""
    pages: list[list[Any]] = []
    passages: list[list[Any]] = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.split("/", 1)[0] in ("pagefind", "search") or relative == "404.html":
            continue
        found = page_passages(path.read_text(encoding="utf-8"))
        if found is None:
            continue
        title, weight, parts = found
        passages += [[len(pages), *passage] for passage in parts]
        pages.append([relative, title, weight])
    index = {"charmap": charmap, "pages": pages, "passages": passages}
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    limit = float(os.environ.get("DFL_OFFLINE_FULL_TEXT_MB") or OFFLINE_FULL_TEXT_MB) * 1e6
    if len(data.encode("utf-8")) > limit:
        index["passages"] = [[page, anchor, title, "", level] for page, anchor, title, _, level in passages]
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    target = site_dir / OFFLINE_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"var dflOfflineSearch = {data};\n", encoding="utf-8")
    return len(passages)


# Pages per Pagefind index. Pagefind holds an index's words in memory until it writes them (with every Han character
# a word, about 0.7 MB a page: 3.5 GB for one script of 5,000 documents); a larger site is indexed in parts of this
# many pages, one after another, which the browser merges when it searches (Pagefind's mergeIndex, made for searching
# several sites at once). DFL_PAGEFIND_PART sets another size (the tests make parts of a small site).
PAGEFIND_PART = 1000
# Pagefind's ready-made interfaces, which the site does not use (assets/dfl-search.js answers Material's search box
# through pagefind.js): only what the hosted site uses is published.
PAGEFIND_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def pagefind_index(site_dir: Path, charmap: dict[str, dict[str, str]]) -> None:
    """A chunked Pagefind index of one script's site, for the hosted site (Material's stays for file://).

    Used for the hosted site (hosted_search: it answers readers' queries better, and loads its index in chunks). Pagefind cannot
    find Chinese words by itself: it segments pages with one dictionary and queries, in the browser, with another
    (Intl.Segmenter splits 基站 into 基 and 站, which the page's word 基站 does not match). So it indexes each page
    with a thin space beside every Han character (spaced_html, on a copy of the pages: the site's are not changed), and
    assets/dfl-search.js asks for a query as an exact phrase of characters ("5g 基 站"): a query finds the pages that
    contain it as written, which is how a Chinese reader searches. The thin spaces are taken out of what it shows.

    A site of more than PAGEFIND_PART pages is indexed in parts (pagefind/, pagefind/part-2/, …), merged in the browser.

    Also writes pagefind/dfl-charmap.json: the charmap (script_charmap, the same for both scripts), so the browser can
    search a query in both, and the parts to merge. Pages use this index when the build told MkDocs so
    (config.extra.dfl_search).
    """
    pages = sorted(page for page in site_dir.rglob("*.html") if "pagefind" not in page.relative_to(site_dir).parts)
    size = int(os.environ.get("DFL_PAGEFIND_PART") or PAGEFIND_PART)
    parts = [pages[start : start + size] for start in range(0, len(pages), size)]
    for number, part in enumerate(parts, start=1):
        output = site_dir / "pagefind" / (f"part-{number}" if number > 1 else "")
        with tempfile.TemporaryDirectory() as spaced_site:
            for page in part:
                target = Path(spaced_site) / page.relative_to(site_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(spaced_html(page.read_text(encoding="utf-8")), encoding="utf-8")
            # The headings' permalink (¶, Python-Markdown's toc) is not text: without this it stood in every excerpt and
            # every passage's title.
            command = [sys.executable, "-m", "pagefind", "--site", spaced_site, "--output-path", str(output), "--silent"]
            command += ["--exclude-selectors", ".headerlink"]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed on {site_dir}: {result.stderr.strip() or result.stdout.strip()}")
        for name in PAGEFIND_UNUSED:
            (output / name).unlink(missing_ok=True)
    # The indexes merged into the first at query time (assets/dfl-search.js), beside the map the query needs first
    found = {**charmap, "parts": [f"part-{number}/" for number in range(2, len(parts) + 1)]}
    (site_dir / "pagefind" / "dfl-charmap.json").write_text(json.dumps(found, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def script_charmap(converter: Converter, documents: list[Document]) -> dict[str, dict[str, str]]:
    """Every character of the corpus that differs between the scripts, with its other form, both ways ("hans": to
    Simplified, "hant": to Traditional): the browser asks a query in both scripts with it."""
    characters: set[str] = set()
    for document in documents:
        for provision in document.walk():
            characters.update(HAN_RUN.findall(provision.source_text()))
        characters.update(HAN_RUN.findall(document.meta.title))
    corpus = "".join(sorted({c for run in characters for c in run}))
    # A query may use the other script's form of a corpus character: include both forms of each.
    chars = sorted(set(corpus) | set(converter.to_hans(corpus)) | set(converter.to_hant(corpus)))
    joined = "".join(chars)
    return {
        script: {c: t for c, t in zip(chars, convert(joined), strict=True) if c != t}
        for script, convert in (("hans", converter.to_hans), ("hant", converter.to_hant))
    }
