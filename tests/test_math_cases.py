"""Golden cases of the math converter: one per row of the table (``table-<name>``) and cases for
the seeds' constructs.  Each ``tests/cases/math/<case>/input.tex`` holds formulas as a post
writes them (``$…$``, ``$$…$$``, ``\\[…\\]`` or a bare environment), one formula per paragraph
(blank-line separated), normalised as one post; ``pytest --regen`` rewrites the expected files."""

from __future__ import annotations

import re

import pytest

from seriesbook.math import iter_math, normalize_post
from seriesbook.math.commands import COMMANDS
from seriesbook.math.table import TABLE
from tests.support.golden import check_golden
from tests.support.math_cases import CASES, case_dirs, epub_of, formulas_of, latex_of, post_of


def render_case(text: str) -> tuple[str, str, str, str]:
    """(latex, epub, numbers, warnings) of a case's formulas, one formula per block."""
    post, warnings = normalize_post(post_of(formulas_of(text)))
    maths = list(iter_math(post))
    latex = "\n\n".join(latex_of(m) if not m.verbatim else f"% verbatim: {m.error}" for m in maths) + "\n"
    epub = "\n\n".join(epub_of(m) for m in maths) + "\n"
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


@pytest.mark.parametrize("name", sorted(n for n, c in COMMANDS.items() if c.case))
def test_command_is_shown_by_its_case(name):
    """A command of the table that names a golden case appears in that case's input."""
    text = (CASES / f"table-{COMMANDS[name].case}" / "input.tex").read_text(encoding="utf-8")
    assert re.search(rf"\\{name}(?![A-Za-z])", text), f"\\{name} is not in table-{COMMANDS[name].case}"
