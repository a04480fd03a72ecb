"""Finding math in prose: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` and bare environments.

The site renders its posts with MathJax (tex2jax, ``processEscapes`` and
``processEnvironments`` on), so the scanner follows MathJax's rules, with pandoc's guards
against dollar amounts in prose:

* ``\\$`` outside math is a literal dollar (the text piece gets ``$``); inside math it stays
  TeX.  Any other backslash pair is skipped as a unit, so ``\\\\$x$`` still opens math.
* ``$$`` opens display math closed by the next ``$$``.
* A single ``$`` opens inline math only when the next character is not whitespace; it is
  closed by a ``$`` that is not followed by a digit (pandoc's rule, so "花了$5，又花了$6"
  stays prose) and never across a blank line.  Unlike pandoc, a closing ``$`` may follow
  whitespace: the site writes ``$a + b $`` now and then and MathJax accepts it.
* A delimiter only closes at brace depth ≤ 0 (``{``/``}`` counted, escaped braces skipped),
  as MathJax does, so ``$\\text{a$b}$`` is one formula.
* ``\\begin{X}`` standing in text opens a formula that ends at the matching ``\\end{X}``
  (nested ``X`` counted); the whole environment is the TeX and the delimiter is ``env``.
  Like MathJax, any environment name counts.
* An opener without a partner is a ``math.unbalanced`` warning and stays text.

:func:`find_math` gives offsets (for callers that map offsets back to markup, like the HTML
parser); :func:`split_math` gives text pieces and :class:`~seriesbook.model.Math` nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Math, SourcePos

_BEGIN_RE = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
_OPENER_CHARS = re.compile(r"[\\$]")
_CLOSER_CHARS = re.compile(r"[\\${}\n]")
_CLOSERS = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}


@dataclass(frozen=True)
class Span:
    """One formula found in a text: offsets of the whole formula and of its TeX."""

    start: int
    """Offset of the opening delimiter."""
    end: int
    """Offset just after the closing delimiter."""
    tex_start: int
    tex_end: int
    delim: str
    """``$``, ``$$``, ``\\(``, ``\\[`` or ``env``."""

    @property
    def display(self) -> bool:
        """True unless the formula is inline (``$`` or ``\\(``)."""
        return self.delim not in ("$", "\\(")


@dataclass(frozen=True)
class Found:
    """What :func:`find_math` found: formulas, literal ``\\$`` escapes, and problems."""

    spans: list[Span]
    escapes: list[int]
    """Offsets of the backslash of each literal ``\\$`` outside math."""
    problems: list[tuple[int, str, str]]
    """``(offset, opener, message)`` for each opener without a partner."""


def find_math(text: str) -> Found:
    """Scan ``text`` for formulas by the rules in the module docstring."""
    spans: list[Span] = []
    escapes: list[int] = []
    problems: list[tuple[int, str, str]] = []
    i, n = 0, len(text)
    while i < n:
        stop = _OPENER_CHARS.search(text, i)  # other characters open nothing: skip them at once
        if stop is None:
            break
        i = stop.start()
        c = text[i]
        if c == "\\":
            nxt = text[i + 1:i + 2]
            if nxt == "$":
                escapes.append(i)
                i += 2
                continue
            if nxt in ("(", "["):
                opener = "\\" + nxt
                end = find_closer(text, i + 2, _CLOSERS[opener], inline=nxt == "(")
                if end < 0:
                    problems.append((i, opener, f"{opener} has no closing {_CLOSERS[opener]}"))
                    i += 2
                    continue
                spans.append(Span(i, end + 2, i + 2, end, opener))
                i = end + 2
                continue
            m = _BEGIN_RE.match(text, i)
            if m:
                end = _find_env_end(text, m.end(), m.group(1))
                if end < 0:
                    problems.append((i, m.group(0), f"{m.group(0)} has no matching \\end{{{m.group(1)}}}"))
                    i = m.end()
                    continue
                spans.append(Span(i, end, i, end, "env"))
                i = end
                continue
            i += 2  # any other escape pair is one unit (\\, \{, \% …)
            continue
        if c == "$":
            if text.startswith("$$", i):
                end = find_closer(text, i + 2, "$$", inline=False)
                if end < 0:
                    problems.append((i, "$$", "$$ has no closing $$"))
                    i += 2
                    continue
                spans.append(Span(i, end + 2, i + 2, end, "$$"))
                i = end + 2
                continue
            if i + 1 >= n or text[i + 1].isspace():
                i += 1  # "$ " is not an opener (pandoc)
                continue
            end = find_closer(text, i + 1, "$", inline=True)
            if end < 0:
                problems.append((i, "$", "$ has no closing $ (kept as a literal dollar)"))
                i += 1
                continue
            spans.append(Span(i, end + 1, i + 1, end, "$"))
            i = end + 1
            continue
        i += 1
    return Found(spans, escapes, problems)


def find_closer(text: str, k: int, closer: str, inline: bool) -> int:
    """Offset of ``closer`` ending a formula whose TeX starts at ``k``, or -1."""
    depth = 0
    n = len(text)
    while k < n:
        stop = _CLOSER_CHARS.search(text, k)  # only these characters can close or nest
        if stop is None:
            return -1
        k = stop.start()
        if depth <= 0 and text.startswith(closer, k):
            if closer != "$" or not text[k + 1:k + 2].isdigit():
                return k
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif inline and c == "\n" and text.startswith("\n", k + 1):
            return -1  # inline math never crosses a blank line
        k += 1
    return -1


def _find_env_end(text: str, k: int, name: str) -> int:
    """Offset just after the ``\\end{name}`` matching a ``\\begin{name}`` ending at ``k``, or -1."""
    pat = re.compile(r"\\(begin|end)\{" + re.escape(name) + r"\}")
    depth = 1
    for m in pat.finditer(text, k):
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return m.end()
    return -1


def unescape_text(text: str, start: int, end: int, escapes: list[int]) -> str:
    """``text[start:end]`` with the backslash of each literal ``\\$`` in ``escapes`` removed."""
    inside = [e for e in escapes if start <= e < end]
    if not inside:
        return text[start:end]
    out, last = [], start
    for e in inside:
        out.append(text[last:e])
        last = e + 1
    out.append(text[last:end])
    return "".join(out)


def split_math(text: str, pos: SourcePos) -> tuple[list[str | Math], list[Diagnostic]]:
    """Split prose into text pieces and :class:`Math` nodes, in order.

    ``pos`` is where ``text`` starts; each Math's line is ``pos`` shifted by the newlines
    before it.  Text pieces have ``\\$`` turned into ``$``; nothing else is changed, so the
    pieces, the delimiters and the TeX put back together give ``text`` again.
    """
    found = find_math(text)
    pieces: list[str | Math] = []
    last = 0
    for s in found.spans:
        if s.start > last:
            pieces.append(unescape_text(text, last, s.start, found.escapes))
        tex = text[s.tex_start:s.tex_end]
        pieces.append(Math(tex=tex, display=s.display, delim=s.delim, pos=line_at(text, s.start, pos)))
        last = s.end
    if last < len(text):
        pieces.append(unescape_text(text, last, len(text), found.escapes))
    warnings = [Diagnostic("math.unbalanced", msg, line_at(text, off, pos)) for off, _, msg in found.problems]
    return pieces, warnings


def line_at(text: str, offset: int, pos: SourcePos) -> SourcePos:
    """``pos`` moved down by the newlines in ``text`` before ``offset``."""
    return pos.shifted(text.count("\n", 0, offset))


def delimiters(math: Math) -> tuple[str, str]:
    """The opening and closing delimiter ``math`` was written with ('' for environments)."""
    if math.delim == "env":
        return "", ""
    return math.delim, _CLOSERS[math.delim]
