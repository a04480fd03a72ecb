"""normalize_post: document order through nested nodes, per-post numbering and labels, refs,
macros and their scope, stats, mark_failed."""

from __future__ import annotations


from seriesbook.math import iter_math, mark_failed, normalize_math, normalize_post, stats
from seriesbook.model import (FootnoteRef, Heading, Image, InlineMath, Link, ListBlock, Math, Paragraph, Post, Quote,
                              SourcePos, Styled, Table, Text)
from tests.support.math_cases import epub_of, formulas_of, latex_of, post_of

P = SourcePos("post.html", 1)


def eq(tex: str, line: int) -> Math:
    return Math(f"\\begin{{equation}}{tex}\\end{{equation}}", True, "env", SourcePos("post.html", line))


def inline(tex: str, line: int) -> InlineMath:
    return InlineMath(Math(tex, False, "$", SourcePos("post.html", line)), P)


def nested_post() -> Post:
    from seriesbook.model import DisplayMath

    def d(tex, line):
        m = eq(tex, line)
        return DisplayMath(m, m.pos)

    blocks = (
        Heading(2, (Text("h", P), inline("\\eqref{eq:e}", 1)), P),
        d("a\\label{eq:a}", 2),
        Quote((d("b\\label{eq:b}", 3),), P),
        ListBlock(False, ((d("c", 4),), (Paragraph((Styled("strong", (inline("x", 5),), P),), P),)), P),
        Table((((inline("\\eqref{eq:a}", 6),), (Link("u", (inline("y", 7),), P),)),), P),
        Paragraph((FootnoteRef((d("e\\label{eq:e}", 8),), P),), P),
        Image("i.png", "", P, caption=(inline("z", 9),)),
    )
    return Post(key="p42", title="T", blocks=blocks, pos=P)


def test_document_order_through_nested_nodes():
    post, warnings = normalize_post(nested_post())
    maths = list(iter_math(post))
    assert [m.pos.line for m in maths] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [m.numbers for m in maths if m.numbers] == [("1",), ("2",), ("3",), ("4",)]
    assert maths[0].ref_only == "eq:e" and epub_of(maths[0]) == "\\text{(4)}"
    assert "\\SBeqref{eq:p42:eq:a}{(1)}" in latex_of(maths[5], "p42")
    assert warnings == []


def test_input_post_is_unchanged_and_all_formulas_kept():
    src = nested_post()
    post, _ = normalize_post(src)
    assert all(m.rows == () for m in iter_math(src))
    assert len(list(iter_math(post))) == len(list(iter_math(src)))
    assert all(latex_of(m) for m in iter_math(post))


def test_labels_are_scoped_to_their_post():
    a, _ = normalize_post(post_of([eq("x\\label{eq:base}", 1)], key="p1"))
    b, _ = normalize_post(post_of([eq("y\\label{eq:base}", 1)], key="p2"))
    la, lb = latex_of(next(iter_math(a)), "p1"), latex_of(next(iter_math(b)), "p2")
    assert "\\label{eq:p1:eq:base}" in la and "\\label{eq:p2:eq:base}" in lb


def test_missing_and_duplicate_labels_are_reported_with_lines():
    post, warnings = normalize_post(post_of([eq("x\\label{k}", 3), eq("y\\label{k}", 9),
                                              Math("\\eqref{gone}", False, "$", SourcePos("post.html", 12))]))
    codes = {(w.code, w.pos.line) for w in warnings}
    assert ("xref.duplicate", 9) in codes and ("xref.missing", 12) in codes
    dup = next(w for w in warnings if w.code == "xref.duplicate")
    assert "line 3" in dup.message
    assert latex_of(list(iter_math(post))[2]) == "\\(\\text{(??)}\\)"


def test_post_macros_are_scoped_to_their_post():
    one, _ = normalize_post(post_of(formulas_of("$\\newcommand{\\R}{\\mathbb{R}}$ $x\\in\\R$")))
    two, _ = normalize_post(post_of(formulas_of("$\\def\\R{\\mathcal{R}}$ $y\\in\\R$")))
    assert latex_of(list(iter_math(one))[1]) == "\\(x\\in\\mathbb{R}\\)"
    assert latex_of(list(iter_math(two))[1]) == "\\(y\\in\\mathcal{R}\\)"  # its own \\R, not the first post's


def test_stats_and_mark_failed():
    post, _ = normalize_post(post_of(formulas_of("$a$ $\\foo$ \\begin{align}x\\\\y\\end{align} $$z\\tag{9}$$")))
    assert stats(post) == {"formulas": 4, "formulas_failed": 1, "numbered_equations": 2}
    failed, warnings = mark_failed(post, {0: "Undefined control sequence."})
    first = next(iter_math(failed))
    assert first.verbatim and latex_of(first) == "" and "Undefined" in first.error
    assert [w.code for w in warnings] == ["math.compile-error"]
    assert stats(failed)["formulas_failed"] == 2


def test_normalize_math_single():
    m, w = normalize_math(Math("x=1\\tag{32}", True, "$$", P))
    assert m.numbers == ("32",) and "\\tag{32}" in latex_of(m) and epub_of(m) == "x=1" and w == []
