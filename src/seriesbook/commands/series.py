"""``seriesbook series``: every series of the site, from its archive page (the site index)."""

from __future__ import annotations

import json

import click

from .common import cache_option, json_option, load_manifest, manifest_option, site_option


@click.command()
@site_option
@json_option
@click.option("--refresh", is_flag=True, help="Fetch the archive page again even when the cached one is fresh.")
@click.option("--offline", is_flag=True, help="Use the cached archive page, whatever its age.")
@manifest_option
@cache_option()
def command(site, as_json, refresh, offline, manifest, cache_dir) -> int:
    """Every series of the site with at least two posts, the latest first: name, number of
    parts, first and last date (--json: every post of each, in reading order)."""
    from ..catalogue import age_note, index_of, series_json, site_series
    from ..pipeline import Options

    options = Options(site=site, offline=offline, refresh=refresh, cache_dir=cache_dir)
    index = index_of(load_manifest(manifest), options)
    if note := age_note(index, offline):
        click.echo(note, err=True)
    series = site_series(index)
    if as_json:
        click.echo(json.dumps(series_json(index, series), ensure_ascii=False, indent=2))
        return 0
    from rich.cells import cell_len  # a CJK character takes two columns of a terminal

    width = max((cell_len(s.name) for s in series), default=0)
    for s in series:
        dates = sorted(p.date for p in s.posts if p.date)
        span = f"{dates[0]} – {dates[-1]}" if dates else "undated"
        click.echo(f"{s.name}{' ' * (width - cell_len(s.name))}  {len(s.posts):>3} parts  {span}")
    click.echo(f"{len(series)} series among {len(index.entries)} posts of {index.url}; "
               "`seriesbook build NAME --pdf` makes a book of one", err=True)
    return 0
