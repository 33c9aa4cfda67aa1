"""Structure: the counts the issue names, every task's units, ID rules, and the general hierarchies of official texts."""

from __future__ import annotations

import re

import pytest

from build_tools.aliases import load_aliases
from build_tools.forms import load_forms
from build_tools.identify import ID_PATTERN, chinese_number
from build_tools.model import Line
from build_tools.parse import choose_form, parse
from build_tools.units import normalize_units, split_units
from tests.conftest import ROOT

# Responsible units of the 28 tasks of the 2024 work points, normalised (省 prefix shared in a 、 series, notes dropped).
TASK_UNITS = {
    1: "省通信管理局 省数据管理局 省工信厅 省海洋渔业局 各设区市",
    2: "省数据管理局 省工信厅 省通信管理局 各设区市 省大数据集团",
    3: "省直有关单位 各设区市",
    4: "省数据管理局 省直有关单位 各设区市 省大数据集团",
    5: "省数据管理局 省地方金融管理局 省直有关单位 各设区市 省大数据集团",
    6: "省数据管理局 福州大学 省大数据集团",
    7: "省数据管理局 省工信厅 各设区市",
    8: "省农业农村厅 省工信厅 省发改委 省商务厅 省数据管理局 各设区市",
    9: "省发改委 省数据管理局 省直有关单位 福州及相关设区市",
    10: "省数据管理局 省审改办 省直有关单位 莆田及相关设区市 省大数据集团",
    11: "省政府办公厅 省公安厅 省司法厅 省数据管理局 省直有关单位 省大数据集团",
    12: "省数据管理局 省政府办公厅 各设区市 省大数据集团",
    13: "省数据管理局 省经济信息中心 省直有关单位 福州大学 省大数据集团",
    14: "省文旅厅 省委宣传部 省广播影视集团",
    15: "省文旅厅 省商务厅 省教育厅 省体育局 厦门及相关设区市",
    16: "省住建厅 省交通运输厅 省应急管理厅 省农业农村厅 省委网信办 各设区市 省高速公路集团 省港口集团 省大数据集团",
    17: "省教育厅 省卫健委 省医保局 省药监局 省民政厅 省人社厅 省数据管理局 各设区市 省大数据集团",
    18: "省发改委 省数据管理局 省委台办 各设区市 省大数据集团 省金融投资公司",
    19: "省生态环境厅 省自然资源厅 省水利厅 省林业局",
    20: "省数据管理局 福州市 泉州市 省大数据集团",
    21: "省科技厅 省工信厅 省发改委 省数据管理局",
    22: "省科技厅 各设区市",
    23: "省密码管理局 省数据管理局 省工信厅 省委网信办 省大数据集团 省电子信息集团",
    24: "省密码管理局 省数据管理局 省大数据集团",
    25: "省委网信办",
    26: "省市场监管局 省数据管理局",
    27: "省市场监管局 省发改委 省数据管理局 各设区市",
    28: "省发改委 省商务厅 省科技厅 省数据管理局",
}


def kinds(document, kind):
    return [p for p in document.walk() if p.kind == kind]


def test_work_points_structure(documents):
    doc = documents["2024-work-points"]
    assert [p.kind for p in doc.provisions] == ["notice", "preamble", "part", "part", "part", "part", "part"]
    assert len(kinds(doc, "part")) == 5
    assert [p.number for p in kinds(doc, "sec")] == list(range(1, 15))
    tasks = kinds(doc, "item")
    assert [t.number for t in tasks] == list(range(1, 29))
    assert doc.find("part_2__sec_3__item_7").label == "二（三）7"
    assert doc.find("part_2__sec_3__item_7").heading == "培育壮大数字产业集群"


@pytest.mark.parametrize("number", sorted(TASK_UNITS))
def test_every_task_has_its_units(documents, number):
    (task,) = [t for t in kinds(documents["2024-work-points"], "item") if t.number == number]
    assert " ".join(task.units_normalized) == TASK_UNITS[number]
    assert len(task.responsible_units) == len(task.units_normalized)
    assert "责任单位" not in task.text


def test_units_bracket_styles(documents):
    doc = documents["2024-work-points"]
    assert doc.find("part_1__sec_1__item_1").units_raw.startswith("〔责任单位")
    assert doc.find("part_1__sec_1__item_1").responsible_units[-1] == "各设区市（含平潭综合实验区，下同）"
    # the seed prints '(责任单位:…)', restored to full width by the fullwidth_punctuation step
    assert doc.find("part_1__sec_1__item_2").units_raw.startswith("（责任单位：")
    assert doc.find("part_1__sec_2__item_6").units_raw == "（责任单位：省数据管理局，福州大学，省大数据集团"
    assert "一（二）6（第43行）：“（责任单位：”的括号未闭合，已读至段末。" in doc.warnings
    # sections (十二)–(十四) carry units in their paragraph
    assert doc.find("part_5__sec_14").units_normalized[-1] == "各设区市"


def test_decision_structure(documents):
    doc = documents["2018-npc-decision"]
    assert [p.id for p in doc.provisions] == ["note_1", "preamble", "part_1", "part_2", "part_3", "part_4"]
    assert len(kinds(doc, "sec")) == 16
    assert doc.find("part_2__sec_1").heading == "明確發展目標"
    assert doc.find("note_1").text == "（2018年5月31日福建省第十三屆人民代表大會常務委員會第三次會議通過）"


def test_article_structure(documents):
    doc = documents["2023-peoples-daily"]
    sections = [p for p in doc.provisions if p.kind == "sec"]
    assert [s.heading for s in sections] == [
        "深刻认识加快数字化发展的独特优势和重要使命",
        "一张蓝图绘到底、一任接着一任干，数字福建建设取得丰硕成果",
        "奋力推动数字福建建设迈上更高水平",
    ]
    headed = [p.heading for p in doc.walk() if p.kind == "para" and p.heading]
    assert headed == [
        "数字中国建设峰会成效显著",
        "数字经济发展持续加快",
        "数字政务服务优化升级",
        "数字社会建设蹄疾步稳",
        "着力发展融合融通的数字经济",
        "着力打造协同高效的数字政府",
        "着力构建普惠便捷的数字社会",
        "着力建设集约智能的数字基础设施",
        "着力构建赋智赋能的数据体系",
    ]


def test_news_and_speech(documents):
    news = documents["2018-summit-news"]
    assert [p.heading for p in news.provisions if p.kind == "sec"] == ["數字化建設 啟嶄新征程", "智慧化生活 揚新時代風帆"]
    assert news.find("sec_1__para_2").heading == ""  # a lone literary opener (風正一帆懸。) is not a lead heading
    speech = documents["speech-digital-economy"]
    assert [p.id for p in speech.provisions] == ["preamble", "part_1", "part_2", "part_3", "part_6"]
    assert [c.kind for c in speech.find("part_3").children] == ["gap", "para"]
    assert "编号从“三”跳到“六”（第10行）：原文缺少“四”“五”。" in speech.warnings


def test_ids_are_ascii_structural_unique(documents):
    for doc in documents.values():
        ids = [p.id for p in doc.walk()]
        assert len(ids) == len(set(ids)), doc.id
        for provision in doc.walk():
            assert ID_PATTERN.match(provision.id), provision.id
            assert provision.id.isascii()
            if provision.parent:
                assert provision.id.startswith(provision.parent + "__")


def lines(*texts: str) -> list[Line]:
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_chapters_and_articles():
    parsed = parse(
        lines(
            "第一章 总则",
            "第一条 为了规范数据管理，制定本办法。",
            "第二条 本办法适用于全省。",
            "第二章 附则",
            "第三条 本办法自公布之日起施行。",
        ),
        load_forms().forms["law-cn"],
    )
    ids = [p.id for top in parsed.provisions for p in top.walk()]
    assert ids == ["chp_1", "chp_1__art_1", "chp_1__art_2", "chp_2", "chp_2__art_3"]
    assert parsed.provisions[0].children[0].label == "第一条"  # an article is cited by its own number


def test_points_under_items():
    parsed = parse(lines("一、总体要求", "1.加强领导。具体如下：", "(1)建立机制。明确分工。", "(2)落实责任。定期检查。"))
    ids = [p.id for top in parsed.provisions for p in top.walk()]
    assert ids == ["part_1", "part_1__item_1", "part_1__item_1__point_1", "part_1__item_1__point_2"]
    assert parsed.warnings == []


@pytest.mark.parametrize(("text", "number"), [("一", 1), ("十", 10), ("十四", 14), ("二十一", 21), ("一百零二", 102), ("28", 28)])
def test_chinese_numbers(text, number):
    assert chinese_number(text) == number


def test_units_helpers():
    clause = "省通信管理局、数据管理局,各设区市(含平潭综合实验区,下同)"
    assert split_units(clause) == ["省通信管理局", "数据管理局", "各设区市(含平潭综合实验区,下同)"]
    assert normalize_units(clause) == ["省通信管理局", "省数据管理局", "各设区市"]
    assert all(re.search(r"\S", u) for u in normalize_units("福州市、泉州市"))
    assert normalize_units("福州市、泉州市") == ["福州市", "泉州市"]


def test_changed_ids_keep_their_old_anchors(documents):
    """curation/aliases.yml: the 2024 notice's paragraphs 2-4 became its body paragraph and its 落款 (GB/T 9704)."""
    joined, problems = load_aliases(ROOT, list(documents.values()))
    assert problems == []
    assert all(not d.aliases for d in documents.values())  # the documents given are never changed: new ones are made
    doc = next(d for d in joined if d.id == "2024-work-points")
    assert doc.find("notice__signature").text == "福建省数字福建建设领导小组\n2024年4月30日"
    assert doc.find("notice__address").label == "主送机关"
    assert doc.aliases_of("notice__signature") == ["notice__para_3", "notice__para_4"]
    assert doc.aliases == {
        "notice__para_2": "notice__para_1",
        "notice__para_3": "notice__signature",
        "notice__para_4": "notice__signature",
        # a numbered heading with one paragraph is one provision: 五（十二）, no longer 五（十二）第1段
        "part_5__sec_12__para_1": "part_5__sec_12",
        "part_5__sec_13__para_1": "part_5__sec_13",
        "part_5__sec_14__para_1": "part_5__sec_14",
    }


FORMS = load_forms().forms


@pytest.mark.parametrize(
    ("form", "texts", "expected"),
    [
        # A law's short first sentence stays text, with its full stop: no lead-sentence heading in a law.
        ("law-cn", ["第一条　为了规范管理。制定本条例。"], [("art_1", "第一条", "", "为了规范管理。制定本条例。")]),
        # A reference opening a paragraph is not an article: 第五条第一项规定… stays the paragraph of 第四条.
        (
            "law-cn",
            ["第四条　本条例适用于本省。", "第五条第一项规定的情形除外。"],
            [
                ("art_4", "第四条", "", ""),
                ("art_4__para_1", "第四条第一款", "", "本条例适用于本省。"),
                ("art_4__para_2", "第四条第二款", "", "第五条第一项规定的情形除外。"),
            ],
        ),
        # Taiwan: 第 N 條 on its own line, its 項 below, 款 一、, an inserted article 第 5-1 條.
        (
            "law-tw",
            ["第 5 條", "本法用詞，定義如下：", "一、個人資料。", "第 5-1 條", "本條文字。"],
            [
                ("art_5", "第5條", "", "本法用詞，定義如下："),
                ("art_5__item_1", "第5條第1款", "", "個人資料。"),
                ("art_5_1", "第5-1條", "", "本條文字。"),
            ],
        ),
        # An article's caption (條文要旨) is its heading.
        (
            "law-tw",
            ["第一條 (立法目的)", "為健全檔案管理，特制定本法。"],
            [("art_1", "第一條", "(立法目的)", "為健全檔案管理，特制定本法。")],
        ),
        # A decision: 一、 items cited 一, 二 whatever lines stand above them; a line of only a numeral is a part. A
        # heading with one paragraph is one provision (一); with two, each paragraph is cited 二第1段, 二第2段.
        (
            "decision",
            ["一、总体要求", "正文。", "二", "正文。", "又一段。"],
            [
                ("part_1", "一", "总体要求", "正文。"),
                ("part_2", "二", "", ""),
                ("part_2__para_1", "二第1段", "", "正文。"),
                ("part_2__para_2", "二第2段", "", "又一段。"),
            ],
        ),
        # A formula on its own line belongs to the paragraph that announces it ('计算公式：'): 第四条 has two 款, not three.
        (
            "law-cn",
            [
                "第四条　应纳税额为当期销项税额抵扣当期进项税额后的余额。计算公式：",
                "应纳税额＝当期销项税额－当期进项税额",
                "不足抵扣的，结转下期。",
            ],
            [
                ("art_4", "第四条", "", ""),
                (
                    "art_4__para_1",
                    "第四条第一款",
                    "",
                    "应纳税额为当期销项税额抵扣当期进项税额后的余额。计算公式：\n应纳税额＝当期销项税额－当期进项税额",
                ),
                ("art_4__para_2", "第四条第二款", "", "不足抵扣的，结转下期。"),
            ],
        ),
        # A GB/T 9704 document has no 款: its paragraphs are as printed, a formula on its own line one of them.
        (
            "decision",
            [
                "一、差额收益的计量",
                "其具体计算方法如下：",
                "差额收益=（购电均价-现货交易购电价格）×现货交易电量。",
                "其中，购电均价为当月均价。",
            ],
            [
                ("part_1", "一", "差额收益的计量", ""),
                ("part_1__para_1", "一第1段", "", "其具体计算方法如下："),
                ("part_1__para_2", "一第2段", "", "差额收益=（购电均价-现货交易购电价格）×现货交易电量。"),
                ("part_1__para_3", "一第3段", "", "其中，购电均价为当月均价。"),
            ],
        ),
        # One paragraph, then items: the paragraph is the heading's own text; the items are its children.
        (
            "plan",
            ["一、总体要求", "总的要求是：", "（一）目标。", "正文。", "（二）任务", "甲。", "乙。"],
            [
                ("part_1", "一", "总体要求", "总的要求是："),
                ("part_1__sec_1", "一（一）", "目标", "正文。"),
                ("part_1__sec_2", "一（二）", "任务", ""),
                ("part_1__sec_2__para_1", "一（二）第1段", "", "甲。"),
                ("part_1__sec_2__para_2", "一（二）第2段", "", "乙。"),
            ],
        ),
        # A caption without brackets alone on the article's line (short, no sentence) is its heading; its rule follows
        # (one paragraph: the article's text, as a bracketed caption's is).
        (
            "law-cn",
            ["第八条 知识产权申请和维护", "主要用于专利申请的资助。", "第九条 本办法自印发之日起施行。"],
            [
                ("art_8", "第八条", "知识产权申请和维护", "主要用于专利申请的资助。"),
                ("art_9", "第九条", "", "本办法自印发之日起施行。"),
            ],
        ),
        # A lead-in that heads its items (七、…以下工作：) is the part's heading, its colon kept apart as a full stop is.
        (
            "decision",
            ["七、项目应加强和改进以下节能降碳工作：", "（一）工艺节能降碳。"],
            [("part_7", "七", "项目应加强和改进以下节能降碳工作", ""), ("part_7__sec_1", "七（一）", "工艺节能降碳", "")],
        ),
        # Decimal numbering: 2.3.1 under 2.3 under 2.
        (
            "standard",
            ["2 范围", "2.3 术语", "2.3.1 数据：指记录。"],
            [("sec_2", "2", "范围", ""), ("sec_2__sec_3", "2.3", "术语", ""), ("sec_2__sec_3__sec_1", "2.3.1", "", "数据：指记录。")],
        ),
        # A 预案 lists in GB/T 9704's numbering inside a clause (（一） 1.); a chapter printed '5. 灾后处置', a clause '4.3.';
        # an item '1.监测预警' inside chapter 4 is no chapter: chapters go forward.
        (
            "standard",
            ["4 应急响应", "4.2.1 Ⅳ级响应", "（一）区减灾办措施", "1.监测预警", "2.加强值班值守。", "4.3. 响应终止", "5. 灾后处置"],
            [
                ("sec_4", "4", "应急响应", ""),
                ("sec_4__sec_1", "4.2.1", "Ⅳ级响应", ""),
                ("sec_4__sec_1__sec_1", "4.2.1（一）", "区减灾办措施", ""),
                ("sec_4__sec_1__sec_1__item_1", "4.2.1（一）1", "监测预警", ""),
                ("sec_4__sec_1__sec_1__item_2", "4.2.1（一）2", "加强值班值守", ""),
                ("sec_4__sec_3", "4.3", "响应终止", ""),
                ("sec_5", "5", "灾后处置", ""),
            ],
        ),
    ],
)
def test_forms_cite_as_people_write(form, texts, expected):
    parsed = parse(lines(*texts), FORMS[form])
    found = [(p.id, p.label, p.heading, p.text) for top in parsed.provisions for p in top.walk()]
    assert found == expected


def test_lost_item_marker_is_inferred_and_reported():
    parsed = parse(lines("第三条　有下列情形之一的：", "违反规定的；", "（二）拒不改正的。"), FORMS["law-cn"])
    items = [p for top in parsed.provisions for p in top.walk() if p.kind == "item"]
    assert [(p.label, p.marker, p.text) for p in items] == [
        ("第三条第（一）项", "", "违反规定的；"),
        ("第三条第（二）项", "（二）", "拒不改正的。"),
    ]
    assert parsed.diagnostics == [(2, "the 项 before '二' has no number; read as 项 一.")]


def test_a_box_holds_its_table_and_raises_no_doubt():
    """A 专栏 is its own provision (专栏1), holding the lines after it until the next heading of the text around it;
    its short lines are the cells of the table it boxes, not headings that lost their numbers: no warning for them."""
    parsed = parse(
        lines(
            "一、发展目标",
            "（一）总体目标。到2030年，基本建成。",
            "专栏1 主要指标",
            "指标",
            "预期性",
            "1.4",
            "（二）分领域目标。各领域协调发展。",
        ),
        FORMS["plan"],
    )
    found = [(p.label, p.heading or p.text) for top in parsed.provisions for p in top.walk()]
    assert found[:3] == [("一", "发展目标"), ("一（一）", "总体目标"), ("专栏1", "主要指标")]
    assert [label for label, _ in found[3:6]] == ["专栏1第1段", "专栏1第2段", "专栏1第3段"]
    assert found[6] == ("一（二）", "分领域目标")  # the next heading of the text closes the box
    assert parsed.diagnostics == []


def test_text_after_the_signature_is_a_note_not_the_preamble():
    """GB/T 9704 7.3.6: what stands after the 落款 and its date is a 附注 (a PDF compilation also carries the next
    document's first line there); it was read as a paragraph of the preamble, above the body."""
    parsed = parse(
        lines(
            "为做好工作，现通知如下：",
            "一、目标任务",
            "（一）开展试点。2025年底前完成。",
            "国家医疗保障局办公室",
            "2025年10月22日",
            "国家医疗保障局办公室",
        ),
        FORMS["notice"],
    )
    found = [(p.kind, p.label, p.text) for top in parsed.provisions for p in top.walk()]
    assert found[-2:] == [("signature", "落款", "国家医疗保障局办公室\n2025年10月22日"), ("note", "附注", "国家医疗保障局办公室")]
    assert [p.text for p in parsed.provisions[0].walk() if p.kind == "para"] == ["为做好工作，现通知如下："]
    assert parsed.diagnostics == [(6, "text after the signature (落款), read as a note (附注): '国家医疗保障局办公室'.")]


def test_an_attachment_is_read_in_its_own_numbering_and_a_joint_signature_with_its_issuers():
    """A 预案 numbered 1.1 carries an attachment numbered 一、（一） (GB/T 9704 7.4: an attachment is a document of its
    own); a 落款 of two issuers with the date on the last one's line, as a copy that lost the line break prints it."""
    parsed = parse(
        lines(
            "1 总则",
            "1.1 编制目的",
            "为做好应急处置工作，制定本预案。",
            "甲市农业局",
            "甲市卫生健康委员会 2015年9月1日",
            "附件2",
            "应急处理技术措施",
            "一、隔离",
            "（一）划定隔离区。由兽医部门划定。",
        ),
        FORMS["standard"],
    )
    found = [(p.kind, p.label) for top in parsed.provisions for p in top.walk()]
    assert ("signature", "落款") in found
    assert [p.text for top in parsed.provisions for p in top.walk() if p.kind == "signature"] == [
        "甲市农业局\n甲市卫生健康委员会 2015年9月1日"
    ]
    assert found[-3:] == [("att", "附件2"), ("part", "附件2一"), ("sec", "附件2一（一）")]


def test_each_document_a_notice_issues_is_cited_with_its_title_and_an_attachment_with_its_mark():
    """A notice issuing 《甲》《乙》 prints both, each opening with its title (clean.covering_notice marks the lines):
    their articles are cited with the document's title (《甲办法》第一条, 《乙规定》第一条), as GB/T 9704's levels are,
    and an attachment's with its mark (附件1第一条); a law's article label names no parent, so the same 第一条 would
    otherwise stand three times."""
    texts = ["甲办法", "第一条 为了规范甲事项，制定本办法。", "乙规定", "第一条 为了规范乙事项，制定本规定。", "附件1", "第一条 丙。"]
    found = lines(*texts)
    found[0].role = found[2].role = "document_title"
    parsed = parse(found, FORMS["law-cn"])
    assert [p.label for top in parsed.provisions for p in top.walk() if p.kind == "art"] == [
        "《甲办法》第一条",
        "《乙规定》第一条",
        "附件1第一条",
    ]


def test_units_in_brackets_as_a_paragraph_of_their_own_are_the_tasks():
    """A 行动方案 prints each task's units in brackets as a paragraph after its text: the task is one provision (its
    heading, its text) with those units, not a text and a second paragraph of units."""
    parsed = parse(
        lines("一、主要任务", "（一）全面实施光伏工程", "结合空间资源，分领域推进光伏建设。", "（责任单位：区发展改革委、区建管委）"),
        FORMS["plan"],
    )
    task = next(p for top in parsed.provisions for p in top.walk() if p.label == "一（一）")
    assert task.children == () and task.text == "结合空间资源，分领域推进光伏建设。"
    assert task.responsible_units == ("区发展改革委", "区建管委")


def test_each_paragraph_of_a_task_with_its_units_line_and_the_units_that_take_part():
    """An 实施意见 gives its task's units as 牵头单位 and 参加单位 (（牵头单位：A；参加单位：B、C）), and a task of several
    paragraphs (unnumbered sub-tasks) prints a units line after each: each line belongs to the text it follows, and a
    line of 参加单位 alone names that paragraph's units too."""
    parsed = parse(
        lines(
            "二、纠正损害群众利益的突出问题",
            "（四）整治行业不正之风。加强金融服务收费监管。",
            "（牵头单位：县银监办；参加单位：区纠风办、县物价局）",
            "纠正电信业乱收费问题。",
            "（参加单位：县电信局、县移动公司）",
        ),
        FORMS["plan"],
    )
    found = {p.label: p for top in parsed.provisions for p in top.walk()}
    assert [label for label in found if label.startswith("二（四）第")] == ["二（四）第1段", "二（四）第2段"]
    assert found["二（四）第1段"].text == "加强金融服务收费监管。"
    assert found["二（四）第1段"].responsible_units == ("县银监办", "区纠风办", "县物价局")
    assert found["二（四）第2段"].text == "纠正电信业乱收费问题。"
    assert found["二（四）第2段"].responsible_units == ("县电信局", "县移动公司")


def test_closing_words_after_the_last_item_are_the_texts_own_paragraphs():
    """A 公文 ends with its closing words (结尾: 请各单位认真贯彻执行, 本通知自印发之日起施行); after the last item of a
    list ((二)…) they close the whole text and are cited after its opening paragraph (第2段, 第3段), not as the
    item's. In a part of its own (六、附则 本办法自…施行) they stay that part's text."""
    parsed = parse(
        lines(
            "为做好工作，现通知如下：",
            "一、工作任务",
            "（一）开展试点。",
            "（二）总结经验。",
            "请各单位认真贯彻执行。",
            "本通知自印发之日起施行。",
        ),
        FORMS["notice"],
    )
    found = [(p.id, p.label, p.heading or p.text) for top in parsed.provisions for p in top.walk()]
    assert found[-3:] == [
        ("closing", "", ""),
        ("closing__para_2", "第2段", "请各单位认真贯彻执行。"),
        ("closing__para_3", "第3段", "本通知自印发之日起施行。"),
    ]
    assert ("preamble__para_1", "第1段", "为做好工作，现通知如下：") in found
    in_a_part = parse(lines("一、工作任务", "（一）开展试点。", "二、附则", "本办法自印发之日起施行。"), FORMS["notice"])
    labels = [p.label for top in in_a_part.provisions for p in top.walk()]
    assert labels == ["一", "一（一）", "二"]
    assert in_a_part.provisions[-1].text == "本办法自印发之日起施行。"


def test_a_note_in_brackets_under_the_covering_notices_signature_is_its_note():
    """GB/T 9704 7.3.6: （联系人：…） under the notice's 落款 is the notice's 附注, not a paragraph of it."""
    found = lines(
        "某市农业农村局关于印发《某预案》的函",
        "各有关单位：",
        "现将《某预案》印发给你们，请遵照执行。",
        "某市农业农村局",
        "2021年12月7日",
        "（联系人：冯某，联系电话：23177812）",
    )
    for line in found:
        line.role = "notice"
    parsed = parse([*found, *lines("1 总则")], FORMS["standard"])
    notice = parsed.provisions[0]
    assert [(p.kind, p.label) for p in notice.children][-2:] == [("signature", "落款"), ("note", "附注")]


def test_an_item_ending_with_a_semicolon_is_a_clause_of_its_list_not_a_heading():
    """GB/T 15834 4.1.4: the items of a list are clauses parted by semicolons (1.…；2.…。); an item's text with no full
    stop is still its text, not a heading, as its neighbour ending with a full stop is."""
    parsed = parse(
        lines(
            "一、补贴对象",
            "（一）具有本市户籍且符合以下条件之一的人员：",
            "1.本市低保家庭中持有残疾人证的残疾人；",
            "2.持有残疾人证，且残疾等级被评为一、二级的重度残疾人。",
        ),
        FORMS["decision"],
    )
    items = [p for top in parsed.provisions for p in top.walk() if p.label.startswith("一（一）")][1:]
    assert [(p.label, p.heading, p.text[:6]) for p in items] == [("一（一）1", "", "本市低保家庭"), ("一（一）2", "", "持有残疾人证")]


def test_a_text_in_articles_whose_items_outnumber_them_is_read_in_articles_and_a_caption_item_holds_its_paragraphs():
    """A notice issuing a 办法 in articles (第一条…) whose articles carry many items is still written in articles: it is
    the parts (一、) of a 公文 that would make it one. An item printed as a caption alone (（一）职工参保人员) or as a
    lead-in (2.个人缴费费率：) holds the paragraphs under it, as a heading does; after an item with a sentence, a
    paragraph is the article's next 款."""
    text = [
        "第一章 总则",
        "第一条 为保障基本照护需求，制定本办法。",
        "第二条 缴费标准如下：",
        "（一）职工参保人员",
        "在职职工按月缴费。",
        "1.单位缴费，由医保经办机构划转；",
        "2.个人缴费费率：",
        "（1）未满35周岁参保人员个人不缴费；",
        "（二）居民参保人员",
        "居民按年缴费。",
        "（三）其他人员参照执行；",
        "（四）具体办法另行制定。",
        "参保人员补缴的，同步补缴。",
        "第三条 本办法自印发之日起施行。",
    ]
    form, reason = choose_form("notice", "zh-Hans", lines(*text))
    assert form.name == "law-cn" and "articles" in reason
    parsed = parse(lines(*text), form)
    found = {p.label: (p.heading or p.text)[:8] for top in parsed.provisions for p in top.walk()}
    assert found["第二条第一款第（一）项"] == "职工参保人员" and found["第二条第一款第（一）项第1段"] == "在职职工按月缴费"
    assert found["第二条第一款第（一）项第2目第2段"].startswith("（1）")
    assert found["第二条第一款第（二）项第1段"] == "居民按年缴费。"
    assert found["第二条第二款"] == "参保人员补缴的，"


def test_a_sentence_leading_into_paragraphs_is_the_first_and_a_promulgating_order_is_a_note():
    """（三）…确定，其中： followed by paragraphs (no numbered items) opens the provision's paragraphs: 一（三）第1段 is that
    sentence, as a reader cites it; a short lead-in (将第十条修改为：) heads what it quotes. In a law's form, the sentence of
    the order that promulgates the text (《…》已经…通过，现予公布，自…起施行。) is a note above it, not its 第1段."""
    parsed = parse(
        lines(
            "一、提高救助标准",
            "（三）特困人员基本生活标准按最低生活保障标准的1.6倍确定，且不低于所在区现行标准，其中：",
            "市财政供养的特困人员基本生活标准为每人每月2094.4元；",
            "各区的城乡特困人员基本生活标准为每人每月2094.4元。",
            "二、修改条文",
            "将第十条修改为：",
        ),
        FORMS["notice"],
    )
    found = [(p.label, (p.heading or p.text)[:6]) for top in parsed.provisions for p in top.walk()]
    assert ("一（三）第1段", "特困人员基本") in found and ("一（三）第3段", "各区的城乡特") in found
    law = parse(
        lines(
            "《某市老年人优待办法》已经2021年1月8日市政府常务会议通过，现予公布，自2021年5月1日起施行。",
            "第一条 为了保障老年人权益，制定本办法。",
        ),
        FORMS["law-cn"],
    )
    assert [(p.kind, p.label) for p in law.provisions] == [("note", "题注"), ("art", "第一条")]
    assert law.diagnostics == []


def test_a_tables_cells_are_one_doubt_with_its_row_numbers():
    """A table printed a cell a line whose first column numbers its rows (序号: 1, 2, 3, a number the form does not
    use): the numbers are its cells too, so the table is one doubt; lone doubts of either kind stay as they are."""
    from build_tools.parse import FOREIGN, UNNUMBERED, _runs_told_once

    foreign = "line opens with the marker '{}', which form notice" + FOREIGN
    table = [(160, f"'序号'{UNNUMBERED}")] + [
        found
        for row in range(1, 30)
        for found in ((160 + 2 * row, foreign.format(row)), (160 + 2 * row, f"'一类'{UNNUMBERED}"), (160 + 2 * row, f"'长期'{UNNUMBERED}"))
    ]
    alone = [(20, foreign.format(3)), (40, f"'附则'{UNNUMBERED}")]
    told = _runs_told_once(alone + table)
    assert told[:2] == alone
    assert told[2:] == [
        (
            160,
            "'序号' and 87 more short lines or cells to line 218 (29 of them a number the form does not use) look like headings"
            " without a number, a table's cells one a line?; read as paragraphs.",
        )
    ]


CLOSING_LIST = [
    "为规范市场秩序，现就有关事项通知如下。",
    "一、监管范围",
    "全省售电企业。",
    "二、工作要求",
    "1.各单位要高度重视，积极配合做好专项监管工作，认真组织开展自查。",
    "2.各单位应按要求及时提供真实、完整的资料，不得无故拖延。",
]
ITEM = "3.交易机构按附件统计报送全省售电企业情况，售电企业随自查报告上报。"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # The last item's words under its number, then two paragraphs for the whole text: its closing, 第2段 and 第3段.
        (["3.", ITEM[2:], "有关材料请于10月15日前报送至监管办。", "联系人：张三"], ["二3", "第2段", "第3段"]),
        # The last item in one line, then a paragraph: the closing again.
        ([ITEM, "市科委牵头建立市区联动工作机制，逐项推进实施。"], ["二3", "第2段"]),
        # The text marks its own ending (特此通知): what stands above it is the last item's.
        ([ITEM, "有关材料请于10月15日前报送至监管办。", "特此通知。"], ["二3", "二3第1段", "二3第2段", "第2段"]),
    ],
)
def test_paragraphs_after_a_lists_last_item_close_the_text(tail, expected):
    """Paragraphs under the last item of a GB/T 9704 text's last list, whose other items are one paragraph each, with
    no closing words of the text's own after them: the text's closing paragraphs (three readers of two pages, each
    without the others), not the item's second and third."""
    parsed = parse(lines(*CLOSING_LIST, *tail), FORMS["decision"])
    labels = [p.label for top in parsed.provisions for p in top.walk() if p.label]
    assert labels[labels.index("二3") :] == expected, labels


def test_a_list_whose_items_have_paragraphs_keeps_its_last_items():
    """Where another item of the list has paragraphs of its own, the last item's are its own too."""
    texts = [*CLOSING_LIST[:5], "本项另起一段，说明自查的范围。", CLOSING_LIST[5], ITEM, "有关材料请于10月15日前报送至监管办。"]
    parsed = parse(lines(*texts), FORMS["decision"])
    labels = [p.label for top in parsed.provisions for p in top.walk() if p.label]
    assert labels[-2:] == ["二3第1段", "二3第2段"] and "第2段" not in labels, labels


def test_an_order_above_its_rules_is_notes_without_a_doubt():
    """A 令 (GB/T 9704 10.3) above the rules it promulgates: its mark, its number under its year, the order, the
    signatory (spaced as pages print it) and the date are notes above the first article, none a doubt."""
    texts = [
        "中华人民共和国商务部令",
        "二〇二五年  第4号",
        "《成品油流通管理办法》已经2025年7月21日商务部第22次部务会议审议通过，现予公布，自2025年9月1日起施行。",
        "部   长   王文涛",
        "2025年8月1日",
        "第一章　总则",
        "第一条　为了规范成品油流通，制定本办法。",
    ]
    parsed = parse(lines(*texts), FORMS["law-cn"])
    assert [p.kind for p in parsed.provisions][:5] == ["note"] * 5
    assert parsed.diagnostics == []


def test_a_tasks_units_under_its_last_sub_item_or_paragraph_are_the_tasks():
    """Units printed on a line of their own under the last of a task's sub-items (1.… 2.…, then （责任单位：…）), or
    closing the last of its paragraphs, where no other sub-item or paragraph names units: the task's."""
    texts = [
        "一、总体要求",
        "（一）建立价格结算机制。新能源参与电力市场交易后，在市场外建立差价结算的机制。（责任单位：市发展改革委）",
        "（二）存量项目电量规模。",
        "1．存量项目范围。2025年6月1日以前投产的新能源项目。",
        "2．机制电价。存量项目的机制电价按0.3964元/千瓦时执行。",
        "（责任单位：市发展改革委、市能源局）",
        "（三）差价电费结算方式。",
        "新能源项目纳入机制的电量应当分解至月度，电网企业每月开展差价结算。",
        "差价结算费用＝实际上网电量×机制电量比例×（机制电价－月度均价）。（责任单位：国网电力、市电力交易中心）",
    ]
    parsed = parse(lines(*texts), FORMS["plan"])
    units = {p.label: list(p.responsible_units) for top in parsed.provisions for p in top.walk() if p.responsible_units}
    assert units == {
        "一（一）": ["市发展改革委"],
        "一（二）": ["市发展改革委", "市能源局"],
        "一（三）": ["国网电力", "市电力交易中心"],
    }
    # The clause stays where it is printed, after the last paragraph's text.
    last = [p for top in parsed.provisions for p in top.walk()][-1]
    assert last.label == "一（三）第2段" and last.source_text().endswith("（责任单位：国网电力、市电力交易中心）")


def test_what_the_text_lists_as_a_whole_taking_effect_closes_it():
    """上述政策…自印发之日起施行: the text naming what it lists as a whole, as 本方案 names itself, in its closing words."""
    texts = [
        "一、主要目标",
        "促进新能源高水平消纳。",
        "二、保障措施",
        "各部门统筹协调推进新能源消纳工作。",
        "上述政策自印发之日起施行，只适用2026年建成的项目。",
    ]
    parsed = parse(lines(*texts), FORMS["plan"])
    labels = [p.label for top in parsed.provisions for p in top.walk() if p.label]
    assert labels == ["一", "二", "第1段"], labels


@pytest.mark.parametrize(
    ("task", "units"),
    [
        # the role the units share closes the list: not a unit's name
        (
            "（一）推进建设。加快建设充电设施。（责任单位：省发改委、工信厅、国网福建省电力有限公司按职责分工负责）",
            ["省发改委", "工信厅", "国网福建省电力有限公司"],
        ),
        # a bracket around them all inside the key's own, the role inside it
        ("（二）完善服务。提升服务水平。（责任单位：〔省发改委、文旅厅按职责分工负责〕）", ["省发改委", "文旅厅"]),
        # …等单位: and the like
        ("（三）加强监管。加强质量监管。（责任单位：省工信厅、住建厅等单位）", ["省工信厅", "住建厅"]),
    ],
)
def test_units_without_the_role_they_share(task, units):
    parsed = parse(lines("一、重点任务", task), FORMS["plan"])
    (found,) = [p for top in parsed.provisions for p in top.walk() if p.responsible_units]
    assert list(found.responsible_units) == units


def test_a_paragraph_inside_a_list_of_items_is_the_items():
    """A law's 款 cannot stand inside a list of 项: paragraphs between item (一) and item (二) are (一)'s own (an item
    printed as a caption over its explanation); a paragraph after the list's last item is the article's next 款."""
    texts = [
        "第十一条　加氢站建设需办理的手续。",
        "（一）项目可行性意见。",
        "市城市管理委结合本市加氢站发展规划，提出可行性意见。",
        "（二）项目开工建设前办理下列手续。",
        "规划自然资源部门办理规划手续。",
        "前款规定的手续可以并联办理。",
    ]
    parsed = parse(lines(*texts), FORMS["law-cn"])
    found = [(p.label, p.text) for top in parsed.provisions for p in top.walk()]
    assert found == [
        ("第十一条", ""),
        ("第十一条第一款", "加氢站建设需办理的手续。"),
        ("第十一条第一款第（一）项", "项目可行性意见。"),
        ("第十一条第一款第（一）项第2段", "市城市管理委结合本市加氢站发展规划，提出可行性意见。"),
        ("第十一条第一款第（二）项", "项目开工建设前办理下列手续。"),
        ("第十一条第二款", "规划自然资源部门办理规划手续。"),
        ("第十一条第三款", "前款规定的手续可以并联办理。"),
    ]
