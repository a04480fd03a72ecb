"""The command line: argument wiring only.  ``main(argv) -> int`` calls the library.

Exit codes: 0 success, 1 a user error (a located message, never a traceback), 2 bad usage.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import SeriesbookError, display_path

MANIFEST_HELP = "The manifest (default: ./series.yaml, else the embedded sample series)."


def load_manifest(path: Path | None):
    """The manifest named on the command line, ./series.yaml, or the embedded default."""
    from .manifest import load
    from .resources import default_manifest

    if path is None:
        path = Path("series.yaml")
        if not path.exists():
            path = default_manifest()
    return load(path)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seriesbook")
def cli() -> None:
    """Turn a series of 科学空间 (kexue.fm) posts into a PDF and an EPUB book."""


@cli.command()
@click.argument("name", required=False)
@click.option("--pdf", "want_pdf", is_flag=True, help="Build the PDF (with neither --pdf nor --epub: both).")
@click.option("--epub", "want_epub", is_flag=True, help="Build the EPUB.")
@click.option("-m", "--manifest", type=click.Path(path_type=Path, dir_okay=False), help=MANIFEST_HELP)
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Output folder: NAME.pdf, NAME.epub, NAME.report.json.")
@click.option("--offline", is_flag=True, help="Use cached pages only; say which posts are missing.")
@click.option("--refresh", is_flag=True, help="Fetch posts again even when cached.")
@click.option("--strict", is_flag=True, help="Fail on any warning (the previous book is kept).")
@click.option("--site", help="Site base URL, overriding the manifest's book.site.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of templates overriding the packaged ones.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Cache folder for fetched pages (default: the user cache).")
@click.option("--all", "build_all", is_flag=True, help="Build every series of the manifest.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Series built at once with --all.")
@click.option("--no-wait", is_flag=True, help="Fail at once when another build of the series is running.")
def build(name, want_pdf, want_epub, manifest, out_dir, offline, refresh, strict, site, templates, cache_dir,
          build_all, jobs, no_wait) -> int:
    """Build series NAME into OUT/NAME.pdf and/or OUT/NAME.epub."""
    from .pipeline import Options, build as run_build

    if bool(name) == build_all:
        raise click.UsageError("name one series, or use --all")
    m = load_manifest(manifest)
    both = not (want_pdf or want_epub)
    opts = dict(pdf=both or want_pdf, epub=both or want_epub, out_dir=out_dir, offline=offline, refresh=refresh,
                strict=strict, site=site, templates=templates, cache_dir=cache_dir, wait=not no_wait,
                notice=echo_err)
    if build_all:
        from .batch import build_all as run_all

        return run_all(m, Options(**opts), jobs=jobs or 0, echo=lambda s: click.echo(s, err=True))
    with progress_display() as progress:
        try:
            report = run_build(m, name, Options(progress=progress, **opts))
        except SeriesbookError as e:
            click.echo(str(e), err=True)
            click.echo(f"report: {display_path(out_dir / f'{name}.report.json')}", err=True)
            return 1
    warn(report.warnings)
    for artifact in (report.pdf, report.epub):
        if artifact:
            click.echo(display_path(artifact))
    failed = sum(p.formulas_failed for p in report.posts)
    click.echo(f"{len(report.posts)} posts, {sum(p.formulas for p in report.posts)} formulas "
               f"({failed} shown verbatim), {len(report.warnings)} warnings; "
               f"report: {display_path(out_dir / f'{name}.report.json')}", err=True)
    return 0


@cli.command(name="list")
@click.option("-m", "--manifest", type=click.Path(path_type=Path, dir_okay=False), help=MANIFEST_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder.")
def list_series(manifest, as_json, cache_dir) -> int:
    """The series of the manifest and, for each, its posts in order (title, date, source).

    Posts named by number are looked up in the sources, then in the cache; nothing is fetched."""
    from .pipeline import Options, listing as make_listing

    listing = make_listing(load_manifest(manifest), Options(cache_dir=cache_dir))
    if as_json:
        click.echo(json.dumps({"series": listing}, ensure_ascii=False, indent=2))
        return 0
    for s in listing:
        click.echo(f"{s['name']}  ({len(s['posts'])} posts)")
        for i, p in enumerate(s["posts"], 1):
            if p.get("missing"):
                click.echo(f"  {i:>2}. [not in the sources nor the cache: {p['url']}; `seriesbook fetch` gets it]")
            else:
                click.echo(f"  {i:>2}. {p['title']}  {p['date'] or '----------'}  {p['source']}")
    return 0


@cli.command()
@click.argument("name")
@click.option("-m", "--manifest", type=click.Path(path_type=Path, dir_okay=False), help=MANIFEST_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--offline", is_flag=True, help="Use cached pages only.")
def check(name, manifest, as_json, offline) -> int:
    """Run the math checks of series NAME without compiling a book."""
    from .checks import check_series

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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--write", "write_to", type=click.Path(path_type=Path, dir_okay=False),
              help="Add the series found to this manifest, leaving what is there untouched.")
def discover(paths, as_json, write_to) -> int:
    """List the posts found in PATHS and the series their titles form."""
    from .sources.discover import add_series_to_manifest, discover as run_discover

    result = run_discover(list(paths))
    if write_to:
        old = write_to.read_text(encoding="utf-8") if write_to.exists() else "series:\n"
        series = {s["name"]: s["posts"] for s in result["series"]}
        from .build.atomic import write_atomic

        write_atomic(write_to, add_series_to_manifest(old, series))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for p in result["posts"]:
        part = f"{p['series']} #{p['part']}" if p["series"] else "-"
        click.echo(f"{p['date'] or '----------'}  {p['title']}  [{part}]  {p['source']}:{p['line']}"
                   + ("  (excerpt)" if p["excerpt"] else ""))
    for s in result["series"]:
        click.echo(f"series {s['name']}: {len(s['posts'])} posts")
    return 0


@cli.command()
@click.argument("refs", nargs=-1, required=True)
@click.option("-m", "--manifest", type=click.Path(path_type=Path, dir_okay=False), help=MANIFEST_HELP)
@click.option("--refresh", is_flag=True, help="Fetch again even when cached.")
@click.option("--site", help="Site base URL, overriding the manifest's book.site.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder.")
def fetch(refs, manifest, refresh, site, cache_dir) -> int:
    """Fetch posts into the cache: a series NAME, archive numbers N, or post URLs."""
    from .fetching import fetch_refs

    fetch_refs(load_manifest(manifest), list(refs), refresh=refresh, site=site, cache_dir=cache_dir,
               progress=lambda line: click.echo(line, err=True))
    return 0


@cli.command()
def doctor() -> int:
    """Check the toolchain (xelatex, latexmk, fonts, pandoc) and say what to install."""
    from .build.doctor import check as run_checks

    checks = run_checks()
    for c in checks:
        click.echo(f"{'ok ' if c.ok else 'MISSING'}  {c.name}: {c.detail}" + ("" if c.ok else f"\n         {c.hint}"))
    return 0 if all(c.ok for c in checks) else 1


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM arrived.  It unwinds the command (tools stopped, report written, the
    previous book kept) and ends it with one line.  Not KeyboardInterrupt: click turns that
    into an "Aborted!" exit 1 after printing a blank line."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, frame):
    import signal

    for s in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the clean-up short
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit code (tests call this)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = {s: signal.signal(s, _interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _main(argv)
    except Interrupted as e:
        click.echo("interrupted" if e.signum == signal.SIGINT else "terminated", err=True)
        return 128 + e.signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _main(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="seriesbook", standalone_mode=False)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.UsageError as e:
        e.show()
        return 2
    except click.ClickException as e:
        e.show()
        return 1
    except click.Abort:
        click.echo("aborted", err=True)
        return 1
    except SeriesbookError as e:
        click.echo(f"error: {e}" if not e.pos else str(e), err=True)
        return 1
    except OSError as e:  # a folder that cannot be written, a file that is a folder …
        where = f"{e.filename}: " if e.filename else ""
        click.echo(f"error: {where}{e.strerror or e}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except Exception as e:  # a bug in seriesbook, not the user's fault: say so, briefly
        if os.environ.get("SERIESBOOK_DEBUG"):
            raise
        click.echo(f"internal error: {type(e).__name__}: {e}\n"
                   "This is a bug in seriesbook; run again with SERIESBOOK_DEBUG=1 for the traceback "
                   "and report it.", err=True)
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
