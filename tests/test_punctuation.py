"""Full-width punctuation restored after an NFKC fold, case by case, plus the properties every case must keep."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from build_tools.punctuation import restore_fullwidth

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    # (scraped text, as an official text prints it)
    # --- converted, Simplified ---
    ("党的十八大以来,习近平", "党的十八大以来，习近平"),
    (
        "〔责任单位:省通信管理局、数据管理局…,各设区市(含平潭综合实验区,下同)〕",
        "〔责任单位：省通信管理局、数据管理局…，各设区市（含平潭综合实验区，下同）〕",
    ),
    ("(一)加强", "（一）加强"),
    ("二(三)7", "二（三）7"),
    ("(1)加快升级网络基础设施", "（1）加快升级网络基础设施"),
    ("新增万兆无源光网(10G-PON)端口7万个以上", "新增万兆无源光网（10G-PON）端口7万个以上"),
    ("推进城市信息模型基础平台(CIM)和全省房屋建筑一网统管平台建设", "推进城市信息模型基础平台（CIM）和全省房屋建筑一网统管平台建设"),
    ("发布时间:2024-05-08 17:29", "发布时间：2024-05-08 17:29"),
    ("时间:9:30,地点:福州", "时间：9:30，地点：福州"),
    ("以来, 习近平", "以来，习近平"),
    ("怎么办?", "怎么办？"),
    ("这是为什么?!", "这是为什么？！"),
    ("撸起袖子加油干!", "撸起袖子加油干！"),
    ("第一,统筹布局;第二,加快建设。", "第一，统筹布局；第二，加快建设。"),
    (
        "力争全省数字经济规模突破3.2万亿元,千兆宽带用户占比超25%,持续推进",
        "力争全省数字经济规模突破3.2万亿元，千兆宽带用户占比超25%，持续推进",
    ),
    ("增长2.9个百分点,1,000家企业", "增长2.9个百分点，1,000家企业"),
    ("累计投入1,000,000元,其中", "累计投入1,000,000元，其中"),
    ("5G基站1万个以上,推进5G网络在重点场所深度覆盖", "5G基站1万个以上，推进5G网络在重点场所深度覆盖"),
    ("1.加快升级网络基础设施。持续开展“双千兆”协同工程,实施", "1.加快升级网络基础设施。持续开展“双千兆”协同工程，实施"),
    ("开展“双千兆”,实施“宽带边疆”建设行动", "开展“双千兆”，实施“宽带边疆”建设行动"),
    ("他说:“数字福建”", "他说：“数字福建”"),
    ("发挥“数据要素×”效应, 推动数字赋能", "发挥“数据要素×”效应，推动数字赋能"),
    ("依托数字福建(长乐、安溪)产业园", "依托数字福建（长乐、安溪）产业园"),
    ("详见附件(表1(a))", "详见附件（表1（a））"),
    ("各设区市(含平潭综合实验区）", "各设区市（含平潭综合实验区）"),
    ("（一）加强统筹,推进建设", "（一）加强统筹，推进建设"),
    ("(责任单位:省数据管理局,福州大学,省大数据集团", "（责任单位：省数据管理局，福州大学，省大数据集团"),
    ("省大数据集团)", "省大数据集团）"),
    (
        "(2018年5月31日福建省第十三屆人民代表大會\n\n常務委員會第三次會議通過)",
        "（2018年5月31日福建省第十三屆人民代表大會\n\n常務委員會第三次會議通過）",
    ),
    ("1)加强统筹", "1）加强统筹"),
    ("数据管理局......,各设区市", "数据管理局......，各设区市"),
    ("网址:https://www.fj.gov.cn/a?id=1,请查阅", "网址：https://www.fj.gov.cn/a?id=1，请查阅"),
    ("联系:mailto:info@fj.gov.cn?subject=数据", "联系：mailto:info@fj.gov.cn?subject=数据"),
    ("https://zh.wikipedia.org/wiki/X_(Y),中国", "https://zh.wikipedia.org/wiki/X_(Y)，中国"),
    ("见[附件](https://a.b/c_(1).pdf),请查阅", "见[附件](https://a.b/c_(1).pdf)，请查阅"),
    ("Hello,世界", "Hello，世界"),
    ("名称:\t数据", "名称：\t数据"),
    ("以来,  \n下一行", "以来，  \n下一行"),
    ("第一行:\nEnglish: yes\n第三行,完", "第一行：\nEnglish: yes\n第三行，完"),
    # --- converted, Traditional ---
    ("特作如下決定:", "特作如下決定："),
    ("為了規範數據處理活動,保障數據安全,促進數據開發利用", "為了規範數據處理活動，保障數據安全，促進數據開發利用"),
    ("第一條(立法目的)", "第一條（立法目的）"),
    ("本法所稱數據,是指任何以電子或者其他方式對信息的記錄。", "本法所稱數據，是指任何以電子或者其他方式對信息的記錄。"),
    ("何謂個人資料?", "何謂個人資料？"),
    ("(一)加強數位基礎建設", "（一）加強數位基礎建設"),
    ("主管機關:數位發展部; 其他機關:各該目的事業主管機關", "主管機關：數位發展部；其他機關：各該目的事業主管機關"),
    ("依「個人資料保護法」,辦理", "依「個人資料保護法」，辦理"),
    ("施行日期:中華民國一百十二年八月一日", "施行日期：中華民國一百十二年八月一日"),
    ("新增5G基站(含室內分佈系統,下同)1萬座", "新增5G基站（含室內分佈系統，下同）1萬座"),
    ("「數位臺灣」,推動", "「數位臺灣」，推動"),
    # --- untouched ---
    ("17:29", "17:29"),
    ("2024-05-08 17:29", "2024-05-08 17:29"),
    ("1,000", "1,000"),
    ("占比超57%", "占比超57%"),
    ("比例尺1:1000地形图", "比例尺1:1000地形图"),
    ("會議於上午9:30開始", "會議於上午9:30開始"),
    ("Hello, world: yes", "Hello, world: yes"),
    (
        "The Digital China Summit (2018) opened in Fuzhou; it ran for two days!",
        "The Digital China Summit (2018) opened in Fuzhou; it ran for two days!",
    ),
    ("Q: Is it 5G? A: Yes!", "Q: Is it 5G? A: Yes!"),
    ("(1) The first item", "(1) The first item"),
    ("1) step one", "1) step one"),
    ("See https://a.b/c?x=1 and mailto:a@b.cn", "See https://a.b/c?x=1 and mailto:a@b.cn"),
    ("详见https://a.b/c?x=1", "详见https://a.b/c?x=1"),
    ("新增万兆无源光网10G-PON端口、5G+应用、IPv6地址", "新增万兆无源光网10G-PON端口、5G+应用、IPv6地址"),
    ('他说"Hello, world!"。', '他说"Hello, world!"。'),
    ("他说“Hello, world”。", "他说“Hello, world”。"),
    ("“Hello”, he said.", "“Hello”, he said."),
    ("运行`a, b: c`命令", "运行`a, b: c`命令"),
    ("[第一章 总则](#第一章-总则)。", "[第一章 总则](#第一章-总则)。"),
    ("* [第 一 章 總則](#第-一-章-總則)", "* [第 一 章 總則](#第-一-章-總則)"),
    ("1.加快升级网络基础设施", "1.加快升级网络基础设施"),
    ("1．加快升级网络基础设施", "1．加快升级网络基础设施"),
    ("(1)\n加强", "(1)\n加强"),
    ("Wait... what?", "Wait... what?"),
]

FOLD = str.maketrans("，：；？！（）", ",:;?!()")


def fold(text: str) -> str:
    """The text as the scraper left it: full-width marks folded back to ASCII, whitespace gone."""
    return "".join(text.translate(FOLD).split())


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_restore(text: str, expected: str) -> None:
    assert restore_fullwidth(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_idempotent(text: str, expected: str) -> None:
    once = restore_fullwidth(text)[0]
    assert restore_fullwidth(once) == (once, Counter())


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_only_marks_and_spaces_change(text: str, expected: str) -> None:
    assert fold(restore_fullwidth(text)[0]) == fold(text)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts(text: str, expected: str) -> None:
    out, counts = restore_fullwidth(text)
    full = "，：；？！（）"
    assert counts == Counter({m: out.count(m) - text.count(m) for m in full if out.count(m) > text.count(m)})


def test_properties_on_random_mixtures() -> None:
    """Idempotence and preservation on short random mixtures of Han, Latin, digits, marks, quotes, brackets and URLs."""
    pieces = [*"中文a1 ,:;?!()（）“”\"'.…\n`]【》，", "https://a.b/c", "](x)", "...", "17:29"]
    rng = random.Random(15834)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        out, counts = restore_fullwidth(text)
        assert restore_fullwidth(out) == (out, Counter()), text
        assert fold(out) == fold(text), text
        assert all(counts[m] == out.count(m) - text.count(m) for m in "，：；？！（）"), text


def test_whole_corpus_line_by_line_equals_whole_text() -> None:
    """Lines are independent: converting a text at once or line by line gives the same result."""
    text = "\n".join(t for t, _ in CASES)
    assert restore_fullwidth(text)[0] == "\n".join(restore_fullwidth(t)[0] for t, _ in CASES)


def test_seeds_keep_their_characters() -> None:
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        out, _ = restore_fullwidth(text)
        assert fold(out) == fold(text), seed.name
        assert restore_fullwidth(out)[0] == out, seed.name
