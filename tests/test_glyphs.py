"""Every character prints: each distinct character of the real site data (``../shared``, read
now) and of the project's own fixtures is typeset in prose, in a code block and in a formula,
and xelatex's log must name no missing glyph."""

from __future__ import annotations

import html
import json
import unicodedata
from pathlib import Path

import pytest

from seriesbook import model as m
from seriesbook.build.latex import compile_pdf
from seriesbook.math import normalize_math
from seriesbook.render.latex import latex_document

from tests.support.paths import CASES, ROOT
from tests.support.prereq import requires

pytestmark = [pytest.mark.slow, requires(tools=["xelatex", "latexmk"])]

P = m.SourcePos("glyphs.md", 1)
#: Our own list of characters that are hard for fonts (spaces, symbols, emoji …).
OWN = CASES / "glyphs" / "chars.txt"
# Control and format characters, private use, unassigned and surrogates are not glyphs.
_NOT_PRINTED = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def text_of(path: Path) -> str:
    """A file's text as a reader sees it: HTML entities decoded, JSON strings unescaped."""
    text = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix in (".html", ".htm"):
        return html.unescape(text)
    if path.suffix == ".json":
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def characters(*folders: Path) -> str:
    """Every distinct printable character of the text files under ``folders``, sorted."""
    found: set[str] = set()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix in (".png", ".jpg", ".gif", ".pdf", ".epub"):
                continue
            found.update(text_of(path))
    return "".join(sorted(c for c in found if unicodedata.category(c) not in _NOT_PRINTED))


def glyph_book(chars: str) -> tuple[m.Book, list]:
    """One post holding ``chars`` in prose, in a code block and (the non-ASCII ones) in a formula."""
    prose = " ".join(chars[i:i + 40] for i in range(0, len(chars), 40))
    code = "\n".join(chars[i:i + 40] for i in range(0, len(chars), 40))
    # One formula per character, so that neighbours cannot interact (² ² is a double superscript).
    formulas = [normalize_math(m.Math(c, False, "$", P)) for c in chars if ord(c) > 0x7f and not c.isspace()]
    verbatim = [f.tex for f, _ in formulas if f.verbatim]
    inlines = tuple(node for f, _ in formulas for node in (m.InlineMath(f, P), m.Text(" ", P)))
    blocks = (m.Heading(2, (m.Text("标题 " + chars[-60:], P),), P),
              m.Paragraph((m.Text(prose, P),), P),
              m.Paragraph((m.Styled("strong", (m.Text(prose, P),), P),), P),
              m.CodeBlock(code, P),
              m.Paragraph(inlines, P))
    post = m.Post("glyphs", "字符", blocks, P)
    return m.Book(m.BookMeta(name="glyphs", title="字符"), (post,)), verbatim


def missing_glyphs(chars: str, tmp: Path, templates: Path | None = None) -> list[str]:
    """Compile the glyph book; the log's "Missing character" lines and font warnings."""
    book, verbatim = glyph_book(chars)
    assert not verbatim, "the math converter shows these verbatim"
    result = compile_pdf(latex_document(book, templates=templates), tmp, "glyphs")
    log = result.log.read_text(encoding="utf-8", errors="replace")
    lines = sorted({line for line in log.splitlines() if line.startswith("Missing character")})
    # A fallback font without the needed shape or script would be substituted: report it too.
    return lines + [str(w) for w in result.warnings if w.code == "latex.missing-char" or "Font" in w.message]


def test_own_fixtures_print_every_character(tmp_path):
    chars = characters(OWN.parent, ROOT / "samples", CASES)
    assert "\u2003" in chars and "≈" in chars and "😂" in chars
    assert missing_glyphs(chars, tmp_path) == []


def test_site_data_prints_every_character(seeds_dir, site_pages_dir, tmp_path):
    chars = characters(seeds_dir, site_pages_dir)
    assert len(chars) > 1000
    assert missing_glyphs(chars, tmp_path) == []


def test_without_the_fallback_characters_go_missing(tmp_path):
    # The same book with the preamble's fallback block emptied: the test above would see it.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "preamble.tex.j2").write_text(
        '<% extends "seriesbook/preamble.tex.j2" %>\n<% block fallback %><% endblock %>\n', encoding="utf-8")
    missing = missing_glyphs(OWN.read_text(encoding="utf-8"), tmp_path / "build", tmp_path / "templates")
    assert any("≈ (U+2248) in font Latin Modern Mono" in line for line in missing), missing
    assert any("U+2003" in line for line in missing), missing
