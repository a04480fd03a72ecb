"""How seriesbook runs TeX, on a few lines (no book): the environment every run gets (whole
log lines and error contexts for the log parser, reproducible dates) and latexmk's command
line (xelatex, the first error stops the run and names its file and line, no rc file read);
pictures copied into the build folder only when they changed."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from seriesbook.build.latex import copy_assets, run_latexmk, tex_environment
from seriesbook.errors import ToolError
from seriesbook.resources import templates_dir
from tests.support.prereq import requires

LONG = "A" * 150
BEFORE, AFTER = "c" * 140, "d" * 80


@requires(tools=["xetex"])
@pytest.mark.parametrize("epoch", [None, "0"])
def test_the_environment_keeps_log_lines_whole_and_dates_reproducible(tmp_path, monkeypatch, epoch):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    monkeypatch.delenv("FORCE_SOURCE_DATE", raising=False)
    env = tex_environment(tmp_path)
    assert env.get("FORCE_SOURCE_DATE") == ("1" if epoch else None)
    (tmp_path / "t.tex").write_text(f"\\message{{{LONG}}}\\message{{YEAR=\\the\\year}}\n"
                                    f"{BEFORE}\\undefinedcs {AFTER}\n\\end\n", encoding="utf-8")
    subprocess.run(["xetex", "-interaction=nonstopmode", "-no-pdf", "t.tex"], cwd=tmp_path, env=env,
                   capture_output=True, timeout=60)
    log = (tmp_path / "t.log").read_text(encoding="utf-8").splitlines()
    assert any(LONG in line for line in log)                                # max_print_line
    assert f"l.2 {BEFORE}\\undefinedcs" in log                             # half_error_line
    assert any(line.strip() == AFTER for line in log)                      # error_line
    year = next(line for line in log if "YEAR=" in line).split("YEAR=")[1][:4]
    assert (year == "1970") == (epoch == "0")


DOCUMENT = "\\documentclass{{article}}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"


@requires(tools=["latexmk", "xelatex"])
def test_latexmk_runs_xelatex_and_ignores_an_rc_file_in_the_folder(tmp_path):
    (tmp_path / "book.tex").write_text(DOCUMENT.format(body="Hello."), encoding="utf-8")
    (tmp_path / "latexmkrc").write_text('die "a latexmkrc in the build folder was read";\n')
    result = run_latexmk(tmp_path, "book")
    assert result.returncode == 0 and "latexmkrc" not in result.stdout
    info = subprocess.run(["pdfinfo", str(tmp_path / "book.pdf")], capture_output=True, text=True).stdout
    assert "xdvipdfmx" in info   # made by xelatex (through .xdv), not pdflatex


@requires(tools=["latexmk", "xelatex"])
def test_the_first_error_stops_the_run_and_names_file_and_line(tmp_path):
    (tmp_path / "book.tex").write_text(DOCUMENT.format(body="\\undefinedone\n\\undefinedtwo"), encoding="utf-8")
    result = run_latexmk(tmp_path, "book")
    log = (tmp_path / "book.log").read_text(encoding="utf-8")
    assert result.returncode != 0
    assert "./book.tex:3: Undefined control sequence" in log and "book.tex:4:" not in log


@requires(tools=["latexmk", "xelatex"])
def test_a_page_total_that_changes_costs_no_third_pass(tmp_path):
    """The contents at the end add pages on the second pass and nothing else changes: the
    kernel's page total in the .aux must not make latexmk run xelatex a third time."""
    body = "".join(f"\\section{{S{i}}}x\n" for i in range(120)) + "\\newpage\\tableofcontents"
    (tmp_path / "book.tex").write_text(DOCUMENT.format(body=body), encoding="utf-8")
    result = run_latexmk(tmp_path, "book")
    assert result.returncode == 0
    assert len(re.findall(r"Run number \d+ of rule '(?:xe)?latex'", result.stdout)) == 2


def test_assets_are_copied_once_and_again_when_they_change(tmp_path):
    src, build = tmp_path / "src", tmp_path / "build"
    src.mkdir()
    (src / "a.png").write_bytes(b"aaaa")
    (src / "b.png").write_bytes(b"bbbb")
    assets = {"images/deep/a.png": src / "a.png", "images/b.png": src / "b.png"}
    copy_assets(assets, build)
    assert (build / "images/deep/a.png").read_bytes() == b"aaaa" and (build / "images/b.png").read_bytes() == b"bbbb"
    inodes = {rel: (build / rel).stat().st_ino for rel in assets}
    copy_assets(assets, build)   # unchanged: not written again
    assert {rel: (build / rel).stat().st_ino for rel in assets} == inodes
    (src / "b.png").write_bytes(b"BBBB")   # same size, other bytes
    copy_assets(assets, build)
    assert (build / "images/b.png").read_bytes() == b"BBBB"
    assert (build / "images/deep/a.png").stat().st_ino == inodes["images/deep/a.png"]
    (src / "a.png").write_bytes(b"a")      # another size
    copy_assets(assets, build)
    assert (build / "images/deep/a.png").read_bytes() == b"a"


def test_a_missing_asset_is_named(tmp_path):
    with pytest.raises(ToolError, match=r"the asset .*gone\.png does not exist"):
        copy_assets({"images/gone.png": tmp_path / "gone.png"}, tmp_path / "build")
    assert not (tmp_path / "build" / "images").exists()


@requires(tools=["kpsewhich"])
def test_tex_finds_seriesbook_sty_first_and_the_users_own_path_after(tmp_path, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "mine.sty").write_text("% a user's package\n")
    (tmp_path / "seriesbook.sty").write_text("% a stand-in in the build folder\n")
    monkeypatch.setenv("TEXINPUTS", f"{own}{os.pathsep}")
    env = tex_environment(tmp_path)

    def find(name: str) -> str:
        return subprocess.run(["kpsewhich", name], cwd=tmp_path, env=env, capture_output=True, text=True).stdout.strip()

    assert Path(find("seriesbook.sty")) == templates_dir() / "seriesbook.sty"
    assert Path(find("mine.sty")) == own / "mine.sty"
