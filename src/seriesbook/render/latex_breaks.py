"""Break points for a formula in the text (book only), where TeX's own are missing.

TeX breaks a formula in the text only after a relation or a binary operator at its top level.
A formula with none — a product of bracketed factors, ``(\\boldsymbol{G}\\boldsymbol{G}^{\\top})^{-1/4}
\\boldsymbol{G}(\\boldsymbol{G}^{\\top}\\boldsymbol{G})^{-1/4}`` — cannot break at all, and beside
CJK text that cannot end or start a line (``为``, ``，``) it runs into the margin.  Two kinds are
added, neither visible (the formula reads the same, and the EPUB, which a reader reflows, is
untouched):

* after each comma of a long list at the top level (three commas or more in one pair of
  brackets): ``\\allowbreak``;
* in a formula without any other break point, between factors after a closing bracket and its
  scripts: ``\\SBfactorbreak`` (``templates/seriesbook.sty``), as dear as a break after ``+``
  (TeX's ``\\*`` would add a ``×`` the site never shows).
"""

from __future__ import annotations

from ..math.commands import OPERATORS
from ..math.tokens import arg, depths, is_word, skip_space

#: Characters TeX sets as relations or binary operators (it may break after them).
_OPERATOR_CHARS = frozenset("=<>+-*")
#: Control words after a closing bracket that start no factor (spacing, dots, closing delimiters …).
_NOT_FACTORS = frozenset("\\" + n for n in """right middle quad qquad cdots ldots dots dotsb dotsc dotsm
    dotsi dotso vdots ddots hspace kern mkern mskip hskip allowbreak nobreak limits nolimits tag label
    nonumber notag colon mid rangle rvert rVert rceil rfloor rbrace rbrack end over atop choose
    displaystyle textstyle scriptstyle scriptscriptstyle""".split()) | OPERATORS
_LONG_LIST = 3


def inline_breaks(tokens: list[str]) -> list[str]:
    """``tokens`` (a formula in the text) with break points where TeX has none (see the module)."""
    top = _top_level(tokens)
    breaks = {k + 1: "\\allowbreak" for k in _list_commas(tokens, top)}
    if not breaks and not any(_operator(tokens[k]) for k in top):
        breaks = {k: "\\SBfactorbreak" for k in _between_factors(tokens, top)}
    if not breaks:
        return list(tokens)
    out: list[str] = []
    for k, t in enumerate(tokens):
        if k in breaks:
            out.append(breaks[k])  # join() spaces it from a letter that follows
        out.append(t)
    return out


def _operator(tok: str) -> bool:
    return tok in _OPERATOR_CHARS or tok in OPERATORS


def _top_level(tokens: list[str]) -> list[int]:
    """Indices of the tokens outside braces, environments and ``\\left…\\right``."""
    out, inner = [], 0
    for k, (t, depth) in enumerate(zip(tokens, depths(tokens))):
        if depth:
            continue
        if t == "\\left":
            inner += 1
        elif t == "\\right":
            inner -= 1
            continue
        if not inner:
            out.append(k)
    return out


def _list_commas(tokens: list[str], top: list[int]) -> list[int]:
    """The commas of the long lists at the top level: three commas or more between one pair of
    brackets (``(x_1,x_2,\\dots,x_n)``) or outside all of them; ``f(q,m)`` is no list."""
    lists: dict[int, list[int]] = {}
    open_at = [-1]  # the index of each open bracket, innermost last (-1: outside all)
    for k in top:
        t = tokens[k]
        if t in _OPENING:
            open_at.append(k)
        elif t in _CLOSING and len(open_at) > 1:
            open_at.pop()
        elif t == ",":
            lists.setdefault(open_at[-1], []).append(k)
    return sorted(k for commas in lists.values() if len(commas) >= _LONG_LIST for k in commas)


_OPENING = frozenset(["(", "[", "\\{", "\\langle", "\\lbrace", "\\lbrack"])
_CLOSING = frozenset([")", "]", "\\}", "\\rangle", "\\rbrace", "\\rbrack"])


def _between_factors(tokens: list[str], top: list[int]) -> list[int]:
    """Where a factor starts right after a closing bracket (and its scripts) at the top level:
    ``(…)^{-1/4}|\\boldsymbol{G}``, ``(a+b)|(c+d)``; not ``f(x)``, which is not after a bracket."""
    out = []
    for k in top:
        closing = tokens[k] == ")" or k > 0 and tokens[k - 1] == "\\right"
        if not closing:
            continue
        j = _after_scripts(tokens, k + 1)
        if j < len(tokens) and _starts_factor(tokens[j]):
            out.append(j)
    return out


def _after_scripts(tokens: list[str], i: int) -> int:
    """The index after the scripts (``^{…}``, ``_x``, primes) and spaces that follow ``i``."""
    i = skip_space(tokens, i)
    while i < len(tokens) and tokens[i] in ("^", "_", "'"):
        i = arg(tokens, i + 1)[1] if tokens[i] != "'" else i + 1
        i = skip_space(tokens, i)
    return i


def _starts_factor(tok: str) -> bool:
    return tok == "(" or tok.isalnum() or tok == "\\left" or is_word(tok) and tok not in _NOT_FACTORS
