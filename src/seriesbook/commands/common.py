"""What several subcommands share: the manifest option and printing warnings."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

MANIFEST_HELP = "The manifest (default: ./series.yaml, else the embedded sample series)."

manifest_option = click.option("-m", "--manifest", type=click.Path(path_type=Path, dir_okay=False),
                               help=MANIFEST_HELP)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _site_url(ctx, param, value: str | None) -> str | None:
    """``--site`` is an http(s) address (else a usage error, not a fetch error per URL)."""
    from urllib.parse import urlsplit

    if value is not None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter(f"{value!r} is not an http(s) address such as https://kexue.fm")
    return value


site_option = click.option("--site", callback=_site_url,
                           help="Site base URL, overriding the manifest's book.site (default https://kexue.fm).")


def cache_option(help: str = "Cache folder."):
    """The ``--cache`` option (where fetched pages go)."""
    return click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), help=help)


def load_manifest(path: Path | None):
    """The manifest named on the command line, ./series.yaml, or the embedded default."""
    from ..manifest import load
    from ..resources import default_manifest

    if path is None:
        path = Path("series.yaml")
        if not path.exists():
            path = default_manifest()
    return load(path)


def own_manifest(path: Path | None):
    """The manifest named on the command line or ./series.yaml; None when there is neither."""
    from ..manifest import load

    if path is None and not Path("series.yaml").exists():
        return None
    return load(path or Path("series.yaml"))


def series_manifest(path: Path | None, name: str, options, echo=lambda line: None):
    """The manifest to build or check series ``name`` with, and the name as it spells it: the
    manifest's own series, else (or without a manifest) the site's series of that name."""
    from ..catalogue import bare_manifest, spelled, with_site_series

    own = own_manifest(path)
    manifest = own or load_manifest(None)
    if all(s.name != name for s in manifest.series):  # not the manifest's: a series of the site
        manifest = with_site_series(own or bare_manifest(), [name], options, echo=echo)
        name = spelled(manifest, name)
    return manifest, name


def echo_err(line: str) -> None:
    """Print ``line`` on stderr (module-level, so that build options holding it can be pickled)."""
    click.echo(line, err=True)


def warn(warnings) -> None:
    """Print warnings on stderr, one located line each."""
    for w in warnings:
        click.echo(str(w), err=True)


@contextmanager
def progress_display():
    """A spinner with the current step on a terminal; silence elsewhere (CI logs stay clean)."""
    if not sys.stderr.isatty():
        yield lambda message: None
        return
    from rich.console import Console

    with Console(stderr=True).status("starting") as status:
        yield lambda message: status.update(message)
