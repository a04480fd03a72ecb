"""The README's layout names every module of the package (six people add modules at once)."""

from __future__ import annotations

import re

from tests.support.paths import ROOT


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Layout"):]
    return section.split("```")[1]


def test_the_layout_names_every_module_and_package():
    layout = _layout()
    package = ROOT / "src" / "seriesbook"
    modules = [f for f in package.rglob("*.py") if f.name != "__init__.py" and "__pycache__" not in f.parts]
    unnamed = [str(f.relative_to(package)) for f in modules
               if not re.search(rf"(?<![\w/.]){re.escape(f.stem)}(\.py\b|[,\s)])", layout)]
    folders = [d.name for d in package.iterdir() if d.is_dir() and (d / "__init__.py").exists()]
    assert unnamed == [] and [d for d in folders if f"{d}/" not in layout] == []
