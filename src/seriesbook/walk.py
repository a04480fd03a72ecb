"""Generic traversal of the frozen node tree (posts, blocks, inlines, math).

Every stage that must reach nodes wherever they sit (links in list items, formulas in table
cells, pictures in quotes) goes through these two functions, so a new node type is walked
everywhere at once.  They are on the hot path of every build, hence the per-class caches:
whether a class is a node, its field names, which of them can hold nodes, and how to copy an
instance with changes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterator

from .model import SourcePos

_FIELDS: dict[type, tuple[str, ...]] = {}
_NODE: dict[type, bool] = {}
_PLAIN: dict[type, bool] = {}
_FIELDSET: dict[type, frozenset[str]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


#: Annotations of fields that never hold a node or a tuple of them (``SourcePos`` is not a node).
_LEAF_TYPE = re.compile(r"^(?:str|int|bool|float|None|SourcePos|Literal\[[^\]]*\])(?:\s*\|\s*(?:str|int|bool|float|None|SourcePos))*$")
_BRANCHES: dict[type, tuple[str, ...]] = {}


def _branches(cls: type) -> tuple[str, ...]:
    """The fields of node class ``cls`` the walks look into: every field but those annotated
    with a plain type (``text: str``, ``pos: SourcePos``), which most fields of most nodes are.
    An annotation not recognised here is looked into, as before (only slower)."""
    names = _BRANCHES.get(cls)
    if names is None:
        names = _BRANCHES[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                       if not (isinstance(f.type, str) and _LEAF_TYPE.match(f.type)))
    return names


def _node_type(cls: type) -> bool:
    """True when instances of ``cls`` are nodes: dataclasses other than SourcePos."""
    known = _NODE.get(cls)
    if known is None:
        known = _NODE[cls] = dataclasses.is_dataclass(cls) and not issubclass(cls, (type, SourcePos))
    return known


def _is_node(value) -> bool:
    return _node_type(type(value))


def replace(node, **changes):
    """``dataclasses.replace`` for nodes, without its per-call checks when the class allows it.

    A node class whose instances keep their fields in ``__dict__``, with every field set by
    ``__init__`` and no ``__post_init__``, is copied by updating a new instance's ``__dict__``:
    the same object ``dataclasses.replace`` builds, several times faster.
    """
    cls = type(node)
    plain = _PLAIN.get(cls)
    if plain is None:
        _FIELDSET[cls] = frozenset(_fields(cls))
        plain = _PLAIN[cls] = (hasattr(node, "__dict__") and not hasattr(cls, "__post_init__")
                               and all(f.init for f in dataclasses.fields(cls))
                               and not hasattr(cls, "__slots__"))
    if not plain:
        return dataclasses.replace(node, **changes)
    if not _FIELDSET[cls].issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - _FIELDSET[cls])[0]!r}")
    new = object.__new__(cls)
    d = new.__dict__
    d.update(node.__dict__)
    d.update(changes)
    return new


def _walkable(cls: type) -> bool:
    """True when a field value of type ``cls`` is walked into: a node or a tuple."""
    known = _WALK.get(cls)
    if known is None:
        known = _WALK[cls] = issubclass(cls, tuple) or _node_type(cls)
    return known


_WALK: dict[type, bool] = {}


def iter_nodes(node, stop: tuple[type, ...] = ()) -> Iterator[object]:
    """Every node inside ``node`` (itself included), in document order; nodes of a ``stop``
    type are yielded but not entered."""
    out: list = []
    _collect(node, stop, out)
    return iter(out)


def _collect(node, stop: tuple[type, ...], out: list) -> None:
    if isinstance(node, (tuple, list)):
        if node and type(node[0]) is str:
            return  # a formula's tokens, a node's plain strings: no nodes inside
        for item in node:
            _collect(item, stop, out)
        return
    cls = type(node)
    if not _node_type(cls):
        return
    out.append(node)
    if stop and isinstance(node, stop):
        return
    walk = _WALK
    names = _BRANCHES.get(cls)
    for name in _branches(cls) if names is None else names:
        value = getattr(node, name)
        vt = type(value)
        if walk[vt] if vt in walk else _walkable(vt):
            _collect(value, stop, out)


def map_nodes(node, fn: Callable[[object], object], stop: tuple[type, ...] = ()):
    """``node`` rebuilt bottom-up with ``fn`` applied to every node inside it; nodes of a
    ``stop`` type go to ``fn`` without being entered.  Untouched subtrees keep their identity."""
    walk = _WALK

    def visit(node):
        if isinstance(node, tuple):
            if node and type(node[0]) is str:
                return node  # a formula's tokens: no nodes inside
            items = [visit(item) for item in node]
            for a, b in zip(items, node):
                if a is not b:
                    return tuple(items)
            return node
        cls = type(node)
        if not _node_type(cls):
            return node
        if not (stop and isinstance(node, stop)):
            changes = None
            names = _BRANCHES.get(cls)
            for name in _branches(cls) if names is None else names:
                value = getattr(node, name)
                vt = type(value)
                if walk[vt] if vt in walk else _walkable(vt):
                    new = visit(value)
                    if new is not value:
                        if changes is None:
                            changes = {}
                        changes[name] = new
            if changes:
                node = replace(node, **changes)
        return fn(node)

    return visit(node)
