"""Golden cases of the math converter: one per row of the table (``table-<name>``) and cases for
the seeds' constructs.  Each ``tests/cases/math/<case>/input.tex`` holds formulas as a post
writes them (``$…$``, ``$$…$$``, ``\\[…\\]`` or a bare environment), one formula per paragraph
(blank-line separated), normalised as one post; ``pytest --regen`` rewrites the expected files.
Helpers here (``formulas_of``, ``site_formulas``) are shared by the other math tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seriesbook.math import normalize_post
from seriesbook.math.table import TABLE
from seriesbook.model import DisplayMath, InlineMath, Math, Paragraph, Post, SourcePos
from tests.golden import check_golden

CASES = Path(__file__).parent / "cases" / "math"
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
    return sorted(p.parent for p in CASES.glob("*/input.tex"))


def render_case(text: str) -> tuple[str, str, str, str]:
    """(latex, epub, numbers, warnings) of a case's formulas, one formula per block."""
    post, warnings = normalize_post(post_of(formulas_of(text)))
    from seriesbook.math import iter_math

    maths = list(iter_math(post))
    latex = "\n\n".join(m.latex if not m.verbatim else f"% verbatim: {m.error}" for m in maths) + "\n"
    epub = "\n\n".join(m.epub_tex for m in maths) + "\n"
    numbers = "\n".join(" ".join(m.numbers) + (f"  refs={','.join(m.refs)}" if m.refs else "")
                        + (f"  ref_only={m.ref_only}" if m.ref_only else "") for m in maths) + "\n"
    notes = "".join(f"{w.pos.line if w.pos else 0}: [{w.code}] {w.message}\n" for w in warnings)
    return latex, epub, numbers, notes


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_table_row_has_case(row, regen):
    """Every row of the table has its golden case, whose input is the row's example."""
    path = CASES / f"table-{row.name}" / "input.tex"
    check_golden(path, row.example + "\n", regen)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_golden(case, regen):
    """latex, epub TeX, numbers and warnings of each case match the expected files."""
    latex, epub, numbers, notes = render_case((case / "input.tex").read_text(encoding="utf-8"))
    check_golden(case / "expected.latex", latex, regen)
    check_golden(case / "expected.epub.tex", epub, regen)
    check_golden(case / "expected.numbers", numbers, regen)
    check_golden(case / "expected.warnings", notes, regen)
