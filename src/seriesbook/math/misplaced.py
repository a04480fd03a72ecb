"""What MathJax refuses though LaTeX would typeset it: refused in the book too (verbatim, with
the MathJax error), so that the book shows what the site shows.

* two infix fractions in one group (``a\\over b\\over c``: MathJax's "Ambiguous use of \\over");
* ``\\hline`` outside any environment ("Misplaced \\hline");
* ``\\middle`` outside ``\\left…\\right`` ("Extra \\middle");
* ``\\limits``/``\\nolimits`` with no operator before it ("\\limits is allowed only on operators");
* ``\\emph`` outside a text argument (MathJax knows it only inside ``\\text{…}``).

Written by hand: a single scan of the tokens with a stack of groups, which no library offers.
"""

from __future__ import annotations

#: MathJax's infix fraction commands: one per group, cell or ``\\left…\\right``.
INFIX = frozenset(["\\over", "\\atop", "\\above", "\\choose", "\\brace", "\\brack"])
#: Commands whose braced argument is text (``\\emph`` is allowed there, and no math is read).
_TEXT = frozenset(["\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\textup",
                   "\\textnormal", "\\textsl", "\\textmd", "\\mbox", "\\hbox", "\\fbox"])
_OPEN = frozenset(["{", "\\left", "\\begin"])
_CLOSE = frozenset(["}", "\\right", "\\end"])
#: Tokens that start a new segment for the infix count at the same depth.
_BREAKS = frozenset(["&", "\\\\", "\\cr", "\\middle"])
_TRIGGERS = INFIX | {"\\hline", "\\middle", "\\limits", "\\nolimits", "\\emph"}


def refused(tokens: list[str]) -> str | None:
    """Why MathJax refuses ``tokens`` though LaTeX would not (see the module), or None."""
    if _TRIGGERS.isdisjoint(tokens):
        return None
    stack: list[list] = [["", 0]]  # per open group: [the token that opened it, infix count]
    prev = ""
    text_next = False
    for t in tokens:
        if t.isspace():
            continue
        kinds = [g[0] for g in stack]
        in_text = "text" in kinds
        if t in _OPEN:
            stack.append(["text" if text_next and t == "{" else t, 0])
        elif t in _CLOSE and len(stack) > 1:
            stack.pop()
        elif in_text:
            pass
        elif t in INFIX:
            stack[-1][1] += 1
            if stack[-1][1] > 1:
                return f"two infix fractions ({t}) in one group (MathJax: Ambiguous use of {t})"
        elif t in _BREAKS:
            stack[-1][1] = 0
            if t == "\\middle" and "\\left" not in kinds:
                return "\\middle outside \\left…\\right (MathJax: Extra \\middle)"
        elif t == "\\hline" and "\\begin" not in kinds:
            return "\\hline outside a table (MathJax: Misplaced \\hline)"
        elif t in ("\\limits", "\\nolimits") and (not prev or prev in ("{", "&", "\\\\") or
                                                  len(prev) == 1 and prev != "}"):
            return f"{t} with no operator before it (MathJax: {t} is allowed only on operators)"
        elif t == "\\emph":
            return "\\emph in math (MathJax knows it only inside \\text{…})"
        text_next = t in _TEXT
        prev = t
    return None
