"""Golden-file helper: compare text with ``tests/cases/<case>/<name>``, or rewrite it with --regen."""

from __future__ import annotations

from pathlib import Path


def check_golden(path: Path, actual: str, regen: bool) -> None:
    """Assert ``actual`` equals the file at ``path``; with ``regen`` (pytest --regen) rewrite it."""
    if regen or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not regen:
            raise AssertionError(f"{path} did not exist; written now — review it and run again")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs (run pytest --regen and review the diff)"
