"""Peak memory of a command and every process it starts, as the machine counts it: the sum of their proportional set
sizes (PSS: a page shared by n processes counts 1/n in each), sampled twice a second from /proc. A process's own peak
(ru_maxrss) misses the workers that run beside it: the build's two MkDocs, its two Pagefind.

    python benchmarks/memory.py --documents 5000

builds a synthetic corpus of that size (as run.py does, without bare Material or the browser) and prints the build's
peak, the stage it fell in, and each stage's own peak."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(command: list[str], samples: list[tuple[float, float]] | None = None, **popen: object) -> tuple[str, float]:
    """Run command to its end (check=True semantics); returns its standard output and the peak PSS of its process
    tree in MB. Each sample (seconds since the start, MB) is appended to `samples` when given."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, **popen)  # type: ignore[call-overload]
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            now = sum(_pss_kb(pid) for pid in _tree(process.pid))
            peak[0] = max(peak[0], now)
            if samples is not None:
                samples.append((time.perf_counter() - start, now / 1024))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out)
    return out, peak[0] / 1024


BUILD_SCRIPT = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from build_tools.build import build
start = time.perf_counter()
report = build(Path({project!r}))
total = time.perf_counter() - start
print(json.dumps({{"total": total, "stages": report.timings, "hosted_search": report.hosted_search,
                  "unchanged": report.unchanged}}))
"""


def measured_build(project: Path, samples: list[tuple[float, float]] | None = None) -> dict[str, Any]:
    """The whole build of the project, in a process of its own: what BUILD_SCRIPT reports, and its peak."""
    out, peak_mb = run_measured(
        [sys.executable, "-c", BUILD_SCRIPT.format(root=str(ROOT), project=str(project))],
        samples,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    return {**json.loads(out.strip().splitlines()[-1]), "peak_rss_mb": peak_mb}


def stage_peaks(stages: dict[str, float], samples: list[tuple[float, float]]) -> dict[str, float]:
    """Each stage's peak MB, the stages laid end to end in the build's order (MkDocs as its wall time, mkdocs_both);
    what comes before the first stage (imports) counts as "start"."""
    order = [(name, seconds) for name, seconds in stages.items() if not name.startswith("mkdocs_zh")]
    bounds, at = [], 0.0
    for name, seconds in order:
        bounds.append((name, at, at + seconds))
        at += seconds
    offset = samples[-1][0] - at if samples else 0.0  # the process's start before the build's first stage
    peaks: dict[str, float] = {}
    for moment, mb in samples:
        name = next((n for n, begin, end in bounds if begin <= moment - offset < end), "start")
        peaks[name] = round(max(peaks.get(name, 0.0), mb), 1)
    return peaks


def main() -> None:
    import argparse
    import tempfile

    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import scratch_project

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        samples: list[tuple[float, float]] = []
        measured = measured_build(scratch_project(Path(scratch), args.documents), samples)
    peaks = stage_peaks(measured["stages"], samples)
    print(f"{args.documents} documents: peak {measured['peak_rss_mb']:.0f} MB (PSS, all processes), in {max(peaks, key=peaks.__getitem__)}")
    print("stage peaks MB: " + ", ".join(f"{name} {mb:.0f}" for name, mb in peaks.items()))


if __name__ == "__main__":
    main()
