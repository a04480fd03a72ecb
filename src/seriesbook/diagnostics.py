"""Warnings with codes.  Every stage reports problems it can work around as a
:class:`Diagnostic` with a dotted code (``math.unknown-macro``, ``xref.missing``); the manifest's
``suppress_warnings`` silences codes (``math`` silences all ``math.*``) and ``--strict`` turns
any remaining warning into a failed build.

Stages stay pure: they *return* warnings alongside their data (or append to a
:class:`Collector` passed in) instead of printing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .model import SourcePos

#: Every code seriesbook emits, with one line on what it means (shown by ``seriesbook check``).
CODES: dict[str, str] = {
    "source.duplicate": "the same post was found in several sources; one copy was kept",
    "source.excerpt": "only a listing-page excerpt of the post is known",
    "source.untitled": "text without a title line was found and skipped",
    "source.heading": "a dump line was taken for a heading",
    "parse.unknown-element": "an HTML element or Markdown construct seriesbook does not know; its text was kept",
    "fetch.failed": "a post or image could not be fetched from the site",
    "fetch.offline": "--offline: a post is not in the cache",
    "math.unknown-macro": "a command outside the allow-list was shown verbatim",
    "math.forbidden": "a dangerous command (\\input, \\write18 …) was refused and shown verbatim",
    "math.unbalanced": "a math delimiter or brace has no partner; the text stays as text",
    "math.approximated": "a MathJax-only command was dropped or approximated",
    "math.internal": "the converter failed on a formula (a bug in seriesbook: please report it); shown verbatim",
    "math.compile-error": "a formula broke xelatex (PDF) or both texmath and TeX (EPUB): verbatim in that output",
    "xref.missing": "\\eqref/\\ref names a label the post does not define",
    "xref.duplicate": "a label is defined twice in one post",
    "image.missing": "an image could not be found, or is damaged, truncated or too large; a placeholder stands in",
    "latex.missing-char": "a character is missing from every font (it prints as nothing)",
    "latex.error": "xelatex stopped with an error",
    "latex.overfull": "a line or formula runs into the margin",
    "latex.warning": "xelatex warned about something else",
    "epub.warning": "pandoc warned while making the EPUB",
}


@dataclass(frozen=True)
class Diagnostic:
    """One reportable problem that did not stop the build."""

    code: str
    """Dotted code from :data:`CODES`."""
    message: str
    pos: SourcePos | None = None
    post: str | None = None
    """Title of the post concerned, when there is one."""

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        inpost = f" (in {self.post})" if self.post else ""
        return f"{where}warning: {self.message}{inpost} [{self.code}]"

    def to_json(self) -> dict:
        """The report's shape: code, message, post, line (and file)."""
        return {"code": self.code, "message": self.message, "post": self.post or "",
                "line": self.pos.line if self.pos else 0, "file": self.pos.path if self.pos else ""}


def is_suppressed(code: str, suppress: tuple[str, ...] | list[str]) -> bool:
    """True when ``code`` or one of its dotted parents is listed in ``suppress``."""
    parts = code.split(".")
    return any(".".join(parts[:i]) in suppress for i in range(1, len(parts) + 1))


@dataclass
class Collector:
    """Gathers warnings from the stages, dropping suppressed codes and duplicates."""

    suppress: tuple[str, ...] = ()
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, code: str, message: str, pos: SourcePos | None = None, post: str | None = None) -> None:
        """Record a warning unless its code is suppressed or it was already recorded."""
        self.extend([Diagnostic(code, message, pos, post)])

    def extend(self, warnings) -> None:
        """Record several warnings (see :meth:`add`)."""
        for w in warnings:
            if w not in self._seen and not is_suppressed(w.code, self.suppress):
                self._seen.add(w)
                self.items.append(w)


def summary(warnings, top: int = 3) -> list[str]:
    """Lines that sum ``warnings`` up for a terminal: each code (the most frequent first) with its
    count and meaning, then its ``top`` most frequent causes — messages that differ only in
    their numbers count as one cause — each with its count."""
    by_code = Counter(w.code for w in warnings)
    lines = []
    for code, count in by_code.most_common():
        lines.append(f"  {count:>5}  {code}: {CODES.get(code, '')}")
        causes = Counter(_cause(w.message) for w in warnings if w.code == code)
        for cause, n in causes.most_common(top):
            lines.append(f"         {n:>5} × {cause}")
    return lines


def _cause(message: str) -> str:
    """``message`` with its numbers masked and cut short: the cause, not the instance.  Only
    numbers of their own: digits inside a name (``seeds/000_5dcf021d.txt``, ``x2``) stay."""
    text = re.sub(r"(?<![A-Za-z0-9_./])\d+(?:\.\d+)?", "#", message.splitlines()[0] if message else "")
    return text if len(text) <= 110 else text[:109] + "…"
