"""``seriesbook build --all``: every series of the manifest, in parallel across cores.

Each series is built by :func:`build_one` — the very function a single ``seriesbook build
NAME`` (and each job of the release workflow) runs — in a worker process of its own, so a
crash or a failure in one series never stops the others.  The exit code says whether all
succeeded.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable

from .errors import SeriesbookError
from .manifest import Manifest
from .pipeline import Options, build, quiet, quiet_worker, stop_workers


def build_one(manifest: Manifest, name: str, options: Options) -> tuple[str, bool, str]:
    """Build one series; (name, succeeded, one-line summary) — never raises for a user error."""
    try:
        report = build(manifest, name, options)
    except SeriesbookError as e:
        return name, False, str(e).splitlines()[0]
    made = ", ".join(p for p in (report.pdf, report.epub) if p)
    return name, True, f"{made} ({len(report.posts)} posts, {len(report.warnings)} warnings)"


def build_all(manifest: Manifest, options: Options, jobs: int = 0, echo: Callable[[str], None] = print) -> int:
    """Build every series with up to ``jobs`` processes (0: one per core); 0 when all succeeded, else 1."""
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
