"""The small hand-made series the TeX renderer and compile tests use: every block and inline
type, numbered formulas, a verbatim formula, a missing image, an excerpt and the site's symbols."""

from __future__ import annotations

from seriesbook import model as m
from seriesbook.math import normalize_post
from seriesbook.math.tokens import tokenize
from seriesbook.model_math import MathRow

P1 = "posts/one.md"
P2 = "posts/two.md"


def pos(line: int, path: str = P1) -> m.SourcePos:
    return m.SourcePos(path, line)


def t(text: str, line: int = 1, path: str = P1) -> m.Text:
    return m.Text(text, pos(line, path))


def display(tex: str, line: int, path: str = P1, **kw) -> m.DisplayMath:
    """A display formula as the parser finds it (the fixture's posts go through the math passes)."""
    return m.DisplayMath(m.Math(tex, True, "env" if tex.startswith("\\begin") else "$$", pos(line, path), **kw),
                         pos(line, path))


def inline(tex: str, line: int, path: str = P1, **kw) -> m.InlineMath:
    """An inline formula as the parser finds it."""
    return m.InlineMath(m.Math(tex, False, "$", pos(line, path), **kw), pos(line, path))


WIDE = " + ".join(f"a_{{{i}}} b_{{{i}}} c_{{{i}}}" for i in range(1, 31))


def post_one() -> m.Post:
    """Every block and inline type, numbered formulas, a verbatim formula, a missing image."""
    blocks = (
        m.Paragraph((t("开篇：设 "), inline(r"\boldsymbol{x}\in\mathbb{R}", 2),
                     t("，则 ≤ ≈ ∈ × ∞ → α 都能打印；特殊字符 # $ % & _ { } ~ ^ \\ -- '' 也是。", 2)), pos(2)),
        m.Heading(2, (t("第一节 基本 ", 4), inline(r"\alpha", 4)), pos(4), anchor="s1"),
        display(r"\begin{equation}E = mc^2\label{e}\end{equation}", 6),
        m.Paragraph((t("由式", 8), inline(r"\eqref{e}", 8),
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
        display(r"\begin{equation}" + WIDE + r"\tag{32}\label{wide}\end{equation}", 14),
        display(r"\begin{align}a &= b \label{a}\\ c &= d\end{align}", 16),
        display("\\begin{align}" + " + ".join(WIDE.split(" + ")[:14]) + r" &= " + " + ".join(WIDE.split(" + ")[14:24])
                + r"\label{w2} \\" + r"&= \frac{1}{2}" + "\\end{align}", 17),
        display(r"\weird{x} \end{Verbatim} \input{/etc/passwd}", 18),
        m.Paragraph((t("行内未转换：", 20), inline(r"\foo{a}_b", 20)), pos(20)),
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
                 ((t("1", 37),), (inline("x^2", 37),)),
                 ((t("很长的单元格" * 10, 38),), (t("x", 38),))), pos(36)),
        m.Rule(pos(40)),
        m.Verbatim("<table>broken</table> \\input{/etc/passwd}", "unknown HTML", pos(42)),
    )
    post = m.Post("p1", "第一篇：测试 & 50% 的标题", blocks, pos(1), date="2020-01-02", author="作者",
                  url="https://kexue.fm/archives/1", archive=1, fetched_at="2024-05-06T07:08:09Z")
    return normalize_post(post)[0]


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


def hostile_book(latex_: str) -> m.Book:
    """A one-post book whose formula (wrongly) holds ``latex_``: the math passes would refuse
    it, so only the TeX sandbox stands between it and the machine."""
    math = m.Math("x", True, "$$", pos(5), rows=(MathRow(tuple(tokenize(latex_))),))
    post = m.Post("bad", "坏文章", (m.Paragraph((m.Text(r"\input{/etc/passwd}", pos(3)),), pos(3)),
                                     m.DisplayMath(math, pos(5))), pos(1))
    return m.Book(m.BookMeta(name="bad", title="坏书"), (post,))
