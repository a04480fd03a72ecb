"""Infix fractions: ``{a \\over b}`` → ``\\frac{a}{b}``, ``\\choose`` → ``\\binom``, ``\\atop`` →
``\\genfrac`` (texmath: ``\\substack``), for the book (amsmath warns about the infix forms) and the EPUB."""

from __future__ import annotations

from .tokens import DIM as _DIM, group_end, join, tokenize

_INFIX = {"\\over": "\\frac", "\\choose": "\\binom", "\\atop": None, "\\above": None}
_BOUNDARY = {"&", "\\\\", "\\left", "\\right", "\\middle", "\\begin", "\\end", "\\cr"}


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
        if t in _BOUNDARY:
            out += _one_infix(seg, epub)
            seg = []
            out.append(t)
            if t in ("\\left", "\\right", "\\middle") and i + 1 < len(tokens):
                out.append(tokens[i + 1])
                i += 1
            i += 1
            continue
        seg.append(t)
        i += 1
    return out + _one_infix(seg, epub)


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

