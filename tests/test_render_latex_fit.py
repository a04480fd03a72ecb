"""Displays that fit the line, measured from the math stage's data: what the writer wraps,
and what it leaves alone."""

from __future__ import annotations

import pytest

from seriesbook.math import normalize_math
from seriesbook.math.tokens import depths, tokenize
from seriesbook.model import Math, SourcePos
from seriesbook.render.latex_math import display, formula


def _math(tex: str) -> Math:
    return normalize_math(Math(tex, True, "env" if tex.startswith("\\begin") else "$$", SourcePos("t", 1)), "p")[0]


def fitted(tex: str) -> str:
    return display(_math(tex), "p")


def test_equation_with_aligned_keeps_tag_outside():
    tex = r"\begin{equation}\begin{aligned}a&=b\\&=c\end{aligned}\tag{24}\label{x}\end{equation}"
    assert fitted(tex) == (r"\begin{equation*}\sbfittag{\begin{aligned}a&=b\\&=c\end{aligned}}"
                           r"\tag{24}\label{eq:p:x}\end{equation*}")


def test_one_line_keeps_tag_and_label_outside():
    assert fitted(r"x = \frac{1}{2}\tag{7}\label{x}") == \
        r"\begin{equation*}\sbfittag{x = \frac{1}{2}}\tag{7}\label{eq:p:x}\end{equation*}"
    assert fitted("y") == r"\begin{equation*}\sbfit{y}\end{equation*}"


def test_lines_at_the_top_are_stacked_and_fitted():
    assert fitted(r"\begin{equation}a=b\\c=d\end{equation}") == \
        r"\begin{equation*}\sbfittag{\begin{gathered}a=b\\c=d\end{gathered}}\tag{1}\end{equation*}"


@pytest.mark.parametrize("tex", [
    r"\begin{equation}a\intertext{x}b\end{equation}",       # amsmath must read \intertext itself
    r"\begin{align}a&=b\intertext{x}c&=d\end{align}",
])
def test_left_alone(tex):
    assert fitted(tex) == formula(_math(tex), "p")


def test_align_rows_are_measured_cell_by_cell():
    tex = r"\begin{align}A&=\frac{a}{b}\tag{15}\label{a}\\&=\begin{cases}1&x\\0&y\end{cases}\tag{16}\end{align}"
    out = fitted(tex)
    assert out.startswith(r"\sbfitrows{4em+0em}{\sbrow{\sbcell{A}\sbcell{=\frac{a}{b}}}"
                          r"\sbrow{\sbcell{}\sbcell{=\begin{cases}1&x\\0&y\end{cases}}}}{")
    assert out.endswith("{" + formula(_math(tex), "p") + "}")


def test_align_with_two_pairs_counts_the_gap():
    assert fitted(r"\begin{align*}a&=b&c&=d\end{align*}").startswith(r"\sbfitrows{0em+2em}")


def test_gather_and_row_spacing():
    assert r"\sbrow{\sbcell{a}}\sbrow{\sbcell{b}}" in fitted(r"\begin{gather*}a\\[2pt]b\notag\end{gather*}")


def test_multline_lines_are_measured_alone():
    assert r"{\sbrow{\sbcell{a+b}}\sbrow{\sbcell{+c}}}" in fitted(r"\begin{multline}a+b\\[3pt]+c\end{multline}")


def test_a_control_space_at_the_end_stays_inside_the_box():
    assert fitted(r"\begin{equation}a\ \end{equation}").startswith(r"\begin{equation*}\sbfittag{a\ }")
    assert r"\sbcell{=b\ }" in fitted(r"\begin{align}a&=b\ \\c&=d\end{align}")


def test_depths_count_braces_and_environments():
    tokens = tokenize(r"a{b}\begin{x}c\end{x}")
    assert [d for t, d in zip(tokens, depths(tokens)) if t in ("a", "b", "c", "\\begin", "\\end")] == [0, 1, 0, 1, 0]
