"""Every fetch is bounded — time per response, size, redirects, where it may go, expansion — and
nothing partial enters the cache.  Against a local server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import gzip
import time

import pytest

from seriesbook.errors import FetchError
from seriesbook.sources.bounded import Limits, Refused, check_address
from seriesbook.sources.site import Fetcher

from tests.support.site import make_page, serve, truncated

PAGE = make_page("<p>正文</p>", n=7, title="测试（一）：标题")


def fetcher(base, tmp_path, **limits):
    return Fetcher(base, tmp_path / "cache", delay=0, retries=0, sleep=lambda s: None, timeout=5.0,
                   limits=Limits(**limits))


def cached(tmp_path) -> list:
    return sorted((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else []


def drip(total: int, every: float):
    """A reply that sends one byte every ``every`` seconds, ``total`` bytes at most."""
    def reply(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(total):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(every)
    return reply


def endless(chunk: bytes, times: int, headers: dict):
    """A reply without Content-Length, ``times`` chunks long (the connection's end ends it)."""
    def reply(handler):
        handler.send_response(200)
        for k, v in headers.items():
            handler.send_header(k, v)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        with contextlib.suppress(OSError):
            for _ in range(times):
                handler.wfile.write(chunk)
    return reply


def redirect(to: str):
    def reply(handler):
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return reply


def test_a_server_that_drips_is_cut_off_and_nothing_is_cached(tmp_path):
    with serve({"/usr/a.png": [drip(200, 0.05)]}) as (base, _):
        f = fetcher(base, tmp_path, seconds=0.5)
        assert f.image(f"{base}/usr/a.png") is None
    assert "took more than 0.5 s" in f.failures[-1]
    assert cached(tmp_path) == []


@pytest.mark.parametrize("reply, why", [
    (lambda: (200, b"x" * 5000), "would be 5,000 bytes, more than 1,000"),  # announced by Content-Length
    (lambda: endless(b"x" * 500, 10, {"Content-Type": "image/png"}), "larger than 1,000 bytes"),  # not announced
])
def test_a_response_larger_than_the_bound_is_refused(tmp_path, reply, why):
    with serve({"/usr/big.png": [reply()]}) as (base, _):
        f = fetcher(base, tmp_path, max_bytes=1000)
        assert f.image(f"{base}/usr/big.png") is None
    assert why in f.failures[-1]
    assert cached(tmp_path) == []


def test_a_compressed_body_that_expands_too_far_is_refused(tmp_path):
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    with serve({"/archives/7": [endless(bomb, 1, {"Content-Encoding": "gzip", "Content-Type": "text/html"})]}) as (base, _):
        with pytest.raises(FetchError, match="expands more than 200 times"):
            fetcher(base, tmp_path).post(7)
    assert cached(tmp_path) == []


def test_redirects_are_followed_a_few_times_only(tmp_path):
    with serve({"/archives/7": [redirect("/archives/8")], "/archives/8": [(200, PAGE)],
                "/archives/9": [redirect("/archives/9")]}) as (base, script):
        assert fetcher(base, tmp_path).post(7).title == "测试（一）：标题"
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher(base, tmp_path).post(9)
        assert script.hits["/archives/9"] == 6


def test_a_redirect_to_a_file_is_refused(tmp_path):
    with serve({"/archives/7": [redirect("file:///etc/passwd")]}) as (base, _):
        with pytest.raises(FetchError, match="file: addresses are not fetched"):
            fetcher(base, tmp_path).post(7)


def test_a_public_site_cannot_lead_to_private_addresses(tmp_path):
    with serve({"/secret.png": [(200, b"secret")]}) as (base, script):
        f = fetcher("https://kexue.fm", tmp_path)
        assert f.image(f"{base}/secret.png") is None  # a post's picture on 127.0.0.1
        assert "127.0.0.1 is a private or local address" in f.failures[-1]
        assert script.hits == {}  # refused before connecting
    for url in ("http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://192.168.0.1/x"):
        with pytest.raises(Refused):
            check_address(url, "https://kexue.fm")
    check_address("http://127.0.0.1:8000/x", "http://127.0.0.1:8000")  # a local mirror may serve itself
    check_address("http://192.168.0.1/x", "http://10.0.0.1")  # and a private site, private pictures


def test_a_download_cut_short_never_enters_the_cache(tmp_path):
    with serve({"/archives/7": [truncated(PAGE)]}) as (base, _):
        with pytest.raises(FetchError):
            fetcher(base, tmp_path).post(7)
    assert cached(tmp_path) == []
