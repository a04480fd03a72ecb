"""Displays that fit the line: what the renderer wraps, and what it leaves alone."""

from __future__ import annotations

import pytest

from seriesbook.render.latex_fit import fit_display, split_top, take_numbering


def test_equation_with_aligned_keeps_tag_outside():
    tex = "\\begin{equation*}\n\\begin{aligned}a&=b\\\\&=c\\end{aligned}\\tag{24}\\label{eq:p:x}\n\\end{equation*}"
    assert fit_display(tex) == (r"\begin{equation*}\sbfittag{\begin{aligned}a&=b\\&=c\end{aligned}}"
                                r"\tag{24}\label{eq:p:x}\end{equation*}")


@pytest.mark.parametrize("tex", [
    r"\begin{equation*}a\\b\end{equation*}",           # rows at the top: amsmath's business
    r"\begin{equation*}a\notag\end{equation*}",
    r"\begin{align*}a&=b\intertext{x}c&=d\end{align*}",
    r"\begin{CD}A@>>>B\end{CD}",
    r"\[x\]",
])
def test_left_alone(tex):
    assert fit_display(tex) == tex


def test_align_rows_are_measured_cell_by_cell():
    tex = "\\begin{align*}\nA&=\\frac{a}{b}\\tag{15}\\label{eq:p:a} \\\\\n&=\\begin{cases}1&x\\\\0&y\\end{cases}\\tag{16}\n\\end{align*}"
    out = fit_display(tex)
    assert out.startswith(r"\sbfitrows{4em+0em}{\sbrow{\sbcell{A}\sbcell{=\frac{a}{b}}}"
                          r"\sbrow{\sbcell{}\sbcell{=\begin{cases}1&x\\0&y\end{cases}}}}{")
    assert out.endswith("{" + tex + "}")


def test_align_with_two_pairs_counts_the_gap():
    assert fit_display(r"\begin{align*}a&=b&c&=d\end{align*}").startswith(r"\sbfitrows{0em+2em}")


def test_gather_and_row_spacing():
    out = fit_display(r"\begin{gather*}a\\[2pt]b\notag\end{gather*}")
    assert r"\sbrow{\sbcell{a}}\sbrow{\sbcell{b}}" in out


def test_split_top_respects_groups_and_environments():
    assert split_top(r"a&{b&c}&\begin{matrix}x&y\end{matrix}\&", "&") == ["a", "{b&c}", r"\begin{matrix}x&y\end{matrix}\&"]
    assert split_top(r"a\\b{\\}\\c", "\\\\") == ["a", r"b{\\}", "c"]


def test_take_numbering():
    assert take_numbering(r"x\tag{3}\label{eq:a}+\text{\tag{no}}") == (r"x+\text{\tag{no}}", [r"\tag{3}", r"\label{eq:a}"])
    assert take_numbering(r"x\tagged{1}") == (r"x\tagged{1}", [])
