"""The site as catalogue: its series (the site index grouped by the title grammar), a NAME
looked up among them, and the manifest entries for series no manifest defines.

``seriesbook series`` lists what :func:`site_series` finds; ``build NAME``, ``fetch NAME`` and
``build --all`` without a manifest build what :func:`with_site_series` adds.  When the archive
page cannot be had, one series is still found through the site's search listing.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

from .errors import FetchError, UsageError
from .manifest import Manifest, SeriesSpec
from .model import SiteSeries, SourcePos
from .pipeline import Options, SiteAccess
from .sources.archive import MAX_AGE, SiteIndex, age_text, load_index, search_series
from .titles import group, normalise


def site_series(index: SiteIndex) -> list[SiteSeries]:
    """Every series of the site (at least two posts), the newest first."""
    return group(list(index.entries))


def find(series: list[SiteSeries], name: str) -> SiteSeries | None:
    """The series called ``name`` (width, spaces and case aside), or None."""
    want = normalise(name)
    return next((s for s in series if normalise(s.name) == want), None)


def spelled(manifest: Manifest, name: str) -> str:
    """How ``manifest`` spells series ``name`` (a site series keeps the site's spelling, which
    may differ from what was typed in width, spaces or case)."""
    want = normalise(name)
    return next((s.name for s in manifest.series if s.name == name),
                next((s.name for s in manifest.series if normalise(s.name) == want), name))


def closest(name: str, names: list[str], n: int = 5) -> list[str]:
    """The names most like ``name``: those containing it (or contained in it) first, then the
    most similar by difflib's ratio."""
    want = normalise(name)
    near = [x for x in names if want and (want in normalise(x) or normalise(x) in want)]
    near += difflib.get_close_matches(name, names, n=n, cutoff=0.4)
    return list(dict.fromkeys(near))[:n]


def age_note(index: SiteIndex, offline: bool) -> str | None:
    """What to say about the index's age: when older than a day, or when --offline used it."""
    if index.age >= MAX_AGE or (offline and index.age > 0):
        return (f"the site index ({index.url}) is {age_text(index.age)} old (fetched {index.fetched_at})"
                + ("" if offline else "; --refresh fetches it again"))
    return None


def index_of(manifest: Manifest, options: Options) -> SiteIndex:
    """The site index of the manifest's site (or ``--site``), through the cache."""
    access = SiteAccess(manifest, manifest.book.site, options)
    try:
        return load_index(access())
    finally:
        access.close()


def bare_manifest(path: Path = Path("series.yaml")) -> Manifest:
    """A manifest with nothing in it: every book option at its default, no sources, no series."""
    from .manifest import BookOptions

    return Manifest(path=path, book=BookOptions(), sources=(), series=())


def spec_of(series: SiteSeries, manifest: Manifest, where: str) -> SeriesSpec:
    """A manifest entry for a series of the site: its posts by archive number, in reading order.
    The name is also the output file's name, so a ``/`` in it is written full-width ``／``."""
    name = series.name.replace("/", "／").replace("\\", "＼")
    return SeriesSpec(name=name, pos=SourcePos(where), title=series.name,
                      posts=tuple(str(p.number) for p in series.posts), options=manifest.book)


def with_site_series(manifest: Manifest, names: list[str], options: Options,
                     echo=lambda line: None) -> Manifest:
    """``manifest`` with an entry for each of ``names`` it does not define, taken from the site:
    from the site index, else (when the archive page cannot be had) from the search listing.
    An unknown name is a UsageError listing the closest series names."""
    wanted = [n for n in names if all(normalise(s.name) != normalise(n) for s in manifest.series)]
    if not wanted:
        return manifest
    access = SiteAccess(manifest, manifest.book.site, options)
    try:
        try:
            index = load_index(access())
        except FetchError as e:
            return _from_search(manifest, wanted, access(), e, echo)
        if note := age_note(index, options.offline):
            echo(note)
        series = site_series(index)
        added = []
        for name in wanted:
            found = find(series, name)
            if found is None:
                raise _unknown(name, [s.name for s in manifest.series] + [s.name for s in series], manifest, index.url)
            added.append(spec_of(found, manifest, index.url))
    finally:
        access.close()
    return dataclasses.replace(manifest, series=manifest.series + tuple(added))


def _from_search(manifest: Manifest, names: list[str], fetcher, why: FetchError, echo) -> Manifest:
    echo(f"{why}\nlooking the series up in the site's search listing instead")
    added = []
    for name in names:
        try:
            found = search_series(fetcher, name)
        except FetchError as e:
            known = ", ".join(s.name for s in manifest.series) or "none"
            mine = f" in {manifest.path.name} (known: {known}), and" if manifest.path.exists() else ";"
            raise FetchError(f"no series named {name!r}{mine} the site cannot say: {why}; {e}") from None
        if found is None:
            raise _unknown(name, [s.name for s in manifest.series], manifest,
                           f"{fetcher.site}/search/{name}/ (the archive page could not be had)")
        added.append(spec_of(found, manifest, f"{fetcher.site}/search/{name}/"))
    return dataclasses.replace(manifest, series=manifest.series + tuple(added))


def _unknown(name: str, names: list[str], manifest: Manifest, where: str) -> UsageError:
    near = closest(name, names)
    hint = f"; the closest: {', '.join(near)}" if near else "; `seriesbook series` lists them all"
    mine = f" in {manifest.path.name} nor" if manifest.path.exists() else ""  # bare_manifest(): no file
    return UsageError(f"no series named {name!r}{mine} on the site ({where}){hint}")


def site_manifest(manifest: Manifest, options: Options, echo=lambda line: None) -> Manifest:
    """``manifest`` with every series of the site it does not define (``build --all`` without one)."""
    index = index_of(manifest, options)
    if note := age_note(index, options.offline):
        echo(note)
    known = {normalise(s.name) for s in manifest.series}
    extra = tuple(spec_of(s, manifest, index.url) for s in site_series(index) if normalise(s.name) not in known)
    return dataclasses.replace(manifest, series=manifest.series + extra)


def matches_from_index(manifest: Manifest, names: list[str], options: Options) -> Manifest:
    """``manifest`` with each ``match:`` series among ``names`` listing the site index's posts of
    it (what ``fetch NAME`` fetches)."""
    from .select import site_matches

    matched = {s.name for s in manifest.series if s.name in names and s.match}
    if not matched:
        return manifest
    entries = index_of(manifest, options).entries
    return dataclasses.replace(manifest, series=tuple(
        dataclasses.replace(s, match=None, posts=tuple(map(str, site_matches(s.match, entries, []))))
        if s.name in matched else s for s in manifest.series))


def series_json(index: SiteIndex, series: list[SiteSeries]) -> dict:
    """The JSON of ``seriesbook series --json``."""
    return {"site": index.site, "fetched_at": index.fetched_at, "posts": len(index.entries),
            "series": [{"name": s.name, "posts": [dataclasses.asdict(p) for p in s.posts]} for s in series]}
