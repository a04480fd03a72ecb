"""Relative links and pictures resolve against the post's own URL, whatever site it is on."""

from __future__ import annotations

from seriesbook.model import Image, Link, RawPost, SourcePos
from seriesbook.parse import parse_post
from seriesbook.walk import iter_nodes

BODY = '<p><a href="/archives/7">a</a> <a href="notes.html">b</a> <a href="#x">c</a></p>\n' \
       '<p><img src="/usr/uploads/a.png"></p>\n'


def _targets(fmt: str, body: str, url: str | None) -> list[str]:
    raw = RawPost(title="t", body=body, format=fmt, pos=SourcePos("p", 1), body_line=1, url=url)
    post, _ = parse_post(raw, "p1")
    return [n.href if isinstance(n, Link) else n.src
            for n in iter_nodes(post.blocks) if isinstance(n, (Link, Image))]


def test_html_links_resolve_against_the_posts_url():
    assert _targets("html", BODY, "https://example.org/blog/archives/5") == [
        "https://example.org/archives/7", "https://example.org/blog/archives/notes.html", "#x",
        "https://example.org/usr/uploads/a.png"]


def test_without_a_url_links_stay_as_written():
    assert _targets("html", BODY, None) == ["/archives/7", "notes.html", "#x", "/usr/uploads/a.png"]


def test_markdown_site_paths_resolve_against_the_posts_url():
    body = "[a](/archives/7) ![p](/usr/uploads/a.png) ![q](pics/b.png)\n"
    assert _targets("markdown", body, "http://127.0.0.1:8000/archives/5") == [
        "http://127.0.0.1:8000/archives/7", "http://127.0.0.1:8000/usr/uploads/a.png", "pics/b.png"]
