"""The oracle's fixtures: every formula compared once per test session, in one node process
(our own corpus and the golden cases, plus the real posts of ``../shared`` when present)."""

from __future__ import annotations

import pytest

from tests.support.prereq import need

from . import compare, corpus, mathjax


@pytest.fixture(scope="session")
def _compared() -> tuple[list[compare.Formula], list[compare.Formula] | None]:
    mathjax.need_oracle()
    ours = corpus.golden_posts() + corpus.own_posts()
    real = [] if corpus.shared_absent() else corpus.site_posts() + corpus.seed_posts()
    formulas = compare.compare(ours + real)
    split = sum(corpus.formula_count(post) for _, post in ours)
    return formulas[:split], (formulas[split:] if real else None)


@pytest.fixture(scope="session")
def ours(_compared) -> list[compare.Formula]:
    """The golden cases and ``corpus.tex``, each formula with both sides' results."""
    return _compared[0]


@pytest.fixture(scope="session")
def real(_compared) -> list[compare.Formula]:
    """Every formula of ``../shared/site-pages`` and ``../shared/seeds`` (skips when absent)."""
    why = corpus.shared_absent()
    need(why is None, why or "")
    return _compared[1]
