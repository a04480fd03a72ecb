"""One build of a series at a time: a lock per output folder and series.

Two builds of one series into one folder (two terminals, a watcher, a CI retry) would write
the same build folder and the same ``NAME.pdf``.  The lock is ``DIR/build/NAME.lock``, held
with ``flock``: the kernel releases it when its holders are gone, so the lock of a build that
was killed is never stale — the next build simply takes it.  The file also says who holds it
(pid, start time), for the waiting message.

Written here rather than taken from the ``filelock`` package because the lock must also be
*inherited* by the TeX and pandoc processes the build starts (:func:`held_fds`): when the
build itself is killed with ``kill -9``, its xelatex may still be writing the build folder,
and the next build must wait for it too.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import BuildError

_HELD: set[int] = set()


def held_fds() -> tuple[int, ...]:
    """File descriptors of the locks this process holds (passed on to the tools it runs)."""
    return tuple(sorted(_HELD))


def lock_path(out_dir: Path, name: str) -> Path:
    """Where the lock of series ``name`` in output folder ``out_dir`` lives."""
    return Path(out_dir) / "build" / f"{name}.lock"


@contextmanager
def build_lock(out_dir: Path, name: str, wait: bool = True,
               notice: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of series ``name`` in ``out_dir`` for the ``with`` block.

    When another build holds it: wait (saying so once through ``notice``), or with
    ``wait=False`` raise :class:`BuildError` at once."""
    path = lock_path(out_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = describe_holder(path, name)
            if not wait:
                raise BuildError(f"{holder} is still running (--no-wait: not waiting for it)") from None
            notice(f"waiting for {holder} …")
            fcntl.flock(fd, fcntl.LOCK_EX)  # Ctrl-C interrupts the wait (PEP 475 re-raises)
        _write_holder(fd, name)
        _HELD.add(fd)
        try:
            yield
        finally:
            _HELD.discard(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def describe_holder(path: Path, name: str) -> str:
    """``the build of NAME started at … by pid …`` from the lock file (as much as it says)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid, started = int(info["pid"]), str(info["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return f"the build of {name}"  # the holder is still writing its line
    text = f"the build of {name} started at {started} by pid {pid}"
    if not _alive(pid):
        text += " (which has exited; its TeX or pandoc is still finishing)"
    return text


def _write_holder(fd: int, name: str) -> None:
    info = {"series": name, "pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
