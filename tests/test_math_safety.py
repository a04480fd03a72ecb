"""Untrusted TeX: hostile input is refused, random input never crashes, nothing unknown reaches
the book, normalising is idempotent and keeps every formula.

Idempotence here means: normalising is a function of a Math's source fields (``tex``,
``display``, ``delim``, ``pos``), so normalising an already normalised Math gives the same Math.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from seriesbook.math import iter_math, normalize_math, normalize_post
from seriesbook.math.allow import is_allowed
from seriesbook.math.tokens import is_cs, tokenize
from seriesbook.model import Math, SourcePos
from tests.support.math_cases import epub_of, latex_of, post_of

P = SourcePos("t", 1)
#: Control sequences the converter itself writes into ``latex``.
GENERATED = {"\\(", "\\)", "\\SBeqref", "\\SBref", "\\tag", "\\label", "\\genfrac", "\\text", "\\boxed", "\\frac", "\\binom"}

#: Each macro calls the previous one ten times: 10**7 tokens if expanded.
BOMB = "\\newcommand\\a{xxxxxxxxxx}" + "".join(
    "\\newcommand\\%s{%s}" % (chr(98 + i), ("\\" + chr(97 + i)) * 10) for i in range(6)) + "\\g"

HOSTILE = [
    "\\input{/etc/passwd}", "\\include{x}", "\\write18{ls}", "\\immediate\\write18{ls}", "\\openin1=x",
    "\\read1 to \\x", "\\catcode`\\@=11", "\\csname input\\endcsname{x}", "\\expandafter\\x\\y",
    "\\def\\a{\\a}\\a", "\\def\\a#1\\b{#1}", "\\special{x}", "\\directlua{os.exit()}", "\\lowercase{\\x}",
    "^^5cinput{x}", "\\newcommand{\\x}{\\input{y}}\\x", "\\newcommand{\\end}{x}", "\\let\\a\\b",
    "\\scantokens{x}", "\\usepackage{x}", "\\begin{filecontents}{x}y\\end{filecontents}",
    "\\text{\\input{x}}", BOMB, "\\newcommand{\\a}{\\b}\\newcommand{\\b}{\\a}\\a", "\\pdfprimitive", "\\XeTeXinputencoding",
]


def book_commands_are_safe(latex: str, macros: set[str] = frozenset()) -> bool:
    return all(is_allowed(t, macros) or t in GENERATED for t in tokenize(latex) if is_cs(t))


@pytest.mark.parametrize("tex", HOSTILE)
def test_hostile_tex_is_refused(tex):
    m, warnings = normalize_math(Math(tex, False, "$", P))
    assert m.verbatim and latex_of(m) == "" and epub_of(m) == ""
    assert {w.code for w in warnings} & {"math.forbidden", "math.unknown-macro"}


PIECES = st.sampled_from(["\\frac", "{", "}", "x", "\\\\", "&", "\\begin{aligned}", "\\end{aligned}", "\\label{a}",
                          "\\eqref{a}", "\\tag{1}", "^", "_", "\\over", "\\left(", "\\right)", "中", "≤", "%", "\n",
                          "\\color{red}", "\\text{", "#", "\\input", "\\newcommand{\\q}[1]{#1}", "\\q", "\\def",
                          "\\begin{equation}", "\\end{equation}", "\\nonumber", " ", "$", "\\", "[", "]", "@",
                          "\\bbox[red]", "\\unicode{x41}", "\\ce{H2O}", "\\rm", "\\begin{CD}", "\\end{CD}"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join), st.booleans())
def test_random_tex_never_crashes_and_stays_safe(tex, display):
    m, _ = normalize_math(Math(tex, display, "$$" if display else "$", P))
    if m.verbatim:
        assert latex_of(m) == "" and m.error
    else:
        assert book_commands_are_safe(latex_of(m))
    again, _ = normalize_math(m)
    assert again == m


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.booleans())
def test_any_text_never_crashes(tex, display):
    m, _ = normalize_math(Math(tex, display, "$$" if display else "$", P))
    assert m.verbatim or book_commands_are_safe(latex_of(m))
    assert m.tex == tex


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=10).map("".join), max_size=8))
def test_post_keeps_every_formula(texs):
    maths = [Math(t, i % 2 == 0, "$$" if i % 2 == 0 else "$", SourcePos("t", i + 1)) for i, t in enumerate(texs)]
    post, _ = normalize_post(post_of(maths))
    out = list(iter_math(post))
    assert [m.tex for m in out] == texs
    assert all(m.verbatim or latex_of(m) for m in out)


@pytest.mark.parametrize("tex", [
    r"\newcommand{\x}{^}\x^5cinput{/etc/hostname}",     # ^^ assembled by a post's macro
    r"\unicode{x5E}\unicode{x5E}5cinput{/etc/passwd}",  # ^^ assembled by \unicode
    r"\newcommand{\y}{\^}\y^5cinput{/etc/passwd}",
])
def test_escapes_assembled_after_the_check_are_refused(tex):
    from seriesbook.math import normalize_math
    from seriesbook.model import Math, SourcePos

    m, warnings = normalize_math(Math(tex, False, "$", SourcePos("post.md", 3)))
    assert m.verbatim and latex_of(m) == "" and epub_of(m) == ""
    assert [w.code for w in warnings] == ["math.forbidden"]
