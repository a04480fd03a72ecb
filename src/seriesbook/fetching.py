"""``seriesbook fetch``: put posts into the cache — a series of the manifest, numbers, or URLs."""

from __future__ import annotations

from pathlib import Path

from .errors import FetchError, UsageError
from .manifest import Manifest
from .pipeline import Options, make_fetcher


def expand_refs(manifest: Manifest, refs: list[str]) -> list[int]:
    """Archive numbers named by ``refs``: a series name stands for its listed posts."""
    from .sources.site import archive_of

    numbers: list[int] = []
    names = {s.name: s for s in manifest.series}
    for ref in refs:
        if ref in names:
            numbers += [n for r in names[ref].posts if (n := archive_of(r)) is not None]
        elif (n := archive_of(ref)) is not None:
            numbers.append(n)
        else:
            raise UsageError(f"{ref!r} is neither a series of {manifest.path.name}, an archive number, nor a post URL")
    return list(dict.fromkeys(numbers))


def fetch_refs(manifest: Manifest, refs: list[str], refresh: bool = False, site: str | None = None,
               cache_dir: Path | None = None):
    """Fetch each post named by ``refs``; yield one line per post; raise when any failed."""
    fetcher = make_fetcher(manifest, manifest.book.site, Options(refresh=refresh, site=site, cache_dir=cache_dir))
    failed = []
    for n in expand_refs(manifest, refs):
        try:
            raw = fetcher.post(n)
            yield f"{n}: {raw.title} ({raw.date or 'no date'})"
        except FetchError as e:
            failed.append(str(e))
    if failed:
        raise FetchError(f"{len(failed)} post(s) could not be fetched:\n  " + "\n  ".join(failed))
