"""Benchmark the editor's loop: with `python -m build_tools serve` running, edit one annotation and time until the
served page shows it. Runs in a scratch copy of the project; prints and returns the timings (seconds).

    python benchmarks/preview.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("build_tools", "mkdocs.yml", "mkdocs.zh-Hant.yml", "curation", "docs", "templates", "seeds")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def measure(runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for name in COPY:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, project / name)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", "--address", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        url = f"http://127.0.0.1:{port}/2024-work-points.html"
        try:
            deadline = time.time() + 120
            while "part_2__sec_3__item_7" not in _page(url):
                if time.time() > deadline:
                    raise RuntimeError("the preview server did not start")
                time.sleep(0.2)
            annotations = project / "curation" / "annotations" / "2024-work-points.yml"
            original = annotations.read_text(encoding="utf-8")
            timings = []
            for run in range(runs):
                marker = f"预览测试{run}号"
                time.sleep(1.0)  # let the server settle between edits
                annotations.write_text(
                    original + f"part_2__sec_3__item_7:\n  - {{body: {marker}, author: 编辑, date: 2026-11-22}}\n", encoding="utf-8"
                )
                start = time.perf_counter()
                while marker not in _page(url):
                    if time.perf_counter() - start > 60:
                        raise RuntimeError("the edit never reached the page")
                    time.sleep(0.05)
                timings.append(round(time.perf_counter() - start, 2))
            return timings
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    timings = measure(args.runs)
    print(json.dumps({"edit_to_page_s": timings, "median_s": statistics.median(timings)}))
    report = ROOT / "benchmarks" / "README.md"
    text = report.read_text(encoding="utf-8")
    start, end = "<!-- preview -->", "<!-- /preview -->"
    line = (
        f"Edit one annotation while `python -m build_tools serve` runs, until the served page shows it ({args.runs} runs,"
        f" `python benchmarks/preview.py --runs {args.runs}`): median {statistics.median(timings)} s"
        f" (each: {', '.join(f'{t} s' for t in timings)})."
    )
    report.write_text(text.split(start)[0] + start + "\n" + line + "\n" + end + text.split(end)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
