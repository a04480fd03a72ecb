"""A formula's TeX for pandoc's texmath (TeX → MathML in the EPUB), written from the math
stage's data (:class:`~seriesbook.model.Math`).

No delimiters, labels or tags (the EPUB renderer puts the numbers beside the formula); rows
of a numbered environment in ``aligned`` (``gathered`` for ``gather``); a reference shows its
number as text; whatever texmath lacks is rewritten by :mod:`.texmath`.
"""

from __future__ import annotations

from functools import lru_cache

from ..math.number import BRACED, MULTI, REF_COMMANDS as _REFS
from ..math.tokens import arg, join, rewrite, skip_space, text_of, tokenize
from ..model import Math
from .latex_math import inline_rows, stacking, strip
from .texmath import for_texmath, mhchem_for_texmath



def formula(math: Math) -> str:
    """The TeX texmath gets for ``math`` ("" when verbatim).  A formula that only defines macros
    (``$\\newcommand{msign}{…}$``, a habit of the site) is ``{}``, an empty formula: the renderers
    take "" for "not converted" and would show the definition."""
    if math.verbatim:
        return ""
    text = _formula(math)
    return text if text.strip() else "{}"


def _formula(math: Math) -> str:
    numbers = {t.name: t.number for t in math.targets}
    rows = [_for_texmath(tuple(_refs(row.tokens, numbers)), math.display) for row in math.rows]
    if not math.display and math.env:
        return inline_rows(math, [strip(join(r)) for r in rows])
    if math.env in MULTI:
        env = "gathered" if math.env == "gather" else "aligned"
        text = f"\\begin{{{env}}}" + " \\\\ ".join(strip(join(r)) for r in rows) + f"\\end{{{env}}}"
        if math.env in BRACED:
            left = strip(join(_for_texmath(tuple(math.env_args[1:-1]), True)))
            return f"{left}\\left\\{{{text}\\right."
        return text
    return _wrap_newlines(rows[0])


def _refs(tokens: tuple[str, ...], numbers: dict[str, str | None]) -> list[str]:
    """``\\eqref{x}`` → ``\\text{(n)}``, ``\\ref{x}`` → ``\\text{n}`` (``??`` when unknown)."""
    def write(toks, i: int) -> tuple[list[str], int]:
        a, end, _ = arg(toks, i + 1)
        number = numbers.get(text_of(a)) or "??"
        return ["\\text", "{", *tokenize(f"({number})" if toks[i] == "\\eqref" else number), "}"], end

    return rewrite(tokens, _REFS, write)


@lru_cache(maxsize=16384)
def _for_texmath(tokens: tuple[str, ...], display: bool) -> tuple[str, ...]:
    tokens = mhchem_for_texmath(list(tokens))
    return tuple(for_texmath(display_limits(tokens) if display else tokens))


def display_limits(tokens: list[str]) -> list[str]:
    """``\\mathop{X}_a`` → ``\\mathop{X}\\limits_a`` (in a display): TeX and MathJax set the
    scripts of a ``\\mathop`` under and over it in display style, texmath always beside it.
    Inline they stay beside, as MathJax shows them; an explicit ``\\limits``/``\\nolimits`` is kept."""
    def write(toks, i: int) -> tuple[list[str], int]:
        body, end, group = arg(toks, i + 1)
        inner = ["{", *display_limits(body), "}"] if group else body
        after = skip_space(toks, end)
        scripted = after < len(toks) and toks[after] in ("_", "^")
        return [toks[i], *inner, *(["\\limits"] if scripted else [])], end

    return rewrite(tokens, _MATHOP, write)


_MATHOP = frozenset(["\\mathop"])


def _wrap_newlines(tokens: tuple[str, ...]) -> str:
    """``\\\\`` outside any environment: lines stacked as MathJax shows them (aligned if ``&``)."""
    text = strip(join(tokens))
    env = stacking(tokens)
    return f"\\begin{{{env}}}{text}\\end{{{env}}}" if env else text
