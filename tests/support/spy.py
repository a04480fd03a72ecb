"""Spies that observe what a build really does: the programs it starts and the calls it makes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def spy_processes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the programs this process starts from now on (``latexmk``, ``pandoc`` …),
    as a list that grows; every ``subprocess.run`` goes through ``subprocess.Popen``."""
    started: list[str] = []
    real = subprocess.Popen

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kw):
            first = args[0] if isinstance(args, (list, tuple)) else str(args).split()[0]
            started.append(Path(str(first)).name)
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Spy)
    return started


def spy_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple]:
    """Replace ``owner.name`` by a wrapper that records each call's arguments (in this process)."""
    calls: list[tuple] = []
    real = getattr(owner, name)

    def wrapper(*args, **kw):
        calls.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, wrapper)
    return calls
