"""The live site: archive numbers, canonical URLs, and a polite caching fetcher.

Every response worth keeping is cached on disk, keyed by the sha256 of its URL: one file
for the body and a small JSON file (url, fetched_at, content type) beside it.  Both are
written atomically (temp file + ``os.replace``) and the JSON is written last, so a cache
entry is either whole or absent.  ``offline`` reads the cache alone; ``refresh`` refetches.
Every response is bounded in time, size, redirects, addresses and expansion
(:mod:`.bounded`), and only a whole body is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import platformdirs

from .. import __version__
from ..build.atomic import write_atomic
from ..build.tools import checkpoint
from ..errors import FetchError, SourceError
from ..model import RawPost, SourcePos
from ..urls import CANONICAL, SITE_HOSTS, canonical_url
from . import bounded
from .pages import is_antibot, parse_page

USER_AGENT = f"seriesbook/{__version__} (+offline book builder)"
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
               "image/svg+xml": ".svg", "image/webp": ".webp"}


def default_cache_dir() -> Path:
    """``$SERIESBOOK_CACHE`` when set, else the user cache folder (platformdirs)."""
    env = os.environ.get("SERIESBOOK_CACHE")
    return Path(env) if env else Path(platformdirs.user_cache_dir("seriesbook"))


class _Retry(Exception):
    """A failure worth another attempt (timeout, 5xx, anti-bot page, cut-off body)."""

    def __init__(self, message: str, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable
        """The host could not be reached at all (no connection, not a bad answer)."""


class Fetcher:
    """Fetch posts and images from the site, politely, through an on-disk cache."""

    def __init__(self, site: str, cache_dir: Path, client: httpx.Client | None = None,
                 offline: bool = False, refresh: bool = False, delay: float = 1.0,
                 retries: int = 3, sleep=time.sleep, timeout: float = 20.0, limits: bounded.Limits = bounded.Limits()):
        self.site = site.rstrip("/")
        self.cache_dir = Path(cache_dir)
        self.offline = offline
        self.refresh = refresh
        self.delay = delay
        self.retries = retries
        self.limits = limits
        """Bounds on every response (time, size, redirects, addresses, expansion)."""
        self.sleep = sleep
        self._client = client
        self._own_client = client is None
        self._timeout = timeout
        self._last_request: float | None = None
        self.failures: list[str] = []
        """Why images could not be had (``.image`` returns None), for the report."""
        self._fresh: set[str] = set()  # fetched by this fetcher: ``refresh`` is satisfied
        # Hosts that could not be reached at all: asking them again for every picture of a
        # book would only wait out the same timeouts (a machine offline, a blocked host).
        self._unreachable: set[str] = set()

    # ------------------------------------------------------------------ public

    def post_url(self, n: int) -> str:
        """Where post ``n`` is fetched from (on the configured site)."""
        return f"{self.site}/archives/{n}"

    def post(self, n: int) -> RawPost:
        """Post ``n`` as a RawPost (``pos.path`` is its canonical URL); raises FetchError."""
        url, key = self.post_url(n), canonical_url(n)
        # Posts are cached under their canonical URL: kexue.fm, spaces.ac.cn and www. are one post.
        cached = self._cached(key) if self._use_cache(key) else None
        if cached is not None:
            return self._parse(n, *cached)
        if self.offline:
            raise FetchError(f"post {n} ({key}) is not in the cache and --offline forbids fetching it",
                             SourcePos(key))
        body, info = self._download(url, what=f"post {n}", page=True)
        raw = self._parse(n, body, info)  # only a real post page is worth caching
        self._store(key, body, dict(info, url=key, fetched_from=url))
        return raw

    def _parse(self, n: int, body: bytes, info: dict) -> RawPost:
        key = canonical_url(n)
        try:
            raw = parse_page(body.decode("utf-8", errors="replace"), key, key)
        except SourceError as e:
            raise FetchError(f"post {n}: {info.get('fetched_from') or info.get('url')} did not give a "
                             f"post page ({e.problems[0].message})", SourcePos(key)) from None
        return replace(raw, archive=n, url=key, fetched_at=info.get("fetched_at"))

    def image(self, url: str) -> Path | None:
        """A local copy of the image at ``url`` (relative URLs are on the site), or None when it
        cannot be had; the reason is appended to :attr:`failures`."""
        try:
            fetch, key = self._image_urls(url)
        except ValueError:
            self.failures.append(f"{url}: not a valid address")
            return None
        cached = self._cached(key) if self._use_cache(key) else None
        if cached is not None:
            return self._path(key, cached[1])
        if self.offline:
            self.failures.append(f"{url}: not in the cache (--offline)")
            return None
        try:
            body, info = self._download(fetch, what=f"image {url}", page=False)
        except FetchError as e:
            self.failures.append(f"{url}: {e.problems[0].message}")
            return None
        self._store(key, body, dict(info, url=key, fetched_from=fetch))
        return self._path(key, info)

    def page(self, path: str, what: str, check=None, max_age: float | None = None) -> tuple[bytes, dict]:
        """Any page of the site (``SITE/path``: the archive, a search listing) and its cache
        metadata, through the cache.  A cached copy older than ``max_age`` seconds is fetched
        again (``--offline`` uses it whatever its age); ``check(body)`` raises on a body not
        worth keeping, so a bad answer never replaces a good cached copy."""
        url = f"{self.site}/{path.lstrip('/')}"
        cached = self._cached(url) if self._use_cache(url) else None
        if cached is not None and (self.offline or max_age is None or cache_age(cached[1]) < max_age):
            return cached
        if self.offline:
            raise FetchError(f"{what} is not in the cache and --offline forbids fetching it", SourcePos(url))
        body, info = self._download(url, what=what, page=True)
        if check is not None:
            check(body)
        return self._store(url, body, info)

    def _image_urls(self, url: str) -> tuple[str, str]:
        """Where to fetch ``url`` from, and its cache key.  Images on the site's own hosts are
        fetched from the configured site (a local server in tests) and keyed by their
        canonical address, so that kexue.fm and spaces.ac.cn share one cached copy."""
        absolute = urljoin(CANONICAL + "/", url)
        parts = urlsplit(absolute)
        on_site = absolute.startswith(self.site + "/")
        if not on_site and (parts.hostname or "").lower().removeprefix("www.") not in SITE_HOSTS:
            return absolute, absolute
        rest = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.site + rest, CANONICAL + rest

    def close(self) -> None:
        """Close the HTTP client when this fetcher made it."""
        if self._client is not None and self._own_client:
            self._client.close()
            self._client = None

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ network

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=httpx.Timeout(self._timeout), follow_redirects=True,
                                        headers={"User-Agent": USER_AGENT})
        return self._client

    def _download(self, url: str, what: str, page: bool) -> tuple[bytes, dict]:
        """GET ``url`` with retries and backoff; the body and its cache metadata."""
        host = urlsplit(url).netloc
        if host in self._unreachable:
            raise FetchError(f"{what}: {host} could not be reached earlier in this run", SourcePos(url))
        last = _Retry("no attempt")
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.delay * 2 ** (attempt - 1))  # back off: delay, 2·delay, 4·delay …
            try:
                return self._get_once(url, what, page)
            except _Retry as e:
                last = e
        if last.unreachable:
            self._unreachable.add(host)
        raise FetchError(f"{what}: gave up after {self.retries + 1} attempts ({last})", SourcePos(url))

    def _get_once(self, url: str, what: str, page: bool) -> tuple[bytes, dict]:
        self._be_polite()
        checkpoint("fetch")
        try:
            response = bounded.get(self.client, url, self.limits, self.site, headers={"User-Agent": USER_AGENT})
        except bounded.Refused as e:  # too big, too slow, too many redirects, a forbidden address
            raise FetchError(f"{what}: {e}", SourcePos(url)) from None  # the position names the URL
        except httpx.TimeoutException as e:
            raise _Retry(f"timed out: {type(e).__name__}", isinstance(e, httpx.ConnectTimeout)) from None
        except httpx.TransportError as e:  # refused, reset, or a body cut short
            raise _Retry(f"{type(e).__name__}: {e}", isinstance(e, httpx.ConnectError)) from None
        finally:
            self._last_request = time.monotonic()
        if response.status_code == 404:
            raise FetchError(f"{what} does not exist (404)", SourcePos(url))
        if response.status_code >= 500 or response.status_code == 429:
            raise _Retry(f"server answered {response.status_code}")
        if response.status_code >= 400:
            raise FetchError(f"{what}: the server answered {response.status_code}", SourcePos(url))
        body = response.content
        if page and is_antibot(body.decode("utf-8", errors="replace")):
            raise _Retry("the site answered with its anti-bot page")
        info = {"url": url, "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "content_type": response.headers.get("content-type", "").split(";")[0].strip()}
        return body, info

    def _be_polite(self) -> None:
        """Wait so that requests are at least ``delay`` seconds apart."""
        if self._last_request is not None and self.delay > 0:
            wait = self.delay - (time.monotonic() - self._last_request)
            if wait > 0:
                self.sleep(wait)

    # ------------------------------------------------------------------ cache

    def _use_cache(self, key: str) -> bool:
        """False when ``refresh`` asks to fetch ``key`` again and it was not fetched yet."""
        return self.offline or not self.refresh or key in self._fresh

    def _key(self, url: str) -> str:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()

    def _path(self, url: str, info: dict) -> Path:
        """Where the body of ``url`` is cached (images keep a suffix tools recognise)."""
        suffix = Path(urlsplit(url).path).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
            suffix = IMAGE_TYPES.get(info.get("content_type", ""), ".html")
        return self.cache_dir / (self._key(url) + suffix)

    def _cached(self, url: str) -> tuple[bytes, dict] | None:
        meta = self.cache_dir / (self._key(url) + ".json")
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return self._path(url, info).read_bytes(), info
        except (OSError, ValueError):
            return None

    def _store(self, url: str, body: bytes, info: dict) -> tuple[bytes, dict]:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self._path(url, info), body)
        write_atomic(self.cache_dir / (self._key(url) + ".json"),
                      json.dumps(info, ensure_ascii=False, indent=1).encode("utf-8"))
        self._fresh.add(url)
        return body, info


def cache_age(info: dict) -> float:
    """Seconds since the cached copy described by ``info`` was fetched (infinite when unknown)."""
    try:
        fetched = datetime.fromisoformat(info["fetched_at"])
    except (KeyError, TypeError, ValueError):
        return float("inf")
    return (datetime.now(timezone.utc) - fetched).total_seconds()
