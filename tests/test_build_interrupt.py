"""Fault injection: a build killed at any moment keeps the previous book, and the next build
succeeds with the very bytes of a clean build.

A tiny series (a local post with two pictures on the site, and a post fetched earlier) is
rebuilt after a change, from the state its previous build left.  One instrumented run lists
the stages in order — each picture fetched, the conversion, latexmk, every xelatex pass and
xdvipdfmx (through shims on PATH), each pandoc run and each final rename — and then a build
is killed at each of them: stopped at the stage's start, and for the tools also in the middle.
The ways of killing rotate: Ctrl-C (SIGINT to the process group), SIGTERM, ``kill -9`` of
seriesbook alone (its TeX lives on) and a power cut (every process of the build killed at once).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.site import make_page, serve

pytestmark = pytest.mark.slow

SERIES = "断点"
SEAL = "1700000000"
EXE = [sys.executable, "-c", "from seriesbook.cli import run; run()"]
POST = """---
title: 断点(一):从头说起
date: 2024-03-01
---

设$q$为公比，则
\\begin{{equation}}S_n = \\frac{{a(1-q^n)}}{{1-q}}\\label{{eq:s}}\\end{{equation}}
由式$\\eqref{{eq:s}}$可知{extra}
"""
PICTURES = "\n\n![图一]({base}/usr/uploads/a.png)\n\n![图二]({base}/usr/uploads/b.png)\n\n当$|q|<1$时级数收敛。\n"
MANIFEST = """book: {{site: "{base}"}}
sources: [posts]
cache: cache
series:
  - name: {series}
    posts: {posts}
"""
TOOLS = ("xelatex", "xdvipdfmx")
KILLS = ("SIGINT to the group", "SIGTERM", "kill -9", "power cut")


def _png(colour) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(out, "PNG")
    return out.getvalue()


def _shims(folder: Path) -> Path:
    """xelatex and xdvipdfmx that write a checkpoint, and stop for a while when it is the one asked."""
    folder.mkdir()
    for tool in TOOLS:
        real = shutil.which(tool)
        assert real, f"{tool} is not installed"
        (folder / tool).write_text(f"""#!/bin/sh
if [ -n "$SERIESBOOK_CHECKPOINTS" ]; then
  printf '%s\\t%s\\n' {tool} "$(date +%s.%N)" >> "$SERIESBOOK_CHECKPOINTS"
  [ "$(( $(wc -l < "$SERIESBOOK_CHECKPOINTS") ))" = "$SERIESBOOK_STOP_AT" ] && sleep 3
fi
exec {real} "$@"
""")
        (folder / tool).chmod(0o755)
    return folder


def _env(shims: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERIESBOOK_")}
    env.update(SOURCE_DATE_EPOCH=SEAL, PATH=f"{shims}:{env['PATH']}", PYTHONPATH=str(Path(__file__).parents[1]), **extra)
    return env


def _build(work: Path, env: dict, **popen) -> subprocess.Popen:
    return subprocess.Popen([*EXE, "build", SERIES, "-m", "series.yaml", "-o", "out"], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _books(work: Path) -> tuple[bytes | None, bytes | None]:
    return tuple((work / "out" / f"{SERIES}{ext}").read_bytes() if (work / "out" / f"{SERIES}{ext}").exists()
                 else None for ext in (".pdf", ".epub"))


def _build_ok(work: Path, env: dict) -> tuple[bytes, bytes]:
    proc = _build(work, env)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return _books(work)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """The state after the previous book (``base``), the new series' sources, and the books
    of a clean build of the new series."""
    root = tmp_path_factory.mktemp("interrupt")
    shims = _shims(root / "shims")
    routes = {"/archives/1001": [(200, make_page("<p>第二篇：$x^2$ 与 $\\alpha$。</p>", n=1001, title="断点(二):接着说"))],
              "/usr/uploads/a.png": [(200, _png((200, 40, 40)))], "/usr/uploads/b.png": [(200, _png((40, 40, 200)))]}
    with serve(routes) as (base, _):
        work = root / "base"
        (work / "posts").mkdir(parents=True)
        (work / "posts" / "1.md").write_text(POST.format(extra="。"), encoding="utf-8")
        (work / "series.yaml").write_text(MANIFEST.format(base=base, series=SERIES, posts="['断点(一):从头说起']"),
                                          encoding="utf-8")
        env = _env(shims)
        subprocess.run([*EXE, "fetch", "1001", "-m", "series.yaml"], cwd=work, env=env, check=True,
                       capture_output=True)
        previous = _build_ok(work, env)
        # The change the interrupted builds make: new text, two pictures to fetch, a fetched post.
        (work / "posts" / "1.md").write_text(POST.format(extra=PICTURES.format(base=base)), encoding="utf-8")
        (work / "series.yaml").write_text(
            MANIFEST.format(base=base, series=SERIES, posts="['断点(一):从头说起', 1001]"), encoding="utf-8")
        clean = root / "clean"
        shutil.copytree(work, clean, ignore=shutil.ignore_patterns("out"))
        new = _build_ok(clean, env)
        assert previous[0] != new[0] and previous[1] != new[1]
        yield root, work, env, previous, new


def _stages(root: Path, base: Path, env: dict, new) -> list[tuple[str, float]]:
    """The checkpoints of an uninterrupted rebuild from ``base``: (stage, seconds it lasted)."""
    work = root / "instrumented"
    shutil.copytree(base, work)
    trace = work / "trace"
    assert _build_ok(work, dict(env, SERIESBOOK_CHECKPOINTS=str(trace))) == new  # incremental = clean
    rows = [line.split("\t") for line in trace.read_text().splitlines()]
    times = [float(t) for _, t in rows]
    return [(name, (times[i + 1] if i + 1 < len(times) else time.time()) - times[i])
            for i, (name, _) in enumerate(rows)]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def _power_cut(pid: int) -> None:
    """Stop every process of the build (until no new one appears), then kill them all."""
    stopped: set[int] = set()
    for _ in range(100):
        new = [p for p in _descendants(pid) if p not in stopped]
        if not new:
            break
        for p in new:
            try:
                os.kill(p, signal.SIGSTOP)
            except ProcessLookupError:
                pass
            stopped.add(p)
    for p in stopped:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _kill(proc: subprocess.Popen, how: str) -> None:
    if how == "SIGINT to the group":
        os.killpg(proc.pid, signal.SIGINT)
    elif how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    elif how == "kill -9":
        proc.kill()
    else:
        _power_cut(proc.pid)


def _trials(stages: list[tuple[str, float]]) -> list[tuple[int, str, float, str]]:
    """(checkpoint number, stage, seconds after its start, how to kill), chosen from the stages
    of the instrumented run: each stage at its start, and a tool also halfway through."""
    trials = []
    for i, (name, seconds) in enumerate(stages, 1):
        trials.append((i, name, 0.0, KILLS[len(trials) % len(KILLS)]))
        if name in TOOLS + ("latexmk", "pandoc"):
            trials.append((i, name, seconds / 2, KILLS[len(trials) % len(KILLS)]))
    return trials


def test_a_build_killed_at_any_moment_keeps_the_book_and_the_next_build_is_clean(scene):
    root, base, env, previous, new = scene
    stages = _stages(root, base, env, new)
    names = [name for name, _ in stages]
    # The instrumented run went through every kind of stage the test promises to interrupt.
    for stage in ("fetch", "convert", "latexmk", "xelatex", "xdvipdfmx", "pandoc", "publish .pdf", "publish .epub"):
        assert stage in names, names
    trials = _trials(stages)
    failures = []
    for n, (index, stage, after, how) in enumerate(trials):
        work = root / f"trial-{n}"
        shutil.copytree(base, work)
        trace = work / "trace"
        stop = str(index) if not after else ""
        proc = _build(work, dict(env, SERIESBOOK_CHECKPOINTS=str(trace), SERIESBOOK_STOP_AT=stop),
                      start_new_session=True)
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if trace.exists() and len(trace.read_text().splitlines()) >= index:
                break
            time.sleep(0.01)
        time.sleep(after)
        _kill(proc, how)
        _, err = proc.communicate(timeout=300)
        what = f"{how} at {stage} (checkpoint {index}, +{after:.2f} s)"
        if how == "SIGINT to the group" and proc.returncode != 0:
            assert (proc.returncode, err) == (130, "interrupted\n"), what
        if how == "SIGTERM" and proc.returncode != 0:
            assert (proc.returncode, err) == (143, "terminated\n"), what
        pdf, epub = _books(work)
        # The previous book is intact: each file is the old book or the new one, never a mix.
        assert pdf in (previous[0], new[0]) and epub in (previous[1], new[1]), what
        again = _build(work, env)
        _, err = again.communicate(timeout=600)
        if again.returncode != 0 or _books(work) != new:
            failures.append(f"{what}: next build exit {again.returncode}, same bytes: {_books(work) == new}\n{err}")
        shutil.rmtree(work)
    print(f"{len(trials)} interruptions over {len(stages)} stages: {', '.join(names)}")
    assert not failures, "\n".join(failures)
    assert len(trials) >= 15


def test_builds_started_together_all_succeed_with_the_clean_bytes(scene):
    root, base, env, previous, new = scene
    work = root / "together"
    shutil.copytree(base, work)
    procs = [_build(work, env) for _ in range(3)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0], results
    assert any("waiting for the build of 断点 started at" in err for _, err in results)
    assert _books(work) == new
