"""Links to the site: absolute hrefs and the archive number of a post link."""

from __future__ import annotations

import re
from urllib.parse import urljoin

SITE = "https://kexue.fm"

#: A link to a post of the site: ``/archives/N`` relative, or on kexue.fm / spaces.ac.cn
#: (http or https, www or not, protocol-relative too), optionally followed by a path,
#: query or fragment (``/archives/6760#anchor``, ``/archives/6760/comment-page-1``).
LINK_RE = re.compile(
    r"^(?:(?:https?:)?//(?:www\.)?(?:kexue\.fm|spaces\.ac\.cn))?/archives/(\d+)(?:[/?#].*)?$",
    re.IGNORECASE,
)


def archive_of(href: str) -> int | None:
    """The archive number N when ``href`` points at a post of the site, else None."""
    m = LINK_RE.match(href.strip())
    return int(m.group(1)) if m else None


def absolute(href: str, base: str = SITE) -> str:
    """``href`` made absolute against the site (fragments and mailto: kept as they are)."""
    href = href.strip()
    if not href or href.startswith("#") or ":" in href.split("/", 1)[0]:
        return href
    return urljoin(base + "/", href)
