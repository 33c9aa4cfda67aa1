"""Untrusted text never becomes markup, and every input gets a clear answer (the cases of the issue and their variants).

Inputs from a pull request reach pages only as escaped text or as Markdown checked on the URLs the browser will
read; each refusal is one `path:line:` message. tests/test_hostile.py covers files, encodings, dates and YAML.
"""

from __future__ import annotations

import re

import pytest

from build_tools.build import build
from build_tools.model import Ref
from build_tools.search import add_cross_script_field
from tests.conftest import BARE, SIDECAR, TEXT, problems_of

NOTE = "part_1:\n  - body: {body}\n    author: 测试\n    date: 2024-01-02\n"
REFUSED_LINK = "curation/annotations/test.yml:2: link '{shown}' is not allowed; links must be http(s), mailto or a page of this site."


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("'[x](javascript:alert(1))'", "javascript:alert(1"),  # as Markdown reads the target: to the first ')'
        ("'[x](java&#x73;cript:alert(1))'", "javascript:alert(1)"),  # the entity is decoded by the browser, so here too
        ("'[x](&#106;avascript:alert(1))'", "javascript:alert(1)"),
        ("'[x](JaVaScRiPt:alert(1))'", "JaVaScRiPt:alert(1"),
        ("'[x](data:text/html;base64,PHNjcmlwdD4=)'", "data:text/html;base64,PHNjcmlwdD4="),
        ("'[x](vbscript:msgbox)'", "vbscript:msgbox"),
    ],
)
def test_note_links_are_checked_as_the_browser_reads_them(bare, body, shown):
    root = bare({"curation/annotations/test.yml": NOTE.format(body=body)})
    assert problems_of(root) == [REFUSED_LINK.format(shown=shown)]


@pytest.mark.parametrize("body", ["'[见条款](test.html#part_1)'", "'[国务院](https://www.gov.cn/)'", "'[写信](mailto:a@b.cn)'"])
def test_safe_links_are_kept(bare, body):
    root = bare({"curation/annotations/test.yml": NOTE.format(body=body)})
    from build_tools.project import gather, gather_curation

    converter, documents, _ = gather(root)
    curation = gather_curation(root, documents, converter)
    assert curation.annotations[Ref("test", "part_1")][0].html.count("<a href=") == 1


@pytest.mark.parametrize(
    ("theme", "suggestion"),
    [('x" onmouseover="alert(1)', "x-onmouseover-alert-1"), ("数据要素", "my-theme"), ("Data Elements", "data-elements")],
)
def test_theme_ids_follow_their_grammar(bare, theme, suggestion):
    crosswalk = f"themes:\n  '{theme.replace(chr(39), chr(39) * 2)}': {{name: 主题, description: 说明}}\nlinks: []\n"
    assert problems_of(bare({"curation/crosswalk.yml": crosswalk})) == [
        f"curation/crosswalk.yml:2: theme ID '{theme}' is not allowed; expected lower-case ASCII letters, digits and hyphens."
        f" Did you mean '{suggestion}'?"
    ]


def test_an_unclosed_quote_is_reported_where_it_opens(bare):
    crosswalk = 'themes:\n  a: {name: 主题, description: "说明}\nlinks: []\n'
    assert problems_of(bare({"curation/crosswalk.yml": crosswalk})) == [
        "curation/crosswalk.yml:2: malformed YAML: a quote opened here is never closed (found unexpected end of stream)."
    ]


def test_original_script_is_checked_against_the_text(bare):
    from build_tools.project import gather

    body = "数字经济发展势在必行。要加强数据要素市场建设，推进数字政府改革，统筹发展和安全，为高质量发展提供有力支撑。" * 2
    root = bare({"seeds/test.txt": TEXT + body + "\n", "seeds/test.yml": SIDECAR.replace("zh-Hans", "zh-Hant")})
    _, documents, _ = gather(root)
    warnings = [str(d) for d in documents[0].diagnostics if "original_script" in str(d)]
    assert len(warnings) == 1 and warnings[0].startswith("seeds/test.yml: original_script is zh-Hant, but ")
    assert warnings[0].endswith(
        "of the text's Han characters are not zh-Hant forms (a text in its declared script has almost none); expected original_script: zh-Hans?"
    )


def test_an_invisible_separator_in_the_text_keeps_the_search_index_whole(tmp_path):
    """U+2063 joined the entries for one OpenCC call; a seed holding it split the index (a zip() traceback)."""
    from build_tools.convert import Converter

    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text('{"config": {}, "docs": [{"title": "数据\u2063要素", "text": "发展"}, {"title": "一网通办", "text": ""}]}')
    assert add_cross_script_field(tmp_path, Converter([]), "zh-Hans", []) == 2
    assert "數據\u2063要素" in index.read_text(encoding="utf-8")


def test_markup_in_sidecars_and_optional_fields_build_as_text(bare):
    """A title and source holding HTML reach every page as text; a glossary term without its optional source builds."""
    root = bare(
        {
            "seeds/test.yml": 'title: "测试<img src=x onerror=alert(1)>: 标题"\ndate: 2024-01-02\nkind: notice\n'
            'source: "来源<script>alert(2)</script>"\noriginal_script: zh-Hans\n',
            "curation/glossary.yml": "terms:\n  - term: 测试词\n    definition: 只有定义，没有出处。\n",
            **{k: v for k, v in BARE.items() if k != "curation/glossary.yml"},
        }
    )
    site = build(root, offline_zip=False).site_dir
    assert site is not None
    pages = {page: page.read_text(encoding="utf-8") for page in site.rglob("*.html")}
    assert not [page for page, text in pages.items() if re.search(r"<img src=x|<script>alert", text)]
    document = pages[site / "zh-Hans" / "test.html"]
    assert "测试&lt;img src=x onerror=alert(1)&gt;: 标题" in document  # shown, as text, with its colon
    assert "测试词" in pages[site / "zh-Hans" / "glossary.html"]


@pytest.mark.parametrize(
    ("files", "check"),
    [
        # every optional field of every schema, left out: the input is valid and builds
        ({"curation/crosswalk.yml": "themes:\n  a: {name: 主题, description: 说明}\nlinks: []\n"}, lambda c: "a" in c.themes),
        (
            {"curation/annotations/test.yml": "part_1:\n  - body: 按语。\n    author: 编者\n    date: 2024-01-02\n"},
            lambda c: c.annotations[Ref("test", "part_1")][0].sources == (),
        ),
        (
            {"curation/glossary.yml": "terms:\n  - term: 通知\n    definition: 公文的一种。\n"},
            lambda c: c.glossary[0].source is None and c.glossary[0].aliases == (),
        ),
        ({"seeds/test.yml": SIDECAR}, lambda c: True),  # the sidecar's optional fields (short_title, issuer, form, …)
    ],
)
def test_optional_fields_are_optional(bare, files, check):
    from build_tools.project import gather, gather_curation

    root = bare(files)
    converter, documents, _ = gather(root)
    assert check(gather_curation(root, documents, converter))
