"""Golden snapshots: seeds → structure and seeds → Markdown in both scripts. Regenerate: python -m build_tools golden"""

from __future__ import annotations

import difflib

import pytest

from build_tools.golden import golden_files
from tests.conftest import ROOT

FILES = golden_files(ROOT)


@pytest.mark.parametrize("relative", sorted(FILES, key=str), ids=lambda p: p.as_posix())
def test_golden(relative):
    path = ROOT / "tests" / "golden" / relative
    assert path.exists(), f"{path} is missing; run: python -m build_tools golden"
    expected = path.read_text(encoding="utf-8")
    if expected != FILES[relative]:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), FILES[relative].splitlines(True), "golden", "now", n=1))
        pytest.fail(f"{relative} differs from its golden file; if the change is intended, run: python -m build_tools golden\n{diff[:4000]}")
