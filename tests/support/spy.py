"""Spies that observe what a build really does: the programs it starts and the calls it makes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def spy_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines of the programs this process starts from now on, as a list that
    grows (every ``subprocess.run`` goes through ``subprocess.Popen``); see :func:`programs`."""
    started: list[list[str]] = []
    real = subprocess.Popen

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kw):
            started.append([str(a) for a in args] if isinstance(args, (list, tuple)) else str(args).split())
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Spy)
    return started


def programs(started: list[list[str]]) -> list[str]:
    """The program names (``latexmk``, ``pandoc`` …) of command lines from :func:`spy_processes`."""
    return [Path(argv[0]).name for argv in started]


def spy_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple]:
    """Replace ``owner.name`` by a wrapper that records each call's arguments (in this process)."""
    calls: list[tuple] = []
    real = getattr(owner, name)

    def wrapper(*args, **kw):
        calls.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def wrap_program(monkeypatch: pytest.MonkeyPatch, folder: Path, name: str, before: str) -> Path:
    """Put a shell script named ``name`` first on PATH (in ``folder``) that runs ``before``
    and then the real ``name``; child processes (latexmk's xelatex, --all's workers) use it too."""
    real = shutil.which(name)
    assert real, f"{name} is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{before}\nexec {real} \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return script
