"""Machine suggestions for editors: provisions of different documents whose wording is alike.

Suggestions are marked as such everywhere (origin "suggested", with their score) and never mixed with curated links:
they are a list for an editor to review, not a claim. Similarity is the cosine of TF-IDF vectors of character
bigrams, over each provision's text in Simplified (so the Traditional originals compare too). The vectors are sparse
rows of one matrix and each block of rows is compared with all at once (SciPy), so a library of a thousand documents
gets its suggestions in seconds: bigrams shared by more than COMMON of the passages, or by more than NEIGHBOURHOOD
passages however large the library, are dropped first. The second bound keeps the time linear: the product's work is
the sum over bigrams of the square of how many passages share each, so with each bigram's passages bounded a
library five times larger costs five times as much, not twenty-five. What it drops says little: a bigram that
hundreds of passages share weighs nearly nothing in their similarity (its rarity weight is low), and the passages
alike enough to suggest share rarer ones.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

import numpy as np
from scipy import sparse

from .convert import Converter
from .model import HAN, Curation, Document, Link, Ref
from .workers import can_fork, forked_map

HAN_CHARACTER = re.compile(f"[{HAN}]")
MIN_TEXT = 40  # characters; shorter passages say too little to compare
PER_PROVISION = 2
THRESHOLD = 0.05  # chosen by reading the suggestions for the five seeds: below it, pairs share only boilerplate
COMMON = 0.05  # bigrams in more than this share of passages carry no signal
NEIGHBOURHOOD = 800  # nor those shared by more passages than this (the same bound as COMMON at 16,000 passages)
BLOCK = 2048  # rows compared at once: bounds the memory of one product
# Preambles, covering notices and notes share the same political boilerplate across documents: not substance.
SKIPPED = {"preamble", "notice", "note_1"}


def _bigrams(text: str) -> Counter[str]:
    han = HAN_CHARACTER.findall(text)
    return Counter(a + b for a, b in itertools.pairwise(han))


def suggest_links(documents: list[Document], curation: Curation, converter: Converter, workers: int = 1) -> list[Link]:
    """Up to PER_PROVISION suggestions for each passage, best first; with workers > 1, the blocks of a large library
    are compared in that many processes (the same suggestions)."""
    passages = [
        (Ref(d.id, p.id), d.id, converter.to_hans(p.heading + p.text) if d.meta.original_script == "zh-Hant" else p.heading + p.text)
        for d in documents
        for p in d.walk()
        if len(p.text) >= MIN_TEXT and p.id.split("__")[0] not in SKIPPED
    ]
    if len({doc for _, doc, _ in passages}) < 2:
        return []
    counts = [_bigrams(text) for _, _, text in passages]
    frequency: Counter[str] = Counter(g for c in counts for g in c)
    limit = min(max(2, COMMON * len(passages)), NEIGHBOURHOOD)
    columns = {g: index for index, g in enumerate(sorted(g for g, n in frequency.items() if n <= limit))}
    idf = {g: math.log(len(passages) / frequency[g]) for g in columns}
    rows, cols, weights = [], [], []
    for i, c in enumerate(counts):
        for gram, n in c.items():
            if gram in columns:
                rows.append(i)
                cols.append(columns[gram])
                weights.append((1 + math.log(n)) * idf[gram])
    matrix = sparse.csr_matrix((weights, (rows, cols)), shape=(len(passages), len(columns)), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
    document_of = np.array(_document_numbers([doc for _, doc, _ in passages]))
    curated = {frozenset((link.source, link.target)) for link in curation.links}
    transposed = unit.T.tocsc()

    def candidates(start: int) -> list[tuple[int, int, float]]:
        """The best PER_PROVISION passages of other documents for each passage of the block from `start`, in order."""
        scores = (unit[start : start + BLOCK] @ transposed).tocsr()
        row_of = np.repeat(np.arange(start, start + scores.shape[0]), np.diff(scores.indptr))
        scores.data[(document_of[scores.indices] == document_of[row_of]) | (scores.data < THRESHOLD)] = 0.0
        scores.eliminate_zeros()
        found = []
        for offset in range(scores.shape[0]):
            begin, end = scores.indptr[offset], scores.indptr[offset + 1]
            if begin == end:
                continue
            data, indices = scores.data[begin:end], scores.indices[begin:end]
            # the best PER_PROVISION, ties broken by position, so the result does not depend on the sort
            best = np.lexsort((indices, -np.round(data, 12)))[:PER_PROVISION]
            found += [(start + offset, int(j), float(score)) for score, j in zip(data[best], indices[best], strict=True)]
        return found

    starts = range(0, len(passages), BLOCK)
    # Blocks are independent: with several workers, each compares its blocks in a forked process.
    blocks = forked_map(candidates, starts, workers) if can_fork(workers) and len(starts) > 1 else [candidates(s) for s in starts]
    chosen: dict[frozenset[Ref], Link] = {}
    for i, j, score in (found for block in blocks for found in block):
        pair = frozenset((passages[i][0], passages[j][0]))
        if pair not in curated and pair not in chosen:
            source, target = sorted(pair)
            chosen[pair] = Link(source, target, "", "", origin="suggested", score=round(score, 3))
    return sorted(chosen.values(), key=lambda link: (-link.score, link.source, link.target))


def _document_numbers(documents: list[str]) -> list[int]:
    numbers: dict[str, int] = {}
    return [numbers.setdefault(doc, len(numbers)) for doc in documents]
