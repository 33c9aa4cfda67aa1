"""References inside the text (issue 22): found, resolved, linked in both scripts, cited back, exported, reported.

The gold: every reference in 21 corpus documents of five forms (two readers who did not see the code marked them;
tests/references_check.py scores them). The cases: one small law of each tradition, each sentence a convention."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from build_tools.export import Exported, corpus_json, references_csv
from build_tools.model import Ref
from build_tools.pages import pages
from build_tools.project import load_project
from build_tools.render import render_pages

from .corpus_check import ROOT, converter
from .references_check import GOLD, score
from .references_check import library as gold_library

# Held to what the issue asks of the whole gold (precision ≥ 0.99, recall ≥ 0.95), and per document to what it scores
# today: a change that loses a reference anywhere fails here, with the document named.
RECALL_FLOOR = {"tw-cyber-security-management-act": 0.96, "tw-personal-data-protection-act": 0.98}


@pytest.mark.parametrize("doc_id", GOLD)
def test_gold_references_are_linked_right_and_nothing_links_wrong(doc_id):
    result = score(doc_id)
    assert result.wrong == [], f"{doc_id}: links that go somewhere wrong"
    assert result.recall >= RECALL_FLOOR.get(doc_id, 1.0), f"{doc_id}: missed {result.misses}"
    assert result.citations_right == result.citations, f"{doc_id}: citations of absent documents not shown: {result.misses}"


def test_gold_covers_what_the_issue_asks():
    """At least 10 documents of at least 4 forms, two of them Taiwan laws; precision ≥ 0.99, recall ≥ 0.95 overall."""
    from .corpus_check import document

    forms = {document(doc_id).form for doc_id in GOLD}
    assert len(GOLD) >= 10 and len(forms) >= 4 and sum(doc_id.startswith("tw-") for doc_id in GOLD) >= 2
    scores = [score(doc_id) for doc_id in GOLD]
    links, right, expected = (sum(getattr(s, name) for s in scores) for name in ("links", "right", "expected"))
    assert right / links >= 0.99 and right / expected >= 0.95


LAW_CN = """中华人民共和国测试法
第一条　为了规范数据处理活动，制定本法。
第二条　任何组织不得违反第一条规定。
第三条　国家建立数据分类分级保护制度。
有关部门应当制定重要数据目录。
依照前款规定确定的目录，由国家网信部门公布。前两款规定的制度，适用本条第二款。
第四条　有下列情形之一的，依照第三条第二款处罚：
（一）违反第二条、第三条第一款和第三款规定的；
（二）违反前项规定的；
（三）违反刑法第二百八十五条的；
（四）违反该法第五条的；
（五）违反原第九条规定的。
第五条　违反本法第三条至第四条规定，依照《中华人民共和国网络安全法》第二十一条处理；取得《营业执照》的，适用第九十九条。
第六条　本法自公布之日起施行，《测试办法》同时废止。
第七条　依照《中华人民共和国网络安全法》第二十一条的规定和第二十二条处理。
"""
LAW_CN_YML = "title: 中华人民共和国测试法\nshort_title: 测试法\ndate: 2024-06-01\nkind: law\nsource: 测试\noriginal_script: zh-Hans\n"
LAW_TW = """電子測試法
第 1 條　為規範電子簽章，特制定本法。
第 2 條　有下列情形之一者，不適用本法：
一、依第一條規定者。
二、前款情形以外者。
第 3 條　主管機關得訂定辦法。
前項辦法，準用第二條第一款及測試法第二條規定。
"""
LAW_TW_YML = "title: 電子測試法\ndate: 2024-08-01\nkind: law\nsource: 測試\noriginal_script: zh-Hant\n"
RULES = """電子測試法施行細則
第 1 條　本細則依電子測試法（以下簡稱本法）第三條第二項規定訂定之。
第 2 條　本法第二條第一款所稱情形，依第一條規定；違反本法第一條但書、第二條第二款規定者，依同條第一款處理。
"""
RULES_YML = "title: 電子測試法施行細則\ndate: 2024-09-01\nkind: regulation\nsource: 測試\noriginal_script: zh-Hant\n"
MEASURES = (
    "测试办法\n一、总则\n依照《测试法》第二条、第三条第一款，制定本办法。\n二、附则\n本办法自发布之日起施行，与《测试法》一并执行。\n"
)
MEASURES_YML = "title: 测试办法\ndate: 2024-07-01\nkind: notice\nsource: 测试\noriginal_script: zh-Hans\n"

# (document, the provision the words stand in, the words, what they cite: "<provision>" in the same document,
# "<document>#<provision>", "cite:<title>" for a document the library does not hold, "problem:<words of it>")
CASES = [
    ("law-cn", "art_2", "第一条", "art_1"),
    ("law-cn", "art_3__para_3", "前款", "art_3__para_2"),
    ("law-cn", "art_3__para_3", "前两款", "art_3__para_1 art_3__para_2"),
    ("law-cn", "art_3__para_3", "本条第二款", "art_3__para_2"),
    ("law-cn", "art_4", "第三条第二款", "art_3__para_2"),
    ("law-cn", "art_4__item_1", "第二条", "art_2"),
    ("law-cn", "art_4__item_1", "第三条第一款", "art_3__para_1"),
    ("law-cn", "art_4__item_1", "第三款", "art_3__para_3"),  # listed after 第三条第一款: the same article's
    ("law-cn", "art_4__item_2", "前项", "art_4__item_1"),
    ("law-cn", "art_4__item_3", "第二百八十五条", "cite:刑法"),  # another law's article, never this law's
    ("law-cn", "art_4__item_4", "第五条", "problem:points back"),  # 该法: never guessed
    ("law-cn", "art_4__item_5", "第九条", "problem:former numbering"),  # 原第九条
    ("law-cn", "art_5", "第三条", "art_3"),
    ("law-cn", "art_5", "第四条", "art_4"),  # 第三条至第四条: both ends
    ("law-cn", "art_5", "第二十一条", "cite:中华人民共和国网络安全法"),
    ("law-cn", "art_5", "第九十九条", "problem:names no provision"),
    # The library's 测试办法 is dated after this law: the one it repeals is an earlier text, which the library lacks.
    ("law-cn", "art_6", "《测试办法》", "cite:测试办法"),
    ("measures", "part_2", "《测试法》", "law-cn#"),  # a whole document the library holds, by its short title
    ("law-tw", "art_2__item_1", "第一條", "art_1"),
    ("law-tw", "art_2__item_2", "前款", "art_2__item_1"),  # Taiwan: 款 is the item
    ("law-tw", "art_3__para_2", "前項", "art_3__para_1"),  # Taiwan: 項 is the paragraph
    ("law-tw", "art_3__para_2", "第二條第一款", "art_2__item_1"),
    ("law-tw", "art_3__para_2", "第二條", "law-cn#art_2"),  # 測試法 is the short title of a law in the library
    # 《X》第二十一条的规定和第二十二条: X's or this law's 第二十二条? Not told, not linked.
    ("law-cn", "art_7", "第二十二条", "problem:other document cited just before"),
    # Rules carrying out a law: 本法 is the law (named by the title …施行細則, or by 依X法（以下簡稱本法）).
    ("rules", "art_1", "第三條第二項", "law-tw#art_3__para_2"),
    ("rules", "art_2", "第二條第一款", "law-tw#art_2__item_1"),
    ("rules", "art_2", "第一條", "art_1"),  # 依第一條規定 after a comma: the rules' own
    ("rules", "art_2", "第二條第二款", "law-tw#art_2__item_2"),  # 本法第一條但書、第二條第二款: one list
    ("rules", "art_2", "同條第一款", "law-tw#art_2__item_1"),  # 同條: the article cited just before
    ("measures", "part_1", "第二条", "law-cn#art_2"),  # a notice citing a law's articles by its title
    ("measures", "part_1", "第三条第一款", "law-cn#art_3__para_1"),
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from .conftest import bare_project

    files = {
        "seeds/law-cn.txt": LAW_CN,
        "seeds/law-cn.yml": LAW_CN_YML,
        "seeds/law-tw.txt": LAW_TW,
        "seeds/law-tw.yml": LAW_TW_YML,
        "seeds/rules.txt": RULES,
        "seeds/rules.yml": RULES_YML,
        "seeds/measures.txt": MEASURES,
        "seeds/measures.yml": MEASURES_YML,
    }
    root = bare_project(tmp_path_factory.mktemp("references") / "project", files)
    return load_project(root, suggestions=False)


def _found(project, document: str, provision: str, words: str):
    matches = [r for r in project.references.of(Ref(document, provision)) if r.text == words]
    assert matches, (
        f"{document}#{provision}: no reference “{words}” among {[r.text for r in project.references.of(Ref(document, provision))]}"
    )
    return matches[0]


@pytest.mark.parametrize(("document", "provision", "words", "expected"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_reference_resolves_as_the_convention_says(library, document, provision, words, expected):
    reference = _found(library, document, provision, words)
    if expected.startswith("cite:"):
        assert (reference.target, reference.cited, reference.problem) == (None, expected[5:], "")
    elif expected.startswith("problem:"):
        assert reference.target is None and expected[8:] in reference.problem
    else:
        wanted = [Ref(*(item.split("#") if "#" in item else (document, item))) for item in expected.split()]
        assert list(reference.targets) == wanted


def test_words_that_are_no_reference_are_left_alone(library):
    texts = {r.text for found in library.references.by_document.values() for r in found}
    assert "《营业执照》" not in texts  # a certificate
    assert not any(t in texts for t in ("本法", "本条", "本办法"))  # the document or provision the reader is in


def test_unresolved_references_are_reported_with_file_and_line(library):
    shown = [str(p) for p in library.references.problems]
    assert any(s.startswith("seeds/law-cn.txt:13: reference: 第五条: “第九十九条” names no provision") for s in shown), shown
    assert any(s.startswith("seeds/law-cn.txt:11: reference: 第四条第（四）项: “第五条” points back") for s in shown), shown
    assert set(library.references.problems) <= set(library.warnings())  # check prints them; --strict fails on them


def test_links_and_cited_by_in_both_scripts(library):
    rendered = pages(library)
    hans, hant = rendered["zh-Hans/law-cn.md"], rendered["zh-Hant/law-cn.md"]
    assert isinstance(hans, str) and isinstance(hant, str)
    link = re.compile(r'<a class="dfl-ref" href="([^"]+)" title="([^"]*)">([^<]+)</a>')
    hans_links, hant_links = link.findall(hans), link.findall(hant)
    # The same links in both scripts, the words as each script prints them, the target's label on hover.
    assert [h for h, _, _ in hans_links] == [h for h, _, _ in hant_links] and len(hans_links) == 11
    assert ("#art_3__para_2", "第三条第二款", "前款") in hans_links
    assert ("#art_3__para_2", "第三條第二款", "前款") in hant_links
    assert ("law-cn.html", "《测试法》（2024-06-01）", "《测试法》") in link.findall(rendered["zh-Hans/measures.md"])
    assert '<cite class="dfl-citation" title="本库未收录此文件">《中华人民共和国网络安全法》第二十一条</cite>' not in hans  # the words only
    assert '<cite class="dfl-citation" title="本库未收录此文件">第二十一条</cite>' in hans
    assert "《营业执照》</cite>" not in hans and "第九十九条</a>" not in hans
    # Cited back: 第三条第二款 lists who cites it, from this law and from the other documents.
    cited = re.search(
        r'<details class="dfl-cited-by"[^>]*aria-label="被引用：《测试法》第三条第二款"><summary>被引用（2）</summary>(.*?)</details>', hans
    )
    assert cited, "no 被引用 panel on 第三条第二款"
    assert "第三条第三款" in cited[1] and "第四条" in cited[1] and "测试办法" not in cited[1]
    measures_cited = re.search(r'aria-label="被引用：《测试法》第二条">(.*?)</details>', hans)
    assert measures_cited and 'href="measures.html#part_1"' in measures_cited[1] and "2024《测试办法》一" in measures_cited[1]
    # A Traditional original cites a Simplified law: the link is the same on both pages.
    assert 'href="law-cn.html#art_2"' in rendered["zh-Hans/law-tw.md"] and 'href="law-cn.html#art_2"' in rendered["zh-Hant/law-tw.md"]


def test_exports_give_each_provision_its_references(library):
    data = json.loads(corpus_json(Exported(library.documents, [], library.references)))
    law = next(d for d in data["documents"] if d["id"] == "law-cn")
    by_id = {p["id"]: p for p in law["provisions"]}
    assert by_id["art_3__para_3"]["references"] == [
        {"text": "前款", "target": "law-cn#art_3__para_2"},
        {"text": "前两款", "target": "law-cn#art_3__para_1", "targets": ["law-cn#art_3__para_1", "law-cn#art_3__para_2"]},
        {"text": "本条第二款", "target": "law-cn#art_3__para_2"},
    ]
    assert {"text": "第二十一条", "target": None, "cited": "中华人民共和国网络安全法"} in by_id["art_5"]["references"]
    measures = next(d for d in data["documents"] if d["id"] == "measures")
    assert {"text": "《测试法》", "target": "law-cn"} in measures["provisions"][-1]["references"]
    assert all("references" in p for d in data["documents"] for p in d["provisions"])
    rows = list(csv.DictReader(io.StringIO(references_csv(library.documents, library.references))))
    statuses = {(r["document"], r["text"]): r["status"] for r in rows}
    assert statuses[("law-cn", "前款")] == "linked" and statuses[("law-cn", "第二十一条")] == "cited"
    assert statuses[("law-cn", "第九十九条")] == "unresolved"
    assert next(r for r in rows if r["text"] == "本条第二款")["target_label"] == "第三条第二款"


def test_the_built_site_exports_references(built: Path):
    rows = list(csv.DictReader((built / "data" / "references.csv").open(encoding="utf-8")))
    assert rows and {r["status"] for r in rows} <= {"linked", "cited", "unresolved"}
    assert any(r["document"] == "2023-peoples-daily" and r["cited"] == "数字中国建设整体布局规划" for r in rows)


@pytest.mark.parametrize("doc_id", ["tw-personal-data-protection-act", "cn-e-commerce-law"])
def test_gold_documents_link_alike_in_both_scripts(doc_id):
    """Every link the finder makes in a gold document is on its page in both scripts, to the same place."""
    documents, references = gold_library()
    wanted = {f"zh-Hans/{doc_id}.md", f"zh-Hant/{doc_id}.md"}
    rendered = {
        path: text
        for path, text, _ in render_pages(
            documents, converter(), ROOT / "templates" / "pages", None, None, wanted.__contains__, None, references
        )
    }
    hrefs = {path: re.findall(r'<a class="dfl-ref" href="([^"]+)"', text) for path, text in rendered.items()}
    links = [r for r in references.by_document[doc_id] if r.target is not None]
    assert hrefs[f"zh-Hans/{doc_id}.md"] == hrefs[f"zh-Hant/{doc_id}.md"]
    assert len(hrefs[f"zh-Hans/{doc_id}.md"]) == len(links) > 20


def test_readme_shows_the_current_table():
    """README.md's table is `python -m tests.references_check`'s output, kept in step."""
    from .corpus_check import ROOT
    from .references_check import score_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- references-score -->\n(.*?)<!-- /references-score -->", readme, re.S)
    assert shown is not None and shown.group(1) == score_table()
