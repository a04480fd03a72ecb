"""Formulas drawn by TeX as SVG, for EPUB readers without MathML and for what texmath cannot read.

All formulas of a build go into one xelatex document (one ``preview`` page each, so a
hundred formulas cost one TeX run), ``xelatex -no-pdf`` writes an ``.xdv`` and ``dvisvgm
--no-fonts`` turns every page into an SVG of outlines (no fonts needed on the reader).  The
box sizes are typed out into the log so inline formulas sit on the baseline.  Each SVG is
cached in ``svg/<key>.svg`` (with ``.json`` sizes) by the hash of the formula and preamble.
TeX runs in nonstopmode: a formula with an error is known by the log lines between its
marks; when a run breaks down altogether, each half of the batch is drawn apart.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..math import PREAMBLE
from ..resources import templates_dir
from ..render.pandoc_ast import MathImage
from .atomic import write_atomic
from . import tools
from .latex import tex_environment

_SIZE_PT = 10.0   # the document's font size: TeX points → em
_DIM = re.compile(r"^SBDIM:(\d+):([-\d.]+)pt:([-\d.]+)pt:([-\d.]+)pt$", re.M)


@dataclass(frozen=True)
class Formula:
    """One formula to draw: its key (:func:`render.epub.formula_key`), TeX and style."""

    key: str
    tex: str
    display: bool


def _document(formulas: list[Formula], preamble: str) -> str:
    pages = []
    for n, f in enumerate(formulas, 1):
        body = f"\\displaystyle {f.tex}" if f.display else f.tex
        # SBSTART marks where a formula's errors begin in the log; the box is measured first
        # so that its depth (for vertical-align) reaches the log too.
        pages.append(f"\\typeout{{SBSTART:{n}}}\\sbox0{{${body}$}}"
                     f"\\typeout{{SBDIM:{n}:\\the\\ht0:\\the\\dp0:\\the\\wd0}}"
                     f"\\begin{{preview}}\\usebox0\\end{{preview}}")
    return "\n".join([
        r"\documentclass[10pt]{article}", r"\usepackage{xeCJK}",
        r"\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}}{}",
        preamble, r"\usepackage[active,tightpage]{preview}", r"\pagestyle{empty}",
        r"\begin{document}", *pages, r"\end{document}", ""])


def _run(cmd: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess | None:
    """Run a tool; None when it is missing or runs away (an untrusted formula can loop)."""
    try:
        # The same paranoid file access as the book: a formula must not read or write outside.
        return tools.run(cmd, cwd=cwd, env=tex_environment(cwd), capture_output=True, text=True,
                         errors="replace", timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _errors_by_formula(log: str) -> dict[int, str]:
    """The first TeX error line of each formula, found between its SBSTART marks."""
    errors: dict[int, str] = {}
    current = 0
    for line in log.splitlines():
        if line.startswith("SBSTART:"):
            current = int(line[8:].strip() or 0)
        elif line.startswith("! ") and current:
            errors.setdefault(current, line[2:].strip())
    return errors


def _draw(formulas: list[Formula], svg_dir: Path, preamble: str, errors: dict[str, str]) -> dict[str, MathImage | None]:
    """Draw ``formulas`` in one TeX run; when the run breaks down, draw each half apart."""
    work = svg_dir / "work"
    work.mkdir(parents=True, exist_ok=True)
    for old in [*work.glob("page-*.svg"), work / "math.xdv", work / "math.log"]:
        old.unlink(missing_ok=True)
    (work / "math.tex").write_text(_document(formulas, preamble), encoding="utf-8")
    tex = _run(["xelatex", "-no-shell-escape", "-no-pdf", "-interaction=nonstopmode", "math.tex"], work,
               60 + len(formulas))
    log = (work / "math.log").read_text(encoding="utf-8", errors="replace") if (work / "math.log").exists() else ""
    dims = {int(n): (float(h), float(d), float(w)) for n, h, d, w in _DIM.findall(log)}
    pages: list[Path] = []
    if tex is not None and (work / "math.xdv").exists() and len(dims) == len(formulas):
        svg = _run(["dvisvgm", "--no-fonts", "--exact-bbox", "-p", "1-", "-o", "page-%p.svg", "math.xdv"], work,
                   60 + len(formulas))
        pages = sorted(work.glob("page-*.svg"), key=lambda p: int(re.sub(r"\D", "", p.stem)))
        if svg is None or svg.returncode != 0:
            pages = []
    if len(pages) != len(formulas):   # the run broke down: find the culprits by halves
        if len(formulas) == 1:
            errors[formulas[0].key] = _errors_by_formula(log).get(1, "xelatex or dvisvgm failed")
            return {formulas[0].key: None}
        half = len(formulas) // 2
        return {**_draw(formulas[:half], svg_dir, preamble, errors), **_draw(formulas[half:], svg_dir, preamble, errors)}
    failed = _errors_by_formula(log)
    out: dict[str, MathImage | None] = {}
    for n, (formula, page) in enumerate(zip(formulas, pages), 1):
        if n in failed:
            errors[formula.key] = failed[n]
            out[formula.key] = None
        else:
            out[formula.key] = _store(formula, page, dims[n], svg_dir)
    return out


def _store(formula: Formula, page: Path, dims: tuple[float, float, float], svg_dir: Path) -> MathImage:
    """Move a drawn page to the cache and record its size in em."""
    text = page.read_text(encoding="utf-8")
    width, height = (float(v) for v in re.search(r"width='([\d.]+)pt' height='([\d.]+)pt'", text).groups())
    target = svg_dir / f"{formula.key}.svg"
    write_atomic(target, text)
    image = MathImage(str(target), width / _SIZE_PT, height / _SIZE_PT, dims[1] / _SIZE_PT)
    # The record is written last: an entry is whole, or absent.
    write_atomic(svg_dir / f"{formula.key}.json", json.dumps(image.__dict__))
    return image


def _cached(formula: Formula, svg_dir: Path) -> MathImage | None:
    meta, svg = svg_dir / f"{formula.key}.json", svg_dir / f"{formula.key}.svg"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        if svg.exists():
            return MathImage(str(svg), data["width"], data["height"], data["depth"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent or damaged: draw it again
    return None


def draw_svgs(formulas: list[Formula], svg_dir: Path) -> tuple[dict[str, MathImage | None], dict[str, str]]:
    """SVGs for ``formulas`` (cached in ``svg_dir``): key → image, or None when TeX cannot draw it.

    Returns the images and, for each formula that failed, the first TeX error line.
    """
    svg_dir.mkdir(parents=True, exist_ok=True)
    preamble = PREAMBLE
    macros = (templates_dir() / "seriesbook.sty").read_bytes()
    salt = hashlib.sha256(preamble.encode("utf-8") + macros).hexdigest()[:8]
    # The cache key covers the preamble: a new macro set redraws everything.
    keyed = [Formula(f"{f.key}-{salt}", f.tex, f.display) for f in formulas]
    images: dict[str, MathImage | None] = {}
    todo = []
    for orig, f in zip(formulas, keyed):
        hit = _cached(f, svg_dir)
        if hit:
            images[orig.key] = hit
        else:
            todo.append((orig, f))
    errors: dict[str, str] = {}
    if todo:
        drawn = _draw([f for _, f in todo], svg_dir, preamble, errors)
        for orig, f in todo:
            images[orig.key] = drawn[f.key]
            if f.key in errors:
                errors[orig.key] = errors.pop(f.key)
    return images, errors
