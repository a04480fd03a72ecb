"""Content-addressed caching of pipeline stages, so a rebuild converts only what changed.

A value is stored under the hash of everything it was made from (the stage's inputs) plus a
fingerprint of seriesbook's own code, so editing the converter invalidates what it made.
Entries are pickles of the frozen model objects, written atomically; a damaged entry is
simply made again.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from .build.atomic import write_atomic

T = TypeVar("T")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of seriesbook's Python sources (a changed converter must not reuse old results)."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def tree_fingerprint(*roots: Path | None) -> str:
    """A hash of the names, sizes and modification times of every file under ``roots``
    (templates, pictures beside posts): cheap, and changes whenever a file does."""
    h = hashlib.sha256()
    for root in roots:
        if root is None or not root.exists():
            continue
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                st = path.stat()
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def digest(*parts: Any) -> str:
    """A stable hash of ``parts`` (strings, bytes, or reprs of frozen dataclasses)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class StageCache:
    """Values made by ``make()`` stored under a hash of their inputs, in ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self.hits = 0
        self.misses = 0

    def get(self, stage: str, inputs: tuple, make: Callable[[], T]) -> T:
        """The cached value for ``inputs`` of ``stage``, made (and stored) when absent."""
        key = digest(stage, code_fingerprint(), *inputs)
        path = self.root / stage / key[:2] / f"{key}.pickle"
        try:
            with open(path, "rb") as f:
                value = pickle.load(f)
            self.hits += 1
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        value = make()
        self.misses += 1
        try:
            write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        except OSError:
            pass  # a full or read-only cache only costs speed, never the build
        return value
