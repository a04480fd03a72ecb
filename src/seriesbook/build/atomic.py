"""Atomic file replacement: a reader (or a failed build) never sees a half-written file.

A file is written next to its destination under a temporary name and renamed over it;
rename is atomic on POSIX within one file system, so ``out/NAME.pdf`` is always either the
previous complete book or the new one.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (str is written as UTF-8).

    ``durable=False`` skips the fsync: for cache entries, where a write lost in a crash is
    only a miss next time, not a damaged book."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_atomic(src: Path, dst: Path) -> None:
    """Put a copy of ``src`` at ``dst`` atomically; ``src`` is left where it is.

    The copy goes to a temporary file beside ``dst`` first, so this works across file systems
    (a build folder in the cache, the output in the project)."""
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sweep_temporaries(out_dir: Path, name: str) -> None:
    """Remove the temporary files a killed build of ``name`` left beside its outputs and in
    its build folder (the atomic writers' ``.FILE.….tmp``); only under the build lock, when no
    other build of the series can be writing them."""
    build_dir = out_dir / "build" / name
    leftovers = list(out_dir.glob(f".{glob.escape(name)}.*.tmp"))
    if build_dir.is_dir():
        leftovers += build_dir.rglob(".*.tmp")
    for path in leftovers:
        path.unlink(missing_ok=True)
