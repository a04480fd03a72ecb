"""The preamble in blocks: a five-line template of the user's changes the fonts (nbconvert-style
``extends``), everything else stays as packaged; the project's macros live in seriesbook.sty."""

from __future__ import annotations

import re
import subprocess

import pytest

from seriesbook.build.latex import compile_pdf
from seriesbook.render.latex import latex_document
from seriesbook.resources import templates_dir

from tests.support.latex_book import fixture_book
from tests.support.prereq import requires

FONTS = '''<% extends "seriesbook/preamble.tex.j2" %>
<% block fonts %>
<%= super()|raw %>
\\setmainfont{DejaVu Serif}
<% endblock %>
'''


@pytest.fixture
def override(tmp_path):
    (tmp_path / "preamble.tex.j2").write_text(FONTS, encoding="utf-8")
    return tmp_path


def test_a_block_override_changes_only_that_block(override):
    packaged, mine = latex_document(fixture_book()), latex_document(fixture_book(), templates=override)
    assert "\\setmainfont{DejaVu Serif}" in mine and "\\setmainfont{DejaVu Serif}" not in packaged
    lines = [line for line in mine.splitlines() if line and line != "\\setmainfont{DejaVu Serif}"]
    assert lines == [line for line in packaged.splitlines() if line]


def test_every_project_macro_is_in_seriesbook_sty():
    sty = (templates_dir() / "seriesbook.sty").read_text(encoding="utf-8")
    preamble = (templates_dir() / "preamble.tex.j2").read_text(encoding="utf-8")
    defined = set(re.findall(r"\\(?:newcommand|providecommand|DeclareDocumentCommand|NewDocumentCommand)\s*\{?\\((?:sb|SB)[A-Za-z]*)", sty))
    assert {"SBstylebox", "SBeqref", "SBref", "sbfit", "sbimagemissing", "sbmathverb", "sbverbbreak"} <= defined
    # The preamble defines none that the posts' TeX uses, only the cover's title font (part of
    # the look); it sets the texts (\\renewcommand\\sbtext…).
    assert re.findall(r"\\(?:newcommand|providecommand)\s*\{?\\((?:sb|SB)[A-Za-z]*)", preamble) == ["sbtitlefont"]


@pytest.mark.slow
@requires(tools=["xelatex", "latexmk", "pdffonts"])
def test_the_font_override_reaches_the_pdf(override, tmp_path):
    from PIL import Image

    Image.new("RGB", (60, 30), "orange").save(tmp_path / "a.png")
    result = compile_pdf(latex_document(fixture_book(), templates=override), tmp_path / "build", "fixture",
                         {"images/a.png": tmp_path / "a.png"})
    fonts = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts and "LMRoman10-Regular" not in fonts
