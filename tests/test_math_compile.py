"""Every ``latex`` the converter emits compiles with xelatex under ctexbook + PREAMBLE, and
find_broken isolates the formulas that do not."""

from __future__ import annotations

import pytest

from seriesbook.build.isolate import find_broken
from seriesbook.math import PREAMBLE, iter_math, normalize_post
from tests.support.math_cases import case_dirs, formulas_of, latex_of, post_of, site_formulas
from tests.support.prereq import requires

pytestmark = [pytest.mark.slow, requires(tools=["xelatex"])]


def _latex(maths) -> list[str]:
    post, _ = normalize_post(post_of(maths))
    return [latex_of(m) for m in iter_math(post) if not m.verbatim]


def test_cases_compile(tmp_path):
    latex = []
    for case in case_dirs():
        latex += _latex(formulas_of((case / "input.tex").read_text(encoding="utf-8")))
    assert find_broken(latex, PREAMBLE, tmp_path) == {}


def test_site_pages_all_math_and_compile(site_pages_dir, tmp_path):
    maths = site_formulas(site_pages_dir)
    post, _ = normalize_post(post_of(maths))
    out = list(iter_math(post))
    assert len(out) == len(maths) > 500
    assert [m.tex for m in out if m.verbatim] == []
    assert find_broken([latex_of(m) for m in out], PREAMBLE, tmp_path) == {}


def test_seeds_all_math_and_compile(seeds_dir, tmp_path):
    maths = [m for f in sorted(seeds_dir.glob("*.txt")) for m in formulas_of(f.read_text(encoding="utf-8"), str(f))]
    post, _ = normalize_post(post_of(maths))
    out = list(iter_math(post))
    # The dumps hold some posts twice: as one post, their labels are defined twice (shown verbatim, as MathJax does).
    assert [m.tex for m in out if m.verbatim and not m.error.startswith("[xref.duplicate]")] == []
    assert find_broken([latex_of(m) for m in out], PREAMBLE, tmp_path) == {}


def test_find_broken_isolates_bad_formulas(tmp_path):
    good = ["\\(x_{%d}\\)" % i for i in range(12)]
    formulas = good[:3] + ["\\(\\undefinedthing\\)"] + good[3:9] + ["\\begin{equation*}a&b&c\\end{equation*}"] + good[9:] + [""]
    broken = find_broken(formulas, PREAMBLE, tmp_path)
    assert sorted(broken) == [3, 10]
    assert "Undefined control sequence" in broken[3]


def test_find_broken_all_good(tmp_path):
    assert find_broken(["\\(a\\)", "\\begin{equation*}b\\tag{1}\\end{equation*}"], PREAMBLE, tmp_path) == {}


def test_capital_greek_in_math_alphabets_prints_in_the_book(tmp_path):
    """``\\mathbf{\\Sigma}`` is MathJax's bold Σ.  With fontspec's text fonts as the math
    alphabets the book printed nothing there (a missing character, which find_broken counts as
    broken): the book's own preamble keeps TeX's math fonts."""
    from seriesbook.render.latex import latex_document
    from tests.support.latex_book import fixture_book

    tex = latex_document(fixture_book())
    maths = formulas_of("$\\mathbf{\\Sigma}+\\mathrm{\\Delta}+\\mathit{\\Omega}+\\mathsf{\\Gamma}+\\mathtt{\\Lambda}$"
                        "$$\\mathbf{\\Phi}^{\\top}\\boldsymbol{\\Psi}$$")
    assert find_broken(_latex(maths), tex[: tex.find("\\begin{document}")], tmp_path) == {}
