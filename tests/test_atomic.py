"""Atomic writes give files the mode a plain write would (the umask's), not a temporary file's 0600."""

from __future__ import annotations

import os
import stat

import pytest

from seriesbook.build.atomic import replace_atomic, write_atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_and_published_files_are_readable_by_others(tmp_path, umask_022):
    book = tmp_path / "out" / "书.pdf"
    write_atomic(tmp_path / "built.pdf", b"%PDF")
    replace_atomic(tmp_path / "built.pdf", book)
    for path in (tmp_path / "built.pdf", book):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in book.parent.iterdir()) == ["书.pdf"] and book.read_bytes() == b"%PDF"
