"""``seriesbook fetch``: put posts into the cache — a series of the manifest, numbers, or URLs."""

from __future__ import annotations

from pathlib import Path

from .errors import FetchError, UsageError
from .manifest import Manifest
from .pipeline import Options, fetch_posts, make_fetcher


def expand_refs(manifest: Manifest, refs: list[str]) -> list[int]:
    """Archive numbers named by ``refs``: a series name stands for its listed posts."""
    from .urls import archive_of

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
               cache_dir: Path | None = None, progress=print) -> None:
    """Fetch each post named by ``refs`` into the cache, saying each one; raise when any failed."""
    options = Options(refresh=refresh, site=site, cache_dir=cache_dir, progress=progress)
    fetcher = make_fetcher(manifest, manifest.book.site, options)
    got, failures = fetch_posts(fetcher, [str(n) for n in expand_refs(manifest, refs)], options)
    for raw in got:
        missing = fetch_images(fetcher, raw)
        progress(f"{raw.archive}: {raw.title} ({raw.date or 'no date'})"
                 + (f"; {missing} picture(s) could not be fetched" if missing else ""))
    if failures:
        raise FetchError(f"{len(failures)} post(s) could not be fetched:\n  " + "\n  ".join(f for _, f in failures))


def fetch_images(fetcher, raw) -> int:
    """Put the pictures of ``raw`` into the cache too (an offline build needs them); how many failed."""
    from .model import Image
    from .parse import parse_post
    from .walk import iter_nodes

    post, _ = parse_post(raw, "fetch")
    sources = [n.src for n in iter_nodes(post.blocks) if isinstance(n, Image) and n.src.startswith("http")]
    return sum(fetcher.image(src) is None for src in sources)
