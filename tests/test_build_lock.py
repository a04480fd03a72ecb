"""One build of a series at a time: the lock per output folder and series."""

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from seriesbook.build.lock import build_lock, held_fds, lock_path
from seriesbook.errors import BuildError

ROOT = Path(__file__).resolve().parents[1]


def test_a_second_build_of_the_series_fails_at_once_with_no_wait(tmp_path):
    with build_lock(tmp_path, "级数"):
        with pytest.raises(BuildError, match=r"the build of 级数 started at .* by pid \d+ is still running"):
            with build_lock(tmp_path, "级数", wait=False):
                pass
        with build_lock(tmp_path, "其他", wait=False):  # another series is not held up
            pass


def test_a_second_build_waits_and_says_for_whom(tmp_path):
    said, order = [], []
    first = build_lock(tmp_path, "级数")
    first.__enter__()
    def second():
        with build_lock(tmp_path, "级数", notice=said.append):
            order.append("second")
    thread = threading.Thread(target=second)
    thread.start()
    for _ in range(200):
        if said:
            break
        thread.join(0.05)
    order.append("first done")
    first.__exit__(None, None, None)
    thread.join(10)
    assert order == ["first done", "second"]
    assert said and said[0].startswith("waiting for the build of 级数 started at ") and f"pid {os.getpid()}" in said[0]


def test_the_lock_of_a_killed_build_is_taken_over(tmp_path):
    """A build killed with kill -9 leaves its lock file, naming a pid that is gone."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT / 'src')!r})
        from seriesbook.build.lock import build_lock
        lock = build_lock({str(tmp_path)!r}, "级数")
        lock.__enter__()
        print("held", flush=True)
        os.kill(os.getpid(), 9)
        """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.wait()
    assert json.loads(lock_path(tmp_path, "级数").read_text())["pid"] == holder.pid
    with build_lock(tmp_path, "级数", wait=False):
        assert json.loads(lock_path(tmp_path, "级数").read_text())["pid"] == os.getpid()


def test_the_tools_of_a_build_inherit_its_lock(tmp_path):
    """If the build dies and its xelatex lives on, the next build must wait for that xelatex."""
    from seriesbook.build import tools

    assert held_fds() == ()
    with build_lock(tmp_path, "级数"):
        fds = held_fds()
        assert len(fds) == 1
        child = tools.run([sys.executable, "-c", f"import os; os.fstat({fds[0]}); print('inherited')"],
                          timeout=30, capture_output=True, text=True)
        assert child.stdout.strip() == "inherited"
    assert held_fds() == ()


def test_no_wait_names_no_report_it_did_not_write_and_a_failed_build_names_its_own(tmp_path, capsys):
    from seriesbook.cli import main
    from tests.support.series import small_series

    manifest = small_series(tmp_path)
    out = tmp_path / "out"
    with build_lock(out, "small"):
        code = main(["build", "small", "-m", str(manifest), "-o", str(out), "--pdf", "--no-wait"])
    err = capsys.readouterr().err
    assert code == 1 and "--no-wait" in err
    assert "report:" not in err and not (out / "small.report.json").exists()
    code = main(["build", "gone", "-m", str(manifest), "-o", str(out), "--offline", "--cache", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 1 and "123456" in err
    assert f"report: {out / 'gone.report.json'}" in err and (out / "gone.report.json").exists()
