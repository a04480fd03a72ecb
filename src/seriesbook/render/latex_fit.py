"""Displays that fit the line: no formula may run into the margin.

Measured from the math stage's data (rows and their cells), never by reading TeX back:

* a one-row display: its body goes into ``\\sbfit{…}`` (or ``\\sbfittag`` when numbered), which
  measures it and scales it down to the line when it is wider; ``\\tag``/``\\label`` stay
  outside the box, so numbers and links are amsmath's own.
* ``align*``, ``gather*``, ``alignat*``, ``flalign*``, ``multline*``: every cell is listed in
  ``\\sbfitrows{<extra>}{\\sbrow{\\sbcell{…}…}…}{<environment>}``; TeX sums the widest cell
  of each column, and when the alignment is wider than the line the environment is set in a
  box of its natural width and scaled to the line (tags included).

What this module cannot measure (``\\intertext`` between rows, stray ``\\notag``) is left as it is.
"""

from __future__ import annotations

from typing import Callable

from ..math.tokens import depths

#: Tokens that make a display unmeasurable at its top level.
_STRAY = frozenset(["\\notag", "\\nonumber", "\\intertext"])
#: Tokens that make rows unmeasurable anywhere in them.
_BETWEEN_ROWS = frozenset(["\\intertext", "\\shortintertext"])


def stray(tokens: list[str]) -> bool:
    """True when a one-row display holds, at its top level, a command that must
    stay where amsmath reads it (``\\notag``, ``\\intertext``): it is then left unfitted."""
    return not _STRAY.isdisjoint(tokens) and any(d == 0 and t in _STRAY for t, d in zip(tokens, depths(tokens)))


def between_rows(rows: list[list[str]]) -> bool:
    """True when some row holds ``\\intertext``: the rows are then left unfitted."""
    return any(not _BETWEEN_ROWS.isdisjoint(r) for r in rows)


def fit_equation(body: str, mark: str, numbered: bool, unfit: bool, plain: Callable[[], str]) -> str:
    """``equation*`` with ``body`` scaled to the line and ``mark`` (``\\tag…\\label…``) outside
    the box; ``plain()`` (the unfitted display) when ``unfit``."""
    if unfit:
        return plain()
    fit = "\\sbfittag" if numbered else "\\sbfit"
    return "\\begin{equation*}" + fit + "{" + body + "}" + mark + "\\end{equation*}"


def fit_rows(env: str, cells: list[list[str]], tagged: bool, plain: Callable[[], str]) -> str:
    """``\\sbfitrows`` around the environment ``plain()`` of ``env``, its rows' ``cells`` (TeX of each)
    listed for measuring; ``plain()`` alone when no row has a cell."""
    rows = [r for r in cells if any(r)]
    if not rows:
        return plain()
    pairs = max(len(r) for r in rows) // 2
    extra = f"{4 if tagged else 0}em+{2 * max(pairs - 1, 0) if env in ('align', 'flalign') else 0}em"
    listed = "".join("\\sbrow{" + "".join("\\sbcell{" + c + "}" for c in r) + "}" for r in rows)
    return f"\\sbfitrows{{{extra}}}{{{listed}}}{{{plain().strip()}}}"
