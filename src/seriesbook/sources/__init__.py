"""Every way posts arrive, each turned into :class:`~seriesbook.model.RawPost`.

=====================  ==========================================  ===================
input                  reader                                      ``RawPost.format``
=====================  ==========================================  ===================
``*.txt`` text dump    :func:`dumps.parse_dump` (several posts)     ``text``
``*.html`` saved page  :func:`pages.parse_page`                    ``html``
``*.md`` Markdown      :func:`markdown.read_markdown`              ``markdown``
the live site          :class:`site.Fetcher` (cached)              ``html``
=====================  ==========================================  ===================

Readers keep the body exactly as found; parsing it into blocks is ``parse/``'s business.
:func:`read_path` is the only place that opens files.  A file that cannot be a source of
posts (invalid UTF-8, empty, an HTML page that is not a post) is a :class:`SourceError`
naming the file and line, also inside a folder: a broken file among good ones is more
likely a mistake to fix than something to skip.  Files with other suffixes in a folder
(images, ``snapshot.json`` …) are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import SourceError
from ..model import RawPost, SourcePos
from ..titles import parse_title
from .discover import group_series, merge_duplicates
from .dumps import parse_dump

# The readers of pages (BeautifulSoup), Markdown (markdown-it) and the site (httpx) are
# imported on first use: a build of Markdown posts need not load an HTML parser or an
# HTTP client, and every command starts faster.
_LAZY = {"read_markdown": ("markdown", "read_markdown"), "parse_page": ("pages", "parse_page"),
         "markdown": ("markdown", None), "pages": ("pages", None), "site": ("site", None),
         "discover": ("discover", None), "dumps": ("dumps", None)}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module_name, attr = _LAZY[name]
    module = importlib.import_module(f".{module_name}", __name__)
    return getattr(module, attr) if attr else module


SUFFIXES = {".txt": "dump", ".html": "page", ".htm": "page", ".md": "markdown", ".markdown": "markdown"}

__all__ = ["read_path", "parse_dump", "parse_page", "read_markdown", "parse_title",
           "merge_duplicates", "group_series", "discover", "dumps", "pages", "markdown", "site",
           "SUFFIXES"]


def read_path(path: Path, display: str | None = None) -> tuple[list[RawPost], list[Diagnostic]]:
    """Every post in a file or, recursively and in sorted order, in a folder.

    ``display`` is how ``path`` is written in positions (default: as given); files inside a
    folder are shown as ``display/relative/path``.
    """
    path = Path(path)
    shown = display if display is not None else str(path)
    if path.is_dir():
        posts: list[RawPost] = []
        warnings: list[Diagnostic] = []
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            rel = file.relative_to(path).as_posix()
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                continue  # hidden files and folders (editor backups, .git)
            got, warns = _read_file(file, f"{shown.rstrip('/')}/{rel}")
            posts += got
            warnings += warns
        return posts, warnings
    if not path.exists():
        raise SourceError(f"{shown}: no such file or folder")
    if path.suffix.lower() not in SUFFIXES:
        raise SourceError(f"{shown}: unknown kind of post file (expected {', '.join(SUFFIXES)})",
                          SourcePos(shown))
    return _read_file(path, shown)


def _read_file(path: Path, shown: str) -> tuple[list[RawPost], list[Diagnostic]]:
    text = _read_text(path, shown)
    kind = SUFFIXES[path.suffix.lower()]
    if kind == "dump":
        posts, warnings = parse_dump(text, shown)
        if not posts:
            raise SourceError("no post found in this text dump (expected a title line followed by "
                              "`By AUTHOR | YYYY-MM-DD | N位读者 | 引用`)", SourcePos(shown, 1))
        return posts, warnings
    if kind == "markdown":
        from .markdown import read_markdown

        return [read_markdown(text, shown)], []
    from .pages import parse_page

    return [parse_page(text, shown, meta=_snapshot(path))], []


def _read_text(path: Path, shown: str) -> str:
    """The file's text; SourceError on unreadable, empty or non-UTF-8 files (with the line)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"cannot read: {e.strerror}", SourcePos(shown)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SourceError(f"not UTF-8 text (byte 0x{data[e.start]:02x} at column {col}); "
                          f"save the file as UTF-8", SourcePos(shown, line, col)) from None
    if not text.strip():
        raise SourceError("the file is empty", SourcePos(shown, 1))
    return text


def _snapshot(path: Path) -> dict | None:
    """Metadata from a ``snapshot.json`` beside a saved ``#PostContent`` (site-pages layout)."""
    meta = path.parent / "snapshot.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    info = dict(data.get("metadata") or {})
    if data.get("fetched_at"):
        info.setdefault("fetched_at", data["fetched_at"])
    return info
