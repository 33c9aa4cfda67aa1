"""Cleaning steps, case by case: input lines, the lines kept, what was logged, what metadata was found."""

from __future__ import annotations

import pytest

from build_tools.clean import STEPS, clean
from build_tools.dates import printed_date
from build_tools.model import DocumentMeta


def meta(title: str = "测试标题", script: str = "zh-Hans", skip: tuple[str, ...] = ()) -> DocumentMeta:
    return DocumentMeta("test", title, "2024-01-01", "article", "测试", script, skip_cleaning=skip)


CASES = [
    # label, original text, kept lines, steps logged, found metadata
    (
        "a byline emphasised with underscores; a file's name and underscores a Han character touches keep theirs",
        "_发布时间：2024-05-30_ _来源：中国政府网_ _\n正文见附件a_b_c.txt，_强调_一下。",
        ["正文见附件a_b_c.txt，_强调_一下。"],
        ["markup_residue", "column_header"],
        {"published": "2024-05-30"},
    ),
    ("a print button with its option", "[打印]仅打印内容\n正文。", ["正文。"], ["page_chrome"], {}),
    (
        "a type-size widget captioned 字体大小, a caption over download links, 相关文章 under the text",
        "字体大小：A+AA-打印\n第一条　为规范奖补资金管理，根据有关规定，结合本区实际，制定本细则，请各单位认真遵照执行。\n"
        "第二条　本细则自发布之日起施行，有效期至2025年12月31日，由自治区交通运输厅负责解释。\n"
        "文件下载： **![](https://a.gov.cn/x.gif)** [关于修订奖补细则的通知.docx](https://a.gov.cn/a.docx)\n"
        "相关文章\n[图解：奖补政策解读](https://a.gov.cn/b.html)",
        [
            "第一条\u3000为规范奖补资金管理，根据有关规定，结合本区实际，制定本细则，请各单位认真遵照执行。",
            "第二条\u3000本细则自发布之日起施行，有效期至2025年12月31日，由自治区交通运输厅负责解释。",
        ],
        ["markup_residue", "markup_residue", "page_chrome", "page_chrome"],
        {"links": "https://a.gov.cn/a.docx"},
    ),
    (
        "a part's 一 typed as a dash, the next part 二、",
        "—、总体思路\n坚持统筹推进。\n二、重点任务\n加快建设。",
        ["一、总体思路", "坚持统筹推进。", "二、重点任务", "加快建设。"],
        ["numeral_lookalikes"],
        {},
    ),
    ("a dash before 、 with no part 二 after it stays", "—、总体思路\n坚持统筹推进。", ["—、总体思路", "坚持统筹推进。"], [], {}),
    (
        "a policy mirror's header: its source a URL, its issuer, its heading over the text, a search box",
        "**发文机构**: 中华人民共和国商务部\n**来源**: http://www.mofcom.gov.cn/zcfb/index.html\n## 政策原文\n搜索搜索\n正文。",
        ["正文。"],
        ["markup_residue", "markup_residue", "markup_residue", "page_chrome", "page_chrome", "byline", "metadata_lines"],
        {"page_source": "http://www.mofcom.gov.cn/zcfb/index.html", "issuer": "中华人民共和国商务部"},
    ),
    (
        "a byline's value stops at the page's date after it",
        "类型：原创 分类：政策 2025-08-01 17:00\n正文。",
        ["正文。"],
        ["byline"],
        {"published": "2025-08-01", "page_type": "原创", "category": "政策"},
    ),
    (
        "a bar of links and links whose words run over lines (hard breaks) under the text: the page's footer",
        "第三条　本办法自2025年9月1日起施行。\n[首 页](http://a.gov.cn/)[机构设置](http://a.gov.cn/jg.html)\n"
        "[移动端\\\\\n![](http://a.gov.cn/a.jpg)](http://a.gov.cn/app.html) 邮箱登录关注微博 [微信公众号\\\\\n"
        "![](http://a.gov.cn/b.jpg)](http://a.gov.cn/wx.html) @国务院我来说",
        ["第三条\u3000本办法自2025年9月1日起施行。"],
        [
            "converter_residue",
            "converter_residue",
            "markup_residue",
            "markup_residue",
            "markup_residue",
            "markup_residue",
            "page_chrome",
            "page_chrome",
            "page_chrome",
        ],
        {"links": "http://a.gov.cn/"},
    ),
    (
        "gambling breadcrumb",
        "您当前的位置:华体会娱乐(中国)官方网站,  党建工作\n正文第一段。",
        ["正文第一段。"],
        ["site_breadcrumb"],
        {},
    ),
    (
        "byline with non-breaking space",
        "来源:人民日报 作者:中共福建省委理论学习中心组\u00a0时间:2023-04-26\n正文。",
        ["正文。"],
        ["byline"],
        {"page_source": "人民日报", "page_author": "中共福建省委理论学习中心组", "page_date": "2023-04-26"},
    ),
    (
        "column header and share widget with a broken date",
        "行业动态\n\nIndustry News\n\n发布时间:\n\n202405/08\n\n17:29\n\n分享到:\n\n正文。",
        ["正文。"],
        ["page_chrome", "column_header", "column_header", "column_header", "column_header", "column_header", "broken_dates"],
        {"published": "2024-05-08"},
    ),
    (
        "broken dates in running text",
        "20184月,总书记发来贺信。202010月,再次发来贺信。2018年5月不变。",
        ["2018年4月，总书记发来贺信。2020年10月，再次发来贺信。2018年5月不变。"],
        ["broken_dates", "fullwidth_punctuation"],
        {},
    ),
    (
        "stray spaces inside a word, not in a heading",
        "要让“数  字福建”贴近社会。\n数字化建设 启崭新征程\n正文。",
        ["要让“数字福建”贴近社会。", "数字化建设 启崭新征程", "正文。"],
        ["stray_spaces"],
        {},
    ),
    (
        "wikidata rows (Traditional) become metadata",
        "制定機關:福建省人民代表大會常務委員會\n公布日期2018年5月31日在維基數據編輯\n施行日期2018年6月1日在維基數據編輯\n正文。",
        ["正文。"],
        ["wikidata_rows", "wikidata_rows", "wikidata_rows"],
        {"issuer": "福建省人民代表大會常務委員會", "promulgated": "2018-05-31", "effective": "2018-06-01"},
    ),
    (
        "wikisource licence footer",
        "正文。\n本作品來自中華人民共和國的地方性法規。依據著作權法第五條,所以屬於公有領域\nPublic domainPublic domainfalsefalse",
        ["正文。"],
        ["licence_footer", "licence_footer"],
        {"license": "本作品來自中華人民共和國的地方性法規。依據著作權法第五條，所以屬於公有領域"},
    ),
    (
        "news dateline, caption, credit, related links, comment counter",
        "海峽網4月20日訊 (中國網 龔旭群) 四月福州,繁花似錦。\n首屆峰會部分展區\n正文第二段。\n責任編輯:黃仙妹\n"
        "- 新聞一2019-04-03\n- 新聞二2019-04-03\n- 新聞三2019-04-03\n-\n"
        "福州:綠色祭掃 樹立新風2019-04-03\n- 一周熱點新聞\n已有0人發表了評論",
        ["四月福州，繁花似錦。", "正文第二段。"],
        [
            "page_chrome",  # the lone '-' of the list
            "byline",
            "byline",
            "comment_counter",
            "related_links",
            "related_links",
            "related_links",
            "related_links",
            "related_links",
            "image_captions",
            "fullwidth_punctuation",
        ],
        {"editor": "黃仙妹", "dateline": "海峽網4月20日訊", "byline": "中國網 龔旭群"},
    ),
    (
        "a dash list followed by prose is not chrome",
        "- 第一项\n- 第二项\n- 第三项\n这一段是正文。",
        ["- 第一项", "- 第二项", "- 第三项", "这一段是正文。"],
        [],
        {},
    ),
    (
        "paywall: the notice is a gap, the prefix of the next line goes",
        "一、标题\n此处内容需要权限查看\n会员免费查看数字政府建设将数字技术广泛应用。",
        ["一、标题", "", "数字政府建设将数字技术广泛应用。"],
        ["paywall", "paywall"],
        {},
    ),
    (
        # the prints above the last one are the page's head; the last (split over two lines) is the text's title
        "duplicate title, whole and split over two lines; parenthetical joined",
        "测试的决定\n\n测试的决定\n测试\n\n的决定\n(2018年5月31日某某\n\n会议通过)\n正文。",
        ["（2018年5月31日某某会议通过）", "正文。"],
        [
            "page_head",
            "page_head",
            "duplicate_title",
            "duplicate_title",
            "broken_parenthetical",
            "broken_parenthetical",
            "fullwidth_punctuation",
        ],
        {},
    ),
    (
        # the related links under the text, each caption behind a separator as a page's tab bar prints it
        "footer captions behind a separator",
        "第三十九条 本细则自2026年1月1日起施行。\n| 政策解读\n| 相关政策\n| 相关报道\n网站标识码：1200000001",
        ["第三十九条 本细则自2026年1月1日起施行。"],
        ["page_chrome", "page_chrome", "page_chrome", "page_chrome"],
        {},
    ),
    (
        # a task table's header row, flattened on one line (spaced) and copied cell by cell: the columns' names
        "task table header rows",
        "工 作 任 务牵头单位责 任 单 位工 作 要 求\n一、加强公开\n序号\t工作任务\t牵头单位\t配合/责任单位\n1.做好规划公开。",
        ["一、加强公开", "1.做好规划公开。"],
        ["table_cells", "table_header", "table_header", "table_header", "table_header", "table_header"],
        {},
    ),
    (
        # 国办发〔2023〕17号 and 医保办函〔2025〕85号 as copied from their PDFs: a page break cuts a paragraph mid-word
        "paragraphs a page break cut, joined",
        "（五）强化地方政府属地监管责任。\n地方各级人民政府对本行政区域内医保基金使用常态化监管负领导责任，加强监管\n"
        "能力建设，积极推进跨部门综合监管。\n（三）强化责任追究。\n县级以上地方人民政府要切实履行监管职\n"
        "责，对监管不力、执法不严导致医保基金安全存在重大风险的，依纪依法追究责任。",
        [
            "（五）强化地方政府属地监管责任。",
            "地方各级人民政府对本行政区域内医保基金使用常态化监管负领导责任，加强监管能力建设，积极推进跨部门综合监管。",
            "（三）强化责任追究。",
            "县级以上地方人民政府要切实履行监管职责，对监管不力、执法不严导致医保基金安全存在重大风险的，依纪依法追究责任。",
        ],
        ["broken_paragraphs", "broken_paragraphs", "broken_paragraphs", "broken_paragraphs"],
        {},
    ),
    (
        # What ends without a sentence's end and is no broken paragraph: a heading with or without a number, a list of
        # units, the 落款 and its date
        "lines that stop without a sentence end and stand alone",
        "（五）强化地方政府属地监管责任\n地方各级人民政府要加强监管能力建设，积极推进跨部门综合监管。\n"
        "数字福州，幸福榕城\n福州市加快建设数字应用第一城，打造数字中国建设的样板。\n"
        "推进政务数据共享，完善公共数据资源目录，建立数据共享责任清单和\n省发改委、省数据管理局\n"
        "国家医疗保障局办公室\n2025年10月22日",
        [
            "（五）强化地方政府属地监管责任",
            "地方各级人民政府要加强监管能力建设，积极推进跨部门综合监管。",
            "数字福州，幸福榕城",
            "福州市加快建设数字应用第一城，打造数字中国建设的样板。",
            "推进政务数据共享，完善公共数据资源目录，建立数据共享责任清单和",
            "省发改委、省数据管理局",
            "国家医疗保障局办公室",
            "2025年10月22日",
        ],
        [],
        {},
    ),
    (
        "a PDF's line end after a pause mark",  # 医保办函〔2025〕85号: '改革试点地区、 试点单位'
        "智能监管改革试点地区、 试点单位要先行先试，积极开展试点探索。",
        ["智能监管改革试点地区、试点单位要先行先试，积极开展试点探索。"],
        ["stray_spaces"],
        {},
    ),
    (
        "kangxi radicals from PDFs",
        "推进数字⾏政和⽂化建设,⻓期坚持。",
        ["推进数字行政和文化建设，长期坚持。"],
        ["kangxi_radicals", "fullwidth_punctuation"],
        {},
    ),
]


@pytest.mark.parametrize(("label", "original", "kept", "steps", "found"), CASES, ids=[case[0] for case in CASES])
def test_cleaning_case(converter, label, original, kept, steps, found):
    title = "测试的决定" if "title" in label else "测试标题"
    result = clean(original, meta(title), converter, "seeds/test.txt")
    assert [line.text for line in result.lines] == kept
    assert [change.step for change in result.changes] == steps
    assert {k: v for k, v in result.found.items() if k != "placeholders"} == found


def test_placeholders_are_reported_not_filled(converter):
    result = clean("今年x月x日，推进xg基站部署。", meta(), converter, "seeds/test.txt")
    assert result.lines[0].text == "今年x月x日，推进xg基站部署。"
    assert result.found["placeholders"] == "“x”2处（首见第1行）、“xg”1处（首见第1行）"


def test_steps_can_be_skipped_by_name(converter):
    result = clean("20184月,贺信。", meta(skip=("broken_dates", "fullwidth_punctuation")), converter, "seeds/test.txt")
    assert result.lines[0].text == "20184月,贺信。"


def test_unknown_step_lists_the_valid_ones(converter):
    with pytest.raises(ValueError) as caught:
        clean("正文。", meta(skip=("broken_date",)), converter, "seeds/test.txt")
    assert (
        str(caught.value)
        == f"unknown cleaning step 'broken_date' in skip_cleaning; expected one of: {', '.join(name for name, s in STEPS.items() if s.run)}."
    )


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("2018年5月31日", "2018-05-31"),
        ("2023-04-26", "2023-04-26"),
        ("2026-05-27 00:00:00", "2026-05-27"),  # a mirror's front matter
        ("202405/08", "2024-05-08"),
        ("2024年13月1日", None),
        ("2024年2月31日", None),  # the one date parser refuses a day the month does not have
        ("下同", None),
    ],
)
def test_printed_date(printed, iso):
    assert printed_date(printed) == iso


@pytest.mark.parametrize(
    ("title", "original", "kept", "found"),
    [
        (
            # a page's own title (<title>): the document's with its 文号, then its column and site after '_'
            "关于印发《某方案》的通知",
            "# 关于印发《某方案》的通知(川发改能源〔2025〕278号)_通知公告_四川省发展和改革委员会\n正文。",
            ["正文。"],
            {"doc_number": "川发改能源〔2025〕278号"},
        ),
        (
            # a site's greeting above the title (！, no sentence of a text), an empty field (来源:), an image's link
            "某行动方案",
            "您好！欢迎浏览某省能源局官方网站！\n- 关怀版\n某行动方案\n发布日期：2026-04-01 20:46\n来源:\n"
            "[![](http://a.gov.cn/sm.jpg)](http://a.gov.cn/#)\n为促进新能源消纳，制定本行动方案。",
            ["为促进新能源消纳，制定本行动方案。"],
            {"promulgated": "2026-04-01"},
        ),
    ],
)
def test_a_pages_own_title_and_head(converter, title, original, kept, found):
    result = clean(original, meta(title), converter, "seeds/test.txt")
    assert [line.text for line in result.lines] == kept
    assert {k: v for k, v in result.found.items() if k != "placeholders"} == found
