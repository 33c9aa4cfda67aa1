"""Machine suggestions for editors: provisions of different documents whose wording is alike.

Suggestions are marked as such everywhere (origin "suggested", with their score) and never mixed with curated links:
they are a list for an editor to review, not a claim. Similarity is the cosine of TF-IDF vectors of character
bigrams, over each provision's text in Simplified (so the Traditional originals compare too).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict

from .convert import Converter
from .model import HAN, Curation, Document, Link

HAN_CHARACTER = re.compile(f"[{HAN}]")
MIN_TEXT = 40  # characters; shorter passages say too little to compare
PER_PROVISION = 2
THRESHOLD = 0.05  # chosen by reading the suggestions for the five seeds: below it, pairs share only boilerplate
MAX_PASSAGES = 3000  # beyond this (a large library) suggestions are skipped: they are for editors, not readers
COMMON = 0.05
# Preambles, covering notices and notes share the same political boilerplate across documents: not substance.
SKIPPED = {"preamble", "notice", "note_1"}  # bigrams in more than this share of passages carry no signal


def _bigrams(text: str) -> Counter[str]:
    han = HAN_CHARACTER.findall(text)
    return Counter(a + b for a, b in itertools.pairwise(han))


def suggest_links(documents: list[Document], curation: Curation, converter: Converter) -> list[Link]:
    passages = [
        (f"{d.id}#{p.id}", d.id, converter.to_hans(p.heading + p.text) if d.meta.original_script == "zh-Hant" else p.heading + p.text)
        for d in documents
        for p in d.walk()
        if len(p.text) >= MIN_TEXT and p.id.split("__")[0] not in SKIPPED
    ]
    if len(passages) > MAX_PASSAGES or len({doc for _, doc, _ in passages}) < 2:
        return []
    counts = [_bigrams(text) for _, _, text in passages]
    frequency: Counter[str] = Counter(g for c in counts for g in c)
    limit = max(2, COMMON * len(passages))
    idf = {g: math.log(len(passages) / n) for g, n in frequency.items() if n <= limit}
    vectors = [{g: (1 + math.log(n)) * idf[g] for g, n in c.items() if g in idf} for c in counts]
    norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in vectors]
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for gram, weight in vector.items():
            postings[gram].append((i, weight))
    curated = {frozenset((link.source, link.target)) for link in curation.links}
    chosen: dict[frozenset[str], Link] = {}
    for i, vector in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        for gram, weight in vector.items():
            for j, other in postings[gram]:
                if passages[j][1] != passages[i][1]:
                    scores[j] += weight * other
        ranked = sorted(((s / (norms[i] * norms[j]), j) for j, s in scores.items()), reverse=True)
        for score, j in ranked[:PER_PROVISION]:
            pair = frozenset((passages[i][0], passages[j][0]))
            if score >= THRESHOLD and pair not in curated and pair not in chosen:
                source, target = sorted(pair)
                chosen[pair] = Link(source, target, "", "", origin="suggested", score=round(score, 3))
    return sorted(chosen.values(), key=lambda link: (-link.score, link.source, link.target))
