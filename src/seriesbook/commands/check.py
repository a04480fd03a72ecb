"""``seriesbook check``: the math of a series, converted and checked, without compiling a book."""

from __future__ import annotations

import json

import click

from .common import load_manifest, manifest_option, json_option


@click.command()
@click.argument("name")
@manifest_option
@json_option
@click.option("--offline", is_flag=True, help="Use cached pages only.")
def command(name, manifest, as_json, offline) -> int:
    """Run the math checks of series NAME without compiling a book."""
    result = check_series(load_manifest(manifest), name, offline=offline)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for p in result["posts"]:
        click.echo(f"{p['title']}: {p['formulas']} formulas, {p['numbered_equations']} numbered, "
                   f"{p['formulas_failed']} verbatim")
    for w in result["warnings"]:
        click.echo(f"{w['file']}:{w['line']}: warning: {w['message']} ({w['post']}) [{w['code']}]")
    return 0


def check_series(manifest, name: str, offline: bool = False) -> dict:
    """Per post: formulas found, numbered equations, verbatim ones; and every warning with its code."""
    from ..diagnostics import Collector
    from ..model import Book
    from ..pipeline import Options, book_meta, convert, gather, post_reports

    spec = manifest.get(name)
    collector = Collector(suppress=manifest.suppress_warnings)
    raws = gather(manifest, spec, Options(offline=offline), collector)
    book = Book(meta=book_meta(spec), posts=tuple(convert(raws, collector)))
    return {"series": name, "posts": [p.to_json() for p in post_reports(book, raws)],
            "warnings": [w.to_json() for w in collector.items]}
