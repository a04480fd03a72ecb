"""HTML bodies (the site's ``#PostContent``) → blocks.

Block elements are walked in order; the inline content of each is flattened and searched
for math by :mod:`seriesbook.parse.flow`, so a ``<p>`` holding display math becomes
Paragraph / DisplayMath / Paragraph.  Pictures (``div.pic-container`` with a
``p.typecho-caption-text``, or an ``<img>`` anywhere in prose) become Image blocks.

The soup is built by Python's ``html.parser`` through BeautifulSoup rather than by lxml:
it records each tag's source line (lxml's tree builder in bs4 does not), and the site's
bodies are well-formed fragments that both parse the same.  Unknown elements keep their
text and add a ``parse.unknown-element`` warning; ``script``/``style`` are dropped.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from ..diagnostics import Diagnostic
from ..model import (Block, CodeBlock, Heading, Image, ListBlock, Paragraph, Quote, RawPost, Rule,
                     SourcePos, Table, Text, Verbatim)
from .blocks import Hoist, merge_text, paragraphs, trim
from .flow import Flow, build, flatten
from .links import absolute

_CONTAINERS = {"p", "div", "center", "section", "article", "figure", "figcaption", "main",
               "header", "footer", "aside", "dl", "dt", "dd", "details", "summary", "nav"}
_KNOWN_CONTAINERS = {"p", "div", "center", "figure", "figcaption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _CONTAINERS | _HEADINGS | {"blockquote", "pre", "ul", "ol", "table", "hr", "script", "style"}
_MEDIA = {"iframe", "video", "audio", "object", "embed", "svg", "canvas", "math", "form", "input"}


def parse_html(raw: RawPost) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of an HTML body, and the warnings met on the way."""
    parser = _Parser(raw)
    soup = BeautifulSoup(raw.body, "html.parser")
    root: Tag = soup
    tags = [c for c in soup.children if isinstance(c, Tag)]
    if len(tags) == 1 and tags[0].name == "div" and tags[0].get("id") == "PostContent":
        root = tags[0]
    return parser.blocks(root), parser.warnings


class _Parser:
    def __init__(self, raw: RawPost):
        self.path = raw.pos.path
        self.url = raw.url
        self.base = raw.body_line - 1 if raw.body_line else -1
        self.warnings: list[Diagnostic] = []

    def pos(self, line: int | None) -> SourcePos:
        return SourcePos(self.path, self.base + line if self.base >= 0 and line else 0)

    def warn(self, code: str, message: str, tag: Tag) -> None:
        self.warnings.append(Diagnostic(code, message, self.pos(tag.sourceline)))

    # ------------------------------------------------------------------ block level

    def blocks(self, container: Tag) -> list[Block]:
        """The blocks of ``container``'s children; loose inline content becomes paragraphs."""
        out: list[Block] = []
        run: list = []
        line = container.sourceline or 1  # where the current run starts
        for child in container.children:
            if isinstance(child, Tag) and child.name in _BLOCKS:
                out += self.inline_blocks(run, line)
                run = []
                out += self.block(child)
                # a loose run after a block starts where the block's source ends
                line = (child.sourceline or line) + source_newlines(child)
            else:
                run.append(child)
        out += self.inline_blocks(run, line)
        return out

    def block(self, tag: Tag) -> list[Block]:
        name = tag.name
        if name in ("script", "style"):
            return []
        if _is_picture(tag):
            return self.picture(tag)
        if name in _HEADINGS:
            return self.heading(tag)
        if name == "blockquote":
            inner = self.blocks(tag)
            return [Quote(tuple(inner), self.pos(tag.sourceline))] if inner else []
        if name == "pre":
            return [self.code_block(tag)]
        if name in ("ul", "ol"):
            return self.list_block(tag)
        if name == "table":
            return [self.table(tag)]
        if name == "hr":
            return [Rule(self.pos(tag.sourceline))]
        if name not in _KNOWN_CONTAINERS:
            self.warn("parse.unknown-element", f"unknown block element <{name}>: its content is kept", tag)
        if any(isinstance(c, Tag) and c.name in _BLOCKS for c in tag.children):
            return self.blocks(tag)
        return self.inline_blocks(list(tag.children), tag.sourceline)

    def inline_blocks(self, nodes: list, line: int | None) -> list[Block]:
        """Paragraphs (and display math, pictures) from a run of inline nodes starting at ``line``."""
        if all(isinstance(n, NavigableString) and not n.strip() for n in nodes):
            return []
        flow = self.flow(line)
        for node in nodes:
            flatten(flow, node, self.atom)
        inlines = build(flow)
        self.warnings += flow.warnings
        return paragraphs(inlines, self.pos(line))

    def flow(self, line: int | None) -> Flow:
        flow = Flow(self.base, self.path, self.url)
        flow.line = line or 1
        return flow

    def inlines(self, tag: Tag) -> list:
        """The inlines of ``tag`` (a heading, caption or cell), trimmed."""
        flow = self.flow(tag.sourceline)
        for node in tag.children:
            flatten(flow, node, self.atom)
        inlines = build(flow)
        self.warnings += flow.warnings
        return trim(merge_text(inlines))

    def atom(self, tag: Tag, flow: Flow):
        """Builders for tags that are not inline markup: pictures and embedded media."""
        if tag.name == "img":
            src, alt = absolute(tag.get("src", ""), self.url), tag.get("alt", "")
            return lambda pos: Hoist(Image(src, alt, pos), pos)
        if tag.name in _MEDIA:
            source = tag.decode()
            self.warn("parse.unknown-element", f"<{tag.name}> cannot go into a book; shown verbatim", tag)
            return lambda pos: Hoist(Verbatim(source, f"<{tag.name}> element", pos), pos)
        return None

    # ------------------------------------------------------------------ particular blocks

    def heading(self, tag: Tag) -> list[Block]:
        for a in tag.find_all("a"):
            # the site's "#" permalink inside headings is furniture, not heading text
            if a.get("href", "").startswith("#") and a.get_text().strip() in ("", "#", "¶"):
                a.decompose()
        level = min(max(int(tag.name[1]), 2), 4)
        parts = self.inline_blocks(list(tag.children), tag.sourceline)
        if not parts:
            return []
        first = parts[0]
        if not isinstance(first, Paragraph):
            return parts
        anchor = tag.get("id") or "".join(c.text for c in first.children if isinstance(c, Text)).strip()
        return [Heading(level, first.children, self.pos(tag.sourceline), anchor=anchor), *parts[1:]]

    def picture(self, tag: Tag) -> list[Block]:
        """A ``div.pic-container``: one Image per picture, the caption on the last one."""
        caption_el = tag.find("p", class_="typecho-caption-text") or tag.find("p")
        caption = tuple(self.inlines(caption_el)) if caption_el else ()
        imgs = tag.find_all("img")
        out: list[Block] = []
        for n, img in enumerate(imgs):
            pos = self.pos(img.sourceline or tag.sourceline)
            cap = caption if n == len(imgs) - 1 else ()
            out.append(Image(absolute(img.get("src", ""), self.url), img.get("alt", ""), pos, caption=cap))
        if caption_el:
            caption_el.extract()
        left = tag.get_text().strip()
        if left:
            self.warn("parse.unknown-element", "text beside a picture was kept as a paragraph", tag)
            out.append(Paragraph((Text(left, self.pos(tag.sourceline)),), self.pos(tag.sourceline)))
        return out

    def code_block(self, tag: Tag) -> CodeBlock:
        code = tag.find("code") or tag
        language = ""
        for cls in (code.get("class") or []) + (tag.get("class") or []):
            if cls.startswith(("language-", "lang-")):
                language = cls.split("-", 1)[1]
                break
        text = code.get_text()
        return CodeBlock(text[:-1] if text.endswith("\n") else text, self.pos(tag.sourceline), language)

    def list_block(self, tag: Tag) -> list[Block]:
        items = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "li":
                items.append(tuple(self.blocks(child)))
            elif isinstance(child, Tag) or child.strip():
                self.warn("parse.unknown-element", f"content of <{tag.name}> outside <li> kept as an item", tag)
                items.append(tuple(self.inline_blocks([child], tag.sourceline)))
        if not items:
            return []
        start = tag.get("start", "1")
        return [ListBlock(tag.name == "ol", tuple(items), self.pos(tag.sourceline),
                          start=int(start) if start.isdigit() else 1)]

    def table(self, tag: Tag) -> Table:
        rows, header = [], False
        for n, tr in enumerate(tag.find_all("tr")):
            cells = [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]
            if n == 0:
                header = bool(cells) and all(c.name == "th" for c in cells)
            rows.append(tuple(tuple(self.cell(c)) for c in cells))
        return Table(tuple(rows), self.pos(tag.sourceline), header=header)

    def cell(self, tag: Tag) -> list:
        out = []
        for node in self.inlines(tag):
            if isinstance(node, Hoist):
                # a table cell holds inlines only: a picture there is named by its text
                self.warn("parse.unknown-element", "a picture inside a table cell is shown as its alt text", tag)
                node = Text(f"[{getattr(node.block, 'alt', '') or 'picture'}]", node.pos)
            out.append(node)
        return out


def source_newlines(tag: Tag) -> int:
    """``tag.decode().count("\\n")`` without rendering the tag (a build did that for every block).

    Rendering adds no newline of its own: they all come from the strings (with their prefix and
    suffix, such as a doctype's) and the attribute values (a class list joined by spaces).
    """
    n = _attribute_newlines(tag)
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            n += node.count("\n") + node.PREFIX.count("\n") + node.SUFFIX.count("\n")
        elif isinstance(node, Tag):
            n += _attribute_newlines(node)
    return n


def _attribute_newlines(tag: Tag) -> int:
    n = 0
    for value in tag.attrs.values():
        if isinstance(value, (list, tuple)):
            value = " ".join(value)
        if value is not None:
            n += str(value).count("\n")
    return n


def _is_picture(tag: Tag) -> bool:
    classes = set(tag.get("class") or [])
    return tag.name == "div" and bool(classes & {"pic-container", "typecho-caption"}) and tag.find("img") is not None
