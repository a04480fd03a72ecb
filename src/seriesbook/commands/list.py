"""``seriesbook list``: the series of the manifest and their posts, from the sources and the cache."""

from __future__ import annotations

import dataclasses
import json

import click

from .common import cache_option, json_option, load_manifest, manifest_option, site_option


@click.command(name="list")
@manifest_option
@json_option
@site_option
@cache_option()
def command(manifest, as_json, site, cache_dir) -> int:
    """The series of the manifest and, for each, its posts in order (title, date, source).

    Posts named by number are looked up in the sources, then in the cache (a `match:` series
    also lists the posts of the cached site index); nothing is fetched."""
    from ..pipeline import Options

    series = listing(load_manifest(manifest), Options(cache_dir=cache_dir, site=site))
    if as_json:
        click.echo(json.dumps({"series": series}, ensure_ascii=False, indent=2))
        return 0
    for s in series:
        click.echo(f"{s['name']}  ({len(s['posts'])} posts)")
        for i, p in enumerate(s["posts"], 1):
            if p.get("missing"):
                click.echo(f"  {i:>2}. [not in the sources nor the cache: {p['url']}; `seriesbook fetch` gets it]")
            else:
                click.echo(f"  {i:>2}. {p['title']}  {p['date'] or '----------'}  {p['source']}")
    return 0


def listing(manifest, options=None) -> list[dict]:
    """Each series with its posts in order (title, date, source, url), from the sources and the
    cache alone; a post found in neither is listed as missing."""
    from ..diagnostics import Collector
    from ..pipeline import Options, SiteAccess, fetch_posts, read_sources
    from ..select import select

    options = dataclasses.replace(options or Options(), offline=True)
    sources = read_sources(manifest, Collector())
    out = []
    for spec in manifest.series:
        found, missing = select(spec, sources)
        if spec.match is not None and (not found or any(r.archive for r in found)):
            missing = _cached_index_matches(manifest, spec, found, options)
        if missing:
            site = SiteAccess(manifest, spec.options.site, options)
            cached, _ = fetch_posts(site(), missing, options)
            site.close()
            found, missing = select(spec, sources + cached)
        posts = [{"title": r.title, "date": r.date, "source": str(r.pos), "url": r.url} for r in found]
        posts += [{"title": None, "date": None, "source": None, "url": ref, "missing": True} for ref in missing]
        out.append({"name": spec.name, "title": spec.title, "posts": posts})
    return out


def _cached_index_matches(manifest, spec, local, options) -> list[str]:
    """The posts of ``match:`` series ``spec`` that the cached site index lists and the sources lack."""
    from ..errors import FetchError
    from ..pipeline import SiteAccess
    from ..select import site_matches
    from ..sources.archive import load_index

    site = SiteAccess(manifest, spec.options.site, options)
    try:
        return [str(n) for n in site_matches(spec.match, load_index(site()).entries, local)]
    except FetchError:  # no cached index: the sources alone
        return []
    finally:
        site.close()
