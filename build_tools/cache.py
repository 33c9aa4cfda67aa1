"""Stage outputs kept by the digest of their inputs, so that a rebuild redoes only what changed.

A key is the digest of everything a stage's output depends on (the input files' bytes, the reviewed conversion, the
project's code and its libraries' versions: VERSION), so a stale entry is never found: it is simply not asked for.
The store lives in memory (the preview keeps it between edits) and in build/cache/ between builds. What is saved
there is signed with a key kept outside the project (~/.cache/…/cache.key), because a pull request could commit a
build/cache/ of its own, and unpickling it would run its code: a file whose signature does not match is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.metadata
import os
import pickle
import secrets
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PACKAGES = ("mkdocs", "mkdocs-material", "OpenCC", "zhconv-rs", "jieba", "Jinja2", "Markdown", "pymdown-extensions", "pypinyin", "PyYAML")


def digest(*parts: object) -> str:
    """A digest of text, bytes or their reprs (for tuples of strings and numbers, repr is stable)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8") if isinstance(part, str) else repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:32]


@functools.cache
def version() -> str:
    """The project's code, its forms, and its libraries' versions: a change to any invalidates every entry."""
    here = Path(__file__).resolve().parent
    files = sorted([*here.glob("*.py"), *here.glob("*.yml")])
    packages = []
    for name in PACKAGES:
        try:
            packages.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            packages.append(f"{name}==?")
    return digest(*(f.name for f in files), *(f.read_bytes() for f in files), *packages)


class Store:
    """Entries by stage and key. `save` keeps, per stage, only the entries this run asked for or added."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: dict[str, set[str]] = {}
        self.added: Counter[str] = Counter()  # entries computed (not found) since the last forget_unused, per stage

    def _stage(self, stage: str) -> dict[str, Any]:
        if stage not in self.entries:
            self.entries[stage] = self._load(stage)
            self.used[stage] = set()
        return self.entries[stage]

    def get(self, stage: str, key: str) -> Any | None:
        entries = self._stage(stage)
        if key in entries:
            self.used[stage].add(key)
            return entries[key]
        return None

    def put(self, stage: str, key: str, value: Any) -> Any:
        entries = self._stage(stage)
        if key not in entries:
            self.added[stage] += 1
        entries[key] = value
        self.used[stage].add(key)
        return value

    def kept(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        """The entry under key, or compute() put there (an entry is never None: None means not kept)."""
        found = self.get(stage, key)
        return found if found is not None else self.put(stage, key, compute())

    def forget_unused(self) -> None:
        """Drop what this run did not ask for (a preview calls it after each edit, so memory does not grow)."""
        for stage, entries in self.entries.items():
            self.entries[stage] = {k: v for k, v in entries.items() if k in self.used[stage]}
            self.used[stage] = set()
        self.added.clear()

    def save(self) -> None:
        if self.directory is None:
            return
        self.forget_unused()
        self.directory.mkdir(parents=True, exist_ok=True)
        for stage, entries in self.entries.items():
            data = pickle.dumps((version(), entries), protocol=pickle.HIGHEST_PROTOCOL)
            path = self.directory / f"{stage}.pickle"
            partial = path.with_suffix(".tmp")
            partial.write_bytes(_sign(data) + data)
            partial.replace(path)

    def _load(self, stage: str) -> dict[str, Any]:
        if self.directory is None:
            return {}
        path = self.directory / f"{stage}.pickle"
        if path.is_symlink() or not path.is_file():
            return {}
        raw = path.read_bytes()
        signature, data = raw[:32], raw[32:]
        if not hmac.compare_digest(signature, _sign(data)):
            return {}
        try:
            saved_version, entries = pickle.loads(data)  # signed with this user's key, checked above
        except Exception:  # a cache written by another version of Python or of the code: start afresh
            return {}
        return entries if saved_version == version() and isinstance(entries, dict) else {}


def _sign(data: bytes) -> bytes:
    return hmac.new(_secret(), data, hashlib.sha256).digest()


@functools.cache
def _secret() -> bytes:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "digital-fujian-policy-library"
    path = base / "cache.key"
    if not path.is_file():
        base.mkdir(parents=True, exist_ok=True)
        partial = base / f"cache.key.{os.getpid()}"
        partial.write_bytes(secrets.token_bytes(32))
        os.chmod(partial, 0o600)
        if not path.is_file():
            partial.replace(path)
        else:
            partial.unlink()
    return path.read_bytes()


def kept(store: Store | None, stage: str, key: str, compute: Callable[[], T]) -> T:
    """compute(), taken from the store when it holds it under key and put there when not; computed afresh when there
    is no store or no key (a document read without its digest)."""
    return store.kept(stage, key, compute) if store is not None and key else compute()


_BY_DIGEST: dict[tuple[str, str], Any] = {}


def by_digest(kind: str, key: str, compute: Callable[[], T]) -> T:
    """compute() for what a digest names, kept in memory between rebuilds (the preview): a document kept by its digest
    is not walked again. Without a digest, computed afresh."""
    if not key:
        return compute()
    if (kind, key) not in _BY_DIGEST:
        if len(_BY_DIGEST) > 40_000:  # the documents of a few rebuilds of a large library
            _BY_DIGEST.clear()
        _BY_DIGEST[(kind, key)] = compute()
    return _BY_DIGEST[(kind, key)]
