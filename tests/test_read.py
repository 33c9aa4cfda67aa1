"""Bad input gets an exact `path:line: …` message and a non-zero exit; accepted encodings are read."""

from __future__ import annotations

import pytest

from build_tools.__main__ import main
from build_tools.model import BuildError
from build_tools.project import gather

SIDECAR = "title: 测试文件\ndate: 2024-01-02\nkind: notice\nsource: 测试\noriginal_script: zh-Hans\n"
TEXT = "测试文件\n一、总则\n这是第一段。这是正文。\n二、附则\n本通知自发布之日起施行。\n"


def problems(root) -> list[str]:
    with pytest.raises(BuildError) as caught:
        gather(root)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("label", "raw"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gb18030 with CRLF", TEXT.replace("\n", "\r\n").encode("gb18030")),
    ],
)
def test_accepted_encodings_give_the_same_document(project, label, raw):
    root = project({"seeds/test.txt": raw, "seeds/test.yml": SIDECAR})
    _, documents, _ = gather(root)
    (document,) = documents
    assert [p.id for p in document.walk()] == ["part_1", "part_2"], label
    assert document.find("part_1").text == "这是第一段。这是正文。"


def test_decoding_is_logged(project):
    root = project({"seeds/test.txt": TEXT.replace("\n", "\r\n").encode("gb18030"), "seeds/test.yml": SIDECAR})
    _, (document,), _ = gather(root)
    assert [c.note for c in document.changes if c.step == "decode"] == ["按 GB18030 解码", "换行符 CRLF 统一为 LF"]


def test_undecodable_seed(project):
    root = project({"seeds/test.txt": "第一行\n".encode() + b"\xff\xfe\x80 broken\n", "seeds/test.yml": SIDECAR})
    assert problems(root) == [
        "seeds/test.txt:2: cannot decode byte 0xff; expected UTF-8 (with or without BOM), GB18030 or Big5. Re-save the file as UTF-8."
    ]


def test_empty_seed(project):
    root = project({"seeds/test.txt": "\n  \n", "seeds/test.yml": SIDECAR})
    assert problems(root) == ["seeds/test.txt:1: the seed is empty; expected the text of a document."]


def test_missing_sidecar(project):
    root = project({"seeds/test.txt": TEXT})
    assert problems(root) == [
        "seeds/test.yml: no metadata sidecar; expected test.yml next to the seed with at least: title, date, kind, source,"
        " original_script (see README.md, 'Adding a document')."
    ]


def test_sidecar_missing_title(project):
    root = project({"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR.replace("title: 测试文件\n", "")})
    assert problems(root) == ["seeds/test.yml:1: missing required field 'title'."]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2024/5/8", "seeds/test.yml:2: date '2024/5/8' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY). Did you mean '2024-05-08'?"),
        ("2024-13-01", "seeds/test.yml:2: date '2024-13-01' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY)."),
        ("yesterday", "seeds/test.yml:2: date 'yesterday' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY)."),
    ],
)
def test_malformed_date(project, date, message):
    root = project({"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR.replace("2024-01-02", f'"{date}"')})
    assert problems(root) == [message]


def test_unknown_field_and_kind_suggest_the_fix(project):
    sidecar = SIDECAR.replace("kind: notice", "kind: workpoints") + "isuer: 福建省\n"
    root = project({"seeds/test.txt": TEXT, "seeds/test.yml": sidecar})
    assert problems(root) == [
        "seeds/test.yml:6: unknown field 'isuer'. Did you mean 'issuer'?",
    ]
    root2 = project({"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR.replace("kind: notice", "kind: workpoints")}, keep_seeds=False)
    assert problems(root2) == [
        "seeds/test.yml:3: kind 'workpoints' is not known; expected one of law, regulation, decision, plan, work-points,"
        " notice, standard, article, news, speech, other. Did you mean 'work-points'?"
    ]


def test_malformed_yaml_names_the_line(project):
    root = project({"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR + "author: [unclosed\n"})
    (message,) = problems(root)
    assert message.startswith("seeds/test.yml:7: malformed YAML:")


def test_all_problems_reported_at_once(project):
    root = project(
        {
            "seeds/a.txt": "",
            "seeds/a.yml": SIDECAR,
            "seeds/b.txt": TEXT,
            "seeds/b.yml": SIDECAR.replace("original_script: zh-Hans", "original_script: zh-TW"),
        }
    )
    assert problems(root) == [
        "seeds/a.txt:1: the seed is empty; expected the text of a document.",
        "seeds/b.yml:5: original_script 'zh-TW' is not known; expected zh-Hans or zh-Hant. Did you mean 'zh-Hant'?",
    ]


def test_bad_file_name(project):
    root = project({"seeds/My Doc.txt": TEXT, "seeds/My Doc.yml": SIDECAR})
    assert problems(root) == [
        "seeds/My Doc.txt: file name 'My Doc.txt' is not a usable ID; expected lower-case ASCII letters, digits and hyphens,"
        " e.g. 'my-doc.txt'."
    ]


def test_text_without_structure_is_a_flat_document_with_a_warning(project):
    root = project({"seeds/test.txt": "第一段文字，没有标题。\n第二段文字，也没有编号。\n", "seeds/test.yml": SIDECAR})
    _, (document,), _ = gather(root)
    assert [p.id for p in document.walk()] == ["para_1", "para_2"]
    assert document.warnings == ["未识别出标题或编号条款，全文按段落平铺显示。"]


def test_cli_exit_code_and_message(project, capsys, monkeypatch):
    root = project({"seeds/test.txt": TEXT, "seeds/test.yml": SIDECAR.replace("title: 测试文件\n", "")})
    monkeypatch.setattr("build_tools.__main__.ROOT", root)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err == "seeds/test.yml:1: missing required field 'title'.\nBuild failed with 1 problem(s); site/ was left as it was.\n"
