"""Links to the site: absolute hrefs and the archive number of a post link."""

from __future__ import annotations

from urllib.parse import urljoin

from .. import urls

SITE = "https://kexue.fm"

def archive_of(href: str) -> int | None:
    """The archive number N when ``href`` is a link to a post of the site, else None."""
    href = href.strip()
    # A bare number in an href is a relative link to a file, not a post number.
    return None if href.isdigit() else urls.archive_of(href)


def absolute(href: str, base: str = SITE) -> str:
    """``href`` made absolute against the site (fragments and mailto: kept as they are)."""
    href = href.strip()
    if not href or href.startswith("#") or ":" in href.split("/", 1)[0]:
        return href
    return urljoin(base + "/", href)
