"""The HTML parser's cheap newline count equals rendering the tag and counting."""

from __future__ import annotations

from bs4 import BeautifulSoup

from seriesbook.parse.html import source_newlines

TRICKY = ('<!DOCTYPE html>\n<div class="a\nb" title="x\ny" data-z=\'1\n2\'><!-- c\nd -->'
          '<script>if (a<b)\n{}</script><p>t\n<br/>&amp;\n</p><![CDATA[x\ny]]><?pi\nx?>'
          '<pre>\n  code\n</pre><ul>\n<li>one\n</li></ul></div>\n<p hidden>z\n</p>')


def test_source_newlines_counts_what_decode_writes():
    soup = BeautifulSoup(TRICKY, "html.parser")
    tags = soup.find_all(True)
    assert len(tags) > 5
    for tag in tags:
        assert source_newlines(tag) == tag.decode().count("\n"), tag.name


def test_source_newlines_on_the_site_pages(site_pages_dir):
    for page in sorted(site_pages_dir.glob("*/source.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            assert source_newlines(tag) == tag.decode().count("\n"), (page, tag.name)
