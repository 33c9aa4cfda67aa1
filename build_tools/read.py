"""Read seeds and their metadata sidecars; every problem is reported as `path:line: …` before anything is built."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .forms import FORM_NAMES, KINDS
from .model import SCRIPTS, Change, DocumentMeta, Problem

REQUIRED_FIELDS = ("title", "date", "kind", "source", "original_script")
OPTIONAL_FIELDS = (
    "short_title",
    "date_note",
    "issuer",
    "effective_date",
    "author",
    "doc_number",
    "source_url",
    "skip_cleaning",
    "form",
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# ISO 8601 calendar dates, reduced precision allowed (an undated speech is honestly "2022").
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Seed:
    path: Path
    display: str  # the path as messages show it, e.g. seeds/2024-work-points.txt
    text: str  # decoded, with \n line ends
    meta: DocumentMeta
    decoding: list[Change]


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else ""


class DecodeError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def decode_seed(raw: bytes) -> tuple[str, list[Change]]:
    """Decode UTF-8 (with or without BOM) or GB18030, and normalise CRLF/CR to LF."""
    changes: list[Change] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        changes.append(Change("decode", 1, "", "", "删除 UTF-8 字节顺序标记（BOM）"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            byte = raw[utf8_error.start : utf8_error.start + 1].hex()
            raise DecodeError(
                line,
                f"cannot decode byte 0x{byte}; expected UTF-8 (with or without BOM) or GB18030. Re-save the file as UTF-8.",
            ) from None
        changes.append(Change("decode", 1, "", "", "按 GB18030 解码"))
    if "\r" in text:
        changes.append(Change("decode", 1, "", "", "换行符 CRLF 统一为 LF"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, changes


def _field_lines(node: yaml.Node) -> dict[str, int]:
    """Line (1-based) of each top-level key in a sidecar, from PyYAML's node marks."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _check_date(value: object, display: str, line: int, name: str, problems: list[Problem]) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if ISO_DATE.match(text):
        try:
            if len(text) == 10:
                dt.date.fromisoformat(text)
            elif len(text) == 7 and not 1 <= int(text[5:]) <= 12:
                raise ValueError
            return text
        except ValueError:
            pass
    suggestion = ""
    digits = re.findall(r"\d+", text)
    if len(digits) == 3 and len(digits[0]) == 4:
        candidate = f"{digits[0]}-{int(digits[1]):02d}-{int(digits[2]):02d}"
        with contextlib.suppress(ValueError):
            if candidate != text and dt.date.fromisoformat(candidate):
                suggestion = f" Did you mean '{candidate}'?"
    problems.append(Problem(display, line, f"{name} '{text}' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY).{suggestion}"))
    return text


def _check_choice(
    data: dict[str, object], name: str, choices: tuple[str, ...], display: str, lines: dict[str, int], problems: list[Problem]
) -> str:
    value = str(data[name])
    if value not in choices:
        expected = "zh-Hans or zh-Hant" if choices == SCRIPTS else f"one of {', '.join(choices)}"
        problems.append(Problem(display, lines[name], f"{name} '{value}' is not known; expected {expected}.{did_you_mean(value, choices)}"))
    return value


def read_sidecar(path: Path, display: str, slug: str, problems: list[Problem]) -> DocumentMeta | None:
    """Load and validate `seeds/<slug>.yml`; append problems and return None when it cannot be used."""
    if not path.exists():
        problems.append(
            Problem(
                display,
                0,
                f"no metadata sidecar; expected {path.name} next to the seed with at least: "
                + ", ".join(REQUIRED_FIELDS)
                + " (see README.md, 'Adding a document').",
            )
        )
        return None
    source = path.read_text(encoding="utf-8-sig")
    try:
        node = yaml.compose(source)
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problems.append(Problem(display, line, f"malformed YAML: {getattr(error, 'problem', error)}."))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "expected a mapping of fields such as 'title: …', found something else."))
        return None
    lines = _field_lines(node) if node else {}
    count_before = len(problems)
    for name in data:
        if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            problems.append(
                Problem(
                    display,
                    lines.get(name, 0),
                    f"unknown field '{name}'.{did_you_mean(str(name), REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
                )
            )
    for name in REQUIRED_FIELDS:
        if data.get(name) in (None, ""):
            problems.append(Problem(display, lines.get(name, 1), f"missing required field '{name}'."))
    if len(problems) > count_before:
        return None
    date = _check_date(data["date"], display, lines["date"], "date", problems)
    effective = ""
    if data.get("effective_date"):
        effective = _check_date(data["effective_date"], display, lines["effective_date"], "effective_date", problems)
    kind = _check_choice(data, "kind", KINDS, display, lines, problems)
    script = _check_choice(data, "original_script", SCRIPTS, display, lines, problems)
    form = _check_choice(data, "form", FORM_NAMES, display, lines, problems) if data.get("form") else ""
    skip = data.get("skip_cleaning") or []
    if not isinstance(skip, list):
        problems.append(Problem(display, lines["skip_cleaning"], "skip_cleaning must be a list of step names."))
        skip = []
    if len(problems) > count_before:
        return None
    return DocumentMeta(
        slug=slug,
        title=str(data["title"]).strip(),
        date=date,
        kind=kind,
        source=str(data["source"]).strip(),
        original_script=script,
        short_title=str(data.get("short_title") or ""),
        date_note=str(data.get("date_note") or ""),
        issuer=str(data.get("issuer") or ""),
        effective_date=effective,
        author=str(data.get("author") or ""),
        doc_number=str(data.get("doc_number") or ""),
        source_url=str(data.get("source_url") or ""),
        skip_cleaning=tuple(str(s) for s in skip),
        form=form,
    )


def read_seeds(seeds_dir: Path, root: Path, only: str = "") -> tuple[list[Seed], list[Problem]]:
    """Every `*.txt` in seeds_dir (or only `<only>.txt`) with its sidecar, in file-name order (so output order is deterministic)."""
    seeds: list[Seed] = []
    problems: list[Problem] = []
    for path in sorted(seeds_dir.glob(f"{only or '*'}.txt")):
        display = _display(path, root)
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(
                Problem(
                    display,
                    0,
                    f"file name '{path.name}' is not a usable ID; expected lower-case ASCII letters, digits and"
                    f" hyphens, e.g. '{re.sub(r'[^a-z0-9]+', '-', slug.lower()).strip('-') or 'my-document'}.txt'.",
                )
            )
            continue
        sidecar = path.with_suffix(".yml")
        meta = read_sidecar(sidecar, _display(sidecar, root), slug, problems)
        raw = path.read_bytes()
        try:
            text, decoding = decode_seed(raw)
        except DecodeError as error:
            problems.append(Problem(display, error.line, str(error)))
            continue
        if not text.strip():
            problems.append(Problem(display, 1, "the seed is empty; expected the text of a document."))
            continue
        if meta is not None:
            seeds.append(Seed(path, display, text, meta, decoding))
    for sidecar in sorted(seeds_dir.glob(f"{only or '*'}.yml")):
        # '<id>.outline.yml' and the like are not sidecars: an ID has no dot.
        if "." not in sidecar.stem and not sidecar.with_suffix(".txt").exists():
            problems.append(
                Problem(
                    _display(sidecar, root),
                    0,
                    f"sidecar without a text; expected {sidecar.with_suffix('.txt').name} beside it.",
                )
            )
    return seeds, problems


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
