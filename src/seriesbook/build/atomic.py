"""Atomic file replacement: a reader (or a failed build) never sees a half-written file.

A file is written next to its destination under a temporary name and renamed over it;
rename is atomic on POSIX within one file system, so ``out/NAME.pdf`` is always either the
previous complete book or the new one.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (str is written as UTF-8).

    ``durable=False`` skips the fsync: for cache entries, where a write lost in a crash is
    only a miss next time, not a damaged book."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = _beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_atomic(src: Path, dst: Path) -> None:
    """Put a copy of ``src`` at ``dst`` atomically; ``src`` is left where it is.

    The copy goes to a temporary file beside ``dst`` first, so this works across file systems
    (a build folder in the cache, the output in the project)."""
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _beside(dst)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _beside(path: Path) -> tuple[int, Path]:
    """A new, empty ``.NAME.RANDOM.tmp`` beside ``path``, open for writing.  Unlike mkstemp's
    0600 it gets the mode any new file gets (0666 less the umask): the book is the user's to
    share, and the rename keeps the temporary file's mode."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


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
