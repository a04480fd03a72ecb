"""The live-site fetcher against a real local HTTP server (never the internet)."""

from __future__ import annotations

import json

import httpx
import pytest

from seriesbook.errors import FetchError
from seriesbook.sources import site
from seriesbook.sources.site import Fetcher, default_cache_dir
from seriesbook.urls import archive_of, canonical_url

from tests.support.site import ANTIBOT, make_page, serve, sleepy, truncated

PAGE = make_page("\n<p>正文$a&lt;b$。</p>\n", n=7, title="测试（一）：标题")


class Sleeps(list):
    """An injectable ``sleep`` that records instead of waiting."""

    def __call__(self, seconds):
        self.append(seconds)


def fetcher(base, tmp_path, **kw):
    kw.setdefault("sleep", Sleeps())
    kw.setdefault("timeout", 2.0)
    return Fetcher(base, tmp_path / "cache", **kw)


@pytest.mark.parametrize("ref, n", [
    (9119, 9119), ("9119", 9119), ("https://kexue.fm/archives/9119", 9119),
    ("https://spaces.ac.cn/archives/9119#anchor", 9119), ("https://www.kexue.fm/archives/9119/", 9119),
    ("http://www.spaces.ac.cn/archives/9119?x=1", 9119), ("kexue.fm/archives/12", 12), ("/archives/5", 5),
    ("https://example.com/archives/9119", None), ("https://kexue.fm/tag/vae/", None), ("abc", None),
    (0, None), (-3, None),
])
def test_archive_of(ref, n):
    assert archive_of(ref) == n


def test_archive_of_on_a_configured_site():
    assert archive_of("http://127.0.0.1:8000/archives/3", site="http://127.0.0.1:8000") == 3
    assert canonical_url(3) == "https://spaces.ac.cn/archives/3"


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERIESBOOK_CACHE", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("SERIESBOOK_CACHE")
    assert default_cache_dir().name == "seriesbook"


def test_fetch_then_cache_then_offline(tmp_path):
    with serve({"/archives/7": [(200, PAGE)]}) as (base, script):
        f = fetcher(base, tmp_path)
        raw = f.post(7)
        assert raw.title == "测试（一）：标题" and raw.archive == 7 and raw.fetched_at
        assert raw.url == raw.pos.path == "https://spaces.ac.cn/archives/7"
        assert "$a&lt;b$" in raw.body and "转载" not in raw.body
        again = f.post(7)  # from the cache: no second request
        assert script.hits["/archives/7"] == 1 and again.body == raw.body
        assert script.agents[0].startswith("seriesbook/") and "offline book builder" in script.agents[0]
        refreshing = fetcher(base, tmp_path, refresh=True)
        fresh = refreshing.post(7)
        assert script.hits["/archives/7"] == 2 and fresh.title == raw.title
        refreshing.post(7)  # refreshed once per run, not on every call
        assert script.hits["/archives/7"] == 2
    offline = fetcher("http://127.0.0.1:9", tmp_path, offline=True)
    assert offline.post(7).title == raw.title  # the server is gone; the cache answers
    with pytest.raises(FetchError, match="post 8 .*not in the cache"):
        offline.post(8)
    files = sorted(p.suffix for p in (tmp_path / "cache").iterdir())
    assert files == [".html", ".json"]  # no temp files left behind
    meta = json.loads(next((tmp_path / "cache").glob("*.json")).read_text())
    assert meta["url"].endswith("/archives/7") and meta["fetched_at"]


def test_missing_post_is_a_fetch_error_without_retry(tmp_path):
    with serve({}) as (base, script):
        with pytest.raises(FetchError, match="404"):
            fetcher(base, tmp_path).post(404)
        assert script.hits["/archives/404"] == 1


def test_server_error_then_success(tmp_path):
    sleeps = Sleeps()
    with serve({"/archives/7": [(500, "oops"), (503, "busy"), (200, PAGE)]}) as (base, script):
        raw = fetcher(base, tmp_path, sleep=sleeps, delay=1.0).post(7)
    assert raw.title == "测试（一）：标题" and script.hits["/archives/7"] == 3
    assert 1.0 in sleeps and 2.0 in sleeps  # backoff doubles


def test_repeated_failure_gives_up(tmp_path):
    with serve({"/archives/7": [(500, "oops")]}) as (base, script):
        with pytest.raises(FetchError, match="gave up after 3 attempts.*500"):
            fetcher(base, tmp_path, retries=2).post(7)
        assert script.hits["/archives/7"] == 3
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_timeout_is_retried(tmp_path):
    # Margins wide enough for a loaded CI machine: the answer after the timeout takes ms.
    with serve({"/archives/7": [sleepy(3.0), (200, PAGE)]}) as (base, script):
        raw = fetcher(base, tmp_path, timeout=0.5).post(7)
    assert raw.archive == 7 and script.hits["/archives/7"] == 2


def test_slow_response_within_the_timeout_is_fine(tmp_path):
    with serve({"/archives/7": [sleepy(0.2, then=(200, PAGE))]}) as (base, script):
        raw = fetcher(base, tmp_path, timeout=3.0).post(7)
    assert raw.archive == 7 and script.hits["/archives/7"] == 1


def test_truncated_body_is_retried_and_never_cached(tmp_path):
    with serve({"/archives/7": [truncated(PAGE), (200, PAGE)]}) as (base, script):
        raw = fetcher(base, tmp_path).post(7)
    assert raw.title == "测试（一）：标题" and script.hits["/archives/7"] == 2
    with serve({"/archives/7": [truncated(PAGE)]}) as (base, script):
        with pytest.raises(FetchError):
            fetcher(base, tmp_path / "other", retries=1).post(7)
    assert not (tmp_path / "other" / "cache").exists()


def test_antibot_page_is_retried_and_never_cached(tmp_path):
    with serve({"/archives/7": [(200, ANTIBOT), (200, PAGE)]}) as (base, script):
        raw = fetcher(base, tmp_path).post(7)
    assert raw.archive == 7 and script.hits["/archives/7"] == 2
    with serve({"/archives/7": [(200, ANTIBOT)]}) as (base, _):
        with pytest.raises(FetchError, match="anti-bot"):
            fetcher(base, tmp_path / "b", retries=1).post(7)
    assert not (tmp_path / "b" / "cache").exists()


def test_polite_delay_between_requests(tmp_path):
    sleeps = Sleeps()
    with serve({"/archives/7": [(200, PAGE)], "/archives/8": [(200, PAGE)]}) as (base, _):
        f = fetcher(base, tmp_path, sleep=sleeps, delay=5.0)
        f.post(7)
        assert sleeps == []  # the first request does not wait
        f.post(8)
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_images(tmp_path):
    png = b"\x89PNG\r\n\x1a\nfake"
    with serve({"/usr/uploads/a.png": [(200, png)]}) as (base, script):
        f = fetcher(base, tmp_path)
        path = f.image("/usr/uploads/a.png")
        assert path is not None and path.suffix == ".png" and path.read_bytes() == png
        assert f.image(base + "/usr/uploads/a.png") == path and script.hits["/usr/uploads/a.png"] == 1
        assert f.image("/usr/uploads/missing.png") is None and "404" in f.failures[-1]
    off = fetcher(base, tmp_path, offline=True)
    assert off.image("/usr/uploads/a.png") == path
    assert off.image("/usr/uploads/other.png") is None and "offline" in off.failures[-1]


def test_with_mock_transport(tmp_path):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/archives/7":
            return httpx.Response(200, text=PAGE)
        return httpx.Response(404)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    f = Fetcher("https://kexue.fm", tmp_path, client=client, sleep=Sleeps())
    assert f.post(7).title == "测试（一）：标题"
    assert seen[0].headers["user-agent"] == site.USER_AGENT
    with pytest.raises(FetchError, match="404"):
        f.post(9)
    f.close()
    assert not client.is_closed  # a client passed in belongs to the caller


def test_a_page_that_is_not_a_post_is_an_error_and_not_cached(tmp_path):
    with serve({"/archives/7": [(200, "<html><body>维护中</body></html>")]}) as (base, script):
        with pytest.raises(FetchError, match="did not give a post page"):
            fetcher(base, tmp_path).post(7)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_site_images_come_from_the_configured_site(tmp_path):
    png = b"\x89PNG\r\n\x1a\nfake"
    with serve({"/usr/uploads/b.png": [(200, png)]}) as (base, script):
        f = fetcher(base, tmp_path)
        path = f.image("https://kexue.fm/usr/uploads/b.png")  # never the real site in tests
        assert path is not None and path.read_bytes() == png
        assert f.image("https://spaces.ac.cn/usr/uploads/b.png") == path  # one cached copy
        assert script.hits["/usr/uploads/b.png"] == 1


def test_cache_write_is_atomic(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    with serve({"/archives/7": [(200, PAGE)]}) as (base, _):
        f = fetcher(base, tmp_path)
        monkeypatch.setattr(site.os, "replace", broken_replace)
        with pytest.raises(OSError):
            f.post(7)
        monkeypatch.undo()
        assert list((tmp_path / "cache").iterdir()) == []  # no temp file, no half entry
        assert f.post(7).archive == 7


def test_an_unreachable_host_is_not_asked_again_in_the_same_run(tmp_path):
    calls = []

    def handler(request):
        calls.append(str(request.url))
        raise httpx.ConnectError("no route to host", request=request)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    f = site.Fetcher("https://kexue.fm", tmp_path, client=client, delay=0, retries=2, sleep=lambda s: None)
    assert f.image("https://example.org/a.png") is None
    assert f.image("https://example.org/b.png") is None  # not tried: the host was unreachable
    assert len(calls) == 3 and all("a.png" in c for c in calls)
    assert "could not be reached earlier" in f.failures[1]
