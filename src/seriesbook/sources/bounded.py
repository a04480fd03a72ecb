"""One GET whose every resource is bounded: time, size, redirects, where it may go, and how far
a compressed body may expand.

Posts name pictures on any host, and a site can misbehave: a server that drips one byte a
second never trips a read timeout, a picture can be gigabytes, a gzip body can expand a
thousandfold, a redirect can lead to ``file:`` or to a machine on the local network.  So
redirects are followed here, one hop at a time, each hop checked; the body is read in chunks
and the read stops at the first bound crossed.  Only a whole body is ever returned: a
download cut short raises, so it can never enter the cache.

httpx bounds each read and the connection, not the whole response; these bounds are on top.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import httpx


@dataclass(frozen=True)
class Limits:
    """The bounds of one response."""

    seconds: float = 120.0
    """Total time for one response, redirects included (a server that drips bytes)."""
    max_bytes: int = 64 * 1024 * 1024
    """Largest body, after decompression."""
    max_redirects: int = 5
    """Redirects followed before giving up."""
    max_ratio: float = 200.0
    """How many times its size on the wire a compressed body may expand (beyond 1 MiB)."""


class Refused(Exception):
    """The response crossed a bound, or a redirect led somewhere not allowed; the message says which."""


@dataclass(frozen=True)
class Response:
    """A whole response: the final URL, its status, headers and body."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes


def get(client: httpx.Client, url: str, limits: Limits, origin: str, headers: dict | None = None) -> Response:
    """GET ``url`` within ``limits``.  ``origin`` is the site the fetch is for: its own host may
    be anywhere (a local mirror), other hosts may not be private addresses unless it is one.

    Raises :class:`Refused`; httpx's errors (timeouts, a connection cut) pass through."""
    deadline = time.monotonic() + limits.seconds
    for _ in range(limits.max_redirects + 1):
        check_address(url, origin)
        with client.stream("GET", url, headers=headers, follow_redirects=False) as response:
            if response.is_redirect and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            return Response(url, response.status_code, response.headers, _read(response, limits, deadline))
    raise Refused(f"more than {limits.max_redirects} redirects")


def check_address(url: str, origin: str) -> None:
    """Refuse ``url`` unless it is http(s) and — when it is not on ``origin``'s host and that
    host is public — unless its host is public too (no ``localhost``, no ``192.168.…``, no
    cloud metadata address reached through a post's picture)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"{parts.scheme or 'a relative'}: addresses are not fetched ({url})")
    host, site = (parts.hostname or "").lower(), (urlsplit(origin).hostname or "").lower()
    if host == site or _private(site):
        return
    if _private(host):
        raise Refused(f"{host} is a private or local address, and {site} is a public site")


@lru_cache(maxsize=256)
def _private(host: str) -> bool:
    """Whether ``host`` is, or resolves to, an address that is not public.  A name that does not
    resolve counts as public: the connection itself will then fail."""
    if host in ("localhost", "") or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, UnicodeError, ValueError):
            return False
    return any(not a.is_global for a in addresses)


def _read(response: httpx.Response, limits: Limits, deadline: float) -> bytes:
    """The whole body, or :class:`Refused` at the first bound crossed."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise Refused(f"the response would be {int(declared):,} bytes, more than {limits.max_bytes:,}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        chunks.append(chunk)
        if size > limits.max_bytes:
            raise Refused(f"the response is larger than {limits.max_bytes:,} bytes")
        wire = response.num_bytes_downloaded
        if size > 1024 * 1024 and size > limits.max_ratio * max(wire, 1):
            raise Refused(f"the compressed response expands more than {limits.max_ratio:g} times")
        if time.monotonic() > deadline:
            raise Refused(f"the response took more than {limits.seconds:g} s")
    return b"".join(chunks)
