"""Script conversion: OpenCC's own cases as a peer suite, the term table's decisions, one-to-many characters, bad entries."""

from __future__ import annotations

import json
import re

import pytest

from build_tools.convert import INTERNAL_VARIANTS, Converter, load_terms
from build_tools.golden import golden_files
from tests.conftest import ROOT, SHARED, require_shared

OPENCC_CASES = SHARED / "opencc" / "testcases.json"


def opencc_cases(config: str) -> list[tuple[str, str, str]]:
    if not OPENCC_CASES.exists():
        return []
    # Not strict JSON: strip trailing commas, as OpenCC's own Python test does.
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", OPENCC_CASES.read_text(encoding="utf-8")))
    return [(case["id"], case["input"], case["expected"][config]) for case in data["cases"] if config in case["expected"]]


@pytest.mark.parametrize(("config", "direction"), [("s2tw", "to_hant"), ("t2s", "to_hans")])
def test_opencc_peer_cases(converter: Converter, config, direction):
    require_shared(OPENCC_CASES)
    cases = opencc_cases(config)
    assert cases, f"{OPENCC_CASES} holds no {config} case"
    sources = {t.hans for t in converter.terms} if direction == "to_hant" else {t.hant for t in converter.terms}
    checked = 0
    for case_id, given, expected in cases:
        if any(term in given for term in sources):
            continue  # the project's term table deliberately decides these (curation/terms.yml)
        assert getattr(converter, direction)(given) == expected, f"{case_id}: {given}"
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("hans", "hant", "why"),
    [
        ("生态云平台", "生態雲平台", "平台 as the 2018 decision writes it (s2tw: 平臺); 云 → 雲"),
        ("加快布局一批云资源池", "加快布局一批雲資源池", "布局 (s2tw: 佈局)"),
        ("发布一批优秀数字技术", "發布一批優秀數字技術", "發布 (s2tw: 發佈)"),
        ("新时代新征程", "新時代新征程", "征程 although STPhrases has 新徵程"),
        ("x年x月出台的", "x年x月出台的", "出台 although 月出 is a stock phrase"),
        ("《数据安全法》", "《數據安全法》", "never 資料 (s2twp)"),
        ("工业和信息化部", "工業和信息化部", "never 資訊 (s2twp)"),
        ("真抓实干", "真抓實幹", "干 → 幹"),
        ("若干专业型", "若干專業型", "干 stays in 若干"),
        ("先后制定", "先後制定", "后 → 後"),
        ("一千三百余项", "一千三百餘項", "余 → 餘"),
        ("着力发展", "著力發展", "Taiwan standard, never OpenCC's internal 着"),
        ("闽政通APP", "閩政通APP", "proper noun"),
        ("案例征集", "案例徵集", "征 → 徵 where it means to collect"),
    ],
)
def test_term_table_and_one_to_many(converter, hans, hant, why):
    assert converter.to_hant(hans) == hant, why


def test_traditional_to_simplified_keeps_terms(converter):
    assert converter.to_hans("統籌布局物聯網設施") == "统筹布局物联网设施"
    assert converter.to_hans("政策發布平臺") == "政策发布平台"


def test_converted_pages_have_no_internal_variants():
    for relative, content in golden_files(ROOT).items():
        if "zh-Hant" in relative.parts:
            # The cleaning log quotes the raw seed verbatim; everything else on the page is converted.
            page = re.sub(r'<div class="dfl-log".*?</div>', "", content, flags=re.S)
            assert not set(page) & set(INTERNAL_VARIANTS), relative


def test_traditional_originals_are_verbatim_on_zh_hant_pages(documents):
    for slug in ("2018-npc-decision", "2018-summit-news"):
        page = (ROOT / "tests" / "golden" / "pages" / "zh-Hant" / f"{slug}.md").read_text(encoding="utf-8")
        page = re.sub(r"<[^>]+>", "", page)  # glossary links and highlights wrap words; the words stay as written
        for provision in documents[slug].walk():
            if provision.text:
                assert provision.text in page, provision.id


@pytest.mark.parametrize(
    ("yaml_text", "messages"),
    [
        ("terms: [\n", ["curation/terms.yml:2: malformed YAML: expected the node content, but found '<stream end>'."]),
        ("words: []\n", ["curation/terms.yml:1: expected a top-level 'terms:' list of entries with hans, hant and note."]),
        (
            "terms:\n  - {hans: 平台, hant: 平台, note: a}\n  - {hans: 平台, hant: 平台, note: b}\n",
            ["curation/terms.yml:3: duplicate entry for '平台' (→ '平台'); line 2 already maps it to '平台'."],
        ),
        (
            "terms:\n  - {hans: 平台, hant: 平台, note: a}\n  - {hans: 平台, hant: 平臺, note: b}\n",
            ["curation/terms.yml:3: contradictory entry for '平台' (→ '平臺'); line 2 already maps it to '平台'."],
        ),
        (
            "terms:\n  - {hans: 发布, hant: 發布, note: a}\n  - {hans: 发佈, hant: 發布, note: b}\n",
            ["curation/terms.yml:3: contradictory entry: '發布' would convert back to both '发布' (line 2) and '发佈'."],
        ),
        (
            "terms:\n  - {hans: 平台, hant: 平台}\n",
            ["curation/terms.yml:2: entry is missing 'note'; every entry needs hans, hant and a note saying why."],
        ),
        (
            "terms:\n  - {hans: 平台, hant: 平臺臺, note: a}\n",
            ["curation/terms.yml:2: '平台' and '平臺臺' differ in length; a term maps character for character."],
        ),
        ("terms:\n  - {hans: 平台, hnt: 平台, note: a}\n", ["curation/terms.yml:2: unknown field 'hnt'; expected hans, hant and note."]),
    ],
)
def test_bad_term_table(tmp_path, yaml_text, messages):
    path = tmp_path / "terms.yml"
    path.write_text(yaml_text, encoding="utf-8")
    _, problems = load_terms(path, "curation/terms.yml")
    assert [str(p) for p in problems] == messages


def test_a_linked_term_table_is_not_read(tmp_path):
    """terms.yml is read as every curated file is (safe_io): a link to a file elsewhere is refused, not followed."""
    outside = tmp_path / "outside.yml"
    outside.write_text("terms:\n  - {hans: 平台, hant: 平臺, note: planted}\n", encoding="utf-8")
    (tmp_path / "curation").mkdir()
    (tmp_path / "curation" / "terms.yml").symlink_to(outside)
    terms, problems = load_terms(tmp_path / "curation" / "terms.yml", "curation/terms.yml")
    assert terms == [] and len(problems) == 1 and "symbolic link" in problems[0].message


def test_the_real_term_table_is_valid():
    terms, problems = load_terms(ROOT / "curation" / "terms.yml", "curation/terms.yml")
    assert problems == []
    assert {t.hans for t in terms} >= {"平台", "布局", "发布", "征程", "出台"}
