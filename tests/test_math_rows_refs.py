"""Rows, labels and references through the math stage and both writers: an unnumbered
environment inside ``$…$``, marks in inline math, a label defined twice, references to
labels that are missing, unnumbered or in a formula shown verbatim."""

from __future__ import annotations

from seriesbook.math import iter_math, normalize_post
from tests.support.math_cases import epub_of, formulas_of, latex_of, post_of


def convert(text: str):
    post, warnings = normalize_post(post_of(formulas_of(text)))
    return list(iter_math(post)), [(w.code, w.message) for w in warnings]


def test_an_unnumbered_environment_inside_dollars_keeps_its_rows_in_the_line():
    (m,), warnings = convert(r"$\begin{align*} a \\ b \end{align*}$")
    assert warnings == [] and m.env == "" and len(m.rows) == 1
    assert latex_of(m) == r"\(\begin{gathered}a \\ b\end{gathered}\)"
    assert epub_of(m) == r"\begin{gathered}a \\ b\end{gathered}"


def test_a_label_or_tag_in_inline_math_is_ignored_with_a_warning():
    for text in (r"$x \label{a}$", r"$x \tag{1}$"):
        (m,), warnings = convert(text)
        assert latex_of(m) == r"\(x\)" and m.rows[0].number is None and m.labels == ()
        assert warnings == [("math.approximated", r"\label/\tag in inline math ignored, as MathJax does")]


def test_a_label_defined_twice_is_named_with_where_it_was_first():
    maths, warnings = convert("\\begin{align} a \\label{x} \\\\ b \\label{x} \\end{align}\n\n"
                              "$$c\\label{y}$$\n\n$$d\\label{y}$$\n\n$$\\eqref{x} \\eqref{y}$$")
    assert [m.verbatim for m in maths] == [True, False, True, False]
    assert [m.rows[0].number for m in maths[:1]] == ["1"]   # the rows before the second label keep theirs
    assert warnings[:2] == [
        ("xref.duplicate", "label 'x' is defined twice (first at this formula, again here); the first "
                           "definition is kept and this formula is shown verbatim, as on the site"),
        ("xref.duplicate", "label 'y' is defined twice (first at line 3, again here); the first "
                           "definition is kept and this formula is shown verbatim, as on the site")]
    # A reference to a label of a formula shown verbatim shows its number, without a link.
    assert latex_of(maths[3]).splitlines()[1] == r"\text{(1)} \text{(??)}"


def test_references_to_missing_or_unnumbered_labels_show_question_marks():
    maths, warnings = convert("$$c\\label{y}$$\n\n$$\\eqref{y} \\ref{zz} \\ref{y}$$")
    assert latex_of(maths[1]).splitlines()[1] == r"\text{(??)} \text{??} \text{??}"
    assert epub_of(maths[1]) == r"\text{(??)} \text{??} \text{??}"
    assert warnings == [("xref.missing", r"\eqref{y} names an unnumbered formula; shown as (??)"),
                        ("xref.missing", r"\ref{zz} names a label this post does not define; shown as (??)"),
                        ("xref.missing", r"\ref{y} names an unnumbered formula; shown as (??)")]


def test_a_tag_keeps_an_environment_inside_dollars_and_its_number():
    (m,), warnings = convert(r"$\begin{align*} a \tag{7} \\ b \end{align*}$")
    assert warnings == [] and m.env == "align" and [r.number for r in m.rows] == ["7", None]
    assert latex_of(m) == r"\(\begin{aligned}a\qquad\text{(7)} \\ b\end{aligned}\)"
