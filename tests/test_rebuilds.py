"""The README's promises on speed, observed rather than read from the build's own figures:
an unchanged rebuild starts no program and converts nothing; a cold build takes two xelatex
passes; after one post changed only that post is converted and its chapter rendered, in one
xelatex pass; ``build --all`` runs the series' TeX at once."""

from __future__ import annotations

import pytest

from seriesbook import pipeline
from seriesbook.cli import main
from seriesbook.manifest import load
from seriesbook.pipeline import Options, build
from seriesbook.render import latex as render_latex
from tests.support.prereq import requires
from tests.support.series import POST, small_series
from tests.support.spy import programs, spy_calls, spy_processes, wrap_program

pytestmark = [pytest.mark.slow, requires(tools=["xelatex", "latexmk"])]


def test_an_unchanged_rebuild_starts_no_program_and_converts_nothing(tmp_path, monkeypatch):
    manifest = small_series(tmp_path)
    out = tmp_path / "out"
    started = spy_processes(monkeypatch)
    converted = spy_calls(monkeypatch, pipeline, "convert_one")
    build(load(manifest), "small", Options(out_dir=out))
    assert {"latexmk", "pandoc"} <= set(programs(started)) and len(converted) == 2  # the spies see a cold build
    books = {p: (out / p).read_bytes() for p in ("small.pdf", "small.epub")}
    started.clear(), converted.clear()
    again = build(load(manifest), "small", Options(out_dir=out))
    assert started == [] and converted == []
    assert {p: (out / p).read_bytes() for p in books} == books
    assert again.pdf and again.epub and [p.numbered_equations for p in again.posts] == [1, 1]


def test_after_one_post_changed_only_it_is_converted_and_its_chapter_rendered(tmp_path, monkeypatch):
    manifest = small_series(tmp_path, ("", "", ""))
    options = Options(out_dir=tmp_path / "out", epub=False)
    log = tmp_path / "xelatex-runs"
    wrap_program(monkeypatch, tmp_path / "bin", "xelatex", f'echo run >> "{log}"')
    build(load(manifest), "small", options)
    assert log.read_text().count("run") == 2   # a cold build: two xelatex passes
    log.unlink()
    converted = spy_calls(monkeypatch, pipeline, "convert_one")
    rendered = spy_calls(monkeypatch, render_latex, "render_chapter")
    (tmp_path / "posts" / "2.md").write_text(POST.format(n=2, tail="，又改了一句。"), encoding="utf-8")
    build(load(manifest), "small", options)
    assert [raw.title for raw, _ in converted] == ["小系列(2):第2篇"]
    assert [post.title for post, _ in rendered] == ["小系列(2):第2篇"]
    assert log.read_text().count("run") == 1   # latexmk reused the aux files: one pass


#: Note this run, wait (at most 30 s) until another run has started too, and note that they met.
MEET = """touch "$SB_SPY/run.$$"
n=0
while [ "$(ls "$SB_SPY" | grep -c '^run')" -lt 2 ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
[ "$(ls "$SB_SPY" | grep -c '^run')" -ge 2 ] && touch "$SB_SPY/met.$$"
"""


def test_build_all_runs_two_series_tex_at_the_same_time(tmp_path, monkeypatch):
    """Each latexmk waits for the other series' one: in a serial build the first waits alone."""
    spy = tmp_path / "spy"
    wrap_program(monkeypatch, spy / "bin", "latexmk", MEET)
    monkeypatch.setenv("SB_SPY", str(spy))
    manifest = small_series(tmp_path, manifest="sources: [posts]\nseries:\n  - name: one\n    posts: [小系列(1):第1篇]\n"
                                                "  - name: two\n    posts: [小系列(2):第2篇]\n")
    out = tmp_path / "out"
    assert main(["build", "--all", "--pdf", "-m", str(manifest), "-o", str(out), "--jobs", "2"]) == 0
    assert (out / "one.pdf").exists() and (out / "two.pdf").exists()
    runs = sorted(p.name.split(".")[1] for p in spy.glob("run.*"))
    met = sorted(p.name.split(".")[1] for p in spy.glob("met.*"))
    assert len(runs) == 2 and met == runs, "the two series' TeX runs did not overlap"
