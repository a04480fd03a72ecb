"""Every ``epub_tex`` the converter emits converts with pandoc's texmath without a warning."""

from __future__ import annotations

import re
import subprocess

import pytest

from seriesbook.math import iter_math, normalize_post
from tests.test_math_cases import case_dirs, formulas_of, post_of, site_formulas

pypandoc = pytest.importorskip("pypandoc")


def texmath_failures(texs: list[str]) -> list[str]:
    """The formulas pandoc could not turn into MathML (one pandoc run for all)."""
    doc = "\n\n".join("$$" + t.replace("\n", " ") + "$$" for t in texs if t.strip())
    proc = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html", "--mathml"],
                          input=doc, capture_output=True, text=True, check=True)
    return re.findall(r"Could not convert TeX math (.*?), rendering as TeX", proc.stderr, re.S)


def _epub_texs(maths) -> list[str]:
    post, _ = normalize_post(post_of(maths))
    return [m.epub_tex for m in iter_math(post) if not m.verbatim]


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
