"""Benchmark the editor's loop: with `python -m build_tools serve` running, make an edit and time until the served
page shows it. Three edits: an annotation, a seed's text, a page template (which re-renders every page). Runs in a
scratch copy of the project with a synthetic corpus of N documents (benchmarks/generate.py; N = 5 is the seeds);
between edits it waits for the server to settle (a seed edit is followed by a rebuild for its new suggestions).

    python benchmarks/preview.py --sizes 5,100,500,1000 --runs 5
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
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

COPY = ("mkdocs.yml", "mkdocs.zh-Hant.yml", "curation", "docs", "templates", "seeds")
SERVE = (
    "import sys; from pathlib import Path; sys.path.insert(0, {root!r}); from build_tools.preview import serve;"
    " serve(Path({project!r}), 'zh-Hans', {address!r})"
)
EDITS = {
    # what is edited, the page that must show it, and how (original text, marker) → new text
    "annotation": (
        "curation/annotations/2024-work-points.yml",
        "2024-work-points.html",
        lambda text, marker: text + f"part_2__sec_3__item_7:\n  - {{body: {marker}, author: 编辑, date: 2026-11-22}}\n",
    ),
    "seed": (
        "seeds/2023-peoples-daily.txt",
        "2023-peoples-daily.html",
        lambda text, marker: text.replace("数字基础设施加快建设", f"数字基础设施{marker}建设", 1),
    ),
    "template": ("templates/pages/document.md.j2", "2023-peoples-daily.html", lambda text, marker: text + f"\n<!-- {marker} -->\n"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _settle(log: Path, quiet: float = 2.0, limit: float = 300.0) -> None:
    """Wait until every background computation of suggestions and every rendering of the pages left for after the
    open one has ended, and the server has printed nothing for `quiet` seconds (the rebuild for the new suggestions is
    done)."""
    start, size, since = time.time(), -1, time.time()
    while time.time() - start < limit:
        text = log.read_text(encoding="utf-8", errors="replace")
        ended = sum(text.count(f"Suggestions: {end}") for end in ("ready", "not computed", "outdated"))
        if len(text) != size:
            size, since = len(text), time.time()
        elif (
            ended == text.count("Suggestions: computing")
            and text.count("Rendering the other") == text.count("Rendered the other") + text.count("Stopped for a newer edit")
            and time.time() - since >= quiet
        ):
            return
        time.sleep(0.2)


def measure(documents: int, runs: dict[str, int]) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for name in COPY:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, project / name)
        if documents > 5:
            generate(project / "seeds", documents)
        address = f"127.0.0.1:{_free_port()}"
        log = Path(tmp) / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-c", SERVE.format(root=str(ROOT), project=str(project), address=address)],
                cwd=project,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
        try:
            deadline = time.time() + 900
            while "part_2__sec_3__item_7" not in _page(f"http://{address}/2024-work-points.html"):
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("the preview server did not start: " + log.read_text()[-2000:])
                time.sleep(0.5)
            timings: dict[str, list[float]] = {}
            for kind, count in runs.items():
                relative, page, edit = EDITS[kind]
                path = project / relative
                original = path.read_text(encoding="utf-8")
                timings[kind] = []
                for run in range(count):
                    _settle(log)
                    marker = f"预览测试{kind[0]}{run}号"
                    _page(f"http://{address}/{page}")  # the editor has the page open (the server notes it)
                    path.write_text(edit(original, marker), encoding="utf-8")
                    start = time.perf_counter()
                    while marker not in _page(f"http://{address}/{page}"):
                        if time.perf_counter() - start > 600:
                            raise RuntimeError(f"the {kind} edit never reached the page: " + log.read_text()[-2000:])
                        time.sleep(0.05)
                    timings[kind].append(round(time.perf_counter() - start, 2))
                _settle(log)
                path.write_text(original, encoding="utf-8")
            return timings
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,100,500,1000")
    parser.add_argument("--runs", type=int, default=5, help="edits of each kind (templates: at most 2)")
    args = parser.parse_args()
    rows = []
    for documents in (int(s) for s in args.sizes.split(",")):
        runs = {"annotation": args.runs, "seed": args.runs, "template": min(2, args.runs)}
        timings = measure(documents, runs)
        row = {
            "documents": documents,
            **{f"{k}_s": v for k, v in timings.items()},
            **{f"{k}_median_s": statistics.median(v) for k, v in timings.items()},
        }
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    report = ROOT / "benchmarks" / "README.md"
    text = report.read_text(encoding="utf-8")
    start, end = "<!-- preview -->", "<!-- /preview -->"
    lines = [
        f"Edit while `python -m build_tools serve` runs, until the served page shows it (`python benchmarks/preview.py"
        f" --sizes {args.sizes} --runs {args.runs}`; medians, each run in brackets):",
        "",
        "| documents | annotation s | seed s | template s |",
        "|---|---|---|---|",
        *(
            f"| {r['documents']} | "
            + " | ".join(f"{r[f'{k}_median_s']} ({', '.join(map(str, r[f'{k}_s']))})" for k in ("annotation", "seed", "template"))
            + " |"
            for r in rows
        ),
    ]
    report.write_text(text.split(start)[0] + start + "\n" + "\n".join(lines) + "\n" + end + text.split(end)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
