"""Generic traversal of the frozen node tree (posts, blocks, inlines, math).

Every stage that must reach nodes wherever they sit (links in list items, formulas in table
cells, pictures in quotes) goes through these two functions, so a new node type is walked
everywhere at once.  They are on the hot path of every build, hence the per-class field cache.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from .model import SourcePos

_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _is_node(value) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, (type, SourcePos))


def iter_nodes(node, stop: tuple[type, ...] = ()) -> Iterator[object]:
    """Every node inside ``node`` (itself included), in document order; nodes of a ``stop``
    type are yielded but not entered."""
    if isinstance(node, (tuple, list)):
        for item in node:
            yield from iter_nodes(item, stop)
        return
    if not _is_node(node):
        return
    yield node
    if isinstance(node, stop):
        return
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, tuple) or _is_node(value):
            yield from iter_nodes(value, stop)


def map_nodes(node, fn: Callable[[object], object], stop: tuple[type, ...] = ()):
    """``node`` rebuilt bottom-up with ``fn`` applied to every node inside it; nodes of a
    ``stop`` type go to ``fn`` without being entered.  Untouched subtrees keep their identity."""
    if isinstance(node, tuple):
        items = tuple(map_nodes(item, fn, stop) for item in node)
        return node if all(a is b for a, b in zip(items, node)) else items
    if not _is_node(node):
        return node
    if not isinstance(node, stop):
        changes = {}
        for name in _fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, tuple) or _is_node(value):
                new = map_nodes(value, fn, stop)
                if new is not value:
                    changes[name] = new
        if changes:
            node = dataclasses.replace(node, **changes)
    return fn(node)
