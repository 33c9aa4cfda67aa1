"""Read seeds and their metadata sidecars; every problem is reported as `path:line: …` before anything is built."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import safe_io
from .dates import check_date
from .forms import FORM_NAMES, KINDS
from .model import SCRIPTS, Change, DocumentMeta, Problem, Relation
from .safe_io import did_you_mean

# A sidecar's relations to other documents (versions.py): supersedes names the one version this one replaces; the
# others may name several.
RELATIONS = ("supersedes", "amends", "repeals", "implements")

REQUIRED_FIELDS = ("title", "date", "kind", "source", "original_script")
OPTIONAL_FIELDS = (
    "short_title",
    "other_titles",
    "date_note",
    "issuer",
    "effective_date",
    "author",
    "doc_number",
    "source_url",
    "skip_cleaning",
    "form",
    *RELATIONS,
)
LIST_FIELDS = ("skip_cleaning", "other_titles", "amends", "repeals", "implements")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ACCEPTED_ENCODINGS = "UTF-8 (with or without BOM), GB18030 or Big5"
# What charset-normalizer may find that we read, and the codecs tried for it, each with the name the cleaning log gives.
GB = (("gb18030", "GB18030"),)
BIG5 = (("big5", "Big5"), ("cp950", "Big5 (CP950)"), ("big5hkscs", "Big5-HKSCS"))
LEGACY_ENCODINGS = {"gb18030": GB, "gbk": GB, "gb2312": GB, "big5": BIG5, "cp950": BIG5[1:], "big5hkscs": BIG5[2:]}
# Characters Chinese text hardly uses but mis-decoded Chinese is full of: C1 controls and accented Latin letters
# (UTF-8 read as Latin-1), kana, Hangul, Greek, Cyrillic, box drawing (Big5 read as GB18030), private use.
WRONG_SCRIPT = re.compile(
    "[\u0080-\u009f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0370-\u04ff\u1100-\u11ff\u2500-\u257f\u3040-\u30ff\u3130-\u318f"
    "\uac00-\ud7af\ue000-\uf8ff\uff61-\uff9f]"
)
WRONG_SCRIPT_SHARE = 0.1  # of the non-ASCII characters; the seeds have none, a mis-decoded file a third or more
MAX_LINE = 100_000  # characters: a crawler may store a whole page on one line (clean.one_line_body splits it)
# What a seed may be: a text as copied, a Markdown mirror, or a web page as saved (read as a browser shows it).
SEED_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
# The encoding a page declares (<meta charset="gb2312">, or http-equiv Content-Type), read from its first bytes.
DECLARED_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.I)
CHARSET_CODECS = {"gb2312": GB, "gbk": GB, "gb18030": GB, "x-gbk": GB, "big5": BIG5[1:] + BIG5[2:], "big5-hkscs": BIG5[2:]}


@dataclass
class Seed:
    path: Path
    display: str  # the path as messages show it, e.g. seeds/2024-work-points.txt
    text: str  # decoded, with \n line ends
    meta: DocumentMeta
    decoding: list[Change]
    doubts: list[tuple[int, str]] = field(default_factory=list)  # for maintainers: (line, message), as the parser's


class DecodeError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def decode_seed(raw: bytes) -> tuple[str, list[Change]]:
    """Decode UTF-8 (with or without BOM), GB18030 or Big5 (as charset-normalizer finds), check that the result is
    plausible Chinese text, and normalise CRLF/CR to LF. Anything else is refused with one line naming what was found."""
    text, changes, encoding = _decode(raw)
    _check_plausible(text, encoding)
    return text, changes


def _decode(raw: bytes) -> tuple[str, list[Change], str]:
    """The text, the decoding's log, and the encoding's name; not yet checked as Chinese (a page's markup is not)."""
    changes: list[Change] = []
    for bom, name in safe_io.UTF16_BOMS.items():
        if raw.startswith(bom):
            message = f"the file is encoded as {name} (it starts with a {name} byte-order mark); expected {ACCEPTED_ENCODINGS}."
            raise DecodeError(1, f"{message} {safe_io.SAVE_AS_UTF8}")
    has_bom = raw.startswith(safe_io.UTF8_BOM)
    if has_bom:
        raw = raw[len(safe_io.UTF8_BOM) :]
        changes.append(Change("decode", 1, "", "", "删除 UTF-8 字节顺序标记（BOM）"))
    try:
        text, encoding = raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        text, encoding = _decode_legacy(raw, utf8_error, has_bom)
        changes.append(Change("decode", 1, "", "", f"按 {encoding} 解码"))
    if "\r" in text:
        changes.append(Change("decode", 1, "", "", "换行符 CRLF 统一为 LF"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, changes, encoding


def decode_page(raw: bytes) -> tuple[str, list[Change]]:
    """A saved web page, as a browser shows it: decoded by the charset it declares (GB2312 and GBK read as their
    superset GB18030, Big5 as CP950 then Big5-HKSCS), or detected when it declares none or a wrong one; then its
    text laid out by inscriptis as a browser renders it (blocks on their own lines, table cells separated by tabs,
    scripts, styles and hidden elements left out)."""
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    declared = DECLARED_CHARSET.search(raw[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else ""
    html: str | None = None
    changes: list[Change] = []
    encoding = "UTF-8"
    for codec, encoding in CHARSET_CODECS.get(name, ()):
        try:
            html = raw.decode(codec)
            changes.append(Change("decode", 1, "", "", f"按网页声明的字符集 {name} 以 {encoding} 解码"))
            break
        except UnicodeDecodeError:
            continue
    if html is None:
        html, changes, encoding = _decode(raw)
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses a str that declares its own encoding
    # A browser reads on past a stray </body> or </html> (HTML's "after body" modes); lxml would stop there.
    html = re.sub(r"</(?:html|body)\s*>", "", html, flags=re.I)
    config = ParserConfig(css=CSS_PROFILES["strict"], table_cell_separator="\t", display_links=False, display_images=False)
    text = get_text(html, config)
    changes.append(
        Change("decode", 1, "", "", "网页按浏览器显示转为文本（inscriptis：段落分行，表格单元以制表符分隔，脚本、样式与隐藏元素不计）")
    )
    text, icons = _without_icons(text)
    _check_plausible(text, encoding)
    return text, changes + icons


# A page's icon font (iconfont and the like) draws its icons (search, share, a phone) with private-use characters,
# written as &#xe7e3; in the page: a browser shows a picture, never a character of the text.
ICON_GLYPH = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _without_icons(text: str) -> tuple[str, list[Change]]:
    """The page's text without its icon glyphs, and the log of each line they were taken from (with the line as it was)."""
    return _taken_out(text, ICON_GLYPH, lambda codes: f"删除网页图标字体的私用区字符 {codes}（浏览器显示为图标，不是文字）")


def _taken_out(text: str, characters: re.Pattern[str], why: Callable[[str], str]) -> tuple[str, list[Change]]:
    """The text without the characters a pattern finds, and a line of the log for each line they were taken from (the
    line as it was, the line as it is, and why, naming the characters' code points)."""
    lines = text.split("\n")
    changes = []
    for number, line in enumerate(lines, start=1):
        found = characters.findall(line)
        if found:
            lines[number - 1] = characters.sub("", line)
            codes = "、".join(f"U+{ord(char):04X}" for char in dict.fromkeys(found))
            changes.append(Change("decode", number, line, lines[number - 1], why(codes)))
    return "\n".join(lines), changes


def _decode_legacy(raw: bytes, utf8_error: UnicodeDecodeError, has_bom: bool) -> tuple[str, str]:
    """Bytes that are not UTF-8: GB18030 or Big5 when charset-normalizer finds one of them; DecodeError otherwise."""
    line = raw[: utf8_error.start].count(b"\n") + 1
    byte = raw[utf8_error.start : utf8_error.start + 1].hex()
    damaged_utf8 = DecodeError(line, f"cannot decode byte 0x{byte}; expected {ACCEPTED_ENCODINGS}. {safe_io.SAVE_AS_UTF8}")
    if has_bom:  # the file says it is UTF-8
        raise damaged_utf8
    found = safe_io.detected_encoding(raw)
    for codec, name in LEGACY_ENCODINGS.get(found or "", ()):
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError:
            continue
    if found == "utf_8" or (found is None and any(b > 0x7F for b in raw[: utf8_error.start])):
        raise damaged_utf8  # UTF-8 (it has UTF-8 characters before the bad byte) with a byte that is not
    if found is None or (b"\x00" in raw and not found.startswith("utf_")):
        raise DecodeError(1, f"the file is binary, or in no text encoding known; expected {ACCEPTED_ENCODINGS}. {safe_io.SAVE_AS_UTF8}")
    raise DecodeError(1, f"the file is encoded as {safe_io.encoding_name(found)}; expected {ACCEPTED_ENCODINGS}. {safe_io.SAVE_AS_UTF8}")


def _check_plausible(text: str, encoding: str) -> None:
    """Chinese, not mojibake, in lines of a page's length (DecodeError with the line otherwise); characters that are no
    text are repaired after (repair_characters)."""
    wrong = WRONG_SCRIPT.findall(text)
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if len(wrong) >= 3 and len(wrong) > WRONG_SCRIPT_SHARE * non_ascii:
        first = WRONG_SCRIPT.search(text)
        assert first is not None
        line = text.count("\n", 0, first.start()) + 1
        sample = "".join(dict.fromkeys(wrong))[:6]
        raise DecodeError(
            line,
            f"read as {encoding} the text is garbled: {len(wrong)} of its {non_ascii} non-ASCII characters are controls, accented"
            f" Latin, Greek, Cyrillic, kana, Hangul or box drawing ('{safe_io.shown(sample)}'), which Chinese text hardly uses; expected"
            f" {ACCEPTED_ENCODINGS}. The file is in another encoding, or was mis-converted before: {safe_io.SAVE_AS_UTF8}",
        )
    for number, row in enumerate(text.splitlines(), start=1):
        if len(row) > MAX_LINE:
            raise DecodeError(
                number,
                f"the line is {len(row):,} characters long; expected at most {MAX_LINE:,}, as in a page of text. If the page was"
                " saved without line breaks, break it where its paragraphs end.",
            )


def _field_lines(node: yaml.Node) -> dict[str, int]:
    """Line (1-based) of each top-level key in a sidecar, from PyYAML's node marks."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _check_date(value: object, display: str, line: int, name: str, problems: list[Problem]) -> str:
    date, message = check_date(value, name)
    if date is None:
        problems.append(Problem(display, line, message))
        return ""
    return date


def _check_choice(
    data: dict[str, object], name: str, choices: tuple[str, ...], display: str, lines: dict[str, int], problems: list[Problem]
) -> str:
    value = str(data[name]) if not isinstance(data[name], list | dict) else ""
    if value not in choices:
        expected = "zh-Hans or zh-Hant" if choices == SCRIPTS else f"one of {', '.join(choices)}"
        message = f"{name} '{safe_io.shown(value)}' is not known; expected {expected}.{did_you_mean(value, choices)}"
        problems.append(Problem(display, lines[name], message))
    return value


def read_sidecar(path: Path, display: str, slug: str, problems: list[Problem], root: Path | None = None) -> DocumentMeta | None:
    """Load and validate `seeds/<slug>.yml`; append problems and return None when it cannot be used.

    The file is read only if it is a regular file inside root (by default its folder), reached without a link."""
    if not safe_io.exists(path):
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
    try:
        node, data = safe_io.yaml_data(safe_io.read_yaml_text(root or path.parent, path))
    except safe_io.InputError as error:
        problems.append(Problem(display, error.line, error.message))
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
                    f"unknown field '{safe_io.shown(str(name))}'.{did_you_mean(str(name), REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
                )
            )
    for name in REQUIRED_FIELDS:
        if data.get(name) in (None, ""):
            problems.append(Problem(display, lines.get(name, 1), f"missing required field '{name}'."))
    for name in REQUIRED_FIELDS + OPTIONAL_FIELDS:
        value = data.get(name)
        if name not in LIST_FIELDS and isinstance(value, list | dict):
            kind = "a list" if isinstance(value, list) else "a mapping"
            problems.append(Problem(display, lines.get(name, 1), f"{name} must be a single value, found {kind}."))
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
    if not isinstance(skip, list) or any(isinstance(step, list | dict) for step in skip):
        problems.append(Problem(display, lines["skip_cleaning"], "skip_cleaning must be a list of step names."))
        skip = []
    other_titles = data.get("other_titles") or []
    if isinstance(other_titles, str):
        other_titles = [other_titles]
    if not isinstance(other_titles, list) or any(isinstance(title, list | dict) or not str(title).strip() for title in other_titles):
        message = "other_titles must be a list of titles other documents cite this one by, e.g. [数据安全法]."
        problems.append(Problem(display, lines["other_titles"], message))
    relations = []
    for name in RELATIONS:
        value = data.get(name)
        targets = value if isinstance(value, list) else [] if value in (None, "") else [value]
        for target in targets:
            if not isinstance(target, str) or not SLUG.match(target):
                example = "supersedes: 2024-work-points" if name == "supersedes" else f"{name}: [2024-work-points]"
                message = f"{name}: '{safe_io.shown(str(target))}' is not a document ID; expected the ID of a seed, e.g. {example}."
                problems.append(Problem(display, lines[name], message))
            else:
                relations.append(Relation(name, target, lines[name]))
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
        other_titles=tuple(str(title).strip().strip("《》") for title in other_titles),
        date_note=str(data.get("date_note") or ""),
        issuer=str(data.get("issuer") or ""),
        effective_date=effective,
        author=str(data.get("author") or ""),
        doc_number=str(data.get("doc_number") or ""),
        source_url=str(data.get("source_url") or ""),
        skip_cleaning=tuple(str(s) for s in skip),
        form=form,
        relations=tuple(relations),
    )


def sidecar_of(display: str) -> str:
    """The sidecar's display path beside a seed's: seeds/x.html → seeds/x.yml."""
    return re.sub(r"\.[A-Za-z]+$", "", display) + ".yml"


def seed_files(seeds_dir: Path, only: str = "") -> list[Path]:
    """Every seed in seeds_dir (`<id>.txt`, `.md`, `.html`, `.htm`; or only `<only>.*`), in file-name order (so
    output order is deterministic). Two texts of one ID are both listed: read_seed refuses the second."""
    return sorted(path for suffix in SEED_SUFFIXES for path in seeds_dir.glob(f"{only or '*'}{suffix}"))


def read_seed(path: Path, seeds_dir: Path, root: Path, problems: list[Problem]) -> Seed | None:
    """A seed and its sidecar, read only when they are regular files reached from root (or from seeds_dir, when it is
    elsewhere) without a link; None, with the problems added, when they cannot be used."""
    base = root if seeds_dir.is_relative_to(root) else seeds_dir
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
        return None
    try:
        raw = safe_io.read_bytes(base, path)
    except safe_io.InputError as error:  # a link, a folder, a pipe: not read, and no sidecar asked for
        problems.append(Problem(display, error.line, error.message))
        return None
    sidecar = path.with_suffix(".yml")
    meta = read_sidecar(sidecar, _display(sidecar, root), slug, problems, base)
    try:
        text, decoding = decode_page(raw) if path.suffix.lower() in HTML_SUFFIXES else decode_seed(raw)
    except DecodeError as error:
        problems.append(Problem(display, error.line, str(error)))
        return None
    if not text.strip():
        problems.append(Problem(display, 1, "the seed is empty; expected the text of a document."))
        return None
    text, repaired, doubts = repair_characters(text)
    return Seed(path, display, text, meta, decoding + repaired, doubts) if meta is not None else None


def repair_characters(text: str) -> tuple[str, list[Change], list[tuple[int, str]]]:
    """A seed is kept as it came, so what in it is no text is repaired here, each with its line in the log and a doubt
    for the maintainer, never refused (a page is published as found): an invisible control character, a
    bidirectional override (which makes text display otherwise than it says) and a private-use character (which means
    nothing outside the program that wrote it, and which the script conversion uses itself) are taken out; U+FFFD,
    which marks a character lost before the copy was saved, is kept as printed."""
    done = {True: "kept as printed.", False: "taken out (the log shows the line as it was)."}
    doubts = [
        (number, f"{safe_io.character_problem(char)} {done[char == LOST]}")
        for number, line in enumerate(text.split("\n"), start=1)
        for char in dict.fromkeys(safe_io.NOT_TEXT.findall(line))
    ]
    text, changes = _taken_out(text, NOT_TEXT_BUT_LOST, lambda codes: f"删除不是文字的字符 {codes}")
    return text, changes, doubts


LOST = "\ufffd"  # a character lost before the copy was saved: kept where it stands
NOT_TEXT_BUT_LOST = re.compile(f"(?!{LOST}){safe_io.NOT_TEXT.pattern}")


def orphan_sidecars(seeds_dir: Path, root: Path, only: str = "") -> list[Problem]:
    problems = []
    for sidecar in sorted(seeds_dir.glob(f"{only or '*'}.yml")):
        # '<id>.outline.yml' and the like are not sidecars: an ID has no dot.
        if "." not in sidecar.stem and not any(os.path.lexists(sidecar.with_suffix(suffix)) for suffix in SEED_SUFFIXES):
            problems.append(
                Problem(
                    _display(sidecar, root),
                    0,
                    f"sidecar without a text; expected {sidecar.with_suffix('.txt').name} (or .md, .html) beside it.",
                )
            )
    return problems


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
