"""The allow-list is sound: every allowed command and environment exists in LaTeX with
PREAMBLE (so an allowed formula cannot stop xelatex with "Undefined control sequence")."""

from __future__ import annotations

import re
import subprocess

import pytest

from seriesbook.build.latex import tex_environment
from seriesbook.math import PREAMBLE
from seriesbook.math.allow import ALLOWED, ENVIRONMENTS, FORBIDDEN
from seriesbook.math.number import BRACED
from tests.support.prereq import requires

#: Allowed only as part of something else.
NOT_STANDALONE = {"of"}


def test_allowed_and_forbidden_are_disjoint():
    assert not ALLOWED & FORBIDDEN


@pytest.mark.slow
@requires(tools=["xelatex"])
def test_every_allowed_command_is_defined(tmp_path):
    checks = [f"\\ifdefined\\{n}\\else\\typeout{{SBUNDEF {n}}}\\fi" for n in sorted(ALLOWED - NOT_STANDALONE)]
    # The cases package's environments are written as empheq (render/latex_math.py), never as themselves.
    checks += [f"\\ifcsname {e}\\endcsname\\else\\typeout{{SBUNDEF {e}}}\\fi" for e in sorted(ENVIRONMENTS - BRACED)]
    doc = ("\\documentclass{ctexbook}\n\\setCJKmainfont{Noto Serif CJK SC}\n" + PREAMBLE
           + "\\begin{document}\n" + "\n".join(checks) + "\n\\typeout{SBDONE}\n\\end{document}\n")
    (tmp_path / "u.tex").write_text(doc, encoding="utf-8")
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-no-pdf", "u.tex"], cwd=tmp_path,
                   capture_output=True, timeout=300, env=tex_environment(tmp_path))
    log = (tmp_path / "u.log").read_text(encoding="utf-8", errors="replace")
    # The checks ran to the end, without a TeX error (an aborted preamble would print no SBUNDEF).
    assert "\nSBDONE" in log and not re.findall(r"^! .*", log, re.M), log[-3000:]
    assert re.findall(r"SBUNDEF \S+", log.replace("\\typeout{SBUNDEF", "")) == []
