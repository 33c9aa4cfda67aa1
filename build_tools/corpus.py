"""Gather the corpus: read every seed, clean it and parse it into a Document; problems are collected, then raised once."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from .cache import Store, digest, version
from .clean import clean
from .convert import Converter
from .model import HAN, BuildError, Document, Line, Problem
from .parse import choose_form, parse
from .read import Seed, orphan_sidecars, read_seed, seed_files, sidecar_of
from .workers import can_fork, forked_map


def load_corpus(
    root: Path, converter: Converter, seeds_dir: Path | None = None, only: str = "", store: Store | None = None, workers: int = 1
) -> list[Document]:
    """Every seed read, cleaned and parsed. With a store, a seed whose text, sidecar and conversion settings are
    unchanged (the same digest) is taken from it, not read again. With workers > 1, many seeds to read are read in
    that many processes (each seed's document is its own: the same documents, in the same order)."""
    directory = seeds_dir or root / "seeds"
    base = root if directory.is_relative_to(root) else directory
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    slots: list[Document | None] = []  # in the seeds' order: a document, or None until it is made
    to_make: list[tuple[int, Path, str]] = []
    for path in seed_files(directory, only):
        if path.stem in seen:
            first = seen[path.stem].name
            message = f"a second text for document '{path.stem}' (beside {first}); expected one text per ID: remove one, or rename it."
            problems.append(Problem(path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix(), 0, message))
            continue
        seen[path.stem] = path
        key = _seed_digest(base, path, converter) if store is not None else ""
        cached = store.get("document", key) if store is not None and key else None
        slots.append(cached)
        if cached is None:
            to_make.append((len(slots) - 1, path, key))
    made = _make_documents([(path, key) for _, path, key in to_make], directory, root, base, converter, workers)
    for (slot, _, key), (document, found) in zip(to_make, made, strict=True):
        problems += found
        if document is not None:
            slots[slot] = store.put("document", key, document) if store is not None and key else document
    documents = [document for document in slots if document is not None]
    problems += orphan_sidecars(directory, root, only)
    if problems:
        raise BuildError(problems)
    if not documents:
        raise BuildError([Problem("seeds", 0, "no documents found; expected seeds/<name>.txt (or .md, .html) with seeds/<name>.yml.")])
    return documents


def _seed_digest(base: Path, path: Path, converter: Converter) -> str:
    """What a document is made from: its text and sidecar as bytes, and the conversion (terms and decisions).

    Only asked with a store, when the project has been checked (safe_io.project_problems: no link, no special or
    oversized file under seeds/), so the files are read as they are; a seed that cannot be is read by read_seed,
    which says what is wrong with it."""
    try:
        return digest(version(), converter.key, path.name, path.read_bytes(), path.with_suffix(".yml").read_bytes())
    except OSError:
        return ""


MANY_SEEDS = 40  # seeds to read, from which it pays to read them in several processes (each costs a fork and a pickle)


def _make_documents(
    seeds: list[tuple[Path, str]], directory: Path, root: Path, base: Path, converter: Converter, workers: int
) -> list[tuple[Document | None, list[Problem]]]:
    """Each seed's document (None when it cannot be made) with the problems met, in the seeds' order."""
    if not can_fork(workers) or len(seeds) < MANY_SEEDS:
        return [_made(path, key, directory, root, base, converter) for path, key in seeds]
    # Forked, the workers find the converter where this process left it (OpenCC's objects do not pickle); only the
    # seeds' paths go to them, and the documents come back pickled.
    return forked_map(
        lambda seed: _made(seed[0], seed[1], directory, root, base, converter), seeds, workers, max(1, len(seeds) // (workers * 8))
    )


def _made(path: Path, key: str, directory: Path, root: Path, base: Path, converter: Converter) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    seed = read_seed(path, directory, root, problems)
    document = _document(seed, converter, problems, key or _seed_digest(base, path, converter)) if seed is not None else None
    return document, problems


def _document(seed: Seed, converter: Converter, problems: list[Problem], digest: str) -> Document | None:
    try:
        cleaning = clean(seed.text, seed.meta, converter, seed.display)
    except ValueError as error:
        problems.append(Problem(sidecar_of(seed.display), 0, str(error)))
        return None
    if not cleaning.lines:
        problems.append(Problem(seed.display, 1, "nothing is left after removing page chrome; expected the text of a document."))
        return None
    form, reason = choose_form(seed.meta.kind, seed.meta.original_script, cleaning.lines, seed.meta.form)
    script = seed.meta.original_script
    localize = functools.partial(converter.convert, target=script, source="zh-Hans")
    own_titles = frozenset(t for t in (seed.meta.title, seed.meta.short_title) if t)
    parsed = parse(cleaning.lines, form, localize, own_titles)
    warnings = cleaning.warnings + parsed.warnings + _metadata_warnings(seed.meta.date, cleaning.found)
    diagnostics = [Problem(seed.display, line, message) for line, message in seed.doubts + cleaning.diagnostics + parsed.diagnostics]
    diagnostics += _script_plausibility(seed.display, seed.meta.original_script, cleaning.lines, converter)
    return Document(
        dataclasses.replace(seed.meta, found=cleaning.found),
        parsed.provisions,
        seed.decoding + cleaning.changes,
        warnings,
        seed.display,
        form.name,
        reason,
        diagnostics,
        digest=digest,
    )


def _metadata_warnings(date: str, found: dict[str, str]) -> list[str]:
    page_date = found.get("page_date") or found.get("promulgated")
    if page_date and not page_date.startswith(date) and not date.startswith(page_date):
        return [f"元数据中的日期 {date} 与网页所载日期 {page_date} 不一致。"]
    return []


HAN_CHARACTERS = re.compile(f"[{HAN}]")
PLAUSIBILITY_SAMPLE = 4000  # Han characters: enough to tell the script, and the check stays cheap at a thousand documents
SCRIPT_MISMATCH = 0.05  # a text in its declared script changes almost no character (well under 1% in the seeds)


def _script_plausibility(display: str, script: str, lines: list[Line], converter: Converter) -> list[Problem]:
    """original_script checked against the text: the share of its Han characters that converting it *into* its
    declared script would change. A Simplified text declared zh-Hant changes a quarter of them."""
    han = "".join(HAN_CHARACTERS.findall("".join(line.text for line in lines)))[:PLAUSIBILITY_SAMPLE]
    if len(han) < 50:
        return []
    into = converter.to_hant(han) if script == "zh-Hant" else converter.to_hans(han)
    share = sum(a != b for a, b in zip(han, into, strict=False)) / len(han)
    if share <= SCRIPT_MISMATCH:
        return []
    other = "zh-Hans" if script == "zh-Hant" else "zh-Hant"
    sidecar = sidecar_of(display)
    return [
        Problem(
            sidecar,
            0,
            f"original_script is {script}, but {share:.0%} of the text's Han characters are not {script} forms (a text in its"
            f" declared script has almost none); expected original_script: {other}?",
        )
    ]
