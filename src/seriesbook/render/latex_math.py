"""A formula's TeX for xelatex, written from the math stage's data (:class:`~seriesbook.model.Math`).

Every environment is starred and each numbered row carries its own ``\\tag{n}`` (``\\tag*`` for
MathJax's ``\\tag*``) and ``\\label{eq:<post>:<name>}``, so the numbers are the site's and
identical in the PDF and the EPUB.  A reference becomes ``\\SBeqref{label}{(n)}`` — a link once
LaTeX knows the label, the site's number until then — or plain ``\\text{(n)}`` when it cannot
link.  Displays are fitted to the line by :mod:`.latex_fit`, from the same data.
"""

from __future__ import annotations

from ..math.number import BRACED, MULTI, REF_COMMANDS as _REFS, scoped_label
from ..math.rewrite import COLOR_COMMANDS, color_hex
from ..math.tokens import arg, join, opt_arg, rewrite, split_top, text_of, tokenize
from ..model_math import Math, MathRow
from . import latex_fit
from .latex_breaks import inline_breaks



def formula(math: Math, key: str) -> str:
    """The TeX of ``math`` in post ``key`` as it stands in the book, unfitted ("" when verbatim)."""
    if math.verbatim:
        return ""
    rows = [_tokens(row, math, key) for row in math.rows]
    if not math.display:
        inner = inline_rows(math, [_joined(r) for r in rows]) if math.env else _wrap_newlines(inline_breaks(rows[0]))
        return "\\(" + inner + "\\)"
    if _has_rows(math):
        return _environment(math, rows, key)
    return f"\\begin{{equation*}}\n{_wrap_newlines(rows[0])}{mark(math.rows[0], key)}\n\\end{{equation*}}"


def display(math: Math, key: str) -> str:
    """The display ``math`` in post ``key``, scaled down to the line when it is wider."""
    rows = [_tokens(row, math, key) for row in math.rows]
    if _has_rows(math):
        if latex_fit.between_rows(rows):
            return _environment(math, rows, key)
        if math.env == "multline":  # one row of lines: each line is measured alone
            cells = [[_after_space(line)] for line in split_top(rows[0], "\\\\")]
        else:
            cells = [split_top(t, "&") for t in rows]
        return latex_fit.fit_rows(math.env, [[_joined(c) for c in r] for r in cells],
                                  any(row.number is not None for row in math.rows),
                                  lambda: _environment(math, rows, key))
    body, row = rows[0], math.rows[0]
    stacked = stacking(body)  # lines stacked in an environment leave nothing stray at the top level
    return latex_fit.fit_equation(_wrap_newlines(body), mark(row, key), row.number is not None,
                                  not stacked and latex_fit.stray(body), lambda: formula(math, key))


def inline_rows(math: Math, texts: list[str]) -> str:
    """A numbered environment inside ``$…$``: its rows (``texts``) stacked in the line, each
    number after its row (MathJax shows them there; TeX has no tags in inline math)."""
    env = "aligned" if math.env in MULTI and math.env != "gather" else "gathered"
    shown = ["" if r.number is None else "\\qquad\\text{" + (r.number if r.star else f"({r.number})") + "}"
             for r in math.rows]
    return f"\\begin{{{env}}}" + " \\\\ ".join(t + n for t, n in zip(texts, shown)) + f"\\end{{{env}}}"


def mark(row: MathRow, key: str) -> str:
    """A row's number mark: ``\\tag{n}\\label{…}`` ('' when the row shows no number)."""
    if row.number is None:
        return ""
    out = f"\\tag{'*' if row.star else ''}{{{row.number}}}"
    return out + "".join(f"\\label{{{scoped_label(key, name)}}}" for name in row.labels[:1])


def _after_space(tokens: list[str]) -> list[str]:
    """A line without the ``[dimen]`` of the ``\\\\`` before it."""
    opt, end = opt_arg(tokens, 0)
    return tokens[end:] if opt is not None else tokens


def _has_rows(math: Math) -> bool:
    """True when the formula is set as an environment of rows (not ``equation*``)."""
    return bool(math.env) and math.env != "equation"


def _environment(math: Math, rows: list[list[str]], key: str) -> str:
    env = math.env + "*"
    body = "".join((f" \\\\[{row.space}]\n" if row.space else " \\\\\n") * (k > 0) + _joined(toks) + mark(row, key)
                   for k, (row, toks) in enumerate(zip(math.rows, rows)))
    if math.env in BRACED:  # empheq draws the brace before rows that keep their own numbers
        left = join(list(math.env_args[1:-1]))
        return f"\\begin{{empheq}}[left={{{left}\\empheqlbrace}}]{{alignat*=2}}\n{body}\n\\end{{empheq}}"
    return f"\\begin{{{env}}}{join(list(math.env_args))}\n{body}\n\\end{{{env}}}"


def _tokens(row: MathRow, math: Math, key: str) -> list[str]:
    """The row's tokens as the book writes them: each ``\\eqref{x}``/``\\ref{x}`` resolved,
    ``\\mathbb{1}`` in a font that has it."""
    return spell_colors(double_struck(_refs(row.tokens, math, key)))


def _refs(toks: tuple[str, ...], math: Math, key: str) -> list[str]:
    targets = {t.name: t for t in math.targets}

    def write(tokens, i: int) -> tuple[list[str], int]:
        a, end, _ = arg(tokens, i + 1)
        name, eqref = text_of(a), tokens[i] == "\\eqref"
        target = targets.get(name)
        number = target.number if target else None
        shown = tokenize(f"({number or '??'})" if eqref else number or "??")
        if target and target.linked:
            return ["\\SBeqref" if eqref else "\\SBref", "{", scoped_label(key, name), "}", "{", *shown, "}"], end
        return ["\\text", "{", *shown, "}"], end

    return rewrite(toks, _REFS, write)


def _joined(tokens: list[str]) -> str:
    return strip(join(tokens))


def strip(text: str) -> str:
    """``text`` without outer spaces, keeping a control space (``\\ ``) at its end."""
    text = text.strip()
    odd = (len(text) - len(text.rstrip("\\"))) % 2
    return text + " " if odd else text


def _wrap_newlines(tokens: list[str]) -> str:
    """``\\\\`` outside any environment: lines stacked as MathJax shows them (aligned if ``&``)."""
    text = _joined(tokens)
    env = stacking(tokens)
    return f"\\begin{{{env}}}{text}\\end{{{env}}}" if env else text


def stacking(tokens: list[str] | tuple[str, ...]) -> str:
    """The environment that stacks the lines of a formula with ``\\\\`` at its top level:
    ``aligned`` when a line has ``&``, else ``gathered``; '' when there is one line."""
    if "\\\\" not in tokens:
        return ""
    rows = split_top(list(tokens), "\\\\")
    if len(rows) < 2:
        return ""
    return "aligned" if any(len(split_top(r, "&")) > 1 for r in rows) else "gathered"


def spell_colors(tokens: list[str]) -> list[str]:
    """Colours as xcolor takes them: its own names as they are, CSS names and ``#RRGGBB`` as
    ``[HTML]{RRGGBB}``."""
    def write(toks, i: int) -> tuple[list[str], int]:
        opt, j = opt_arg(toks, i + 1)
        value, end, _ = arg(toks, j)
        hexa = color_hex(text_of(value)) if opt is None else None
        return ([toks[i], "[", "HTML", "]", "{", hexa, "}"], end) if hexa else ([toks[i]], i + 1)

    return rewrite(tokens, COLOR_COMMANDS, write)


def double_struck(tokens: list[str]) -> list[str]:
    """``\\mathbb{1}`` → ``\\SBdoublestruck{𝟙}`` (book only): amssymb's ``\\mathbb`` has capitals
    only, MathJax shows digits and lowercase letters double-struck too (texmath does as well)."""
    def write(tokens, i: int) -> tuple[list[str], int]:
        body, j, _ = arg(tokens, i + 1)
        text = "".join(body).strip()
        if text and text.isascii() and text.isalnum() and not text.isupper():
            return ["\\SBdoublestruck", "{", "".join(_DOUBLE_STRUCK.get(c, c) for c in text), "}"], j
        return [tokens[i]], i + 1

    return rewrite(tokens, _MATHBB, write)


_MATHBB = frozenset(["\\mathbb"])
#: Digits and lowercase letters → their Unicode double-struck forms (capitals stay amssymb's).
_DOUBLE_STRUCK = {**{str(d): chr(0x1D7D8 + d) for d in range(10)},
                  **{c: chr(0x1D552 + k) for k, c in enumerate("abcdefghijklmnopqrstuvwxyz")}}
