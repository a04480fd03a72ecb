"""``seriesbook doctor``: is the toolchain complete (the checks live in :mod:`seriesbook.build.doctor`)?"""

from __future__ import annotations

import click


@click.command()
def command() -> int:
    """Check the toolchain (xelatex, latexmk, fonts, pandoc) and say what to install."""
    from ..build.doctor import check

    checks = check()
    for c in checks:
        click.echo(f"{'ok ' if c.ok else 'MISSING'}  {c.name}: {c.detail}" + ("" if c.ok else f"\n         {c.hint}"))
    return 0 if all(c.ok for c in checks) else 1
