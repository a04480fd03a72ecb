"""Generic traversal of the frozen node tree (posts, blocks, inlines, math)."""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterator


def iter_nodes(node) -> Iterator[object]:
    """Every dataclass node inside ``node`` (itself included), in document order."""
    if isinstance(node, tuple | list):
        for item in node:
            yield from iter_nodes(item)
        return
    if not dataclasses.is_dataclass(node):
        return
    yield node
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) or dataclasses.is_dataclass(value):
            yield from iter_nodes(value)


def map_nodes(node, fn: Callable[[object], object]):
    """``node`` rebuilt bottom-up with ``fn`` applied to every dataclass node inside it."""
    if isinstance(node, tuple):
        items = tuple(map_nodes(item, fn) for item in node)
        # Keep the very same tuple when nothing inside changed, so untouched nodes keep
        # their identity (callers may key on it) and nothing is copied needlessly.
        return node if all(a is b for a, b in zip(items, node)) else items
    if not dataclasses.is_dataclass(node):
        return node
    changes = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) or dataclasses.is_dataclass(value):
            new = map_nodes(value, fn)
            if new is not value:
                changes[f.name] = new
    node = dataclasses.replace(node, **changes) if changes else node
    return fn(node)
