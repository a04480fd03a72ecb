"""The site index: every post of the site, from its archive page ``SITE/content.html``.

The archive page lists every post on one page: a heading ``2025年`` per year, a list item
``11月`` per month holding a list item ``24日：`` per day, and in it a link to
``/archives/N`` with the title (and a link like ``12条评论`` to its comments, which is no
title).  It is fetched through the site's :class:`~seriesbook.sources.site.Fetcher` (its
cache, politeness, retries and anti-bot handling) and reused for a day.  When it cannot be
had, one series can still be found through the site's search listing ``SITE/search/NAME/``.

Parsing is tolerant: any link to a post whose text is a title counts, dated by the nearest
year heading and the month and day items around it (a post without a date still counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from ..errors import FetchError
from ..model import IndexEntry, SiteSeries, SourcePos
from ..urls import archive_of

ARCHIVE_PATH = "content.html"
MAX_AGE = 24 * 3600.0
"""A cached index younger than this (seconds) is used without asking the site."""
MAX_LISTING_PAGES = 40
"""Search listing pages followed at most (a guard against a listing that links to itself)."""

_YEAR = re.compile(r"^\s*(\d{4})\s*年\s*$")
_MONTH = re.compile(r"^\s*(\d{1,2})\s*月")
_DAY = re.compile(r"^\s*(\d{1,2})\s*日")
_LEAD_YEAR = re.compile(r"^\s*(\d{4})\s*年")
#: Link texts that are not titles: numbers, comment counts, "read more".
_NOT_TITLE = re.compile(r"^[\d\s,，]*(?:条?评论|comments?|条回复)?\s*$|^(?:点击)?阅读全文|^(?:下一页|上一页|»|«)", re.I)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "dt"})
_NEXT = re.compile(r"下一页|下页|后一页|next|»", re.I)


@dataclass(frozen=True)
class SiteIndex:
    """Every post the site lists, as fetched at one moment."""

    site: str
    """The site's base URL."""
    url: str
    """The page the index was read from (the archive page, or the first search listing page)."""
    fetched_at: str
    """When that page was fetched (ISO 8601, UTC)."""
    entries: tuple[IndexEntry, ...]
    """Every post listed, in the page's order (newest first on the site)."""
    age: float = 0.0
    """Seconds since it was fetched, when it was read (0 for a fresh fetch)."""


def _title_link(a, site: str) -> tuple[int, str] | None:
    """(archive number, title) when link ``a`` leads to a post and its text is a title."""
    href = a.get("href") or ""
    n = archive_of(href, site=site)
    if n is None or "#" in href:
        return None
    text = " ".join(a.text_content().split())
    return (n, text) if text and not _NOT_TITLE.search(text) else None


def _lead(li) -> str:
    """The text a list item starts with, before any nested list or link."""
    if (li.text or "").strip():
        return li.text
    for child in li:
        if child.tag in ("ul", "ol", "a"):
            return ""
        text = child.text_content()
        if text.strip():
            return text
    return ""


def _document(html: str):
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def parse_archive(html: str, site: str) -> list[IndexEntry]:
    """Every post the archive page lists, each once, in the page's order."""
    root = _document(html)
    if root is None:
        return []
    entries: dict[int, IndexEntry] = {}
    year = None  # the year heading in force: the walk is in document order
    for el in root.iter():
        if el.tag in _HEADINGS:
            if m := _YEAR.match(el.text_content()):
                year = int(m.group(1))
        elif el.tag == "a" and (link := _title_link(el, site)):
            known = entries.get(link[0])
            if known is None or known.date is None:  # a dated listing beats, say, a sidebar link
                entries[link[0]] = IndexEntry(link[0], link[1], _date(el, year) or (known and known.date))
    return list(entries.values())


def _date(a, year: int | None) -> str | None:
    """``YYYY-MM-DD`` from the day and month items around link ``a`` and the year in force."""
    day = month = None
    for li in a.iterancestors("li"):
        lead = _lead(li)
        if day is None and month is None and (m := _DAY.match(lead)):
            day = int(m.group(1))
        elif month is None and (m := _MONTH.match(lead)):
            month = int(m.group(1))
        elif m := _LEAD_YEAR.match(lead):  # years as list items rather than headings
            year = int(m.group(1))
            break
    return f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None


def parse_listing(html: str, site: str, url: str) -> tuple[list[IndexEntry], str | None]:
    """The posts of one search listing page (title link, then a ``By … | YYYY-MM-DD | …`` line)
    and the address of the next page, if any."""
    from lxml import etree

    root = _document(html)
    if root is None:
        return [], None
    entries: dict[int, IndexEntry] = {}
    last: int | None = None  # the post whose ``By … | date`` line comes next
    next_url = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start" and el.tag == "a":
            href = el.get("href") or ""
            if link := _title_link(el, site):
                if link[0] not in entries:
                    entries[link[0]] = IndexEntry(*link)
                    last = link[0]
                continue
            if next_url is None and "/search/" in href and (
                    _NEXT.search(el.text_content()) or "next" in f"{el.get('rel')} {el.get('class')}"):
                next_url = urljoin(url, href)
        text = el.text if event == "start" else el.tail
        if last is not None and text and (m := _ISO_DATE.search(text)):
            entries[last] = IndexEntry(last, entries[last].title, m.group(1))
            last = None
    return list(entries.values()), next_url


def _entries(body: bytes, site: str, url: str) -> list[IndexEntry]:
    try:
        html = body.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError("the archive page is garbled (not UTF-8 text); the cached index is kept",
                         SourcePos(url)) from None
    entries = parse_archive(html, site)
    if not entries:
        raise FetchError("the archive page lists no posts (no link to /archives/N with a title): "
                         "it is empty or not the archive page; the cached index is kept", SourcePos(url))
    return entries


def load_index(fetcher) -> SiteIndex:
    """The site index from the archive page: the cached copy when younger than a day (or with
    --offline), else fetched again.  Raises FetchError naming the page when it cannot be had."""
    from .site import cache_age

    url = f"{fetcher.site}/{ARCHIVE_PATH}"
    parsed: list[list[IndexEntry]] = []  # a fresh page is parsed once: by the check before caching
    body, info = fetcher.page(ARCHIVE_PATH, "the archive page", max_age=MAX_AGE,
                              check=lambda body: parsed.append(_entries(body, fetcher.site, url)))
    entries = parsed[0] if parsed else _entries(body, fetcher.site, url)
    return SiteIndex(site=fetcher.site, url=url, fetched_at=info.get("fetched_at") or "",
                     entries=tuple(entries), age=max(0.0, cache_age(info)))


def search_series(fetcher, name: str) -> SiteSeries | None:
    """Series ``name`` as the site's search listing ``SITE/search/NAME/`` shows it (every page
    of it), or None when the listing has no such series."""
    from ..titles import group, normalise

    path = f"search/{quote(name, safe='')}/"
    found: dict[int, IndexEntry] = {}
    seen: set[str] = set()
    while path and len(seen) < MAX_LISTING_PAGES:
        url = f"{fetcher.site}/{path}"
        seen.add(url)
        body, _ = fetcher.page(path, "the search listing", max_age=MAX_AGE)
        entries, next_url = parse_listing(body.decode("utf-8", errors="replace"), fetcher.site, url)
        for e in entries:
            found.setdefault(e.number, e)
        path = next_url[len(fetcher.site) + 1:] if next_url and next_url.startswith(fetcher.site + "/") \
            and next_url not in seen else None
    want = normalise(name)
    return next((s for s in group(list(found.values())) if normalise(s.name) == want), None)


def age_text(seconds: float) -> str:
    """``3 days``, ``5 hours``, ``12 minutes``: how old a cached index is, for a message."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "less than a minute"
