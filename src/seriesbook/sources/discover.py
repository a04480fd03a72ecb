"""Finding series in a pile of posts: duplicate merging and grouping by title.

Which series and part a title names is the title grammar's business (:mod:`seriesbook.titles`).
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import Diagnostic
from ..model import RawPost
from ..titles import normalise, parse_title


def _rank(post: RawPost) -> tuple:
    """Which copy of a post to keep: complete beats excerpt, then the larger reader count,
    then a fetched/saved page over a dump (it carries links, images and formatting)."""
    return (not post.excerpt, post.readers or -1, post.format == "html", bool(post.body.strip()))


def merge_duplicates(posts: list[RawPost]) -> tuple[list[RawPost], list[Diagnostic]]:
    """One RawPost per post: copies match by archive number, else by normalised title.

    The kept copy (see ``_rank``) lists the others in ``duplicates`` and borrows metadata it
    lacks (date, url, archive …) from them; a ``source.duplicate`` warning names both places.
    """
    groups: list[list[RawPost]] = []
    by_archive: dict[int, int] = {}
    by_title: dict[str, int] = {}
    for post in posts:
        key = normalise(post.title)
        index = by_archive.get(post.archive) if post.archive else None
        if index is None and key in by_title:
            other = groups[by_title[key]][0]
            if not (post.archive and other.archive and post.archive != other.archive):
                index = by_title[key]
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(post)
        if post.archive:
            by_archive.setdefault(post.archive, index)
        by_title.setdefault(key, index)
    kept, warnings = [], []
    for group in groups:
        best = max(group, key=_rank)  # max() keeps the first of equals: file order decides
        others = [p for p in group if p is not best]
        for other in others:
            warnings.append(Diagnostic(
                "source.duplicate",
                f"“{best.title}” is also at {other.pos}; kept the copy at {best.pos} ({_why(best, other)})",
                best.pos, best.title))
        kept.append(_absorb(best, others))
    return kept, warnings


def _why(best: RawPost, other: RawPost) -> str:
    if other.excerpt and not best.excerpt:
        return "the other is only an excerpt"
    if (best.readers or -1) > (other.readers or -1):
        return f"{best.readers} readers against {other.readers}"
    return "found first"


def _absorb(best: RawPost, others: list[RawPost]) -> RawPost:
    """``best`` with the others' positions recorded and its missing metadata filled in."""
    if not others:
        return best
    fields = {}
    for name in ("date", "author", "url", "archive", "fetched_at", "citation"):
        if getattr(best, name) is None:
            fields[name] = next((getattr(o, name) for o in others if getattr(o, name) is not None), None)
    dups = list(best.duplicates)
    for other in others:
        dups += [other.pos, *other.duplicates]
    return replace(best, duplicates=tuple(dups), **fields)


def excerpt_warnings(posts: list[RawPost]) -> list[Diagnostic]:
    """A ``source.excerpt`` warning for each post known only from a listing-page excerpt
    (call it after :func:`merge_duplicates`, on the posts that go into a book)."""
    return [Diagnostic("source.excerpt", f"only an excerpt of “{p.title}” is known (from a listing page); "
                    "fetch the post or save its page for the full text", p.pos, p.title)
            for p in posts if p.excerpt]


def group_series(posts: list[RawPost]) -> dict[str, list[RawPost]]:
    """Series name → its posts ordered by part (then date), for every series with a numbered
    post.  Names are matched after :func:`normalise`; the first spelling seen is kept."""
    names: dict[str, str] = {}
    members: dict[str, list[tuple[int, str, int, RawPost]]] = {}
    for order, post in enumerate(posts):
        parsed = parse_title(post.title)
        if parsed is None:
            continue
        name, part = parsed
        key = normalise(name)
        names.setdefault(key, name)
        members.setdefault(key, []).append((part, post.date or "", order, post))
    return {names[k]: [m[3] for m in sorted(v, key=lambda m: m[:3])] for k, v in members.items()}
