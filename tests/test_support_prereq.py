"""The rule for missing prerequisites: a visible skip on a developer's machine, a failure in CI."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]
from tests.support.paths import ROOT
from tests.support.prereq import need, need_path, need_tools


def test_a_missing_prerequisite_skips_outside_ci(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent"):
        need_path(tmp_path / "nothing")
    with pytest.raises(pytest.skip.Exception, match="not installed: no-such-tool-xyz"):
        need_tools("sh", "no-such-tool-xyz")


def test_a_missing_prerequisite_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        need_path(tmp_path / "nothing")
    with pytest.raises(pytest.fail.Exception, match="node"):
        need(False, "node and MathJax are not installed")


def test_a_present_prerequisite_passes(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert need_path(ROOT) == ROOT
    need_tools("sh")


def test_the_requires_marker_fails_the_test_under_ci(pytester, monkeypatch):
    pytester.makeconftest("from tests.conftest import pytest_configure, pytest_runtest_setup\n")
    pytester.makepyfile(test_x="""
        from tests.support.prereq import requires

        @requires(tools=["no-such-tool-xyz"])
        def test_x():
            pass
    """)
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.delenv("CI", raising=False)
    quiet = ["-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:xdist", "-p", "no:anyio"]
    pytester.runpytest_inprocess(*quiet).assert_outcomes(skipped=1)
    monkeypatch.setenv("CI", "true")
    pytester.runpytest_inprocess(*quiet).assert_outcomes(errors=1)
