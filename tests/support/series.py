"""Small series of our own for pipeline tests: Markdown posts and a manifest in a folder."""

from __future__ import annotations

import json
from pathlib import Path

POST = """---
title: 小系列({n}):第{n}篇
date: 2024-05-{n:02d}
url: https://example.org/small/{n}
---

正文里有公式$x^2$和编号公式
\\begin{{equation}}E = mc^2\\label{{eq:e}}\\end{{equation}}
由式$\\eqref{{eq:e}}${tail}
"""

#: Series ``small`` (every post of the folder) and ``gone`` (a post no source has).
MANIFEST = "sources: [posts]\nseries:\n  - name: small\n    match: 小系列\n  - name: gone\n    posts: [123456]\n"


def small_series(folder: Path, tails: tuple[str, ...] = ("", ""), manifest: str = MANIFEST) -> Path:
    """Write one post per entry of ``tails`` (its text appended to the post's last line) into
    ``folder/posts`` and ``manifest`` into ``folder/series.yaml``; returns the manifest's path."""
    (folder / "posts").mkdir(exist_ok=True)
    for n, tail in enumerate(tails, 1):
        (folder / "posts" / f"{n}.md").write_text(POST.format(n=n, tail=tail), encoding="utf-8")
    path = folder / "series.yaml"
    path.write_text(manifest, encoding="utf-8")
    return path


def report(out: Path, name: str = "small") -> dict:
    """The report ``out/NAME.report.json`` of a build."""
    return json.loads((out / f"{name}.report.json").read_text(encoding="utf-8"))
