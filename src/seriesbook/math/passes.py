"""The math passes: one ordered list, each pass a small function ``(Math, Context) → Math``.

A pass reads and updates the formula's working state in ``ctx.draft`` (tokens, layout, rows)
and reports problems with ``ctx.warn``.  The first passes (up to ``scope-labels``) run on every
formula of a post in document order; the rest need every label of the post and run after
(see :func:`seriesbook.math.normalize_post`).  A formula that fails a check still goes through
numbering, so that the numbers after it stay the site's.  What the checks refuse is
:mod:`.checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple

from ..diagnostics import Diagnostic
from ..model_math import Label, Math, MathRow, RefTarget
from ..walk import replace
from . import checks, infix, macros as mac, mathjax, number as num, physics, rewrite
from .tokens import arg, split_top, text_of, tokenize


@dataclass
class Draft:
    """The working state of one formula between passes."""

    tokens: list[str] = field(default_factory=list)
    shape: num.Shape | None = None
    rows: list[num.Line] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    error: tuple[str, str] | None = None
    """(code, message) that makes the formula verbatim."""


@dataclass
class Context:
    """Per-post state shared by the passes."""

    key: str = "p0"
    post: str | None = None
    counter: int = 0
    labels: dict[str, Label] = field(default_factory=dict)
    verbatim_labels: set[str] = field(default_factory=set)
    macros: dict[str, mac.Macro] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    draft: Draft = field(default_factory=Draft)
    math: Math | None = None

    def warn(self, code: str, message: str) -> None:
        """Report a problem at the current formula."""
        pos = self.math.pos if self.math else None
        self.warnings.append(Diagnostic(code, message, pos, self.post))

    def fail(self, code: str, message: str) -> None:
        """Make the current formula verbatim (the first reason wins) and report it."""
        if self.draft.error is None:
            self.draft.error = (code, message)
            self.warn(code, message)


class Pass(NamedTuple):
    """A named pass with its one-line description."""

    name: str
    run: Callable[[Math, Context], Math]
    doc: str


# --------------------------------------------------------------------------- per-formula passes

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&nbsp;": " "}
_ENTITY = re.compile("|".join(_ENTITIES))
_SPACE_AFTER_BACKSLASH = re.compile(r"\\\s")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def decode(m: Math, ctx: Context) -> Math:
    """Strip comments and invisible characters, then tokenize."""
    if "^^" in _cleaned(m.tex):
        ctx.fail("math.forbidden", "'^^' character escapes are not allowed in math")
    ctx.draft.tokens = list(_decoded(m.tex))
    return m


#: Formulas repeat (``$x$``, ``$t$`` …, and whole displays in a series), so the passes that depend
#: on nothing but the formula's text or tokens remember their results (as tuples: never shared lists).
_CACHE_SIZE = 16384


@lru_cache(maxsize=_CACHE_SIZE)
def _cleaned(tex: str) -> str:
    tex = _CONTROL.sub("", tex).replace("\u00a0", " ").replace("\u3000", " ")
    # HTML escaped twice (``&lt;`` in the TeX MathJax reads) is still what the author meant.
    if "&" in tex:
        tex = _ENTITY.sub(lambda e: _ENTITIES[e.group()], tex)
    # A blank line is a paragraph break to TeX (an error in math); MathJax reads it as a space.
    if "\n" in tex:
        tex = _BLANK_LINES.sub("\n", tex)
    return tex


@lru_cache(maxsize=_CACHE_SIZE)
def _decoded(tex: str) -> tuple[str, ...]:
    """The tokens of ``tex``: cleaned, ``\\verb`` read, comments dropped, control spaces made ``\\ ``."""
    tex = _cleaned(tex)
    tokens = rewrite.comments(tokenize(mathjax.verb(tex)))
    # ``\`` before a line break is a control space in MathJax and TeX alike.
    if _SPACE_AFTER_BACKSLASH.search(tex) or "\\verb" in tex:  # else no such token can be there
        tokens = ["\\ " if len(t) == 2 and t[0] == "\\" and t[1].isspace() else t for t in tokens]
    return tuple(tokens)


def define_macros(m: Math, ctx: Context) -> Math:
    """Take the post's own \\newcommand/\\def/\\let/\\DeclareMathOperator definitions out of the
    formula and expand every use, with the definitions in force here (as MathJax does, before
    it reads rows, labels and references)."""
    tokens, found, problems = mac.extract(ctx.draft.tokens, ctx.macros)
    for p in problems:
        ctx.fail("math.forbidden", f"unsafe macro definition: {p}")
    for macro in found:
        ctx.macros[macro.name] = macro
    ctx.draft.tokens = mac.expand(tokens, ctx.macros)
    return m


#: The checks depend on nothing but the tokens (and the post's macro names): remembered like the passes above.
_problem = lru_cache(maxsize=_CACHE_SIZE)(checks.problem)
_unsafe = lru_cache(maxsize=_CACHE_SIZE)(checks.unsafe)


def check(m: Math, ctx: Context) -> Math:
    """Refuse forbidden commands, unknown commands and environments, and unbalanced braces."""
    problem = _problem(tuple(ctx.draft.tokens), frozenset(ctx.macros))
    if problem:
        ctx.fail(*problem)
    return m


def approximate(m: Math, ctx: Context) -> Math:
    """Drop or approximate MathJax-only commands (\\require, \\bbox, \\style, \\unicode, \\color{c}{x},
    the physics extension's \\abs, \\dv, \\qty …); MathJax's environments the book lacks as ones it has."""
    if "\\begin" in ctx.draft.tokens:
        ctx.draft.tokens = list(_environments(tuple(ctx.draft.tokens)))
    if _APPROXIMATED.isdisjoint(ctx.draft.tokens):
        return m  # nothing for physics, mathjax_only or colors to rewrite

    def warn(msg: str) -> None:
        ctx.warn("math.approximated", msg)
    toks = physics.expand(ctx.draft.tokens, set(ctx.macros))
    ctx.draft.tokens = rewrite.colors(mathjax.mathjax_only(toks, warn), warn)
    return m


@lru_cache(maxsize=_CACHE_SIZE)
def _environments(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`mathjax.environments` (pure, and formulas repeat: cached)."""
    return tuple(mathjax.environments(list(tokens)))


#: Every token that starts a rewrite of the mathjax-only pass.
_APPROXIMATED = physics.COMMANDS | mathjax.ONLY | rewrite.COLOR_COMMANDS


def translate(m: Math, ctx: Context) -> Math:
    """Apply the table: Unicode symbols → commands, CJK → \\text{}, braces for ``_\\cmd{x}``, wide arrays;
    refuse two superscripts or subscripts on one base and a command short of an argument, as MathJax does."""
    tokens, problem = _translated(tuple(ctx.draft.tokens))
    ctx.draft.tokens = list(tokens)
    if problem:
        ctx.fail("math.unbalanced", problem)
    return m


@lru_cache(maxsize=_CACHE_SIZE)
def _translated(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """The translated tokens and why MathJax would reject their scripts or arguments (or None).
    The two script checks walk every token and depend on nothing else: cached with the translation."""
    toks = rewrite.brace_scripts(rewrite.wrap_text(list(tokens)))
    toks = infix.infix(rewrite.lead_amp(rewrite.cases_cells(rewrite.widen_arrays(rewrite.trailing_rows(toks)))), epub=False)
    return tuple(toks), rewrite.double_script(toks) or rewrite.missing_argument(toks)


def split_rows(m: Math, ctx: Context) -> Math:
    """Find the top environment and split rows, taking out \\label, \\tag and \\nonumber."""
    d = ctx.draft
    shape, rows = num.layout(tuple(d.tokens), m.display)
    # The later passes set the rows' numbers, labels and tags: each formula gets its own Line
    # objects.  Their lists and the shape are shared with the cache: nothing changes those in place.
    d.shape = shape
    d.rows = [replace(r) for r in rows]
    if not m.display and not d.shape.env:  # a numbered environment in $…$ keeps its numbers (MathJax's do)
        for row in d.rows:
            if row.labels or row.tag is not None:
                ctx.warn("math.approximated", "\\label/\\tag in inline math ignored, as MathJax does")
            row.labels, row.tag = [], None
    return m


def number_rows(m: Math, ctx: Context) -> Math:
    """Number the rows in document order, as MathJax's AMS tags do.

    A row that defines a label the post already has stops the formula there, as in MathJax
    ("Label multiply defined"): the rows before it keep their numbers, the first definition
    keeps the label, and the formula is shown verbatim."""
    rows = ctx.draft.rows
    if ctx.draft.error and ctx.draft.error[0] == "math.unbalanced":
        rows = ctx.draft.rows = _finished_rows(ctx.draft.shape, rows)
    seen: set[str] = set()  # this formula's labels so far (not a copy of the post's: formulas are many)
    for k, row in enumerate(rows):
        again = next((name for name in row.labels if name in ctx.labels or name in seen), None)
        if again is not None:
            first = ctx.labels.get(again)
            where = f"line {first.pos.line}" if first and first.pos else "this formula"
            ctx.fail("xref.duplicate", f"label {again!r} is defined twice (first at {where}, again here); "
                     "the first definition is kept and this formula is shown verbatim, as on the site")
            rows = ctx.draft.rows = rows[:k]
            break
        seen.update(row.labels)
    ctx.counter = num.number(ctx.draft.shape, rows, ctx.counter, m.display)
    return replace(m, rows=tuple(_row(r, ()) for r in rows))


def _finished_rows(shape: num.Shape, rows: list[num.Line]) -> list[num.Line]:
    """The rows MathJax numbers in a formula it rejects (``math.unbalanced``): it stops at the
    error, so an equation gets no number and an align keeps the rows before the first wrong one
    (all when no row is wrong by itself: a stray brace shows only at the end).  Later numbers of
    the post then match the site's."""
    if not shape.multirow:
        return []
    def wrong(row: num.Line) -> bool:
        cells = [t for t in row.tokens if t != "&"]  # a row's own '&' are its cells, not misplaced
        return len(row.labels) > 1 or checks.out_of_place(cells) is not None
    return rows[:next((k for k, r in enumerate(rows) if wrong(r)), len(rows))]


def _row(line: num.Line, tokens: tuple[str, ...]) -> MathRow:
    return MathRow(tokens, line.number, line.tag is not None, line.tag is not None and line.tag_star,
                   tuple(line.labels), line.space)


def scope_labels(m: Math, ctx: Context) -> Math:
    """Record each label with its number for the post."""
    found: list[Label] = []
    for row in ctx.draft.rows:  # a label defined twice stopped the rows in number_rows
        for name in row.labels:
            label = Label(name, row.number or "", m.pos)
            ctx.labels[name] = label
            found.append(label)
    if ctx.draft.error:
        ctx.verbatim_labels.update(lab.name for lab in found)
    # Most formulas have no label: no copy of the Math for them.
    return replace(m, labels=tuple(found)) if found or m.labels else m


# --------------------------------------------------------------------------- after the whole post

_REF_CMDS = num.REF_COMMANDS
_REF_ONLY = re.compile(r"^\s*(?:\\eqref\s*\{([^{}]*)\}|\(\s*\\ref\s*\{([^{}]*)\}\s*\))\s*$")


def resolve_refs(m: Math, ctx: Context) -> Math:
    """Find \\eqref/\\ref targets; a label the post lacks is an xref.missing warning."""
    refs: list[str] = []
    toks = ctx.draft.tokens
    for i in ([] if _REF_CMDS.isdisjoint(toks) else [i for i, t in enumerate(toks) if t in _REF_CMDS]):
        t = toks[i]
        name = text_of(arg(toks, i + 1)[0])
        refs.append(name)
        if name not in ctx.labels:
            ctx.warn("xref.missing", f"{t}{{{name}}} names a label this post does not define; shown as (??)")
        elif not ctx.labels[name].number:
            ctx.warn("xref.missing", f"{t}{{{name}}} names an unnumbered formula; shown as (??)")
    only = _REF_ONLY.match(m.tex) if "ref" in m.tex else None
    ref_only = (only.group(1) or only.group(2)).strip() if only else None
    # Most formulas refer to nothing: no copy of the Math for them.
    if refs or m.refs or ref_only is not None or m.ref_only is not None:
        return replace(m, refs=tuple(refs), ref_only=ref_only)
    return m


def expand_rows(m: Math, ctx: Context) -> Math:
    """The rows as data for the writers: ``eqnarray``'s three columns folded into ``align``'s two
    (the post's macros were expanded when the formula was read)."""
    d = ctx.draft
    if d.error:
        return m
    folded = d.shape.base == "eqnarray"
    rows = []
    for line in d.rows:
        tokens = line.tokens
        rows.append(_row(line, tuple(_eqnarray_row(tokens) if folded else tokens)))
    return replace(m, env="align" if folded else d.shape.base, env_args=tuple(d.shape.args), rows=tuple(rows))


def _eqnarray_row(tokens: list[str]) -> list[str]:
    """``a &=& b`` → ``a &= b``: eqnarray's three columns as align's two."""
    cells = split_top(tokens, "&")
    if len(cells) < 3:
        return tokens
    return [*cells[0], "&", *cells[1], *cells[2], *[t for c in cells[3:] for t in ["&", *c]]]


def resolve_targets(m: Math, ctx: Context) -> Math:
    """Every ``\\eqref``/``\\ref`` of the rows with the number it shows and whether it can link."""
    names: dict[str, None] = {}
    for row in m.rows:
        if not _REF_CMDS.isdisjoint(row.tokens):
            toks = row.tokens
            for i in [i for i, t in enumerate(toks) if t in _REF_CMDS]:
                names[text_of(arg(toks, i + 1)[0])] = None
    targets = []
    for name in names:
        label = ctx.labels.get(name)
        number = label.number if label and label.number else None
        targets.append(RefTarget(name, number, number is not None and name not in ctx.verbatim_labels))
    return replace(m, targets=tuple(targets)) if targets else m


def guard(m: Math, ctx: Context) -> Math:
    """Refuse a formula whose data holds a ``^^`` escape or a forbidden command, whatever produced it.

    ``check`` reads the source; macro expansion and ``\\unicode`` run after it and could
    assemble, say, ``^^5cinput`` from harmless pieces.  This last look is on what the writers
    will put into the TeX for xelatex and pandoc: the rows, their numbers and the numbers of
    the references (the writers add only their own fixed commands)."""
    pieces = [m.env_args] + [row.tokens for row in m.rows]
    # A number the counter gave (digits only) cannot hold anything unsafe; a \tag's text can.
    pieces += [tuple(tokenize(text)) for text in [r.number for r in m.rows] + [t.number for t in m.targets]
               if text and not text.isdigit()]
    for tokens in pieces:
        problem = _unsafe(tokens)
        if problem:
            ctx.fail("math.forbidden", problem)
            return m
    return m


#: The passes, in order.  Those before :data:`POST_PASSES_FROM` run formula by formula.
PASSES: list[Pass] = [
    Pass("decode", decode, "strip comments and invisible characters, tokenize"),
    Pass("macros", define_macros, "take out the post's safe \\newcommand/\\def/\\let definitions, expand their uses"),
    Pass("mathjax-only", approximate, "drop or approximate \\require, \\bbox, \\style, \\unicode; \\color{c}{x}; physics"),
    Pass("check", check, "forbidden → math.forbidden, unknown → math.unknown-macro, unbalanced braces"),
    Pass("translate", translate, "the table: Unicode → commands, CJK → \\text{}, _\\cmd{x} → _{\\cmd{x}}, wide arrays, \\over → \\frac"),
    Pass("rows", split_rows, "find the top environment, split rows, take out \\label/\\tag/\\nonumber"),
    Pass("number", number_rows, "number rows in document order as MathJax's AMS tags do; a label defined twice stops the formula"),
    Pass("scope-labels", scope_labels, "record labels with their numbers"),
    Pass("refs", resolve_refs, "find \\eqref/\\ref targets; missing → xref.missing"),
    Pass("expand", expand_rows, "the rows as the writers take them: the post's macros expanded, eqnarray folded"),
    Pass("targets", resolve_targets, "each \\eqref/\\ref of the rows: the number it shows, whether it links"),
    Pass("guard", guard, "the rows, tags and reference numbers hold no ^^ escape and no forbidden command"),
]

#: Index of the first pass that needs all labels of the post.
POST_PASSES_FROM = [p.name for p in PASSES].index("refs")


def run(passes: list[Pass], m: Math, ctx: Context) -> Math:
    """Run ``passes`` on one formula; any unexpected failure makes it verbatim, never a crash."""
    ctx.math = m
    for p in passes:
        try:
            m = p.run(m, ctx)
        except mac.ExpansionError as exc:
            ctx.fail("math.forbidden", str(exc))
        except Exception as exc:  # noqa: BLE001 - one formula must never fail a book
            ctx.fail("math.internal", f"could not convert ({p.name}: {type(exc).__name__}: {exc})")
        if ctx.draft.error and p.name in ("expand", "targets", "guard") and not m.verbatim:
            code, why = ctx.draft.error
            m = replace(m, verbatim=True, error=f"[{code}] {why}")
        ctx.math = m
    return m
