"""The parser: :class:`~seriesbook.model.RawPost` → :class:`~seriesbook.model.Post` (pure).

One module per body format — :mod:`.html` (the site's ``#PostContent``), :mod:`.text`
(text dumps) and :mod:`.markdown` — all finding math with :mod:`.mathfind`.  The parser
only creates :class:`~seriesbook.model.Math` nodes with their source fields (``tex``,
``display``, ``delim``, ``pos``); the math passes fill in the rest.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..errors import SourceError
from ..model import Post, RawPost
from .links import absolute, archive_of
from .mathfind import split_math

__all__ = ["parse_post", "split_math", "absolute", "archive_of"]


def parse_post(raw: RawPost, key: str) -> tuple[Post, list[Diagnostic]]:
    """Parse ``raw``'s body by its format into a Post with key ``key``, and the warnings.

    Metadata (title, date, author, url, archive, excerpt, fetched_at, citation) is copied
    as is.  Raises :class:`~seriesbook.errors.SourceError` only for an unknown format.
    """
    if raw.format == "html":
        from .html import parse_html as parse
    elif raw.format == "text":
        from .text import parse_text as parse
    elif raw.format == "markdown":
        from .markdown import parse_markdown as parse
    else:
        raise SourceError(f"unknown body format {raw.format!r}", raw.pos)
    blocks, warnings = parse(raw)
    post = Post(key=key, title=raw.title, blocks=tuple(blocks), pos=raw.pos, date=raw.date,
                author=raw.author, url=raw.url, archive=raw.archive, excerpt=raw.excerpt,
                fetched_at=raw.fetched_at, citation=raw.citation)
    return post, [_in_post(w, raw.title) for w in warnings]


def _in_post(w: Diagnostic, title: str) -> Diagnostic:
    return w if w.post else Diagnostic(w.code, w.message, w.pos, title)
