"""Shared fixtures and hooks.  Helpers live in ``tests/support/``; prerequisites (``../shared``,
tools) skip with a visible reason, or fail under ``CI=true`` (``tests/support/prereq.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import SHARED
from tests.support.prereq import check_requires, need_path


@pytest.fixture
def seeds_dir() -> Path:
    """``../shared/seeds``: real text dumps of the site."""
    return need_path(SHARED / "seeds")


@pytest.fixture
def site_pages_dir() -> Path:
    """``../shared/site-pages``: real post bodies with snapshot.json metadata."""
    return need_path(SHARED / "site-pages")


def pytest_addoption(parser):
    parser.addoption("--regen", action="store_true", help="rewrite golden files instead of comparing")


def pytest_configure(config):
    config.addinivalue_line("markers", "requires(tools=(), paths=()): programs and files the test needs "
                                       "(skip when absent; fail under CI=true)")


def pytest_runtest_setup(item):
    check_requires(item)


@pytest.fixture
def regen(request) -> bool:
    """True when golden files should be rewritten (review the diff afterwards)."""
    return request.config.getoption("--regen")
