"""Curated YAML: the real files are valid; bad entries get exact `file:line` messages; annotation text is untrusted."""

from __future__ import annotations

import dataclasses

import pytest

from build_tools.curate import SOURCES, load_curation
from build_tools.model import BuildError, Curation, Ref
from build_tools.project import gather, gather_curation
from tests.conftest import problems_of


def test_real_curation(corpus):
    from tests.conftest import ROOT

    _, documents = corpus
    curation, problems = load_curation(ROOT, documents)
    assert problems == []
    assert len(curation.themes) >= 14
    assert len(curation.links) >= 50
    linked_docs = {ref.document for link in curation.links for ref in (link.source, link.target)}
    assert linked_docs == {d.id for d in documents}
    # every 2024 task that the crosswalk links is linked to an earlier document
    for link in curation.links:
        assert link.rationale, link


def test_links_show_from_both_ends(corpus):
    from tests.conftest import ROOT

    curation, _ = load_curation(ROOT, corpus[1])
    ends = [other for _, other in curation.links_of(Ref("2018-npc-decision", "part_2__sec_5"))]
    assert Ref("2024-work-points", "part_1__sec_2__item_4") in ends
    ends = [other for _, other in curation.links_of(Ref("2024-work-points", "part_1__sec_2__item_4"))]
    assert Ref("2018-npc-decision", "part_2__sec_5") in ends


def crosswalk(*links: str) -> str:
    return "themes:\n  summit: {name: 峰会, description: 峰会}\nlinks:\n" + "".join(links)


CASES = [
    (
        "unknown provision, did you mean",
        {
            "curation/crosswalk.yml": crosswalk(
                "  - {source: 2024-work-points#part_2__sec_3__item9, target: 2018-summit-news#preamble__para_4, theme: summit}\n"
            )
        },
        [
            "curation/crosswalk.yml:4: source: unknown provision ID 'part_2__sec_3__item9' in 2024-work-points. Did you mean 'part_2__sec_3__item_9'?"
        ],
    ),
    (
        "unknown document",
        {
            "curation/crosswalk.yml": crosswalk(
                "  - {source: 2024-workpoints#part_2, target: 2018-summit-news#preamble__para_4, theme: summit}\n"
            )
        },
        ["curation/crosswalk.yml:4: source: unknown document '2024-workpoints'. Did you mean '2024-work-points'?"],
    ),
    (
        "unknown theme",
        {
            "curation/crosswalk.yml": crosswalk(
                "  - {source: 2024-work-points#part_2, target: 2018-summit-news#preamble__para_4, theme: sumit}\n"
            )
        },
        ["curation/crosswalk.yml:4: unknown theme 'sumit'; expected one of summit. Did you mean 'summit'?"],
    ),
    (
        "duplicate link, either direction",
        {
            "curation/crosswalk.yml": crosswalk(
                "  - {source: 2024-work-points#part_2, target: 2018-summit-news#preamble__para_4, theme: summit}\n",
                "  - {source: 2018-summit-news#preamble__para_4, target: 2024-work-points#part_2, theme: summit}\n",
            )
        },
        [
            "curation/crosswalk.yml:5: duplicate link 2018-summit-news#preamble__para_4 ↔ 2024-work-points#part_2 (summit); line 4 already has it."
        ],
    ),
    (
        "missing field",
        {"curation/crosswalk.yml": crosswalk("  - {source: 2024-work-points#part_2, theme: summit}\n")},
        ["curation/crosswalk.yml:4: missing field 'target'."],
    ),
    (
        "malformed YAML",
        {"curation/crosswalk.yml": "themes:\n  summit: {name: 峰会\nlinks: []\n"},
        ["curation/crosswalk.yml:3: malformed YAML: expected ',' or '}', but got ':'."],
    ),
    (
        "annotation on an unknown provision",
        {"curation/annotations/2024-work-points.yml": "part_2__sec_3__item_99:\n  - {body: 注释, author: 编辑, date: 2026-01-01}\n"},
        [
            "curation/annotations/2024-work-points.yml:1: annotation: unknown provision ID 'part_2__sec_3__item_99' in 2024-work-points. Did you mean 'part_2__sec_3__item_9'?"
        ],
    ),
    (
        "annotation missing its author, bad date",
        {
            "curation/annotations/2024-work-points.yml": "part_2:\n  - {body: 注释, date: 2026-01-01}\n  - {body: 注释, author: 编辑, date: 2026-13-01}\n"
        },
        [
            "curation/annotations/2024-work-points.yml:2: missing field 'author'.",
            "curation/annotations/2024-work-points.yml:3: date '2026-13-01' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY).",
        ],
    ),
    (
        "script tag refused",
        {
            "curation/annotations/2024-work-points.yml": "part_2:\n  - author: 编辑\n    date: 2026-01-01\n    body: 见<script>alert(1)</script>\n"
        },
        [
            "curation/annotations/2024-work-points.yml:4: raw HTML is not allowed in notes (found '<script>'); write Markdown instead, e.g. **bold** or [text](https://…)."
        ],
    ),
    (
        "event handler refused",
        {
            "curation/annotations/2024-work-points.yml": 'part_2:\n  - author: 编辑\n    date: 2026-01-01\n    body: "<img src=x onerror=alert(1)>"\n'
        },
        [
            "curation/annotations/2024-work-points.yml:4: raw HTML is not allowed in notes (found '<img src=x onerror=alert(1)>'); write Markdown instead, e.g. **bold** or [text](https://…)."
        ],
    ),
    (
        "javascript: link refused",
        {
            "curation/annotations/2024-work-points.yml": "part_2:\n  - author: 编辑\n    date: 2026-01-01\n    body: 点[这里](javascript:alert(1))\n"
        },
        [
            "curation/annotations/2024-work-points.yml:4: link 'javascript:alert(1' is not allowed; links must be http(s), mailto or a page of this site."
        ],
    ),
    (
        "reference-style data: link refused",
        {
            "curation/annotations/2024-work-points.yml": 'part_2:\n  - author: 编辑\n    date: 2026-01-01\n    body: "点[这里][x]\\n\\n[x]: data:text/html,hi"\n'
        },
        [
            "curation/annotations/2024-work-points.yml:4: link 'data:text/html,hi' is not allowed; links must be http(s), mailto or a page of this site."
        ],
    ),
    (
        "annotation file for no document",
        {"curation/annotations/2024-workpoints.yml": "part_2:\n  - {body: 注释, author: 编辑, date: 2026-01-01}\n"},
        [
            "curation/annotations/2024-workpoints.yml:1: no document '2024-workpoints' to annotate; name the file after a seed. Did you mean '2024-work-points'?"
        ],
    ),
]


@pytest.mark.parametrize(("label", "files", "messages"), CASES, ids=[c[0] for c in CASES])
def test_bad_curation(project, corpus, label, files, messages):
    root = project(files, keep_seeds=True)
    with pytest.raises(BuildError) as caught:
        gather_curation(root, corpus[1])
    assert [str(p) for p in caught.value.problems] == messages


def test_safe_markdown_renders(project, corpus):
    body = "见[2018年新闻](2018-summit-news.html#preamble__para_4)与[国家数据局](https://www.nda.gov.cn/)，**第七届**。"
    root = project(
        {"curation/annotations/2024-work-points.yml": f"part_2:\n  - author: 编辑\n    date: 2026-01-01\n    body: {body}\n"},
        keep_seeds=True,
    )
    curation = gather_curation(root, corpus[1])
    (note,) = curation.annotations[Ref("2024-work-points", "part_2")]
    assert note.html == (
        '<p>见<a href="2018-summit-news.html#preamble__para_4">2018年新闻</a>与<a href="https://www.nda.gov.cn/">国家数据局</a>，'
        "<strong>第七届</strong>。</p>"
    )


def test_a_provision_reference_parses_and_prints_one_way():
    ref = Ref.parse("2024-work-points#part_1__sec_2__item_4")
    assert ref == Ref("2024-work-points", "part_1__sec_2__item_4")
    assert (str(ref), ref.href) == ("2024-work-points#part_1__sec_2__item_4", "2024-work-points.html#part_1__sec_2__item_4")
    assert Ref.parse("2024-work-points") is None
    # ordered as the written form sorts: '#' sorts before any character an ID may use
    refs = [Ref("a-b", "x"), Ref("a", "y"), Ref("a", "x_1")]
    assert [str(r) for r in sorted(refs)] == sorted(str(r) for r in refs)


GLOSSARY = {
    "数字福建": "  - term: 数字福建\n    definition: 信息化工程。\n",
    "數字中國": "  - term: 數字中國\n    definition: 繁體寫的術語。\n",
    "5G基站": "  - term: 5G基站\n    definition: 基站。\n",
}


def test_glossary_anchors_come_from_the_term_and_survive_reordering(bare):
    anchors = []
    for order in (list(GLOSSARY), list(reversed(GLOSSARY))):
        root = bare({"curation/glossary.yml": "terms:\n" + "".join(GLOSSARY[term] for term in order)})
        curation, problems = load_curation(root, gather(root)[1])
        assert problems == []
        anchors.append({term.term: term.id for term in curation.glossary})
    assert anchors[0] == anchors[1] == {"数字福建": "term-shuzifujian", "數字中國": "term-shuzizhongguo", "5G基站": "term-5g-jizhan"}


def test_glossary_anchor_clash_asks_for_an_id(bare):
    entries = "  - term: 信创\n    definition: 甲。\n  - term: 新创\n    definition: 乙。\n"
    assert problems_of(bare({"curation/glossary.yml": "terms:\n" + entries})) == [
        "curation/glossary.yml:4: '新创' would have the anchor term-xinchuang, which '信创' (line 2) has; give this entry its own,"
        " e.g. id: term-xinchuang-2."
    ]
    root = bare({"curation/glossary.yml": "terms:\n" + entries + "    id: term-xinchuang-new\n"})
    curation, problems = load_curation(root, gather(root)[1])
    assert problems == [] and [t.id for t in curation.glossary] == ["term-xinchuang", "term-xinchuang-new"]
    assert problems_of(bare({"curation/glossary.yml": "terms:\n" + entries + "    id: Xin Chuang\n"})) == [
        "curation/glossary.yml:4: anchor 'Xin Chuang' must be 'term-' then lowercase letters, digits and dashes; did you mean"
        " 'term-xinchuang'?"
    ]


def test_every_curated_field_is_declared_with_its_readers():
    """A curated file declares what it feeds and who reads it (curate.SOURCES); the page fingerprints follow from
    that. A field of Curation that no source declares would be read by pages whose fingerprints do not name it, and
    served stale by the incremental build: none may be missing, none declared twice."""
    declared = [name for source in SOURCES for name, _ in source.feeds]
    fields = [field.name for field in dataclasses.fields(Curation) if field.name != "suggestions"]  # the machine's
    assert sorted(declared) == sorted(fields)
    assert len(declared) == len(set(declared))
