"""Formulas for the math tests: a simple regex finder, a post around formulas, the real posts'
formulas, and the golden math cases (``tests/cases/math/<case>/input.tex``)."""

from __future__ import annotations

import re
from pathlib import Path

from seriesbook.model import DisplayMath, InlineMath, Math, Paragraph, Post, SourcePos
from tests.support.paths import CASES as ALL_CASES

CASES = ALL_CASES / "math"
_FORMULA = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(\\begin\{([a-zA-Z]+\*?)\}.+?\\end\{\5\})|\$(.+?)\$", re.S)


def formulas_of(text: str, path: str = "input.tex") -> list[Math]:
    """Every formula of ``text`` as the parser would make it (a simple regex, good for tests)."""
    out = []
    for m in _FORMULA.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        pos = SourcePos(path, line)
        if m.group(1) is not None:
            out.append(Math(m.group(1), True, "$$", pos))
        elif m.group(2) is not None:
            out.append(Math(m.group(2), True, "\\[", pos))
        elif m.group(3) is not None:
            out.append(Math(m.group(3), False, "\\(", pos))
        elif m.group(4) is not None:
            out.append(Math(m.group(4), True, "env", pos))
        else:
            out.append(Math(m.group(6), False, "$", pos))
    return out


def post_of(maths: list[Math], key: str = "p1") -> Post:
    """A post whose paragraphs hold ``maths`` (display ones as DisplayMath)."""
    pos = SourcePos("input.tex", 1)
    blocks = tuple(DisplayMath(m, m.pos) if m.display else Paragraph((InlineMath(m, m.pos),), m.pos) for m in maths)
    return Post(key=key, title="case", blocks=blocks, pos=pos)


def site_formulas(site_pages_dir: Path) -> list[Math]:
    """All formulas of the real posts in ``../shared/site-pages``."""
    from bs4 import BeautifulSoup

    out: list[Math] = []
    for src in sorted(site_pages_dir.glob("*/source.html")):
        text = BeautifulSoup(src.read_text(encoding="utf-8"), "lxml").get_text()
        out += formulas_of(text, str(src))
    return out


def case_dirs() -> list[Path]:
    """Every golden math case folder."""
    return sorted(p.parent for p in CASES.glob("*/input.tex"))


def latex_of(math: Math, key: str = "p1") -> str:
    """The book TeX the writer makes of ``math`` in post ``key`` ("" when verbatim)."""
    from seriesbook.render.latex_math import formula

    return formula(math, key)


def epub_of(math: Math) -> str:
    """The TeX the EPUB writer gives texmath for ``math`` ("" when verbatim)."""
    from seriesbook.render.epub_math import formula

    return formula(math)
