"""Prerequisites of a test (``../shared``, a tool on PATH, node and MathJax …).

Outside CI a missing prerequisite skips the test with a visible reason.  Under ``CI=true`` it
fails it: CI installs everything, so a skip there is a test that silently stopped running.

Use ``need(ok, reason)`` inside a test or fixture, ``need_path``/``need_tools`` for the common
cases, or the marker ``@requires(tools=[...], paths=[...])`` (checked by ``tests/conftest.py``
before the test runs, so a decorator can never skip a helper instead of a test).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def in_ci() -> bool:
    """True when the environment says this is CI (``CI=true``, as GitHub Actions and .ci/run set)."""
    return os.environ.get("CI", "").lower() == "true"


def need(ok: object, reason: str) -> None:
    """Skip the running test with ``reason`` unless ``ok``; under CI fail it instead."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing prerequisite is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def need_path(path: Path) -> Path:
    """``path``, or skip (fail under CI) when it does not exist."""
    need(path.exists(), f"{path} is absent (../shared exists only beside the project in development and CI)")
    return path


def need_tools(*tools: str) -> None:
    """Skip (fail under CI) unless every program in ``tools`` is on PATH."""
    missing = [t for t in tools if shutil.which(t) is None]
    need(not missing, f"not installed: {', '.join(missing)} (./dev install installs it)")


def requires(*, tools: tuple[str, ...] | list[str] = (), paths: tuple[Path, ...] | list[Path] = ()):
    """A marker: the test needs ``tools`` on PATH and ``paths`` to exist (see the module doc)."""
    return pytest.mark.requires(tools=tuple(tools), paths=tuple(paths))


def check_requires(item: pytest.Item) -> None:
    """Apply every ``requires`` marker of ``item`` (called from conftest before each test)."""
    for mark in item.iter_markers("requires"):
        need_tools(*mark.kwargs.get("tools", ()))
        for path in mark.kwargs.get("paths", ()):
            need_path(Path(path))
