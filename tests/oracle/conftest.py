"""The oracle's fixtures: every formula compared once per test session (one node process for
our own corpus and the golden cases, one for the real posts of ``../shared``)."""

from __future__ import annotations

import pytest

from tests.support.prereq import need

from . import compare, corpus, mathjax


@pytest.fixture(scope="session")
def ours() -> list[compare.Formula]:
    """The golden cases and ``corpus.tex``, each formula with both sides' results."""
    mathjax.need_oracle()
    return compare.compare(corpus.golden_posts() + corpus.own_posts())


@pytest.fixture(scope="session")
def real() -> list[compare.Formula]:
    """Every formula of ``../shared/site-pages`` and ``../shared/seeds`` (skips when absent)."""
    mathjax.need_oracle()
    why = corpus.shared_absent()
    need(why is None, why or "")
    return compare.compare(corpus.site_posts() + corpus.seed_posts())
