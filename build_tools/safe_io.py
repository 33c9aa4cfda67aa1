"""Inputs come only from regular files inside the project; every output path has one owner and is never reached through a link.

A pull request can add a symbolic link as easily as a file. Followed, `seeds/leak.txt -> /etc/passwd` would publish
the build machine's files, so every input is checked here before it is read: it must be a regular file, reached from
the project root without a symbolic link on the way, no larger than MAX_INPUT_BYTES. Text inputs other than seeds
(YAML, Markdown) must be UTF-8, and no input may hold invisible control or bidirectional-override characters.
The writer (Outputs) records who writes each output path and refuses a second writer, as Pelican's does.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .model import BuildError, Problem

MAX_INPUT_BYTES = 4_000_000  # the largest seed is 50 kB; a 4 MB input is a mistake, and would only slow the build down
MAX_YAML_LINE = 10_000  # characters: a note is at most 5,000 (curate.MAX_NOTE); messages quote values from these lines
# What the build reads (trees and single files) and where it writes, relative to the project root.
INPUT_TREES = ("seeds", "curation", "templates", "docs")
INPUT_FILES = ("mkdocs.yml", "mkdocs.zh-Hant.yml")
# Where the build writes (build/tools, where CI installs npm packages full of links, is not one of them).
OUTPUT_PATHS = ("build/docs", "build/docs.new", "build/docs.preview", "build/jieba", "site", "site.new", "site.old")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
# Not text: C0 controls but tab, line feed, form feed and carriage return; DEL and the C1 controls; the invisible
# bidirectional embeddings, overrides and isolates, which make text display differently from what it says
# ("Trojan Source"); and U+FFFD, which marks a character lost in an earlier conversion.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")
SAVE_AS_UTF8 = "Re-save the file as UTF-8."


class InputError(ValueError):
    """An input that cannot be read, at a line (0: the whole file)."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


def display(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the project, with forward slashes."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def shown(text: str, limit: int = 60) -> str:
    """A value quoted in a message: one line, invisible characters spelled out, long values cut."""
    cut = text[: limit + 1]
    cut = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in cut)
    return cut if len(cut) <= limit else cut[:limit] + "…"


def _link_on_the_way(root: Path, path: Path) -> tuple[Path, str] | None:
    """The first symbolic link between root and path (path included), with what it points to."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            try:
                target = os.readlink(current)
            except OSError:
                target = "?"
            return current, target
    return None


def _kind_of(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def input_problem(root: Path, path: Path, *, directory: bool = False, folders_checked: bool = False) -> str | None:
    """What is wrong with reading path as an input (None if nothing): outside the project, a link, not a file, too large.

    `folders_checked`: the folders on the way are known to be no links (a walk that checked them): only path is."""
    if ".." in path.parts:
        return "the path leaves the project through '..'; inputs are read only from inside the repository. Commit the file itself."
    if not path.is_relative_to(root):
        return "the path is outside the project; inputs are read only from inside the repository. Commit the file itself."
    link = _link_on_the_way(root, path) if not folders_checked else (path, os.readlink(path)) if os.path.islink(path) else None
    if link is not None:
        where, target = link
        what = "this file" if where == path else f"its folder {display(where, root)}"
        if directory and where == path:
            what = "this folder"
        return (
            f"{what} is a symbolic link (to '{shown(target, 200)}'), and the build reads only regular files inside the repository;"
            " commit the file itself."
        )
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return "the file does not exist."
    except OSError as error:
        return f"cannot be read ({error.strerror})."
    if directory:
        return None if stat.S_ISDIR(status.st_mode) else f"is {_kind_of(status.st_mode)}, expected a folder."
    if not stat.S_ISREG(status.st_mode):
        return f"is {_kind_of(status.st_mode)}, not a regular file; commit the file itself."
    if status.st_size > MAX_INPUT_BYTES:
        return (
            f"is {status.st_size / 1_000_000:.1f} MB; expected at most {MAX_INPUT_BYTES / 1_000_000:.0f} MB for one input"
            " file. Remove what does not belong in it."
        )
    return None


def exists(path: Path) -> bool:
    """True for anything at path, a dangling or hostile link included (Path.exists follows links)."""
    return os.path.lexists(path)


def read_bytes(root: Path, path: Path) -> bytes:
    """The bytes of an input file, after checking it (InputError otherwise); the last component is opened without following links."""
    problem = input_problem(root, path)
    if problem:
        raise InputError(0, problem)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise InputError(0, f"cannot be read ({error.strerror}); commit the file itself.") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputError(0, "is not a regular file; commit the file itself.")
        raw = handle.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(0, f"is larger than {MAX_INPUT_BYTES / 1_000_000:.0f} MB; expected at most that for one input.")
    return raw


def detected_encoding(raw: bytes) -> str | None:
    """The encoding charset-normalizer finds for bytes that are not UTF-8 (None: none fits, i.e. binary)."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return best.encoding if best is not None else None


ENCODING_NAMES = {"gb18030": "GB18030", "big5": "Big5", "big5hkscs": "Big5-HKSCS"}


def encoding_name(codec: str) -> str:
    """charset-normalizer's (Python's) codec name as people write it: utf_16_le → UTF-16-LE, big5 → Big5."""
    name = codec.replace("_", "-")
    return name.upper() if name.startswith("utf") else ENCODING_NAMES.get(codec, name)


def decode_utf8(raw: bytes) -> str:
    """YAML, Markdown and templates: UTF-8, with or without a BOM (as GitHub saves them). InputError names what was found."""
    for bom, name in UTF16_BOMS.items():
        if raw.startswith(bom):
            raise InputError(1, f"the file is encoded as {name} (it starts with a {name} byte-order mark); expected UTF-8. {SAVE_AS_UTF8}")
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        found = detected_encoding(raw)
        if found is None or found == "utf_8":
            byte = raw[error.start : error.start + 1].hex()
            raise InputError(line, f"cannot decode byte 0x{byte}; expected UTF-8 (with or without BOM). {SAVE_AS_UTF8}") from None
        raise InputError(
            1, f"the file is encoded as {encoding_name(found)}; expected UTF-8 (with or without BOM). {SAVE_AS_UTF8}"
        ) from None


def text_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first character that is not text: a control, a bidirectional override, U+FFFD."""
    bad = NOT_TEXT.search(text)
    if bad is None:
        return None
    char = bad.group(0)
    line = text.count("\n", 0, bad.start()) + 1
    return line, f"{character_problem(char)} {NOT_TEXT_KINDS[_not_text_kind(char)][1]}"


def character_problem(char: str) -> str:
    """What a character that is not text is: 'contains U+0007, an invisible control character;' and the like."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return f"contains {code}, {NOT_TEXT_KINDS[_not_text_kind(char)][0]}"


# Each kind of character that is not text: what it is, and what an editor does about it in a curated file.
NOT_TEXT_KINDS = {
    "lost": ("which marks a character lost in an earlier conversion;", "expected the text as published."),
    "private": (
        "a private-use character that means nothing outside the program that wrote it (and that the script conversion uses internally);",
        "expected text. Replace it with the character it stands for.",
    ),
    "bidirectional": ("an invisible character that makes text display differently from what it says;", "remove it."),
    "control": ("an invisible control character;", "expected text. Remove it."),
}


def _not_text_kind(char: str) -> str:
    if char == "\ufffd":
        return "lost"
    if unicodedata.category(char) == "Co":
        return "private"
    return "bidirectional" if "\u202a" <= char <= "\u2069" else "control"


def read_text(root: Path, path: Path) -> str:
    """A UTF-8 input (YAML, Markdown), checked as a file and as text; InputError otherwise."""
    text = decode_utf8(read_bytes(root, path))
    problem = text_problem(text)
    if problem:
        raise InputError(*problem)
    return text


def read_yaml_text(root: Path, path: Path) -> str:
    """A YAML input: as read_text, and no line longer than MAX_YAML_LINE characters."""
    text = read_text(root, path)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_YAML_LINE:
            raise InputError(
                number,
                f"the line is {len(line):,} characters long; expected at most {MAX_YAML_LINE:,} in a YAML file. Shorten it, or break"
                " it over several lines.",
            )
    return text


# --- YAML: one loader for every input, without aliases and without timestamps ---------------------------------------

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _AliasError(yaml.MarkedYAMLError):
    pass


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except: dates stay text (dates.py checks them, so 2024-13-45 is a message, not a crash),
    anchors/aliases are refused (an alias bomb expands a small file into gigabytes), and so is a key given twice in
    one mapping (PyYAML would keep the last one without a word)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasError(None, None, "aliases are not allowed", self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    message = f"duplicate key '{shown(key.value)}'; line {seen[key.value]} already has it. Keep one."
                    raise _DuplicateKey(None, None, message, key.start_mark)
                seen[key.value] = key.start_mark.line + 1
        return node


Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_error(error: Exception, text: str) -> InputError:
    if isinstance(error, _AliasError):
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        return InputError(line, "anchors and aliases (&name, *name) are not allowed; write the value out in full.")
    if isinstance(error, _DuplicateKey):
        return InputError(error.problem_mark.line + 1 if error.problem_mark else 0, str(error.problem))
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        return InputError(line, f"malformed YAML: character U+{code:04X} is not allowed.")
    mark = getattr(error, "problem_mark", None)
    context = getattr(error, "context_mark", None)
    if context is not None and "quoted scalar" in str(getattr(error, "context", "")):
        # an unclosed quote is found only at the end of the file; the mistake is where the quote opens
        return InputError(context.line + 1, f"malformed YAML: a quote opened here is never closed ({getattr(error, 'problem', '')}).")
    return InputError(mark.line + 1 if mark else 0, f"malformed YAML: {getattr(error, 'problem', None) or error}.")


def yaml_node(text: str) -> yaml.Node | None:
    """The composed document (None when empty); InputError with the line for malformed YAML, aliases or absurd nesting."""
    try:
        return yaml.compose(text, Loader=Loader)  # Loader is a SafeLoader
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None
    except RecursionError:
        raise InputError(0, "the YAML is nested too deeply; expected the few levels the examples in CONTRIBUTING.md show.") from None


def yaml_data(text: str) -> tuple[yaml.Node | None, Any]:
    """The composed node (for line numbers) and the Python data it makes, in one parse."""
    try:
        loader = Loader(text)  # the reader checks every character here
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None
    except RecursionError:
        raise InputError(0, "the YAML is nested too deeply; expected the few levels the examples in CONTRIBUTING.md show.") from None
    return node, data


# --- The whole project, before anything is read ----------------------------------------------------------------------


def project_problems(root: Path) -> list[Problem]:
    """Every input tree and file checked (links, special files, size), and no output path reached through a link."""
    problems: list[Problem] = []
    for name in INPUT_TREES:
        problems += tree_problems(root, root / name)
    for name in INPUT_FILES:
        path = root / name
        if exists(path):
            problem = input_problem(root, path)
            if problem:
                problems.append(Problem(name, 0, problem))
    for name in OUTPUT_PATHS:
        problems += output_problems(root, root / name)
    return list(dict.fromkeys(problems))


def tree_problems(root: Path, top: Path) -> list[Problem]:
    """A folder of inputs: itself and everything in it (links are reported, never followed)."""
    if not exists(top):
        return []
    problem = input_problem(root, top, directory=True)
    if problem:
        return [Problem(display(top, root), 0, problem)]
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            problem = input_problem(root, path, directory=name in dirs, folders_checked=True)  # os.walk entered no link
            if problem:
                problems.append(Problem(display(path, root), 0, problem))
        dirs[:] = sorted(d for d in dirs if not os.path.islink(Path(folder) / d))
    return problems


def output_problems(root: Path, path: Path) -> list[Problem]:
    """An output folder must not be, or be inside, a link (the build would write, and publish, somewhere else); nor
    hold one, for the folders under build/ that are written into rather than replaced."""
    link = _link_on_the_way(root, path)
    links = [link] if link else []
    if not link and path.parent == root / "build" and os.path.isdir(path):
        for folder, dirs, files in os.walk(path, followlinks=False):
            for name in sorted(dirs + files):
                if os.path.islink(Path(folder) / name):
                    links.append((Path(folder) / name, os.readlink(Path(folder) / name)))
            dirs[:] = [d for d in dirs if not os.path.islink(Path(folder) / d)]
    return [
        Problem(
            display(where, root),
            0,
            f"is a symbolic link (to '{shown(target, 200)}') where the build writes its output; expected no such file in the"
            " repository. Remove it.",
        )
        for where, target in links
    ]


def walk_files(root: Path, top: Path) -> list[Path]:
    """Every regular file under top, in name order, links not followed (project_problems has refused them)."""
    found = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(Path(folder) / d))
        found += [Path(folder) / name for name in files if os.path.isfile(Path(folder) / name) and not os.path.islink(Path(folder) / name)]
    return sorted(found)


# --- Outputs ---------------------------------------------------------------------------------------------------------


class Outputs:
    """The files one stage writes under base, each with its owner: the input it comes from, or what generates it.

    A path is written once. A second writer is refused (a document called `index` would otherwise replace the home
    page without a word), as is a path that leaves base or passes through a link.
    """

    def __init__(self, base: Path):
        self.base = base
        self.owners: dict[str, tuple[str, str, str]] = {}  # folded path → (path, owner file, what it is)
        self.problems: list[Problem] = []

    @staticmethod
    def _key(relative: str) -> str:
        # Case-insensitive file systems (macOS, Windows) would also merge Index.md and index.md.
        return unicodedata.normalize("NFC", relative).casefold()

    def claim(self, relative: str, owner: str, what: str) -> bool:
        """Record that `owner` (an input path, for the message) writes `relative`; False (and a problem) if taken."""
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts:
            message = f"{what} would be written outside the site ('{shown(relative)}'); expected a path inside it."
            self.problems.append(Problem(owner, 0, message))
            return False
        key = self._key(relative)
        if key in self.owners:
            _, first_owner, first_what = self.owners[key]
            self.problems.append(
                Problem(
                    owner,
                    0,
                    f"{what} would be written to {relative}, which {first_what} ({first_owner}) already writes; expected one"
                    f" writer per output. Rename {owner}.",
                )
            )
            return False
        self.owners[key] = (relative, owner, what)
        return True

    def _target(self, relative: str) -> Path:
        target = self.base / relative
        link = _link_on_the_way(self.base, target.parent)
        if link is not None:
            raise BuildError([Problem(display(link[0], self.base), 0, "is a symbolic link inside the output; expected a folder.")])
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, relative: str, text: str, owner: str, what: str) -> None:
        if self.claim(relative, owner, what):
            self._target(relative).write_text(text, encoding="utf-8")

    def write_bytes(self, relative: str, data: bytes, owner: str, what: str) -> None:
        if self.claim(relative, owner, what):
            self._target(relative).write_bytes(data)

    def raise_problems(self) -> None:
        if self.problems:
            raise BuildError(self.problems)


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else ""
