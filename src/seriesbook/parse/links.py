"""Links in posts: absolute hrefs and the archive number of a post link."""

from __future__ import annotations

from urllib.parse import urljoin

from .. import urls


def archive_of(href: str) -> int | None:
    """The archive number N when ``href`` is a link to a post of the site, else None."""
    href = href.strip()
    # A bare number in an href is a relative link to a file, not a post number.
    return None if href.isdigit() else urls.archive_of(href)


def absolute(href: str, base: str | None) -> str:
    """``href`` made absolute against ``base``, the post's own URL, as a browser reading the
    post would; fragments, ``mailto:`` and absolute URLs are kept as they are, and so is every
    href of a post whose URL is unknown (there is nothing true to resolve it against)."""
    href = href.strip()
    if not base or not href or href.startswith("#") or ":" in href.split("/", 1)[0]:
        return href
    return urljoin(base, href)
