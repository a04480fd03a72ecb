"""Running the external tools (latexmk, xelatex, dvisvgm, pandoc) so that an interrupted build
leaves nothing running.

Each tool runs in a process group of its own: when the build is interrupted (Ctrl-C, SIGTERM,
a timeout) the whole group — latexmk *and* the xelatex and xdvipdfmx it started — is killed
before the interruption goes on, so no orphan keeps writing the build folder.  The build lock
is passed on to the tools (:func:`~.lock.held_fds`): if the build itself is killed outright,
the next build waits for its tools to finish.

Worker processes (conversion across cores, ``build --all``) leave Ctrl-C to their parent,
which stops them (:func:`quiet_worker`, :func:`stop_workers`).  :func:`checkpoint` names the
stages for the fault-injection test.
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from .lock import held_fds


def run(cmd: list[str], *, timeout: float, input: str | bytes | None = None, capture_output: bool = False,
        on_output: Callable[[str], None] | None = None, **popen) -> subprocess.CompletedProcess:
    """Like :func:`subprocess.run`, in a process group of its own that is killed whole when
    this process is interrupted or the tool times out (then ``TimeoutExpired`` is raised).

    ``on_output`` (with ``stdout=PIPE`` and text mode) is called with each piece of output as
    it comes, for progress; the whole output is returned as usual."""
    checkpoint(Path(cmd[0]).name)
    if capture_output:
        popen.update(stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if input is not None:
        popen["stdin"] = subprocess.PIPE
    with subprocess.Popen(cmd, start_new_session=True, pass_fds=held_fds(), **popen) as proc:
        try:
            if on_output is None:
                out, err = proc.communicate(input, timeout=timeout)
            else:
                out, err = _follow(proc, on_output, timeout), None
        except BaseException:
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _follow(proc: subprocess.Popen, on_output: Callable[[str], None], timeout: float) -> str:
    """Read ``proc``'s output in a thread, handing each piece to ``on_output``, while this
    thread waits (so that Ctrl-C and the timeout still reach it)."""
    pieces: list[str] = []
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    raw = proc.stdout.buffer  # read1 hands over what is there, not a full block

    def read() -> None:
        for chunk in iter(lambda: raw.read1(4096), b""):
            piece = decoder.decode(chunk)
            pieces.append(piece)
            on_output(piece)
        pieces.append(decoder.decode(b"", final=True))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc.wait(timeout)
    reader.join()
    return "".join(pieces)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def quiet_worker() -> None:
    """In a worker process: leave Ctrl-C to the parent, which stops the workers (with SIGTERM,
    see :func:`stop_workers`) and says so once — each worker would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)


def _exit_quietly(signum, frame):
    raise SystemExit(128 + signum)  # unwinds (a tool's process group is killed on the way), no traceback


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what ``pool`` has not started and stop its workers now (the build was interrupted)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in multiprocessing.active_children():
        worker.terminate()


#: Fault injection (tests only): when set, a file to which each stage appends its name.
CHECKPOINTS = "SERIESBOOK_CHECKPOINTS"
#: Fault injection (tests only): the line number of the checkpoint at which to stop and wait to be killed.
STOP_AT = "SERIESBOOK_STOP_AT"


def checkpoint(stage: str) -> None:
    """Record that ``stage`` starts (when :data:`CHECKPOINTS` names a file), and stop there for
    good when it is the :data:`STOP_AT`-th checkpoint: the fault-injection test kills builds at
    exactly known moments this way.  Without the variables this does nothing."""
    trace = os.environ.get(CHECKPOINTS)
    if not trace:
        return
    with open(trace, "a", encoding="utf-8") as f:
        f.write(f"{stage}\t{time.time():.3f}\n")
    with open(trace, encoding="utf-8") as f:
        count = sum(1 for _ in f)
    if os.environ.get(STOP_AT) == str(count):
        while True:
            time.sleep(60)
