"""MathJax 3 under node, the oracle: what the site shows for each formula of a post.

``./dev test`` installs node and ``mathjax-full`` (``package.json`` here) into
``tests/oracle/node_modules``; nothing outside the tests needs either.  :func:`run` feeds every
post to one node process (``mathjax_oracle.js``): one MathJax document per post, so page-level
definitions and equation numbers behave as on the site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.prereq import need

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "mathjax_oracle.js"
MODULES = HERE / "node_modules" / "mathjax-full"


@dataclass(frozen=True)
class Verdict:
    """What MathJax made of one formula."""

    ok: bool
    """MathJax typeset it: no error and no undefined command."""
    error: str | None
    """MathJax's error message (``Label 'x' multiply defined`` …), None when none."""
    undefined: tuple[str, ...]
    """Commands MathJax does not know (it shows them in red, the ``noundefined`` package)."""
    mathml: str
    """MathJax's MathML for the formula."""
    tags: tuple[str, ...]
    """The tag of each numbered row as shown: ``(1)``, ``(A)``, ``A`` for ``\\tag*{A}``."""
    labels: tuple[str, ...]
    """Labels this formula defined."""
    refs: tuple[tuple[str, str], ...]
    """Each ``\\eqref``/``\\ref``: (label, text shown)."""


@dataclass(frozen=True)
class PageVerdict:
    """What MathJax made of one post."""

    formulas: tuple[Verdict, ...]
    labels: dict[str, str] = field(default_factory=dict)
    """Every label of the post → its tag (without parentheses)."""


def unavailable() -> str | None:
    """Why the oracle cannot run here (None when it can)."""
    if not shutil.which("node"):
        return "node is not installed (./dev test installs it)"
    if not MODULES.exists():
        return f"mathjax-full is not installed in {HERE / 'node_modules'} (./dev test installs it)"
    return None


def need_oracle() -> None:
    """Skip the calling test with the reason when the oracle is missing (fail under CI=true)."""
    why = unavailable()
    need(why is None, why or "")


def run(posts: list[list[tuple[str, bool]]]) -> list[PageVerdict]:
    """MathJax's verdict on every formula of every post: ``posts`` is a list of posts, each a
    list of (tex, display) in document order.  One node process for them all."""
    payload = json.dumps({"posts": [[{"tex": t, "display": d} for t, d in p] for p in posts]})
    proc = subprocess.run(["node", str(SCRIPT)], input=payload, capture_output=True, text=True,
                          cwd=HERE, check=False)
    if proc.returncode:
        raise RuntimeError(f"the MathJax oracle failed: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    return [PageVerdict(tuple(Verdict(f["ok"], f["error"], tuple(f["undefined"]), f["mathml"],
                                      _tags(f["tags"], tex), tuple(f["labels"]), tuple(tuple(r) for r in f["refs"]))
                              for f, (tex, _) in zip(page["formulas"], post)), page["labels"])
            for page, post in zip(out["posts"], posts)]


def _tags(tags: list[str], tex: str) -> tuple[str, ...]:
    """The tags MathJax shows: empheq and the cases package's numcases draw their table twice
    (once more for the left-hand brace), so each tag appears more than once in the MathML."""
    if "empheq" in tex or "numcases" in tex:
        return tuple(dict.fromkeys(tags))
    return tuple(tags)
