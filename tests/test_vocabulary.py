"""Each vocabulary of the build is defined once, as records with their names in both scripts: kinds and forms
(forms.yml), cleaning steps and found metadata (clean.py), reader pages (reader_pages.py), scripts (model.py).
What shows them and what checks inputs against them derives from those records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.clean import FOUND, METADATA_KEYS, STEPS
from build_tools.forms import KIND_NAMES, load_forms
from build_tools.model import SCRIPT_LABELS, Label
from build_tools.reader_pages import READER_PAGES

ROOT = Path(__file__).resolve().parent.parent


def all_labels() -> list[tuple[str, Label]]:
    labels = [(f"kind {k}", v) for k, v in KIND_NAMES.items()]
    labels += [(f"form {f.name}", f.title) for f in load_forms().forms.values()]
    labels += [(f"step {s.name}", s.label) for s in STEPS.values()]
    labels += [(f"found {k}", v) for k, v in FOUND.items()]
    labels += [(f"reader page {p.name}", p.label) for p in READER_PAGES]
    return labels


@pytest.mark.parametrize(("what", "label"), all_labels(), ids=[what for what, _ in all_labels()])
def test_traditional_name_is_the_reviewed_conversion(converter, what, label):
    """The 繁體 name is written out, and it must be what the reviewed conversion gives (a typo cannot slip in)."""
    assert label.hant == converter.to_hant(label.hans), what
    assert label.in_script("zh-Hans") == label.hans and label.in_script("zh-Hant") == label.hant


def test_script_names():
    assert SCRIPT_LABELS["zh-Hant"].in_script("zh-Hans") == "繁體"  # a script's name as it writes itself
    assert SCRIPT_LABELS["zh-Hans"].in_script("zh-Hant") == "簡體"


def test_every_metadata_row_has_a_name_for_readers():
    assert sorted(set(METADATA_KEYS.values()) - set(FOUND)) == []


def test_keeping_unnamed_metadata_is_a_programming_error():
    from build_tools.clean import Cleaning

    cleaning = Cleaning(meta=None, converter=None, lines=[])  # type: ignore[arg-type]
    with pytest.raises(KeyError, match=re.escape("'unnamed' has no entry in clean.FOUND")):
        cleaning.keep("unnamed", "value")


def test_every_reader_page_has_its_template_and_a_nav_entry(converter):
    from build_tools.render import site_nav

    for page in READER_PAGES:
        assert (ROOT / "templates" / "pages" / f"{page.name}.md.j2").is_file(), page.name
    nav = site_nav([], {}, "zh-Hant", converter)
    tools = next(entry["讀者工具"] for entry in nav if isinstance(entry, dict) and "讀者工具" in entry)
    assert tools == [{p.label.hant: f"{p.name}.md"} for p in READER_PAGES]


def test_a_kind_without_both_names_is_refused(tmp_path):
    forms = (ROOT / "build_tools" / "forms.yml").read_text(encoding="utf-8")
    broken = tmp_path / "forms.yml"
    broken.write_text(forms.replace("  other: {hans: 其他, hant: 其他}", "  other: 其他"), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("kinds.other: expected its name in both scripts")):
        load_forms(broken)
