"""What a build leaves for the next one, and the books moved into place.

A successful build records what it made from which inputs (``last-build.pickle``) and which
posts it had (``parts.json``) in ``DIR/build/NAME/``; the next build reads them to stop at once
when nothing changed and to name the parts that are new.  The books are moved from the build
folder to ``DIR/NAME.pdf`` / ``.epub`` only when the whole build succeeded.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from .build.atomic import replace_atomic, write_atomic
from .build.tools import checkpoint
from .diagnostics import Collector
from .model import RawPost
from .report import Report

LAST_BUILD = "last-build.pickle"
"""What the last successful build made from which inputs, for :func:`up_to_date`."""
PARTS = "parts.json"
"""The posts of the last successful build of a series, to say which parts are new."""


def part_key(raw: RawPost) -> str:
    """How ``parts.json`` names a post: its archive number, else its title."""
    return str(raw.archive) if raw.archive is not None else raw.title


def new_since_last_build(build_dir: Path, raws: list[RawPost]) -> list[str]:
    """Titles of the posts that the last successful build of this series did not have (none
    when the series was never built)."""
    try:
        before = set(json.loads((build_dir / PARTS).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return []
    return [r.title for r in raws if part_key(r) not in before]


def remember(build_dir: Path, stamp: str, report: Report, collector: Collector) -> None:
    """Record what this build made from which inputs, so an unchanged rebuild can stop at once.

    A build that missed a picture or a post on the site is not recorded: the next one must
    try the site again rather than call the placeholders up to date."""
    record = build_dir / LAST_BUILD
    if any(w.code in ("image.missing", "fetch.failed", "fetch.offline") for w in collector.items):
        record.unlink(missing_ok=True)
        return
    outputs = {p: _stat(Path(p)) for p in (report.pdf, report.epub) if p}
    state = {"stamp": stamp, "posts": report.posts, "warnings": list(collector.items),
             "overfull": report.overfull, "outputs": outputs}
    write_atomic(record, pickle.dumps(state), durable=False)


def up_to_date(build_dir: Path, stamp: str, report: Report, collector: Collector) -> bool:
    """True (with ``report`` filled from the last build) when nothing changed since it."""
    try:
        with open(build_dir / LAST_BUILD, "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return False
    if state["stamp"] != stamp or any(_stat(Path(p)) != st for p, st in state["outputs"].items()):
        return False
    report.posts, report.overfull = state["posts"], state["overfull"]
    report.pdf = next((p for p in state["outputs"] if p.endswith(".pdf")), None)
    report.epub = next((p for p in state["outputs"] if p.endswith(".epub")), None)
    report.timings["xelatex_passes"] = 0
    collector.extend(state["warnings"])
    return True


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def publish(staged: list[tuple[Path, Path]], report: Report) -> None:
    """Move finished artifacts into place, each atomically."""
    for src, dst in staged:
        checkpoint(f"publish {dst.suffix}")
        replace_atomic(src, dst)
        if dst.suffix == ".pdf":
            report.pdf = str(dst)
        else:
            report.epub = str(dst)


def record_parts(build_dir: Path, raws: list[RawPost]) -> None:
    """Write which posts this (successful) build had, for :func:`new_since_last_build`."""
    write_atomic(build_dir / PARTS, json.dumps([part_key(r) for r in raws], ensure_ascii=False), durable=False)
