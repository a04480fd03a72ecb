"""Golden cases for the parser: ``tests/cases/parse/<case>/input.{html,txt,md}`` parsed into
``expected.txt`` (the dump of the Post, then its warnings).  Run ``pytest --regen`` to rewrite."""

from __future__ import annotations

import pytest

from seriesbook.model import RawPost, SourcePos
from seriesbook.parse import parse_post
from seriesbook.parse.dump import dump_post

from tests.support.paths import CASES
from tests.support.golden import check_golden

FORMATS = {".html": "html", ".txt": "text", ".md": "markdown"}
CASE_DIRS = sorted(p for p in (CASES / "parse").iterdir() if p.is_dir())


def _input(case):
    (path,) = [p for p in case.iterdir() if p.name.startswith("input.")]
    return path


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_case(case, regen):
    path = _input(case)
    raw = RawPost(title=case.name, body=path.read_text(encoding="utf-8"), format=FORMATS[path.suffix],
                  pos=SourcePos(path.name, 1), body_line=1, date="2024-01-01", archive=1,
                  url="https://kexue.fm/archives/1")
    post, warnings = parse_post(raw, "p1")
    actual = dump_post(post) + "".join(f"{w}\n" for w in warnings)
    check_golden(case / "expected.txt", actual, regen)
