"""A pull request can neither leak a file nor make a document vanish, and no input gives a traceback: exact messages.

Each table row is one thing a hostile or careless contributor might commit, and the one line the build answers with.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from build_tools.__main__ import main
from build_tools.build import build
from build_tools.dates import check_date, parse_date
from build_tools.layout import check_site
from build_tools.model import BuildError, Ref
from build_tools.pages import pages
from build_tools.project import Project, gather, gather_curation, handwritten_pages, load_project
from build_tools.safe_io import MAX_INPUT_BYTES, Outputs
from tests.conftest import ROOT, SIDECAR, TEXT, problems_of

SECRET = "root:x:0:0:SECRET-FROM-OUTSIDE-THE-REPOSITORY:/root:/bin/bash\n"
DECISION = (ROOT / "seeds" / "2018-npc-decision.txt").read_text(encoding="utf-8")
DECISION_SIDECAR = (ROOT / "seeds" / "2018-npc-decision.yml").read_text(encoding="utf-8")
LINKED = "and the build reads only regular files inside the repository; commit the file itself."


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, holding what a link might reach: a secret file and a folder of valid inputs."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET, encoding="utf-8")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "test.txt").write_text(TEXT, encoding="utf-8")
    (folder / "seeds" / "test.yml").write_text(SIDECAR, encoding="utf-8")
    (folder / "annotations").mkdir()
    return folder


def link(root: Path, relative: str, target: Path | str) -> None:
    path = root / relative
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# --- 1. Inputs stay inside the repository ----------------------------------------------------------------------------

LINKS: list[tuple[str, str, Callable[[Path, Path], object], str]] = [
    (
        "seed linked to a file outside",
        "seeds/leak.txt",
        lambda root, out: link(root, "seeds/leak.txt", out / "passwd"),
        "seeds/leak.txt: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "sidecar linked to a file outside",
        "seeds/test.yml",
        lambda root, out: link(root, "seeds/test.yml", out / "seeds" / "test.yml"),
        "seeds/test.yml: this file is a symbolic link (to '{out}/seeds/test.yml'), " + LINKED,
    ),
    (
        "seed linked to another seed (inside the repository, still a link)",
        "seeds/copy.txt",
        lambda root, out: link(root, "seeds/copy.txt", "test.txt"),
        "seeds/copy.txt: this file is a symbolic link (to 'test.txt'), " + LINKED,
    ),
    (
        "dangling link",
        "seeds/gone.txt",
        lambda root, out: link(root, "seeds/gone.txt", out / "no-such-file"),
        "seeds/gone.txt: this file is a symbolic link (to '{out}/no-such-file'), " + LINKED,
    ),
    (
        "the seeds folder linked elsewhere",
        "seeds",
        lambda root, out: link(root, "seeds", out / "seeds"),
        "seeds: this folder is a symbolic link (to '{out}/seeds'), " + LINKED,
    ),
    (
        "curated file linked to a file outside",
        "curation/glossary.yml",
        lambda root, out: link(root, "curation/glossary.yml", out / "passwd"),
        "curation/glossary.yml: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "annotations folder linked elsewhere",
        "curation/annotations",
        lambda root, out: link(root, "curation/annotations", out / "annotations"),
        "curation/annotations: this folder is a symbolic link (to '{out}/annotations'), " + LINKED,
    ),
    (
        "version comparison rows linked to a file outside",
        "curation/versions/test.yml",
        lambda root, out: link(root, "curation/versions/test.yml", out / "passwd"),
        "curation/versions/test.yml: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "version comparison folder linked elsewhere",
        "curation/versions",
        lambda root, out: link(root, "curation/versions", out / "annotations"),
        "curation/versions: this folder is a symbolic link (to '{out}/annotations'), " + LINKED,
    ),
    (
        "hand-written page linked to a file outside",
        "docs/about.md",
        lambda root, out: link(root, "docs/about.md", out / "passwd"),
        "docs/about.md: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "page template linked to a file outside",
        "templates/pages/units.md.j2",
        lambda root, out: link(root, "templates/pages/units.md.j2", out / "passwd"),
        "templates/pages/units.md.j2: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "theme file (MkDocs copies it into the site) linked to a file outside",
        "templates/theme/leak.txt",
        lambda root, out: link(root, "templates/theme/leak.txt", out / "passwd"),
        "templates/theme/leak.txt: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "MkDocs configuration linked to a file outside",
        "mkdocs.zh-Hant.yml",
        lambda root, out: link(root, "mkdocs.zh-Hant.yml", out / "passwd"),
        "mkdocs.zh-Hant.yml: this file is a symbolic link (to '{out}/passwd'), " + LINKED,
    ),
    (
        "a named pipe (reading it would hang the build)",
        "seeds/pipe.txt",
        lambda root, out: os.mkfifo(root / "seeds" / "pipe.txt"),
        "seeds/pipe.txt: is a named pipe, not a regular file; commit the file itself.",
    ),
    (
        "a folder named like a seed",
        "seeds/folder.txt",
        lambda root, out: (root / "seeds" / "folder.txt").mkdir(),
        "seeds/folder.txt: is a folder, not a regular file; commit the file itself.",
    ),
    (
        "a seed of 4.5 MB",
        "seeds/huge.txt",
        lambda root, out: (root / "seeds" / "huge.txt").write_bytes(b"x" * 4_500_000),
        "seeds/huge.txt: is 4.5 MB; expected at most 4 MB for one input file. Remove what does not belong in it.",
    ),
    (
        "the staging folder of the site linked elsewhere (the build would write outside)",
        "site.new",
        lambda root, out: link(root, "site.new", out),
        "site.new: is a symbolic link (to '{out}') where the build writes its output; expected no such file in the repository. Remove it.",
    ),
    (
        "a link inside build/jieba (the build writes into it)",
        "build/jieba/user.txt",
        lambda root, out: link(root, "build/jieba/user.txt", out / "passwd"),
        "build/jieba/user.txt: is a symbolic link (to '{out}/passwd') where the build writes its output; expected no such file in"
        " the repository. Remove it.",
    ),
]


@pytest.mark.parametrize(("label", "path", "make", "message"), LINKS, ids=[row[0] for row in LINKS])
def test_links_and_special_files_are_refused(bare, outside, label, path, make, message):
    root = bare()
    make(root, outside)
    assert problems_of(root) == [message.format(out=outside)]


def test_mkdocs_configuration_cannot_inherit_from_outside(bare, outside):
    root = bare()
    (root / "mkdocs.yml").write_text(f"INHERIT: ../outside/passwd\n{(root / 'mkdocs.yml').read_text(encoding='utf-8')}", encoding="utf-8")
    with pytest.raises(BuildError) as caught:  # MkDocs' configuration is read by the build, before site/ is touched
        build(root, offline_zip=False)
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:1: INHERIT: ../outside/passwd: the path leaves the project through '..'; inputs are read only from inside the"
        " repository. Commit the file itself."
    ]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_linked_seed_never_reaches_the_site(project, outside, capsys, monkeypatch):
    """The issue's case, end to end: a valid sidecar beside seeds/leak.txt -> /etc/passwd (here, a secret outside)."""
    root = project({}, keep_seeds=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(root, offline_zip=False)
    before = _digest(root / "site")
    link(root, "seeds/leak.txt", outside / "passwd")
    (root / "seeds" / "leak.yml").write_text(SIDECAR, encoding="utf-8")
    monkeypatch.setattr("build_tools.__main__.ROOT", root)
    assert main(["build", "--no-zip"]) == 1
    assert capsys.readouterr().err == (
        f"seeds/leak.txt: this file is a symbolic link (to '{outside}/passwd'), {LINKED}\n"
        "Build failed with 1 problem(s); site/ was left as it was.\n"
    )
    assert _digest(root / "site") == before
    written = [
        p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix in (".json", ".html", ".md", ".csv", ".txt", ".js")
    ]
    assert not [p for p in written if "SECRET-FROM-OUTSIDE" in p.read_text(encoding="utf-8", errors="replace")]


# --- 2. Every output path has one owner ------------------------------------------------------------------------------

TAKEN = "and one of the two pages would vanish; expected an ID of the document's own."
RESERVED = [
    ("index", "the generated page index.html, from templates/pages/index.md.j2"),
    ("themes", "the generated page themes.html, from templates/pages/themes.md.j2"),
    ("units", "the generated page units.html, from templates/pages/units.md.j2"),
    ("print", "the generated page print.html, from templates/pages/print.md.j2"),
    ("glossary", "the generated page glossary.html, from templates/pages/glossary.md.j2"),
    ("search", "the MkDocs plugin material/search, which may write a folder of that name"),
    ("404", "404.html, which MkDocs writes"),
    ("sitemap", "sitemap.xml, which MkDocs writes"),
    ("data", "data/ at the root of the site"),
    ("download", "download/ at the root of the site"),
    ("zh-hant", "zh-Hant/ at the root of the site"),
    ("about", "the page docs/about.md"),
    ("assets", "the folder docs/assets"),
]


@pytest.mark.parametrize(("slug", "what"), RESERVED, ids=[row[0] for row in RESERVED])
def test_a_document_cannot_take_a_name_the_site_uses(bare, slug, what):
    root = bare({f"seeds/{slug}.txt": TEXT, f"seeds/{slug}.yml": SIDECAR, "seeds/test.txt": None, "seeds/test.yml": None})
    assert problems_of(root, curation=False) == [
        f"seeds/{slug}.txt: document ID '{slug}' is taken by the site ({what}), {TAKEN} Rename seeds/{slug}.txt and"
        f" seeds/{slug}.yml. Did you mean '{slug}-2024'?"
    ]


def test_the_writer_refuses_a_second_writer(corpus, tmp_path):
    """Behind the names check: a page that would replace another is refused when it is written (a large library's
    documents-2024.html, any page added later), naming the input to rename."""
    converter, documents = corpus
    index = dataclasses.replace(documents[0], meta=dataclasses.replace(documents[0].meta, slug="index"), seed_path="seeds/index.txt")
    root = shutil.copytree(ROOT / "templates", tmp_path / "templates").parent
    shutil.copytree(ROOT / "docs", root / "docs")
    with pytest.raises(BuildError) as caught:
        pages(Project(root, converter, [*documents[1:], index]))
    assert [str(p) for p in caught.value.problems] == [
        "seeds/index.txt: the page of document 'index' would be written to zh-Hans/index.md, which the generated page index.md"
        " (templates/pages/index.md.j2) already writes; expected one writer per output. Rename seeds/index.txt.",
        "seeds/index.txt: the page of document 'index' would be written to zh-Hant/index.md, which the generated page index.md"
        " (templates/pages/index.md.j2) already writes; expected one writer per output. Rename seeds/index.txt.",
    ]
    assert not (root / "build" / "docs").exists()  # nothing half-written is left for MkDocs


def test_outputs_claims_are_case_insensitive_and_stay_inside(tmp_path):
    outputs = Outputs(tmp_path)
    outputs.write_text("zh-Hans/about.md", "a", "docs/about.md", "the page docs/about.md")
    outputs.write_text("zh-Hans/About.md", "b", "docs/About.md", "the page docs/About.md")
    outputs.write_text("../escape.md", "c", "docs/x.md", "the page docs/x.md")
    assert [str(p) for p in outputs.problems] == [
        "docs/About.md: the page docs/About.md would be written to zh-Hans/About.md, which the page docs/about.md (docs/about.md)"
        " already writes; expected one writer per output. Rename docs/About.md.",
        "docs/x.md: the page docs/x.md would be written outside the site ('../escape.md'); expected a path inside it.",
    ]
    assert (tmp_path / "zh-Hans" / "about.md").read_text() == "a" and not (tmp_path.parent / "escape.md").exists()


def test_the_built_site_is_checked_before_it_replaces_site(corpus, tmp_path):
    _, documents = corpus
    document = dataclasses.replace(
        documents[0], meta=dataclasses.replace(documents[0].meta, slug="pagefind"), seed_path="seeds/pagefind.txt"
    )
    (tmp_path / "zh-Hans" / "pagefind").mkdir(parents=True)
    (tmp_path / "zh-Hans" / "pagefind.html").write_text("page", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "link").symlink_to(ROOT / "README.md")
    with pytest.raises(BuildError) as caught:
        check_site(tmp_path, [document])
    assert [str(p) for p in caught.value.problems] == [
        "site/data/link: is a symbolic link; expected files.",
        "seeds/pagefind.txt: document ID 'pagefind' is taken by the site (pagefind, pagefind.html in zh-Hans/); expected an ID of"
        " the document's own. Rename seeds/pagefind.txt and seeds/pagefind.yml. Did you mean 'pagefind-2018'?",
    ]


# --- 3. One date parser; impossible dates refused wherever there are dates -------------------------------------------

EXPECTED_DATE = "expected YYYY-MM-DD (or YYYY-MM, YYYY)."
DATES = [
    ("2024-04-30", "2024-04-30"),
    ("2024-02-29", "2024-02-29"),
    ("2024-12", "2024-12"),
    ("2022", "2022"),
    (2022, "2022"),
    ("2023-02-29", None),
    ("2024-02-30", None),
    ("2024-13-45", None),
    ("2026-13", None),
    ("2026-00", None),
    ("0000", None),
    ("2024-4-30", None),
    ("2024年2月30日", None),
    ("20240430", None),
    (True, None),
    (["2024"], None),
    (None, None),
]


@pytest.mark.parametrize(("value", "parsed"), DATES, ids=[repr(row[0]) for row in DATES])
def test_the_date_parser(value, parsed):
    assert parse_date(value) == parsed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024/5/8", f"date '2024/5/8' is not a date; {EXPECTED_DATE} Did you mean '2024-05-08'?"),
        ("2024年5月8日", f"date '2024年5月8日' is not a date; {EXPECTED_DATE} Did you mean '2024-05-08'?"),
        ("2024年5月", f"date '2024年5月' is not a date; {EXPECTED_DATE} Did you mean '2024-05'?"),
        ("2024年2月30日", f"date '2024年2月30日' is not a date; {EXPECTED_DATE}"),
        ("x" * 100, f"date '{'x' * 40}…' is not a date; {EXPECTED_DATE}"),
        ("2024-01-0\u202e1", f"date '2024-01-0\\u202e1' is not a date; {EXPECTED_DATE}"),
    ],
)
def test_date_messages(value, message):
    assert check_date(value) == (None, message)


ANNOTATION = "part_1:\n  - body: 注释\n    author: 编辑\n    date: {date}\n"
TIMELINE = "events:\n  - date: {date}\n    text: 一件事\n    source: test#part_1\n"
DATE_FILES = [
    ("sidecar, unquoted (was a traceback)", "seeds/test.yml", SIDECAR.replace("2024-01-02", "2024-13-45"), 2, "2024-13-45"),
    ("sidecar, 2月30日", "seeds/test.yml", SIDECAR.replace("2024-01-02", "2024-02-30"), 2, "2024-02-30"),
    ("sidecar, month 13 of reduced precision", "seeds/test.yml", SIDECAR.replace("2024-01-02", "2024-13"), 2, "2024-13"),
    ("sidecar, effective_date", "seeds/test.yml", SIDECAR + "effective_date: 2023-02-29\n", 6, "2023-02-29"),
    ("annotation", "curation/annotations/test.yml", ANNOTATION.format(date="2026-02-30"), 4, "2026-02-30"),
    ("annotation, month 13 of reduced precision", "curation/annotations/test.yml", ANNOTATION.format(date="2026-13"), 4, "2026-13"),
    ("timeline, month 13 of reduced precision (was accepted)", "curation/timeline.yml", TIMELINE.format(date="2026-13"), 2, "2026-13"),
    ("timeline, 2月30日", "curation/timeline.yml", TIMELINE.format(date="2024-02-30"), 2, "2024-02-30"),
]


@pytest.mark.parametrize(("label", "path", "content", "line", "value"), DATE_FILES, ids=[row[0] for row in DATE_FILES])
def test_impossible_dates_are_refused_in_every_file_with_dates(bare, label, path, content, line, value):
    root = bare({path: content})
    name = "effective_date" if "effective_date" in label else "date"
    assert problems_of(root) == [f"{path}:{line}: {name} '{value}' is not a date; {EXPECTED_DATE}"]


def test_reduced_precision_dates_are_accepted_everywhere(bare):
    files = {
        "seeds/test.yml": SIDECAR.replace("2024-01-02", "2024-01"),
        "curation/annotations/test.yml": ANNOTATION.format(date="2026"),
        "curation/timeline.yml": TIMELINE.format(date="2024-02"),
    }
    root = bare(files)
    converter, (document,), _ = gather(root)
    curation = gather_curation(root, [document], converter)
    assert (document.meta.date, curation.annotations[Ref("test", "part_1")][0].date, curation.events[0].date) == (
        "2024-01",
        "2026",
        "2024-02",
    )


# --- 5. Encodings detected, not guessed ------------------------------------------------------------------------------

ACCEPTED = "expected UTF-8 (with or without BOM), GB18030 or Big5. Re-save the file as UTF-8."
HKSCS_LINE = "\n香港人講嘢：佢哋啲嘢。\n"  # 嘢, 佢, 哋, 啲: in Big5-HKSCS, not in Big5


def decision(raw: bytes) -> dict[str, str | bytes]:
    return {"seeds/2018-npc-decision.txt": raw, "seeds/2018-npc-decision.yml": DECISION_SIDECAR}


def test_big5_is_read_right(project):
    """The 2018 decision saved as Big5 was read as GB18030 and gave 32 'unknown provision ID' errors; now it is the
    same document, and the cleaning log says how it was read. (Big5 has no U+00A0, so the test's text has a space.)"""
    text = DECISION.replace("\xa0", " ")
    _, (as_utf8,), _ = gather(project(decision(text.encode("utf-8"))))
    _, (as_big5,), _ = gather(project(decision(text.encode("big5"))))
    assert [(p.id, p.text) for p in as_big5.walk()] == [(p.id, p.text) for p in as_utf8.walk()]
    assert len(list(as_big5.walk())) > 10
    assert [c.note for c in as_big5.changes if c.step == "decode"] == ["按 Big5 解码"]


def test_big5_hkscs_is_read_right(project):
    root = project(decision((DECISION.replace("\xa0", " ") + HKSCS_LINE).encode("big5hkscs")))
    _, (document,), _ = gather(root)
    assert [c.note for c in document.changes if c.step == "decode"] == ["按 Big5-HKSCS 解码"]
    assert "佢哋啲嘢" in "".join(p.text for p in document.walk())


ENCODINGS = [
    (
        "UTF-16 with BOM",
        TEXT.encode("utf-16"),
        "seeds/test.txt:1: the file is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); " + ACCEPTED,
    ),
    (
        "UTF-16 big-endian with BOM",
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        "seeds/test.txt:1: the file is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); " + ACCEPTED,
    ),
    (
        "UTF-32 with BOM",
        TEXT.encode("utf-32"),
        "seeds/test.txt:1: the file is encoded as UTF-32 (it starts with a UTF-32 byte-order mark); " + ACCEPTED,
    ),
    ("UTF-16 without BOM", (TEXT * 20).encode("utf-16-le"), "seeds/test.txt:1: the file is encoded as UTF-16-LE; " + ACCEPTED),
    (
        "binary",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "seeds/test.txt:1: the file is binary, or in no text encoding known; " + ACCEPTED,
    ),
    (
        "Shift_JIS",
        ("日本語のテキストです。東京都の条例について説明します。" * 20).encode("shift_jis"),
        "seeds/test.txt:1: the file is encoded as cp932; " + ACCEPTED,
    ),
    ("UTF-8 with a damaged byte", "第一行\n".encode() + b"\xff\xfe\x80 broken\n", "seeds/test.txt:2: cannot decode byte 0xff; " + ACCEPTED),
    (
        "UTF-8 read as Latin-1 and saved again (mojibake)",
        TEXT.encode("utf-8").decode("latin-1").encode("utf-8"),
        "seeds/test.txt:1: read as UTF-8 the text is garbled: 77 of its 105 non-ASCII characters are controls, accented Latin, Greek,"
        " Cyrillic, kana, Hangul or box drawing ('æ\\u008bè\\u0095\\u0096\\u0087'), which Chinese text hardly uses; expected UTF-8 (with or without BOM),"
        " GB18030 or Big5. The file is in another encoding, or was mis-converted before: Re-save the file as UTF-8.",
    ),
    (
        "a line of a million characters",
        TEXT.replace("这是正文", "数" * 1_000_000).encode(),
        "seeds/test.txt:3: the line is 1,000,007 characters long; expected at most 100,000, as in a page of text. If the page was"
        " saved without line breaks, break it where its paragraphs end.",
    ),
]


@pytest.mark.parametrize(("label", "raw", "message"), ENCODINGS, ids=[row[0] for row in ENCODINGS])
def test_other_encodings_are_refused_in_one_line(bare, label, raw, message):
    root = bare({"seeds/test.txt": raw})
    assert problems_of(root, curation=False) == [message]


NOT_TEXT = [
    ("a control character", "\x07", "contains U+0007, an invisible control character; taken out", False),
    (
        "a bidirectional override (Trojan Source)",
        "\u202e",
        "contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that makes text display differently from what it says; taken out",
        False,
    ),
    ("a private-use character", "\U000f0000", "contains U+F0000, a private-use character that means nothing outside", False),
    ("a replacement character", "\ufffd", "contains U+FFFD (REPLACEMENT CHARACTER), which marks a character lost", True),
]


@pytest.mark.parametrize(("label", "char", "message", "kept"), NOT_TEXT, ids=[row[0] for row in NOT_TEXT])
def test_a_seeds_characters_that_are_no_text_are_repaired_and_shown_not_refused(bare, label, char, message, kept):
    """A seed is published as it came: what in it is no text is taken out (U+FFFD, a character already lost, is kept
    as printed), with its line in the log and a doubt for the maintainer that names the file and line."""
    root = bare({"seeds/test.txt": TEXT.replace("这是第一段", f"这是{char}第一段")})
    _, documents, _ = gather(root)
    (document,) = documents
    text = "".join(p.source_text() for p in document.walk())
    assert "这是第一段" in text if not kept else "这是\ufffd第一段" in text
    assert next(str(d) for d in document.diagnostics if message in d.message).startswith("seeds/test.txt:3: " + message)
    assert kept or any(c.line == 3 and char in c.before and char not in c.after for c in document.changes)


# --- 4 (by hand). What used to end in a traceback, or pass unseen ---------------------------------------------------

GLOSSARY = "terms:\n  - term: 一网通办\n    definition: 释义\n"
GLOSSARY_HANT = "terms:\n  - term: 一網通辦\n    definition: 企業和群眾通過一個網上平臺辦理政務服務事項。\n"
BAD_INPUTS = [
    (
        "curated YAML in Big5",
        {"curation/glossary.yml": GLOSSARY_HANT.encode("big5")},
        ["curation/glossary.yml:1: the file is encoded as Big5; expected UTF-8 (with or without BOM). Re-save the file as UTF-8."],
    ),
    (
        "sidecar in UTF-16",
        {"seeds/test.yml": SIDECAR.encode("utf-16")},
        [
            "seeds/test.yml:1: the file is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); expected UTF-8. Re-save the file as UTF-8."
        ],
    ),
    (
        "term table not UTF-8",
        {"curation/terms.yml": "terms:\n  - {hans: 数字平台, hant: 數字平臺, note: 依据}\n".encode("gb18030")},
        ["curation/terms.yml:1: the file is encoded as GB18030; expected UTF-8 (with or without BOM). Re-save the file as UTF-8."],
    ),
    (
        "YAML alias bomb",
        {"curation/glossary.yml": "a: &a [x, x]\nb: &b [*a, *a]\nterms: [*b]\n"},
        ["curation/glossary.yml:2: anchors and aliases (&name, *name) are not allowed; write the value out in full."],
    ),
    (
        "bidi override in a note",
        {"curation/annotations/test.yml": ANNOTATION.format(date="2026-01-01").replace("注释", "注\u202e释")},
        [
            "curation/annotations/test.yml:2: contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that makes text display"
            " differently from what it says; remove it."
        ],
    ),
    (
        "sidecar title as a list",
        {"seeds/test.yml": SIDECAR.replace("title: 测试文件", "title: [测试, 文件]")},
        ["seeds/test.yml:1: title must be a single value, found a list."],
    ),
    (
        "sidecar not a mapping",
        {"seeds/test.yml": "- title\n- date\n"},
        ["seeds/test.yml:1: expected a mapping of fields such as 'title: …', found something else."],
    ),
    (
        "theme ID as a list",
        {"curation/crosswalk.yml": "themes:\n  [a, b]: {name: 主题, description: 说明}\nlinks: []\n"},
        ["curation/crosswalk.yml:2: a theme ID must be a single word such as data-elements; found a list."],
    ),
    (
        "glossary term as a mapping",
        {"curation/glossary.yml": "terms:\n  - term: {a: b}\n    definition: 释义\n"},
        ["curation/glossary.yml:2: 'term' must be a single value; found a mapping."],
    ),
    (
        "glossary alias that is empty",
        {"curation/glossary.yml": GLOSSARY + "    aliases: [一網通辦, '']\n"},
        ["curation/glossary.yml:4: aliases must be a list of words, e.g. aliases: [一网通办, 一網通辦]."],
    ),
    (
        "note sources that are not words",
        {"curation/annotations/test.yml": ANNOTATION.format(date="2026-01-01") + "    sources: [[a]]\n"},
        ['curation/annotations/test.yml:5: sources must be a list of words, e.g. sources: ["《2024年数字福建工作要点》二(三)9"].'],
    ),
    (
        "provision ID as a list",
        {"curation/annotations/test.yml": "[a]:\n  - {body: 注释, author: 编辑, date: 2026-01-01}\n"},
        ["curation/annotations/test.yml:1: expected a provision ID such as part_1__sec_2, each with a list of notes; found a list."],
    ),
    (
        "note of 8,000 '[' (six seconds of Python-Markdown)",
        {"curation/annotations/test.yml": ANNOTATION.format(date="2026-01-01").replace("注释", "'" + "[" * 8000 + "'")},
        [
            "curation/annotations/test.yml:2: this note is 8,000 characters long, with 8,000 '['; expected at most 5,000 characters and 200 '[' (a note, not a document)."
        ],
    ),
    (
        "search term as a mapping",
        {"curation/search_terms.yml": "terms:\n  - 一网通办\n  - {a: b}\n"},
        ["curation/search_terms.yml:3: each term must be a single word, e.g. - 一网通办."],
    ),
    (
        "a key given twice (YAML would keep the last without a word)",
        {"curation/search_terms.yml": "terms:\nterms:\n  - 一网通办\n"},
        ["curation/search_terms.yml:2: duplicate key 'terms'; line 1 already has it. Keep one."],
    ),
    (
        "an alias leading to a list (a TypeError in aliases.py)",
        {"curation/aliases.yml": "test:\n  part_9: [part_1]\n"},
        ["curation/aliases.yml:2: an old ID leads to one provision ID; expected 'old_id: new_id'."],
    ),
    (
        "a form feed in a sidecar (YAML refuses it)",
        {"seeds/test.yml": "\x0c" + SIDECAR},
        ["seeds/test.yml:1: malformed YAML: character U+000C is not allowed."],
    ),
    (
        "search terms missing",
        {"curation/search_terms.yml": None},
        ["curation/search_terms.yml: the file is missing; expected it in the repository (see CONTRIBUTING.md)."],
    ),
]


@pytest.mark.parametrize(("label", "files", "messages"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_inputs_get_a_message_not_a_traceback(bare, label, files, messages):
    assert problems_of(bare(files)) == messages


def test_a_template_that_does_not_render_is_named_with_its_line(bare):
    root = bare()
    page = root / "templates" / "pages" / "units.md.j2"
    page.write_text("第一行\n{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:  # templates are read when pages are rendered (`check` renders them too)
        pages(load_project(root, suggestions=False))
    assert [str(p) for p in caught.value.problems] == [
        "templates/pages/units.md.j2:2: the template does not render: Expected an expression, got 'end of statement block';"
        " expected a template Jinja2 can render."
    ]


def test_hand_written_page_with_broken_front_matter(bare):
    root = bare()
    (root / "docs" / "about.md").write_text("---\ntitle: [unclosed\n---\n\n正文\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        handwritten_pages(root)
    assert [str(p) for p in caught.value.problems] == ["docs/about.md:3: malformed YAML: expected ',' or ']', but got '<stream end>'."]


# --- 6. The pull-request workflow: no secret, only site/ uploaded ---------------------------------------------------


def test_pull_request_build_has_no_secret_and_uploads_only_the_site():
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    workflow = yaml.load(text, Loader=yaml.BaseLoader)
    assert "pull_request_target" not in workflow["on"] and "secrets." not in text and "github.token" not in text
    build_job = workflow["jobs"]["build"]
    assert build_job["permissions"] == {"contents": "read"} and "env" not in build_job
    uploads = [step for step in build_job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["path"] for step in uploads] == ["site/"]
    checkout = next(step for step in build_job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] == "false"


def test_no_input_is_larger_than_the_limit():
    """The limit is far above any real input, so it refuses only mistakes."""
    sizes = [p.stat().st_size for name in ("seeds", "curation", "docs", "templates") for p in (ROOT / name).rglob("*") if p.is_file()]
    assert max(sizes) * 10 < MAX_INPUT_BYTES
