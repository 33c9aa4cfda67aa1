"""Independent work on the machine's cores: forked processes, which find the build's objects (the converter, the
project) where the build left them, so that only the items and the results are pickled. One place says how many
processes the build uses and how they start."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def build_workers() -> int:
    """How many processes the build's independent stages use: DFL_BUILD_WORKERS, else the machine's cores (at most 2:
    the stages that split are the two scripts)."""
    return max(1, int(os.environ.get("DFL_BUILD_WORKERS") or min(2, os.cpu_count() or 1)))


def can_fork(workers: int) -> bool:
    """Whether work may be shared between this many processes: more than one, and started by fork (the workers
    inherit objects that do not pickle, such as OpenCC's)."""
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


_TASK: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def forked_map(task: Callable[[T], R], items: Sequence[T], workers: int, chunksize: int = 1) -> list[R]:
    """task(item) for each item, in the items' order, in `workers` forked processes. The task may be a closure: the
    workers inherit it with the process, and only the items go to them. Its exceptions must pickle."""
    global _TASK
    _TASK = task
    # What this process holds is not the workers' to change: frozen, the collector in a worker leaves it alone, and
    # it stays shared with this process's memory instead of copied into each worker.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_run, items, chunksize=chunksize))
    finally:
        gc.unfreeze()
        _TASK = None
