"""Infix fractions: ``{a \\over b}`` → ``\\frac{a}{b}``, ``\\choose`` → ``\\binom``, ``\\atop`` →
``\\genfrac`` (texmath: ``\\substack``), for the book (amsmath warns about the infix forms) and the EPUB."""

from __future__ import annotations

from .tokens import DIM as _DIM, arg, env_end, env_name, group_end, join, opt_arg, tokenize

_INFIX = {"\\over": "\\frac", "\\choose": "\\binom", "\\atop": None, "\\above": None}
_BOUNDARY = {"&", "\\\\", "\\middle", "\\cr"}
#: Environments whose ``\\begin{…}`` reads an argument (the columns) that is no part of the first cell.
_ENV_ARGUMENT = frozenset(["array", "subarray", "crampedsubarray", "alignat", "alignat*", "alignedat",
                           "numcases", "subnumcases"])


def infix(tokens: list[str], epub: bool) -> list[str]:
    """``{a \\over b}`` → ``{\\frac{a}{b}}``, ``\\choose`` → ``\\binom``, ``\\atop`` → ``\\genfrac``
    (texmath: ``\\substack``), within each group, cell or ``\\left…\\right``."""
    if _INFIX.keys().isdisjoint(tokens):
        return tokens
    out: list[str] = []
    seg: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "{":
            end = group_end(tokens, i) - 1
            seg += ["{", *infix(tokens[i + 1:end], epub), "}"]
            i = end + 1
            continue
        if t == "\\left":  # \left…\right is one atom of the segment, its inside a segment of its own
            end = _right_of(tokens, i)
            seg += [*tokens[i:i + 2], *infix(tokens[i + 2:end], epub), *tokens[end:end + 2]]
            i = end + 2
            continue
        if t == "\\begin":  # an environment is one atom too; its name and columns belong to no cell
            name, j = env_name(tokens, i + 1)
            if name in _ENV_ARGUMENT:
                j = arg(tokens, j)[1]
            elif name.endswith("*"):
                j = opt_arg(tokens, j)[1]
            end = env_end(tokens, j)
            close = env_name(tokens, end + 1)[1] if end < len(tokens) else end
            seg += [*tokens[i:j], *infix(tokens[j:end], epub), *tokens[end:close]]
            i = close
            continue
        if t in _BOUNDARY:
            out += _one_infix(seg, epub)
            seg = []
            out.append(t)
            if t == "\\middle" and i + 1 < len(tokens):
                out.append(tokens[i + 1])
                i += 1
            i += 1
            continue
        seg.append(t)
        i += 1
    return out + _one_infix(seg, epub)


def _right_of(tokens: list[str], i: int) -> int:
    """Index of the ``\\right`` that closes the ``\\left`` at ``i`` (len when none)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += (tokens[j] == "\\left") - (tokens[j] == "\\right")
        if depth == 0:
            return j
    return len(tokens)


def _one_infix(seg: list[str], epub: bool) -> list[str]:
    """Rewrite the first infix operator of a segment without groups at its top level."""
    k = next((n for n, t in enumerate(seg) if t in _INFIX), None)
    if k is None:
        return seg
    op, left, right = seg[k], seg[:k], seg[k + 1:]
    if op == "\\above":
        m = _DIM.match(join(right))
        if m:
            right = right[len(tokenize(m.group())):]
        op = "\\over"
    right = _one_infix(right, epub)
    if op == "\\atop":
        head = ["\\substack", "{", *left, "\\\\", *right, "}"] if epub else \
            ["\\genfrac", "{", "}", "{", "}", "{", "0pt", "}", "{", "}", "{", *left, "}", "{", *right, "}"]
        return head
    return [_INFIX[op], "{", *left, "}", "{", *right, "}"]

