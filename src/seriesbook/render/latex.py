"""The book's TeX: a renderer with one method per node type (mistune's BaseRenderer style)
and the two entry points :func:`render_chapter` and :func:`latex_document`.

Only this module and ``templates/*.tex.j2`` know TeX.  Every piece of text from a post goes
through :func:`escape_tex`; the only TeX taken from posts is a formula's, written by
:mod:`.latex_math` from what the math passes made safe.  Before each block a ``% seriesbook: <path>:<line>`` comment tells
``build.logparse`` which post line a TeX line came from.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .. import model as m
from ..errors import BuildError
from . import latex_math
from .templates import TeX, escape_pdfstring, escape_tex, escape_url, heading_text, make_env
from ..urls import is_safe_link

__all__ = ["LatexRenderer", "render_chapter", "latex_document", "escape_tex", "label_key"]

#: Heading level → sectioning command (posts use h2…h4; h1 and h5+ are folded in).
SECTIONS = {1: "section", 2: "section", 3: "subsection", 4: "subsubsection"}
_STYLE = {"strong": r"\textbf{%s}", "emph": r"\emph{%s}", "underline": r"\sbuline{%s}",
          "sup": r"\textsuperscript{%s}", "sub": r"\textsubscript{%s}", "strike": r"\sbsout{%s}"}
_COLOR = re.compile(r"#?[0-9A-Fa-f]{6}|[A-Za-z]+")


def label_key(key: str) -> str:
    """A post key made safe for ``\\label`` names (letters, digits, ``: . _ -``)."""
    return re.sub(r"[^A-Za-z0-9:._-]", "-", key)


def marker(pos: m.SourcePos | None) -> str:
    """The ``% seriesbook:`` comment that maps the following TeX lines to ``pos``."""
    if pos is None:
        return ""
    return f"% seriesbook: {comment_safe(pos.path)}:{pos.line}\n"


def comment_safe(text: str) -> str:
    """``text`` on one line, so that it can stand in a TeX comment."""
    return re.sub(r"[\r\n]+", " ", text)


class LatexRenderer:
    """Turns the nodes of one post into TeX.  ``render(node)`` dispatches on the node type
    to the method of the same (snake_case) name; an unknown node is a located error."""

    NAMES = {m.Heading: "heading", m.Paragraph: "paragraph", m.DisplayMath: "display_math",
             m.CodeBlock: "code_block", m.Quote: "quote", m.ListBlock: "list_block",
             m.Image: "image", m.Table: "table", m.Rule: "rule", m.Verbatim: "verbatim",
             m.Text: "text", m.Styled: "styled", m.Code: "code", m.Link: "link",
             m.InlineMath: "inline_math", m.LineBreak: "line_break", m.FootnoteRef: "footnote_ref"}

    def __init__(self, post: m.Post | None = None):
        self.post = post
        self.key = post.key if post else "p0"
        """The post's key, which scopes its equation labels."""
        # Inside a command argument (footnote, table cell, heading) verbatim environments
        # cannot be used: blocks fall back to argument-safe forms.
        self.in_argument = 0
        self.in_heading = False

    # ----------------------------------------------------------------- dispatch
    def render(self, node) -> str:
        """TeX for one node."""
        name = self.NAMES.get(type(node))
        if name is None:
            pos = getattr(node, "pos", None)
            raise BuildError(f"the TeX renderer does not know the node {type(node).__name__}", pos)
        return getattr(self, name)(node)

    def blocks(self, blocks) -> str:
        """TeX for a sequence of blocks, each preceded by its source marker."""
        out, previous = [], None
        for block in blocks:
            tex = self.render(block)
            # A display belongs to the paragraph around it: no paragraph break before it, and
            # the text after it goes on without indentation (as TeX books set formulas).
            if previous is not None:
                out.append("" if previous_joinable(previous, block) else
                           "\\par\n" if self.in_argument else "\n")
            out.append(tex if self.in_argument else marker(block.pos) + tex)
            previous = block
        return "".join(out)

    def inlines(self, inlines) -> str:
        """TeX for a sequence of inlines."""
        return "".join(self.render(node) for node in inlines)

    def argument(self, render, *args) -> str:
        """Call ``render(*args)`` in argument mode (no verbatim environments, no markers)."""
        self.in_argument += 1
        try:
            return render(*args)
        finally:
            self.in_argument -= 1

    # ----------------------------------------------------------------- blocks
    def heading(self, node: m.Heading) -> str:
        if self.in_argument:  # a heading inside a footnote or a cell: a bold line
            return f"\\textbf{{{self.inlines(node.children)}}}\\par"
        command = SECTIONS.get(node.level, "paragraph")
        self.in_heading = True
        try:
            title = self.argument(self.inlines, node.children)
        finally:
            self.in_heading = False
        return f"\\{command}{{{title}}}\n"

    def paragraph(self, node: m.Paragraph) -> str:
        return self.inlines(node.children).strip() + "\n"

    def display_math(self, node: m.DisplayMath) -> str:
        math = node.math
        if math.verbatim:
            return self.verbatim_math(math)
        return latex_math.display(math, self.key) + "\n"

    def verbatim_math(self, math: m.Math) -> str:
        """A formula that could not be converted: its source, framed, never compiled."""
        if not math.display or self.in_argument:
            shown = f"\\sbmathverb{{{verbatim_text(math.tex, math.display)}}}"
            # A bookmark cannot hold the breaks and colour: it shows the source as text.
            return f"\\texorpdfstring{{{shown}}}{{{escape_pdfstring(math.tex)}}}" if self.in_heading else shown
        return self.code_lines(math.tex, "sbmathverbatim")

    def code_block(self, node: m.CodeBlock) -> str:
        if self.in_argument:
            return f"\\sbcodelines{{{verbatim_text(node.text, True)}}}"
        return self.code_lines(node.text, "sbcode")

    def code_lines(self, text: str, env: str) -> str:
        """A fvextra environment with ``\\ { }`` escaped (``commandchars``), so no line of
        ``text`` can end the environment or run a command."""
        body = verbatim_text(text, True, inside_env=True)
        return f"\\begin{{{env}}}\n{body}\n\\end{{{env}}}\n"

    def quote(self, node: m.Quote) -> str:
        return f"\\begin{{quote}}\n{self.blocks(node.children)}\\end{{quote}}\n"

    def list_block(self, node: m.ListBlock) -> str:
        env = "enumerate" if node.ordered else "itemize"
        opts = f"[start={node.start}]" if node.ordered and node.start != 1 else ""
        items = "".join(f"\\item {self.blocks(item)}" for item in node.items)
        return f"\\begin{{{env}}}{opts}\n{items}\\end{{{env}}}\n"

    def image(self, node: m.Image) -> str:
        caption = self.argument(self.inlines, node.caption) if node.caption else ""
        if node.local and not re.search(r"[\\{}%#$^~\s]", node.local):
            return f"\\sbimage{{{node.local}}}{{{caption}}}\n"
        what = self.argument(self.inlines, node.caption) if node.caption else escape_tex(node.alt)
        return f"\\sbimagemissing{{{what}}}{{{escape_url(node.src)}}}{{{url_text(node.src)}}}\n"

    def table(self, node: m.Table) -> str:
        if not node.rows:
            return ""
        ncols = max(len(row) for row in node.rows)
        rows = [self.argument(self.table_row, row, ncols) for row in node.rows]
        spec = "@{}" + ">{\\raggedright\\arraybackslash}X" * ncols + "@{}"
        head, body = (rows[0], rows[1:]) if node.header else ("", rows)
        # xltabular breaks across pages but cannot stand in an argument (a footnote, a cell)
        env = "tabularx" if self.in_argument else "xltabular"
        lines = [("\\noindent" if self.in_argument else "") + f"\\begin{{{env}}}{{\\linewidth}}{{{spec}}}", "\\toprule"]
        if head:
            lines += [head, "\\midrule"] + ([] if self.in_argument else ["\\endhead"])
        lines += body + ["\\bottomrule", f"\\end{{{env}}}"]
        return "\n".join(lines) + "\n"

    def table_row(self, row, ncols: int) -> str:
        cells = [self.inlines(cell).strip() for cell in row]
        cells += [""] * (ncols - len(cells))
        return " & ".join(cells) + r" \\"

    def rule(self, node: m.Rule) -> str:
        return "\\sbrule\n"

    def verbatim(self, node: m.Verbatim) -> str:
        if self.in_argument:
            return f"\\sbcodelines{{{verbatim_text(node.text, True)}}}"
        return self.code_lines(node.text, "sbverbatim")

    # ----------------------------------------------------------------- inlines
    def text(self, node: m.Text) -> str:
        return heading_text(node.text) if self.in_heading else escape_tex(node.text)

    def styled(self, node: m.Styled) -> str:
        inner = self.argument(self.inlines, node.children)
        if node.style == "color":
            color = node.color or ""
            if not _COLOR.fullmatch(color):
                return inner
            if color.startswith("#") or re.fullmatch(r"[0-9A-Fa-f]{6}", color):
                return f"\\textcolor[HTML]{{{color.lstrip('#').upper()}}}{{{inner}}}"
            return f"\\sbcolor{{{color.lower()}}}{{{inner}}}"
        return _STYLE[node.style] % inner

    def code(self, node: m.Code) -> str:
        return f"\\sbinlinecode{{{escape_tex(node.text)}}}"

    def link(self, node: m.Link) -> str:
        shown = node.children[0].text if len(node.children) == 1 and isinstance(node.children[0], m.Text) else None
        if shown is not None and _URL_LIKE.match(shown.strip()) or not node.children:
            text = url_text(shown.strip() if shown else node.href)  # a URL as its own text: breakable
        else:
            text = self.argument(self.inlines, node.children)
        if node.post:
            return f"\\hyperref[chap:{label_key(node.post)}]{{{text}}}"
        if not is_safe_link(node.href):  # javascript: and the like stay text, as in the EPUB
            return text
        return f"\\href{{{escape_url(node.href)}}}{{{text}}}"

    def inline_math(self, node: m.InlineMath) -> str:
        math = node.math
        if math.verbatim:
            return self.verbatim_math(math)
        tex = latex_math.formula(math, self.key)
        if self.in_heading:
            # PDF bookmarks cannot hold math: show the source there.
            return f"\\texorpdfstring{{{tex}}}{{{escape_pdfstring(math_to_text(math.tex))}}}"
        return tex

    def line_break(self, node: m.LineBreak) -> str:
        return "\\newline\n"

    def footnote_ref(self, node: m.FootnoteRef) -> str:
        return f"\\footnote{{{self.argument(self.blocks, node.blocks).strip()}}}"


# --------------------------------------------------------------------------- helpers


_URL_LIKE = re.compile(r"^(?:https?|ftp)://\S+$|^www\.\S+$")
_URL_BREAK = re.compile(r"(?<=[/.?&=#_-])(?=.)")


def url_text(url: str) -> str:
    """A URL shown as text: escaped prose that may break after ``/ . ? & = # _ -``."""
    pieces = _URL_BREAK.split(url)
    return "\\allowbreak{}".join(escape_tex(p) for p in pieces)


def previous_joinable(previous, block) -> bool:
    """True when ``block`` continues the paragraph of ``previous`` (a display between text)."""
    def typeset_display(b) -> bool:
        return isinstance(b, m.DisplayMath) and not b.math.verbatim

    return ((typeset_display(previous) or isinstance(previous, m.Paragraph))
            and (typeset_display(block) or isinstance(block, m.Paragraph))
            and (typeset_display(previous) or typeset_display(block)))


def verbatim_text(text: str, display: bool, inside_env: bool = False) -> str:
    """Escape source text shown as code.  Inside a fvextra environment (``inside_env``)
    only ``\\ { }`` are special (commandchars) and fvextra breaks the lines; elsewhere
    every line is escaped as prose, with its spaces kept and a break allowed after every
    piece (:func:`breakable`), so that a long formula or line never runs into the margin."""
    text = text.expandtabs(4).replace("\r\n", "\n").rstrip("\n")
    if inside_env:
        table = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}
        return re.sub(r"[\\{}]", lambda mm: table[mm.group()], re.sub(r"[\x00-\x08\x0b-\x1f]", "", text))
    lines = [breakable(line) for line in text.split("\n")]
    return "\\\\\n".join(lines) if display else "\\ ".join(lines)


_PIECE = re.compile(r"\\[A-Za-z]+|\s+|.", re.S)


def breakable(line: str) -> str:
    """One line of source as escaped prose that may break after any piece: a command name
    (``\\alpha`` stays whole), a run of spaces (each kept, as ``\\ ``) or any other character.
    Pieces are escaped one by one, so ``--`` or ``''`` cannot become a ligature either."""
    pieces = ("\\ " * len(piece) if piece.isspace() else escape_tex(piece) for piece in _PIECE.findall(line))
    return "\\sbverbbreak{}".join(pieces)


def math_to_text(tex: str) -> str:
    """A formula as plain Unicode text (``x\\in\\mathbb{R}`` → ``x∈ℝ``), for PDF bookmarks."""
    try:
        from pylatexenc.latex2text import LatexNodes2Text

        return LatexNodes2Text(math_mode="text").latex_to_text(tex).strip() or tex
    except Exception:  # noqa: BLE001 - any failure: the source is a fine bookmark too
        return tex


# --------------------------------------------------------------------------- entry points


def render_chapter(post: m.Post, env: jinja2.Environment) -> str:
    """The TeX of one chapter (one post), from the ``chapter.tex.j2`` template."""
    body = LatexRenderer(post).blocks(post.blocks)
    return env.get_template("chapter.tex.j2").render(
        post=post, key=label_key(post.key), body=TeX(body),
        url=TeX(escape_url(post.url)) if post.url else None,
        marker=TeX(marker(post.pos)),
        post_comment=TeX(comment_safe(post.title)))


def latex_document(book: m.Book, chapters: list[str] | None = None, templates: Path | None = None) -> str:
    """The whole book's ``.tex``.  ``chapters`` are the posts' TeX from :func:`render_chapter`
    (the pipeline caches them per post); when None they are rendered here."""
    env = make_env(templates)
    if chapters is None:
        chapters = [render_chapter(post, env) for post in book.posts]
    dates = sorted(p.date for p in book.posts if p.date)
    fetched = [p for p in book.posts if p.fetched_at]
    return env.get_template("book.tex.j2").render(
        book=book, meta=book.meta, posts=book.posts, chapters=[TeX(c) for c in chapters],
        first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
        fetched=fetched, license_url=TeX(escape_url(book.meta.license_url)),
        site_url=TeX(escape_url(book.meta.site)), math_preamble=TeX(math_preamble()))


def math_preamble() -> str:
    """The packages and macros every formula's TeX needs (``seriesbook.math.PREAMBLE``)."""
    from ..math import PREAMBLE

    return PREAMBLE
