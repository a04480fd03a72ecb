"""``seriesbook fetch``: put posts into the cache — a series of the manifest, numbers, or URLs."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import FetchError, UsageError
from .common import cache_option, load_manifest, manifest_option, site_option


@click.command()
@click.argument("refs", nargs=-1, required=True)
@manifest_option
@click.option("--refresh", is_flag=True, help="Fetch again even when cached.")
@site_option
@cache_option()
def command(refs, manifest, refresh, site, cache_dir) -> int:
    """Fetch posts into the cache: a series NAME (of the manifest or the site), archive numbers N, or post URLs."""
    fetch_refs(load_manifest(manifest), list(refs), refresh=refresh, site=site, cache_dir=cache_dir,
               progress=lambda line: click.echo(line, err=True))
    return 0


def expand_refs(manifest, refs: list[str]) -> dict[str, list[int]]:
    """Archive numbers named by ``refs``, grouped by the site they come from: a series name
    stands for its listed posts, on that series' own site."""  # match: series are resolved before
    from ..urls import archive_of

    by_site: dict[str, list[int]] = {}
    names = {s.name: s for s in manifest.series}
    for ref in refs:
        if ref in names:
            site, numbers = names[ref].options.site, [archive_of(r) for r in names[ref].posts]
        elif (n := archive_of(ref)) is not None:
            site, numbers = manifest.book.site, [n]
        else:
            raise UsageError(f"{ref!r} is neither a series of {manifest.path.name}, an archive number, nor a post URL")
        wanted = by_site.setdefault(site, [])
        wanted += [n for n in numbers if n is not None and n not in wanted]
    return by_site


def fetch_refs(manifest, refs: list[str], refresh: bool = False, site: str | None = None,
               cache_dir: Path | None = None, progress=print) -> None:
    """Fetch each post named by ``refs`` into the cache, saying each one; raise when any failed."""
    from ..pipeline import Options, SiteAccess, fetch_posts

    from ..catalogue import matches_from_index, spelled, with_site_series
    from ..urls import archive_of

    options = Options(refresh=refresh, site=site, cache_dir=cache_dir, progress=progress)
    names = [r for r in refs if archive_of(r) is None]
    manifest = with_site_series(manifest, names, options, echo=progress)
    refs = [spelled(manifest, r) if r in names else r for r in refs]
    manifest = matches_from_index(manifest, refs, options)
    failures = []
    for base, numbers in expand_refs(manifest, refs).items():
        access = SiteAccess(manifest, base, options)
        try:
            got, failed = fetch_posts(access(), [str(n) for n in numbers], options)
            for raw in got:
                missing = fetch_images(access(), raw)
                progress(f"{raw.archive}: {raw.title} ({raw.date or 'no date'})"
                         + (f"; {missing} picture(s) could not be fetched" if missing else ""))
        finally:
            access.close()
        failures += failed
    if failures:
        raise FetchError(f"{len(failures)} post(s) could not be fetched:\n  " + "\n  ".join(f for _, f in failures))


def fetch_images(fetcher, raw) -> int:
    """Put the pictures of ``raw`` into the cache too (an offline build needs them); how many failed."""
    from ..model import Image
    from ..parse import parse_post
    from ..walk import iter_nodes

    post, _ = parse_post(raw, "fetch")
    sources = [n.src for n in iter_nodes(post.blocks) if isinstance(n, Image) and n.src.startswith("http")]
    return sum(fetcher.image(src) is None for src in sources)
