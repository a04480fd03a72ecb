"""Text dumps of site pages (``*.txt``) → :class:`RawPost`.

A dump is the visible text of one or more site pages, one paragraph per line.  Two shapes:

* **Post pages.**  A title line, then the meta line
  ``By 苏剑林 | 2019-06-10 | 235237位读者 | 引用`` with the body's first words glued right
  after ``引用``.  When a post has no body, its meta line runs straight into the *next* post's
  title (the glued text is followed by another ``By`` line): the first post's body is empty.
  A trailing ``最近评论`` (the comment sidebar) and everything after it is dropped.
* **Listing pages.**  ``2 Dec``, a blank line, the title, a blank line, excerpt paragraphs,
  ``点击阅读全文...``.  The date has no year, so ``date`` is None and ``excerpt`` True.

Text that cannot be given a title — lines before the first post of a file that starts in the
middle of a post, or a listing entry whose title is missing — is skipped with a
``source.untitled`` warning naming its lines; nothing is dropped silently.

Bodies are kept exactly as found (lines joined by ``\\n``); ``body_line`` is the file line on
which the body's first line sits, so body line *i* (0-based) is file line ``body_line + i``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import RawPost, SourcePos

META = re.compile(
    r"^By\s*(?P<author>[^|｜]+?)\s*[|｜]\s*(?P<date>\d{4}-\d{2}-\d{2})\s*[|｜]\s*"
    r"(?P<readers>[\d,]+)\s*位读者\s*[|｜]\s*引用(?P<rest>.*)$")
LISTING_DATE = re.compile(r"^\s*\d{1,2}\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s*$")
READ_MORE = re.compile(r"^\s*点击阅读全文\s*(\.\.\.|…+)?\s*$")
COMMENTS = "最近评论"
#: A listing title is a short line that does not end like a sentence.
SENTENCE_END = tuple("。，,；;：:")
MAX_TITLE = 80


@dataclass
class _Entry:
    kind: str  # "post" or "listing"
    start: int  # first line (0-based) the entry owns
    meta: int  # post: the meta line; listing: the date line


def parse_dump(text: str, path: str) -> tuple[list[RawPost], list[Diagnostic]]:
    """Every post in a text dump, in file order, with warnings for text that was skipped."""
    lines = text.split("\n")
    entries = _entries(lines)
    warnings: list[Diagnostic] = []
    first = entries[0].start if entries else len(lines)
    _untitled(lines, 0, first, path, warnings, "text before the first post title")
    end_of_file = _comments_start(lines, first)
    posts: list[RawPost] = []
    for k, entry in enumerate(entries):
        end = entries[k + 1].start if k + 1 < len(entries) else end_of_file
        glued_next = k + 1 < len(entries) and entries[k + 1].start == entry.meta
        if entry.kind == "post":
            post = _post(lines, entry, end, glued_next, path, warnings)
        else:
            post = _listing(lines, entry, end, path, warnings)
        if post is not None:
            posts.append(post)
    return posts, warnings


def _entries(lines: list[str]) -> list[_Entry]:
    """Where each post or listing entry starts."""
    entries: list[_Entry] = []
    for i, line in enumerate(lines):
        if META.match(line):
            prev_meta = i > 0 and META.match(lines[i - 1])
            if prev_meta and prev_meta["rest"].strip():
                start = i - 1  # the title is glued to the previous meta line
            elif i > 0 and lines[i - 1].strip() and not prev_meta:
                start = i - 1
            else:
                start = i  # no title line at all
            entries.append(_Entry("post", start, i))
        elif LISTING_DATE.match(line) and (i + 1 == len(lines) or not lines[i + 1].strip()):
            entries.append(_Entry("listing", i, i))
    return entries


def _comments_start(lines: list[str], first: int) -> int:
    """The line of the trailing 最近评论 sidebar (dropped with all that follows), or the end."""
    for i in range(len(lines) - 1, first - 1, -1):
        if lines[i].strip() == COMMENTS:
            return i
        if META.match(lines[i]) or LISTING_DATE.match(lines[i]):
            break
    return len(lines)


def _untitled(lines, start, end, path, warnings, what) -> None:
    """Warn about lines[start:end] when they hold any text."""
    texts = [i for i in range(start, end) if lines[i].strip()]
    if texts:
        a, b = texts[0] + 1, texts[-1] + 1
        span = f"line {a}" if a == b else f"lines {a}–{b}"
        warnings.append(Diagnostic("source.untitled", f"{what} ({span}) has no title; skipped",
                                   SourcePos(path, a)))


def _post(lines, entry: _Entry, end: int, glued_next: bool, path: str, warnings) -> RawPost | None:
    m = META.match(lines[entry.meta])
    assert m is not None
    if entry.start == entry.meta:
        _untitled(lines, entry.meta, end, path, warnings, "a post whose title line is missing")
        return None
    prev = META.match(lines[entry.start])
    title = (prev["rest"] if prev else lines[entry.start]).strip()
    if glued_next:
        body_lines, body_line = [], entry.meta + 1
    elif m["rest"].strip():
        body_lines, body_line = [m["rest"]] + lines[entry.meta + 1:end], entry.meta + 1
    else:
        body_lines, body_line = lines[entry.meta + 1:end], entry.meta + 2
    return RawPost(
        title=title,
        body="\n".join(_trim(body_lines)),
        format="text",
        pos=SourcePos(path, entry.start + 1),
        body_line=body_line,
        date=m["date"],
        author=m["author"].strip(),
        readers=int(m["readers"].replace(",", "")),
    )


def _listing(lines, entry: _Entry, end: int, path: str, warnings) -> RawPost | None:
    """A listing-page entry: date line, blank, title, blank, excerpt, 点击阅读全文."""
    i = _next_text(lines, entry.meta + 1, end)
    if i is None or not _looks_like_title(lines[i]) or _next_text(lines, i + 1, end) == i + 1:
        _untitled(lines, entry.meta, end, path, warnings,
                  f"a listing entry dated {lines[entry.meta].strip()!r}")
        return None
    body_start = _next_text(lines, i + 1, end)
    stop = end
    for j in range(end - 1, i, -1):
        if READ_MORE.match(lines[j]):
            stop = j
            break
    body = lines[body_start:stop] if body_start is not None and body_start < stop else []
    return RawPost(
        title=lines[i].strip(),
        body="\n".join(_trim(body)),
        format="text",
        pos=SourcePos(path, i + 1),
        body_line=(body_start + 1) if body else i + 2,
        excerpt=True,
    )


def _looks_like_title(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= MAX_TITLE and not text.endswith(SENTENCE_END) and "$" not in text


def _next_text(lines, start: int, end: int) -> int | None:
    for i in range(start, end):
        if lines[i].strip():
            return i
    return None


def _trim(body: list[str]) -> list[str]:
    """Drop trailing blank lines (leading ones never occur: the body starts at text)."""
    while body and not body[-1].strip():
        body = body[:-1]
    return body
