"""Find the formulas that break xelatex, so that one bad formula never fails a book.

All formulas go into one document; when it fails, the marker xelatex printed last names the
culprit (every formula is preceded by ``\\typeout{SB-FORMULA n}``), the formulas before it are
known good, and the search goes on after it.  When the log names no formula (an error that
only shows later), the batch is split in halves (bisection).  The pipeline then marks the
formulas found verbatim (:func:`seriesbook.math.mark_failed`, ``math.compile-error``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..errors import ToolError
from . import tools
from .latex import tex_environment

#: Used when ``preamble`` has no ``\\documentclass`` of its own.
#: ``no-math`` as in the book's preamble (``preamble.tex.j2`` says why).
DOCUMENT_HEAD = "\\PassOptionsToPackage{no-math}{fontspec}\n\\documentclass{ctexbook}\n\\setCJKmainfont{Noto Serif CJK SC}\n"
_MARK = re.compile(r"SB-FORMULA (\d+)")
TIMEOUT = 300


def find_broken(formulas: list[str], preamble: str, workdir: Path) -> dict[int, str]:
    """Compile ``formulas`` (book TeX, each complete) with xelatex; index → first error line.

    ``preamble`` is the book's preamble (or :data:`seriesbook.math.PREAMBLE`; then a minimal
    ctexbook head is added).  xelatex runs without shell escape, with ``openin_any=p`` and
    ``openout_any=p``, ``-interaction=nonstopmode -halt-on-error``.  Empty strings are skipped.
    """
    exe = shutil.which("xelatex")
    if not exe:
        raise ToolError("xelatex is not installed (install TeX Live: texlive-xetex, texlive-lang-chinese)")
    workdir.mkdir(parents=True, exist_ok=True)
    head = preamble if "\\documentclass" in preamble else DOCUMENT_HEAD + preamble
    todo = [i for i, f in enumerate(formulas) if f.strip()]
    broken: dict[int, str] = {}
    _search(exe, head, formulas, todo, workdir, broken)
    return dict(sorted(broken.items()))


def _search(exe: str, head: str, formulas: list[str], idxs: list[int], workdir: Path,
            broken: dict[int, str]) -> None:
    """Find the broken formulas among ``idxs`` (iterative over good prefixes, bisecting when blind)."""
    while idxs:
        ok, log = _compile(exe, head, [(i, formulas[i]) for i in idxs], workdir)
        if ok:
            return
        error = _first_error(log)
        if len(idxs) == 1:
            broken[idxs[0]] = error
            return
        marks = [int(n) for n in _MARK.findall(log)]
        culprit = marks[-1] if marks and marks[-1] in idxs and "SB-FORMULA END" not in log else None
        if culprit is None:
            mid = len(idxs) // 2
            _search(exe, head, formulas, idxs[:mid], workdir, broken)
            idxs = idxs[mid:]
            continue
        pos = idxs.index(culprit)
        # Confirm alone: an error that surfaced late (at \end{document}) must not blame an innocent.
        ok1, log1 = _compile(exe, head, [(culprit, formulas[culprit])], workdir)
        if not ok1:
            broken[culprit] = _first_error(log1)
            idxs = idxs[pos + 1:]
        else:
            mid = len(idxs) // 2
            _search(exe, head, formulas, idxs[:mid], workdir, broken)
            idxs = idxs[mid:]


def _compile(exe: str, head: str, items: list[tuple[int, str]], workdir: Path) -> tuple[bool, str]:
    """Typeset ``items`` in one document; (success, log text)."""
    body = "\n".join(f"\\typeout{{SB-FORMULA {i}}}\n{tex}\n\\par" for i, tex in items)
    # A glyph no font has is only a log line to xelatex: make it an error, so that no formula
    # loses a character silently (XeTeX ≥ 0.999993 stops at \tracinglostchars ≥ 3).
    doc = f"{head}\n\\begin{{document}}\n\\tracinglostchars=3\n{body}\n\\typeout{{SB-FORMULA END}}\n\\end{{document}}\n"
    tex = workdir / "isolate.tex"
    tex.write_text(doc, encoding="utf-8")
    env = tex_environment(workdir)
    try:
        proc = tools.run([exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-pdf", tex.name], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                         capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "! xelatex took too long"
    log_path = workdir / "isolate.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    return proc.returncode == 0 and "\n! " not in log, log


def _first_error(log: str) -> str:
    """The first ``! …`` line of a TeX log, with the line of context after it."""
    lines = log.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("!"):
            ctx = next((x.strip() for x in lines[k + 1:k + 4] if x.startswith("l.")), "")
            return f"{line[1:].strip()} {ctx}".strip()
    return "xelatex failed (no error line in the log)"
