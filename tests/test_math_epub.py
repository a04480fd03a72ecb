"""Every ``epub_tex`` the converter emits converts with pandoc's texmath without a warning."""

from __future__ import annotations

import re

from seriesbook.math import iter_math, normalize_post
from seriesbook.model import Math, SourcePos
from tests.support.math_cases import case_dirs, epub_of, formulas_of, post_of, site_formulas
from tests.support.tools import texmath_failures

def _epub_texs(maths) -> list[str]:
    post, _ = normalize_post(post_of(maths))
    return [epub_of(m) for m in iter_math(post) if not m.verbatim]


def test_cases_convert_without_warning():
    texs = []
    for case in case_dirs():
        texs += _epub_texs(formulas_of((case / "input.tex").read_text(encoding="utf-8")))
    assert len(texs) > 80
    assert texmath_failures(texs) == []


def test_site_pages_convert_without_warning(site_pages_dir):
    texs = _epub_texs(site_formulas(site_pages_dir))
    assert len(texs) > 500
    assert texmath_failures(texs) == []


def test_epub_tex_has_no_labels_tags_or_delimiters():
    for case in case_dirs():
        for tex in _epub_texs(formulas_of((case / "input.tex").read_text(encoding="utf-8"))):
            assert "\\label" not in tex and "\\tag" not in tex and "\\SBeqref" not in tex
            assert not tex.startswith(("$", "\\(", "\\["))


def test_seeds_convert_without_warning(seeds_dir):
    maths = [m for f in sorted(seeds_dir.glob("*.txt")) for m in formulas_of(f.read_text(encoding="utf-8"), str(f))]
    assert texmath_failures(_epub_texs(maths)) == []


def _mathml(texs: list[tuple[str, bool]]) -> list[str]:
    """The MathML texmath makes of each (tex, display), in order (one pandoc run)."""
    import subprocess

    import pypandoc

    doc = "\n\n".join(("$$" if d else "$") + t + ("$$" if d else "$") for t, d in texs)
    html = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html", "--mathml"],
                          input=doc, capture_output=True, text=True, check=True).stdout
    return re.findall(r"<math.*?</math>", html, re.S)


def test_operator_limits_stand_under_it_in_displays_and_beside_it_inline():
    """As MathJax shows them: B under argmin in a display, beside it in the text (issue: texmath
    sets ``\\mathop{…}_B`` beside even in a display)."""
    defs = [Math(r"\DeclareMathOperator*{\amin}{argmin}\newcommand{\Amin}{\mathop{\text{argmin}}}", False, "$",
                 SourcePos("input.tex", 1))]
    ops = [r"\mathop{\text{argmin}}_{B} f", r"\mathop{\rm argmin}_B f", r"\mathop{\mathrm{argmin}} _B^C f",
           r"\operatorname*{argmin}_B f", r"\amin_B f", r"\Amin_B f"]
    maths = defs + [Math(tex, display, "$$" if display else "$", SourcePos("input.tex", 2))
                    for display in (True, False) for tex in ops]
    post, _ = normalize_post(post_of(maths))
    texs = [(epub_of(m), m.display) for m in iter_math(post)][1:]
    shown = [re.sub(r"<mo>&#8289;</mo>|</?mrow>|\s", "", x) for x in _mathml(texs)]
    under, beside = re.compile(r"<munder(over)?><m[io][^>]*>argmin<"), re.compile(r"<msub(sup)?><m[io][^>]*>argmin<")
    assert all(under.search(x) for x in shown[:len(ops)]), shown[:len(ops)]
    assert all(beside.search(x) for x in shown[len(ops):]), shown[len(ops):]
