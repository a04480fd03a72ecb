"""The I/O half of a build: images into the build folder, the PDF, the EPUB.

Each function takes the Book (data) and the build folder, runs the tools through
``build/`` and returns the path of an artifact *inside the build folder*; the pipeline
publishes artifacts to ``out/`` only when everything succeeded.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Callable

from .build.pictures import Refused, install_picture
from .cache import StageCache, tree_fingerprint
from .diagnostics import Collector
from .errors import FetchError, ToolError
from .model import Book, Image, Post, RawPost
from .report import Report
from .walk import map_nodes

IMAGE_DIR = "img"
#: The TeX job's name in the build folder: a series name may be anything a user can type
#: (quotes, spaces, "!"), a TeX job name should not; the artifact gets the series name when published.
TEX_JOB = "book"


def attach_images(posts: list[Post], raws: list[RawPost], build_dir: Path, fetcher: Callable[[], object],
                  collector: Collector) -> list[Post]:
    """Copy or fetch every image into ``build_dir/img`` and set ``Image.local`` (relative to the build dir).

    A local image must lie in its post's folder or below (posts are untrusted: an image
    path must not pull ``/etc/passwd`` into a book).  Every picture is checked and normalised
    first (:func:`~.build.pictures.install_picture`); a missing, damaged or oversized one
    becomes a placeholder and an ``image.missing`` warning saying why.
    """
    (build_dir / IMAGE_DIR).mkdir(parents=True, exist_ok=True)
    out = []
    for post, raw in zip(posts, raws):
        def place(node, post=post, raw=raw):
            if not isinstance(node, Image) or node.local:
                return node
            found, why = _find_image(node.src, raw, fetcher)
            local = None
            if found:
                try:
                    local = install_picture(found, build_dir / IMAGE_DIR)
                except Refused as e:
                    why = str(e)
            if local is None:
                collector.add("image.missing", f"image {node.src} not usable ({why}); a placeholder stands in",
                              node.pos, post.title)
                return node
            return dataclasses.replace(node, local=f"{IMAGE_DIR}/{local}")

        out.append(dataclasses.replace(post, blocks=map_nodes(post.blocks, place)))
    return out


def _find_image(src: str, raw: RawPost, fetcher) -> tuple[Path | None, str]:
    """The picture's file (fetched, or beside the post) or None with the reason."""
    if src.startswith(("http://", "https://")):
        try:
            path = fetcher().image(src)
        except FetchError as e:
            return None, str(e).splitlines()[0]
        failures = fetcher().failures
        return (path, "") if path else (None, failures[-1] if failures else "not available")
    base = Path(raw.pos.path).resolve().parent
    path = (base / src).resolve()
    if base not in path.parents:
        return None, "the path leaves the post's folder"
    if not path.is_file():
        return None, "no such file"
    return path, ""


def book_tex(book: Book, templates: Path | None, cache: StageCache | None = None) -> str:
    """The book's TeX; with a ``cache``, only chapters whose post changed are rendered again."""
    from .render.latex import latex_document, render_chapter
    from .render.templates import make_env
    from .resources import templates_dir

    if cache is None:
        return latex_document(book, templates=templates)
    env = make_env(templates)
    shape = tree_fingerprint(templates_dir(), templates)
    chapters = [cache.get("chapter", (repr(post), shape), lambda post=post: render_chapter(post, env))
                for post in book.posts]
    return latex_document(book, chapters=chapters, templates=templates)


#: Formulas an output could not show as math, by (post index, formula index in
#: :func:`~seriesbook.math.iter_math` order) → why.  Each output keeps its own: a formula that
#: breaks xelatex is verbatim in the PDF only, and the EPUB decides for itself.
Failures = dict[tuple[int, int], str]


def make_pdf_artifact(book: Book, build_dir: Path, templates: Path | None, collector: Collector,
                      report: Report, cache: StageCache | None = None,
                      progress: Callable[[str], None] | None = None) -> tuple[Path, Failures]:
    """Typeset ``book``; a formula that breaks xelatex is found, shown verbatim in the PDF and reported.

    Returns the PDF (in ``build_dir``) and the formulas the PDF shows verbatim for that reason;
    ``book`` itself is not changed (the EPUB is made from the converted book, not the PDF's).
    """
    from .build.latex import compile_pdf

    tex = book_tex(book, templates, cache)
    failures: Failures = {}
    try:
        result = compile_pdf(tex, build_dir, TEX_JOB, progress=progress)
    except ToolError as first:
        blamed = picture_blamed(first, book, build_dir)
        if blamed:
            raise blamed from None
        failures = find_broken_formulas(book, tex[: tex.find("\\begin{document}")], build_dir)
        if not failures:
            raise first
        typeset, warnings = mark_broken(book, failures)
        collector.extend(warnings)
        result = compile_pdf(book_tex(typeset, templates, cache), build_dir, TEX_JOB, progress=progress)
    collector.extend(result.warnings)
    report.overfull = result.overfull
    report.timings["xelatex_passes"] = result.passes
    return result.pdf, failures


def picture_blamed(error: ToolError, book: Book, build_dir: Path) -> ToolError | None:
    """When xelatex or xdvipdfmx failed on one of the book's pictures (the error names it, or it
    is damaged in the build folder), the error naming the picture as its post has it, the post
    and the line; else None.  Pictures are checked before TeX sees them: this is for what the
    checks still let through (xdvipdfmx's libpng aborts without naming the file)."""
    from .build.pictures import damage
    from .walk import iter_nodes

    text = str(error)
    pictures = [(post, node) for post in book.posts for node in iter_nodes(post.blocks)
                if isinstance(node, Image) and node.local]
    if not any(node.local in text for _, node in pictures) and not re.search(r"libpng|jpeg|[Ii]mage", text):
        return None
    named = [(post, node) for post, node in pictures if node.local in text]
    for post, node in named or pictures:
        why = "named in the error" if named else damage(build_dir / node.local)
        if why:
            return ToolError(f"the picture {node.src} (in {post.title}) could not be put into the PDF "
                             f"({why}); remove or replace it:\n{text}", node.pos)
    return None


def find_broken_formulas(book: Book, preamble: str, build_dir: Path) -> Failures:
    """Every formula of ``book`` that xelatex rejects under ``preamble``, with xelatex's error."""
    from .build.isolate import find_broken
    from .math import iter_math
    from .render.latex_math import formula

    where = [(p, f) for p, post in enumerate(book.posts) for f, _ in enumerate(iter_math(post))]
    # Verbatim formulas have no TeX to try; "" compiles, so they never count as broken.
    flat = [formula(m, post.key) for post in book.posts for m in iter_math(post)]
    return {where[i]: why for i, why in find_broken(flat, preamble, build_dir / "isolate").items()}


def mark_broken(book: Book, failures: Failures) -> tuple[Book, list]:
    """The book as the PDF typesets it: the formulas of ``failures`` verbatim (and their warnings)."""
    from .math import mark_failed

    posts, warnings = [], []
    for p, post in enumerate(book.posts):
        mine = {f: why for (q, f), why in failures.items() if q == p}
        if mine:
            post, found = mark_failed(post, mine)
            warnings += found
        posts.append(post)
    return dataclasses.replace(book, posts=tuple(posts)), warnings


def make_epub_artifact(book: Book, build_dir: Path, math_mode: str, templates: Path | None,
                       collector: Collector) -> tuple[Path, Failures]:
    """Make the EPUB of ``book`` inside ``build_dir`` (with the user's ``epub.css`` when their
    template folder has one); the formulas it shows verbatim because neither texmath nor TeX
    could draw them."""
    from .build.epub import make_epub

    css = templates / "epub.css" if templates and (templates / "epub.css").is_file() else None
    result = make_epub(book, build_dir / "book.epub", build_dir, math_mode=math_mode, css=css, templates=templates)
    collector.extend(result.warnings)
    from .math import iter_math
    from .render.pandoc_ast import formula_key

    failures = {(p, f): result.failures[formula_key(m)] for p, post in enumerate(book.posts)
                for f, m in enumerate(iter_math(post)) if not m.verbatim and formula_key(m) in result.failures}
    return result.path, failures
