"""Shared fixtures.  ``../shared`` (real site data) exists beside the project in development
and CI but not on a user's machine: tests that need it skip with a visible reason."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared exists only beside the project in development and CI)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """``../shared/seeds``: real text dumps of the site."""
    return _need(SHARED / "seeds")


@pytest.fixture
def site_pages_dir() -> Path:
    """``../shared/site-pages``: real post bodies with snapshot.json metadata."""
    return _need(SHARED / "site-pages")


def pytest_addoption(parser):
    parser.addoption("--regen", action="store_true", help="rewrite golden files instead of comparing")


@pytest.fixture
def regen(request) -> bool:
    """True when golden files should be rewritten (review the diff afterwards)."""
    return request.config.getoption("--regen")
