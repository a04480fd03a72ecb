"""MathJax's page semantics in the converter, and the review findings the oracle confirmed
(issue 11): macros defined in one formula serve the later ones of the same post only; the
last row's spacing; duplicate labels; ``\\tag*``; ``\\mathbb{1}``.  No node needed here —
``tests/oracle`` checks the same things against MathJax itself."""

from __future__ import annotations

import json

import pytest

from seriesbook import model as m
from seriesbook.math import iter_math, normalize_post
from seriesbook.render.epub import pandoc_document
from tests.support.math_cases import epub_of, formulas_of, latex_of, post_of


def _post(text: str, key: str = "p1") -> tuple[list[m.Math], list]:
    post, warnings = normalize_post(post_of(formulas_of(text), key=key))
    return list(iter_math(post)), warnings


@pytest.mark.parametrize("definition", [
    r"\newcommand{msign}{\mathop{\text{msign}}}",
    r"\newcommand{\msign}{\mathop{\text{msign}}}",
    r"\newcommand\msign{\mathop{\text{msign}}}",
    r"\newcommand{ \msign }{\mathop{\text{msign}}}",
    r"\renewcommand{msign}{\mathop{\text{msign}}}",
    r"\def\msign{\mathop{\text{msign}}}",
    r"\DeclareMathOperator{msign}{msign}",
    r"\DeclareMathOperator{\msign}{msign}",
    r"\newcommand{\sgn}{\mathop{\text{msign}}}\let\msign\sgn",
    r"\newcommand{\sgn}{\mathop{\text{msign}}}\let\msign=\sgn",
])
def test_a_definition_serves_the_later_formulas_of_its_post(definition):
    maths, warnings = _post(f"${definition}\\msign(x)$\n\n$$\\msign(\\boldsymbol{{G}})$$\n\n\\begin{{equation}}\\msign\\end{{equation}}")
    assert not any(x.verbatim for x in maths), warnings
    assert not warnings
    for x in maths:
        assert "msign" in latex_of(x) and "\\msign" not in latex_of(x) and "\\newcommand" not in latex_of(x)
        assert "msign" in epub_of(x) and "\\msign" not in epub_of(x)


def test_definitions_never_leak_into_another_post():
    _post(r"$\newcommand{msign}{\mathop{\text{msign}}}\msign$")
    maths, warnings = _post(r"$\msign(x)$", key="p2")
    assert maths[0].verbatim
    assert [w.code for w in warnings] == ["math.unknown-macro"]


def test_a_formula_sees_the_definition_in_force_where_it_stands():
    maths, _ = _post("$\\x$\n\n$\\newcommand{\\x}{a}\\x$\n\n$\\x$\n\n$\\renewcommand{x}{b}\\x$\n\n$\\x$")
    assert maths[0].verbatim  # used before any definition: unknown, as in MathJax
    assert [latex_of(x) for x in maths[1:]] == ["\\(a\\)", "\\(a\\)", "\\(b\\)", "\\(b\\)"]


def test_let_copies_the_meaning_it_has_now():
    maths, _ = _post("$\\def\\E{A}\\let\\F\\E\\F$\n\n$\\def\\E{B}\\E+\\F$\n\n$\\let\\eps\\varepsilon\\eps$")
    assert [latex_of(x) for x in maths] == ["\\(A\\)", "\\(B+A\\)", "\\(\\varepsilon\\)"]


@pytest.mark.parametrize("tex", [r"\newcommand*{\x}{a}\x", r"\providecommand{\x}{a}\x", r"\let\x\input",
                                 r"\def msign{a}", r"\newcommand{\x}{\input{y}}\x"])
def test_what_mathjax_or_safety_refuses_stays_verbatim(tex):
    maths, warnings = _post(f"${tex}$")
    assert maths[0].verbatim and latex_of(maths[0]) == ""
    assert warnings


@pytest.mark.parametrize("end", ["\\\\", "\\\\[6pt]", "\\\\ [6pt] ", "\\\\[1em]\n"])
def test_a_last_row_break_makes_no_numbered_row(end):
    maths, _ = _post(f"\\begin{{align}}a&=b\\\\c&=d{end}\\end{{align}}\n\n\\begin{{equation}}e\\end{{equation}}")
    assert [x.numbers for x in maths] == [("1", "2"), ("3",)]
    assert "[6pt]" not in latex_of(maths[0]) and "[1em]" not in latex_of(maths[0])


def test_row_spacing_stays_a_spacing():
    """Between the rows of a numbered environment the book writes ``\\\\[5pt]`` in one piece
    (amsmath prints "[5pt]" after ``\\\\`` and a space) and the EPUB leaves it out (texmath
    would print it); inner environments keep it, texmath reads it there."""
    maths, _ = _post("\\begin{align}a&=b\\\\[5pt]c&=d\\end{align}\n\n$$\\begin{cases}1&x\\\\[2pt]0&y\\end{cases}$$")
    assert "\\\\[5pt]\nc&=d" in latex_of(maths[0])
    assert epub_of(maths[0]) == "\\begin{aligned}a&=b \\\\ c&=d\\end{aligned}"
    assert "\\\\[2pt]0&y" in epub_of(maths[1])


def test_a_label_defined_twice_keeps_the_first_definition():
    maths, warnings = _post("\\begin{equation}a\\label{eq:x}\\end{equation}\n\n"
                            "\\begin{equation}b\\label{eq:x}\\end{equation}\n\n"
                            "\\begin{equation}c\\end{equation}\n\n$\\eqref{eq:x}$")
    first, second, third, ref = maths
    assert first.numbers == ("1",) and [lab.number for lab in first.labels] == ["1"]
    # As MathJax: the second definition is an error (shown verbatim), takes no number, defines nothing.
    assert second.verbatim and second.numbers == () and second.labels == ()
    assert third.numbers == ("2",)
    assert "{(1)}" in latex_of(ref)
    assert sum(latex_of(x).count("\\label{") for x in maths) == 1
    dup = [w for w in warnings if w.code == "xref.duplicate"]
    assert len(dup) == 1 and dup[0].pos.line == 3 and "first at line 1" in dup[0].message


def test_tag_star_shows_no_parentheses_in_the_epub():
    maths, _ = _post("$$y\\tag*{A}$$\n\n\\begin{align}a\\tag{B}\\\\b\\tag*{C}\\end{align}")
    assert [x.bare for x in maths] == [(True,), (False, True)]
    assert "\\tag*{A}" in latex_of(maths[0]) and "\\tag*{C}" in latex_of(maths[1])
    post = m.Post(key="p1", title="t", pos=maths[0].pos, blocks=tuple(m.DisplayMath(x, x.pos) for x in maths))
    text = pandoc_document(m.Book(m.BookMeta("n", "t"), (post,)))
    strings = [s for s in _strings(json.loads(text)) if s in ("A", "(A)", "(B)", "C", "(C)")]
    assert strings == ["A", "(B)", "C"]


def _strings(node):
    if isinstance(node, dict):
        if node.get("t") == "Str":
            yield node["c"]
        else:
            for v in node.values():
                yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_blackboard_digits_in_the_book():
    maths, warnings = _post("$\\mathbb{1}_{x>0}+\\mathbb{R}+\\mathbb 1+\\mathbb{k}$")
    assert latex_of(maths[0]) == "\\(\\SBdoublestruck{𝟙}_{x>0}+\\mathbb{R}+\\SBdoublestruck{𝟙}+\\SBdoublestruck{𝕜}\\)"
    assert "\\mathbb{1}" in epub_of(maths[0])  # texmath draws 𝟙 itself
    assert not warnings


@pytest.mark.slow
def test_blackboard_one_and_units_print_in_the_pdf(tmp_path):
    """xelatex draws 𝟙 (not amssymb's ⊮, not nothing) and gensymb's units with the math
    preamble, with no missing character and no font substitution."""
    import subprocess

    from seriesbook.build.isolate import DOCUMENT_HEAD
    from seriesbook.build.latex import tex_environment
    from seriesbook.math import PREAMBLE
    from tests.support.prereq import need_tools
    from tests.support.tools import pdftotext

    need_tools("xelatex", "pdftotext")
    maths, _ = _post("$\\mathbb{1}_{A}+30\\degree+\\celsius+\\ohm+\\micro+\\perthousand$")
    (tmp_path / "t.tex").write_text(DOCUMENT_HEAD + PREAMBLE + "\\begin{document}\n" + latex_of(maths[0]) + "\n\\end{document}\n",
                                    encoding="utf-8")
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-no-shell-escape", "t.tex"], cwd=tmp_path,
                   env=tex_environment(tmp_path), capture_output=True, check=True)
    text = pdftotext(tmp_path / "t.pdf")
    assert "𝟙" in text and "‰" in text and ("\u2126" in text or "\u03a9" in text) and "\u00b5" in text
    log = (tmp_path / "t.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert [line for line in log.splitlines() if "Font shape" in line and "rsfs" not in line] == []


@pytest.mark.parametrize("tex", ["x^", "a_{1}^", "a & b", "\\frac{a^}{b}", "\\widecheck{x}",
                                 "\\begin{equation}\\begin{aligned}a&=b\\tag{T}\\\\c&=d\\end{aligned}\\end{equation}"])
def test_what_mathjax_rejects_is_isolated_with_a_warning(tex):
    maths, warnings = _post(f"$${tex}$$")
    assert maths[0].verbatim and warnings


@pytest.mark.parametrize("tex", ["30\\degree", "\\celsius+\\ohm+\\micro+\\perthousand", "\\text{a&b}", "x^{}",
                                 "\\begin{aligned}a&=b\\end{aligned}", "\\begin{equation}a\\tag{T}\\end{equation}"])
def test_what_mathjax_accepts_is_math(tex):
    maths, warnings = _post(f"$${tex}$$")
    assert not maths[0].verbatim, warnings


def test_a_numbered_environment_inside_dollars_keeps_its_numbers():
    """MathJax numbers the rows of an align in $…$ (in the line): the later numbers count them."""
    maths, _ = _post("$\\begin{align}a&=b\\label{eq:in}\\\\c&=d\\end{align}$\n\n"
                     "\\begin{equation}e\\end{equation}\n\n$\\eqref{eq:in}$")
    inline, display, ref = maths
    assert inline.numbers == ("1", "2") and display.numbers == ("3",)
    assert "\\text{(1)}" in latex_of(inline) and "\\text{(2)}" in epub_of(inline)
    assert "\\tag" not in latex_of(inline) and "\\label" not in latex_of(inline)
    assert "{(1)}" in latex_of(ref)


def test_macros_expand_before_rows_labels_and_references_are_read():
    """MathJax expands a macro where it stands, so a row break or a label inside one counts."""
    maths, _ = _post("$\\newcommand{\\nl}{\\\\}\\newcommand{\\lab}[1]{\\label{#1}}$\n\n"
                     "\\begin{align}a\\lab{eq:a}\\nl b\\end{align}\n\n$\\eqref{eq:a}$")
    assert maths[1].numbers == ("1", "2") and [lab.name for lab in maths[1].labels] == ["eq:a"]
    assert "{(1)}" in latex_of(maths[2])


def test_delimiters_texmath_cannot_stretch_are_set_as_they_are():
    maths, _ = _post("$\\left\\uparrow x\\right/ + \\left\\lgroup y\\middle\\backslash z\\right\\rgroup$")
    assert epub_of(maths[0]) == "\\left.\\uparrow x\\right./ + \\left.⟮ y\\backslash z\\right.⟯"
    assert "\\left\\uparrow" in latex_of(maths[0])


def test_a_formula_that_only_defines_shows_nothing_in_the_epub():
    """``$\\newcommand{msign}{…}$`` alone (a habit of the site): an empty formula, never the definition."""
    maths, _ = _post("$\\newcommand{msign}{\\mathop{\\text{msign}}}$\n\n$\\msign$")
    assert epub_of(maths[0]) == "{}" and latex_of(maths[0]) == "\\(\\)"
    post = m.Post(key="p1", title="t", pos=maths[0].pos, blocks=(m.Paragraph(tuple(m.InlineMath(x, x.pos) for x in maths), maths[0].pos),))
    doc = pandoc_document(m.Book(m.BookMeta("n", "t"), (post,)))
    assert "newcommand" not in doc
