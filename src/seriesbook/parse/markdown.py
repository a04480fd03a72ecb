"""Markdown bodies → blocks, with markdown-it-py and mdit-py-plugins.

Inline math is found by the HTML reader's rule (:func:`.mathfind.find_closer`, which replaces
dollarmath's inline rule): no ``$`` opening before whitespace, a closing ``$`` only at brace
depth ≤ 0 (``$\\text{当$x$时}$`` is one formula, as MathJax reads it) and not before a digit
(so "$5 and $6" stays prose), never across a blank line; ``$$…$$`` inside a paragraph is display
math that splits the paragraph.  ``$$`` blocks come from ``dollarmath_plugin``, bare
environments from ``amsmath_plugin`` (block level only).  Positions come from each token's ``map``; inside
a paragraph, soft and hard breaks count the lines.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..diagnostics import Diagnostic
from ..model import (Block, Code, CodeBlock, DisplayMath, FootnoteRef, Heading, Image, InlineMath,
                     LineBreak, Link, ListBlock, Math, Quote, RawPost, Rule, SourcePos,
                     Styled, Table, Text, Verbatim)
from .blocks import Hoist, merge_text, paragraphs, trim
from .links import absolute, archive_of
from .mathfind import find_closer

_STYLES = {"em": "emph", "strong": "strong", "s": "strike"}


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True, allow_labels=True)
    md.inline.ruler.at("math_inline", _math_inline)
    md.use(amsmath_plugin)
    md.use(footnote_plugin)
    return md


def _math_inline(state: StateInline, silent: bool) -> bool:
    """``$…$`` or ``$$…$$`` at ``state.pos``, closed as :mod:`.mathfind` closes it (the same
    formulas as in an HTML post)."""
    src, pos = state.src, state.pos
    if src[pos] != "$":
        return False
    double = src.startswith("$$", pos)
    start = pos + (2 if double else 1)
    if not double and (start >= len(src) or src[start].isspace()):
        return False
    end = find_closer(src, start, "$$" if double else "$", inline=not double)
    if end <= start:
        return False  # no closer, or an empty formula
    if not silent:
        token = state.push("math_inline_double" if double else "math_inline", "math", 0)
        token.content = src[start:end]
        token.markup = "$$" if double else "$"
    state.pos = end + (2 if double else 1)
    return True


def parse_markdown(raw: RawPost) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a Markdown body, and the warnings met on the way."""
    conv = _Converter(raw)
    root = SyntaxTreeNode(_md().parse(raw.body))
    for node in root.children:  # footnote bodies first: their marks come earlier in the text
        if node.type == "footnote_block":
            for note in node.children:
                conv.notes[note.meta.get("id")] = tuple(conv.blocks(note.children))
    return conv.blocks([n for n in root.children if n.type != "footnote_block"]), conv.warnings


class _Converter:
    def __init__(self, raw: RawPost):
        self.path = raw.pos.path
        self.url = raw.url
        self.base = raw.body_line
        self.warnings: list[Diagnostic] = []
        self.notes: dict[int, tuple[Block, ...]] = {}

    def pos(self, node: SyntaxTreeNode | None, fallback: SourcePos | None = None) -> SourcePos:
        line = node.map[0] if node is not None and node.map else None
        if line is None:
            return fallback or SourcePos(self.path, 0)
        return SourcePos(self.path, self.base + line if self.base else 0)

    def warn(self, code: str, message: str, pos: SourcePos) -> None:
        self.warnings.append(Diagnostic(code, message, pos))

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            out += self.block(node)
        return out

    def block(self, node: SyntaxTreeNode) -> list[Block]:
        t, pos = node.type, self.pos(node)
        if t == "paragraph":
            return self.paragraph(node, pos)
        if t == "heading":
            kids = trim(merge_text(self.inline(node.children[0], pos)))
            anchor = "".join(k.text for k in kids if isinstance(k, Text))
            return [Heading(min(max(int(node.tag[1]), 2), 4), tuple(kids), pos, anchor=anchor)]
        if t in ("math_block", "math_block_label", "amsmath"):
            delim = "env" if t == "amsmath" else "$$"
            if t == "math_block_label":
                self.warn("math.approximated", f"the label ({node.info}) after $$…$$ is not kept; "
                          "write \\label{…} inside the formula instead", pos)
            return [DisplayMath(Math(node.content, True, delim, pos), pos)]
        if t in ("fence", "code_block"):
            lang = node.info.split()[0] if node.info.strip() else ""
            text = node.content[:-1] if node.content.endswith("\n") else node.content
            return [CodeBlock(text, pos, lang)]
        if t == "blockquote":
            return [Quote(tuple(self.blocks(node.children)), pos)]
        if t in ("bullet_list", "ordered_list"):
            items = tuple(tuple(self.blocks(li.children)) for li in node.children)
            start = int(node.attrs.get("start", 1)) if t == "ordered_list" else 1
            return [ListBlock(t == "ordered_list", items, pos, start=start)]
        if t == "table":
            return [self.table(node, pos)]
        if t == "hr":
            return [Rule(pos)]
        if t == "html_block":
            return self.html_block(node, pos)
        self.warn("parse.unknown-element", f"unknown Markdown block {t!r}: its text is kept", pos)
        return [Verbatim(node.content, f"Markdown {t}", pos)] if node.content.strip() else []

    def paragraph(self, node: SyntaxTreeNode, pos: SourcePos) -> list[Block]:
        inl = node.children[0]
        kids = [k for k in inl.children if not (k.type == "text" and not k.content.strip())]
        if len(kids) == 1 and kids[0].type == "image":
            # a paragraph holding only a picture: the alt text is its caption
            img = self.image(kids[0], pos)
            return [Image(img.src, img.alt, pos, caption=(Text(img.alt, pos),) if img.alt else ())]
        return paragraphs(self.inline(inl, pos), pos)

    def table(self, node: SyntaxTreeNode, pos: SourcePos) -> Table:
        rows, header = [], False
        for section in node.children:
            for tr in section.children:
                cells = tuple(tuple(self.cell(c, pos)) for c in tr.children)
                header = header or (section.type == "thead" and not rows)
                rows.append(cells)
        return Table(tuple(rows), pos, header=header)

    def cell(self, cell: SyntaxTreeNode, pos: SourcePos) -> list:
        if not cell.children:
            return []
        kids = trim(merge_text(self.inline(cell.children[0], self.pos(cell.children[0], pos))))
        return [Text(f"[{k.block.alt or 'picture'}]", k.pos) if isinstance(k, Hoist) else k for k in kids]

    def html_block(self, node: SyntaxTreeNode, pos: SourcePos) -> list[Block]:
        from .html import parse_html  # raw HTML inside Markdown is the site's own markup
        sub = RawPost(title="", body=node.content, format="html", pos=pos, body_line=pos.line)
        blocks, warnings = parse_html(sub)
        self.warnings += warnings
        return blocks

    # ------------------------------------------------------------------ inlines

    def inline(self, node: SyntaxTreeNode, pos: SourcePos) -> list:
        """The inlines of an ``inline`` node (or of markup inside one) starting at ``pos``."""
        self._line = pos
        return self._inlines(node.children)

    def _inlines(self, nodes) -> list:
        out: list = []
        for node in nodes:
            out += self._one(node)
        return out

    def _one(self, node: SyntaxTreeNode) -> list:
        t, pos = node.type, self._line
        if t == "text":
            return [Text(node.content, pos)] if node.content else []
        if t in ("softbreak", "hardbreak"):
            self._line = pos.shifted(1)
            return [Text("\n", pos)] if t == "softbreak" else [LineBreak(pos)]
        if t in ("math_inline", "math_inline_double"):
            display = t == "math_inline_double"
            math = Math(node.content, display, "$$" if display else "$", pos)
            self._line = pos.shifted(node.content.count("\n"))
            return [InlineMath(math, pos)]
        if t == "code_inline":
            return [Code(node.content, pos)]
        if t in _STYLES:
            return [Styled(_STYLES[t], tuple(self._inlines(node.children)), pos)]
        if t == "link":
            href = str(node.attrs.get("href", ""))
            return [Link(_site_or_local(href, self.url), tuple(self._inlines(node.children)), pos, archive=archive_of(href))]
        if t == "image":
            img = self.image(node, pos)
            return [Hoist(img, pos)]
        if t == "footnote_anchor":
            return []  # the note's link back to its mark
        if t == "footnote_ref":
            return [FootnoteRef(self.notes.get(node.meta.get("id"), ()), pos)]
        if t == "html_inline":
            self.warn("parse.unknown-element", f"inline HTML {node.content!r} is kept as text", pos)
            return [Text(node.content, pos)]
        self.warn("parse.unknown-element", f"unknown Markdown inline {t!r}: its text is kept", pos)
        return [Text(node.content, pos)] if node.content else self._inlines(node.children)

    def image(self, node: SyntaxTreeNode, pos: SourcePos) -> Image:
        alt = "".join(c.content for c in node.children if c.type == "text")
        return Image(_site_or_local(str(node.attrs.get("src", "")), self.url), alt, pos)


def _site_or_local(href: str, url: str | None) -> str:
    """A site path (``/usr/uploads/…``) made absolute against the post's URL; a relative path
    stays relative to the post's file."""
    return absolute(href, url) if href.strip().startswith("/") else href.strip()
