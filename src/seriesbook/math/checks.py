"""The checks of the math passes: what MathJax or xelatex would refuse in a formula's tokens.

Pure functions of the tokens, used by the ``check`` and ``guard`` passes (which cache them) and by
the numbering pass (which rows MathJax still numbers in a formula it refuses); see
:mod:`seriesbook.math.passes`.
"""

from __future__ import annotations

from . import allow, misplaced, number as num
from .tokens import balanced, env_name, is_cs, join, skip_space


def problem(toks: tuple[str, ...], names: frozenset[str]) -> tuple[str, str] | None:
    """The first reason (code, message) the formula ``toks`` cannot be typeset, or None
    (``names``: the post's own macros; pure, so the passes cache it)."""
    # Only '#', a lone backslash and control sequences outside the safe set need a look.
    for i in [i for i, t in enumerate(toks) if t not in SAFE and (t[:1] == "\\" or t == "#")]:
        t = toks[i]
        if t == "#":
            return "math.forbidden", "'#' (a macro parameter) outside a definition"
        if t == "\\":
            return "math.unknown-macro", "a backslash ends the formula"
        if is_cs(t) and allow.is_forbidden(t):
            return "math.forbidden", f"{t} is not allowed in math"
        if is_cs(t) and not allow.is_allowed(t, names):
            return "math.unknown-macro", f"{t} is not a command MathJax and the book both know"
        if t in ("\\begin", "\\end"):
            name = _env_at(list(toks), i)
            if name not in allow.ENVIRONMENTS:
                return "math.unknown-macro", f"environment {{{name}}} is not supported"
    problem = balanced(list(toks)) or out_of_place(list(toks))
    return ("math.unbalanced", problem) if problem else None


_NO_ARGUMENT = frozenset(["}", "&", "\\\\", "\\end", "\\right"])


def out_of_place(tokens: list[str]) -> str | None:
    """What MathJax (and xelatex) reject in a balanced formula: a ``^``/``_`` without its
    argument, a ``\\tag`` inside an inner environment, an ``&`` outside any table (with no
    row break that would make one), or what :mod:`.misplaced` finds."""
    refused = misplaced.refused(tokens)
    if refused:
        return refused
    if "^" in tokens or "_" in tokens:
        for k in [k for k, t in enumerate(tokens) if t in ("^", "_")]:
            j = skip_space(tokens, k + 1)
            if j >= len(tokens) or tokens[j] in _NO_ARGUMENT:
                return f"'{tokens[k]}' has no superscript or subscript after it"
    if "\\tag" in tokens:
        envs: list[str] = []
        for k, t in enumerate(tokens):
            if t in ("\\begin", "\\end"):
                name = _env_at(tokens, k)
                envs = [*envs, name] if t == "\\begin" else envs[:-1]
            elif t == "\\tag" and envs and envs[-1] not in num.TOP:
                return f"\\tag is not allowed inside {{{envs[-1]}}} (MathJax refuses it too)"
    twice = _twice_for_one_number(tokens)
    if twice:
        return f"two {twice} for one equation number (MathJax refuses it too: Multiple {twice})"
    if "&" in tokens and "\\\\" not in tokens:
        depth = 0  # braces and environments
        for t in tokens:
            if t in ("{", "\\begin"):
                depth += 1
            elif t in ("}", "\\end"):
                depth -= 1
            elif t == "&" and depth == 0:
                return "'&' outside a table or aligned environment"
    return None


def _twice_for_one_number(tokens: list[str]) -> str | None:
    """``\\label`` or ``\\tag`` given twice to one number (twice in a row of an align-like
    environment, or anywhere in an equation, a multline or a bare display), else None.  Those
    inside an inner environment (``aligned`` …) are not the number's, as in MathJax."""
    if tokens.count("\\label") < 2 and tokens.count("\\tag") < 2:
        return None
    envs: list[str] = []
    count = {"\\label": 0, "\\tag": 0}
    for k, t in enumerate(tokens):
        if t in ("\\begin", "\\end"):
            name = _env_at(tokens, k)
            envs = [*envs, name] if t == "\\begin" else envs[:-1]
        elif t == "\\\\" and envs and envs[-1].rstrip("*") in num.MULTI:
            count = dict.fromkeys(count, 0)
        elif t in count and (not envs or envs[-1] in num.TOP):
            count[t] += 1
            if count[t] > 1:
                return t
    return None


#: Control sequences that are allowed, not forbidden, and need no further look (not \\begin/\\end).
SAFE = frozenset(t for t in [*("\\" + n for n in allow.ALLOWED), *allow.ALLOWED_SYMBOLS]
                  if allow.is_allowed(t) and not allow.is_forbidden(t) and t not in ("\\begin", "\\end"))


def _env_at(tokens: list[str], i: int) -> str:
    return env_name(tokens, i + 1)[0]


def unsafe(tokens: tuple[str, ...]) -> str | None:
    """Why ``tokens`` must not reach TeX (a ``^^`` escape, a forbidden command), or None
    (pure, so the passes cache it)."""
    if "^" in tokens and "^^" in join(list(tokens)):
        return "the converted formula would contain a ^^ escape"
    # Only tokens outside the allowed set need a look (most are letters and allowed commands).
    bad = next((t for t in tokens if t not in SAFE and is_cs(t) and allow.is_forbidden(t)), None)
    return f"the converted formula would contain {bad}" if bad else None
