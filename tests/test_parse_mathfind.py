"""split_math: the delimiters, the dollar-amount rule, positions, and that no character is lost."""

from __future__ import annotations

import re

import pytest

from hypothesis import given, settings, strategies as st

from seriesbook.model import Math, RawPost, SourcePos
from seriesbook.parse import parse_post
from seriesbook.parse.dump import flat_text
from seriesbook.parse.mathfind import delimiters, find_math, split_math, unescape_text

POS = SourcePos("t.txt", 10)


def _reassemble(pieces) -> str:
    out = []
    for p in pieces:
        if isinstance(p, Math):
            left, right = delimiters(p)
            out.append(left + p.tex + right)
        else:
            out.append(p)
    return "".join(out)


def _maths(pieces):
    return [(p.delim, p.tex) for p in pieces if isinstance(p, Math)]


def test_all_delimiters():
    pieces, warnings = split_math(r"式$(11)$与$$x$$、\(a\)、\[b\]", POS)
    assert _maths(pieces) == [("$", "(11)"), ("$$", "x"), ("\\(", "a"), ("\\[", "b")]
    assert [p.display for p in pieces if isinstance(p, Math)] == [False, True, False, True]
    assert warnings == []


def test_bare_environment_is_one_formula_with_nesting():
    text = "有\n\\begin{equation}\\begin{aligned}a\\\\\nb\\end{aligned}\\end{equation}\n成立"
    pieces, _ = split_math(text, POS)
    (math,) = [p for p in pieces if isinstance(p, Math)]
    assert math.delim == "env" and math.display
    assert math.tex == "\\begin{equation}\\begin{aligned}a\\\\\nb\\end{aligned}\\end{equation}"
    assert math.pos.line == 11


def test_same_environment_nested():
    text = r"\begin{array}{c}\begin{array}{c}1\end{array}\end{array} x"
    pieces, _ = split_math(text, POS)
    assert _maths(pieces) == [("env", r"\begin{array}{c}\begin{array}{c}1\end{array}\end{array}")]


def test_dollar_amounts_stay_prose():
    pieces, warnings = split_math("花了$5，又花了$6元", POS)
    assert pieces == ["花了$5，又花了$6元"]
    assert {w.code for w in warnings} == {"math.unbalanced"}


def test_dollar_before_space_is_not_an_opener():
    pieces, warnings = split_math("价格 $ 5 和 $x$", POS)
    assert _maths(pieces) == [("$", "x")]
    assert warnings == []


def test_closing_dollar_after_space_is_accepted_like_mathjax():
    pieces, _ = split_math("设$a + b $成立", POS)
    assert _maths(pieces) == [("$", "a + b ")]


def test_escaped_dollar_is_literal():
    pieces, warnings = split_math(r"价格\$7与$x$", POS)
    assert pieces[0] == "价格$7与" and _maths(pieces) == [("$", "x")]
    assert warnings == []


def test_dollar_inside_braces_does_not_close():
    pieces, _ = split_math(r"$\text{a$b}$", POS)
    assert _maths(pieces) == [("$", r"\text{a$b}")]


def test_unbalanced_display_is_reported_and_kept():
    pieces, warnings = split_math("前\n未闭合$$x", POS)
    assert pieces == ["前\n未闭合$$x"]
    assert [(w.code, w.pos.line) for w in warnings] == [("math.unbalanced", 11)]


def test_inline_math_does_not_cross_blank_line():
    pieces, warnings = split_math("$a\n\nb$", POS)
    assert _maths(pieces) == [] and len(warnings) == 1  # the last "$" ends the text: no opener


def test_positions_follow_newlines():
    pieces, _ = split_math("a\nb $x$\n\nc $$y$$", POS)
    assert [p.pos.line for p in pieces if isinstance(p, Math)] == [11, 13]


_ALPHABET = st.sampled_from(list("ab $\\{}()[]\n5 ") + ["\\begin{equation}", "\\end{equation}",
                                                         "\\begin{align}", "\\end{align}", "$$", "\\$", "中"])
_TEXT = st.lists(_ALPHABET, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_no_character_is_lost(text):
    pieces, _ = split_math(text, POS)
    # text pieces have each literal "\$" unescaped: compare with the input unescaped there
    expected = unescape_text(text, 0, len(text), find_math(text).escapes)
    assert _reassemble(pieces) == expected
    assert all(p for p in pieces)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120), st.sampled_from(["html", "text", "markdown"]))
def test_random_input_never_crashes_parse_post(body, fmt):
    raw = RawPost(title="t", body=body, format=fmt, pos=SourcePos("x", 1), body_line=1)
    post, warnings = parse_post(raw, "k")
    assert post.key == "k"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<br/>", "\n", "$", "$$", "<strong>", "</strong>", "x",
                                 "\\begin{equation}", "\\end{equation}", "<code>", "</code>", "&lt;", "中"]),
                max_size=30).map("".join))
def test_random_html_never_crashes(body):
    parse_post(RawPost(title="t", body=body, format="html", pos=SourcePos("x", 1), body_line=1), "k")


_LINES = st.lists(st.sampled_from(["中文段落，", "短标题", "$x$", "$$y$$", "\\begin{equation}", "\\end{equation}",
                                   "x = f(1)", "model.fit(a,", "b)", "1、第一", "花了$5", "\n", "\n", " "]),
                  max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_text_dump_loses_nothing(body):
    post, _ = parse_post(RawPost(title="t", body=body, format="text", pos=SourcePos("x", 1), body_line=1), "k")
    squeeze = re.compile(r"\s+")
    assert squeeze.sub("", flat_text(post.blocks)) == squeeze.sub("", body)


@pytest.mark.parametrize("text", [
    r"当$\text{当$x$时}$成立", r"$a + b $ c", r"花了$5，又花了$6", r"1$x$ and $y$2 $z$", r"$\{a$ and $b\}$",
    r"$$x$$ y $a$b$c$", r"\$x$ and $y$", "$a\n\nb$ $c$",
])
def test_markdown_finds_the_formulas_the_html_reader_finds(text):
    from seriesbook.parse.markdown import _md
    html = [text[s.tex_start:s.tex_end] for s in find_math(text).spans]
    tokens = [t for block in _md().parse(text) if block.type == "inline" for t in block.children]
    assert [t.content for t in tokens if t.type.startswith("math_inline")] == html
