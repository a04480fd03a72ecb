"""Markdown posts with YAML front matter → :class:`RawPost`.

    ---
    title: 示例系列（一）：等比数列
    date: 2024-01-02
    url: https://kexue.fm/archives/9119      # optional
    author: 某人                              # optional
    ---
    Body in Markdown, $x$ and $$y$$ as on the site …

The front matter is found with mdit-py-plugins' ``front_matter`` rule (the same one MyST
uses), so what counts as front matter here is what the Markdown parser will skip later.
Without a ``title`` the first ``# heading`` is the title.  The body is the text after the
closing ``---``, unchanged; ``body_line`` is its first line.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import SourceError
from ..model import RawPost, SourcePos

# The reader needs the front matter alone: no inline parsing (the parser stage does the body).
_md = MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")
KEYS = ("title", "date", "url", "author")


def read_markdown(text: str, path: str) -> RawPost:
    """One Markdown post; raises :class:`SourceError` on bad front matter or a missing title."""
    from ..urls import archive_of, canonical_url

    lines = text.split("\n")
    fm, body_start = _front_matter(text)
    meta = _load_meta(fm, path) if fm is not None else {}
    body = "\n".join(lines[body_start:])
    title = _text(meta.get("title"))
    if not title:
        title = _first_heading(lines, body_start)
    if not title:
        raise SourceError("Markdown post without a title (no front matter `title:` and no `# heading`)",
                          SourcePos(path, 1))
    url = _text(meta.get("url"))
    archive = archive_of(url) if url else None
    return RawPost(
        title=title,
        body=body,
        format="markdown",
        pos=SourcePos(path, 1),
        body_line=body_start + 1,
        date=_date(meta.get("date"), SourcePos(path, _key_line(fm or "", "date"))),
        author=_text(meta.get("author")),
        url=canonical_url(archive) if archive else url,
        archive=archive,
    )


def _front_matter(text: str) -> tuple[str | None, int]:
    """The front matter's YAML text and the 0-based line where the body starts."""
    for token in _md.parse(text):
        if token.type == "front_matter":
            return token.content, token.map[1] if token.map else 0
        break
    return None, 0


def _load_meta(fm: str, path: str) -> dict:
    try:
        meta = yaml.safe_load(fm) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
        raise SourceError(f"front matter is not valid YAML: {getattr(e, 'problem', e)}",
                          SourcePos(path, line)) from None
    if not isinstance(meta, dict):
        raise SourceError("front matter must be a mapping (title: …, date: …)", SourcePos(path, 2))
    return meta


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def _key_line(fm: str, key: str) -> int:
    """The file line of ``key:`` in the front matter (which starts on line 2)."""
    for i, line in enumerate(fm.split("\n")):
        if re.match(rf"^{key}\s*:", line):
            return i + 2
    return 2


def _date(value, pos: SourcePos) -> str | None:
    """``YYYY-MM-DD`` from a YAML date, datetime or string."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if not m:
        raise SourceError(f"front matter date {value!r} is not YYYY-MM-DD", pos)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def _first_heading(lines: list[str], start: int) -> str | None:
    for line in lines[start:]:
        m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1)
    return None
