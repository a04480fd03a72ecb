"""Read xelatex's log: errors, overfull boxes, missing characters and other warnings, each
mapped back to the post and the source line it came from.

The renderer writes ``% seriesbook: <path>:<line>`` before every block and
``% seriesbook-post: <title>`` at the start of every chapter; a TeX line maps to the nearest
markers above it.  The log must be written unwrapped (``max_print_line=10000``, as
``build.latex`` runs xelatex) so that one message is one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import SourcePos

MARKER = re.compile(r"^% seriesbook: (?P<path>.*):(?P<line>\d+)\s*$")
POST_MARKER = re.compile(r"^% seriesbook-post: (?P<title>.*?)\s*$")

_OVERFULL = re.compile(r"^Overfull \\[hv]box \((?P<pt>[\d.]+)pt too (?:wide|high)\) "
                       r"(?:in paragraph at lines (?P<a>\d+)--\d+|detected at line (?P<b>\d+)|.*)")
_MISSING = re.compile(r"^Missing character: There is no (?P<char>.+?) \((?P<code>U\+[0-9A-F]+)\) in font (?P<font>.+?)!?$")
_WARNING = re.compile(r"^(?P<who>LaTeX|Package [\w-]+|Class [\w-]+|LaTeX Font|pdfTeX|xdvipdfmx)[ ]?"
                      r"(?:Font )?Warning: (?P<msg>.*)$")
_INPUT_LINE = re.compile(r"on input line (\d+)")
_CONTINUATION = re.compile(r"^\((?:[\w-]+|Font)\)\s+(.*)$")
_FILE_ERROR = re.compile(r"^(?P<file>[^\s:][^:]*\.(?:tex|sty|cls|def|cfg|ltx|fd|aux|toc|out)):(?P<line>\d+): (?P<msg>.*)$")
_TEX_LINE = re.compile(r"^l\.(\d+) ")
# Noise that says nothing about the book (they would bury real warnings in every report).
_IGNORED = ("Size substitutions with differences", "There were undefined references",
            "Label(s) may have changed", "Rerun to get", "Font shape `U/rsfs/m/n' in size")


@dataclass(frozen=True)
class Place:
    """Where a TeX line came from."""

    pos: SourcePos | None
    post: str | None


class SourceMap:
    """Maps lines of the book's ``.tex`` (1-based) to post positions through the markers."""

    def __init__(self, tex_lines: list[str] | None):
        self.lines = tex_lines or []
        self._pos: list[SourcePos | None] = []
        self._post: list[str | None] = []
        pos = post = None
        for line in self.lines:
            if line.startswith("% seriesbook"):
                if found := MARKER.match(line):
                    pos = SourcePos(found["path"], int(found["line"]))
                elif found := POST_MARKER.match(line):
                    post, pos = found["title"], None
            self._pos.append(pos)
            self._post.append(post)

    def place(self, line: int | None) -> Place:
        """The source place of TeX line ``line`` (1-based); empty when unknown."""
        if not line or not 0 < line <= len(self.lines):
            return Place(None, None)
        return Place(self._pos[line - 1], self._post[line - 1])

    def find_char(self, char: str) -> Place:
        """The place of the first body line that contains ``char`` (missing-character
        messages carry no line number)."""
        start = next((i for i, l in enumerate(self.lines) if l.startswith("\\begin{document}")), 0)
        for i in range(start, len(self.lines)):
            if char in self.lines[i]:
                return self.place(i + 1)
        return Place(None, None)


def parse_log(log_text: str, tex_lines: list[str] | None = None) -> list[Diagnostic]:
    """Warnings (and errors, code ``latex.error``) found in an xelatex log, in log order:
    ``latex.overfull`` (with the amount in pt), ``latex.missing-char``, ``latex.warning``."""
    where = SourceMap(tex_lines)
    out: list[Diagnostic] = []
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if found := _OVERFULL.match(line):
            place = where.place(int(found["a"] or found["b"] or 0) or None)
            out.append(Diagnostic("latex.overfull", f"a line runs {float(found['pt']):.1f}pt into the margin",
                                  place.pos, place.post))
        elif found := _MISSING.match(line):
            place = where.find_char(found["char"])
            out.append(Diagnostic("latex.missing-char", f"no {found['char']} ({found['code']}) in font {found['font']}",
                                  place.pos, place.post))
        elif found := _WARNING.match(line):
            message = _continued(found["msg"], lines, i)
            if any(noise in message for noise in _IGNORED):
                continue
            number = _INPUT_LINE.search(message)
            place = where.place(int(number.group(1)) if number else None)
            out.append(Diagnostic("latex.warning", f"{found['who']}: {message}", place.pos, place.post))
        elif line.startswith("! ") or _FILE_ERROR.match(line):
            error = parse_error(lines, i, where)
            out.append(Diagnostic("latex.error", error.message, error.pos, error.post))
    return out


def _continued(message: str, lines: list[str], i: int) -> str:
    """A warning with its ``(package)  …`` continuation lines joined."""
    for nxt in lines[i + 1:i + 8]:
        more = _CONTINUATION.match(nxt)
        if not more:
            break
        message += " " + more.group(1)
    return message.strip()


@dataclass(frozen=True)
class LogError:
    """The first error of a failed run: message, excerpt of the log, and where it came from."""

    message: str
    excerpt: str
    pos: SourcePos | None
    post: str | None
    tex_line: int | None


def parse_error(lines: list[str], i: int, where: SourceMap) -> LogError:
    """The error that starts at log line ``i``: its message, the lines up to TeX's
    ``l.N`` context, and its place in the posts."""
    first = lines[i]
    tex_line = None
    found = _FILE_ERROR.match(first)
    message = found["msg"] if found else first[2:]
    if found and found["file"].endswith(".tex"):
        tex_line = int(found["line"])
    excerpt = [first]
    for nxt in lines[i + 1:i + 12]:
        if nxt.strip():
            excerpt.append(nxt.rstrip())
        if context := _TEX_LINE.match(nxt):
            tex_line = tex_line or int(context.group(1))
            break
    if tex_line and where.lines and 0 < tex_line <= len(where.lines):
        excerpt.append(f"TeX line {tex_line}: {where.lines[tex_line - 1].strip()[:200]}")
    place = where.place(tex_line)
    return LogError(message.strip(), "\n".join(excerpt), place.pos, place.post, tex_line)


def first_error(log_text: str, tex_lines: list[str] | None = None) -> LogError | None:
    """The first error in the log, or None."""
    lines = log_text.splitlines()
    where = SourceMap(tex_lines)
    for i, line in enumerate(lines):
        if line.startswith("! ") or _FILE_ERROR.match(line):
            return parse_error(lines, i, where)
    return None
