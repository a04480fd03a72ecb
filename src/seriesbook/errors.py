"""One error tree.  Every error a user can cause is a :class:`SeriesbookError`; the CLI prints
``str(error)`` (``path:line: message`` then the offending source line) and exits 1, never
with a traceback.  Anything else that escapes is a bug in seriesbook.

    SeriesbookError
    ├── ManifestError        series.yaml is wrong (may carry several located problems)
    ├── SourceError          a post file cannot be read or is not a post
    ├── FetchError           the site could not give a post (offline, 404, anti-bot …)
    ├── ToolError            xelatex/latexmk/pandoc failed or is missing (log excerpt inside)
    ├── BuildError           a build step failed for another reason (e.g. --strict warnings)
    └── UsageError           the command line names something that does not exist
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import SourcePos


@dataclass(frozen=True)
class Problem:
    """One located message."""

    message: str
    pos: SourcePos | None = None

    def __str__(self) -> str:
        head = f"{self.pos}: {self.message}" if self.pos else self.message
        line = source_line(self.pos)
        return f"{head}\n    {line}" if line else head


def source_line(pos: SourcePos | None) -> str:
    """The text of the line ``pos`` points at, or '' when it cannot be read."""
    if not pos or pos.line <= 0:
        return ""
    try:
        with open(pos.path, encoding="utf-8", errors="replace") as f:
            for n, text in enumerate(f, 1):
                if n == pos.line:
                    return text.rstrip("\n")[:200].strip()
    except OSError:
        pass
    return ""


class SeriesbookError(Exception):
    """Base of every error a user can cause; ``str()`` is the located message."""

    report: Path | None = None
    """The report the failed build wrote (None when it stopped before writing one)."""

    def __init__(self, message: str, pos: SourcePos | None = None, problems: list[Problem] | None = None):
        self.problems = problems or [Problem(message, pos)]
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def pos(self) -> SourcePos | None:
        """Position of the first problem."""
        return self.problems[0].pos


class ManifestError(SeriesbookError):
    """series.yaml is wrong."""


class SourceError(SeriesbookError):
    """A post file cannot be read, or is not a post."""


class FetchError(SeriesbookError):
    """The site could not give a post."""


class ToolError(SeriesbookError):
    """An external tool (xelatex, latexmk, pandoc) failed or is missing."""


class BuildError(SeriesbookError):
    """A build failed for a reason that is not one of the above."""


class UsageError(SeriesbookError):
    """The command line names something that does not exist."""


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
