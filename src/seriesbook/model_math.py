"""The data model of formulas: a :class:`Math` node (re-exported by :mod:`seriesbook.model`) as
the parser makes it and the math passes fill it in, with its rows, labels and resolved references.

Kept apart from the blocks and inlines because it is its own contract: the parser writes the
source fields, ``math/`` the rest, and only the writers under ``render/`` read the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only an annotation here; a real import would be circular (model imports Math)
    from .model import SourcePos


@dataclass(frozen=True)
class Label:
    """An equation label, scoped to its post."""

    name: str
    """The label as the post wrote it (``eq:base``)."""
    number: str
    """The number the site shows for it (``"3"``, or a ``\\tag`` text such as ``"32"``)."""
    pos: SourcePos
    """Where the label is defined."""


@dataclass(frozen=True)
class MathRow:
    """One row of a formula, as the math passes leave it for the writers (``render/latex_math``,
    ``render/epub_math``): a formula without rows of its own has one."""

    tokens: tuple[str, ...]
    """The row's TeX tokens: the post's macros expanded, ``\\label``/``\\tag``/``\\nonumber`` taken
    out, ``eqnarray``'s three columns folded into ``align``'s two; ``\\eqref``/``\\ref`` stay as
    written (their targets are :attr:`Math.targets`)."""
    number: str | None = None
    """What the site shows at the row's right: the post's counter or a ``\\tag``'s text (None: nothing)."""
    tagged: bool = False
    """True when ``number`` is a ``\\tag``'s own text rather than the post's counter."""
    star: bool = False
    """``\\tag*``: the number is shown without parentheses."""
    labels: tuple[str, ...] = ()
    """The labels the row defines, as the post wrote them."""
    space: str = ""
    """The extra space before the row (``5pt`` of ``\\\\[5pt]``)."""


@dataclass(frozen=True)
class RefTarget:
    """What a ``\\eqref{name}``/``\\ref{name}`` of a formula points at, resolved in its post."""

    name: str
    """The label as the post wrote it."""
    number: str | None
    """The number the site shows for it; None when the post has no such numbered label ("??")."""
    linked: bool
    """True when the labelled formula is typeset as math, so the book can link to it."""


@dataclass(frozen=True)
class Math:
    """One formula. The parser fills the source fields; the math passes fill the rest as data
    (environment, rows, resolved references); only the writers under ``render/`` make TeX of it."""

    tex: str
    """The source TeX without its delimiters, byte-exact after HTML entity decoding."""
    display: bool
    """True for display math (``$$``, ``\\[``, environments), False for inline."""
    delim: str
    """How the source wrote it: ``$``, ``$$``, ``\\(``, ``\\[`` or ``env`` (a bare environment)."""
    pos: SourcePos
    """Where the formula starts."""
    env: str = ""
    """The top environment without its star (``align``, ``gather``, ``multline``, ``alignat``,
    ``flalign``, ``equation``; ``eqnarray`` is ``align``), or ``""`` for plain math."""
    env_args: tuple[str, ...] = ()
    """The environment's argument tokens (``{2}`` of ``alignat``)."""
    rows: tuple[MathRow, ...] = ()
    """The rows (one unless ``env`` numbers every row), with their numbers and labels."""
    targets: tuple[RefTarget, ...] = ()
    """Every ``\\eqref``/``\\ref`` target of ``rows``, resolved against the post's labels."""
    labels: tuple[Label, ...] = ()
    """Labels this formula defines."""
    refs: tuple[str, ...] = ()
    """Labels this formula refers to with ``\\eqref``/``\\ref`` (unprefixed)."""
    ref_only: str | None = None
    """When the whole formula is just ``\\eqref{x}``, the label ``x`` (the EPUB makes it a link)."""
    verbatim: bool = False
    """True when the formula could not be converted: renderers show ``tex`` verbatim."""
    error: str | None = None
    """Why it is verbatim, for the report."""

    @property
    def numbers(self) -> tuple[str, ...]:
        """The numbers the site shows for this formula, one per numbered row, in order."""
        return tuple(r.number for r in self.rows if r.number is not None)

    @property
    def tagged(self) -> int:
        """How many of ``numbers`` are a ``\\tag``'s own text rather than the post's counter."""
        return sum(r.tagged for r in self.rows if r.number is not None)

    @property
    def bare(self) -> tuple[bool, ...]:
        """For each of ``numbers``: True when it comes from ``\\tag*`` and is shown without parentheses."""
        return tuple(r.star for r in self.rows if r.number is not None)
