"""The posts the oracle compares: every golden math case, our own corpus of constructs
(``corpus.tex``), and — when ``../shared`` is there — every formula of the real posts in
``site-pages`` and the seed dumps, read at test time with seriesbook's own readers."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from seriesbook.math import iter_math, map_math
from seriesbook.model import Post, RawPost, SourcePos
from seriesbook.parse import parse_post
from tests.support.math_cases import CASES, formulas_of, post_of
from tests.support.paths import SHARED

HERE = Path(__file__).resolve().parent
OWN = HERE / "corpus.tex"

_POST_MARK = re.compile(r"^%%% post: *(.+)$", re.M)


def indexed(post: Post, name: str) -> Post:
    """``post`` with each formula's position naming the post and the formula's index, so a
    warning points at exactly one formula."""
    counter = iter(range(1 << 30))
    return map_math(post, lambda m: replace(m, pos=SourcePos(f"{name}#{next(counter)}", m.pos.line if m.pos else 0)))


def formula_count(post: Post) -> int:
    """How many formulas ``post`` holds."""
    return sum(1 for _ in iter_math(post))


def own_posts() -> list[tuple[str, Post]]:
    """``corpus.tex``: posts separated by ``%%% post: NAME`` lines, formulas as in golden inputs."""
    text = OWN.read_text(encoding="utf-8")
    marks = list(_POST_MARK.finditer(text))
    out = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        body = text[mark.end():end]
        name = f"corpus/{mark.group(1).strip()}"
        out.append((name, post_of(formulas_of(body, str(OWN)), key="c" + str(k))))
    return out


def golden_posts() -> list[tuple[str, Post]]:
    """Every ``tests/cases/math/<case>/input.tex`` as one post."""
    return [(f"case/{d.name}", post_of(formulas_of((d / "input.tex").read_text(encoding="utf-8"))))
            for d in sorted(p.parent for p in CASES.glob("*/input.tex"))]


def site_posts() -> list[tuple[str, Post]]:
    """Every ``../shared/site-pages/N/source.html`` read as the site's body ([] when absent)."""
    out = []
    for page in sorted((SHARED / "site-pages").glob("*/source.html")):
        raw = RawPost(title=page.parent.name, body=page.read_text(encoding="utf-8"), format="html",
                      pos=SourcePos(str(page), 1), body_line=1)
        out.append((f"site/{page.parent.name}", parse_post(raw, "p" + page.parent.name)[0]))
    return out


def seed_posts() -> list[tuple[str, Post]]:
    """Every post of the ``../shared/seeds`` dumps ([] when absent)."""
    from seriesbook.sources.dumps import parse_dump

    out = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        raws, _ = parse_dump(path.read_text(encoding="utf-8"), str(path))
        for k, raw in enumerate(raws):
            out.append((f"seed/{path.stem[:3]}/{k}", parse_post(raw, f"s{k}")[0]))
    return out


def shared_absent() -> str | None:
    """Why the real posts cannot be compared (None when ../shared is there)."""
    if not (SHARED / "site-pages").is_dir() or not (SHARED / "seeds").is_dir():
        return f"{SHARED} is absent (../shared exists only beside the project in development and CI)"
    return None
