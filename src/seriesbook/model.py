"""The one data model of seriesbook: frozen dataclasses that flow through the stages.

    Manifest → [RawPost] → [Post] → Book → TeX / EPUB → artifacts + report

* A *reader* (``sources/``) turns a file or a URL into :class:`RawPost` — metadata plus the
  body exactly as it came (HTML fragment, dump text, or Markdown).
* The *parser* (``parse/``) turns a RawPost into a :class:`Post`: blocks and inlines, with
  every formula a :class:`Math` node that still holds its source TeX byte for byte.
* The *math passes* (``math/``) fill in each Math's book TeX, EPUB TeX, numbers and labels
  (the formulas' data model is :mod:`seriesbook.model_math`; :class:`Math` is re-exported here).
* The *pipeline* gathers posts into a :class:`Book` and resolves links between posts.
* The *renderers* (``render/``) turn a Book into TeX and pandoc input; nothing else
  knows either output format.

Every node carries a :class:`SourcePos` so that any warning or error can name the file,
the post and the line.  Nodes are immutable: a stage returns new nodes
(``dataclasses.replace``), so every stage can be tested as a function from data to data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

from .model_math import Math  # the formulas' part of the model (Math re-exported; the rest: import from model_math)


@dataclass(frozen=True)
class SourcePos:
    """A place in an input file."""

    path: str
    """The file (or URL) the node was read from, as the user would name it."""
    line: int = 0
    """1-based line in that file; 0 when unknown."""
    col: int = 0
    """1-based column; 0 when unknown."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def shifted(self, lines: int) -> "SourcePos":
        """The position ``lines`` lines further down the same file."""
        return SourcePos(self.path, self.line + lines if self.line else 0, 0)


BodyFormat = Literal["html", "text", "markdown"]


@dataclass(frozen=True)
class RawPost:
    """A post as a reader found it, before any parsing."""

    title: str
    """The post's title, as the site shows it."""
    body: str
    """The body exactly as read: an HTML fragment, dump text, or Markdown (see ``format``)."""
    format: BodyFormat
    """How ``body`` is written."""
    pos: SourcePos
    """Where the post starts (its title line, or the file)."""
    body_line: int = 0
    """The line of ``pos.path`` on which ``body`` starts (so body lines map back to the file)."""
    date: str | None = None
    """Publication date, ``YYYY-MM-DD``, when known."""
    author: str | None = None
    """Author as the site names them."""
    url: str | None = None
    """Canonical URL of the post on the site, when known."""
    archive: int | None = None
    """The site's archive number N (``/archives/N``), when known."""
    readers: int | None = None
    """Reader count shown on the page; the newer (larger) count wins among duplicates."""
    excerpt: bool = False
    """True when only a listing-page excerpt is known, not the full post."""
    fetched_at: str | None = None
    """ISO time the page was fetched from the site, for the provenance page."""
    citation: str | None = None
    """The site's BibTeX citation block, kept as metadata, never as prose."""
    tags: tuple[str, ...] = ()
    """Category and tags shown outside the body."""
    duplicates: tuple[SourcePos, ...] = ()
    """Other places the same post was found (reported, never silently dropped)."""


# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain prose text (not yet escaped for any output)."""

    text: str
    pos: SourcePos


@dataclass(frozen=True)
class Styled:
    """Inline markup around other inlines."""

    style: Literal["strong", "emph", "underline", "sup", "sub", "strike", "color"]
    """The kind of markup."""
    children: tuple["Inline", ...]
    pos: SourcePos
    color: str | None = None
    """For ``style == "color"``: the colour name or ``#rrggbb``."""


@dataclass(frozen=True)
class Code:
    """Inline code; never contains math."""

    text: str
    pos: SourcePos


@dataclass(frozen=True)
class Link:
    """A hyperlink.  ``post`` is set when it points at another post of the same book."""

    href: str
    """The URL as written, made absolute against the site."""
    children: tuple["Inline", ...]
    pos: SourcePos
    archive: int | None = None
    """The archive number when ``href`` is a post of the site (``/archives/N``)."""
    post: str | None = None
    """Key of the target post when it is in the same book (filled by the pipeline)."""


@dataclass(frozen=True)
class InlineMath:
    """A formula inside prose."""

    math: Math
    pos: SourcePos


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""

    pos: SourcePos


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote mark; the note's blocks travel with it."""

    blocks: tuple["Block", ...]
    pos: SourcePos


Inline = Union[Text, Styled, Code, Link, InlineMath, LineBreak, FootnoteRef]


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A section heading inside a post (``h2`` → level 2, …)."""

    level: int
    children: tuple[Inline, ...]
    pos: SourcePos
    anchor: str = ""
    """The heading's id on the site (its text), for links to ``#anchor``."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inlines."""

    children: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True)
class DisplayMath:
    """A formula on its own line(s)."""

    math: Math
    pos: SourcePos


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted code."""

    text: str
    pos: SourcePos
    language: str = ""


@dataclass(frozen=True)
class Quote:
    """A block quote."""

    children: tuple["Block", ...]
    pos: SourcePos


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of blocks."""

    ordered: bool
    items: tuple[tuple["Block", ...], ...]
    pos: SourcePos
    start: int = 1


@dataclass(frozen=True)
class Image:
    """A picture with an optional caption."""

    src: str
    """Absolute URL or path as the post names it."""
    alt: str
    pos: SourcePos
    caption: tuple[Inline, ...] = ()
    local: str | None = None
    """The picture's file relative to the build folder (``img/…``), filled by the pipeline
    when it fetched or copied it; None → a placeholder."""


@dataclass(frozen=True)
class Table:
    """A simple table: rows of cells of inlines; the first row is the header when ``header``."""

    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    pos: SourcePos
    header: bool = True


@dataclass(frozen=True)
class Rule:
    """A horizontal rule."""

    pos: SourcePos


@dataclass(frozen=True)
class Verbatim:
    """Input that could not be converted, shown as it was and reported."""

    text: str
    reason: str
    pos: SourcePos


Block = Union[Heading, Paragraph, DisplayMath, CodeBlock, Quote, ListBlock, Image, Table, Rule, Verbatim]


# --------------------------------------------------------------------------- posts and books


@dataclass(frozen=True)
class Post:
    """A parsed post: metadata from its RawPost and its body as blocks."""

    key: str
    """Stable id inside a book, used to prefix labels and anchors (``p9119``, or a slug)."""
    title: str
    blocks: tuple[Block, ...]
    pos: SourcePos
    date: str | None = None
    author: str | None = None
    url: str | None = None
    archive: int | None = None
    excerpt: bool = False
    """Only an excerpt is known: the book says so and links to the full post."""
    fetched_at: str | None = None
    citation: str | None = None
    part: int | None = None
    """Part number inside its series (五 → 5, 上/下 → 1/2), when the title has one."""


@dataclass(frozen=True)
class BookMeta:
    """What the cover, the provenance page and the file metadata say."""

    name: str
    """The series name (the NAME on the command line, and the output file stem)."""
    title: str
    subtitle: str = ""
    author: str = ""
    site: str = "https://kexue.fm"
    license: str = "CC BY-NC-ND 2.5 CN"
    license_url: str = "https://creativecommons.org/licenses/by-nc-nd/2.5/cn/"
    language: str = "zh-CN"
    paper: str = "a5"
    """Paper size: a4, a5, b5 or reader (6-inch)."""
    version: str = ""
    """seriesbook's version, for the PDF Creator field."""


@dataclass(frozen=True)
class Book:
    """A series, ready to render: posts in order, with cross-post links resolved."""

    meta: BookMeta
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class IndexEntry:
    """One post as the site's archive page (or its search listing) lists it."""

    number: int
    """The archive number N of ``SITE/archives/N``."""
    title: str
    """The title as the archive shows it."""
    date: str | None = None
    """``YYYY-MM-DD`` from the archive's year, month and day headings; None when not dated."""


@dataclass(frozen=True)
class SeriesEntry:
    """One post of a series of the site, in reading order."""

    number: int
    """The archive number N."""
    title: str
    """The post's title."""
    date: str | None
    """``YYYY-MM-DD``, or None."""
    part: int | None
    """The part number its title gives; None for a post of the series without one."""


@dataclass(frozen=True)
class SiteSeries:
    """A series the site's titles form: at least two posts."""

    name: str
    """The series name (the NAME of ``seriesbook build NAME``)."""
    posts: tuple[SeriesEntry, ...]
    """Its posts in reading order."""
