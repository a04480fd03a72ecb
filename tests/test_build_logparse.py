"""Reading xelatex logs: warnings and errors mapped back to posts through the TeX markers."""

from __future__ import annotations

from seriesbook.build.logparse import first_error, parse_log
from seriesbook.model import SourcePos

TEX = """\\documentclass{ctexbook}
\\begin{document}
% seriesbook-post: 第一篇
% seriesbook: posts/one.md:1
\\chapter{第一篇}
% seriesbook: posts/one.md:12
A paragraph with ★ in it
and more.
% seriesbook: posts/one.md:20
\\begin{equation*}\\sbfit{x}\\end{equation*}
\\end{document}""".split("\n")

LOG = """This is XeTeX, Version 3.141592653-2.6-0.999994 (TeX Live 2022/Debian)
Overfull \\hbox (12.5pt too wide) in paragraph at lines 7--8
[]\\TU/lmr/m/n/10 A paragraph
Overfull \\hbox (3.25pt too wide) detected at line 10
Missing character: There is no ★ (U+2605) in font Latin Modern Roman 10 Regular!
LaTeX Warning: Reference `chap:p9' on page 3 undefined on input line 9.
Package hyperref Warning: Token not allowed in a PDF string (Unicode):
(hyperref)                removing `\\ensuremath' on input line 5.
LaTeX Font Warning: Size substitutions with differences
(Font)              up to 0.53937pt have occurred.
"""


def test_warnings_are_mapped_to_posts():
    warnings = parse_log(LOG, TEX)
    codes = [w.code for w in warnings]
    assert codes == ["latex.overfull", "latex.overfull", "latex.missing-char", "latex.warning", "latex.warning"]
    wide, display, char, ref, pdfstring = warnings
    assert "12.5pt" in wide.message and wide.pos == SourcePos("posts/one.md", 12) and wide.post == "第一篇"
    assert display.pos == SourcePos("posts/one.md", 20)
    assert "U+2605" in char.message and char.pos == SourcePos("posts/one.md", 12)
    assert "chap:p9" in ref.message and ref.pos == SourcePos("posts/one.md", 20)
    assert "removing `\\ensuremath'" in pdfstring.message and pdfstring.pos == SourcePos("posts/one.md", 1)


def test_without_tex_lines_positions_are_unknown():
    assert all(w.pos is None for w in parse_log(LOG))


def test_error_excerpt_and_place():
    log = LOG + """./book.tex:10: Undefined control sequence.
<argument> \\foo
l.10 \\begin{equation*}\\sbfit{x}
                                \\end{equation*}
"""
    error = first_error(log, TEX)
    assert error.message == "Undefined control sequence."
    assert error.pos == SourcePos("posts/one.md", 20) and error.post == "第一篇" and error.tex_line == 10
    assert "l.10" in error.excerpt and "TeX line 10:" in error.excerpt
    assert parse_log(log, TEX)[-1].code == "latex.error"


def test_classic_error_lines():
    error = first_error("! Emergency stop.\n<*> book.tex\n", TEX)
    assert error.message == "Emergency stop." and error.pos is None


def test_no_error():
    assert first_error(LOG, TEX) is None
