"""The command line: argument wiring only.  ``main(argv) -> int`` runs one of the
subcommands of :mod:`seriesbook.commands` (one module each).

Exit codes: 0 success, 1 a user error (a located message, never a traceback), 2 bad usage.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from . import __version__
from .commands import build, check, discover, doctor, fetch, series
from .commands import list as list_
from .errors import SeriesbookError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seriesbook")
def cli() -> None:
    """Turn a series of 科学空间 (kexue.fm) posts into a PDF and an EPUB book."""


#: Every subcommand's module; each defines ``command``, named after the module.
COMMANDS = (build, series, list_, fetch, check, discover, doctor)
for _module in COMMANDS:
    cli.add_command(_module.command, name=_module.__name__.rsplit(".", 1)[1])


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM arrived.  It unwinds the command (tools stopped, report written, the
    previous book kept) and ends it with one line.  Not KeyboardInterrupt: click turns that
    into an "Aborted!" exit 1 after printing a blank line."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, frame):
    for s in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the clean-up short
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit code (tests call this)."""
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
