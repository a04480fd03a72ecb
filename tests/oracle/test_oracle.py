"""Differential tests: seriesbook against MathJax 3 (the site's renderer) on the same posts.

Five checks per formula (see :mod:`tests.oracle.compare`): acceptance, numbering, references,
the EPUB's MathML leaf tokens and where an operator's scripts stand (under it or beside it).
``ours`` is the golden cases plus ``corpus.tex``; ``real`` is every formula of ``../shared``.  A difference fails unless :data:`known.KNOWN` explains it.
"""

from __future__ import annotations

import pytest

from . import compare
from .compare import CHECKS
from .known import KNOWN


def _differences(formulas: list[compare.Formula], check: str) -> tuple[list[str], set[str]]:
    """(unexplained differences, TeX of the known ones seen)."""
    bad, known = [], set()
    for f in formulas:
        problem = CHECKS[check](f)
        if problem and (check, f.tex) in KNOWN:
            known.add(f.tex)
        elif problem:
            bad.append(f"{f.where}: {f.tex[:120]!r}\n    {problem}")
    return bad, known


def _assert_agrees(formulas: list[compare.Formula], check: str) -> None:
    bad, _ = _differences(formulas, check)
    assert not bad, f"{len(bad)} of {len(formulas)} formulas differ from MathJax ({check}):\n" + "\n".join(bad[:40])


@pytest.mark.parametrize("check", CHECKS)
def test_our_corpus_agrees_with_mathjax(ours, check):
    assert len(ours) > 400
    _assert_agrees(ours, check)


@pytest.mark.parametrize("check", CHECKS)
def test_real_posts_agree_with_mathjax(real, check):
    assert len(real) > 900
    _assert_agrees(real, check)


def test_known_differences_still_differ(ours):
    """Every entry of KNOWN about our corpus still differs (else it must go)."""
    stale = []
    texs = {f.tex for f in ours}
    for (check, tex), why in KNOWN.items():
        if tex in texs:
            _, known = _differences([f for f in ours if f.tex == tex], check)
            if tex not in known:
                stale.append(f"{check}: {tex!r} ({why})")
    assert not stale, "KNOWN lists formulas that now agree with MathJax:\n" + "\n".join(stale)


def test_a_token_mathjax_does_not_show_fails_the_check():
    """The folding never hides a stray token: "[5pt]" in the EPUB is a difference (no node needed)."""
    mj = compare.mathjax.Verdict(True, None, (), '<math><mi>a</mi><mo>=</mo><mi>b</mi></math>', (), (), ())
    epub = '<math><mi>a</mi><mo>=</mo><mi>b</mi><mo>[</mo><mn>5</mn><mi>pt</mi><mo>]</mo></math>'
    f = compare.Formula("t#0:1", "a=b\\\\[5pt]", True, False, [], (), (), (), (), "", mj, epub)
    assert "[5pt]" in compare.tokens_problem(f).replace(" ", "")
    same = compare.Formula("t#0:1", "a=b", True, False, [], (), (), (), (), "", mj, epub.replace("<mo>[</mo><mn>5</mn><mi>pt</mi><mo>]</mo>", ""))
    assert compare.tokens_problem(same) is None


def test_an_operator_whose_scripts_move_beside_it_fails_the_check():
    """argmin with B under it in MathJax's display but beside it in the EPUB is a difference; in
    the text, where MathJax's movable limits go beside too, it is none (no node needed)."""
    under = ('<math><munder><mrow data-mjx-texclass="OP"><mtext>argmin</mtext></mrow><mi>B</mi></munder></math>',
             '<math><munder><mo movablelimits="true">max</mo><mi>B</mi></munder></math>')
    beside = ('<math><msub><mo>argmin</mo><mi>B</mi></msub></math>',
              '<math><msub><mrow><mi>max</mi><mo>&#8289;</mo></mrow><mi>B</mi></msub></math>')

    def formula(mj: str, epub: str, display: bool) -> compare.Formula:
        verdict = compare.mathjax.Verdict(True, None, (), mj, (), (), ())
        return compare.Formula("t#0:1", "", display, False, [], (), (), (), (), "", verdict, epub)

    assert "argmin" in compare.scripts_problem(formula(under[0], beside[0], True))
    assert compare.scripts_problem(formula(under[0], under[0].replace("mtext", "mo"), True)) is None
    assert compare.scripts_problem(formula(under[1], beside[1], False)) is None
    assert "max" in compare.scripts_problem(formula(under[1], beside[1], True))
