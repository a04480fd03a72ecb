"""The TeX renderer: golden .tex of a small hand-made series, escaping, and the node methods."""

from __future__ import annotations

import pytest

from seriesbook import model as m
from seriesbook.errors import BuildError
from seriesbook.render import latex
from seriesbook.render.latex import LatexRenderer, escape_tex, fit_display, latex_document, render_chapter
from seriesbook.render.templates import TeX, escape_url, make_env

from .conftest import CASES
from .golden import check_golden

P1 = "posts/one.md"
P2 = "posts/two.md"


def pos(line: int, path: str = P1) -> m.SourcePos:
    return m.SourcePos(path, line)


def t(text: str, line: int = 1, path: str = P1) -> m.Text:
    return m.Text(text, pos(line, path))


def display(latex_: str, tex: str, line: int, path: str = P1, **kw) -> m.DisplayMath:
    return m.DisplayMath(m.Math(tex, True, "env", pos(line, path), latex=latex_, **kw), pos(line, path))


def inline(latex_: str, tex: str, line: int, path: str = P1, **kw) -> m.InlineMath:
    return m.InlineMath(m.Math(tex, False, "$", pos(line, path), latex=latex_, **kw), pos(line, path))


WIDE = " + ".join(f"a_{{{i}}} b_{{{i}}} c_{{{i}}}" for i in range(1, 31))


def post_one() -> m.Post:
    """Every block and inline type, numbered formulas, a verbatim formula, a missing image."""
    blocks = (
        m.Paragraph((t("开篇：设 "), inline(r"\(\boldsymbol{x}\in\mathbb{R}\)", r"\vx\in\mathbb{R}", 2),
                     t("，则 ≤ ≈ ∈ × ∞ → α 都能打印；特殊字符 # $ % & _ { } ~ ^ \\ -- '' 也是。", 2)), pos(2)),
        m.Heading(2, (t("第一节 基本 ", 4), inline(r"\(\alpha\)", r"\alpha", 4)), pos(4), anchor="s1"),
        display(r"\begin{equation*}E = mc^2\tag{1}\label{eq:p1:e}\end{equation*}", "E = mc^2", 6),
        m.Paragraph((t("由式", 8), inline(r"\(\eqref{eq:p1:e}\)", r"\eqref{e}", 8),
                     m.Styled("strong", (t("加粗", 8),), pos(8)), m.Styled("emph", (t("强调", 8),), pos(8)),
                     m.Styled("underline", (t("下划线", 8),), pos(8)), m.Styled("sup", (t("上", 8),), pos(8)),
                     m.Styled("sub", (t("下", 8),), pos(8)), m.Styled("strike", (t("删除", 8),), pos(8)),
                     m.Styled("color", (t("红色", 8),), pos(8), color="red"),
                     m.Styled("color", (t("蓝色", 8),), pos(8), color="#0000ff"),
                     m.Code("print('中文 注释') # x_1 % y", pos(8)), m.LineBreak(pos(8)),
                     m.Link("https://kexue.fm/archives/2", (t("下一篇", 8),), pos(8), archive=2, post="p2"),
                     t("与", 8),
                     m.Link("https://example.com/a_b?x=1&y=2#frag~%20", (t("外部链接", 8),), pos(8)),
                     m.FootnoteRef((m.Paragraph((t("脚注内容", 9),), pos(9)),
                                    m.CodeBlock("code in note {}", pos(10)),
                                    m.Heading(3, (t("注中标题", 10),), pos(10)),
                                    m.Table((((t("注", 11),), (t("表", 11),)),), pos(11))), pos(8))), pos(8)),
        m.Heading(3, (t("小节", 12),), pos(12)),
        display(r"\begin{equation*}" + WIDE + r"\tag{32}\label{eq:p1:wide}\end{equation*}", WIDE, 14),
        display(r"\begin{align*}a &= b \tag{2}\label{eq:p1:a}\\ c &= d\tag{3}\end{align*}",
                r"\begin{align}a &= b \\ c &= d\end{align}", 16,
                numbers=("2", "3")),
        display("\\begin{align*}\n" + " + ".join(WIDE.split(" + ")[:14]) + r" &= " + " + ".join(WIDE.split(" + ")[14:24]) + r"\tag{4}\label{eq:p1:w2} \\" + "\n"
                + r"&= \frac{1}{2}\tag{5}" + "\n\\end{align*}", "wide align", 17, numbers=("4", "5")),
        display("", r"\weird{x} \end{Verbatim} \input{/etc/passwd}", 18, verbatim=True, error="unknown"),
        m.Paragraph((t("行内未转换：", 20), inline("", r"\foo{a}_b", 20, verbatim=True)), pos(20)),
        m.CodeBlock("def f(x):\n    return x  # 中文注释很长很长" + "很长" * 40 + "\n\\end{sbcode}\n", pos(22), "python"),
        m.Quote((m.Paragraph((t("引用的话", 26),), pos(26)),), pos(26)),
        m.ListBlock(False, ((m.Paragraph((t("甲", 28),), pos(28)),),
                            (m.Paragraph((t("乙", 29),), pos(29)),
                             m.ListBlock(True, ((m.Paragraph((t("嵌套", 30),), pos(30)),),), pos(30), start=3))),
                    pos(28)),
        m.Image("https://kexue.fm/usr/uploads/a.png", "一张图", pos(32), caption=(t("图注", 32),),
                local="images/a.png"),
        m.Image("https://kexue.fm/usr/uploads/missing.png", "缺失的图", pos(34)),
        m.Table(((( t("列一", 36),), (t("列二", 36),)),
                 ((t("1", 37),), (inline(r"\(x^2\)", "x^2", 37),)),
                 ((t("很长的单元格" * 10, 38),), (t("x", 38),))), pos(36)),
        m.Rule(pos(40)),
        m.Verbatim("<table>broken</table> \\input{/etc/passwd}", "unknown HTML", pos(42)),
    )
    return m.Post("p1", "第一篇：测试 & 50% 的标题", blocks, pos(1), date="2020-01-02", author="作者",
                  url="https://kexue.fm/archives/1", archive=1, fetched_at="2024-05-06T07:08:09Z")


#: Symbols that prose on the site uses outside formulas: all must print without "Missing character".
SYMBOLS = ("≤ ≥ ≠ ≈ ≡ ∈ ∉ ⊂ ∪ ∩ × ÷ ± ∞ → ← ⇒ ⇔ ∑ ∏ ∫ ∂ ∇ √ ∀ ∃ ∅ ℝ ℕ α β γ θ λ π σ ω Γ Δ Ω "
           "① ② ■ □ ● ○ ◆ ★ ☆ ─ │ ‖ … · — – ‘’ “” ö é ü ñ ç ß ² ³ ½ ° ‰ € £ ¥ © ® ™ † § ¶ ′ ″ ₀ ₁ ⁻ ⁿ")


def post_two() -> m.Post:
    """An excerpt, with a link back to the first chapter."""
    blocks = (
        m.Paragraph((t("摘要，见", 3, P2), m.Link("https://kexue.fm/archives/1", (t("上一篇", 3, P2),), pos(3, P2),
                                               archive=1, post="p1"),
                     t("。", 3, P2)), pos(3, P2)),
        m.Paragraph((t(SYMBOLS, 5, P2),), pos(5, P2)),
    )
    return m.Post("p2", "第二篇 (excerpt) ≤ α", blocks, pos(1, P2), date="2020-03-04", author="作者",
                  url="https://kexue.fm/archives/2#comments", archive=2, excerpt=True)


def fixture_book(paper: str = "a5") -> m.Book:
    """The small series that the golden and compile tests use."""
    meta = m.BookMeta(name="fixture", title="测试之书", subtitle="副标题", author="作者", paper=paper,
                      version="0.1.0")
    return m.Book(meta, (post_one(), post_two()))


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
    ("''quoted''", "'{}'quoted'{}'"),
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
    node = display("", r"\end{sbmathverbatim}\input{/etc/passwd}", 3, verbatim=True)
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


def test_fit_display_keeps_tag_and_label_outside():
    out = fit_display(r"\begin{equation*}x = \frac{1}{2}\tag{7}\label{eq:p:x}\end{equation*}")
    assert out == r"\begin{equation*}\sbfittag{x = \frac{1}{2}}\tag{7}\label{eq:p:x}\end{equation*}"
    assert fit_display(r"\begin{equation*}y\end{equation*}") == r"\begin{equation*}\sbfit{y}\end{equation*}"
    aligned = r"\begin{equation*}\begin{aligned}a&=b\\c&=d\end{aligned}\tag{2}\end{equation*}"
    assert r"\sbfittag{\begin{aligned}" in fit_display(aligned)


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
