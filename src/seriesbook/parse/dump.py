"""A readable, stable dump of a Post tree, one node per line, for golden files and debugging.

    Paragraph @12
      Text @12 '说到'
      InlineMath @12 $ '\\boldsymbol{z}'
    DisplayMath @13 env '\\begin{equation}…\\end{equation}'

``@N`` is the node's line; strings are shown with ``repr`` so newlines stay visible.
"""

from __future__ import annotations

from ..model import (Code, CodeBlock, DisplayMath, FootnoteRef, Heading, Image, InlineMath, LineBreak,
                     Link, ListBlock, Paragraph, Post, Quote, Rule, Styled, Table, Text, Verbatim)


def dump_post(post: Post) -> str:
    """The whole post: a header line with its metadata, then its blocks."""
    head = f"Post {post.key} {post.title!r} date={post.date} archive={post.archive} excerpt={post.excerpt}"
    return "\n".join([head, *dump_nodes(post.blocks, 1)]) + "\n"


def dump_nodes(nodes, depth: int = 0) -> list[str]:
    """Lines for a sequence of blocks or inlines, indented by ``depth``."""
    out: list[str] = []
    for node in nodes:
        out += _node(node, depth)
    return out


def _node(node, depth: int) -> list[str]:
    pad = "  " * depth
    at = f"@{node.pos.line}"
    name = type(node).__name__
    if isinstance(node, (Text, Code)):
        return [f"{pad}{name} {at} {node.text!r}"]
    if isinstance(node, (InlineMath, DisplayMath)):
        m = node.math
        return [f"{pad}{name} {at} {m.delim} {m.tex!r}" + ("" if m.pos == node.pos else f" math@{m.pos.line}")]
    if isinstance(node, (LineBreak, Rule)):
        return [f"{pad}{name} {at}"]
    if isinstance(node, Styled):
        extra = f" {node.color}" if node.color else ""
        return [f"{pad}{name} {node.style}{extra} {at}", *dump_nodes(node.children, depth + 1)]
    if isinstance(node, Link):
        return [f"{pad}Link {at} {node.href!r} archive={node.archive}", *dump_nodes(node.children, depth + 1)]
    if isinstance(node, FootnoteRef):
        return [f"{pad}FootnoteRef {at}", *dump_nodes(node.blocks, depth + 1)]
    if isinstance(node, Heading):
        return [f"{pad}Heading {node.level} {at} anchor={node.anchor!r}", *dump_nodes(node.children, depth + 1)]
    if isinstance(node, Paragraph):
        return [f"{pad}Paragraph {at}", *dump_nodes(node.children, depth + 1)]
    if isinstance(node, CodeBlock):
        return [f"{pad}CodeBlock {at} lang={node.language!r} {node.text!r}"]
    if isinstance(node, Quote):
        return [f"{pad}Quote {at}", *dump_nodes(node.children, depth + 1)]
    if isinstance(node, ListBlock):
        out = [f"{pad}ListBlock {at} ordered={node.ordered} start={node.start}"]
        for item in node.items:
            out += [f"{pad}  Item", *dump_nodes(item, depth + 2)]
        return out
    if isinstance(node, Image):
        return [f"{pad}Image {at} {node.src!r} alt={node.alt!r}", *dump_nodes(node.caption, depth + 1)]
    if isinstance(node, Table):
        out = [f"{pad}Table {at} header={node.header}"]
        for row in node.rows:
            out.append(f"{pad}  Row")
            for cell in row:
                out += [f"{pad}    Cell", *dump_nodes(cell, depth + 3)]
        return out
    if isinstance(node, Verbatim):
        return [f"{pad}Verbatim {at} reason={node.reason!r} {node.text!r}"]
    return [f"{pad}{name} {at} {node!r}"]


def walk(nodes):
    """Every node under ``nodes`` (blocks and inlines), depth first, in document order."""
    for node in nodes:
        yield node
        if isinstance(node, (Styled, Link, Heading, Paragraph, Quote)):
            yield from walk(node.children)
        elif isinstance(node, FootnoteRef):
            yield from walk(node.blocks)
        elif isinstance(node, ListBlock):
            for item in node.items:
                yield from walk(item)
        elif isinstance(node, Image):
            yield from walk(node.caption)
        elif isinstance(node, Table):
            for row in node.rows:
                for cell in row:
                    yield from walk(cell)


def flat_text(nodes) -> str:
    """All text under ``nodes`` in document order, formulas with their delimiters (for checks
    that nothing was lost: compare with the source's text, whitespace squeezed)."""
    from .mathfind import delimiters

    out = []
    for node in walk(nodes):
        if isinstance(node, (InlineMath, DisplayMath)):
            left, right = delimiters(node.math)
            out.append(left + node.math.tex + right)
        elif isinstance(node, (Text, Code, CodeBlock, Verbatim)):
            out.append(node.text)
    return "".join(out)
