"""A local copy of the site's catalogue for tests: the archive page ``content.html`` and the
search listing pages, generated from ``../shared/site/archive.tsv`` (read at test time)."""

from __future__ import annotations

import html
from itertools import groupby
from pathlib import Path

from seriesbook.model import IndexEntry


def read_archive_tsv(path: Path) -> list[IndexEntry]:
    """Every post of archive.tsv (number, date, title), newest first as the file lists them."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [IndexEntry(int(n), t.strip(), d or None) for n, d, t in rows]


def archive_page(entries: list[IndexEntry], comments: bool = True) -> str:
    """``content.html`` as the site lays it out: a ``YYYY年`` heading per year, a ``N月`` item
    per month, a ``D日：`` item per day with the title link and a comment-count link."""
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"/><title>文章归档 - 科学空间|Scientific Spaces</title>',
           '</head><body><div id="main"><div class="Post"><h1>文章归档</h1><div class="PostContent">']
    dated = [e for e in entries if e.date]
    for year, in_year in groupby(dated, key=lambda e: e.date[:4]):
        out.append(f"<h2>{year}年</h2><ul>")
        for month, in_month in groupby(in_year, key=lambda e: e.date[5:7]):
            out.append(f"<li>{int(month)}月<ul>")
            for e in in_month:
                count = f'（<a href="/archives/{e.number}#comments">{e.number % 37}条评论</a>）' if comments else ""
                out.append(f'<li>{int(e.date[8:10])}日：<a href="/archives/{e.number}">{html.escape(e.title)}</a>'
                           f"{count}</li>")
            out.append("</ul></li>")
        out.append("</ul>")
    undated = [e for e in entries if not e.date]
    if undated:
        out.append("<ul>" + "".join(f'<li><a href="/archives/{e.number}">{html.escape(e.title)}</a></li>'
                                    for e in undated) + "</ul>")
    out.append("</div></div></div></body></html>")
    return "\n".join(out)


def listing_page(entries: list[IndexEntry], next_href: str | None = None) -> str:
    """One search listing page: per post a title link, the ``By … | date | …`` line, an excerpt
    and a read-more link; then the link to the next page."""
    posts = []
    for e in entries:
        day, month = (int(e.date[8:10]), e.date[5:7]) if e.date else ("", "")
        posts.append(f'<div class="Post"><div class="date">{day} {month}</div>'
                     f'<h2 class="title"><a href="/archives/{e.number}">{html.escape(e.title)}</a></h2>'
                     f'<div class="submitted">By 苏剑林 | {e.date} | 1234位读者 | 引用</div>'
                     f'<div class="PostContent"><p>摘要……</p><p><a href="/archives/{e.number}">点击阅读全文...</a></p>'
                     "</div></div>")
    nav = f'<div class="pagenavi"><a href="{next_href}">下一页</a></div>' if next_href else ""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body><div id="main">'
            + "".join(posts) + nav + "</div></body></html>")
