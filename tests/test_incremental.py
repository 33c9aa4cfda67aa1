"""Rebuilds redo only what changed, and what they make is what a clean build makes: pages from a store after edits
equal pages rendered afresh; the preview shows an edit before its new suggestions and then settles on them; a build
with nothing to do does nothing; a cache a pull request could plant is never unpickled."""

from __future__ import annotations

import hashlib
import pickle
import threading
from pathlib import Path

from build_tools.build import build
from build_tools.cache import Store
from build_tools.pages import pages
from build_tools.preview import Preview
from build_tools.project import load_project
from tests.conftest import write_files

NOTE = "part_2__sec_3__item_7:\n  - {body: 新按语, author: 编辑, date: 2026-11-22}\n"


def _append(root: Path, relative: str, text: str) -> str:
    return (root / relative).read_text(encoding="utf-8") + text


def _replace(root: Path, relative: str, old: str, new: str) -> str:
    text = (root / relative).read_text(encoding="utf-8")
    assert old in text, (relative, old)
    return text.replace(old, new, 1)


EDITS = [
    # (what, files to write given the project root, pages rendered again in both scripts)
    (
        "an annotation",
        lambda r: {"curation/annotations/2024-work-points.yml": _append(r, "curation/annotations/2024-work-points.yml", NOTE)},
        4,
    ),
    (
        "a seed's text",
        lambda r: {
            "seeds/2023-peoples-daily.txt": _replace(r, "seeds/2023-peoples-daily.txt", "数字基础设施加快建设", "数字基础设施加速建设")
        },
        None,
    ),
    (
        "a seed's text with a conversion no one has decided (listed on the review page)",
        lambda r: {"seeds/2023-peoples-daily.txt": _replace(r, "seeds/2023-peoples-daily.txt", "创新应用示范场景", "创新应用很明了")},
        None,
    ),
    (
        "a seed's responsible unit (listed on the units page)",
        lambda r: {"seeds/2024-work-points.txt": _replace(r, "seeds/2024-work-points.txt", "省通信管理局", "省通信管理处")},
        None,
    ),
    (
        "a sidecar's date",
        lambda r: {"seeds/2023-peoples-daily.yml": _replace(r, "seeds/2023-peoples-daily.yml", "date: 2023-04-26", "date: 2023-04-27")},
        None,
    ),
    (
        "a sidecar's other titles (a citation elsewhere becomes a link to it)",
        lambda r: {"seeds/2024-work-points.yml": _append(r, "seeds/2024-work-points.yml", "other_titles: [数字中国建设整体布局规划]\n")},
        None,
    ),
    (
        "a sidecar's supersedes (a comparison page; status, relations and changes on both versions' pages)",
        lambda r: {"seeds/2024-work-points.yml": _append(r, "seeds/2024-work-points.yml", "supersedes: 2018-npc-decision\n")},
        None,
    ),
    (
        "a seed's citation of another document by its title (a link to it)",
        lambda r: {
            "seeds/speech-digital-economy.txt": _replace(
                r, "seeds/speech-digital-economy.txt", "下面我围绕发展数字经济", "下面我围绕《2024年数字福建工作要点》"
            )
        },
        None,
    ),
    (
        "the glossary",
        lambda r: {"curation/glossary.yml": _append(r, "curation/glossary.yml", "  - term: 峰会\n    definition: 会议。\n")},
        None,
    ),
    ("the crosswalk's themes", lambda r: {"curation/crosswalk.yml": _replace(r, "curation/crosswalk.yml", "name: ", "name: 新")}, None),
    ("an alias", lambda r: {"curation/aliases.yml": "2024-work-points:\n  old_item: part_1__sec_1__item_1\n"}, None),
    # a template invalidates every generated page (17 per script, with the comparison the edits above made and the pages
    # of the three units listed in more than ten tasks), as the code and the libraries do
    ("a template", lambda r: {"templates/pages/units.md.j2": _append(r, "templates/pages/units.md.j2", "\n<!-- 改 -->\n")}, 34),
    ("a hand-written page", lambda r: {"docs/about.md": _append(r, "docs/about.md", "\n新段落。\n")}, 0),
]


def test_pages_from_a_store_after_each_edit_equal_a_clean_render(project):
    root = project({}, keep_seeds=True)
    store = Store()
    pages(load_project(root, store=store), store=store)
    for what, edit, rendered in EDITS:
        store.forget_unused()
        write_files(root, edit(root))
        incremental = pages(load_project(root, store=store), store=store)
        assert incremental == pages(load_project(root)), what
        if rendered is not None:
            assert store.added["page"] == rendered, what


def test_preview_shows_a_seed_edit_then_its_new_suggestions(project):
    root = project({}, keep_seeds=True)
    ready = threading.Event()
    preview = Preview(root, "zh-Hans", ready.set)
    preview.regenerate()
    seed = "seeds/2023-peoples-daily.txt"
    write_files(root, {seed: _replace(root, seed, "数字基础设施加快建设", "数字基础设施加速建设")})
    preview.regenerate()
    page = root / "build" / "docs" / "zh-Hans" / "2023-peoples-daily.md"
    assert "数字基础设施加速建设" in page.read_text(encoding="utf-8")  # the edit, at once
    assert not ready.is_set() and preview.pending is not None  # the new suggestions wait until the edit is shown
    preview.compute_pending()
    assert ready.wait(60), "the suggestions were never computed"
    preview.regenerate()
    clean = pages(load_project(root), ("zh-Hans",))
    written = {
        f"zh-Hans/{p.relative_to(root / 'build' / 'docs' / 'zh-Hans').as_posix()}": p.read_bytes()
        for p in (root / "build" / "docs" / "zh-Hans").rglob("*")
        if p.is_file()
    }
    assert written == {path: text.encode() if isinstance(text, str) else text for path, text in clean.items()}


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_from_the_cache_equals_a_clean_build_and_a_noop_does_nothing(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = project({}, keep_seeds=True)
    build(root)
    first = _digests(root / "site")
    assert build(root).unchanged and _digests(root / "site") == first
    (root / "site" / "zh-Hans" / "index.html").write_text("changed by hand", encoding="utf-8")
    assert not build(root).unchanged and _digests(root / "site") == first  # site/ is made right again
    write_files(root, {"curation/annotations/2024-work-points.yml": _append(root, "curation/annotations/2024-work-points.yml", NOTE)})
    report = build(root)
    assert not report.unchanged
    incremental = _digests(root / "site")
    assert incremental != first
    for cache in (root / "build" / "cache").iterdir():
        cache.unlink()
    (root / "build" / "site.stamp").unlink()
    build(root)
    assert _digests(root / "site") == incremental


class Planted:
    def __reduce__(self):
        return (Path.write_text, (Path("/tmp/dfl-planted-cache-ran"), "ran"))


def test_a_planted_cache_is_never_unpickled(tmp_path):
    target = Path("/tmp/dfl-planted-cache-ran")
    target.unlink(missing_ok=True)
    (tmp_path / "page.pickle").write_bytes(b"\0" * 32 + pickle.dumps(("x", {"k": Planted()})))
    assert Store(tmp_path).get("page", "k") is None
    assert not target.exists()
    store = Store(tmp_path)
    store.put("page", "k", "text")
    store.save()
    assert Store(tmp_path).get("page", "k") == "text"  # what this user saved is read back
