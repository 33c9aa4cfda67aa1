"""The preview loop: an edit regenerates only the pages it changes, and a broken edit keeps the last good pages."""

from __future__ import annotations

import pytest

from build_tools.model import BuildError
from build_tools.pages import write_pages
from build_tools.preview import Preview, regenerate
from build_tools.project import load_project


def test_writing_pages_touches_only_differences(tmp_path):
    target = tmp_path / "docs"
    (target / "x").mkdir(parents=True)
    (target / "x" / "same.md").write_text("same")
    (target / "x" / "gone.md").write_text("gone")
    (target / "empty").mkdir()
    same_before = (target / "x" / "same.md").stat().st_mtime_ns
    assert write_pages({"x/same.md": "same", "x/new.md": "new", "y/asset.bin": b"\x00"}, target) == ["x/gone.md", "x/new.md", "y/asset.bin"]
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["x", "x/new.md", "x/same.md", "y", "y/asset.bin"]
    assert (target / "x" / "same.md").stat().st_mtime_ns == same_before  # MkDocs' dirty rebuild goes by modification time


def test_an_annotation_edit_regenerates_its_pages(project):
    root = project({}, keep_seeds=True)
    regenerate(root)
    regenerate(root, "zh-Hant")
    notes = root / "curation" / "annotations" / "2024-work-points.yml"
    notes.write_text(
        notes.read_text(encoding="utf-8") + "part_2__sec_3__item_7:\n  - {body: 新按语, author: 编辑, date: 2026-11-22}\n", encoding="utf-8"
    )
    # the preview serves one script: the document page and the print edition change; nothing else
    assert regenerate(root) == ["2024-work-points.md", "print.md"]
    assert "新按语" in (root / "build" / "docs" / "zh-Hans" / "2024-work-points.md").read_text(encoding="utf-8")
    assert regenerate(root, "zh-Hant") == ["2024-work-points.md", "print.md"]
    assert "新按語" in (root / "build" / "docs" / "zh-Hant" / "2024-work-points.md").read_text(encoding="utf-8")


def test_a_broken_edit_keeps_the_last_good_pages(project):
    root = project({}, keep_seeds=True)
    regenerate(root)
    page = root / "build" / "docs" / "zh-Hans" / "2024-work-points.md"
    before = page.read_text(encoding="utf-8")
    notes = root / "curation" / "annotations" / "2024-work-points.yml"
    notes.write_text("part_2__sec_3__item_77:\n  - {body: 按语, author: 编辑, date: 2026-11-22}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        regenerate(root)
    assert str(caught.value.problems[0]).startswith("curation/annotations/2024-work-points.yml:1: annotation: unknown provision ID")
    assert page.read_text(encoding="utf-8") == before


def test_the_preview_keeps_the_warnings_check_prints(project):
    """`serve` prints what `check` prints (issue 20): each rebuild keeps its warnings, as `file:line: …`."""
    root = project({}, keep_seeds=True)
    preview = Preview(root)
    preview.regenerate()
    assert [str(w) for w in preview.warnings] == [str(w) for w in load_project(root, suggestions=False).warnings()]
    assert "seeds/speech-digital-economy.txt:10: numbering jumps from '三' to '六'" in "\n".join(map(str, preview.warnings))
