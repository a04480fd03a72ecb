"""TeX from posts is untrusted: every TeX run seriesbook makes (the book, the isolation of
broken formulas, the SVG formulas of the EPUB) refuses to read outside its folder, to write
outside it and to run programs — by seriesbook's own settings, not TeX Live's defaults.

The environment here asks for the opposite (``shell_escape=t openout_any=a openin_any=a``, as
a permissive TeX installation would), so a setting seriesbook stops making shows up at once.
The math passes would refuse these formulas long before TeX sees them; the tests hand TeX the
hostile text directly to reach the last line of defence.
"""

from __future__ import annotations

import subprocess

import pytest

from seriesbook.build.isolate import find_broken
from seriesbook.build.latex import compile_pdf, copy_assets, latexmk_command, tex_environment
from seriesbook.build.svgmath import Formula, draw_svgs
from seriesbook.errors import ToolError
from seriesbook.math import PREAMBLE
from seriesbook.model import SourcePos
from seriesbook.render.latex import latex_document
from tests.support.latex_book import P1, hostile_book
from tests.support.prereq import requires
from tests.support.spy import programs, spy_processes

PERMISSIVE = {"shell_escape": "t", "openout_any": "a", "openin_any": "a"}


@pytest.fixture(autouse=True)
def permissive_tex(monkeypatch):
    for name, value in PERMISSIVE.items():
        monkeypatch.setenv(name, value)


def test_seriesbook_sets_its_own_limits_whatever_the_environment(tmp_path):
    env = tex_environment(tmp_path)
    assert (env["openin_any"], env["openout_any"], env["shell_escape"]) == ("p", "p", "f")
    assert env["TEXMFOUTPUT"] == str(tmp_path)
    assert "-no-shell-escape" in latexmk_command("book") and "-norc" in latexmk_command("book")


def test_book_name_cannot_escape(tmp_path):
    with pytest.raises(ToolError):
        compile_pdf("x", tmp_path, "../evil")


def test_asset_cannot_escape(tmp_path):
    src = tmp_path / "a.png"
    src.write_bytes(b"x")
    with pytest.raises(ToolError, match="outside"):
        copy_assets({"../a.png": src}, tmp_path / "b")


@pytest.mark.slow
@requires(tools=["xelatex"])
def test_the_environment_alone_would_let_tex_out(tmp_path):
    """The premise: without seriesbook's settings, this TeX reads, writes and runs anything."""
    secret, written, ran = _targets(tmp_path)
    (tmp_path / "run").mkdir()
    doc = (f"\\immediate\\write18{{touch {ran}}}\\immediate\\openout15={written}\\immediate\\write15{{x}}"
           f"\\immediate\\closeout15\\input{{{secret}}}\\end")
    subprocess.run(["xetex", "-jobname=probe", "-interaction=nonstopmode", "-no-pdf", doc], cwd=tmp_path / "run",
                   capture_output=True, timeout=120)
    assert ran.exists() and written.exists()
    assert "secret.tex" in (tmp_path / "run" / "probe.log").read_text(errors="replace")  # it was read


def _targets(tmp_path):
    """A secret file outside the TeX run's folder, and two paths TeX must not create."""
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET\n", encoding="utf-8")
    return secret, tmp_path / "written.tex", tmp_path / "ran"


ATTACKS = {
    "read": lambda secret, written, ran: f"\\input{{{secret}}}",
    "write": lambda secret, written, ran: f"\\immediate\\openout15={written}\\immediate\\write15{{x}}\\immediate\\closeout15",
    "shell": lambda secret, written, ran: f"\\immediate\\write18{{touch {ran}}}",
}


def _book(tex: str, tmp_path) -> bool:
    """The book run: True when it made a PDF (False when TeX refused)."""
    try:
        compile_pdf(latex_document(hostile_book(f"{tex}x")), tmp_path / "b", "bad")
    except ToolError as e:
        assert e.pos == SourcePos(P1, 5) and "TOPSECRET" not in str(e)  # the refusal names the formula
        return False
    return True


def _isolation(tex: str, tmp_path) -> bool:
    """The isolation run: True when it found the formula fine."""
    return not find_broken([f"{tex}$x$"], PREAMBLE, tmp_path / "iso")


def _svg(tex: str, tmp_path) -> bool:
    """The EPUB's SVG run: True when it drew the formula."""
    images, _ = draw_svgs([Formula("k", f"{tex}x", False)], tmp_path / "svg")
    return images["k"] is not None


@pytest.mark.slow
@requires(tools=["xelatex", "latexmk", "dvisvgm"])
@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("run", [_book, _isolation, _svg], ids=["book", "isolation", "svg"])
def test_every_tex_run_stays_in_its_folder(tmp_path, monkeypatch, run, attack):
    secret, written, ran = _targets(tmp_path)
    started = spy_processes(monkeypatch)
    accepted = run(ATTACKS[attack](secret, written, ran), tmp_path)
    assert not written.exists() and not ran.exists()
    tex_runs = [argv for argv in started if programs([argv])[0] in ("xelatex", "latexmk")]
    assert tex_runs and all("-no-shell-escape" in argv for argv in tex_runs)  # and shell_escape=f
    if attack == "read":
        assert not accepted   # a file outside cannot be read, so the formula fails
