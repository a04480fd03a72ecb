"""Equation numbering, piece by piece: the top environment of a formula, its rows (a trailing
``\\\\`` makes no row, ``\\\\[5pt]`` is spacing), the marks taken out of a row (``\\label``,
``\\tag``, ``\\tag*``, ``\\nonumber``), numbers given by the post's counter, book-wide labels."""

from __future__ import annotations

import pytest

from seriesbook.math.number import classify, lines, number, scoped_label
from seriesbook.math.tokens import tokenize


def rows(tex: str) -> list[tuple[str, list[str], str | None, bool]]:
    """(text, labels, tag, nonumber) of each row of ``tex``."""
    return [("".join(r.tokens).strip(), r.labels, r.tag, r.nonumber) for r in lines(classify(tokenize(tex)))]


def test_the_top_environment_and_its_body():
    shape = classify(tokenize(r"\begin{align} a &= b \end{align}"))
    assert (shape.env, shape.args, "".join(shape.body).strip()) == ("align", [], "a &= b")
    assert shape.numbered and shape.multirow
    nested = classify(tokenize(r"\begin{gather}\begin{gather}x\end{gather}\end{gather}"))
    assert nested.env == "gather" and "".join(nested.body) == r"\begin{gather}x\end{gather}"


@pytest.mark.parametrize("tex", [
    r"\begin{align} x",                             # never closed
    r"\begin{align} x \end{align} + y",             # more after it: not a display by itself
    r"x + \begin{align} y \end{align}",
    r"\begin{array}{c} x \end{array}",              # not a display environment
])
def test_plain_math_has_no_top_environment(tex):
    shape = classify(tokenize(tex))
    assert shape.env == "" and "".join(shape.body) == tex


@pytest.mark.parametrize("env", ["alignat", "alignat*"])
def test_alignat_takes_its_column_count(env):
    shape = classify(tokenize(rf"\begin{{{env}}}{{2}} a &= b \end{{{env}}}"))
    assert shape.args == ["{", "2", "}"] and "".join(shape.body).strip() == "a &= b"
    bare = classify(tokenize(rf"\begin{{{env}}}x&=1\end{{{env}}}"))
    assert bare.args == [] and "".join(bare.body) == "x&=1"


def test_rows_split_at_double_backslash_and_a_trailing_one_makes_no_row():
    assert [r[0] for r in rows(r"\begin{align} a \\ b \end{align}")] == ["a", "b"]
    assert [r[0] for r in rows(r"\begin{align} a \\ \end{align}")] == ["a"]
    assert [r[0] for r in rows(r"\begin{align} a \\ b \\ c \\[6pt] \end{align}")] == ["a", "b", "c"]
    assert [r[0] for r in rows(r"\begin{equation} a \\ b \end{equation}")] == [r"a \\ b"]   # one row


def test_spacing_after_double_backslash_is_not_part_of_the_row():
    (first, second) = lines(classify(tokenize(r"\begin{align}[a,b] &= c \\[5pt] d &= e\end{align}")))
    assert "".join(first.tokens).startswith("[a,b]") and first.space == ""   # a first row keeps its [
    assert (second.space, "".join(second.tokens).strip()) == ("5pt", "d &= e")


def test_marks_are_taken_out_of_a_row():
    assert rows(r"\begin{align}a\nonumber+b \\ c \label{x} \tag{7} \end{align}") == [
        ("a+b", [], None, True), ("c", ["x"], "7", False)]
    (row,) = lines(classify(tokenize(r"\begin{equation}x \tag*{A} \end{equation}")))
    assert (row.tag, row.tag_star) == ("A", True)


def test_a_mark_inside_another_marks_argument_is_not_read_twice():
    (row,) = lines(classify(tokenize(r"\begin{align}x \tag{A\label{in}} = y \label{out}\end{align}")))
    assert row.labels == ["out"] and row.tag == r"A\label{in}" and "\\label" not in row.tokens


def test_a_tag_without_argument_at_the_end():
    (row,) = lines(classify(tokenize(r"\begin{align}x \tag\end{align}")))
    assert row.tag == "" and not row.tag_star


def test_numbers_come_from_the_posts_counter():
    shape = classify(tokenize(r"\begin{align} a \\ b \nonumber \\ c \tag{T} \\ d \end{align}"))
    rs = lines(shape)
    assert number(shape, rs, 4) == 6
    assert [r.number for r in rs] == ["5", None, "T", "6"]
    star = classify(tokenize(r"\begin{align*} a \\ b \tag{U} \end{align*}"))
    rs = lines(star)
    assert number(star, rs, 4) == 4 and [r.number for r in rs] == [None, "U"]


def test_scoped_labels_are_safe_for_hyperref():
    assert scoped_label("p9119", "eq:Mean_1") == "eq:p9119:eq:Mean+5f+1"
    assert scoped_label("Post A/é", "α β") == "eq:Post-A--:+3b1++20++3b2+"
