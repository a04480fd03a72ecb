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
        return self.get_many(stage, [inputs], lambda missing: [make()])[0]

    def get_many(self, stage: str, inputs: list[tuple], make_many: Callable[[list[int]], list[T]]) -> list[T]:
        """The cached values for many ``inputs`` of ``stage``; ``make_many(indexes)`` makes all
        the missing ones in one call (so that they can be made in parallel)."""
        keys = [digest(stage, code_fingerprint(), *i) for i in inputs]
        paths = [self.root / stage / key[:2] / f"{key}.pickle" for key in keys]
        values = [self._load(path) for path in paths]
        missing = [i for i, v in enumerate(values) if v is _MISSING]
        if missing:
            for i, value in zip(missing, make_many(missing)):
                values[i] = value
                try:
                    write_atomic(paths[i], pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
                except OSError:
                    pass  # a full or read-only cache only costs speed, never the build
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        return values

    @staticmethod
    def _load(path: Path):
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return _MISSING  # absent or damaged: made again


_MISSING = object()
