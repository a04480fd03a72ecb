"""``series.yaml`` → :class:`Manifest`.  The whole schema lives in this file.

Every field is declared once, with its type and a docstring (mkdocs ``config/defaults.py``
style); :func:`load` collects *every* problem of a manifest before failing, each located as
``series.yaml:LINE: message``.  An unknown key lists the allowed ones, and a path that leaves
the manifest's folder is refused (a manifest is shared; it must not point at a user's files).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ManifestError, Problem, display_path
from .model import BookMeta, SourcePos

PAPERS = ("a4", "a5", "b5", "reader")
EPUB_MATH = ("mathml", "svg")


@dataclass(frozen=True)
class BookOptions:
    """Defaults for every book; a series entry may override any of them.  The site, license,
    paper and language defaults are the data model's (:class:`~seriesbook.model.BookMeta`)."""

    author: str = "苏剑林"
    """Author shown on the cover and in the PDF/EPUB metadata."""
    site: str = BookMeta.site
    """Base URL of the site: posts are ``SITE/archives/N`` (a local server in tests)."""
    license: str = BookMeta.license
    """The license of the posts, printed on the provenance page and in the EPUB rights."""
    license_url: str = BookMeta.license_url
    """Where the license text is."""
    paper: str = BookMeta.paper
    """PDF paper size: a4, a5, b5 or reader (a 6-inch e-reader page)."""
    language: str = BookMeta.language
    """Language of the book (EPUB metadata)."""
    epub_math: str = "mathml"
    """``mathml`` (MathML, SVG where pandoc cannot) or ``svg`` (every formula as SVG, for Kindle)."""
    templates: str | None = None
    """A folder of templates overriding the packaged ones, relative to the manifest."""


@dataclass(frozen=True)
class SeriesSpec:
    """One book: which posts, in which order, and how it looks."""

    name: str
    """The NAME on the command line and the output file stem."""
    pos: SourcePos
    """Where the entry is in series.yaml."""
    title: str = ""
    """Cover title; defaults to ``name``."""
    subtitle: str = ""
    """Cover subtitle."""
    match: str | None = None
    """Every post whose title starts with this series name, ordered by part number."""
    posts: tuple[str, ...] = ()
    """Explicit posts in order: archive numbers, post URLs, or exact titles."""
    options: BookOptions = field(default_factory=BookOptions)
    """The book options, with this entry's overrides applied."""


@dataclass(frozen=True)
class Manifest:
    """A whole series.yaml."""

    path: Path
    """The manifest file; relative paths in it are relative to its folder."""
    book: BookOptions
    """Defaults for every series."""
    sources: tuple[Path, ...]
    """Files or folders with posts: text dumps, saved pages, Markdown with front matter."""
    series: tuple[SeriesSpec, ...]
    """The books, in the order written."""
    suppress_warnings: tuple[str, ...] = ()
    """Warning codes to silence (``math`` silences every ``math.*``)."""
    cache: Path | None = None
    """Folder for fetched pages and images; default: the user cache (platformdirs)."""

    def get(self, name: str) -> SeriesSpec:
        """The series called ``name``; a UsageError lists the ones there are."""
        for s in self.series:
            if s.name == name:
                return s
        from .errors import UsageError

        known = ", ".join(s.name for s in self.series) or "(none)"
        raise UsageError(f"no series named {name!r} in {display_path(self.path)}; known: {known}")


BOOK_KEYS = {f.name for f in dataclasses.fields(BookOptions)}
TOP_KEYS = ("book", "sources", "series", "suppress_warnings", "cache")
SERIES_KEYS = ("name", "title", "subtitle", "match", "posts", *sorted(BOOK_KEYS))


class _Checker:
    """Walks the YAML node tree, turning nodes into values and collecting located problems."""

    def __init__(self, path: Path):
        self.path = path
        self.shown = display_path(path)
        self.problems: list[Problem] = []

    def pos(self, node: yaml.Node) -> SourcePos:
        return SourcePos(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(message, self.pos(node)))

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...] | set[str], what: str) -> dict[str, yaml.Node]:
        """Key → value node of a mapping, reporting unknown and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping of keys to values")
            return {}
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key not in allowed:
                self.fail(k, f"unknown key {key!r} in {what}; allowed: {', '.join(sorted(allowed))}")
            elif key in out:
                self.fail(k, f"key {key!r} appears twice in {what}")
            else:
                out[key] = v
        return out

    def string(self, node: yaml.Node, what: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.value != "" and node.tag != "tag:yaml.org,2002:null":
            return node.value
        self.fail(node, f"{what} must be a non-empty string")
        return None

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.value:
            return (node.value,)
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list")
            return ()
        return tuple(s for item in node.value if (s := self.string(item, f"an entry of {what}")))

    def choice(self, node: yaml.Node, what: str, choices: tuple[str, ...]) -> str | None:
        value = self.string(node, what)
        if value is not None and value not in choices:
            self.fail(node, f"{what} must be one of {', '.join(choices)}, not {value!r}")
            return None
        return value

    def inside(self, node: yaml.Node, what: str) -> Path | None:
        """A path relative to the manifest's folder that must stay inside it."""
        value = self.string(node, what)
        if value is None:
            return None
        root = self.path.parent.resolve()
        target = (root / value).resolve()
        if target != root and root not in target.parents:
            self.fail(node, f"{what} {value!r} leaves the manifest's folder {display_path(root)}")
            return None
        return target

    def book(self, nodes: dict[str, yaml.Node], base: BookOptions) -> BookOptions:
        """Book options from the keys of ``nodes`` that name one, over ``base``."""
        values: dict[str, Any] = {}
        for key, node in nodes.items():
            if key not in BOOK_KEYS:
                continue
            if key == "paper":
                values[key] = self.choice(node, "paper", PAPERS)
            elif key == "epub_math":
                values[key] = self.choice(node, "epub_math", EPUB_MATH)
            elif key == "templates":
                p = self.inside(node, "templates")
                values[key] = str(p) if p else None
            else:
                values[key] = self.string(node, key)
        return dataclasses.replace(base, **{k: v for k, v in values.items() if v is not None})

    def series_entry(self, node: yaml.Node, book: BookOptions) -> SeriesSpec | None:
        nodes = self.mapping(node, SERIES_KEYS, "a series entry")
        if "name" not in nodes:
            if isinstance(node, yaml.MappingNode):
                self.fail(node, "a series entry needs a name")
            return None
        name = self.string(nodes["name"], "name")
        if name is not None and (re.search(r"[/\\\x00-\x1f]", name) or name.startswith(".")):
            self.fail(nodes["name"], f"series name {name!r} cannot be a file name: no '/', '\\', "
                                     "control characters or leading '.'")
            name = None
        match = self.string(nodes["match"], "match") if "match" in nodes else None
        posts = self.strings(nodes["posts"], "posts") if "posts" in nodes else ()
        if ("match" in nodes) == ("posts" in nodes):
            self.fail(node, f"series {name!r} needs exactly one of 'match' or 'posts'")
        if name is None:
            return None
        return SeriesSpec(
            name=name, pos=self.pos(node),
            title=self.string(nodes["title"], "title") or name if "title" in nodes else name,
            subtitle=self.string(nodes["subtitle"], "subtitle") or "" if "subtitle" in nodes else "",
            match=match, posts=posts, options=self.book(nodes, book))


def parse(text: str, path: Path) -> Manifest:
    """Validate manifest ``text`` (read from ``path``); raise ManifestError with every problem."""
    check = _Checker(path)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        pos = SourcePos(check.shown, mark.line + 1, mark.column + 1) if mark else SourcePos(check.shown)
        raise ManifestError(f"not valid YAML: {getattr(e, 'problem', None) or e}", pos) from None
    if root is None:
        raise ManifestError("the manifest is empty; it needs at least a 'series' list", SourcePos(check.shown, 1))
    top = check.mapping(root, TOP_KEYS, "the manifest")
    book = check.book(check.mapping(top["book"], BOOK_KEYS, "book"), BookOptions()) if "book" in top else BookOptions()
    sources = tuple(p for n in _items(top.get("sources")) if (p := check.inside(n, "source")))
    series: list[SeriesSpec] = []
    if "series" not in top:
        check.fail(root, "the manifest has no 'series' list")
    elif not isinstance(top["series"], yaml.SequenceNode):
        check.fail(top["series"], "'series' must be a list of series entries")
    else:
        for n in top["series"].value:
            spec = check.series_entry(n, book)
            if spec and any(s.name == spec.name for s in series):
                check.fail(n, f"series {spec.name!r} is defined twice")
            elif spec:
                series.append(spec)
    suppress = check.strings(top["suppress_warnings"], "suppress_warnings") if "suppress_warnings" in top else ()
    cache = check.inside(top["cache"], "cache") if "cache" in top else None
    if check.problems:
        raise ManifestError("", problems=check.problems)
    return Manifest(path=path, book=book, sources=sources, series=tuple(series),
                    suppress_warnings=suppress, cache=cache)


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    if node is None:
        return []
    return list(node.value) if isinstance(node, yaml.SequenceNode) else [node]


def load(path: Path) -> Manifest:
    """Read and validate the manifest at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ManifestError(f"cannot read the manifest: {e.strerror}", SourcePos(display_path(path))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ManifestError("the manifest is not valid UTF-8", SourcePos(display_path(path), line)) from None
    return parse(text, path)
