"""The TeX renderer: golden .tex of a small hand-made series, escaping, and the node methods."""

from __future__ import annotations

import pytest

from seriesbook import model as m
from seriesbook.errors import BuildError
from seriesbook.render import latex
from seriesbook.render.latex import LatexRenderer, escape_tex, latex_document, render_chapter
from seriesbook.render.templates import TeX, escape_url, make_env

from tests.support.golden import check_golden
from tests.support.latex_book import display, fixture_book, pos, post_one, t
from tests.support.paths import CASES

# --------------------------------------------------------------------------- golden


def test_book_golden(regen, monkeypatch):
    # The math passes' preamble changes on its own schedule (and has tests of its own): the
    # golden file holds a stand-in for it.
    monkeypatch.setattr(latex, "math_preamble", lambda: "% seriesbook.math.PREAMBLE goes here\n")
    check_golden(CASES / "latex" / "fixture.tex", latex_document(fixture_book()), regen)


def test_chapters_passed_in_are_used():
    env = make_env()
    book = fixture_book()
    chapters = [render_chapter(p, env) for p in book.posts]
    assert latex_document(book, chapters) == latex_document(book)
    assert "CACHED" in latex_document(book, ["CACHED", ""])


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("text, expected", [
    (r"\input{/etc/passwd}", r"\textbackslash{}input\{/etc/passwd\}"),
    ("# $ % & _ ~ ^", r"\# \$ \% \& \_ \textasciitilde{} \textasciicircum{}"),
    ("a--b---c", "a-{}-b-{}-{}-c"),
    ("''quoted''", r"\textquotesingle{}\textquotesingle{}quoted\textquotesingle{}\textquotesingle{}"),
    ('中的"2项"', r"中的\textquotedbl{}2项\textquotedbl{}"),  # not ”2项”: the font's TeX mapping is bypassed
    ("x ≤ y", r"x \ensuremath{\leq} y"),
    ("α粒子", r"\ensuremath{\alpha}粒子"),
    ("H₂O", r"H\textsubscript{2}O"),
    ("a\n\n\nb", "a\nb"),
    ("bell\x07", "bell"),
])
def test_escape_tex(text, expected):
    assert escape_tex(text) == expected


def test_escape_is_idempotent_on_tex():
    once = escape_tex("50% & more")
    assert escape_tex(once) == once


def test_escape_url():
    assert escape_url("https://a.b/x_y?a=1&b=2#f~ g%20") == r"https://a.b/x\_y?a=1\&b=2\#f\~%20g\%20"
    assert escape_url("https://a.b/{x}\\") == "https://a.b/%7Bx%7D%5C"


def test_templates_escape_by_default(tmp_path):
    (tmp_path / "x.tex.j2").write_text("<%= a %>|<%= b %>|<%= c|raw %>")
    out = make_env(tmp_path).get_template("x.tex.j2").render(a="50%", b=TeX(r"\LaTeX"), c=r"\relax")
    assert out == r"50\%|\LaTeX|\relax"


def test_override_folder_wins(tmp_path):
    (tmp_path / "chapter.tex.j2").write_text("CUSTOM <%= post.title %>")
    book = fixture_book()
    assert "CUSTOM 第一篇：测试 \\& 50\\% 的标题" in latex_document(book, templates=tmp_path)


def test_undefined_is_an_error(tmp_path):
    (tmp_path / "x.tex.j2").write_text("<%= nothing %>")
    with pytest.raises(Exception, match="nothing"):
        make_env(tmp_path).get_template("x.tex.j2").render()


# --------------------------------------------------------------------------- nodes


def test_unknown_node_names_its_position():
    class Odd:
        pos = m.SourcePos("posts/x.md", 7)

    with pytest.raises(BuildError, match="posts/x.md:7"):
        LatexRenderer().render(Odd())


def test_hostile_text_is_literal():
    tex = LatexRenderer().render(m.Paragraph((t(r"\input{/etc/passwd} \immediate\write18{x}"),), pos(1)))
    assert "\\input{" not in tex and "\\write18{" not in tex


def test_verbatim_math_is_never_compiled():
    node = display(r"\end{sbmathverbatim}\input{/etc/passwd}", 3, verbatim=True)
    tex = LatexRenderer().render(node)
    assert r"\textbackslash{}end\{sbmathverbatim\}" in tex
    assert tex.count(r"\end{sbmathverbatim}") == 1


def test_code_block_cannot_end_its_environment():
    tex = LatexRenderer().render(m.CodeBlock("x\n\\end{sbcode}\n\\input{/etc/passwd}", pos(1)))
    assert tex.count("\\end{sbcode}") == 1


def test_cross_post_link_and_external_link():
    r = LatexRenderer()
    assert r.render(m.Link("https://kexue.fm/archives/2", (t("x"),), pos(1), post="p2")) == r"\hyperref[chap:p2]{x}"
    assert r.render(m.Link("https://e.com/#a", (t("y"),), pos(1))) == r"\href{https://e.com/\#a}{y}"


def test_missing_image_is_a_placeholder():
    tex = LatexRenderer().render(m.Image("https://x.org/a%20b.png", "图", pos(1)))
    assert tex.startswith(r"\sbimagemissing{图}{https://x.org/a\%20b.png}")


def test_headings_map_to_sections():
    r = LatexRenderer()
    assert r.render(m.Heading(2, (t("A"),), pos(1))) == "\\section{A}\n"
    assert r.render(m.Heading(3, (t("B"),), pos(1))) == "\\subsection{B}\n"
    assert r.render(m.Heading(4, (t("C"),), pos(1))) == "\\subsubsection{C}\n"


def test_markers_precede_blocks():
    tex = render_chapter(post_one(), make_env())
    assert "% seriesbook: posts/one.md:6\n\\begin{equation*}" in tex
