"""TeX tokens as MathJax reads them, and helpers to walk groups and arguments.

Why a token list and not pylatexenc's ``LatexWalker``: the safety check must see every control
sequence exactly as TeX and MathJax will (``LatexWalker`` in tolerant mode reads ``^^5c`` as
plain characters, lets a ``%`` comment swallow the rest of a formula, and parses arguments by
its own table of argument specs, not as TeX does); and the rewriting passes must give back the
source unchanged where they change nothing.  Tokens do both: joining them gives the text again
(:func:`join`), and :func:`arg`/:func:`opt_arg` read arguments the way TeX does.

A token is a ``str``: a control word (``\\alpha``), a control symbol (``\\{``, ``\\\\``),
``{``/``}``, a run of spaces, or one other character.
"""

from __future__ import annotations

import re

#: A TeX dimension (``2pt``, ``-.5em``), as ``\\kern`` and ``\\above`` take it.
DIM = re.compile(r"\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*(?:pt|em|ex|mu|cm|mm|in|bp|pc|sp|dd)")

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\\$|\s+|.", re.S)


def tokenize(tex: str) -> list[str]:
    """Split ``tex`` into tokens; control words are ASCII letters only, as in MathJax."""
    return _TOKEN.findall(tex)


def is_word(tok: str) -> bool:
    """True for a control word such as ``\\alpha``."""
    return len(tok) > 1 and tok[0] == "\\" and tok[1].isalpha() and tok[1].isascii()


def is_cs(tok: str) -> bool:
    """True for any control sequence (word or symbol)."""
    return len(tok) > 1 and tok[0] == "\\"


def join(tokens: list[str]) -> str:
    """Tokens back to text, with a space where a control word would swallow a letter.

    XeTeX counts every Unicode letter as a letter, so ``\\leq`` followed by ``中`` needs a space.
    """
    out: list[str] = []
    word = False  # the previous non-empty token is a control word (is_word, inlined: join is hot)
    for tok in tokens:
        if not tok:
            continue
        if word and (tok[0].isalpha() or tok[0] == "@"):
            out.append(" ")
        out.append(tok)
        word = tok[0] == "\\" and len(tok) > 1 and tok[1].isalpha() and tok[1].isascii()
    return "".join(out)


def skip_space(tokens: list[str], i: int) -> int:
    """Index of the first non-space token at or after ``i``."""
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    return i


def group_end(tokens: list[str], i: int) -> int:
    """Given ``tokens[i] == '{'``, the index just past its matching ``}`` (len when unbalanced)."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]  # one index per token: this runs for every argument read
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(tokens)


def env_end(tokens: list[str], k: int) -> int:
    """Index of the ``\\end`` closing the environment whose body starts at ``k`` (len when none)."""
    depth = 0
    for i in range(k, len(tokens)):
        if tokens[i] == "\\begin":
            depth += 1
        elif tokens[i] == "\\end":
            if depth == 0:
                return i
            depth -= 1
    return len(tokens)


def group_close(tokens: list[str], i: int, stops: frozenset[str] | tuple[str, ...] = ()) -> int:
    """Index of the ``}`` or ``\\end`` that closes the group ``i`` is in, or of the first token of
    ``stops`` (``&``, ``\\\\`` …) at its top level, whichever comes first (len when none)."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and t in stops:
            return j
    return len(tokens)


def rewrite(tokens, triggers: frozenset[str] | set[str], handle) -> list[str]:
    """``tokens`` with each token of ``triggers`` (and whatever it reads) replaced: ``handle(tokens, i)``
    returns the replacement and the index after what it read (past the trigger).  The one loop every token rewrite
    shares; the tokens between triggers are copied as they are."""
    if triggers.isdisjoint(tokens):
        return list(tokens)
    out: list[str] = []
    i = 0
    for k in [k for k, t in enumerate(tokens) if t in triggers]:
        if k < i:
            continue  # read by the trigger before
        out.extend(tokens[i:k])
        new, i = handle(tokens, k)
        out.extend(new)
    out.extend(tokens[i:])
    return out


def arg(tokens: list[str], i: int) -> tuple[list[str], int, bool]:
    """Read one mandatory argument at ``i``: (inner tokens, index after it, was a group).

    Like TeX: skip spaces, then a ``{…}`` group or one token.  At the end, an empty argument.
    """
    i = skip_space(tokens, i)
    if i >= len(tokens):
        return [], i, False
    if tokens[i] == "{":
        end = group_end(tokens, i)
        return tokens[i + 1:end - 1], end, True
    return [tokens[i]], i + 1, False


def opt_arg(tokens: list[str], i: int) -> tuple[list[str] | None, int]:
    """Read an optional ``[…]`` argument at ``i`` (brackets inside braces do not count)."""
    j = skip_space(tokens, i)
    if j >= len(tokens) or tokens[j] != "[":
        return None, i
    depth = 0
    for k in range(j + 1, len(tokens)):
        t = tokens[k]
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
        elif t == "]" and depth == 0:
            return tokens[j + 1:k], k + 1
    return None, i


def text_of(tokens: list[str]) -> str:
    """The plain text of an argument such as a label name or a colour (spaces kept)."""
    return "".join(tokens).strip()


def env_name(tokens: list[str], i: int) -> tuple[str, int]:
    """After ``\\begin``/``\\end`` at ``i - 1``: the environment name and the index after it."""
    inner, j, _ = arg(tokens, i)
    return text_of(inner), j


def split_top(tokens: list[str], sep: str) -> list[list[str]]:
    """Split at ``sep`` tokens (``\\\\`` or ``&``) that are outside groups and inner environments."""
    if sep not in tokens:
        return [list(tokens)]
    parts: list[list[str]] = [[]]
    part = parts[0]
    depth = 0
    for t in tokens:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        if t == sep and depth == 0:
            # ``\\[2pt]`` keeps its spacing argument at the start of the next row.
            part = []
            parts.append(part)
        else:
            part.append(t)
    return parts


def depths(tokens: list[str] | tuple[str, ...]) -> list[int]:
    """The nesting depth of each token in braces and environments (0: the top level); an opening
    ``{`` or ``\\begin`` stands at the outer depth, and so does its closing partner."""
    out, depth = [], 0
    for t in tokens:
        if t in _CLOSE:
            depth -= 1
        out.append(depth)
        if t in _OPEN:
            depth += 1
    return out


_OPEN = frozenset(["{", "\\begin"])
_CLOSE = frozenset(["}", "\\end"])
_PAIRS = frozenset(["{", "}", "\\left", "\\right", "\\begin", "\\end"])


def balanced(tokens: list[str]) -> str | None:
    """None when braces and ``\\begin``/``\\end`` pair up, else what is wrong."""
    stack: list[str] = []
    i = 0  # the index after the last token read (an environment's name is read with it)
    for k in [k for k, t in enumerate(tokens) if t in _PAIRS]:
        if k < i:
            continue
        t = tokens[k]
        i = k + 1
        if t in ("{", "\\left"):
            stack.append(t)
        elif t == "}":
            if not stack or stack[-1] != "{":
                return "a '}' has no '{'" if "{" in stack or not stack else "\\left has no \\right"
            stack.pop()
        elif t == "\\right":
            if not stack or stack[-1] != "\\left":
                return "\\right has no \\left"
            stack.pop()
        else:  # \\begin, \\end
            name, i = env_name(tokens, k + 1)
            if t == "\\begin":
                stack.append(name)
            elif not stack or stack[-1] != name:
                return f"\\end{{{name}}} does not close " + (f"{stack[-1]}" if stack else "anything")
            else:
                stack.pop()
    if stack:
        top = stack[-1]
        return {"{": "a '{' is never closed", "\\left": "\\left has no \\right"}.get(top, f"\\begin{{{top}}} is never closed")
    return None
