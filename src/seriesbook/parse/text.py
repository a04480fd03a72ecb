"""Text dumps (the seeds' format) → blocks.

A dump is the page's text as a browser shows it: one paragraph per line, headings as short
lines, formulas as their TeX.  The rules, conservative on purpose (a wrong guess costs
more than a missed one, and no line is ever dropped):

* A line whose display formula is left open (``$$``, ``\\[``, ``\\begin{X}``) is joined with
  the following lines up to the one that closes it (at most :data:`MAX_DISPLAY_LINES`).
* A paragraph holding display math becomes Paragraph / DisplayMath / Paragraph.
* A heading is a line ending in `` #`` (the site's anchor mark), or a short line
  (≤ :data:`HEADING_MAX` characters) without sentence punctuation, math or code, followed
  by a clearly longer line; the latter adds a ``source.heading`` warning.
* Two or more consecutive code-like lines (Python-style statements, or lines continuing an
  open bracket) become a CodeBlock.
* "1、…" lines stay paragraphs, as the site itself writes them.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic
from ..model import Block, CodeBlock, Heading, RawPost, SourcePos, Text
from .blocks import paragraphs, pieces_to_inlines
from .mathfind import find_math, split_math

MAX_DISPLAY_LINES = 80
HEADING_MAX = 24

_SENTENCE_PUNCT = set("。，、：；！？…,;:!?“”\"（）()《》")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_STATEMENT = re.compile(
    r"""^\s*(?:import\s+\w|from\s+[\w.]+\s+import\s|def\s+\w+\s*\(|class\s+\w+\s*[(:]|return\b|
    (?:el)?if\s.*:$|else\s*:$|for\s.+\sin\s.+:$|while\s.+:$|try\s*:$|except\b.*:$|with\s.+:$|
    print\s*\(|@\w)""", re.X)
_ASSIGN = re.compile(r"^\s*[A-Za-z_][\w.\[\]'\"]*(?:\s*,\s*[A-Za-z_][\w.\[\]]*)*\s*(?:[-+*/%]|//)?=(?!=)\s*\S")
_CALL = re.compile(r"^\s*[A-Za-z_][\w.]*\s*\(.*[)(,\[{]\s*$")
_STRINGS = re.compile(r"""'[^']*'|"[^"]*"|#.*$""")


def parse_text(raw: RawPost) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a text-dump body, and the warnings met on the way."""
    lines = raw.body.split("\n")
    path, base = raw.pos.path, raw.body_line

    def pos(i: int) -> SourcePos:
        return SourcePos(path, base + i if base else 0)

    blocks: list[Block] = []
    warnings: list[Diagnostic] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        code_end = _code_run(lines, i)
        if code_end > i + 1:
            blocks.append(CodeBlock("\n".join(lines[i:code_end]), pos(i)))
            i = code_end
            continue
        heading = _heading(lines, i)
        if heading is not None:
            text, guessed = heading
            blocks.append(Heading(2, (Text(text, pos(i)),), pos(i), anchor=text))
            if guessed:
                warnings.append(Diagnostic("source.heading", f"the short line {text!r} was taken for a heading", pos(i)))
            i += 1
            continue
        end = _display_end(lines, i)
        pieces, found = split_math("\n".join(lines[i:end]), pos(i))
        warnings += found
        blocks += paragraphs(pieces_to_inlines(pieces, pos(i)), pos(i))
        i = end
    return blocks, warnings


def _display_end(lines: list[str], i: int) -> int:
    """One past the last line of the paragraph starting at ``i`` (several when display math is open)."""
    opened = [off for off, opener, _ in find_math(lines[i]).problems if opener != "$" and opener != "\\("]
    if not opened:
        return i + 1
    first = opened[0]
    for j in range(i + 1, min(len(lines), i + MAX_DISPLAY_LINES)):
        problems = find_math("\n".join(lines[i:j + 1])).problems
        if not any(off == first for off, _, _ in problems):
            return j + 1
    return i + 1


def _heading(lines: list[str], i: int) -> tuple[str, bool] | None:
    """``(text, guessed)`` when line ``i`` is a heading, else None."""
    line = lines[i].strip()
    marked = line.endswith(" #")
    text = line[:-2].strip() if marked else line
    if not text or len(text) > (2 * HEADING_MAX if marked else HEADING_MAX):
        return None
    if "$" in text or "\\" in text or _code_like(text) or re.match(r"^\d+[、.]", text):
        return None
    if marked:
        return text, False
    if any(c in _SENTENCE_PUNCT for c in text):
        return None
    nxt = next((ln.strip() for ln in lines[i + 1:] if ln.strip()), "")
    if len(nxt) < max(15, 1.5 * len(text)):
        return None
    return text, True


def _code_like(line: str) -> bool:
    """True for a line that reads as a program statement (CJK only in strings or comments)."""
    bare = _STRINGS.sub("", line)
    if not bare.strip() or _CJK.search(bare) or "$" in bare:
        return False
    return bool(_STATEMENT.match(line) or _ASSIGN.match(bare) or _CALL.match(bare)
                or re.match(r"^\s*[A-Za-z_][\w.]*\s*\(.*\)\s*$", bare))


def _code_run(lines: list[str], i: int) -> int:
    """One past the last line of the run of code lines starting at ``i`` (``i`` when none)."""
    j, depth = i, 0
    while j < len(lines) and lines[j].strip():
        line = lines[j]
        if depth <= 0 and not _code_like(line):
            break
        bare = _STRINGS.sub("", line)
        depth += sum(bare.count(c) for c in "([{") - sum(bare.count(c) for c in ")]}")
        j += 1
    return j
