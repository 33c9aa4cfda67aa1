"""The published pages are valid HTML, as the W3C's Nu Html Checker reads them (vnu.jar, from the npm package
vnu-jar that .ci/run installs into build/tools/, run by Java): every page type, both scripts, the root's pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

VNU = ROOT / "build" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = [
    "index.html",
    "404.html",
    *(
        f"{script}/{page}"
        for script in ("zh-Hans", "zh-Hant")
        for page in (
            "index.html",
            "2024-work-points.html",
            "2018-npc-decision.html",
            "2023-peoples-daily.html",
            "concordance.html",
            "units.html",
            "glossary.html",
            "timeline.html",
            "print.html",
            "units/u11b5824caa.html",  # a unit's own page (省大数据集团)
        )
    ),
]


def test_the_nu_checker_finds_no_error(built_pagefind: Path):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        if os.environ.get("DFL_REQUIRE_BROWSER"):  # CI installs both: missing there is a failure, not a skip
            pytest.fail(f"the Nu checker needs Java and {VNU.relative_to(ROOT)} (.ci/run installs them)")
        pytest.skip("the Nu checker needs Java and the npm package vnu-jar (see .ci/run)")
    pages = [built_pagefind / page for page in PAGES]
    missing = [str(p) for p in pages if not p.is_file()]
    assert not missing, missing
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr  # 1: it found errors (Material's own, below)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    ours = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')} ({m.get('extract', '')[:80]!r})"
        for m in messages
        if not _materials_own(m)
    ]
    assert ours == [], "\n".join(ours)


def _materials_own(message: dict[str, str]) -> bool:
    """An error in Material's own page frame, which its theme writes and we do not change: `autocomplete="off"` on
    the checkboxes that open its drawer and search (<input type="checkbox" data-md-toggle=…>)."""
    return message.get("message", "").startswith("Attribute “autocomplete” is only allowed") and "data-md-toggle" in message.get(
        "extract", ""
    )
