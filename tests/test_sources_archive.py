"""The site index: the archive page (generated from archive.tsv in the site's structure) and the
search listing, read through the fetcher from a local server; its cache, age and bad answers."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from seriesbook.errors import FetchError
from seriesbook.model import IndexEntry
from seriesbook.sources.archive import age_text, load_index, parse_archive, parse_listing, search_series
from seriesbook.sources.site import Fetcher

from tests.support.archive_site import archive_page, listing_page, read_archive_tsv
from tests.support.paths import SHARED
from tests.support.prereq import need_path
from tests.support.site import ANTIBOT, serve

SITE = "http://127.0.0.1:1"
FEW = [IndexEntry(3, "甲漫谈（二）：后来", "2024-02-03"), IndexEntry(2, "无关的一篇", "2024-01-20"),
       IndexEntry(1, "甲漫谈（一）：起初", "2023-12-31")]


@pytest.fixture(scope="module")
def archive():
    return read_archive_tsv(need_path(SHARED / "site" / "archive.tsv"))


def test_every_post_of_the_real_archive_with_its_date(archive):
    assert parse_archive(archive_page(archive), SITE) == archive


def test_comment_counts_and_read_more_links_are_not_titles():
    page = archive_page(FEW).replace("</ul></li>", '<li>4日：<a href="/archives/9">12</a></li></ul></li>', 1)
    assert [e.title for e in parse_archive(page, SITE)] == [e.title for e in FEW]
    assert "条评论" in archive_page(FEW)


def test_tolerant_parsing_years_as_items_and_posts_without_a_date():
    page = ('<div class="sidebar"><a href="/archives/5">某某（一）：a</a></div><ul><li>2019年<ul><li>3月<ul><li><span>7日：</span><a href="https://kexue.fm/archives/5">某某（一）：a</a>'
            '</li></ul></li></ul></li></ul><p><a href="/archives/6">没有日期的一篇</a></p>'
            '<a href="/tag/x">标签</a><a href="/archives/7">7</a>')
    assert parse_archive(page, SITE) == [IndexEntry(5, "某某（一）：a", "2019-03-07"), IndexEntry(6, "没有日期的一篇")]


def test_a_search_listing_page_and_its_next_page():
    page = listing_page(FEW[:2], next_href="/search/%E7%94%B2/2/")
    entries, next_url = parse_listing(page, SITE, SITE + "/search/%E7%94%B2/")
    assert entries == FEW[:2] and next_url == SITE + "/search/%E7%94%B2/2/"
    assert parse_listing(listing_page(FEW[2:]), SITE, SITE)[1] is None


def _fetcher(base, tmp_path, **kw):
    return Fetcher(base, tmp_path / "cache", delay=0, retries=1, sleep=lambda s: None, **kw)


def test_fetched_once_reused_for_a_day_then_fetched_again(tmp_path):
    with serve({"/content.html": [(200, archive_page(FEW))]}) as (base, script):
        first = load_index(_fetcher(base, tmp_path))
        again = load_index(_fetcher(base, tmp_path))
        assert script.hits["/content.html"] == 1 and again.entries == first.entries == tuple(FEW)
        assert first.url == base + "/content.html" and first.fetched_at and again.age < 60
        load_index(_fetcher(base, tmp_path, refresh=True))
        assert script.hits["/content.html"] == 2
        _age_cache(tmp_path, days=3)
        offline = load_index(_fetcher(base, tmp_path, offline=True))
        assert script.hits["/content.html"] == 2 and age_text(offline.age) == "3 days"
        load_index(_fetcher(base, tmp_path))
        assert script.hits["/content.html"] == 3


def _age_cache(tmp_path: Path, days: int) -> None:
    from datetime import datetime, timedelta, timezone

    for meta in (tmp_path / "cache").glob("*.json"):
        info = json.loads(meta.read_text(encoding="utf-8"))
        info["fetched_at"] = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
        meta.write_text(json.dumps(info), encoding="utf-8")


@pytest.mark.parametrize("reply, says", [
    ((404, "not found"), "does not exist (404)"),
    ((200, ANTIBOT), "anti-bot"),
    ((200, "<html><body><p>维护中</p></body></html>"), "lists no posts"),
    ((200, "年月日".encode("gb18030") * 50), "garbled"),
    ((200, ""), "lists no posts"),
])
def test_a_bad_archive_page_names_its_url_and_keeps_the_cached_index(tmp_path, reply, says):
    with serve({"/content.html": [(200, archive_page(FEW)), reply]}) as (base, script):
        load_index(_fetcher(base, tmp_path))
        with pytest.raises(FetchError) as e:
            load_index(_fetcher(base, tmp_path, refresh=True))
        assert says in str(e.value) and str(e.value).count(f"{base}/content.html") == 1
        assert load_index(_fetcher(base, tmp_path, offline=True)).entries == tuple(FEW)


def test_offline_without_a_cached_index_says_so(tmp_path):
    with pytest.raises(FetchError, match="not in the cache"):
        load_index(_fetcher(SITE, tmp_path, offline=True))


def test_one_series_from_the_search_listing_over_two_pages(tmp_path):
    path = f"/search/{quote('甲漫谈')}/"
    routes = {path: [(200, listing_page(FEW[:2], next_href=path + "2/"))], path + "2/": [(200, listing_page(FEW[2:]))],
              f"/search/{quote('乙')}/": [(200, listing_page([]))]}
    with serve(routes) as (base, script):
        series = search_series(_fetcher(base, tmp_path), "甲漫谈")
        assert [(p.number, p.part, p.date) for p in series.posts] == [(1, 1, "2023-12-31"), (3, 2, "2024-02-03")]
        assert search_series(_fetcher(base, tmp_path), "乙") is None
