"""Helpers shared by the parsers: paragraphs that hold display math or pictures become
several blocks in order, adjacent text is merged, and edges are trimmed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import (Block, DisplayMath, Inline, InlineMath, LineBreak, Link, Math, Paragraph,
                     SourcePos, Styled, Text)


@dataclass(frozen=True)
class Hoist:
    """A block met inside inline flow (a picture inside a paragraph); it splits the paragraph."""

    block: Block
    pos: SourcePos


def _breaks(node) -> bool:
    if isinstance(node, Hoist) or (isinstance(node, InlineMath) and node.math.display):
        return True
    if isinstance(node, (Styled, Link)):
        return any(_breaks(c) for c in node.children)
    return False


def _split(inlines) -> list:
    """Inline runs (lists) and blocks, in order; markup around a break is repeated on each side."""
    out: list = [[]]
    for node in inlines:
        if isinstance(node, InlineMath) and node.math.display:
            out += [DisplayMath(node.math, node.pos), []]
        elif isinstance(node, Hoist):
            out += [node.block, []]
        elif isinstance(node, (Styled, Link)) and _breaks(node):
            for part in _split(node.children):
                if isinstance(part, list):
                    if trim(part):
                        out[-1].append(replace(node, children=tuple(part)))
                else:
                    out += [part, []]
        else:
            out[-1].append(node)
    return out


def paragraphs(inlines, pos: SourcePos) -> list[Block]:
    """``inlines`` as blocks: Paragraphs split around display math and hoisted blocks."""
    blocks: list[Block] = []
    for part in _split(merge_text(list(inlines))):
        if isinstance(part, list):
            run = trim(part)
            if run:
                blocks.append(Paragraph(tuple(run), run[0].pos if hasattr(run[0], "pos") else pos))
        else:
            blocks.append(part)
    return blocks


def merge_text(inlines: list) -> list:
    """Adjacent Text nodes merged into one (at the first one's position), recursively."""
    out: list = []
    for node in inlines:
        if isinstance(node, (Styled, Link)):
            node = replace(node, children=tuple(merge_text(list(node.children))))
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text, out[-1].pos)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


def _blank(node) -> bool:
    return isinstance(node, LineBreak) or (isinstance(node, Text) and not node.text.strip())


def trim(run: list) -> list:
    """``run`` without line breaks and blank text at its edges, outer text stripped."""
    run = list(run)
    while run and _blank(run[0]):
        run.pop(0)
    while run and _blank(run[-1]):
        run.pop()
    if run and isinstance(run[0], Text):
        text = run[0].text
        stripped = text.lstrip()
        run[0] = Text(stripped, run[0].pos.shifted(text[:len(text) - len(stripped)].count("\n")))
    if run and isinstance(run[-1], Text):
        run[-1] = Text(run[-1].text.rstrip(), run[-1].pos)
    return run


def pieces_to_inlines(pieces: list[str | Math], pos: SourcePos) -> list[Inline]:
    """split_math's pieces as inlines; text lines are counted so each Text knows its line."""
    out: list[Inline] = []
    for piece in pieces:
        if isinstance(piece, Math):
            out.append(InlineMath(piece, piece.pos))
            pos = piece.pos.shifted(piece.tex.count("\n"))
        elif piece:
            out.append(Text(piece, pos))
            pos = pos.shifted(piece.count("\n"))
    return out
