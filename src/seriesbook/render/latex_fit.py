"""Displays that fit the line: no formula may run into the margin.

* ``equation*``: its body goes into ``\\sbfit{…}`` (or ``\\sbfittag`` when numbered), which
  measures it and scales it down to the line when it is wider; ``\\tag``/``\\label`` stay
  outside the box, so numbers and links are amsmath's own.
* ``align*``, ``gather*``, ``alignat*``, ``flalign*``, ``multline*``: every cell is listed in
  ``\\sbfitrows{<extra>}{\\sbrow{\\sbcell{…}…}…}{<environment>}``; TeX sums the widest cell
  of each column, and when the alignment is wider than the line the environment is set in a
  box of its natural width and scaled to the line (tags included).

Anything this module does not understand (``\\intertext``, stray tags) is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EQUATION = re.compile(r"\A\s*\\begin\{equation\*\}(?P<body>.*)\\end\{equation\*\}\s*\Z", re.S)
_ROWS = re.compile(r"\A\s*\\begin\{(?P<env>align|gather|alignat|flalign|multline)\*\}"
                   r"(?P<args>\{[^{}]*\})?(?P<body>.*)\\end\{(?P=env)\*\}\s*\Z", re.S)
_NUMBERING = (r"\tag*", r"\tag", r"\label")
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{[^{}]*\}")


@lru_cache(maxsize=8192)
def fit_display(latex: str) -> str:
    """The display ``latex`` wrapped so that it is scaled down when wider than the line
    (pure, and displays repeat across posts: cached)."""
    if found := _EQUATION.match(latex):
        return _fit_equation(latex, found.group("body"))
    if found := _ROWS.match(latex):
        return _fit_rows(latex, found.group("env"), found.group("body"))
    return latex


def _fit_equation(latex: str, body: str) -> str:
    body, kept = take_numbering(body)
    if split_top(body, "\\\\")[1:] or re.search(r"\\(?:notag|nonumber|intertext)\b", top_level(body)):
        return latex  # rows or stray commands at the top: leave it to amsmath
    fit = "\\sbfittag" if any(k.startswith("\\tag") for k in kept) else "\\sbfit"
    return "\\begin{equation*}" + fit + "{" + body.strip() + "}" + "".join(kept) + "\\end{equation*}"


def _fit_rows(latex: str, env: str, body: str) -> str:
    if re.search(r"\\(?:intertext|shortintertext)\b", body):
        return latex
    rows, tagged = [], False
    for row in split_top(body, "\\\\"):
        row = re.sub(r"\A\s*\[[^\]]*\]", "", row)  # \\[2pt]
        row, kept = take_numbering(row)
        tagged = tagged or any(k.startswith("\\tag") for k in kept)
        row = re.sub(r"\\(?:notag|nonumber)\b", "", row)
        cells = [c.strip() for c in split_top(row, "&")] if env != "multline" else [row.strip()]
        if any(cells):
            rows.append(cells)
    if not rows:
        return latex
    pairs = max(len(r) for r in rows) // 2
    extra = f"{4 if tagged else 0}em+{2 * max(pairs - 1, 0) if env in ('align', 'flalign') else 0}em"
    listed = "".join("\\sbrow{" + "".join("\\sbcell{" + c + "}" for c in r) + "}" for r in rows)
    return f"\\sbfitrows{{{extra}}}{{{listed}}}{{{latex.strip()}}}"


def take_numbering(body: str) -> tuple[str, list[str]]:
    """Remove the top-level ``\\tag{…}``, ``\\tag*{…}`` and ``\\label{…}`` from ``body``:
    (the rest, the removed commands in order)."""
    kept: list[str] = []
    if "\\tag" not in body and "\\label" not in body:
        return body, kept
    for command in _NUMBERING:
        while (cut := _take_command(body, command)) is not None:
            body, text = cut
            kept.append(text)
    return body, kept


def _take_command(body: str, command: str) -> tuple[str, str] | None:
    """Remove the first top-level ``command{…}``: (rest, the command with its argument)."""
    for i, depth in _scan(body):
        if depth == 0 and body.startswith(command, i):
            j = i + len(command)
            if command[-1].isalpha() and j < len(body) and body[j].isalpha():
                continue
            k = j
            while k < len(body) and body[k].isspace():
                k += 1
            if k < len(body) and body[k] == "{" and (end := _group_end(body, k)) is not None:
                return body[:i] + body[end:], body[i:end]
    return None


def _pieces(text: str):
    """Yield ``(start, end, kind, depth)`` for every piece of ``text``: ``env`` (a ``\\begin{…}``
    or ``\\end{…}``), ``cs`` (a backslash and the character after it), ``brace`` or ``char``.
    ``depth`` counts enclosing braces and environments (0 is the top level); an opening
    brace or ``\\begin`` is itself at the outer depth, and so is its closing partner."""
    depth, i = 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            env = _BEGIN_END.match(text, i)
            if env:
                opening = env.group(1) == "begin"
                depth -= not opening
                yield i, env.end(), "env", depth
                depth += opening
                i = env.end()
            else:
                yield i, i + 2, "cs", depth
                i += 2
            continue
        if ch in "{}":
            depth -= ch == "}"
            yield i, i + 1, "brace", depth
            depth += ch == "{"
        else:
            yield i, i + 1, "char", depth
        i += 1


def _scan(text: str):
    """Yield (index, depth) for every control sequence and environment marker in ``text``."""
    return ((i, depth) for i, _, kind, depth in _pieces(text) if kind in ("cs", "env"))


def _group_end(text: str, start: int) -> int | None:
    """Index just after the brace group that opens at ``start``."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        i += 1
        if depth == 0:
            return i
    return None


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at top-level ``sep`` (``\\\\`` or ``&``), outside braces and environments."""
    parts, last = [], 0
    for i, j, kind, depth in _pieces(text):
        if depth == 0 and kind in ("cs", "char") and text[i:j] == sep:
            parts.append(text[last:i])
            last = j
    parts.append(text[last:])
    return parts


def top_level(text: str) -> str:
    """``text`` without the insides of brace groups and environments."""
    return "".join(text[i:j] for i, j, kind, depth in _pieces(text) if depth == 0 and kind in ("cs", "char"))
