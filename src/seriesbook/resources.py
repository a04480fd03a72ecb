"""Where the packaged templates and the sample series are, in a wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent
_CHECKOUT = _PKG.parents[1]


def _find(name: str) -> Path:
    # A wheel ships the folder inside the package; an editable install leaves it at the root.
    for candidate in (_PKG / name, _CHECKOUT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"seriesbook's {name}/ folder is missing from the installation")


def templates_dir() -> Path:
    """The packaged ``templates/`` folder."""
    return _find("templates")


def samples_dir() -> Path:
    """The packaged ``samples/`` folder (the embedded default series)."""
    return _find("samples")


def default_manifest() -> Path:
    """The embedded default manifest: the sample series."""
    return samples_dir() / "series.yaml"
