"""Government web pages as they arrive (issue 20), one convention at a time: a browser's copy of a gov.cn policy page
(metadata table, a 印发 letter with a spaced title over two lines, 目录, decimal numbering, chrome and footer), a page
saved as HTML in GB2312 and in Big5, a Markdown mirror with front matter and converter residue, a crawler's dump on
one line. Each case is written from the conventions (GB/T 9704-2012, 政府信息公开 page layouts), not from a corpus
document; the corpus (tests/corpus/page-*) holds real ones."""

from __future__ import annotations

from pathlib import Path

from build_tools.convert import load_converter
from build_tools.corpus import load_corpus
from build_tools.model import Document
from tests.conftest import ROOT

GOV_CN_COPY = """首页 > 政策 > 国务院政策文件库 > 国务院文件
索 引 号：\t000014349/2023-00012\t主题分类：\t综合政务\\应急管理
发文机关：\t国务院办公厅\t成文日期：\t2023年03月10日
标　　题：\t国务院办公厅关于印发国家粮食应急预案的函
发文字号：\t国办函〔2023〕15号\t发布日期：\t2023年03月15日
主 题 词：\t
国 务 院 办 公 厅 关 于 印 发
国 家 粮 食 应 急 预 案 的 函
国办函〔2023〕15号
各省、自治区、直辖市人民政府，国务院有关部门：
经国务院同意，现将《国家粮食应急预案》印发给你们，请认真组织实施。
国务院办公厅
2023年3月10日
（此件公开发布）
国家粮食应急预案
目录
1 总则
1.1 编制目的
1.2 适用范围
2 组织体系
1 总则
1.1 编制目的
为有效应对粮食市场异常波动，保障粮食供应，制定本预案。
1.2 适用范围
本预案适用于全国范围内的粮食应急工作。
本预案与地方预案衔接。
2 组织体系
国家粮食应急工作指挥部负责统一领导粮食应急工作。主要职责：
（1）研究部署应急工作；
（2）统筹协调各方力量。
【我要纠错】【打印本页】【关闭窗口】
扫一扫在手机打开当前页
相关链接：
国务院办公厅关于加强粮食储备的通知
版权所有：中国政府网　　中文域名：中国政府网.政务
网站标识码bm01000001　京ICP备05070218号
"""
SIDECAR = "title: {title}\ndate: 2023-03-10\nkind: {kind}\nsource: 测试\noriginal_script: {script}\n"


def read(tmp_path: Path, name: str, content: str | bytes, title: str, kind: str = "notice", script: str = "zh-Hans") -> Document:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    path = seeds / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    path.with_suffix(".yml").write_text(SIDECAR.format(title=title, kind=kind, script=script), encoding="utf-8")
    converter, _ = load_converter(ROOT)
    (document,) = load_corpus(tmp_path, converter, seeds, only=path.stem)
    return document


# A covering notice as the parser keeps it: its frame, its addressees, its paragraph, its 落款
NOTICE_HEAD = ["印发通知", "主送机关", "印发通知第1段", "落款"]


def outline(document: Document) -> list[tuple[str, str]]:
    return [(p.label, (p.heading or p.text)[:12]) for p in document.walk()]


def labels_of(document: Document) -> list[str]:
    """The citation labels of a document's provisions, in order."""
    return [label for label, _ in outline(document) if label]


def text_of(document: Document) -> str:
    """Everything a document's provisions hold, as printed: page chrome must be nowhere in it."""
    return "".join(p.source_text() for p in document.walk())


def test_a_gov_cn_copy_with_a_spaced_letter_a_table_and_decimal_numbering(tmp_path):
    document = read(tmp_path, "grain.txt", GOV_CN_COPY, "国务院办公厅关于印发国家粮食应急预案的函", kind="plan")
    assert document.form == "standard" and "1.1 / 1.1.1" in document.form_reason  # the numbering decides, not the kind
    assert outline(document) == [
        ("印发通知", ""),
        ("主送机关", "各省、自治区、直辖市人民"),
        ("印发通知第1段", "经国务院同意，现将《国家"),
        ("落款", "国务院办公厅\n2023年"),
        ("1", "总则"),
        ("1.1", "编制目的"),  # a heading with one paragraph: one provision
        ("1.2", "适用范围"),
        ("1.2第1段", "本预案适用于全国范围内的"),
        ("1.2第2段", "本预案与地方预案衔接。"),
        ("2", "组织体系"),
        ("2（1）", "研究部署应急工作；"),
        ("2（2）", "统筹协调各方力量。"),
    ]
    found = document.meta.found
    assert found["index_number"] == "000014349/2023-00012" and found["doc_number"] == "国办函〔2023〕15号"
    assert found["written"] == "2023-03-10" and found["promulgated"] == "2023-03-15" and found["issuer"] == "国务院办公厅"
    assert "keywords" not in found or found["keywords"] == ""  # an empty cell is empty: the title below is no keyword
    assert found["body_title"] == "国家粮食应急预案" and found["disclosure"] == "此件公开发布"
    text = text_of(document)
    assert not any(word in text for word in ("打印本页", "扫一扫", "相关链接", "版权所有", "ICP备", "首页", "目录"))


def test_a_page_saved_as_html_is_read_as_a_browser_shows_it(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><style>p{}</style>'
        "<script>var x = '第一条';</script></head><body><div class=nav>首页 &gt; 政务公开</div></html>"
        "<table><tr><td>发文字号：</td><td>闽政〔2024〕3号</td><td>发布日期：</td><td>2024-05-01</td></tr></table>"
        "<h1>关于推进数据工作的通知</h1><p>各设区市人民政府：</p><p>　　为推进数据工作，现通知如下。</p>"
        '<p>一、加强统筹</p><p>各地要加强统筹。</p><div style="display:none">隐藏的文字</div>'
        "<p>二、强化保障</p><p>各地要强化保障。</p><p>各地要抓好落实。</p><div>【打印本页】【关闭窗口】</div></body></html>"
    ).encode("gb18030")
    document = read(tmp_path, "data-notice.html", page, "关于推进数据工作的通知")
    assert outline(document) == [
        ("主送机关", "各设区市人民政府："),
        ("", ""),  # the body's opening paragraphs, which a notice cites 第1段
        ("第1段", "为推进数据工作，现通知如"),
        ("一", "加强统筹"),
        ("二", "强化保障"),
        ("二第1段", "各地要强化保障。"),
        ("二第2段", "各地要抓好落实。"),
    ]
    assert document.find("part_1").text == "各地要加强统筹。"
    assert document.meta.found["doc_number"] == "闽政〔2024〕3号" and document.meta.found["promulgated"] == "2024-05-01"
    assert any("gb2312" in change.note for change in document.changes)
    assert "隐藏" not in "".join(p.source_text() for p in document.walk())  # hidden, as a browser hides it


def test_a_big5_page_of_a_taiwan_law(tmp_path):
    page = (
        '<html><head><meta charset="big5"></head><body><table>'
        "<tr><td>第一章 總則</td><td>第一條</td><td>為規範資料管理，特制定本條例。</td></tr>"
        "<tr><td></td><td>第二條</td><td>本條例所稱主管機關，為數位發展部。</td></tr>"
        "<tr><td></td><td></td><td>前項主管機關應公告之。</td></tr></table></body></html>"
    ).encode("cp950")
    document = read(tmp_path, "tw-rules.html", page, "資料管理條例", kind="law", script="zh-Hant")
    assert document.form == "law-tw"
    assert [p.label for p in document.walk()] == ["第一章", "第一條", "第二條", "第二條第一項", "第二條第二項"]


def test_a_markdown_mirror_with_front_matter_and_converter_residue(tmp_path):
    mirror = (
        '---\nid: "abc"\ntitle: "福建省数据条例"\noffice: "福建省人民代表大会常务委员会"\npublish: "2021-12-15 00:00:00"\n'
        'url: "https://example.gov.cn/detail?id=1"\n---\n\n# 福建省数据条例\n\n'
        "[第一条]{.mark}　为了促进数据发展，制定本条例。\n\n第二条　本条例适用于本省\\*行政区域。\n\n第三条　数据工作坚持统筹。\n"
    )
    document = read(tmp_path, "fj-data.md", mirror, "福建省数据条例", kind="regulation")
    assert [(p.label, p.text) for p in document.walk()] == [
        ("第一条", "为了促进数据发展，制定本条例。"),
        ("第二条", "本条例适用于本省*行政区域。"),
        ("第三条", "数据工作坚持统筹。"),
    ]
    found = document.meta.found
    assert found["issuer"] == "福建省人民代表大会常务委员会" and found["promulgated"] == "2021-12-15"
    assert found["source_url"] == "https://example.gov.cn/detail?id=1"
    assert {c.step for c in document.changes} >= {"front_matter", "converter_residue"}


def test_a_crawler_dump_on_one_line_is_cut_at_its_conventions_with_a_warning(tmp_path):
    tasks = "".join(
        f"（{n}）推进第{n}项重点工作。各单位要围绕目标任务，细化工作措施，明确时间节点，压实工作责任，确保各项工作落到实处、取得实效。"
        "要加强统筹协调，强化督促检查，及时总结推广经验做法，推动形成上下联动、协同推进的工作格局。"
        "要建立工作台账，实行清单化管理，定期调度通报进展情况，对推进不力的及时督促整改。"
        for n in "一二三四五六七八九十"
    )
    body = (
        "当前位置： 首页政务公开 某县关于印发《某县2024年数字化工作要点》的通知 时间：2024-03-01 10:00 微信 微博 QQ空间 "
        "某县数字办〔2024〕1号 某县人民政府办公室关于印发《某县2024年数字化工作要点》的通知 各乡镇人民政府，县直各单位："
        "现将《某县2024年数字化工作要点》印发给你们，请认真贯彻落实。 某县人民政府办公室 2024年3月1日某县2024年数字化工作要点"
        f"一、夯实数字基础{tasks[: len(tasks) // 2]}二、深化数字应用{tasks[len(tasks) // 2 :]}三、强化组织保障各单位要加强领导。 来源：某县人民政府 附件下载"
    )
    assert len(body) > 1500 and "\n" not in body
    document = read(tmp_path, "county-points.txt", body, "某县人民政府办公室关于印发《某县2024年数字化工作要点》的通知", kind="work-points")
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD
    assert [label for label in labels if len(label) == 1] == ["一", "二", "三"]
    assert document.meta.found["body_title"] == "某县2024年数字化工作要点"
    assert document.meta.found["doc_number"] == "某县数字办〔2024〕1号"
    assert [str(d) for d in document.diagnostics if "crawler's copy" in d.message] == [
        f"seeds/county-points.txt:1: the body is one line of {len(body):,} characters (a crawler's copy); it was split"
        f" into {next(c for c in document.changes if c.step == 'one_line_body').after.count(chr(10)) + 1} blocks at its"
        " numbered headings, 文号, 主送, 落款 and sentence ends: check the outline (python -m build_tools outline)."
    ]
    text = text_of(document)
    assert not any(word in text for word in ("当前位置", "微信", "附件下载", "来源：", "时间："))


def test_a_crawled_notice_whose_note_runs_into_the_title_of_the_document_it_issues(tmp_path):
    """The shape of a 政府信息公开 page a crawler flattened (fujian.gov.cn's 2019 政务公开 list): the notice's title only
    in the crawler's header, its 附注 （此件公开发布） run into the issued document's title (GB/T 9704 7.3.6: a line of its
    own), and every task's units on a line that ends with a full stop."""
    tasks = "".join(
        f"（{n}）推进第{n}项公开工作。围绕年度重点任务，及时公开政策措施的执行情况，加强政策解读和舆情回应，"
        "推动公开内容标准化、规范化，提升公开质量和实效，方便企业和群众获取。"
        f" 责任单位：省政府各部门、各直属机构，各设区市人民政府。 "
        for n in "一二三四五六"
    )
    body = (
        "标题: 某省人民政府办公厅关于印发某省2019年政务公开工作主要任务的通知\n发布时间: 2019-05-29 09:56\n"
        "==================== 正文 ====================\n"
        "各设区市人民政府，省人民政府各部门、各直属机构： 根据国务院办公厅的通知精神，我们研究制定了《某省2019年政务公开工作主要任务》，"
        "现印发给你们，请认真抓好落实。 某省人民政府办公厅 2019年5月28日 （此件公开发布）某省2019年政务公开工作主要任务 "
        f"做好今年全省政务公开工作，要着力提升政务公开质量。 一、加强政策解读{tasks[: len(tasks) // 2]}二、深化重点领域公开{tasks[len(tasks) // 2 :]}"
    )
    document = read(tmp_path, "province-tasks.txt", body, "某省2019年政务公开工作主要任务", kind="work-points")
    labels = [p.label for p in document.walk()]
    assert labels[:6] == [*NOTICE_HEAD, "", "第1段"], labels
    assert document.find("notice__signature").text == "某省人民政府办公厅\n2019年5月28日"
    tasks_found = [p for p in document.walk() if p.label in ("一（一）", "一（三）", "二（六）")]
    assert [p.responsible_units for p in tasks_found] == [("省政府各部门", "各直属机构", "各设区市人民政府")] * 3
    assert not any("此件公开发布" in p.source_text() for p in document.walk() if p.kind != "note")


def test_a_crawled_line_whose_chapter_runs_into_its_article_and_whose_attachment_is_marked(tmp_path):
    """A 细则 issued by a notice, all on one crawled line: 第一章 总则第一条 (the article's number right after its
    chapter's heading, which a reference never follows), a joint 落款 of several issuers, and 附件1 with its title."""
    articles = "".join(
        f"第{n}条 民宿经营者应当依照本细则办理备案手续，备案信息应当真实、准确、完整，并及时向主管部门报告变更情况。" for n in "二三四五六"
    )
    body = (
        "标题: 某区行政审批局等三部门关于印发《某区民宿备案细则》的通知\n"
        "各有关单位：现将《某区民宿备案细则》印发给你们，请认真贯彻落实。 某区行政审批局 某区公安局 某区市场监督管理局2024年10月9日 "
        f"某区民宿备案细则 第一章 总则第一条 为规范民宿备案，制定本细则。{articles}第七条 本细则自印发之日起施行。 "
        "附件1 民宿备案申请表 申请人应当如实填写本表，并对所填内容的真实性负责。"
    )
    document = read(tmp_path, "minsu.txt", body, "某区民宿备案细则", kind="notice")
    assert document.form == "law-cn"
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD  # the notice above the document it issues is text, not the page's head
    assert labels[labels.index("第一章") :][:8] == ["第一章", "第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"]
    signature = next(p for p in document.walk() if p.kind == "signature")
    assert signature.text.split("\n") == ["某区行政审批局", "某区公安局", "某区市场监督管理局", "2024年10月9日"]
    attachment = next(p for p in document.walk() if p.kind == "att")
    assert (attachment.label, attachment.heading) == ("附件1", "民宿备案申请表")


def test_a_crawled_notice_with_a_spaced_date_units_that_go_on_and_a_heading_that_begins_with_a_numeral(tmp_path):
    """Pingtan pages as the crawler stored them: the 落款's date printed '2019 年4月26日' with the issued document's title
    run into it; tasks whose units, without brackets, go on with 配合单位; and a heading 一、二手车… after 如下：, which is
    no enumeration (一、二类) since it follows a sentence's end."""
    tasks = "".join(
        f"{n}.落实第{n}项减税措施。做好政策公开和解读，确保各项政策落地见效，及时研究解决政策落实中的问题，向区管委会报告执行情况。"
        "责任单位：区税务局配合单位：区财金局"
        for n in range(1, 7)
    )
    body = (
        "标题: 某区管委会办公室印发《某区减税降费工作方案》的通知\n"
        "各片区项目建设指挥部，区直各单位：现将《某区减税降费工作方案》印发给你们，请认真组织落实。 "
        "某区管委会办公室 2019 年4月26日某区减税降费工作方案 为切实减轻企业负担，就有关事项通知如下：一、二手车交易减税"
        f"（一）全面落实减税政策。{tasks}（二）落实降费政策。清理规范收费。二、组织保障各单位要加强领导。"
    )
    document = read(tmp_path, "tax.txt", body, "某区管委会办公室印发《某区减税降费工作方案》的通知", kind="plan")
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD, labels
    assert document.meta.found["body_title"] == "某区减税降费工作方案"
    assert "一" in labels and "二" in labels and "一（一）6" in labels
    assert document.find("part_1__sec_1__item_6").responsible_units == ("区税务局", "区财金局")


def test_a_notice_that_names_the_document_otherwise_is_told_by_its_layout(tmp_path):
    """关于修订《某区沙滩保护管理办法（试行）》的通知 issues a document titled 某区沙滩保护与利用管理办法（试行）: no title
    it names opens the body, but its layout does (GB/T 9704 7.3): it issues what follows (现印发给你们), ends with its
    落款, and a short title stands before the articles."""
    articles = "".join(f"第{n}条 沙滩的保护与利用应当遵循保护优先、合理利用的原则，任何单位和个人不得破坏沙滩资源。" for n in "二三四五")
    body = (
        "某区管委会 关于修订《某区沙滩保护管理办法（试行）》的通知 各乡镇人民政府，区直各单位： "
        "《某区沙滩保护管理办法（试行）》（修订稿）已经区管委会研究通过。现印发给你们，请认真组织实施。 某区管委会 2018年11月30日 "
        f"某区沙滩保护与 利用管理办法（试行） 第一章 总则第一条 为了加强沙滩管理，制定本办法。{articles}第六条 本办法自印发之日起施行。"
    )
    document = read(tmp_path, "beach.txt", body, "某区管委会关于修订《某区沙滩保护管理办法（试行）》的通知", kind="notice")
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD, labels
    assert document.meta.found["body_title"] == "某区沙滩保护与利用管理办法（试行）"
    assert "第一条" in labels and document.form == "law-cn"


def test_a_crawled_plan_whose_clause_headings_run_into_the_text_and_list_in_gb9704_numbering(tmp_path):
    """An 应急预案 on one crawled line: a clause's heading opens with a response level (4.2.1 Ⅳ级响应, no Han character
    after the number), a clause number ends with a dot (4.3. 响应终止), a chapter is printed '5. 灾后处置', and inside a
    clause the actions are listed in GB/T 9704's numbering (（一） 1.), as many 预案 print them."""
    clauses = "".join(f"1.{n} 条款{n}本预案第{n}项内容，各有关部门按照职责分工认真组织实施，及时报告工作进展情况。" for n in range(1, 6))
    body = (
        "标题: 某区暴雨应急预案\n"
        f"1 总则{clauses}2 组织体系2.1 指挥机构区减灾委负责指挥。"
        "3 预警3.1 预警级别预警分为两级。4 应急响应4.1 响应级别响应分为两级。4.2 应急响应4.2.1 Ⅳ级响应4.2.1.1 响应启动区减灾办主持会商。"
        "4.2.1.2 响应行动（一）区减灾办措施1.部署全区防范工作。2.加强值班值守。（二）各部门措施1.报告监测信息。2.及时报告重要情况。"
        "4.3. 响应终止预警解除后终止响应。5. 灾后处置5.1 灾情报告及时统计灾情。5.2 总结评估认真总结经验。"
    )
    document = read(tmp_path, "rain.txt", body, "某区暴雨应急预案", kind="plan")
    assert document.form == "standard"
    labels = [p.label for p in document.walk()]
    assert labels[labels.index("4") :] == [
        "4", "4.1", "4.2", "4.2.1", "4.2.1.1", "4.2.1.2", "4.2.1.2（一）", "4.2.1.2（一）1", "4.2.1.2（一）2",
        "4.2.1.2（二）", "4.2.1.2（二）1", "4.2.1.2（二）2", "4.3", "5", "5.1", "5.2",
    ]  # fmt: skip
    assert document.find("sec_4__sec_2__sec_1").heading == "Ⅳ级响应"


def test_a_crawled_notice_is_cut_before_its_closing_words(tmp_path):
    """The closing formula of a 公文 (本通知自公布之日起实施) run into its last item on a crawled line opens a paragraph
    of its own, and after the last item it is the notice's own paragraph (第2段), as readers cite it."""
    items = "".join(
        f"（{n}）对已备案企业从事第{n}类业务的，由主管部门按照有关规定办理登记手续，并将信息推送至相关部门；" for n in "一二三四五六"
    )
    body = (
        "标题: 某区经济发展局关于进一步做好汽车销售备案工作的通知\n"
        "各有关单位：为做好汽车销售备案工作，现就有关事项通知如下：一、备案范围凡在本区从事汽车销售的企业均应备案。"
        f"二、备案要求{items[:-1]}。本通知自公布之日起实施，有效期五年。 某区经济发展局 2024年3月20日"
    )
    document = read(tmp_path, "car.txt", body, "某区经济发展局关于进一步做好汽车销售备案工作的通知", kind="notice")
    labels = [p.label for p in document.walk() if p.label]  # the closing words' frame has no label, as the opening's
    assert labels[-3:] == ["二（六）", "第2段", "落款"], labels
    assert document.find("closing__para_2").text.startswith("本通知自公布之日起实施")
    assert document.find("part_2__sec_6").text.endswith("推送至相关部门。")


def test_a_provincial_portal_page_whose_head_and_footer_frame_the_document(tmp_path):
    """A page of a provincial portal's template, saved as HTML: the site's header and menus, a breadcrumb, the page's
    heading and byline, version buttons, then the document's own title, 文号 and 主送; under the 落款 a QR widget, the
    directory of government websites (政府网站发展指引), the footer and a browser advice that reads like a sentence.
    Everything above the last print of the title and from the widget on is the page's; units given as （A牵头） are read."""
    menu = "".join(f"<li><a href='#'>{name}</a></li>" for name in ("首页", "政务公开", "办事服务", "互动交流"))
    sites = "".join(f"<li><a href='#'>{name}</a></li>" for name in ("福建省人民政府", "福州市政府网站", "厦门市政府网站"))
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        f"<div>国务院 省政府 省人大 省政协</div><div>移动版</div><ul>{menu}</ul>"
        "<div>政府信息公开 领导之窗 政府机构 要闻 政府会议 最新文件 政策文件库 政府工作报告 公示公告 规划信息 人事信息 统计信息</div>"
        "<div>热门搜索：</div><div>当前位置：</div><ul><li>首页</li><li>政府信息公开</li></ul>"
        "<h1>某省人民政府办公厅关于加强政策解读工作的通知</h1><div>来源：某省人民政府 时间：2015-06-18 09:32</div>"
        "<ul><li>全真版</li><li>文字版</li></ul><div>文件下载</div><div>相关链接：</div>"
        "<h2>某省人民政府办公厅关于加强政策解读工作的通知</h2><p>某政办〔2015〕87号</p><p>省人民政府各部门、各直属机构：</p>"
        "<p>为深化政府信息公开，让社会公众更好地掌握政策，现就加强政策解读工作提出以下措施。</p>"
        "<p>一、明确解读范围。省政府规章和涉及面广的政策文件，应及时进行解读。（省政府办公厅牵头）</p>"
        "<p>二、落实解读责任。坚持谁起草、谁解读，多部门共同起草的文件由牵头部门负责解读。（省直有关部门负责）</p>"
        "<p>各设区市人民政府要参照本通知精神，积极推进本地的政策解读工作。</p>"
        "<p>某省人民政府办公厅</p><p>2015年6月17日</p>"
        f"<div>扫一扫在手机上查看当前页面</div><div>关闭</div><div>文字解读</div><ul><li>省市政府网站<ul>{sites}</ul></li></ul>"
        "<div>使用帮助 | 联系我们 | 隐私保护</div><div>网站标识码：3500000001 闽ICP备09032658号</div>"
        "<div>为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上；Google Chrome浏览器63版本及以上。</div>"
        "</body></html>"
    ).encode()
    document = read(tmp_path, "jiedu.html", page, "某省人民政府办公厅关于加强政策解读工作的通知")
    assert [label for label, _ in outline(document) if label] == ["主送机关", "第1段", "一", "二", "第2段", "落款"]
    assert document.find("part_1").responsible_units == ("省政府办公厅",)
    text = text_of(document)
    for chrome in ("移动版", "热门搜索", "全真版", "来源：", "文字解读", "福州市政府网站", "网站标识码", "浏览器"):
        assert chrome not in text, chrome
    assert document.meta.found["doc_number"] == "某政办〔2015〕87号"


def test_a_department_page_whose_link_lists_follow_the_signature(tmp_path):
    """A department's page: a byline 信息来源 and a type-size widget '[大] [中] [小]' above the text; under the 落款 a
    voice widget's words, then the directories of websites as lists of names (<li>, no sentence) and the footer,
    with a link to the text's 解读 first. Lists of short names after the 落款 are the page's, not 附注."""
    sites = "".join(
        f"<li><a href='#'>{name}发展和改革委员会</a></li>" for name in ("天津市", "河北省", "山西省", "辽宁省", "吉林省", "上海市")
    )
    page = (
        "<html><body><div>返回主站</div><div>您所在的位置： 首页 &gt; 通知公告</div>"
        "<h1>某市发展和改革委员会关于开展节能审查的通知</h1><div>信息来源：节能处 时间：2026-03-19 09:33:10</div>"
        "<div>字体： [大] [中] [小]</div><p>某发改〔2026〕26号</p><p>各区发展改革委：</p>"
        "<p>为做好节能审查工作，根据有关规定，现将有关事项通知如下。</p>"
        "<p>一、审查范围。年综合能源消费量一千吨标准煤以上的项目，均应进行节能审查。</p>"
        "<p>二、审查要求。各区应严格审查项目的能效水平，不符合要求的不予通过。</p>"
        "<p>特此通知。</p><p>某市发展和改革委员会</p><p>2026年3月6日</p><p>（联系人：李老师；联系电话：55590470）</p>"
        "<div>某市发展和改革委员会有关负责同志就节能审查答记者问</div>"
        f"<div>我在听，请说话(10s)</div><div>国家及各省市发展改革委</div><ul>{sites}</ul>"
        "<div>关于我们网站地图建议意见法律声明</div><div>主办：某市发展和改革委员会 网站标识码：1100000011</div>"
        "</body></html>"
    ).encode()
    document = read(tmp_path, "jieneng.html", page, "某市发展和改革委员会关于开展节能审查的通知")
    labels = labels_of(document)
    assert labels == ["主送机关", "第1段", "一", "二", "第2段", "落款", "附注"], labels
    text = text_of(document)
    for chrome in ("信息来源", "[大]", "答记者问", "我在听", "河北省发展和改革委员会", "网站标识码"):
        assert chrome not in text, chrome
    assert document.find("note_1").text == "（联系人：李老师；联系电话：55590470）"


def test_a_type_size_widget_printed_a_link_a_line_is_the_pages(tmp_path):
    """A type-size widget whose links the page prints each on its own line, under its icon's letters (Aa / 字体： 小 /
    | / 中 / | / 大): the caption takes the size words and separators after it and the letters above it, so nothing of
    it stands above the 主送 as a note."""
    page = (
        "<html><body><h1>关于开展售电企业专项监管工作的通知</h1><div>2018-09-29 16:45 来源：某能源监管办</div>"
        "<div>Aa</div><div>字体： 小</div><div>|</div><div>中</div><div>|</div><div>大</div>"
        "<p>各售电企业：</p><p>为规范市场秩序，现就有关事项通知如下。</p><p>一、监管范围。全省售电企业。</p>"
        "<p>二、工作要求。各单位要高度重视，认真开展自查。</p><p>某能源监管办</p><p>2018年9月28日</p></body></html>"
    ).encode()
    document = read(tmp_path, "shoudian.html", page, "关于开展售电企业专项监管工作的通知")
    labels = labels_of(document)
    assert labels == ["主送机关", "第1段", "一", "二", "落款"], labels
    assert not [d.message for d in document.diagnostics if "主送" in d.message]
    assert {change.before for change in document.changes if change.step == "page_chrome"} >= {"Aa", "中", "大"}


def test_a_crawlers_markdown_copy_of_a_joint_notice_issuing_rules_in_articles(tmp_path):
    """A crawler's Markdown copy: its header of bold fields (the page's 发布日期, and its own 检索时间, 检索关键词), a
    joint 印发 notice whose 附件说明 stands above four issuers and the date (GB/T 9704 7.3.4, 7.3.5.2), the rules in
    articles indented with em spaces (&emsp;, U+2003) and parted from their numbers by a no-break space, and the page's
    download button and file link as a list item ('- [….pdf]( /a.pdf )', a destination between spaces)."""
    em, nbsp = "\u2003\u2003", "\u00a0"
    page = "\n\n".join(
        [
            "# 关于印发《某市重点实验室管理办法》的通知",
            "**发布日期**: 2025-12-29\n**检索时间**: 2026-02-02 15:25:09\n**检索关键词**: 人工智能, 北斗",
            "---",
            "某科规〔2025〕10号",
            "各有关单位：",
            f"{em}为规范重点实验室管理，现将《某市重点实验室管理办法》印发给你们，请遵照执行。",
            f"{em}附件：某市重点实验室管理办法",
            f"{em}某市科学技术委员会",
            "某市发展和改革委员会",
            "某市经济和信息化委员会",
            "某市教育委员会",
            "2025年12月26日",
            "附件",
            "**某市重点实验室管理办法**",
            f"**第一章 总{nbsp}则**",
            f"{em}第一条{nbsp}为规范重点实验室的建设与运行管理，制定本办法。",
            f"{em}第二条 重点实验室是本市科技力量的重要组成部分。",
            f"**第二章 附{nbsp}则**",
            f"{em}第三条 本办法自2026年1月1日起施行。",
            "【原文下载】",
            "- [关于印发《某市重点实验室管理办法》的通知.pdf]( /cmsres/a/b.pdf )",
        ]
    )
    document = read(tmp_path, "shiyanshi.md", page, "关于印发《某市重点实验室管理办法》的通知")
    assert document.form == "law-cn"
    labels = labels_of(document)
    assert labels[:3] == ["印发通知", "主送机关", "印发通知第1段"], labels
    assert [p.label for p in document.walk() if p.kind == "art"] == ["第一条", "第二条", "第三条"]
    assert document.find("chp_1__art_1").text == "为规范重点实验室的建设与运行管理，制定本办法。"
    assert document.meta.found["attachments"] == "某市重点实验室管理办法"
    assert document.meta.found["crawled"] == "2026-02-02 15:25:09"
    text = text_of(document)
    for chrome in ("附件：", "原文下载", ".pdf", "检索"):
        assert chrome not in text, chrome
    assert not document.diagnostics, [d.message for d in document.diagnostics]


def test_a_share_widgets_instructions_and_a_tabbed_tail_are_the_pages(tmp_path):
    """A ministry's share widget tells how to share the page (打开微信，点击底部的“发现”，使用“扫一扫”即可将网页分享至朋友圈。)
    above the 主送; a portal's tail opens with an accessibility hint over its tabs and lists files and related pages
    as links with titles ([….pdf](url "….pdf")): all the page's, none of it text."""
    page = "\n\n".join(
        [
            "## 关于加快推进试点工作的指导意见",
            "发布时间：2025/04/11",
            "分享到微信朋友圈x",
            "打开微信，点击底部的“发现”，",
            "使用“扫一扫”即可将网页分享至朋友圈。",
            "各省、自治区、直辖市发展改革委，有关中央企业：",
            "为加快推进试点工作，现提出如下意见。",
            "一、总体要求",
            "以习近平新时代中国特色社会主义思想为指导，稳步推进试点工作。",
            "二、保障措施",
            "各地要加强组织领导，确保各项任务落到实处。",
            "分享：",
            "## 正文pdf下载、相关稿件、市政府领导等内容请使用tab按钮切换浏览",
            '[hfbf2428+A(1).pdf](https://example.gov.cn/a.pdf "hfbf2428+A(1).pdf")',
            "#### 相关稿件",
            '- [《关于加快推进试点工作的指导意见》解读](https://example.gov.cn/jd.html "解读")',
            '- [市政府领导](https://example.gov.cn/ld.html "市政府领导")',
        ]
    )
    document = read(tmp_path, "yijian.md", page, "关于加快推进试点工作的指导意见", kind="decision")
    labels = labels_of(document)
    assert labels == ["主送机关", "第1段", "一", "二"], labels
    text = text_of(document)
    for chrome in ("扫一扫", "发现", "tab", ".pdf", "解读", "市政府领导"):
        assert chrome not in text, chrome


def test_a_document_in_one_cell_of_a_layout_table_its_lines_parted_by_br(tmp_path):
    """A ministry's 信息公开 page copied as Markdown: its metadata table under a caption (目录项的基本信息), then the whole
    document in one cell of a layout table, its lines parted by <br> (a line break a converter keeps as HTML), then
    the frame's title (无标题文档), a tracking code and the accessibility toolbar's hint."""
    body = "<br>".join(
        [
            "# 某局关于加快推进数字化发展的若干意见 某发科技〔2023〕27号",
            "**某局关于加快推进数字化发展的若干意见**",
            "某发科技〔2023〕27号",
            "各省（自治区、直辖市）能源局，有关中央企业：",
            "为推动数字技术与实体经济深度融合，现提出如下意见。",
            "**一、总体要求**",
            "**（一）指导思想。** 以习近平新时代中国特色社会主义思想为指导，加快推进数字化发展。",
            "**（二）主要目标。** 到2030年，数字化发展取得显著成效。",
            "**二、保障措施**",
            "**（三）加强组织领导。** 各单位要加强组织领导，确保各项任务落到实处。",
            "国家某某能源局",
            "2023年3月28日",
        ]
    )
    page = "\n".join(
        [
            "您当前位置： [首页](http://example.gov.cn/) \\> 正文",
            "",
            "|     |\n| --- |\n| 目录项的基本信息 |",
            "",
            "|     |     |     |     |\n| --- | --- | --- | --- |",
            "| 公开事项名称: | 某局关于加快推进数字化发展的若干意见 某发科技〔2023〕27号 |",
            "| 索引号: | 000019705/2023-000043 | 制发日期: | 2023-03-28 |",
            "",
            f"|     |\n| --- |\n| {body} |",
            "",
            "无标题文档",
            "",
            "010090050000000000000000011100001310707122",
            "",
            "按回车键在新窗口打开无障碍说明页面,按Alt+~键打开导盲模式。",
        ]
    )
    document = read(tmp_path, "yijian.md", page, "某局关于加快推进数字化发展的若干意见", kind="decision")
    labels = labels_of(document)
    assert labels == ["主送机关", "第1段", "一", "一（一）", "一（二）", "二", "二（三）", "落款"], labels
    text = text_of(document)
    for chrome in ("<br>", "|", "目录项", "公开事项", "无标题", "0100900", "无障碍"):
        assert chrome not in text, chrome
    assert document.meta.found["index_number"] == "000019705/2023-000043"


def test_a_contact_note_above_a_notices_signature_and_image_buttons(tmp_path):
    """A notice prints its contact note in brackets above its 落款 ((联系人：…联系电话：…)): an 附注 (GB/T 9704 7.3.6)
    where it stands, not the notice's paragraph; a page's buttons drawn as an image and a word (![](…/pic.png)打印)
    are the page's."""
    page = "\n\n".join(
        [
            "**某市商务局关于印发《某市成品油市场双随机抽查工作方案》的通知**",
            "各县区商务局：",
            "现将《某市成品油市场双随机抽查工作方案》印发给你们，请认真组织实施。",
            "（联系人：宋治国　申畅联系电话：2155421）",
            "某市商务局",
            "2024年5月6日",
            "某市成品油市场双随机抽查工作方案",
            "为规范成品油市场秩序，制定本方案。",
            "一、抽查范围",
            "全市成品油经营企业。",
            "二、工作要求",
            "各县区要加强组织领导，确保抽查工作落到实处。",
            "![](https://example.gov.cn/images/97/cd_pic_10.png)关闭",
            "![](https://example.gov.cn/images/97/cd_pic_09.png)打印",
        ]
    )
    document = read(tmp_path, "choucha.md", page, "某市商务局关于印发《某市成品油市场双随机抽查工作方案》的通知", kind="plan")
    notice = document.find("notice")
    assert [child.label for child in notice.children] == ["主送机关", "印发通知第1段", "附注", "落款"]
    labels = labels_of(document)
    assert labels[-3:] == ["第1段", "一", "二"], labels
    text = text_of(document)
    assert "png" not in text and "关闭" not in text and "打印" not in text


def test_a_ministrys_order_signed_above_its_rules_whose_title_is_broken_after_its_short_title(tmp_path):
    """A 部令 printed above the rules it promulgates: the order (…现予公布…), its signatory and its date (GB/T 9704 10.3)
    are notes above the first article without a doubt; the rules' title broken after its short title (碳排放权交易管理
    办法 / （试行）) is the title, both lines."""
    page = "\n\n".join(
        [
            "# 碳排放权交易管理办法（试行）",
            "《碳排放权交易管理办法（试行）》已于2020年12月25日由生态环境部部务会议审议通过，现予公布，自2021年2月1日起施行。",
            "部长 黄润秋",
            "2020年12月31日",
            "**碳排放权交易管理办法**",
            "**（试行）**",
            "**第一章总则**",
            "**第一条** 为规范全国碳排放权交易及相关活动，制定本办法。",
            "**第二条** 本办法适用于全国碳排放权交易市场的交易及相关活动。",
            "**第二章 附则**",
            "**第三条** 本办法自2021年2月1日起施行。",
        ]
    )
    path = tmp_path / "seeds"
    path.mkdir()
    (path / "banfa.md").write_text(page, encoding="utf-8")
    (path / "banfa.yml").write_text(
        "title: 碳排放权交易管理办法（试行）\nshort_title: 碳排放权交易管理办法\ndate: 2020-12-31\nkind: regulation\n"
        "source: 测试\noriginal_script: zh-Hans\n",
        encoding="utf-8",
    )
    converter, _ = load_converter(ROOT)
    (document,) = load_corpus(tmp_path, converter, path, only="banfa")
    assert [p.text for p in document.provisions if p.kind == "note"][1:] == ["部长 黄润秋", "2020年12月31日"]
    assert [p.label for p in document.walk() if p.kind == "art"] == ["第一条", "第二条", "第三条"]
    assert not document.diagnostics, [d.message for d in document.diagnostics]


def test_a_portal_page_filed_under_the_issued_rules_title_with_a_notice_that_prints_no_title(tmp_path):
    """A city portal's page filed under the title of the rules a joint notice issues: the title as the page's heading,
    its menus, its metadata as a list of bracketed keys (01. [发文字号] …), then the notice without a title of its own
    (文号, 主送, 现将《…》印发给你们, 特此通知, nine issuers one a line, the date), the rules' title and the rules, and
    the caption of a figure the page did not keep."""
    issuers = [f"北京市某{name}委员会" for name in ("城市管理", "发展和改革", "规划和自然资源", "交通", "住房和城乡建设")]
    page = "\n\n".join(
        [
            "# 某市加氢站建设审批暂行办法",
            "进入我的 专属空间 > 退出",
            "无障碍 搜索 繁体/简体",
            "网站地图",
            "政民互动",
            "多语种",
            "回到顶部",
            "我在听，请说话(10s)",
            "01. \\[主题分类\\] \\-\\-\\--国土资源、能源/其他",
            "02. \\[发文字号\\] 京管发〔2024〕3号",
            "03. \\[废止日期\\] \\-\\-\\--",
            "京管发〔2024〕3号",
            "各有关单位：",
            "为规范本市氢燃料电池汽车车用加氢站建设审批，经市政府同意，现将《某市加氢站建设审批暂行办法》印发给你们，请结合实际抓好贯彻落实。",
            "特此通知。",
            *issuers,
            "2024年7月18日",
            "**某市加氢站建设审批暂行办法**",
            "**第一章 总则**",
            "**第一条** 为规范本市氢燃料电池汽车车用加氢站建设审批程序，确保氢能产业健康发展，本着科学合理、安全规范的原则，制定本办法。",
            "**第二条** 本办法自发布之日起施行。",
            "加氢站建设审批流程图",
        ]
    )
    document = read(tmp_path, "jiaqing.md", page, "某市加氢站建设审批暂行办法", kind="regulation")
    notice = document.find("notice")
    assert notice is not None and [child.label for child in notice.children] == ["主送机关", "印发通知第1段", "印发通知第2段", "落款"]
    assert [p.label for p in document.walk() if p.kind == "art"] == ["第一条", "第二条"]
    assert document.find("chp_1__art_2").text == "本办法自发布之日起施行。"
    assert document.meta.found["doc_number"] == "京管发〔2024〕3号" and document.meta.found["category"] == "国土资源、能源/其他"
    text = text_of(document)
    for chrome in ("专属空间", "网站地图", "我在听", "主题分类", "废止日期", "流程图"):
        assert chrome not in text, chrome
    assert not document.diagnostics, [d.message for d in document.diagnostics]


def test_a_crawled_notice_issuing_a_task_table_under_the_mark_of_its_attachment(tmp_path):
    """A 印发 notice issuing a 任务分解表, crawled on one line: the table's title right after the bare mark 附件 (GB/T
    9704 7.4), run into its header row (工作任务 工作要求 牵头单位 配合/责任单位): the notice is told from the table, whose
    title ends with its type (分解表), and the header row is no paragraph."""
    tasks = "".join(
        f"{n}.公开第{n}类政府信息。通过政府门户网站集中发布，做到应公开尽公开，并及时更新。区经济发展局区直有关单位" for n in range(1, 7)
    )
    body = (
        "标题: 某区管委会办公室关于印发2022年全区政务公开工作主要任务分解表的通知\n发布时间: 2022-06-08 10:00\n"
        "各片区管理局，区直各单位： 为贯彻落实国务院办公厅有关要求，现将《2022年全区政务公开工作主要任务分解表》印发给你们，"
        "请认真组织实施。 某区管委会办公室 2022年6月7日附件2022年全区政务公开工作主要任务分解表工作任务工作要求牵头单位配合/责任单位"
        f"一、加强涉及市场主体的信息公开（一）做好规划公开{tasks}（二）做好财政信息公开7.稳步扩大预决算公开范围。区财政金融局"
    )
    document = read(tmp_path, "renwu.txt", body, "2022年全区政务公开工作主要任务分解表", kind="work-points")
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD, labels
    assert document.meta.found["body_title"] == "2022年全区政务公开工作主要任务分解表"
    assert "一（一）6" in labels
    assert not any("牵头单位" in p.source_text() for p in document.walk())


def test_a_page_that_never_prints_the_sidecars_title_shows_its_head_as_a_doubt(tmp_path):
    """The page's head is told by the document's title; a sidecar whose title the page never prints (a maintainer's
    own wording) leaves the menus above the text undecided: the build says so, by file and line, and publishes."""
    menu = "".join(f"<li>{name}</li>" for name in ("首页", "政务公开", "办事服务", "互动交流", "走进本市"))
    page = (
        f"<html><body><ul>{menu}</ul><h1>关于做好数据工作的通知</h1>"
        "<p>各区人民政府：</p><p>为做好数据工作，推动数据资源开发利用，现将有关事项通知如下。</p>"
        "<p>一、加强统筹。各区要加强数据工作的统筹协调，建立健全工作机制。</p></body></html>"
    ).encode()
    document = read(tmp_path, "data.html", page, "某市数据工作通知")  # not the title the page prints
    doubts = [d for d in document.diagnostics if "never prints the title" in d.message]
    assert len(doubts) == 1 and doubts[0].path == "seeds/data.html" and doubts[0].line > 0
    assert "某市数据工作通知" in doubts[0].message and "首页" in doubts[0].message


def test_a_policy_library_page_with_an_ordered_breadcrumb_and_the_title_carrying_its_number(tmp_path):
    """A city department's policy page: a breadcrumb as an ordered list (inscriptis numbers it 1. 2. …, like the
    text's own items), a read-aloud button, the title followed by its date and 文号 in brackets, and under the 落款 a
    consultation widget and a directory of websites on one line: the head goes by the title's print, the 文号 is kept,
    the widget and the directory open the footer."""
    crumbs = "".join(f"<li>{name}</li>" for name in ("当前位置：", "首页", "/ 政务公开", "/ 政策文件", "/ 价格管理"))
    page = (
        f"<html><body><div>政务公开</div><ol>{crumbs}</ol><div>朗读</div>"
        "<h1>关于做好电力市场限价工作的通知 <small>(发布日期：2026年02月11日 文号：沪发改价管〔2026〕5号)</small></h1>"
        "<p>各有关单位：</p><p>根据国家有关规定，结合本市实际，现就电力市场限价有关事项通知如下：</p>"
        "<p>一、现货市场申报价格上限综合考虑用户电价承受能力，暂定为1.4元/千瓦时。</p>"
        "<p>二、对电力现货市场设置二级限价，超过上限的，对当日出清价格等比例下调。</p>"
        "<p>本通知自2026年4月1日起实施。</p><p>上海市发展和改革委员会</p><p>2026年2月10日</p>"
        "<div>政策性文件留言咨询</div><div>（注：1.只接收对该政策性文件的相关咨询;2.留言时请注明政策性文件名称）</div>"
        "<div>各市能源局网站 太原市能源局网站 大同市能源局网站</div><div>打印本页 关闭窗口</div></body></html>"
    ).encode()
    document = read(tmp_path, "xianjia.html", page, "关于做好电力市场限价工作的通知")
    labels = labels_of(document)
    assert labels == ["主送机关", "第1段", "一", "二", "第2段", "落款"], labels
    assert document.meta.found["doc_number"] == "沪发改价管〔2026〕5号"
    text = text_of(document)
    for chrome in ("当前位置", "朗读", "留言咨询", "只接收", "能源局网站", "打印本页"):
        assert chrome not in text, chrome


def test_under_its_signature_a_page_prints_only_its_notes_attachments_and_imprint(tmp_path):
    """GB/T 9704: under the 落款 come the 附注 (in brackets), the 附件 and the 版记; on a saved page the first other short
    line (a widget, a caption of links) opens the footer, unless a sentence of a text follows (a notice's issued
    document after its 落款 stays)."""

    def page(after: str) -> bytes:
        return (
            "<html><body><h1>关于做好数据工作的通知</h1><p>各区人民政府：</p>"
            "<p>为做好数据工作，推动数据资源开发利用，现将有关事项通知如下。</p>"
            "<p>一、加强统筹。各区要加强数据工作的统筹协调，建立健全工作机制。</p>"
            f"<p>某市数据局</p><p>2026年3月6日</p><p>（联系人：王老师；联系电话：12345678）</p>{after}</body></html>"
        ).encode()

    footer = "<div>意见反馈</div><div>政务服务 新闻中心 互动交流</div><div>地址：某市某路1号 邮编：100000</div>"
    document = read(tmp_path, "data.html", page(footer), "关于做好数据工作的通知")
    text = text_of(document)
    assert "意见反馈" not in text and "新闻中心" not in text and "邮编" not in text
    assert document.find("note_1").text == "（联系人：王老师；联系电话：12345678）"
    document = read(tmp_path, "data.html", page("<p>意见反馈</p><p>各区要在3月底前反馈意见。</p>"), "关于做好数据工作的通知")
    assert "各区要在3月底前反馈意见。" in "".join(p.source_text() for p in document.walk())


def test_a_notice_that_publishes_a_report_is_its_covering_notice(tmp_path):
    """关于发布《…报告（2023年度）》的通知: 发布 issues a document as 印发 does (现予以发布), and the report follows under its
    own title, its qualifier on a line of its own."""
    page = (
        "<html><body><h1>某市经济信息化委关于发布《某市电力供应关键绩效指标报告（2023年度）》的通知</h1><p>有关单位:</p>"
        "<p>为推进能源绿色低碳转型，我委会同相关部门编写了《某市电力供应关键绩效指标报告（2023年度）》，现予以发布。</p>"
        "<p>某市经济和信息化委员会</p><p>2024年4月29日</p><p>某市电力供应关键绩效指标报告</p><p>（2023年度）</p>"
        "<p>2023年，某市电力供需平稳有序，电源侧进一步清洁化、低碳化，新型电力系统建设加速推进。</p>"
        "<p>一、电力总体供需</p><p>全年全社会用电量同比增长，最高用电负荷再创新高，电力供应保持平稳。</p>"
        "<p>二、电源结构</p><p>本地清洁能源装机容量持续增长，外来电中的清洁能源占比进一步提高。</p></body></html>"
    ).encode()
    document = read(tmp_path, "report.html", page, "某市经济信息化委关于发布《某市电力供应关键绩效指标报告（2023年度）》的通知")
    labels = [p.label for p in document.walk()]
    assert labels[:4] == NOTICE_HEAD, labels
    assert document.meta.found["body_title"] == "某市电力供应关键绩效指标报告（2023年度）"
    assert document.find("preamble__para_1").text.startswith("2023年，某市电力供需平稳有序")


def test_a_pages_widgets_and_download_links_are_not_the_text(tmp_path):
    """A byline whose next key follows the last value with no space (信息来源：…局浏览量： -), a counter whose number a
    script never wrote, a font-size widget without its caption, buttons under the text, and the attachments' download
    links, each a file's name (GB/T 9704 7.3.4 names an attachment by its title, never by a file), are the page's."""
    page = (
        "<html><body><h1>某区教育局关于印发《某区招生工作方案》的通知</h1>"
        "<p>发表时间：2026-04-20 11:19:38 信息来源：某区教育局浏览量： -</p><p>A+大 A+中 A+小</p>"
        "<p>各学校：</p><p>《某区招生工作方案》已经局长办公会议审议通过，现印发给你们，请遵照执行。</p>"
        "<p>某区教育局</p><p>2026年4月20日</p><p>某区招生工作方案</p>"
        "<p>一、招生对象</p><p>本区户籍适龄儿童，以及符合条件的随迁子女。</p>"
        "<p>二、工作要求</p><p>各学校要严格执行招生政策，规范招生行为。</p>"
        "<p>附件1.docx</p><p>附件2-3下载：《某区招生计划申报表》.doc</p>"
        "<p>浏览次数： - 分享</p><p>取消</p><p>返回顶部 打印页面 关闭本页</p></body></html>"
    ).encode()
    document = read(tmp_path, "enrol.html", page, "某区教育局关于印发《某区招生工作方案》的通知")
    text = text_of(document)
    for furniture in ("发表时间", "浏览量", "A+大", ".doc", "浏览次数", "取消", "打印页面"):
        assert furniture not in text, furniture
    assert [p.label for p in document.walk()][:4] == NOTICE_HEAD
    assert document.meta.found["page_source"] == "某区教育局" and document.meta.found["published"].startswith("2026")
    assert document.find("part_2").text == "各学校要严格执行招生政策，规范招生行为。"


def test_lines_a_page_prints_above_the_addressees_are_notes_shown_as_doubts(tmp_path):
    """GB/T 9704 7.3.3: the 主送 stands under the title, above the body. A line between them with no sentence (a widget
    no rule knows) is not the text's first paragraph: it is kept as a note and shown as a doubt, and the paragraphs are
    numbered from the first one under the 主送, in a covering notice and in a notice alike."""
    covering = (
        "<html><body><h1>某区教育局关于印发《某区招生工作方案》的通知</h1><p>夜间模式 护眼模式</p>"
        "<p>各学校：</p><p>《某区招生工作方案》已经局长办公会议审议通过，现印发给你们，请遵照执行。</p>"
        "<p>某区教育局</p><p>2026年4月20日</p><p>某区招生工作方案</p>"
        "<p>一、招生对象</p><p>本区户籍适龄儿童，以及符合条件的随迁子女。</p></body></html>"
    ).encode()
    document = read(tmp_path, "enrol.html", covering, "某区教育局关于印发《某区招生工作方案》的通知")
    assert [p.label for p in document.walk()][:5] == ["印发通知", "题注", "主送机关", "印发通知第1段", "落款"]
    assert document.find("notice__para_1").text.startswith("《某区招生工作方案》已经")
    assert any("夜间模式" in d.message and "主送" in d.message for d in document.diagnostics)
    plain = (
        "<html><body><h1>关于做好招生工作的通知</h1><p>夜间模式 护眼模式</p><p>各学校：</p>"
        "<p>为做好招生工作，现将有关事项通知如下。</p><p>一、招生对象</p><p>本区户籍适龄儿童。</p></body></html>"
    ).encode()
    document = read(tmp_path, "notice.html", plain, "关于做好招生工作的通知")
    labels = [p.label for p in document.walk() if p.label]
    assert labels[:4] == ["题注", "主送机关", "第1段", "一"], labels
    assert any("夜间模式" in d.message and d.line > 0 for d in document.diagnostics)


def test_an_icon_fonts_glyphs_are_no_text_and_a_rules_numbering_tells_its_form(tmp_path):
    """A page's icon font writes its icons as private-use characters (&#xe7e3;): a browser draws a picture, so they go,
    logged with their line. A 实施办法 filed as a regulation but numbered 一、（一） with no articles is read in that
    numbering, not as a law. The page's date printed beside its source with no key goes with the byline."""
    page = (
        "<html><body><i class='iconfont'>&#xe7e3;</i><span>搜索</span><h1>某市困难残疾人生活补贴实施办法</h1>"
        "<p>2022-11-16 来源：某市民政局</p><p>为进一步完善困难残疾人生活补贴制度，制定本实施办法。</p>"
        "<p>一、补贴对象</p><p>（一）具有本市户籍的困难残疾人。</p><p>（二）享受最低生活保障的残疾人。</p>"
        "<p>二、补贴标准</p><p>补贴标准按照本市规定执行。</p><p>三、附则</p><p>本实施办法自印发之日起施行。</p></body></html>"
    ).encode()
    document = read(tmp_path, "subsidy.html", page, "某市困难残疾人生活补贴实施办法", kind="regulation")
    assert document.form == "decision" and "no articles" in document.form_reason
    labels = [p.label for p in document.walk() if p.label]
    assert labels == ["第1段", "一", "一（一）", "一（二）", "二", "三"], labels
    assert document.meta.found["published"].startswith("2022") and document.meta.found["page_source"] == "某市民政局"
    assert "\ue7e3" not in "".join(p.source_text() for p in document.walk())
    icons = [c for c in document.changes if "U+E7E3" in c.note]
    assert len(icons) == 1 and "\ue7e3" in icons[0].before


def test_an_attachment_note_above_long_attachments_is_one_and_a_tables_cells_are_one_doubt(tmp_path):
    """GB/T 9704 7.3.4 and 7.4: the 附件说明 (附件：1.… 2.…) under the text lists the attachments printed after it under
    their marks, however long they are; an attachment's table printed a cell a line is told as one doubt, not one a
    cell."""
    cells = "".join(f"<p>指标{n}</p><p>说明{n}</p>" for n in range(1, 40))
    page = (
        "<html><body><h1>关于推进家庭医生签约服务的实施方案</h1><p>为推进家庭医生签约服务，制定本方案。</p>"
        "<p>一、工作目标</p><p>到2025年，签约服务覆盖率稳步提高。</p><p>二、保障措施</p><p>各区要加强组织领导。</p>"
        "<p>附件：1.签约服务质量监测指标体系</p><p>2.任务分工表</p>"
        f"<p>附件1</p><p>签约服务质量监测指标体系</p>{cells}<p>附件2</p><p>任务分工表</p>{cells}</body></html>"
    ).encode()
    document = read(tmp_path, "doctor.html", page, "关于推进家庭医生签约服务的实施方案", kind="plan")
    assert document.meta.found["attachments"] == "签约服务质量监测指标体系；任务分工表"
    assert [p.label for p in document.walk() if p.kind == "att"] == ["附件1", "附件2"]
    assert "附件：" not in "".join(p.source_text() for p in document.walk() if p.kind != "att")
    runs = [d for d in document.diagnostics if "more short lines" in d.message]
    assert len(runs) == 2 and len(document.diagnostics) < 6, [d.message for d in document.diagnostics]


def test_an_attachment_list_numbered_full_width_is_the_note_and_a_lone_caption_over_the_footer_is_the_pages(tmp_path):
    """附件： over a list printed with full-width Arabic numerals (１．…) is the 附件说明, not a page's label for its
    download links; a lone 发布 under the text (the caption of the page's credit line) is the page's."""
    page = (
        "<html><body><h1>关于调整住房保障标准的通知</h1><p>各区住房城乡建设部门：</p>"
        "<p>为完善住房保障制度，现就有关事项通知如下：</p><p>一、调整收入限额</p><p>收入限额按附件1执行。</p>"
        "<p>二、施行日期</p><p>本通知自2024年3月4日起施行。</p>"
        "<p>附件：</p><p>１．家庭收入及财产限额</p><p>２．住房租赁补贴标准</p>"
        "<p>某市住房和城乡建设局</p><p>2024年3月4日</p><p>发布</p><p>主办单位：某市住房和城乡建设局</p></body></html>"
    ).encode()
    document = read(tmp_path, "housing.html", page, "关于调整住房保障标准的通知")
    assert document.meta.found["attachments"] == "家庭收入及财产限额；住房租赁补贴标准"
    assert [p.label for p in document.walk() if p.label][-2:] == ["二", "落款"]
    text = text_of(document)
    assert "家庭收入及财产限额" not in text and "发布" not in text


def test_a_notice_whose_issued_document_has_no_title_line_and_attached_tables_under_their_marks(tmp_path):
    """A page may print the issued document's title only in its heading: the document begins with its first numbered
    line under the notice's 落款 (现印发实施), named as the notice names it. A 附表： list names the tables a 办法
    appends, each opening under its mark (附表1); the 版记's 印发机关 and 印发日期 printed a line each are one 版记."""
    page = (
        "<html><body><h1>某区见习基地管理办法</h1><p>某区人力资源和社会保障局</p>"
        "<p>关于印发某区见习基地管理办法的通知</p><p>区属各单位：</p>"
        "<p>《某区见习基地管理办法》已经区政府同意，现印发实施。执行中如有问题，请径向区人社局反映。</p>"
        "<p>某区人力资源和社会保障局</p><p>2023年8月9日</p>"
        "<p>第一条 为规范见习基地管理，制定本办法。</p><p>第二条 见习基地按附表申报。</p>"
        "<p>第三条 本办法自2023年9月8日起施行。</p>"
        "<p>附表：1. 见习基地申请表</p><p>2. 见习岗位需求信息表</p>"
        "<p>附表1</p><p>见习基地申请表</p><p>单位名称\t</p><p>附表2</p><p>见习岗位需求信息表</p><p>岗位名称\t</p>"
        "<p>某区人力资源和社会保障局办公室</p><p>2023年8月9日印发</p></body></html>"
    ).encode()
    title = "某区人力资源和社会保障局关于印发某区见习基地管理办法的通知"
    document = read(tmp_path, "trainee.html", page, title, kind="notice")
    labels = [p.label for p in document.walk() if p.label]
    assert labels[:4] == NOTICE_HEAD and "第一条" in labels and labels[-2:] == ["附表2", "附表2第1段"], labels
    assert document.meta.found["body_title"] == "某区见习基地管理办法"
    assert document.meta.found["attachments"] == "见习基地申请表；见习岗位需求信息表"
    assert document.meta.found["printed"] == "某区人力资源和社会保障局办公室 2023年8月9日印发"


def test_a_byline_value_of_several_words_and_a_pages_stamp_alone_on_a_line(tmp_path):
    """A byline's value may run over words (信息来源： 市人力资源社会保障局 社保中心) up to a widget's caption (浏览字号：大中小);
    a page's date with its time alone on a line, and a field a script never filled (-), are the page's, not the text."""
    page = (
        "<html><body><h1>关于开展养老保险待遇资格认证的通告</h1>"
        "<p>发表时间： 2025-03-31 17:14 信息来源： 市人力资源社会保障局 社保中心 浏览字号：大中小</p>"
        "<p>2025-10-17 09:00:00</p><p>-</p>"
        "<p>根据国家和省有关规定，参保人一年至少进行一次资格认证，现就有关事项通告如下：</p>"
        "<p>一、一年至少认证一次</p><p>参保人每年至少进行一次资格认证。</p></body></html>"
    ).encode()
    document = read(tmp_path, "notice.html", page, "关于开展养老保险待遇资格认证的通告")
    assert document.meta.found["page_source"] == "市人力资源社会保障局 社保中心"
    assert document.find("preamble__para_1").text.startswith("根据国家和省有关规定")
    text = text_of(document)
    assert "2025-" not in text and "浏览字号" not in text and "-" not in text.replace("—", "")
