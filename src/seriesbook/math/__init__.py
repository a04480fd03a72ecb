"""The math converter: MathJax TeX from a post → structured math (environment, rows of tokens
with their numbers, tags and labels, resolved references), numbers and labels as the site
shows them.  The writers ``render/latex_math`` (xelatex) and ``render/epub_math`` (texmath)
make TeX of it; nothing here knows an output format.

    decode → macros → mathjax-only → check → translate → rows → number → scope-labels
           → refs → expand → targets → guard                      (see :data:`PASSES`)

Public interface:

* :func:`normalize_post` — every formula of a post, with a per-post equation counter, labels
  and macros; returns the new post and its warnings.
* :func:`normalize_math` — one formula (tests, fuzzing).
* :data:`PREAMBLE` — what the book's preamble must load for every formula the writers make.
* :func:`stats`, :func:`iter_math`, :func:`mark_failed`.

Idempotence: normalising a Math again (its source fields unchanged) gives the same Math;
the passes read only ``tex``/``display``/``delim``/``pos`` and rewrite every other field.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterator

from ..diagnostics import Diagnostic
from ..walk import iter_nodes, map_nodes
from ..model import Math, Post
from .commands import book_definitions
from .passes import PASSES, POST_PASSES_FROM, Context, Draft, Pass, run

__all__ = ["PASSES", "PREAMBLE", "Pass", "normalize_post", "normalize_math", "stats",
           "iter_math", "mark_failed"]

#: Packages and definitions every formula's book TeX needs (xelatex + ctexbook, no unicode-math).
#: It loads templates/seriesbook.sty: run TeX with :func:`seriesbook.build.latex.tex_environment`,
#: whose TEXINPUTS finds it.
PREAMBLE = r"""% --- seriesbook math (seriesbook.math.PREAMBLE) ---
\usepackage{amsmath,amssymb,amsfonts}
\usepackage{mathtools}
\usepackage{empheq}
\setcounter{MaxMatrixCols}{64}
\usepackage{mathrsfs}
\usepackage{amscd}
\usepackage{cancel}
\usepackage[version=4]{mhchem}
\usepackage{xcolor}
\usepackage{braket}
% MathJax knows these; LaTeX does not (seriesbook.math.commands, "book"): among them gensymb's units
% (the gensymb package would load textcomp's TS1 fonts, which the book's fontspec fonts lack).
"""+book_definitions()+r"""% \SBstylebox, \SBdoublestruck, \SBfactorbreak, \SBeqref, \SBref (templates/seriesbook.sty, found through TEXINPUTS).
\usepackage{seriesbook}
% --- end seriesbook math ---
"""


def normalize_math(math: Math, key: str = "p0") -> tuple[Math, list[Diagnostic]]:
    """Run every pass on one formula, as the only formula of post ``key``."""
    ctx = Context(key=key)
    ctx.draft = Draft()
    m = run(PASSES, _fresh(math), ctx)
    return m, ctx.warnings


def normalize_post(post: Post) -> tuple[Post, list[Diagnostic]]:
    """Normalise every formula of ``post`` in document order.

    The post's own macros (``\\newcommand``, ``\\def``, ``\\DeclareMathOperator``) are expanded
    inside each of its formulas, so they are scoped to the post by construction: nothing is
    defined at the TeX level, nothing leaks into the next chapter.

    Labels are scoped to the post; ``\\eqref`` to a label the post lacks is ``xref.missing``
    (the book shows "(??)"), a label defined twice is ``xref.duplicate``.
    """
    ctx = Context(key=post.key, post=post.title)
    done: list[Math] = []
    drafts: list[Draft] = []
    for m in iter_math(post):
        ctx.draft = Draft()
        done.append(run(PASSES[:POST_PASSES_FROM], _fresh(m), ctx))
        drafts.append(ctx.draft)
    for k, (m, draft) in enumerate(zip(done, drafts)):
        ctx.draft = draft
        done[k] = run(PASSES[POST_PASSES_FROM:], m, ctx)
    # One rebuild of the tree: iter_math and map_math meet the formulas in the same order.
    final = iter(done)
    return map_math(post, lambda m: next(final)), ctx.warnings


def _fresh(m: Math) -> Math:
    """The Math with only its source fields, so normalising twice gives the same result."""
    return Math(m.tex, m.display, m.delim, m.pos)


def map_math(node, fn: Callable[[Math], Math]):
    """Apply ``fn`` to every Math under ``node`` in document order, rebuilding frozen nodes."""
    return map_nodes(node, lambda n: fn(n) if isinstance(n, Math) else n, stop=(Math,))


def iter_math(node) -> Iterator[Math]:
    """Every Math under ``node`` in document order (the order :func:`mark_failed` indexes)."""
    return (n for n in iter_nodes(node, stop=(Math,)) if isinstance(n, Math))


def stats(post: Post) -> dict:
    """Counts for the report: ``formulas``, ``formulas_failed`` (verbatim), ``numbered_equations``
    (rows the post's equation counter numbered; ``\\tag``ged rows show their own text and do not count)."""
    maths = list(iter_math(post))
    return {"formulas": len(maths), "formulas_failed": sum(m.verbatim for m in maths),
            "numbered_equations": sum(len(m.numbers) - m.tagged for m in maths)}


def mark_failed(post: Post, failures: dict[int, str]) -> tuple[Post, list[Diagnostic]]:
    """Make the formulas at ``failures``' indexes (in :func:`iter_math` order) verbatim.

    ``failures`` maps an index to xelatex's first error line (from
    :func:`seriesbook.build.isolate.find_broken`); each gives a ``math.compile-error`` warning.
    Their numbers stay; references to their labels print the number as text (``\\SBeqref``).
    """
    warnings: list[Diagnostic] = []
    counter = iter(range(1 << 30))

    def mark(m: Math) -> Math:
        i = next(counter)
        if i not in failures:
            return m
        warnings.append(Diagnostic("math.compile-error", f"formula shown verbatim in the PDF: {failures[i]}",
                                   m.pos, post.title))
        return replace(m, verbatim=True, error=f"[math.compile-error] {failures[i]}")

    return map_math(post, mark), warnings
