"""``seriesbook discover``: the posts found in files and the series their titles form;
``--write`` adds the series to a manifest, leaving every line the user wrote as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import yaml

from ..diagnostics import Diagnostic
from ..errors import ManifestError
from ..model import RawPost, SourcePos
from ..sources.discover import normalise
from .common import json_option


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@json_option
@click.option("--write", "write_to", type=click.Path(path_type=Path, dir_okay=False),
              help="Add the series found to this manifest, leaving what is there untouched.")
def command(paths, as_json, write_to) -> int:
    """List the posts found in PATHS and the series their titles form."""
    result = discover(list(paths))
    if write_to:
        from ..build.atomic import write_atomic

        old = write_to.read_text(encoding="utf-8") if write_to.exists() else "series:\n"
        series = {s["name"]: s["posts"] for s in result["series"]}
        write_atomic(write_to, add_series_to_manifest(old, series))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for p in result["posts"]:
        part = f"{p['series']} #{p['part']}" if p["series"] else "-"
        click.echo(f"{p['date'] or '----------'}  {p['title']}  [{part}]  {p['source']}:{p['line']}"
                   + ("  (excerpt)" if p["excerpt"] else ""))
    for s in result["series"]:
        click.echo(f"series {s['name']}: {len(s['posts'])} posts")
    return 0


def discover(paths: list[Path]) -> dict:
    """Every post under ``paths`` with its series and part, duplicates merged (JSON-ready)."""
    from ..sources import read_path
    from ..sources.discover import group_series, merge_duplicates, parse_title

    found: list[RawPost] = []
    warnings: list[Diagnostic] = []
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
    return json.dumps(text, ensure_ascii=False)
