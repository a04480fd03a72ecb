"""A small book built from model objects that uses every block and inline type, for the EPUB tests.

The prose is our own; the formulas cover numbered equations, a two-row ``aligned`` with two
numbers, a ``\\tag``, ``\\eqref`` links (one to a missing label), a verbatim formula, a formula
texmath cannot read, a cross-post link, an excerpt, an image and a missing image.
"""

from __future__ import annotations

from pathlib import Path

from seriesbook import model as m
from seriesbook.math.tokens import tokenize
from seriesbook.model_math import Label, MathRow

P = m.SourcePos("fixture.md", 1)


def math(tex: str, display: bool = False, *, rows: list[str] | None = None, numbers=(), labels=(), ref_only=None,
         verbatim: bool = False) -> m.Math:
    """A Math node as the math passes would fill it: ``rows`` (default: ``tex`` as the one row)
    numbered with ``numbers`` in order; several rows make an ``align``."""
    lines = rows or [tex]
    named = {num: name for name, num in labels}
    made = tuple(MathRow(tuple(tokenize(line)), num, labels=(named[num],) if num in named else ())
                 for line, num in zip(lines, [*numbers, *[None] * (len(lines) - len(numbers))]))
    return m.Math(tex=tex, display=display, delim="$$" if display else "$", pos=P, env="align" if rows else "",
                  rows=made, labels=tuple(Label(n, num, P) for n, num in labels), ref_only=ref_only,
                  verbatim=verbatim, error="unknown macro" if verbatim else None)


def t(text: str) -> m.Text:
    return m.Text(text, P)


def im(tex: str, **kw) -> m.InlineMath:
    return m.InlineMath(math(tex, **kw), P)


def dm(tex: str, **kw) -> m.DisplayMath:
    return m.DisplayMath(math(tex, True, **kw), P)


def eqref(name: str) -> m.InlineMath:
    return im(f"\\eqref{{{name}}}", ref_only=name)


def para(*children) -> m.Paragraph:
    return m.Paragraph(tuple(children), P)


def make_book(tmp: Path) -> m.Book:
    """The fixture book; its picture is written into ``tmp``."""
    from PIL import Image

    picture = tmp / "figure.png"
    Image.new("RGB", (40, 30), (30, 90, 160)).save(picture)
    post1 = m.Post(
        key="p1", title="第一篇：从概率说起", pos=P, date="2021-03-01", author="作者",
        url="https://kexue.fm/archives/1001", archive=1001, fetched_at="2026-12-01T10:00:00Z",
        blocks=(
            m.Heading(2, (t("基本定义"),), P, anchor="基本定义"),
            para(t("设随机变量"), im("x"), t("服从分布"), im("p(x)"), t("，那么\n它的期望是")),
            dm(r"\mathbb{E}[x] = \int x\, p(x)\, dx", numbers=("1",), labels=(("eq:mean", "1"),)),
            para(t("由式"), eqref("eq:mean"), t("和"), eqref("eq:var"), t("可以得到"),
                 m.Styled("strong", (t("重要"),), P), t("结论；"), m.Styled("emph", (t("强调"),), P),
                 m.Styled("underline", (t("下划线"),), P), t("H"), m.Styled("sub", (t("2"),), P), t("O，"),
                 t("x"), m.Styled("sup", (t("2"),), P), m.Styled("strike", (t("删除"),), P),
                 m.Styled("color", (t("红色"),), P, color="red"), t("。"), m.LineBreak(P),
                 m.Code("print(1)", P), m.FootnoteRef((para(t("脚注里有公式"), im(r"\alpha")),), P)),
            dm(r"\begin{align} a &= b + c \\ d &= e - f \end{align}", rows=["a &= b + c", "d &= e - f"],
               numbers=("2", "3"), labels=(("eq:a", "2"), ("eq:d", "3"))),
            dm(r"\frac{a}{b} = c", numbers=("32",), labels=(("eq:tag", "32"),)),
            para(t("见"), eqref("eq:d"), t("与"), eqref("eq:tag"), t("，以及无法引用的"), eqref("eq:missing"), t("。")),
            dm(r"\weird{x}", verbatim=True),
            para(t("一个 texmath 读不了的公式："), im(r"a \buildrel{?}\over{=} b")),
            dm(r"\sum_{n<k} a_n \buildrel{\text{def}}\over{=} s", numbers=("4",), labels=(("eq:side", "4"),)),
            dm(r"y = \text{概率}\cdot x"),
            m.Heading(3, (t("代码与引用"),), P, anchor="代码与引用"),
            m.CodeBlock("def f(x):\n    return x ** 2  # 平方\n", P, language="python"),
            m.Quote((para(t("引用的一段话，带公式"), im(r"\beta")),), P),
            m.ListBlock(False, ((para(t("第一项")),), (para(t("第二项"), im("y")),)), P),
            m.ListBlock(True, ((para(t("甲")),), (para(t("乙")),)), P, start=3),
            m.Table(((( t("名称"),), (t("公式"),)), ((t("均值"),), (im(r"\mu"),)), ((t("方差"),), (im(r"\sigma^2"),))),
                    P),
            m.Rule(P),
            m.Image("https://kexue.fm/usr/uploads/fig.png", "示意图", P, caption=(t("图 1：示意"),),
                    local=str(picture)),
            m.Image("https://kexue.fm/usr/uploads/lost.png", "丢失的图", P),
            m.Verbatim("<div>无法转换的内容</div>", "unknown element", P),
        ))
    post2 = m.Post(
        key="p2", title="第二篇：续", pos=P, date="2021-04-01", author="作者",
        url="https://kexue.fm/archives/1002", archive=1002, fetched_at="2026-12-01T10:00:05Z",
        blocks=(
            para(t("接着"), m.Link("https://kexue.fm/archives/1001", (t("上一篇"),), P, archive=1001, post="p1"),
                 t("的"), m.Link("https://kexue.fm/archives/1001#%E5%9F%BA%E6%9C%AC%E5%AE%9A%E4%B9%89", (t("定义"),), P,
                                 archive=1001, post="p1"),
                 t("，外部链接"), m.Link("https://example.org/", (t("例子"),), P), t("。")),
            dm(r"\mathbb{E}[x] = \mu", numbers=("1",), labels=(("eq:mean", "1"),)),
            para(t("同样的标签名在本篇指向"), eqref("eq:mean"), t("。")),
        ))
    post3 = m.Post(key="p3", title="第三篇：摘要", pos=P, date="2021-05-01", url="https://kexue.fm/archives/1003",
                   archive=1003, excerpt=True, blocks=(para(t("这只是摘要，公式"), im("z^2"), t("。")),))
    meta = m.BookMeta(name="fixture", title="概率论札记", subtitle="一个测试系列", author="作者")
    return m.Book(meta, (post1, post2, post3))
