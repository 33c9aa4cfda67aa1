"""The second opinion on every converted character (build_tools/review.py), the phrase decisions that settle it
(curation/conversion.yml) and regional quotation marks (build_tools/typography.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from build_tools.__main__ import main
from build_tools.convert import Converter, Phrase, load_converter, load_phrases, load_terms
from build_tools.golden import review_golden_files
from build_tools.pages import pages
from build_tools.project import gather, load_project
from build_tools.review import Disagreement, SourceText, corpus_texts, default_reading, disagreements, second_opinion, undecided
from build_tools.typography import regional_quotes
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


# --- The review record of the seeds -------------------------------------------------------------------------------------


def test_review_record_matches_golden_files():
    files = review_golden_files(ROOT)
    assert {path.name for path in files} == {seed.name for seed in (ROOT / "seeds").glob("*.txt")}  # every seed, both directions
    for relative, content in files.items():
        path = GOLDEN / relative
        assert path.exists(), f"{relative} missing; run: python -m build_tools golden"
        assert path.read_text(encoding="utf-8") == content, f"{relative} is out of date; run: python -m build_tools golden"


def test_every_seed_disagreement_is_decided(corpus):
    converter, documents = corpus
    assert undecided(corpus_texts(documents, ROOT), converter) == []


def test_the_seeds_were_reviewed_in_both_directions(corpus):
    """The record is not empty by accident: the seeds' places, and the decisions that settle them."""
    record = {path.stem: text for path, text in review_golden_files(ROOT).items()}
    assert "# 25 places: 2 where ours and MediaWiki differ (2 decided, 0 undecided)" in record["2023-peoples-daily"]
    assert "# 60 places: 13 where ours and MediaWiki differ (13 decided, 0 undecided)" in record["2024-work-points"]
    assert "# 16 places: 1 where ours and MediaWiki differ (1 decided, 0 undecided)" in record["speech-digital-economy"]
    assert "(zh-Hant → zh-Hans)" in record["2018-summit-news"] and "隨[著]信息技術" in record["2018-summit-news"]
    assert "UNDECIDED" not in "".join(record.values())


# --- Known errors, fixed and pinned -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hans", "hant", "stock", "why"),
    [
        (
            "为我们加快数字化发展指明了前进方向",
            "為我們加快數字化發展指明了前進方向",
            "指明瞭",
            "了 is the particle after 指明, not 明瞭 'clear'",
        ),
        ("一任接着一任干", "一任接著一任幹", "一任幹", "干 is 幹 'to work'; MediaWiki leaves 干"),
        ("积极抢占战略制高点", "積極搶占戰略制高點", "搶佔", "占, Taiwan's standard form"),
        ("千兆宽带用户占比超25%", "千兆寬帶用戶占比超25%", "佔比", "占 in every sense"),
        ("为台胞台企提供办事服务", "為臺胞臺企提供辦事服務", "臺胞臺企", "臺 for Taiwan"),
        ("金服云平台对台金融专区", "金服雲平台對臺金融專區", "平臺對臺", "平台 (term) and 对台 (phrase) side by side"),
        ("按需回流属地", "按需回流屬地", "迴流", "回流 'flow back'"),
        ("数据全生命周期防护", "數據全生命週期防護", "週期", "週期 as OpenCC already wrote"),
        ("政务业务工作台", "政務業務工作臺", "工作臺", "臺, not MediaWiki's 檯"),
        ("全福游、智慧校园", "全福遊、智慧校園", "全福遊", "proper noun"),
    ],
)
def test_decided_places_convert_as_decided(converter, hans, hant, stock, why):
    assert converter.to_hant(hans) == hant, why
    assert stock in Converter([]).to_hant(hans)  # what OpenCC alone writes there


def test_zhi_ming_le_is_fixed_and_pinned(converter):
    text = "为我们加快数字化发展指明了前进方向"
    assert "指明瞭" in Converter([]).to_hant(text)  # what OpenCC alone writes: the error this decision fixes
    assert "指明了" in converter.to_hant(text) and "瞭" not in converter.to_hant(text)
    assert disagreements(text, "zh-Hans", converter) == []  # and MediaWiki agrees


def test_traditional_originals_simplify_the_particle(converter):
    assert converter.to_hans("隨著信息技術的飛速發展") == "随着信息技术的飞速发展"
    assert converter.to_hans("迎著新時代的曙光") == "迎着新时代的曙光"
    assert converter.to_hans("跟隨著名學者") == "跟随著名学者"  # a phrase, not the word 隨著: 著名 keeps 著


def test_a_phrase_decision_works_in_its_own_direction_only():
    phrase = Phrase("明了", "明了", "zh-Hans", "test", 1)
    converter = Converter([], [phrase])
    assert converter.to_hant("问题已经很明了") == "問題已經很明了"
    assert converter.to_hans("問題已經很明了") == "问题已经很明了"
    assert Converter([]).to_hant("问题已经很明了") == "問題已經很明瞭"


# --- The second opinion -------------------------------------------------------------------------------------------------------


def test_second_opinion_is_character_level_taiwan_standard():
    # No Taiwan vocabulary (zh-tw would write 數位化, 軟體), Taiwan variants (着 → 著), and MediaWiki's one-to-many choices.
    assert second_opinion("数字化发展，软件着力，指明了方向", "zh-Hant") == "數字化發展，軟件著力，指明了方向"
    assert second_opinion("隨著信息技術", "zh-Hans") == "随着信息技术"


def test_disagreement_carries_the_pair_and_its_context():
    (place,) = disagreements("党的十八大以来为我们加快数字化发展指明了前进方向、提供了根本遵循", "zh-Hans", Converter([]))
    assert place.pair == ("瞭", "了")
    assert (place.before, place.source, place.after) == ("字化发展指明", "了", "前进方向、提")
    assert (place.ours_around, place.theirs_around) == ("字化發展指明瞭前進方向、提", "字化發展指明了前進方向、提")
    assert place.decision is None


def test_a_text_that_cannot_be_aligned_is_refused():
    class Stretching(Converter):
        def to_hant(self, text: str) -> str:
            return super().to_hant(text) + "。"

    texts = [SourceText("seeds/x.txt", (2,), "数字福建建设", "zh-Hans")]
    assert [str(p) for p in undecided(texts, Stretching([]))] == [
        "seeds/x.txt:2: conversion: '数字福建建设' changes length when converted, so it cannot be reviewed character by character."
    ]


def test_quotation_marks_are_not_compared():
    assert disagreements("他说“数字福建”", "zh-Hans", Converter([])) == []


def test_undecided_names_the_place_and_the_entry_that_would_decide_it(converter):
    texts = [SourceText("seeds/new-doc.txt", (4, 6), "第一段。\n问题已经很明了，推动数据回复。", "zh-Hans")]
    assert [str(p) for p in undecided(texts, converter)] == [
        "seeds/new-doc.txt:6: conversion: '了' in '问题已经很明了，推动数据回' converts to '瞭' here but to '了' in MediaWiki's tables; undecided."
        " Published as '瞭' and marked until decided. Decide which is right: {phrase: 明了, hant: 明瞭 or 明了, note: why} in curation/conversion.yml, or a word in curation/terms.yml.",
        "seeds/new-doc.txt:6: conversion: '复' in '，推动数据回复。' converts to '覆' here but to '復' in MediaWiki's tables; undecided."
        " Published as '覆' and marked until decided. Decide which is right: {phrase: 回复, hant: 回覆 or 回復, note: why} in curation/conversion.yml, or a word in curation/terms.yml.",
    ]
    decided = [Phrase("很明了", "很明瞭", "zh-Hans", "clear", 1), Phrase("回复", "回覆", "zh-Hans", "reply", 2)]
    assert undecided(texts, converter, decided) == []


def test_undecided_in_the_traditional_direction(converter):
    texts = [SourceText("seeds/tw.txt", (3,), "他看著我", "zh-Hant")]
    assert [str(p) for p in undecided(texts, converter)] == [
        "seeds/tw.txt:3: conversion: '著' in '他看著我' converts to '著' here but to '着' in MediaWiki's tables; undecided."
        " Published as '着' and marked until decided. Decide which is right: {phrase: 看著我, hans: 看著我 or 看着我, note: why} in curation/conversion.yml, or a word in curation/terms.yml."
    ]


def test_a_new_document_publishes_an_undecided_conversion_marked_and_listed(project, capsys):
    """Issue 20: the review informs, never blocks. The place is published with its default reading, marked where it
    stands (both readings on hover and focus), counted in the page's notice, listed on the review page with the entries
    to paste, printed by `check`; `check --strict` fails on it; a decision settles it."""
    root = project(
        {
            "seeds/new-notice.txt": "关于推进数字化的通知\n\n一、总体要求\n\n问题已经很明了，要抓紧推进。\n",
            "seeds/new-notice.yml": "title: 关于推进数字化的通知\ndate: 2025-01-02\nkind: notice\nsource: 测试\noriginal_script: zh-Hans\n",
        },
        keep_seeds=True,  # the curation cites the seeds
    )
    loaded = load_project(root, suggestions=False)
    (doubt,) = loaded.doubts["new-notice"]
    assert (doubt.path, doubt.line, doubt.place.ours, doubt.place.theirs, doubt.chosen) == ("seeds/new-notice.txt", 5, "瞭", "了", "瞭")
    assert [str(w) for w in loaded.warnings() if "conversion:" in w.message] == [str(doubt.problem)]
    site = pages(loaded)
    converted = site["zh-Hant/new-notice.md"]
    title = "轉換待審：此處作「瞭」，另一讀法「了」"
    assert f'明<span class="dfl-doubt" tabindex="0" title="{title}" data-readings="{title}">瞭</span>' in converted
    assert "其中 1 處兩種轉換用字不同" in converted
    assert "dfl-doubt" not in site["zh-Hans/new-notice.md"]  # the original is never marked
    review_page = site["zh-Hant/conversion-review.md"]
    assert "seeds/new-notice.txt:5" in review_page and "{phrase: 明了, hant: 明瞭, note: why}" in review_page
    assert "{phrase: 明了, hant: 明了, note: why}" in review_page  # the entry for the other reading
    assert "seeds/new-notice.txt" not in site["zh-Hans/conversion-review.md"]  # nothing is converted into 简体 here

    assert main(["check"], root) == 0
    assert "undecided" in capsys.readouterr().err
    assert main(["check", "--strict"], root) == 1
    assert "seeds/new-notice.txt:5: conversion:" in capsys.readouterr().err

    (root / "curation" / "conversion.yml").write_text(
        (root / "curation" / "conversion.yml").read_text(encoding="utf-8") + "  - {phrase: 很明了, hant: 很明瞭, note: 明瞭 'clear'.}\n",
        encoding="utf-8",
    )
    converter, documents, _ = gather(root)
    assert undecided(corpus_texts(documents, root), converter) == []
    assert converter.to_hant("问题已经很明了") == "問題已經很明瞭"


@pytest.mark.parametrize(
    ("source", "ours", "theirs", "published"),
    [
        ("采", "采", "採", "採"),  # one converter keeps the source character, the other converts it: the converted one
        ("汇", "彙", "匯", "彙"),  # both convert it: ours
        ("了", "瞭", "了", "瞭"),  # 明了 → 明瞭, as Taiwan writes it
    ],
)
def test_default_reading_prefers_the_reading_that_converts(source, ours, theirs, published):
    place = Disagreement(0, source, ours, theirs, ours, "", "", None)
    assert default_reading(place) == published


# --- Regional quotation marks ---------------------------------------------------------------------------------------------

QUOTES = [
    # zh-Hant: “” → 「」, nested → 『』
    ("他说“数字福建”。", "zh-Hant", "他说「数字福建」。"),
    ("“一网通办”“一码通行”", "zh-Hant", "「一网通办」「一码通行」"),
    ("他说：“她说‘好’。”", "zh-Hant", "他说：「她说『好』。」"),
    ("“要让“数字福建”贴近群众”", "zh-Hant", "「要让『数字福建』贴近群众」"),
    ("“甲‘乙“丙”乙’甲”", "zh-Hant", "「甲『乙「丙」乙』甲」"),
    ("《“十五”数字福建专项规划》", "zh-Hant", "《「十五」数字福建专项规划》"),
    ("‘单引号’", "zh-Hant", "「单引号」"),
    ("“第一段未完", "zh-Hant", "「第一段未完"),
    ("第二段结束。”", "zh-Hant", "第二段结束。」"),
    ("‘好”", "zh-Hant", "「好」"),
    ("“People’s Daily”", "zh-Hant", "「People’s Daily」"),
    ("已是「规范」的“引号”", "zh-Hant", "已是「规范」的「引号」"),
    ("「外“内”外」", "zh-Hant", "「外『内』外」"),
    ('ASCII "quotes" 与 "引号" 不动', "zh-Hant", 'ASCII "quotes" 与 "引号" 不动'),
    ("《数据安全法》〈附件〉（一）、——……", "zh-Hant", "《数据安全法》〈附件〉（一）、——……"),
    # zh-Hans: 「」 → “”, 『』 → ‘’
    ("強化「四個意識」", "zh-Hans", "強化“四個意識”"),
    ("「甲『乙』甲」", "zh-Hans", "“甲‘乙’甲”"),
    ("「甲『乙「丙」乙』甲」", "zh-Hans", "“甲‘乙“丙”乙’甲”"),
    ("『單獨』", "zh-Hans", "“單獨”"),
    ("「未完", "zh-Hans", "“未完"),
    ("完了」", "zh-Hans", "完了”"),
    ("已有“引号”和「角括號」", "zh-Hans", "已有“引号”和“角括號”"),
    ("“外「內」外”", "zh-Hans", "“外‘內’外”"),
    ("He said ‘it’s fine’", "zh-Hans", "He said ‘it’s fine’"),
    ("《「十四五」規劃》", "zh-Hans", "《“十四五”規劃》"),
]


@pytest.mark.parametrize(("text", "script", "expected"), QUOTES)
def test_regional_quotes(text, script, expected):
    assert regional_quotes(text, script) == expected
    assert regional_quotes(expected, script) == expected  # idempotent


@pytest.mark.parametrize(
    ("original", "script"),
    [
        ("進一步強化「四個意識」，切實增強", "zh-Hant"),  # the 2018 decision, as written
        ("他說「她說『好』」", "zh-Hant"),
        ("让“数字福建”贴近社会", "zh-Hans"),
        ("他说“她说‘好’”", "zh-Hans"),
        ("《中华人民共和国数据安全法》第二十条", "zh-Hans"),
        ("《中華人民共和國數據安全法》第二十條", "zh-Hant"),
    ],
)
def test_text_already_in_the_scripts_convention_is_untouched(original, script):
    assert regional_quotes(original, script) is original


def test_regional_quotes_keeps_length_and_everything_but_the_marks():
    text = "“甲‘乙’”「丙」《丁》（一）、——“"
    for script in ("zh-Hans", "zh-Hant"):
        out = regional_quotes(text, script)
        assert len(out) == len(text)
        assert [a for a, b in zip(text, out, strict=True) if a != b and a not in "“”‘’「」『』"] == []


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_regional_quotes_properties(script):
    """Any mix of marks: same length, only marks change, no foreign mark left (but apostrophes), idempotent."""
    rng = random.Random(15834)
    foreign = "「」『』" if script == "zh-Hans" else "“”‘"
    for _ in range(2000):
        text = "".join(rng.choice("“”‘’「」『』《》甲乙 '\"") for _ in range(rng.randint(0, 12)))
        out = regional_quotes(text, script)
        assert len(out) == len(text)
        assert all(a == b for a, b in zip(text, out, strict=True) if a not in "“”‘’「」『』"), text
        assert not set(out) & set(foreign), text
        assert regional_quotes(out, script) == out, text


def test_regional_quotes_refuses_an_unknown_script():
    with pytest.raises(ValueError, match="unknown script 'zh-TW'"):
        regional_quotes("“”", "zh-TW")


# --- curation/conversion.yml ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "messages"),
    [
        ("phrases: [\n", ["curation/conversion.yml:2: malformed YAML: expected the node content, but found '<stream end>'."]),
        (
            "decisions: []\n",
            ["curation/conversion.yml:1: expected a top-level 'phrases:' list of entries with phrase, hant (or hans) and note."],
        ),
        (
            "phrases:\n  - 指明了\n",
            ["curation/conversion.yml:2: each entry must be a mapping such as {phrase: 指明了, hant: 指明了, note: …}."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hnt: 指明了, note: a}\n",
            ["curation/conversion.yml:2: unknown field 'hnt'; expected phrase, hant (or hans) and note."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: 指明了}\n",
            ["curation/conversion.yml:2: entry is missing 'note'; every entry needs phrase, hant (or hans) and a note saying why."],
        ),
        (
            "phrases:\n  - {hant: 指明了, note: a}\n",
            ["curation/conversion.yml:2: entry is missing 'phrase'; every entry needs phrase, hant (or hans) and a note saying why."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, note: a}\n",
            [
                "curation/conversion.yml:2: entry is missing 'hant' (for a 简体 phrase) or 'hans' (for a 繁體 phrase): how the phrase must read when converted."
            ],
        ),
        (
            "phrases:\n  - {phrase: 隨著信息, hant: ~, hans: '', note: a}\n",
            [
                "curation/conversion.yml:2: entry is missing 'hant' (for a 简体 phrase) or 'hans' (for a 繁體 phrase): how the phrase must read when converted."
            ],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: 指明了, hans: 指明了, note: a}\n",
            ["curation/conversion.yml:2: entry gives both 'hant' and 'hans'; give 'hant' for a 简体 phrase or 'hans' for a 繁體 one."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: [指明了], note: a}\n",
            ["curation/conversion.yml:2: 'hant' must be a single value, as in {phrase: 指明了, hant: 指明了, note: …}."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: 指明了了, note: a}\n",
            ["curation/conversion.yml:2: '指明了' and '指明了了' differ in length; a phrase maps character for character."],
        ),
        (
            "phrases:\n  - {phrase: 指明 了, hant: 指明 了, note: a}\n",
            ["curation/conversion.yml:2: '指明 了' → '指明 了': phrases may not contain spaces."],
        ),
        (
            "phrases:\n  - {phrase: 了, hant: 了, note: a}\n",
            [
                "curation/conversion.yml:2: '了' is a single character; a phrase decision names the context that decides it (e.g. 指明了). A character that"
                " converts one way everywhere belongs in curation/terms.yml."
            ],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: 指明了, note: a}\n  - {phrase: 指明了, hant: 指明了, note: b}\n",
            ["curation/conversion.yml:3: duplicate entry for '指明了' (→ '指明了'); line 2 already decides it as '指明了'."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, hant: 指明了, note: a}\n  - {phrase: 指明了, hant: 指明瞭, note: b}\n",
            ["curation/conversion.yml:3: contradictory entry for '指明了' (→ '指明瞭'); line 2 already decides it as '指明了'."],
        ),
        (
            "phrases:\n  - {phrase: 平台, hant: 平臺, note: a}\n",
            ["curation/conversion.yml:2: '平台' is a word of curation/terms.yml (line 2, → '平台'); decide it in one place."],
        ),
        (
            "phrases:\n  - {phrase: x, hant: y, note: a}\n  - {phrase: x, hant: y, note: a}\n  bad: 1\n",
            ["curation/conversion.yml:4: malformed YAML: expected <block end>, but found '?'."],
        ),
        (
            "phrases:\n  - {phrase: 指明了, phrase: 指明了, hant: 指明了, note: a}\n",
            ["curation/conversion.yml:2: duplicate key 'phrase'; line 2 already has it. Keep one."],
        ),
        (
            "phrases:\n  - &a {phrase: 指明了, hant: 指明了, note: a}\n  - *a\n",
            ["curation/conversion.yml:3: anchors and aliases (&name, *name) are not allowed; write the value out in full."],
        ),
    ],
)
def test_bad_phrase_decisions(tmp_path, yaml_text, messages):
    terms_path = tmp_path / "terms.yml"
    terms_path.write_text("terms:\n  - {hans: 平台, hant: 平台, note: a}\n", encoding="utf-8")
    terms, _ = load_terms(terms_path, "curation/terms.yml")
    path = tmp_path / "conversion.yml"
    path.write_text(yaml_text, encoding="utf-8")
    _, problems = load_phrases(path, "curation/conversion.yml", terms)
    assert [str(p) for p in problems] == messages


def test_a_phrase_in_each_direction_is_no_contradiction(tmp_path):
    path = tmp_path / "conversion.yml"
    path.write_text("phrases:\n  - {phrase: 明了, hant: 明瞭, note: a}\n  - {phrase: 明了, hans: 明了, note: b}\n", encoding="utf-8")
    phrases, problems = load_phrases(path, "curation/conversion.yml")
    assert problems == [] and [(p.source, p.target) for p in phrases] == [("zh-Hans", "zh-Hant"), ("zh-Hant", "zh-Hans")]


def test_an_empty_decision_file_is_no_decisions(tmp_path):
    path = tmp_path / "conversion.yml"
    path.write_text("phrases:\n", encoding="utf-8")
    assert load_phrases(path, "curation/conversion.yml") == ([], [])


def test_the_real_decision_files_are_valid():
    converter, problems = load_converter(ROOT)
    assert problems == []
    assert {p.phrase for p in converter.phrases} >= {"指明了", "一任干", "隨著信息"}
    assert all(p.note for p in converter.phrases) and all(t.note for t in converter.terms)


def test_converter_key_changes_with_the_decisions():
    assert Converter([]).key != Converter([], [Phrase("指明了", "指明了", "zh-Hans", "n", 1)]).key


def test_review_golden_files_are_relative_to_golden_dir():
    files = review_golden_files(ROOT)
    assert all(isinstance(path, Path) and path.parts[0] == "conversion" and path.suffix == ".txt" for path in files)


def test_converted_pages_say_so_and_link_the_original(documents, converter):
    """A converted page says once, under its title, that it is a reviewed machine conversion, linking the original
    in its own script (lang and hreflang set for screen readers); an original page does not."""
    from build_tools.context import PageContext
    from build_tools.model import Curation
    from build_tools.render import environment, render_document

    env = environment(ROOT / "templates" / "pages")
    for doc_id, script, shown in [
        ("2024-work-points", "zh-Hant", True),
        ("2024-work-points", "zh-Hans", False),
        ("2018-npc-decision", "zh-Hans", True),
    ]:
        page = render_document(env, documents[doc_id], PageContext(script, converter, Curation(), documents))
        original = documents[doc_id].meta.original_script
        link = f'<a href="../{original}/{doc_id}.html" hreflang="{original}" lang="{original}">'
        assert (page.count('class="dfl-converted"') == 1 and link in page) is shown, (doc_id, script)
