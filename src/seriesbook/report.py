"""The build report, ``DIR/NAME.report.json``: what was built, per-post counts, every warning."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic


@dataclass(frozen=True)
class PostReport:
    """Counts for one post."""

    title: str
    url: str | None
    date: str | None
    formulas: int
    formulas_failed: int
    numbered_equations: int
    source: str = ""
    """``path:line`` where the post was read."""
    failures: tuple[dict, ...] = ()
    """Each formula shown verbatim: its line, TeX, the reason and ``outputs``, the outputs
    that show it so (a formula that breaks xelatex is verbatim in the PDF only)."""
    verbatim: dict[str, int] = field(default_factory=dict)
    """Per output built (``pdf``, ``epub``): how many of the post's formulas it shows verbatim."""

    def to_json(self) -> dict:
        """The report's per-post shape (contract keys first)."""
        return {"title": self.title, "url": self.url, "date": self.date, "formulas": self.formulas,
                "formulas_failed": self.formulas_failed, "numbered_equations": self.numbered_equations,
                "source": self.source, "verbatim": dict(self.verbatim), "failures": list(self.failures)}


@dataclass
class Report:
    """Everything a build says about itself."""

    series: str
    pdf: str | None = None
    epub: str | None = None
    posts: list[PostReport] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    overfull: int = 0
    """Overfull boxes in the PDF (lines or formulas running into the margin)."""
    error: str | None = None
    """Why the build failed, when it did."""
    timings: dict[str, float] = field(default_factory=dict)
    new_posts: list[str] = field(default_factory=list)
    """Titles of the posts the last successful build of this series did not have."""

    def to_json(self) -> dict:
        """The report's contract shape (extra keys are additions)."""
        return {
            "series": self.series, "pdf": self.pdf, "epub": self.epub,
            "posts": [p.to_json() for p in self.posts],
            "warnings": [w.to_json() for w in self.warnings],
            "overfull": self.overfull, "error": self.error,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "new_posts": list(self.new_posts),
        }

    def write(self, path: Path) -> None:
        """Write the report as UTF-8 JSON (atomically: a reader never sees half a report)."""
        from .build.atomic import write_atomic

        write_atomic(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n")
