"""Which posts make a series, in which order, and how posts link to each other (pure).

``select`` answers "which RawPosts does this SeriesSpec name?" and says which references
the sources lack (the pipeline then fetches them); ``resolve_links`` turns links between
posts of the same book into links inside the book.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from .manifest import SeriesSpec
from .model import Link, Math, Post, RawPost
from .titles import normalise, parse_title
from .urls import archive_of
from .walk import map_nodes


def select(spec: SeriesSpec, raws: list[RawPost]) -> tuple[list[RawPost], list[str]]:
    """The posts of ``spec`` found in ``raws``, in book order, and the references not found."""
    if spec.match is not None:
        return _by_match(spec.match, raws), []
    by_archive = {r.archive: r for r in raws if r.archive is not None}
    by_title = {normalise(r.title): r for r in raws}
    found: list[RawPost] = []
    missing: list[str] = []
    for ref in spec.posts:
        n = archive_of(ref)
        raw = by_archive.get(n) if n is not None else by_title.get(normalise(ref))
        if raw is None:
            missing.append(ref)
        elif raw not in found:
            found.append(raw)
    return found, missing


def _by_match(name: str, raws: list[RawPost]) -> list[RawPost]:
    """The posts of series ``name`` in reading order, by the title grammar; then any other post
    whose title starts with ``name``, by part and date."""
    from .model import IndexEntry
    from .titles import group, parse

    want = normalise(name)
    series = next((s for s in group([IndexEntry(i, r.title, r.date) for i, r in enumerate(raws)])
                   if normalise(s.name) == want), None)
    order = [p.number for p in series.posts] if series else []
    rest = []
    for i, raw in enumerate(raws):
        info = parse(raw.title)
        if i not in order and ((info and normalise(info.series) == want) or normalise(raw.title).startswith(want)):
            rest.append((info.part if info else 10**6, raw.date or "", i))
    return [raws[i] for i in order + [i for *_, i in sorted(rest)]]


def site_matches(name: str, entries, local: list[RawPost]) -> list[int]:
    """Archive numbers of the site index's posts of series ``name`` (by the title grammar, or a
    title starting with ``name``) that no post of ``local`` is a copy of."""
    from .titles import group

    want = normalise(name)
    series = next((s for s in group(list(entries)) if normalise(s.name) == want), None)
    numbers = [p.number for p in series.posts] if series else []
    numbers += [e.number for e in entries if normalise(e.title).startswith(want) and e.number not in numbers]
    have = {r.archive for r in local} | {normalise(r.title) for r in local}
    titles = {e.number: normalise(e.title) for e in entries}
    return [n for n in numbers if n not in have and titles[n] not in have]


def post_key(raw: RawPost) -> str:
    """A stable id for a post inside a book: ``p<archive>``, else a hash of its title."""
    if raw.archive is not None:
        return f"p{raw.archive}"
    return "s" + hashlib.sha1(raw.title.encode("utf-8")).hexdigest()[:8]


def resolve_links(posts: list[Post]) -> list[Post]:
    """Point every link to another post of the book at that post's chapter."""
    by_archive = {p.archive: p.key for p in posts if p.archive is not None}
    by_url = {_url_key(p.url): p.key for p in posts if p.url}

    def target(link: Link) -> str | None:
        if link.archive is not None and link.archive in by_archive:
            return by_archive[link.archive]
        n = archive_of(link.href)
        return by_archive.get(n) if n is not None else by_url.get(_url_key(link.href))

    def relink(node):
        if isinstance(node, Link) and node.post is None:
            return dataclasses.replace(node, post=target(node))
        return node

    # No link sits inside a formula: not entering them skips most of the tree.
    return [dataclasses.replace(p, blocks=map_nodes(p.blocks, relink, stop=(Math,))) for p in posts]


def _url_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.split("#")[0]).rstrip("/")


def with_part(post: Post) -> Post:
    """The post with its part number taken from its title."""
    info = parse_title(post.title)
    return dataclasses.replace(post, part=info[1]) if info else post



