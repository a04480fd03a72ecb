"""Environments, rows, labels, tags and numbers — the way MathJax's AMS tagging shows them.

In a post, numbered environments count from (1) in document order; each row of ``align``,
``gather``, ``eqnarray``, ``alignat``, ``flalign`` without ``\\nonumber``/``\\notag`` takes a
number, ``equation`` and ``multline`` take one; ``\\tag{…}`` shows its own text and takes no
number; ``$$…$$``, ``\\[…\\]`` and starred environments are unnumbered except for a ``\\tag``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .tokens import arg, env_end, env_name, opt_arg, skip_space, split_top, text_of

MULTI = frozenset(["align", "gather", "eqnarray", "alignat", "flalign", "numcases", "subnumcases"])
"""Environments whose every row takes a number."""
SINGLE = frozenset(["equation", "multline"])
"""Environments that take one number."""
BRACED = frozenset(["numcases", "subnumcases"])
"""The cases package's environments: rows numbered one by one behind their argument and a brace."""
REF_COMMANDS = frozenset(["\\eqref", "\\ref"])
"""The commands that refer to a label (their targets are resolved in the math stage)."""
TOP = frozenset([*MULTI, *SINGLE, *(e + "*" for e in (*MULTI, *SINGLE))])
"""Environments that are a whole display by themselves."""


@dataclass
class Shape:
    """How a formula is laid out: its top environment (``""`` for plain math) and body."""

    env: str
    args: list[str]
    body: list[str]

    @property
    def base(self) -> str:
        """The environment without its star."""
        return self.env.rstrip("*")

    @property
    def numbered(self) -> bool:
        """True when rows take numbers without a ``\\tag``."""
        return self.env in MULTI or self.env in SINGLE

    @property
    def multirow(self) -> bool:
        """True for environments with one number per row."""
        return self.base in MULTI


@dataclass
class Line:
    """One row of a formula, with its label, tag and number taken out of its tokens."""

    tokens: list[str]
    labels: list[str] = field(default_factory=list)
    tag: str | None = None
    tag_star: bool = False
    nonumber: bool = False
    number: str | None = None
    space: str = ""
    """The spacing the ``\\\\`` before this row asked for (``5pt`` of ``\\\\[5pt]``), kept out of its tokens."""


def classify(tokens: list[str]) -> Shape:
    """Find the top environment: a bare ``\\begin{X}…\\end{X}`` or a display holding only one."""
    i = skip_space(tokens, 0)
    if i < len(tokens) and tokens[i] == "\\begin":
        name, j = env_name(tokens, i + 1)
        end = env_end(tokens, j)
        if name in TOP and end < len(tokens) and not "".join(tokens[end:]).strip().removeprefix(f"\\end{{{name}}}").strip():
            args: list[str] = []
            if name.rstrip("*") in _WITH_ARGUMENT:
                a, j2, grouped = arg(tokens, j)
                args, j = (["{", *a, "}"], j2) if grouped else ([], j)
            return Shape(name, args, tokens[j:end])
        if name == "empheq" and end < len(tokens):
            # A decorated empheq (the check refuses it): its rows number as its inner environment's.
            _, k = opt_arg(tokens, j)
            inner, k, _ = arg(tokens, k)
            if text_of(inner) in TOP:
                return Shape(text_of(inner), [], tokens[k:end])
    return Shape("", [], tokens)


#: Top environments with a mandatory argument before the body (the column pairs of ``alignat``,
#: the left-hand side of the cases package's ``numcases``).
_WITH_ARGUMENT = frozenset(["alignat", "numcases", "subnumcases"])


def lines(shape: Shape) -> list[Line]:
    """The rows of ``shape`` (one row unless it is a multi-row environment), labels and tags taken out."""
    rows = split_top(shape.body, "\\\\") if shape.multirow else [shape.body]
    spaces = [""] * len(rows)
    for k in range(1, len(rows)):  # \\[5pt] leaves its [5pt] at the start of the next row
        opt, end = opt_arg(rows[k], 0)
        if opt is not None:
            spaces[k], rows[k] = text_of(opt), rows[k][end:]
    if len(rows) > 1 and not "".join(rows[-1]).strip():
        rows.pop()  # a trailing \\ (or \\[6pt]) makes no empty numbered row in MathJax
        spaces.pop()
    out = [_take_marks(r) for r in rows]
    for row, space in zip(out, spaces):
        row.space = space
    return out


@lru_cache(maxsize=16384)
def layout(tokens: tuple[str, ...], display: bool) -> tuple[Shape, tuple[Line, ...]]:
    """The shape and rows of a formula's ``tokens`` (pure, and formulas repeat: cached, so the
    caller must copy what it changes).  In ``$…$`` an unnumbered environment without ``\\tag``
    (``\\begin{align*}``) is typeset in the line by MathJax: its rows are kept in one body."""
    shape = classify(list(tokens))
    if not display and shape.env and not (shape.numbered or "\\tag" in shape.body):
        rows = split_top(shape.body, "\\\\")
        shape = Shape("", [], [t for k, r in enumerate(rows) for t in ([*r] if not k else ["\\\\", *r])])
    return shape, tuple(lines(shape))


_MARKS = frozenset(["\\label", "\\tag", "\\nonumber", "\\notag"])


def _take_marks(tokens: list[str]) -> Line:
    """Remove ``\\label``, ``\\tag``, ``\\nonumber``/``\\notag`` from a row, remembering them."""
    if _MARKS.isdisjoint(tokens):
        return Line(list(tokens))
    line = Line([])
    i = 0
    for s in [k for k, t in enumerate(tokens) if t in _MARKS]:
        if s < i:
            continue  # inside the argument of a mark already read
        line.tokens.extend(tokens[i:s])
        i = s
        t = tokens[i]
        if t == "\\label":
            name, i, _ = arg(tokens, i + 1)
            line.labels.append(text_of(name))
        elif t == "\\tag":
            j = skip_space(tokens, i + 1)
            star = j < len(tokens) and tokens[j] == "*"
            text, i, _ = arg(tokens, j + 1 if star else i + 1)
            line.tag, line.tag_star = "".join(text).strip(), star
        else:  # \\nonumber, \\notag
            line.nonumber = True
            i += 1
    line.tokens.extend(tokens[i:])
    return line


def number(shape: Shape, rows: list[Line], counter: int, display: bool = True) -> int:
    """Give each row its number; returns the post's equation counter after this formula.

    MathJax 3.2.2 also numbers every ``multlined`` of a display (after the row it stands in):
    the counter counts them, so later numbers stay the site's, and a display that has no number
    of its own shows its first one."""
    for row in rows:
        if row.tag is not None:
            row.number = row.tag
        elif shape.numbered and not row.nonumber:
            counter += 1
            row.number = str(counter)
        inner = _multlined(row.tokens) if display else 0
        if inner and row.number is None and not shape.env:
            row.number = str(counter + 1)
        counter += inner
    return counter


def _multlined(tokens: list[str]) -> int:
    """How many ``multlined`` environments ``tokens`` open."""
    if "\\begin" not in tokens:
        return 0
    return sum(1 for k, t in enumerate(tokens) if t == "\\begin" and env_name(tokens, k + 1)[0] == "multlined")


def scoped_label(key: str, name: str) -> str:
    """The book-wide label for ``name`` in post ``key``: only characters hyperref takes safely."""
    safe = re.sub(r"[^A-Za-z0-9:.\-]", lambda m: f"+{ord(m.group()):x}+", name)
    key = re.sub(r"[^A-Za-z0-9\-]", "-", key)
    return f"eq:{key}:{safe}"
