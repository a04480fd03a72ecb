"""``seriesbook check``: the math of a series, converted and checked, without compiling a book."""

from __future__ import annotations

import json

import click

from .common import cache_option, echo_err, json_option, manifest_option, series_manifest, site_option


@click.command()
@click.argument("name")
@manifest_option
@json_option
@click.option("--offline", is_flag=True, help="Use cached pages only.")
@site_option
@cache_option("Cache folder for fetched pages (default: the user cache).")
def command(name, manifest, as_json, offline, site, cache_dir) -> int:
    """Run the math checks of series NAME without compiling a book.

    NAME is a series of the manifest or, when the manifest does not define it, a series of the
    site (as for `seriesbook build`)."""
    from ..pipeline import Options

    options = Options(offline=offline, site=site, cache_dir=cache_dir)
    manifest, name = series_manifest(manifest, name, options, echo=echo_err)
    posts, warnings = check_series(manifest, name, options)
    if as_json:
        result = {"series": name, "posts": [p.to_json() for p in posts], "warnings": [w.to_json() for w in warnings]}
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for p in posts:
        click.echo(f"{p.title}: {p.formulas} formulas, {p.numbered_equations} numbered, {p.formulas_failed} verbatim")
    for w in warnings:  # as a build prints them
        click.echo(str(w))
    return 0


def check_series(manifest, name: str, options=None) -> tuple[list, list]:
    """Per post its report (formulas found, numbered equations, verbatim ones); and every warning.
    ``options`` (a :class:`seriesbook.pipeline.Options`) says where and how posts are fetched."""
    from ..diagnostics import Collector
    from ..model import Book
    from ..pipeline import Options, SiteAccess, book_meta, convert, gather, post_reports

    spec = manifest.get(name)
    collector = Collector(suppress=manifest.suppress_warnings)
    site = SiteAccess(manifest, spec.options.site, options or Options())
    try:
        raws = gather(manifest, spec, options or Options(), collector, site)
    finally:
        site.close()
    book = Book(meta=book_meta(spec), posts=tuple(convert(raws, collector)))
    return post_reports(book, raws), list(collector.items)
