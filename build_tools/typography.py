"""Regional quotation marks for converted text. Pure: no I/O.

Mainland print (GB/T 15834-2011) quotes with “ ” and nests ‘ ’; Taiwan and Hong Kong print 「 」 and nest 『 』, as
the corpus's own Traditional original does (進一步強化「四個意識」). `regional_quotes` rewrites the quotation marks of
text converted into `target_script` to that script's convention, and nothing else: title marks 《》〈〉, brackets,
full-width punctuation and every other character stay as they are. It is for converted text only; an original is
shown as it was written, so callers never pass an original through it.

How marks are chosen. The marks of the other convention (for zh-Hant: “ ” ‘ ’; for zh-Hans: 「 」 『 』) are
rewritten by nesting depth, not one for one: a quotation opened at depth 0 gets the outer pair (「」 or “”), at depth 1
the inner pair (『』 or ‘’), at depth 2 the outer again. So “…‘…’…” and “…“…”…” both become 「…『…』…」, and a
stray top-level ‘…’ becomes 「…」. The target's own marks are kept as written and count for the depth.

Unbalanced marks:
  - An opening mark that is never closed (a quotation running over several paragraphs opens each paragraph and closes
    only the last, GB/T 15834 4.1.3.4) is converted for its depth all the same: “第一段 → 「第一段.
  - A closing ” (or 」, 』 towards zh-Hans) with no opening mark of its kind open before it closes the innermost open
    quotation if there is one (‘好” → 「好」), else it is the outer closing mark: the end of a quotation that opened in
    an earlier paragraph, 第二段” → 第二段」.
  - A ’ with no ‘ open before it is an apostrophe (People’s Daily) and stays as it is; so does a closing mark of the
    target's own convention with nothing to close.
ASCII " and ' are never touched: they are also inch and minute marks, English quotations, code and HTML attribute
delimiters, and which of them opens and which closes cannot be told from the mark. Restoring Chinese marks from ASCII
ones in Chinese text is the cleaning stage's business (punctuation.py), before conversion.

The function is idempotent: its output contains no mark of the other convention except apostrophes, which it leaves.
"""

from __future__ import annotations

__all__ = ["regional_quotes"]

# Per target script: the outer and the inner pair it prints.
PAIRS = {"zh-Hant": (("「", "」"), ("『", "』")), "zh-Hans": (("“", "”"), ("‘", "’"))}
# Every opening mark and the closing mark that ends it.
CLOSER = {"“": "”", "‘": "’", "「": "」", "『": "』"}
OPENER = {close: open_ for open_, close in CLOSER.items()}


def regional_quotes(text: str, target_script: str) -> str:
    """`text`, converted into `target_script`, with its quotation marks as that script's region prints them."""
    if target_script not in PAIRS:
        raise ValueError(f"unknown script {target_script!r}; expected zh-Hans or zh-Hant")
    pairs = PAIRS[target_script]
    own = {mark for pair in pairs for mark in pair}
    if not any(ch in CLOSER or ch in OPENER for ch in text if ch not in own):
        return text  # nothing foreign: the common case, and the idempotence guarantee
    out: list[str] = []
    open_marks: list[str] = []  # the opening marks (as written) of the quotations open at this point, outermost first
    for ch in text:
        if ch in CLOSER:
            depth = len(open_marks)
            open_marks.append(ch)
            out.append(ch if ch in own else pairs[depth % 2][0])
        elif ch in OPENER:
            opener = OPENER[ch]
            if opener in open_marks:
                depth = len(open_marks) - 1 - open_marks[::-1].index(opener)
                del open_marks[depth:]  # quotations opened inside it and never closed end with it
                out.append(ch if ch in own else pairs[depth % 2][1])
            elif ch in own or ch == "’":
                out.append(ch)  # the target's own mark with nothing to close, or an apostrophe: as written
            else:
                depth = max(len(open_marks) - 1, 0)  # a stray closing mark closes the innermost quotation, if any
                del open_marks[depth:]
                out.append(pairs[depth % 2][1])
        else:
            out.append(ch)
    return "".join(out)
