"""The built site: both scripts, anchors, exports, no outside requests in the markup, atomic and reproducible builds."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from build_tools.build import build
from build_tools.export import EXPORTS
from build_tools.layout import site_plan
from build_tools.model import BuildError
from build_tools.offline import ZIP_NAME
from build_tools.workers import build_workers
from tests.conftest import BUILT_WITH, ROOT


def html(site: Path, script: str, page: str) -> str:
    return (site / script / page).read_text(encoding="utf-8")


def test_both_scripts_and_lang(built, documents):
    for script in ("zh-Hans", "zh-Hant"):
        for slug in documents:
            page = html(built, script, f"{slug}.html")
            assert f'<html lang="{script}"' in page
        assert "搜索" in html(built, "zh-Hans", "index.html") and "搜尋" in html(built, "zh-Hant", "index.html")


def test_every_provision_is_anchored_in_both_scripts(built, documents):
    for slug, document in documents.items():
        for script in ("zh-Hans", "zh-Hant"):
            ids = set(re.findall(r'id="([^"]+)"', html(built, script, f"{slug}.html")))
            missing = [p.id for p in document.walk() if p.id not in ids]
            assert not missing, (slug, script, missing[:5])


def test_script_switch_links_to_the_same_page(built):
    page = html(built, "zh-Hans", "2024-work-points.html")
    assert '<a href="../zh-Hant/2024-work-points.html" hreflang="zh-Hant"' in page
    page = html(built, "zh-Hant", "2018-npc-decision.html")
    assert '<a href="../zh-Hans/2018-npc-decision.html" hreflang="zh-Hans"' in page


def test_no_markup_points_at_another_host(built):
    pattern = re.compile(r'(?:src|href)\s*=\s*["\'](?:https?:)?//', re.I)
    edit_button = re.compile(r'<a href="https://github\.com/[^"]+" title="[^"]*" class="md-content__button md-icon" rel="edit">')
    # A document's official page, a link the reader may follow (never a resource the page loads).
    source_link = re.compile(r'<a href="https?://[^"]+" rel="external noopener">')
    offenders = [
        str(p.relative_to(built))
        for p in built.rglob("*.html")
        if pattern.search(source_link.sub("", edit_button.sub("", p.read_text(encoding="utf-8"))))
    ]
    assert offenders == []
    assert "unpkg.com" not in html(built, "zh-Hans", "index.html")
    assert "fonts.googleapis.com" not in html(built, "zh-Hant", "index.html")


def corpus(built: Path) -> dict:
    """The whole corpus as published: data/corpus.json.gz."""
    return json.loads(gzip.decompress((built / "data" / "corpus.json.gz").read_bytes()).decode("utf-8"))


def test_corpus_json(built, documents):
    data = corpus(built)
    assert sorted(d["id"] for d in data["documents"]) == sorted(documents)
    curated = [link for link in data["links"] if link["origin"] == "curated"]
    suggested = [link for link in data["links"] if link["origin"] == "suggested"]
    assert len(curated) == 57 and all(link["rationale"] for link in curated)  # every curated link of crosswalk.yml, with its reason
    assert suggested and all(link["score"] > 0 and not link["theme"] for link in suggested)  # machine suggestions, marked
    work_points = next(d for d in data["documents"] if d["id"] == "2024-work-points")
    assert work_points["date"] == "2024-04-30" and work_points["kind"] == "work-points"
    assert work_points["original_script"] == "zh-Hans"
    task = next(p for p in work_points["provisions"] if p["id"] == "part_2__sec_3__item_7")
    assert task == {
        **task,
        "parent": "part_2__sec_3",
        "label": "二（三）7",
        "heading": "培育壮大数字产业集群",
        "responsible_units": ["省数据管理局", "工信厅", "各设区市"],
    }
    decision = next(d for d in data["documents"] if d["id"] == "2018-npc-decision")
    assert decision["original_script"] == "zh-Hant"
    assert "數字福建" in decision["provisions"][2]["heading"] or "數字福建" in decision["provisions"][3]["heading"]
    speech = next(d for d in data["documents"] if d["id"] == "speech-digital-economy")
    assert any("付费" in w for w in speech["warnings"])


def test_tasks_csv(built, documents):
    rows = list(csv.DictReader(io.StringIO((built / "data" / "tasks.csv").read_text(encoding="utf-8"))))
    expected = sum(len(p.responsible_units) for d in documents.values() for p in d.walk())
    assert len(rows) == expected
    task_ids = {row["provision"] for row in rows if "__item_" in row["provision"]}
    assert len(task_ids) == 28
    assert rows[0] == {
        "document": "2024-work-points",
        "provision": "part_1__sec_1__item_1",
        "label": "一（一）1",
        "heading": "加快升级网络基础设施",
        "unit_as_printed": "省通信管理局",
        "unit": "省通信管理局",
        "order": "1",
    }


def test_offline_zip(built):
    path = built / "download" / ZIP_NAME
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "digital-fujian-policy-library/zh-Hans/2024-work-points.html" in names
    assert "digital-fujian-policy-library/zh-Hant/search/dfl-offline.js" in names  # the copy's own search
    assert not any("search_index" in name for name in names)  # Material's, which a copy never reads
    assert not any("/download/" in name for name in names)
    label = f"{path.stat().st_size / 1_000_000:.1f} MB"
    assert (built / "download" / "size.js").read_text(encoding="utf-8") == f'var dflOfflineSize = "{label}";\n'
    page = html(built, "zh-Hant", "index.html")
    assert '<span data-dfl-size></span></a>\n    <script src="../download/size.js"></script>' in page
    assert "下載離線版" in page and "下载离线版" in html(built, "zh-Hans", "index.html")


def test_print_edition(built, documents):
    page = html(built, "zh-Hans", "print.html")
    for slug, document in documents.items():
        assert f'id="{slug}"' in page
        assert all(f'id="{slug}--{p.id}"' in page for p in document.walk())


def test_search_index_has_both_scripts(built):
    for script, own, other in (("zh-Hans", "数据要素", "數據要素"), ("zh-Hant", "數據要素", "数据要素")):
        index = json.loads((built / script / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["fields"]["alt"] == {"boost": 0.5}
        texts = " ".join(d["text"] for d in index["docs"])
        alts = " ".join(d["alt"] for d in index["docs"])
        assert own in texts.replace("\u200b", "") and other in alts.replace("\u200b", "")
    hant = json.loads((built / "zh-Hant" / "search" / "search_index.json").read_text(encoding="utf-8"))
    tokens = {t for d in hant["docs"] for t in d["text"].split("\u200b")}
    # jieba's dictionary is Simplified; with its Traditional conversion 加強 is one word on the Traditional site.
    assert {"加強", "閩政通", "數字福建"} <= tokens


def _digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_failed_build_leaves_site_intact(built):
    root = built.parent
    before = _digest(built)
    sidecar = root / "seeds" / "2024-work-points.yml"
    original = sidecar.read_text(encoding="utf-8")
    config = root / "mkdocs.yml"
    original_config = config.read_text(encoding="utf-8")
    try:
        sidecar.write_text(original.replace("date: 2024-04-30", "date: 2024-4-31"), encoding="utf-8")
        with pytest.raises(BuildError) as caught:
            build(root)
        assert [str(p) for p in caught.value.problems] == [
            "seeds/2024-work-points.yml:3: date '2024-4-31' is not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY)."
        ]
        sidecar.write_text(original, encoding="utf-8")
        # A failure late, inside MkDocs, after pages were rendered and half a site was written:
        config.write_text(original_config.replace("name: material", "name: no-such-theme"), encoding="utf-8")
        with pytest.raises(BuildError):
            build(root)
    finally:
        sidecar.write_text(original, encoding="utf-8")
        config.write_text(original_config, encoding="utf-8")
    assert _digest(built) == before
    assert not (root / "site.new").exists()


def test_builds_are_byte_identical(built, tmp_path, monkeypatch):
    """Two builds of the same inputs are the same bytes; and the second runs one script after the other, where `built`
    ran the two scripts' MkDocs side by side (on a machine of two cores): the same files either way."""
    for key, value in BUILT_WITH.items():  # the settings `built` was made with (conftest._build_copy)
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DFL_BUILD_WORKERS", "1")
    assert os.cpu_count() == 1 or build_workers() == 1
    again = build(built.parent, site_dir=tmp_path / "site").site_dir
    assert again is not None
    first, second = _digest(built), _digest(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_edit_button_opens_the_file_that_feeds_the_page(built):
    repo = "https://github.com/example/digital-fujian-policy-library"
    assert f'href="{repo}/edit/main/curation/annotations/2024-work-points.yml"' in html(built, "zh-Hans", "2024-work-points.html")
    assert f'href="{repo}/new/main/curation/annotations?filename=2018-npc-decision.yml"' in html(built, "zh-Hant", "2018-npc-decision.html")
    assert f'href="{repo}/edit/main/curation/crosswalk.yml"' in html(built, "zh-Hans", "concordance.html")
    assert f'href="{repo}/edit/main/docs/about.md"' in html(built, "zh-Hans", "about.html")
    assert "api.github.com" not in html(built, "zh-Hans", "2024-work-points.html")


def test_links_export(built):
    data = corpus(built)
    link = next(x for x in data["links"] if x["source"] == "2024-work-points#part_1__sec_2__item_5")
    assert link == {**link, "target": "2023-peoples-daily#sec_3__para_6", "theme": "data-elements", "origin": "curated"}
    rows = list(csv.DictReader(io.StringIO((built / "data" / "links.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(data["links"]) and rows[0].keys() == {"source", "target", "theme", "origin", "rationale", "score"}
    suggested = [x for x in data["links"] if x["origin"] == "suggested"]
    assert suggested and all(x["theme"] == "" and 0 < x["score"] <= 1 for x in suggested)
    curated_pairs = {frozenset((x["source"], x["target"])) for x in data["links"] if x["origin"] == "curated"}
    assert not any(frozenset((x["source"], x["target"])) in curated_pairs for x in suggested)


def test_units_page_counts(built):
    page = html(built, "zh-Hans", "units.html")
    row = re.search(r"<tr><td>省数据管理局</td><td>(\d+)</td><td>(\d+)</td>", page)
    assert row is not None
    # 省数据管理局 is named by 24 of the 31 provisions that list units, 11 times first (checked against the golden structure)
    assert (int(row.group(1)), int(row.group(2))) == (24, 11)


def test_units_page_links_each_busy_unit_to_its_own_page(built):
    """The units page shows a unit's latest tasks; a unit with more has a page listing them all, under one ASCII name
    in both scripts (the units page of a large library had listed every task of every unit in one page)."""
    page = html(built, "zh-Hans", "units.html")
    row = re.search(r"<tr><td>省数据管理局</td>.*?</tr>", page)
    assert row is not None
    assert len(re.findall(r'<a href="2024-work-points\.html#', row.group(0))) == 10  # the latest ten
    link = re.search(r'<a class="dfl-all-tasks" href="units/(u[0-9a-f]{10})\.html">全部 24 项</a>', row.group(0))
    assert link is not None
    own = html(built, "zh-Hans", f"units/{link.group(1)}.html")
    assert "<h1" in own and "省数据管理局" in own
    tasks = re.findall(r'<a href="\.\./2024-work-points\.html#(part_[0-9a-z_]+)"( class="dfl-lead")?', own)
    assert len(tasks) == 24 and sum(1 for _, lead in tasks if lead) == 11
    assert (built / "zh-Hans" / "2024-work-points.html").is_file()  # the ../ links resolve
    hant = html(built, "zh-Hant", f"units/{link.group(1)}.html")
    assert "省數據管理局" in hant and "全部責任單位" in hant
    small = re.search(r"<tr><td>省发改委</td>.*?</tr>", page)
    assert small is not None and "dfl-all-tasks" not in small.group(0)  # 7 tasks: all shown, no page of its own


def test_tool_pages_in_both_scripts(built):
    """Each reader page shows its own content (its title alone is in every page's navigation, so it proves nothing)."""
    for name, hans, hant in [
        ("themes", "数据要素", "數據要素"),
        ("timeline", "数字福建建设起步", "數字福建建設起步"),  # an event of curation/timeline.yml
        ("glossary", "企业和群众通过一个网上平台办理政务服务事项", "企業和群眾通過一個網上平台辦理政務服務事項"),  # a definition
    ]:
        assert hans in html(built, "zh-Hans", f"{name}.html")
        assert hant in html(built, "zh-Hant", f"{name}.html")


def test_hosted_search_choice(built, built_pagefind, monkeypatch):
    from build_tools.search import hosted_search

    monkeypatch.delenv("DFL_HOSTED_SEARCH", raising=False)
    assert hosted_search(5) == hosted_search(5000) == "pagefind"  # what the hosted site uses unless told otherwise
    assert not (built / "zh-Hans" / "pagefind").exists()
    assert '<meta name="dfl-search"' not in html(built, "zh-Hans", "index.html")
    assert '<meta name="dfl-search" content="pagefind">' in html(built_pagefind, "zh-Hant", "2024-work-points.html")
    assert not (Path.cwd() / "pagefind").exists()  # Pagefind writes into the site only, never where the build runs
    assert not (built_pagefind.parent / "pagefind").exists()
    charmap = json.loads((built_pagefind / "zh-Hans" / "pagefind" / "dfl-charmap.json").read_text(encoding="utf-8"))
    assert charmap["hant"]["数"] == "數" and charmap["hans"]["據"] == "据"
    # Only what the hosted site uses is published: Material's index (the offline copy has its own, dfl-offline.js).
    assert not (built_pagefind / "zh-Hans" / "search").exists() and not (built_pagefind / "zh-Hant" / "search").exists()


def test_a_pagefind_build_indexes_no_page_for_material_and_keeps_its_search_box(built, built_pagefind):
    """Material's index would be made page by page (jieba over every page) and never read where Pagefind answers: a
    Pagefind build leaves its plugin on, for its search box, but indexes no page with it."""
    from build_tools.mkdocs_site import mkdocs_config

    def indexing(mode: str) -> bool:
        config = mkdocs_config(built_pagefind.parent, "zh-Hans", {}, {"dfl_search": mode})
        search = config.plugins["material/search"]
        return any(getattr(handler, "__self__", None) is search for handler in config.plugins.events["page_context"])

    assert indexing("material") and not indexing("pagefind")
    for site in (built, built_pagefind):
        assert 'class="md-search__input"' in html(site, "zh-Hant", "2024-work-points.html")


def test_the_site_plan_holds_every_name_a_build_writes(built):
    """Loading checks document IDs against the declared plan, without rendering: the plan must name everything a real
    build writes besides document pages (a missing name is caught at publishing time by check_site, later than need be)."""
    plan = site_plan(built.parent)
    documents = {p.stem for p in (built.parent / "seeds").glob("*.txt")}
    for folder in (built, built / "zh-Hans", built / "zh-Hant"):
        unplanned = [e.name for e in folder.iterdir() if e.name.split(".", 1)[0].casefold() not in plan and e.stem not in documents]
        assert unplanned == [], folder


def test_loading_reaches_no_rendering_stage():
    """load_project reads and checks the inputs and returns the model: it imports nothing that renders, runs MkDocs,
    exports or zips (issue 21), so a newcomer changing a template cannot break loading, and loading stays fast."""
    probe = "import sys, build_tools.project; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    rendering = ("build_tools.render", "build_tools.pages", "build_tools.mkdocs_site", "build_tools.export", "build_tools.offline")
    assert [name for name in loaded if name in rendering or name.split(".")[0] in ("mkdocs", "material", "jinja2")] == []


def test_the_model_does_no_io():
    """model.py is the in-memory model: it imports no module that reads or writes files (issue 21)."""
    probe = "import sys, build_tools.model; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert [name for name in loaded if name.startswith("build_tools.") and name != "build_tools.model"] == []


def test_every_export_is_written_and_listed(built):
    """An export is one entry of export.EXPORTS: the build writes it, the home page and every page's footer list it."""
    for script in ("zh-Hans", "zh-Hant"):
        home, about = html(built, script, "index.html"), html(built, script, "about.html")
        for export in EXPORTS:
            if not export.listed:  # a folder of parts, reached from its index
                assert (built / export.path).is_dir() and any((built / export.path).iterdir()), export.path
                assert f'href="../{export.path}"' not in home
                continue
            assert (built / export.path).is_file(), export.path
            assert f'href="../{export.path}"' in home  # the home page's list
            assert f"../{export.path}" in about  # the footer of every page


def test_one_document_is_fetched_by_its_id_from_a_small_index(built, documents):
    """A program reads data/documents.json, then only the file holding the document it wants (issue 25)."""
    index = json.loads((built / "data" / "documents.json").read_text(encoding="utf-8"))
    entry = next(e for e in index["documents"] if e["id"] == "2024-work-points")
    assert entry["status"] == "in_force" and entry["file"].startswith("documents/")
    assert entry["file"].endswith(".json.gz")
    part = json.loads(gzip.decompress((built / "data" / entry["file"]).read_bytes()))
    record = next(d for d in part["documents"] if d["id"] == "2024-work-points")
    assert record == next(d for d in corpus(built)["documents"] if d["id"] == "2024-work-points")
    assert sorted(e["id"] for e in index["documents"]) == sorted(documents)
    gz = (built / "data" / "corpus.json.gz").read_bytes()
    assert gz[4:8] == b"\0\0\0\0"  # no time inside: the same inputs give the same bytes


def test_a_site_too_large_to_publish_is_said_with_its_figures(tmp_path, monkeypatch):
    import build_tools.build as building

    for name, size in (("zh-Hans/a.html", 300), ("zh-Hans/pagefind/x.pf", 500), ("data/corpus.json.gz", 100)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    assert building.size_warnings(tmp_path) == []
    monkeypatch.setattr(building, "SITE_LIMIT_BYTES", 800)
    (warning,) = building.size_warnings(tmp_path)
    assert warning.path == "site/" and "the site is 0 MB in 3 files" in warning.message
    assert "The largest parts: zh-Hans/pagefind 0 MB, zh-Hans pages 0 MB, data 0 MB" in warning.message


def test_seeds_read_in_several_processes_make_the_same_documents(monkeypatch):
    """A build reads many seeds in as many processes as the machine has cores: the same documents, in the same order,
    as one process reads them (here from the first seed on, instead of from MANY_SEEDS)."""
    from build_tools import corpus
    from build_tools.convert import load_converter

    converter, _ = load_converter(ROOT)
    one = corpus.load_corpus(ROOT, converter, workers=1)
    monkeypatch.setattr(corpus, "MANY_SEEDS", 1)
    two = corpus.load_corpus(ROOT, converter, workers=2)
    assert [d.id for d in two] == [d.id for d in one] and len(one) >= 5
    assert [repr(d) for d in two] == [repr(d) for d in one]


def test_pages_rendered_in_several_processes_are_the_same_pages(monkeypatch, bare):
    """A build renders many pages in as many processes as the machine has cores: the same pages as one process
    renders (here from the first page on, instead of from MANY_PAGES); a template that does not render is named alike."""
    from build_tools import pages as pages_module
    from build_tools.project import load_project

    project = load_project(ROOT)
    one = pages_module.pages(project)
    monkeypatch.setattr(pages_module, "MANY_PAGES", 1)
    two = pages_module.pages(project, workers=2)
    assert list(two) == list(one) and len(one) > 30
    assert [name for name in one if one[name] != two[name]] == []

    root = bare()
    (root / "templates" / "pages" / "units.md.j2").write_text("第一行\n{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        pages_module.pages(load_project(root, suggestions=False), workers=2)
    assert [str(p) for p in caught.value.problems] == [
        "templates/pages/units.md.j2:2: the template does not render: Expected an expression, got 'end of statement block';"
        " expected a template Jinja2 can render."
    ]


def test_conversions_reviewed_in_several_processes_are_the_same(monkeypatch, tmp_path):
    """Many documents' conversions are reviewed in as many processes as the machine has cores: the same doubts and
    problems as one process finds (here from the first document on, instead of from MANY_REVIEWS), on the seeds and
    five corpus documents whose conversions leave doubts."""
    from benchmarks.search_quality import heldout_project
    from build_tools import project as project_module
    from build_tools.cache import Store

    root = heldout_project(tmp_path / "project")
    loaded = project_module.load_project(root, suggestions=False)
    one = project_module.review_conversion(root, loaded.documents, loaded.converter)
    assert sum(len(doubts) for doubts in one[0].values()) >= 10
    monkeypatch.setattr(project_module, "MANY_REVIEWS", 1)
    store = Store()
    two = project_module.review_conversion(root, loaded.documents, loaded.converter, store, workers=2)
    assert repr(two) == repr(one)
    assert store.added["doubts"] == len(loaded.documents)  # each kept for the next build
    assert repr(project_module.review_conversion(root, loaded.documents, loaded.converter, store, workers=2)) == repr(one)


def test_suggestions_compared_in_several_processes_are_the_same(monkeypatch):
    """The blocks of passages are compared in as many processes as the machine has cores: the same suggestions, in the
    same order, as one process makes (here in blocks of 16 passages, so that the five seeds make several)."""
    from build_tools import suggest
    from build_tools.project import load_project

    loaded = load_project(ROOT, suggestions=False)
    monkeypatch.setattr(suggest, "BLOCK", 16)
    one = suggest.suggest_links(loaded.documents, loaded.curation, loaded.converter)
    two = suggest.suggest_links(loaded.documents, loaded.curation, loaded.converter, workers=2)
    assert len(one) >= 5 and two == one
