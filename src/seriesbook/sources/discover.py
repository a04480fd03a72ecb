"""Finding series in a pile of posts: duplicate merging and grouping by title.

Which series and part a title names is the title grammar's business (:mod:`seriesbook.titles`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from ..diagnostics import Warning
from ..errors import ManifestError
from ..model import RawPost, SourcePos
from ..titles import normalise, parse_title


def _rank(post: RawPost) -> tuple:
    """Which copy of a post to keep: complete beats excerpt, then the larger reader count,
    then a fetched/saved page over a dump (it carries links, images and formatting)."""
    return (not post.excerpt, post.readers or -1, post.format == "html", bool(post.body.strip()))


def merge_duplicates(posts: list[RawPost]) -> tuple[list[RawPost], list[Warning]]:
    """One RawPost per post: copies match by archive number, else by normalised title.

    The kept copy (see ``_rank``) lists the others in ``duplicates`` and borrows metadata it
    lacks (date, url, archive …) from them; a ``source.duplicate`` warning names both places.
    """
    groups: list[list[RawPost]] = []
    by_archive: dict[int, int] = {}
    by_title: dict[str, int] = {}
    for post in posts:
        key = normalise(post.title)
        index = by_archive.get(post.archive) if post.archive else None
        if index is None and key in by_title:
            other = groups[by_title[key]][0]
            if not (post.archive and other.archive and post.archive != other.archive):
                index = by_title[key]
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(post)
        if post.archive:
            by_archive.setdefault(post.archive, index)
        by_title.setdefault(key, index)
    kept, warnings = [], []
    for group in groups:
        best = max(group, key=_rank)  # max() keeps the first of equals: file order decides
        others = [p for p in group if p is not best]
        for other in others:
            warnings.append(Warning(
                "source.duplicate",
                f"“{best.title}” is also at {other.pos}; kept the copy at {best.pos} ({_why(best, other)})",
                best.pos, best.title))
        kept.append(_absorb(best, others))
    return kept, warnings


def _why(best: RawPost, other: RawPost) -> str:
    if other.excerpt and not best.excerpt:
        return "the other is only an excerpt"
    if (best.readers or -1) > (other.readers or -1):
        return f"{best.readers} readers against {other.readers}"
    return "found first"


def _absorb(best: RawPost, others: list[RawPost]) -> RawPost:
    """``best`` with the others' positions recorded and its missing metadata filled in."""
    if not others:
        return best
    fields = {}
    for name in ("date", "author", "url", "archive", "fetched_at", "citation"):
        if getattr(best, name) is None:
            fields[name] = next((getattr(o, name) for o in others if getattr(o, name) is not None), None)
    dups = list(best.duplicates)
    for other in others:
        dups += [other.pos, *other.duplicates]
    return replace(best, duplicates=tuple(dups), **fields)


def excerpt_warnings(posts: list[RawPost]) -> list[Warning]:
    """A ``source.excerpt`` warning for each post known only from a listing-page excerpt
    (call it after :func:`merge_duplicates`, on the posts that go into a book)."""
    return [Warning("source.excerpt", f"only an excerpt of “{p.title}” is known (from a listing page); "
                    "fetch the post or save its page for the full text", p.pos, p.title)
            for p in posts if p.excerpt]


def group_series(posts: list[RawPost]) -> dict[str, list[RawPost]]:
    """Series name → its posts ordered by part (then date), for every series with a numbered
    post.  Names are matched after :func:`normalise`; the first spelling seen is kept."""
    names: dict[str, str] = {}
    members: dict[str, list[tuple[int, str, int, RawPost]]] = {}
    for order, post in enumerate(posts):
        parsed = parse_title(post.title)
        if parsed is None:
            continue
        name, part = parsed
        key = normalise(name)
        names.setdefault(key, name)
        members.setdefault(key, []).append((part, post.date or "", order, post))
    return {names[k]: [m[3] for m in sorted(v, key=lambda m: m[:3])] for k, v in members.items()}


def discover(paths: list[Path]) -> dict:
    """Every post under ``paths`` with its series and part, duplicates merged (JSON-ready)."""
    from . import read_path

    found: list[RawPost] = []
    warnings: list[Warning] = []
    for path in paths:
        posts, warns = read_path(Path(path))
        found += posts
        warnings += warns
    posts, warns = merge_duplicates(found)
    warnings += warns
    rows = []
    for post in posts:
        parsed = parse_title(post.title)
        rows.append({
            "title": post.title, "date": post.date, "readers": post.readers,
            "series": parsed[0] if parsed else None, "part": parsed[1] if parsed else None,
            "url": post.url, "source": post.pos.path, "line": post.pos.line,
            "excerpt": post.excerpt, "duplicates": [str(p) for p in post.duplicates],
            "archive": post.archive, "format": post.format,
        })
    series = [{"name": name, "posts": [p.title for p in members]}
              for name, members in group_series(posts).items()]
    return {"posts": rows, "series": series, "warnings": [w.to_json() for w in warnings]}


def add_series_to_manifest(manifest_text: str, series: dict[str, list[str]], path: str = "series.yaml") -> str:
    """Append each series not already in the manifest's ``series:`` list, as
    ``- name: X`` / ``match: X``, leaving every line the user wrote as it was.

    Raises :class:`ManifestError` (located in ``path``) when ``series:`` is an inline list."""
    present = _present_names(manifest_text)
    new = [name for name in series if normalise(name) not in present]
    if not new:
        return manifest_text
    lines = manifest_text.split("\n")
    head = next((i for i, line in enumerate(lines) if re.match(r"^series\s*:", line)), None)
    if head is not None and re.match(r"^series\s*:\s*(\[\s*\]|null|~)?\s*(#.*)?$", lines[head]) is None:
        raise ManifestError("`series:` is written inline; make it a block list (`- name: …` lines) "
                            "to have series added to it", SourcePos(path, head + 1))
    if head is None:
        if lines and lines[-1] != "":
            lines.append("")
        lines[-1:] = ["series:", ""]
        head, indent, end = len(lines) - 2, "  ", len(lines) - 1
    else:
        lines[head] = re.sub(r"^series\s*:\s*(\[\s*\]|null|~)", "series:", lines[head])
        end, indent = _block_end(lines, head)
    entries = []
    for name in new:
        entries += [f"{indent}- name: {_scalar(name)}", f"{indent}  match: {_scalar(name)}"]
    lines[end:end] = entries
    return "\n".join(lines)


def _present_names(text: str) -> set[str]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        data = {}
    items = data.get("series") if isinstance(data, dict) else None
    names = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            for k in ("name", "match"):
                if item.get(k):
                    names.add(normalise(str(item[k])))
    return names


def _block_end(lines: list[str], head: int) -> tuple[int, str]:
    """Index after the last content line of the ``series:`` block, and its item indent."""
    end, indent = head + 1, None
    for i in range(head + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace() and not line.startswith("-"):
            break  # the next top-level key
        end = i + 1
        if indent is None and line.lstrip().startswith("- "):
            indent = line[: len(line) - len(line.lstrip())]
    return end, indent if indent is not None else "  "


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    import json
    return json.dumps(text, ensure_ascii=False)
