"""Every ``epub_tex`` the converter emits converts with pandoc's texmath without a warning."""

from __future__ import annotations

from seriesbook.math import iter_math, normalize_post
from tests.support.math_cases import case_dirs, epub_of, formulas_of, latex_of, post_of, site_formulas
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
