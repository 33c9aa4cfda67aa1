"""Restore the full-width Chinese punctuation that NFKC folded to ASCII in scraped text. Pure: no I/O.

Scraped pages are often normalised with NFKC, which folds ，：；？！（） to , : ; ? ! ( ). Official texts print
them the way GB/T 15834-2011 (标点符号用法) and ordinary Chinese typesetting do: full-width marks in Chinese
text, ASCII marks inside numbers, times, codes, URLs and Latin-script text. `restore_fullwidth` puts the
full-width marks back where the text around them is Chinese and leaves everything else exactly as it was.

How a mark is judged: look from it to the nearest character on each side on the same line, looking past the
characters both conventions share (spaces, ASCII marks still to be judged, ellipses, dashes, and quotes on the
side where they enclose the neighbour). If either neighbour is Chinese (a Han character, kana or bopomofo, or a
full-width / CJK punctuation mark, bracket or quote) the mark is converted. Brackets are judged as pairs before
the other marks, and a converted bracket counts as Chinese for the marks next to it.

Because every mark in a stretch of shared characters sees the same two neighbours, one pass reaches the fixed
point: running the function on its own output changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["restore_fullwidth"]

# Chinese context. Han (unified ideographs, extensions A-H, compatibility ideographs, radicals, strokes), kana and
# bopomofo (CJK script, set with the same full-width marks), and every CJK or full-width mark: 、。〃〈〉《》「」
# 『』【】〔〕〖〗 and the ideographic space (U+3000-U+303F), the vertical and CJK compatibility forms, and the
# full-width forms ，：；？！（）＂… (U+FF01-U+FF60, U+FFE0-U+FFE6). These characters occur only in CJK typesetting,
# so a mark beside one of them belongs to Chinese text.
_CHINESE = re.compile(
    "["
    "\u2e80-\u2fdf"
    "\u3000-\u303f"
    "\u3040-\u30ff"
    "\u3100-\u312f\u31a0-\u31ef"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe10-\ufe1f\ufe30-\ufe6f"
    "\uff01-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003134f"
    "]"
)

# Only these are converted; nothing else is touched and no space is ever inserted (official texts print 5G基站,
# not 5G 基站). A mark with Latin letters, digits or other non-Chinese characters on both sides stays ASCII, as
# numbers, times, ratios, codes and English sentences print it: 1,000  17:29  1:1000  IPv6  Hello, world.
_MARKS = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_BRACKETS = {"(": "（", ")": "）"}

# Characters that are no evidence either way, so the judgement looks past them.
#  - Spaces: Chinese text sets no space around its marks, so a space next to a folded mark is an artefact of the
#    fold or the page (以来, 习近平), not a sign of English.
#  - The ASCII marks themselves: in "什么?!" both marks belong to the same Chinese sentence.
#  - Ellipsis … / "..." and dashes — ―: printed in both Chinese and English text (GB/T 15834 doubles them, ……
#    ——, but a single one is just as common in English), so they say nothing about the language.
#  - Quotes, on the side where they enclose the neighbour: a mark after a closing quote (”’ or ASCII " ') is judged
#    by the quoted words ("你好", → Chinese; "Hello", → not), a mark before an opening quote “‘ by what it opens.
#    A closing quote after a mark, and an ASCII quote after a mark (which may be closing), end the look: in
#    他说"Hello, world!"。 the ! belongs to the English quotation, not to the 。 after it.
_SHARED = " \t\u00a0\u2026\u2014\u2015,:;?!"
_SEE_PAST_LEFT = frozenset(_SHARED + "\u201d\u2019\"'")
_SEE_PAST_RIGHT = frozenset(_SHARED + "\u201c\u2018")

# Never touched: text in backticks (code), Markdown link targets ([第一章](#第一章-总则)), and URLs
# (https://a.b/c?x=1, mailto:a@b.cn, www.fj.gov.cn). A URL is ASCII without spaces, quotes, angle brackets or
# backticks; parentheses only in balanced pairs (…/X_(Y)); and sentence punctuation at its end belongs to the
# sentence, not the URL ("见https://a.b/c,特此通知").
_URL_CHAR = "[!#-&*-;=?-_a-~]"
_URL = (
    r"(?<![A-Za-z0-9+.\-])(?:[A-Za-z][A-Za-z0-9+.\-]*://|mailto:|www\.)"
    rf"(?:{_URL_CHAR}|\({_URL_CHAR}*\))*(?<![.,:;?!\]])"
)
_LINK_TARGET = r"\]\([^\s()]*(?:\([^\s()]*\)[^\s()]*)*\)"
_PROTECTED = rf"`[^`\n]+`|{_LINK_TARGET}|{_URL}"

# A stretch of spaces and marks holding at least one of , : ; ? ! (matched whole, so its marks are judged together
# and the spaces after them can be dropped). Tabs are looked past but never dropped: they may separate columns.
_RUN = r"(?<![ \t,:;?!])[ \t]*+[,:;?!][ \t,:;?!]*+"

_MARK_SCAN = re.compile(rf"({_PROTECTED})|{_RUN}")
_BRACKET_SCAN = re.compile(rf"({_PROTECTED})|(\n)|[()（）]")
_ANY_TARGET = re.compile(r"[,:;?!()]")


def _left(text: str, i: int, stop: int = 0) -> int:
    """Index of the first character before `i` on its line that is evidence (see _SEE_PAST_LEFT); -1 if none at or after `stop`."""
    i -= 1
    while i >= stop:
        ch = text[i]
        if ch in _SEE_PAST_LEFT:
            i -= 1
        elif ch == "." and i > 0 and text[i - 1] == ".":
            while i >= 0 and text[i] == ".":
                i -= 1
        else:
            return i
    return -1


def _right(text: str, i: int) -> int:
    """Index of the first character after `i` on its line that is evidence (see _SEE_PAST_RIGHT); -1 if none."""
    n = len(text)
    i += 1
    while i < n:
        ch = text[i]
        if ch in _SEE_PAST_RIGHT:
            i += 1
        elif ch == "." and i + 1 < n and text[i + 1] == ".":
            while i < n and text[i] == ".":
                i += 1
        else:
            return i
    return -1


def _is_chinese(text: str, i: int) -> bool:
    return i >= 0 and _CHINESE.match(text, i) is not None


def _judge_brackets(text: str, line: tuple[int, int], positions: list[int], converted: dict[int, str]) -> None:
    """Decide the brackets of one line (text[line[0]:line[1]]), adding those to convert to `converted`.

    Brackets are matched as pairs, innermost first, so a pair is converted whole: Chinese typesetting prints （）
    around anything in a Chinese sentence, Latin included (（10G-PON）), and a pair half in each width is never right.
    A pair is Chinese when the character before its ( or after its ) is Chinese (二(三)7, (1)加强), when its content
    holds any Chinese character ((含平潭综合实验区,下同)), or when one half is already full-width ((abc）).
    An unmatched bracket (a scraper broke the line inside the brackets, or a list marker like "1)") is judged the
    same way on what the line shows of it: a ( by its neighbours and the rest of the line, a ) by its neighbours and
    the line up to it. "(2018年5月31日…" / "…會議通過)" → both full-width; "(责任单位:" → "（责任单位："; "1) step" stays.
    A bracket next to another bracket (…)(…), or just inside one, sees that bracket as Chinese once it is converted,
    so decisions are propagated until nothing changes (what a second run would otherwise do).
    """
    units: list[tuple[int, int]] = []  # (open, close); -1 for a missing half
    stack: list[int] = []
    for p in positions:
        if text[p] in "(（":
            stack.append(p)
        elif stack:
            units.append((stack.pop(), p))
        else:
            units.append((-1, p))
    units.extend((p, -1) for p in stack)

    unit_of = {p: u for u, pair in enumerate(units) for p in pair if p >= 0}
    # before[k]: how many stretches of the line before bracket k show Chinese (the text between two brackets, or a
    # full-width bracket), so that whether a pair's content shows any is a subtraction, not a search per pair.
    index_of = {p: k for k, p in enumerate(positions)}
    ends = [*positions, line[1]]
    before = [int(_CHINESE.search(text, line[0], ends[0]) is not None)]
    for k, p in enumerate(positions):
        holds = text[p] in "（）" or _CHINESE.search(text, p + 1, ends[k + 1]) is not None
        before.append(before[-1] + holds)
    chinese = [False] * len(units)
    watchers: dict[int, list[int]] = {}  # unit -> units that have one of its ASCII brackets as a neighbour
    queue: list[int] = []
    for u, (o, c) in enumerate(units):
        if (o >= 0 and text[o] == "（") or (c >= 0 and text[c] == "）"):
            seed = True
            neighbours: tuple[int, ...] = ()
        elif o >= 0 and c >= 0:
            seed = before[index_of[c]] > before[index_of[o]]
            neighbours = (_left(text, o), _right(text, c))
        elif o >= 0:
            seed = before[-1] > before[index_of[o]]
            neighbours = (_left(text, o), _right(text, o))
        else:
            seed = before[index_of[c]] > 0
            neighbours = (_left(text, c), _right(text, c))
        for q in neighbours:
            if q >= 0 and text[q] in "()" and q in unit_of:
                watchers.setdefault(unit_of[q], []).append(u)
            elif _is_chinese(text, q):
                seed = True
        if seed:
            chinese[u] = True
            queue.append(u)
    while queue:
        for w in watchers.get(queue.pop(), ()):
            if not chinese[w]:
                chinese[w] = True
                queue.append(w)
    for u, pair in enumerate(units):
        if chinese[u]:
            for p in pair:
                if p >= 0 and text[p] in _BRACKETS:
                    converted[p] = _BRACKETS[text[p]]


def _restore_brackets(text: str, counts: Counter[str]) -> str:
    converted: dict[int, str] = {}
    line_start = 0
    brackets: list[int] = []
    for m in _BRACKET_SCAN.finditer(text):
        if m.group(1) is not None:
            continue
        if m.group(2) is not None:
            if brackets:
                _judge_brackets(text, (line_start, m.start()), brackets, converted)
                brackets = []
            line_start = m.end()
            continue
        brackets.append(m.start())
    if brackets:
        _judge_brackets(text, (line_start, len(text)), brackets, converted)
    if not converted:
        return text
    pieces: list[str] = []
    last = 0
    for p in sorted(converted):
        pieces.append(text[last:p])
        pieces.append(converted[p])
        counts[converted[p]] += 1
        last = p + 1
    pieces.append(text[last:])
    return "".join(pieces)


def restore_fullwidth(text: str) -> tuple[str, Counter[str]]:
    """Return the text with , : ; ? ! ( ) in Chinese context turned into ，：；？！（）, and a count per mark converted
    (keys are the full-width marks)."""
    counts: Counter[str] = Counter()
    if _ANY_TARGET.search(text) is None:
        return text, counts
    if "(" in text or ")" in text:
        text = _restore_brackets(text, counts)
    n = len(text)
    # The neighbours found for the previous stretch of marks: (its end, its left neighbour, its right neighbour or n).
    # A look that runs into the previous stretch, or a previous look that ran past this one, finds the same
    # neighbour, so it is reused: each character is looked at a bounded number of times even in a line like ?"?"?"….
    previous = [0, -1, -1]

    def run(m: re.Match[str]) -> str:
        stretch = m.group()
        if m.group(1) is not None:
            return stretch
        start, end = m.span()
        left = _left(text, start, previous[0])
        if left < 0 and previous[0] > 0:
            left = previous[1]
        right = previous[2] if previous[2] >= end else _right(text, end - 1)
        if right < 0:
            right = n
        previous[:] = [end, left, right]
        if not (_is_chinese(text, left) or _is_chinese(text, right)):
            return stretch
        # Chinese marks carry their own spacing (a full-width glyph), so the space a writer or the NFKC fold left
        # after the ASCII mark goes; spaces running to the end of the line are left alone (not between anything).
        at_line_end = end == n or text[end] in "\r\n"
        droppable = len(stretch.rstrip(" ")) if at_line_end else len(stretch)
        out: list[str] = []
        after_mark = False
        for i, ch in enumerate(stretch):
            full = _MARKS.get(ch)
            if full is not None:
                out.append(full)
                counts[full] += 1
                after_mark = True
            elif ch == " " and after_mark and i < droppable:
                continue
            else:
                out.append(ch)
                after_mark = False
        return "".join(out)

    return _MARK_SCAN.sub(run, text), counts
