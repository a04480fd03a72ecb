"""``seriesbook build``: one series, or every series of the manifest (``--all``).

With ``--all`` each series is built by :func:`build_one` — the very function a single
``seriesbook build NAME`` (and each job of the release workflow) runs — in a worker process
of its own, so a crash or a failure in one series never stops the others.  The exit code
says whether all succeeded.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

import click

from ..diagnostics import summary
from ..errors import SeriesbookError, display_path
from .common import (cache_option, echo_err, manifest_option, own_manifest, progress_display, series_manifest,
                     site_option, warn)


@click.command()
@click.argument("name", required=False)
@click.option("--pdf", "want_pdf", is_flag=True, help="Build the PDF (with neither --pdf nor --epub: both).")
@click.option("--epub", "want_epub", is_flag=True, help="Build the EPUB.")
@manifest_option
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Output folder: NAME.pdf, NAME.epub, NAME.report.json.")
@click.option("--offline", is_flag=True, help="Use cached pages only; say which posts are missing.")
@click.option("--refresh", is_flag=True, help="Fetch posts again even when cached.")
@click.option("--strict", is_flag=True, help="Fail on any warning (the previous book is kept).")
@site_option
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of templates overriding the packaged ones.")
@cache_option("Cache folder for fetched pages (default: the user cache).")
@click.option("--all", "build_all", is_flag=True,
              help="Build every series of the manifest (without one: every series of the site).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Series built at once with --all.")
@click.option("--no-wait", is_flag=True, help="Fail at once when another build of the series is running.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning (else a summary by code; all are in the report).")
def command(name, want_pdf, want_epub, manifest, out_dir, offline, refresh, strict, site, templates, cache_dir,
            build_all, jobs, no_wait, verbose) -> int:
    """Build series NAME into OUT/NAME.pdf and/or OUT/NAME.epub.

    NAME is a series of the manifest or, when the manifest does not define it, a series of the
    site (see `seriesbook series`)."""
    from ..pipeline import Options, build

    from ..catalogue import bare_manifest, site_manifest

    if bool(name) == build_all:
        raise click.UsageError("name one series, or use --all")
    own = own_manifest(manifest)
    both = not (want_pdf or want_epub)
    opts = dict(pdf=both or want_pdf, epub=both or want_epub, out_dir=out_dir, offline=offline, refresh=refresh,
                strict=strict, site=site, templates=templates, cache_dir=cache_dir, wait=not no_wait,
                notice=echo_err)
    say = lambda s: click.echo(s, err=True)  # noqa: E731
    if build_all:  # without a manifest: every series of the site
        m = own or site_manifest(bare_manifest(), Options(**opts), echo=say)
        return build_every(m, Options(**opts), jobs=jobs or 0, echo=say)
    m, name = series_manifest(manifest, name, Options(**opts), echo=say)
    with progress_display() as progress:
        try:
            report = build(m, name, Options(progress=progress, **opts))
        except SeriesbookError as e:
            click.echo(str(e), err=True)
            if e.report:  # not when it stopped before writing one (--no-wait, an unknown series)
                click.echo(f"report: {display_path(e.report)}", err=True)
            return 1
    report_path = display_path(out_dir / f"{name}.report.json")
    if verbose:
        warn(report.warnings)
    if report.warnings:
        click.echo(f"{len(report.warnings)} warnings by code, with the three most frequent causes "
                   f"(each warning is in {report_path}; --verbose prints them):", err=True)
        click.echo("\n".join(summary(report.warnings)), err=True)
    if report.new_posts:
        click.echo(f"new since the last build of {name}:\n  " + "\n  ".join(report.new_posts), err=True)
    for artifact in (report.pdf, report.epub):
        if artifact:
            click.echo(display_path(artifact))
    failed = sum(p.formulas_failed for p in report.posts)
    click.echo(f"{len(report.posts)} posts, {sum(p.formulas for p in report.posts)} formulas "
               f"({failed} shown verbatim), {len(report.warnings)} warnings; "
               f"report: {report_path}", err=True)
    return 0


def build_one(manifest, name: str, options) -> tuple[str, bool, str]:
    """Build one series; (name, succeeded, one-line summary) — never raises for a user error."""
    from ..pipeline import build

    try:
        report = build(manifest, name, options)
    except SeriesbookError as e:
        return name, False, str(e).splitlines()[0]
    made = ", ".join(p for p in (report.pdf, report.epub) if p)
    return name, True, f"{made} ({len(report.posts)} posts, {len(report.warnings)} warnings)"


def build_every(manifest, options, jobs: int = 0, echo: Callable[[str], None] = print) -> int:
    """Build every series with up to ``jobs`` processes (0: one per core); 0 when all succeeded, else 1."""
    from ..build.tools import quiet_worker, stop_workers
    from ..pipeline import quiet

    names = [s.name for s in manifest.series]
    jobs = min(jobs or os.cpu_count() or 1, len(names)) or 1
    # Workers print nothing (their lines would interleave); each reports back instead.
    options = dataclasses.replace(options, progress=quiet)
    results: list[tuple[str, bool, str]] = []
    if jobs == 1:
        for name in names:
            results.append(build_one(manifest, name, options))
            echo(_line(len(results), len(names), results[-1]))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=quiet_worker) as pool:
            futures = {pool.submit(build_one, manifest, name, options): name for name in names}
            try:
                for future in as_completed(futures):
                    try:
                        results.append(future.result())
                    except Exception as e:  # a bug in one series must not hide the others' results
                        results.append((futures[future], False, f"internal error: {e!r}"))
                    echo(_line(len(results), len(names), results[-1]))
            except BaseException:  # Ctrl-C: stop every series' build (each keeps its previous book)
                stop_workers(pool)
                raise
    failed = [r for r in results if not r[1]]
    echo(f"{len(results) - len(failed)} of {len(names)} series built" + (f"; failed: {', '.join(r[0] for r in failed)}"
                                                                          if failed else ""))
    return 1 if failed else 0


def _line(done: int, total: int, result: tuple[str, bool, str]) -> str:
    name, ok, summary = result
    return f"[{done}/{total}] {'ok  ' if ok else 'FAIL'} {name}: {summary}"
