"""Fuzz the inputs: a mutated seed or curated file either builds or fails with `path:line:` messages, never a traceback,
and a failed whole build leaves site/ as it was.

Mutations are what a hostile or careless contributor commits: truncation, random bytes, other encodings (Big5,
UTF-16, …), deleted lines and keys, values of the wrong type, huge values, control characters, bidirectional
overrides, 10 MB lines, deleted files. Most examples run the gather and check stages (read, clean, parse, curate,
suggestions; one in four renders the pages too); a few run the whole build with MkDocs. About 30 s on two cores;
DFL_FUZZ_EXAMPLES and DFL_FUZZ_BUILDS run more (2000 and 12 take under four minutes); --hypothesis-show-statistics
shows what the examples ran into.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from build_tools.build import build
from build_tools.model import BuildError, Problem
from build_tools.pages import pages
from build_tools.project import Project, gather, gather_curation
from tests.conftest import copy_project

EXAMPLES = int(os.environ.get("DFL_FUZZ_EXAMPLES", "150"))
BUILDS = int(os.environ.get("DFL_FUZZ_BUILDS", "5"))
# `path:line: message` or `path: message`, on one line, the path relative to the project.
MESSAGE = re.compile(r"^(?P<path>[^\s:/][^:\n]*)(?::(?P<line>\d+))?: (?P<message>\S.*)$")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ENCODINGS = ("big5", "big5hkscs", "gb18030", "utf-16", "utf-16-le", "utf-32", "shift_jis", "cp1252", "latin-1", "utf-8-sig")
WRONG_VALUES = (
    "[1, 2]",
    "{a: b}",
    "null",
    "~",
    "true",
    "3.5",
    "-1",
    "''",
    "!!binary aGVsbG8=",
    "!!python/object:os.system ls",
    "&a x",
    "*a",
    "'unterminated",
    '"\\u202e"',
    "[[[[[[[[",
    "- - - x",
    "? complex\n: key",
    "2024-13-45",
    "2024-02-30",
    "2026-13",
    "0000-00-00",
    "2024年2月30日",
    "99999999999999999999999",
    "1e400",
    ".nan",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "index",
    "zh-Hant",
    "part_1#part_1",
    "#",
)
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
CHINESE = "一二三四五六七八九十百第章节条款项目（）()〔〕、。，；：“”《》〈〉数字福建平台政务 \n0123456789.-"


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


TEN_MB_LINE = b"A" * 1_000_000  # appended ten times, straight to the file: the test itself keeps no 10 MB copies


KINDS = (
    "truncate",
    "random bytes",
    "encoding",
    "delete line",
    "duplicate line",
    "indent",
    "wrong type",
    "wrong key",
    "huge value",
    "control",
    "bidi",
    "chinese",
    "broken link",
    "10 MB line",
    "delete file",
)
# Changes a document can survive, so that whole builds also get as far as MkDocs (and a broken link fails there).
MILD = ("delete line", "duplicate line", "chinese", "huge value", "broken link")


@st.composite
def mutation(draw: st.DrawFn, raw: bytes, kinds: tuple[str, ...] = KINDS) -> bytes | None:
    """One mutation of a file's bytes (None: delete the file; TEN_MB_LINE: append a line of 10 MB and stop)."""
    kind = draw(st.sampled_from(kinds))
    lines = _lines(raw)
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    position = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:position]
    if kind == "random bytes":
        return raw[:position] + draw(st.binary(min_size=1, max_size=64)) + raw[position:]
    if kind == "encoding":
        return raw.decode("utf-8", "replace").encode(draw(st.sampled_from(ENCODINGS)), "replace")
    if kind == "delete line":
        return b"\n".join(lines[:at] + lines[at + 1 :])
    if kind == "duplicate line":
        return b"\n".join(lines[: at + 1] + lines[at:])
    if kind == "indent":
        return b"\n".join([*lines[:at], b" " * draw(st.integers(1, 6)) + lines[at], *lines[at + 1 :]])
    if kind == "wrong type":
        line = lines[at]
        key, colon, _ = line.partition(b":")
        value = draw(st.sampled_from(WRONG_VALUES)).encode()
        lines[at] = key + b": " + value if colon else value
        return b"\n".join(lines)
    if kind == "wrong key":
        indent = len(lines[at]) - len(lines[at].lstrip())
        lines[at] = lines[at][:indent] + draw(st.sampled_from((b"[k]", b"{k: v}", b"? [k]\n", b"", b"-", b"&k"))) + lines[at][indent:]
        return b"\n".join(lines)
    if kind == "huge value":
        size = draw(st.sampled_from((5_000, 100_000, 1_000_000) if kinds == KINDS else (5_000,)))
        filler = draw(st.sampled_from(("x", "数", "[", "*", "\\", "一、")))
        lines[at] = lines[at] + (filler * (size // len(filler))).encode()
        return b"\n".join(lines)
    if kind == "control":
        return raw[:position] + draw(st.sampled_from(CONTROLS)).encode() + raw[position:]
    if kind == "bidi":
        text = raw.decode("utf-8", "replace")
        cut = min(position, len(text))
        return (text[:cut] + draw(st.sampled_from(BIDI)) + text[cut:]).encode()
    if kind == "chinese":
        text = raw.decode("utf-8", "replace")
        cut = min(position, len(text))
        return (text[:cut] + draw(st.text(alphabet=CHINESE, min_size=1, max_size=80)) + text[cut:]).encode()
    if kind == "broken link":  # MkDocs, in strict mode, refuses a link to a page that does not exist
        return b"\n".join([*lines[:at], b"[\xe9\x93\xbe\xe6\x8e\xa5](no-such-page.md)", *lines[at:]])
    if kind == "10 MB line":
        return TEN_MB_LINE
    return None


def _inputs(root: Path) -> list[str]:
    names = [*sorted((root / "seeds").glob("*.txt")), *sorted((root / "seeds").glob("*.yml"))]
    names += sorted((root / "curation").glob("*.yml")) + sorted((root / "curation" / "annotations").glob("*.yml"))
    return [path.relative_to(root).as_posix() for path in names]


def _mutate(
    root: Path, data: st.DataObject, originals: dict[Path, bytes], names: list[str] | None = None, kinds: tuple[str, ...] = KINDS
) -> None:
    """Mutate one to three inputs (so that one file's damage meets another's), recording in originals what to restore."""
    targets = data.draw(st.lists(st.sampled_from(names or _inputs(root)), min_size=1, max_size=3, unique=True), label="files")
    for relative in targets:
        path = root / relative
        originals[path] = path.read_bytes()
        changed: bytes | None = originals[path]
        appended = False
        for _ in range(data.draw(st.integers(1, 3), label=f"mutations of {relative}")):
            result = data.draw(mutation(changed, kinds), label=relative)
            if result is TEN_MB_LINE:
                appended = True
                break
            changed = result
            if changed is None:
                break
        if changed is None:
            path.unlink()
            continue
        path.write_bytes(changed)
        if appended:
            with path.open("ab") as handle:
                for _ in range(10):
                    handle.write(TEN_MB_LINE)
                handle.write(b"\n")


def _restore(originals: dict[Path, bytes]) -> None:
    for path, raw in originals.items():
        path.write_bytes(raw)


def check_messages(root: Path, problems: list[Problem]) -> None:
    """Every problem is one printable `path:line: …` line about a file of the project (or its seeds folder)."""
    assert problems
    event("refused: " + " ".join(re.sub(r"'[^']*'|\d[\d,.]*", "…", problems[0].message).split()[:4]))
    for problem in problems:
        text = str(problem)
        match = MESSAGE.match(text)
        assert match, f"not a path:line: message: {text[:300]!r}"
        assert not CONTROL.search(text), f"invisible characters in the message: {text[:300]!r}"
        assert "Traceback" not in text and len(text) < 25_000, text[:300]  # YAML lines are at most 10,000 characters
        path = Path(problem.path)
        assert not path.is_absolute() and ".." not in path.parts, text[:300]
        assert os.path.lexists(root / path) or os.path.lexists((root / path).parent), text[:300]


def fuzz_settings(examples: int) -> settings:
    """The same settings for both fuzz tests: no deadline or example database, and no explain phase (it takes minutes)."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


@fuzz_settings(EXAMPLES)
@given(data=st.data())
def test_gather_and_check_never_trace_back(fuzz_root: Path, data: st.DataObject) -> None:
    originals: dict[Path, bytes] = {}
    try:
        _mutate(fuzz_root, data, originals, kinds=data.draw(st.sampled_from((KINDS, MILD)), label="kinds"))
        render = data.draw(st.sampled_from((False, False, False, True)), label="render the pages too")
        converter, documents, _ = gather(fuzz_root)
        curation = gather_curation(fuzz_root, documents, converter)
        if render:
            pages(Project(fuzz_root, converter, documents, curation))
        event("accepted")
    except BuildError as error:
        check_messages(fuzz_root, error.problems)
    finally:
        _restore(originals)


def _digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_root(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = copy_project(tmp_path_factory.mktemp("fuzz-build") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        build(root, offline_zip=False)
    return {"root": root, "site": _digest(root / "site")}


@fuzz_settings(BUILDS)
@given(data=st.data())
def test_whole_builds_fail_cleanly(built_root: dict[str, object], data: st.DataObject) -> None:
    root = built_root["root"]
    assert isinstance(root, Path)
    originals: dict[Path, bytes] = {}
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    try:
        if data.draw(st.sampled_from(("mild", "mild", "hostile")), label="changes") == "hostile":
            _mutate(root, data, originals)
        else:
            seeds = [p.relative_to(root).as_posix() for p in sorted((root / "seeds").glob("*.txt"))]
            _mutate(root, data, originals, [*seeds, "docs/about.md"], MILD)
        build(root, offline_zip=False)
        event("built")
        built_root["site"] = _digest(root / "site")  # it built: this is the site a later failure must leave alone
    except BuildError as error:
        check_messages(root, error.problems)
        assert _digest(root / "site") == built_root["site"], "a failed build changed site/"
        assert not (root / "site.new").exists()
    finally:
        patch.undo()  # the environment as it was: no later test sees this one's settings
        _restore(originals)
