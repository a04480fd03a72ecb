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


@pytest.fixture(autouse=True)
def no_fetch_delay(monkeypatch):
    """Every fetcher the commands make waits 0 s between requests: tests talk to a local server,
    so the site's politeness delay (``Options.fetch_delay``, 1 s) would only slow the quick loop.
    The delay itself is tested on ``Fetcher`` directly (test_sources_site.py)."""
    from dataclasses import replace

    from seriesbook import pipeline

    made = pipeline.make_fetcher
    monkeypatch.setattr(pipeline, "make_fetcher",
                        lambda manifest, site, options: made(manifest, site, replace(options, fetch_delay=0)))


@pytest.fixture
def regen(request) -> bool:
    """True when golden files should be rewritten (review the diff afterwards)."""
    return request.config.getoption("--regen")
