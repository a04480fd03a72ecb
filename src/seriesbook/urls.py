"""The site's addresses: archive numbers of posts and their canonical URLs (pure)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CANONICAL = "https://spaces.ac.cn"
SITE_HOSTS = ("kexue.fm", "spaces.ac.cn")
_ARCHIVE_PATH = re.compile(r"^/archives/(\d+)(?:/.*)?$")


def archive_of(ref: str | int, site: str | None = None) -> int | None:
    """The archive number N of ``ref``: ``9119``, ``"9119"``, ``/archives/9119`` or a post URL
    on kexue.fm / spaces.ac.cn (``www.`` and ``#anchor`` allowed), or on ``site`` when given."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref if ref > 0 else None
    ref = ref.strip()
    if ref.isdigit():
        return int(ref) or None
    try:
        parts = urlsplit(ref if "://" in ref or ref.startswith("/") else "https://" + ref)
    except ValueError:  # a malformed URL in a post ("http://[oops") is simply not a post link
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    hosts = set(SITE_HOSTS)
    if site:
        hosts.add((urlsplit(site).hostname or "").lower().removeprefix("www."))
    if ref.startswith("/") and not ref.startswith("//"):
        host = next(iter(SITE_HOSTS))  # a relative link inside a post page
    if host not in hosts:
        return None
    m = _ARCHIVE_PATH.match(parts.path)
    return int(m.group(1)) if m else None


def canonical_url(n: int) -> str:
    """The canonical address of post ``n``: ``https://spaces.ac.cn/archives/N``."""
    return f"{CANONICAL}/archives/{n}"


#: Link schemes a book may keep; anything else (``javascript:``, ``data:``, ``file:``) becomes text.
LINK_SCHEMES = frozenset({"", "http", "https", "mailto", "ftp"})


def is_safe_link(href: str) -> bool:
    """True when ``href`` may stay a link in a book (a known scheme, a well-formed URL)."""
    try:
        return urlsplit(href).scheme.lower() in LINK_SCHEMES
    except ValueError:
        return False
