"""``seriesbook check``: the math of a series, converted and checked, without compiling a book."""

from __future__ import annotations

from .diagnostics import Collector
from .manifest import Manifest
from .model import Book
from .pipeline import Options, book_meta, convert, gather, post_reports


def check_series(manifest: Manifest, name: str, offline: bool = False) -> dict:
    """Per post: formulas found, numbered equations, verbatim ones; and every warning with its code."""
    spec = manifest.get(name)
    collector = Collector(suppress=manifest.suppress_warnings)
    raws = gather(manifest, spec, Options(offline=offline), collector)
    book = Book(meta=book_meta(spec), posts=tuple(convert(raws, collector)))
    return {"series": name, "posts": [p.to_json() for p in post_reports(book, raws)],
            "warnings": [w.to_json() for w in collector.items]}
