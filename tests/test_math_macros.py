"""A post's own macros, piece by piece: which definitions are read (names, argument counts,
bodies, \\let, \\DeclareMathOperator), which are refused and why, and how uses expand."""

from __future__ import annotations

import pytest

from seriesbook.math.macros import ExpansionError, Macro, expand, extract
from seriesbook.math.tokens import tokenize


def defs(tex: str, known: dict | None = None) -> tuple[str, list[Macro], list[str]]:
    """(text left, macros found, problems) of the definitions in ``tex``."""
    rest, found, problems = extract(tokenize(tex), known or {})
    return "".join(rest), found, problems


def expanded(definitions: str, use: str) -> str:
    """``use`` with the macros of ``definitions`` expanded."""
    _, found, problems = defs(definitions)
    assert problems == []
    return "".join(expand(tokenize(use), {m.name: m for m in found}))


@pytest.mark.parametrize("tex, macro", [
    (r"\newcommand{\e}{\mathrm{e}}", Macro("e", 0, ("\\mathrm", "{", "e", "}"))),
    (r"\newcommand{msign}{s}", Macro("msign", 0, ("s",))),                   # the name without \, as MathJax
    (r"\renewcommand\v[2]{#1 #2}", Macro("v", 2, ("#", "1", " ", "#", "2"))),
    (r"\newcommand{\x}[0]{y}", Macro("x", 0, ("y",))),
    (r"\newcommand{\x}[9]{#9}", Macro("x", 9, ("#", "9"))),
    (r"\newcommand{\x}[1]{#1}", Macro("x", 1, ("#", "1"))),
    (r"\newcommand{\x}[2][a]{#1#2}", Macro("x", 2, ("#", "1", "#", "2"), default=("a",))),
    (r"\def\one{1}", Macro("one", 0, ("1",))),
    (r"\def\p#1#2{(#1,#2)}", Macro("p", 2, tuple(tokenize("(#1,#2)")))),
    (r"\newcommand{\sq}{^2}", Macro("sq", 0, ("^", "2"))),
    (r"\newcommand{\sbx}{x}", Macro("sbx", 0, ("x",))),
    (r"\DeclareMathOperator{\tr}{tr}", Macro("tr", 0, ("t", "r"), operator="-")),
    (r"\DeclareMathOperator*{\amax}{arg\,max}", Macro("amax", 0, ("a", "r", "g", "\\,", "m", "a", "x"),
                                                      operator="*")),
    (r"\let\a\alpha", Macro("a", 0, ("\\alpha",))),
    (r"\let\a=\alpha", Macro("a", 0, ("\\alpha",))),
])
def test_a_safe_definition_is_read_and_taken_out(tex, macro):
    rest, found, problems = defs(f"x{tex}+y")
    assert (rest, found, problems) == ("x+y", [macro], [])


@pytest.mark.parametrize("tex, problem", [
    (r"\newcommand{}{x}", r"\newcommand needs a command name, got nothing"),
    (r"\newcommand{m1}{x}", r"\newcommand needs a command name, got m1"),
    (r"\def{msign}{x}", r"\def needs a command name, got msign"),
    (r"\let{msign}\alpha", r"\let needs a command name, got msign"),
    (r"\let{}\alpha", r"\let needs a command name, got nothing"),
    (r"\let\x", r"\let\x needs one token to copy"),
    (r"\newcommand{\x}[a]{y}", r"\newcommand\x: bad argument count [a]"),
    (r"\newcommand{\x}[10]{y}", r"\newcommand\x: bad argument count [10]"),
    (r"\newcommand{\x}y", r"\newcommand\x has no body in braces"),
    (r"\newcommand{\x}", r"\newcommand\x has no body in braces"),
    (r"\def\x#", r"\def\x has no body in braces"),
    (r"\DeclareMathOperator", r"\DeclareMathOperator needs a command name, got nothing"),
    (r"\newcommand{\x}[1]{#2}", r"\x: '#' must be followed by an argument number up to 1"),
    (r"\newcommand{\x}[1]{a#}", r"\x: '#' must be followed by an argument number up to 1"),
    (r"\newcommand{\SBx}{y}", r"\SBx may not be redefined"),
    (r"\newcommand{\frac}{y}", r"\frac may not be redefined"),
    (r"\newcommand{\write}{y}", r"\write is a forbidden name"),
    (r"\newcommand{\x}{\input{a}}", r"\x uses forbidden command \input"),
    (r"\newcommand{\x}{\nosuchthing}", r"\x uses unknown command \nosuchthing"),
    (r"\newcommand{\x}{a^^b}", r"\x uses '^^'"),
    (r"\newcommand{\x}{a^^}", r"\x uses '^^'"),
])
def test_an_unsafe_or_malformed_definition_is_refused(tex, problem):
    _, found, problems = defs(tex)
    assert (found, problems) == ([], [problem])


def test_a_definition_may_use_the_macros_before_it():
    _, found, problems = defs(r"\newcommand{\a}{x}\newcommand{\b}{\a\a}")
    assert [m.name for m in found] == ["a", "b"] and problems == []
    _, found, problems = defs(r"\newcommand{\c}{\a}", {"a": Macro("a", 0, ("x",))})
    assert [m.name for m in found] == ["c"] and problems == []


def test_let_copies_a_macro_as_it_is_now():
    _, found, _ = defs(r"\newcommand{\a}[1]{(#1)}\let\b\a")
    assert found[1] == Macro("b", 1, ("(", "#", "1", ")"))


def test_uses_expand_as_tex_does():
    assert expanded(r"\newcommand{\v}[2]{#2#1}", r"\v{a}{b}c") == "bac"
    assert expanded(r"\def\p#1{(#1)}", r"\p xy") == "(x)y"
    assert expanded(r"\let\a\alpha", r"\a x") == r"\alpha x"
    assert expanded(r"\newcommand{\x}[2][d]{#1#2}", r"\x{b}\x[c]{e}") == "dbce"
    assert expanded(r"\DeclareMathOperator{\tr}{tr}", r"\tr A") == r"\operatorname{tr} A"
    assert expanded(r"\DeclareMathOperator*{\amax}{am}", r"\amax_x") == r"\operatorname*{am}_x"
    assert expanded(r"\newcommand{\a}{x}\newcommand{\b}{\a\a}", r"\b") == "xx"


def test_a_digit_in_a_body_is_not_a_parameter():
    assert expanded(r"\newcommand{\one}{x1}", r"\one") == "x1"
    _, found, problems = defs(r"\newcommand{\xsq}{x^2}")
    assert [m.name for m in found] == ["xsq"] and problems == []


def test_a_macro_that_calls_itself_stops():
    """``\\renewcommand{\\a}{\\a x}`` would loop forever (MathJax stops it with an error)."""
    known = {"a": Macro("a", 0, ("y",))}
    _, found, problems = defs(r"\renewcommand{\a}{\a x}", known)
    assert problems == [] and found == [Macro("a", 0, ("\\a", " ", "x"))]
    out = expand(["\\a"], {"a": found[0]})
    assert out[0] == "\\a" and set(out[1:]) == {" ", "x"} and len(out) < 100


def test_macros_that_explode_are_refused():
    definitions = r"\newcommand{\a}{xx}" + "".join(
        f"\\newcommand{{\\{chr(98 + k)}}}{{\\{chr(97 + k)}\\{chr(97 + k)}}}" for k in range(15))
    _, found, problems = defs(definitions)
    assert problems == [] and len(found) == 16
    with pytest.raises(ExpansionError, match="the post's macros expand to more than 20000 tokens"):
        expand(["\\" + found[-1].name], {m.name: m for m in found})


def test_a_chain_of_twenty_macros_expands_to_the_end():
    names = [f"a{'i' * k}" for k in range(21)]   # \a, \ai, \aii … each calls the one before
    definitions = r"\newcommand{\a}{x}" + "".join(
        f"\\newcommand{{\\{names[k]}}}{{\\{names[k - 1]}}}" for k in range(1, 21))
    assert expanded(definitions, "\\" + names[-1]) == "x"
