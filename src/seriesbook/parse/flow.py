"""Inline flow of HTML: text and inline markup, with math found across tags.

A block element's inline content is flattened into one string (``<br>`` as ``"\\n"``,
entities decoded) plus a list of events that say where markup opens and closes.
:func:`~seriesbook.parse.mathfind.find_math` runs on the string, so a formula may span
``<br>`` and, rarely, inline tags; then the inlines are rebuilt around the formulas.
MathJax never looks inside ``code``/``pre``: those become atoms the formulas cannot cross.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from ..diagnostics import Diagnostic
from ..model import Code, InlineMath, LineBreak, Link, Math, SourcePos, Styled, Text
from .links import absolute, archive_of
from .mathfind import find_math, unescape_text

ATOM = "\ufffc"  # stands in the string for an atom (code, picture), so no formula crosses it

_STYLES = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph", "u": "underline",
           "ins": "underline", "sup": "sup", "sub": "sub", "s": "strike", "del": "strike",
           "strike": "strike"}
#: Inline tags whose content is kept without markup of its own, and without a warning.
_TRANSPARENT = {"span", "font", "a", "small", "big", "abbr", "label", "nobr", "cite", "q",
                "mark", "var", "time"}
_CODE = {"code", "kbd", "tt", "samp", "pre"}
_BLOCKISH = {"p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
             "center", "section", "figure", "figcaption", "dl", "dt", "dd", "table", "tr",
             "td", "th", "tbody", "thead"}
_DROP = {"script", "style", "noscript", "template"}


@dataclass
class Flow:
    """A flattened inline flow: the string, each character's line, and the events."""

    lines_base: int
    """File line of body line 1 minus 1, or -1 when lines are unknown."""
    path: str
    url: str | None = None
    """The post's own URL: relative links are resolved against it."""
    text: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    """``("text", a, b)``, ``("br", a)``, ``("open", id, node, a)``, ``("close", id, a)``,
    ``("atom", a, make)`` where ``make(pos)`` builds the inline or Hoist."""
    warnings: list[Diagnostic] = field(default_factory=list)
    line: int = 1
    eat_newline: bool = False

    def pos(self, body_line: int) -> SourcePos:
        """The file position of a body line."""
        return SourcePos(self.path, self.lines_base + body_line if self.lines_base >= 0 else 0)

    def put(self, s: str, count_lines: bool = True) -> tuple[int, int]:
        """Append ``s``; source newlines in it move the current line on."""
        start = len(self.text)
        self.text.extend(s)
        if count_lines and "\n" in s:
            # each character is on the current line, a newline included; the next one below it
            parts = s.split("\n")
            last = len(parts) - 1
            for k, part in enumerate(parts):
                self.lines.extend([self.line] * (len(part) + (k < last)))
                if k < last:
                    self.line += 1
        else:
            self.lines.extend([self.line] * len(s))
        return start, len(self.text)


def flatten(flow: Flow, node, atoms) -> None:
    """Append ``node``'s inline content to ``flow``; ``atoms(tag, flow)`` handles pictures etc.

    ``atoms`` returns a builder for tags that are not inline markup (or None to descend)."""
    if isinstance(node, PreformattedString):
        return  # comments, doctypes, CDATA: not text of the post
    if isinstance(node, NavigableString):
        s = str(node)
        if flow.eat_newline and s.startswith("\n"):
            # the site writes "<br/>\n": the break is the newline, the source newline a second one
            s = s[1:]
            flow.line += 1
        flow.eat_newline = False
        if s:
            a, b = flow.put(s)
            flow.events.append(("text", a, b))
        return
    if not isinstance(node, Tag) or node.name in _DROP:
        return
    if node.sourceline:
        flow.line = node.sourceline
    name = node.name
    if name == "br":
        a, _ = flow.put("\n", count_lines=False)
        flow.events.append(("br", a))
        flow.eat_newline = True
        return
    flow.eat_newline = False
    if name in _BLOCKISH:
        # a block inside inline flow (markup the site nests loosely): keep its text, on a new line
        if flow.text and flow.text[-1] != "\n":
            a, _ = flow.put("\n", count_lines=False)
            flow.events.append(("br", a))
        for child in node.children:
            flatten(flow, child, atoms)
        return
    if name in _CODE:
        text = node.get_text()
        a, _ = flow.put(ATOM)
        flow.events.append(("atom", a, lambda pos, t=text: Code(t, pos)))
        _advance(flow, text)
        return
    make = atoms(node, flow)
    if make is not None:
        a, _ = flow.put(ATOM)
        flow.events.append(("atom", a, make))
        _advance(flow, node.decode())
        return
    wrapper = _wrapper(node, flow)
    ident = id(node)
    flow.events.append(("open", ident, wrapper, len(flow.text)))
    for child in node.children:
        flatten(flow, child, atoms)
    flow.events.append(("close", ident, len(flow.text)))


def _advance(flow: Flow, source: str) -> None:
    flow.line += source.count("\n")


def _wrapper(tag: Tag, flow: Flow):
    """A function building the node that wraps ``tag``'s children, or None for no markup."""
    name = tag.name
    if name in _STYLES:
        style = _STYLES[name]
        return lambda kids, pos: Styled(style, kids, pos)
    color = tag.get("color") if name == "font" else _css_color(tag.get("style", ""))
    if color:
        return lambda kids, pos: Styled("color", kids, pos, color=color)
    if name == "a" and tag.get("href"):
        href = absolute(tag["href"], flow.url)
        return lambda kids, pos: Link(href, kids, pos, archive=archive_of(tag["href"]))
    if name not in _TRANSPARENT:
        flow.warnings.append(Diagnostic("parse.unknown-element",
                                        f"unknown inline element <{name}>: its text is kept without markup",
                                        flow.pos(flow.line)))
    return None


def _css_color(style: str) -> str | None:
    for decl in style.split(";"):
        key, _, value = decl.partition(":")
        if key.strip().lower() == "color" and value.strip():
            return value.strip()
    return None


def build(flow: Flow) -> list:
    """The inlines of ``flow`` with formulas found: Text, markup, InlineMath, atoms (Hoist too)."""
    s = "".join(flow.text)
    found = find_math(s)
    spans = [sp for sp in found.spans if ATOM not in s[sp.start:sp.end]]
    kept = set(spans)
    for sp in found.spans:
        if sp not in kept:
            flow.warnings.append(Diagnostic("math.unbalanced", "a formula would cross code or a picture; kept as text",
                                            flow.pos(flow.lines[sp.start])))
    for off, _, msg in found.problems:
        flow.warnings.append(Diagnostic("math.unbalanced", msg, flow.pos(flow.lines[off])))
    escapes = found.escapes
    root: list = []
    stack: list[tuple[int, object, list, int]] = []  # (id, wrapper, children, line)
    deferred: list[int] = []

    def out() -> list:
        return stack[-1][2] if stack else root

    # Spans are sorted and do not overlap: bisect finds the ones near an offset.
    starts = [sp.start for sp in spans]
    ends = [sp.end for sp in spans]

    def inside(off: int):
        n = bisect_left(starts, off) - 1  # the last span starting before off
        return spans[n] if n >= 0 and off < spans[n].end else None

    def close(ident: int) -> None:
        if not any(e[0] == ident for e in stack):
            return  # its opening was inside a formula
        while stack:
            eid, wrap, kids, line = stack.pop()
            node_kids = tuple(kids)
            if wrap is None:
                out().extend(node_kids)
            elif node_kids:
                out().append(wrap(node_kids, flow.pos(line)))
            if eid == ident:
                return

    def text_run(a: int, b: int) -> None:
        k = a
        for n in range(bisect_right(ends, a), len(spans)):  # the first span ending after a, on
            sp = spans[n]
            if sp.start >= b:
                break
            if sp.start > k:
                out().append(Text(unescape_text(s, k, sp.start, escapes), flow.pos(flow.lines[k])))
            if sp.start >= a:
                pos = flow.pos(flow.lines[sp.start])
                m = Math(s[sp.tex_start:sp.tex_end], sp.display, sp.delim, pos)
                out().append(InlineMath(m, pos))
            k = max(k, sp.end)
            if sp.end <= b:
                while deferred:  # markup that closed inside the formula closes after it
                    close(deferred.pop(0))
        if k < b:
            out().append(Text(unescape_text(s, k, b, escapes), flow.pos(flow.lines[k])))

    for ev in flow.events:
        kind = ev[0]
        if kind == "text":
            text_run(ev[1], ev[2])
        elif kind == "br":
            if inside(ev[1]) is None:
                out().append(LineBreak(flow.pos(flow.lines[ev[1]])))
        elif kind == "atom":
            out().append(ev[2](flow.pos(flow.lines[ev[1]])))
        elif kind == "open":
            if inside(ev[3]) is None:
                line = flow.lines[ev[3]] if ev[3] < len(flow.lines) else flow.line
                stack.append((ev[1], ev[2], [], line))
        elif kind == "close":
            if inside(ev[2]) is None:
                close(ev[1])
            elif any(e[0] == ev[1] for e in stack):
                deferred.append(ev[1])  # closes right after the formula that swallowed it
    while stack:
        close(stack[-1][0])
    return root
