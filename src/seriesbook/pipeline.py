"""``build()``: load → gather posts → parse → math → resolve links → render → compile → report.

Resolving cross-references needs every post first, so a build gathers and converts
everything before it writes anything.  Artifacts are made in ``DIR/build/NAME/`` and moved
to ``DIR/NAME.pdf`` / ``.epub`` only when the whole build succeeded (a failed build leaves
the previous book intact).  The report is always written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .build.atomic import sweep_temporaries
from .build.tools import checkpoint, quiet_worker, stop_workers
from .cache import StageCache, code_fingerprint, digest, tree_fingerprint
from .diagnostics import Collector
from .errors import BuildError, FetchError, SeriesbookError, display_path
from .manifest import Manifest, SeriesSpec
from .model import Book, BookMeta, Post, RawPost
from .publish import new_since_last_build, publish, record_parts, remember, up_to_date
from .report import PostReport, Report
from .select import post_key, resolve_links, select, with_part


def quiet(message: str) -> None:
    """The default progress callback: says nothing (module-level, so Options can be pickled)."""


@dataclass
class Options:
    """How to build (the command line's flags)."""

    pdf: bool = True
    epub: bool = True
    out_dir: Path = Path("out")
    offline: bool = False
    refresh: bool = False
    strict: bool = False
    templates: Path | None = None
    site: str | None = None
    """Overrides the manifest's ``book.site`` (a local server in tests)."""
    cache_dir: Path | None = None
    progress: Callable[[str], None] = quiet
    """Called with each step's description (a spinner on a terminal)."""
    client: object | None = None
    """An ``httpx.Client`` for the fetcher (tests pass a mock transport)."""
    fetch_delay: float = 1.0
    """Seconds between two requests to the site (politeness; tests use 0)."""
    wait: bool = True
    """When another build of the series holds the lock: wait for it (else fail at once)."""
    notice: Callable[[str], None] = quiet
    """Called with a message the user should see as a line of its own (waiting for a lock)."""


def read_sources(manifest: Manifest, collector: Collector) -> list[RawPost]:
    """Every post in the manifest's sources, duplicates merged."""
    from .sources import read_path
    from .sources.discover import merge_duplicates

    raws: list[RawPost] = []
    for path in manifest.sources:
        found, warnings = read_path(path, display_path(path))
        raws.extend(found)
        collector.extend(warnings)
    merged, warnings = merge_duplicates(raws)
    collector.extend(warnings)
    return merged


def make_fetcher(manifest: Manifest, site: str, options: Options):
    """The live-site fetcher for ``site`` (unless ``--site`` overrides it), cached as configured."""
    from .sources.site import Fetcher, default_cache_dir

    cache = options.cache_dir or manifest.cache or default_cache_dir()
    return Fetcher(options.site or site, Path(cache), client=options.client,
                   offline=options.offline, refresh=options.refresh, delay=options.fetch_delay)


class SiteAccess:
    """The live site for one build: one fetcher, made on first use (most builds never need the
    site) and closed at the end, so every request of the build shares one client, one
    politeness delay and one memory of unreachable hosts."""

    def __init__(self, manifest: Manifest, site: str, options: Options):
        self._args = (manifest, site, options)
        self._fetcher = None

    def __call__(self):
        if self._fetcher is None:
            self._fetcher = make_fetcher(*self._args)
        return self._fetcher

    def close(self) -> None:
        """Close the fetcher's HTTP client, if one was made."""
        if self._fetcher is not None:
            self._fetcher.close()


def gather(manifest: Manifest, spec: SeriesSpec, options: Options, collector: Collector,
           site: SiteAccess | None = None) -> list[RawPost]:
    """The RawPosts of ``spec`` in book order: from the sources, the rest from the site.

    A post known only as a listing excerpt is replaced by the full post when the site has it.
    """
    from .sources.discover import excerpt_warnings

    sources = read_sources(manifest, collector)
    raws, missing = select(spec, sources)
    if spec.match is not None and (not raws or any(r.archive for r in raws)):
        # A series of the site's posts is completed from the site index: new parts come in.
        site = site or SiteAccess(manifest, spec.options.site, options)
        missing = _indexed(spec, raws, site, collector)
    if not missing and not raws:
        raise BuildError(f"series {spec.name!r} has no posts: nothing in the sources matches {spec.match!r}",
                         spec.pos)
    wanted = missing + [str(r.archive) for r in raws if r.excerpt and r.archive and not options.offline]
    if wanted:
        site = site or SiteAccess(manifest, spec.options.site, options)
        fetched, failures = fetch_posts(site(), wanted, options)
        if [f for ref, f in failures if ref in missing]:
            raise FetchError(f"series {spec.name!r}: {len(failures)} post(s) missing:\n  "
                             + "\n  ".join(f for _, f in failures), spec.pos)
        full = {r.archive for r in fetched}
        raws = select(spec, [r for r in sources if not (r.excerpt and r.archive in full)] + fetched)[0]
    collector.extend(excerpt_warnings(raws))
    return raws


def _indexed(spec: SeriesSpec, local: list[RawPost], site: SiteAccess, collector: Collector) -> list[str]:
    """The site's posts of ``match:`` series ``spec`` that the local sources lack (a local copy
    wins).  Without the site index, the local posts alone make the book (with a warning)."""
    from .select import site_matches
    from .sources.archive import load_index

    try:
        index = load_index(site())
    except FetchError as e:
        if not local:
            raise FetchError(f"series {spec.name!r}: nothing in the sources matches {spec.match!r}, and "
                             f"the site index could not be had: {e.problems[0].message}", e.pos) from None
        collector.add("fetch.failed", f"the site index could not be had, so only local posts of {spec.name!r} "
                      f"are in the book: {e.problems[0].message}", e.pos)
        return []
    return [str(n) for n in site_matches(spec.match, index.entries, local)]


def fetch_posts(fetcher, refs: list[str], options: Options) -> tuple[list[RawPost], list[tuple[str, str]]]:
    """Fetch each post named by ``refs``: the posts got, and (ref, why) for each one not got."""
    from .urls import archive_of

    got: list[RawPost] = []
    failures: list[tuple[str, str]] = []
    for i, ref in enumerate(refs, 1):
        n = archive_of(ref)
        if n is None:
            failures.append((ref, f"{ref!r} is not in the sources, and only archive numbers or URLs can be fetched"))
            continue
        options.progress(f"fetching posts: {i}/{len(refs)} (post {n})")
        try:
            got.append(fetcher.post(n))
        except FetchError as e:
            failures.append((ref, str(e)))
    return got, failures


def convert(raws: list[RawPost], collector: Collector, cache: StageCache | None = None,
            progress: Callable[[str], None] = quiet) -> list[Post]:
    """RawPosts → Posts with their math normalised and links between them resolved.

    With a ``cache``, a post whose source did not change is not converted again.
    """
    pairs = [(raw, post_key(raw)) for raw in raws]
    with fewer_collections():
        if cache:
            made = cache.get_many("post", [(repr(raw), key) for raw, key in pairs],
                                  lambda missing: convert_all([pairs[i] for i in missing], progress))
        else:
            made = convert_all(pairs, progress)
        posts = []
        for post, warnings in made:
            collector.extend(warnings)
            posts.append(post)
        return resolve_links(posts)


@contextlib.contextmanager
def fewer_collections(allocations: int = 100_000):
    """Run the body with Python's cyclic garbage collector started every ``allocations``
    allocations instead of every 700 (the threshold is restored after).  Conversion makes
    hundreds of thousands of small objects (tokens, nodes, rows) that form no cycles, so the
    frequent collections find nothing; measured on the bench series, they took 15–20% of it."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], allocations), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


#: Posts a worker process must have to be worth starting (see :func:`convert_all`).
POSTS_PER_WORKER = 128


def convert_all(pairs: list[tuple[RawPost, str]], progress: Callable[[str], None] = quiet) -> list[tuple[Post, list]]:
    """:func:`convert_one` for every (post, key), across the cores when there are several posts.

    The work is pure, so worker processes forked from this one need nothing but their share;
    inside a worker of ``build --all`` (already one series per core) it stays serial.  Sending
    the converted posts back costs about as much as converting them, so a worker is worth it
    only for a large share (measured: 24 and 96 posts convert faster here than in two workers)."""
    jobs = min(os.cpu_count() or 1, len(pairs) // POSTS_PER_WORKER)
    if jobs > 1 and not multiprocessing.current_process().daemon:
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=quiet_worker) as pool:
                try:
                    return _counted(pool.map(_convert_pair, pairs, chunksize=max(1, len(pairs) // (4 * jobs))),
                                    len(pairs), progress)
                except BaseException:
                    stop_workers(pool)
                    raise
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had: convert here
    return _counted((convert_one(raw, key) for raw, key in pairs), len(pairs), progress)


def _counted(results, total: int, progress: Callable[[str], None]) -> list:
    done = []
    for result in results:
        done.append(result)
        progress(f"converting posts: {len(done)}/{total}")
    return done


def _convert_pair(pair: tuple[RawPost, str]) -> tuple[Post, list]:
    return convert_one(*pair)


def convert_one(raw: RawPost, key: str) -> tuple[Post, list]:
    """Parse one post and normalise its math (pure)."""
    from .math import normalize_post
    from .parse import parse_post

    post, parse_warnings = parse_post(raw, key)
    post, math_warnings = normalize_post(with_part(post))
    return post, _titled(parse_warnings + math_warnings, raw.title)


def _titled(warnings, title: str):
    return [w if w.post else dataclasses.replace(w, post=title) for w in warnings]


def book_meta(spec: SeriesSpec) -> BookMeta:
    """The cover and metadata of ``spec``'s book."""
    o = spec.options
    return BookMeta(name=spec.name, title=spec.title or spec.name, subtitle=spec.subtitle, author=o.author,
                    site=o.site, license=o.license, license_url=o.license_url, language=o.language,
                    paper=o.paper, version=__version__)


def post_reports(book: Book, raws: list[RawPost], outputs: dict[str, dict] | None = None) -> list[PostReport]:
    """Per-post counts for the report.  ``outputs`` maps each output built (``pdf``, ``epub``) to
    the formulas it showed verbatim on its own (:data:`seriesbook.artifacts.Failures`); a formula
    the converter gave up on is verbatim in every output.  ``formulas_failed`` counts the
    formulas verbatim in any output; without outputs (``check``), those the converter gave up on."""
    from .math import iter_math, stats

    outputs = outputs or {}
    out = []
    for p, (post, raw) in enumerate(zip(book.posts, raws)):
        s = stats(post)
        failures, verbatim = [], {name: 0 for name in outputs}
        for f, m in enumerate(iter_math(post)):
            why = {name: m.error or "" if m.verbatim else found.get((p, f)) for name, found in outputs.items()}
            shown = [name for name, reason in why.items() if reason is not None]
            for name in shown:
                verbatim[name] += 1
            if m.verbatim or shown:
                failures.append({"line": m.pos.line, "tex": m.tex,
                                 "error": m.error or next(why[n] for n in shown), "outputs": shown})
        out.append(PostReport(title=post.title, url=post.url, date=post.date, formulas=s["formulas"],
                              formulas_failed=len(failures), numbered_equations=s["numbered_equations"],
                              source=str(raw.pos), failures=tuple(failures), verbatim=verbatim))
    return out


def build(manifest: Manifest, name: str, options: Options) -> Report:
    """Build series ``name``; writes the report once it holds the lock, raises SeriesbookError on failure.

    One build of a series and output folder runs at a time (:func:`build_lock`)."""
    from .build.lock import build_lock

    spec = manifest.get(name)
    out_dir = options.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(out_dir, name, wait=options.wait, notice=options.notice):
        sweep_temporaries(out_dir, name)
        report = Report(series=name)
        collector = Collector(suppress=manifest.suppress_warnings)
        try:
            _build(manifest, spec, options, report, collector)
        except SeriesbookError as e:
            report.error = str(e)
            e.report = out_dir / f"{name}.report.json"  # written just below
            raise
        except BaseException:  # Ctrl-C, SIGTERM: the report says so, the previous book stays
            report.error = "interrupted; the previous book is kept"
            raise
        finally:
            report.warnings = list(collector.items)
            report.write(out_dir / f"{name}.report.json")
    return report


def _build(manifest: Manifest, spec: SeriesSpec, options: Options, report: Report, collector: Collector) -> None:
    site = SiteAccess(manifest, spec.options.site, options)
    try:
        _build_with(manifest, spec, options, report, collector, site)
    finally:
        site.close()


def _build_with(manifest: Manifest, spec: SeriesSpec, options: Options, report: Report, collector: Collector,
                site: SiteAccess) -> None:
    from .artifacts import attach_images, make_epub_artifact, make_pdf_artifact
    from .resources import templates_dir

    t0 = time.perf_counter()
    options.progress(f"reading posts of {spec.name}")
    raws = gather(manifest, spec, options, collector, site)
    build_dir = options.out_dir / "build" / spec.name
    build_dir.mkdir(parents=True, exist_ok=True)
    report.new_posts = new_since_last_build(build_dir, raws)
    templates = options.templates or (Path(spec.options.templates) if spec.options.templates else None)
    stamp = digest(code_fingerprint(), repr(raws), repr(spec), options.pdf, options.epub, manifest.suppress_warnings,
                   tree_fingerprint(templates_dir(), templates, *manifest.sources))
    if up_to_date(build_dir, stamp, report, collector):
        _check_strict(options, collector)
        return
    options.progress(f"converting {len(raws)} posts")
    checkpoint("convert")
    cache = StageCache(options.out_dir / "build" / ".stages")
    posts = convert(raws, collector, cache, options.progress)
    posts = attach_images(posts, raws, build_dir, site, collector)
    book = Book(meta=book_meta(spec), posts=tuple(posts))
    report.posts = post_reports(book, raws)
    report.timings["convert"] = time.perf_counter() - t0
    staged: list[tuple[Path, Path]] = []
    failures: dict[str, dict] = {}
    # Each output is made from the converted book and keeps what it could not show to itself.
    if options.pdf:
        options.progress("typesetting the PDF (xelatex)")
        pdf, failures["pdf"] = make_pdf_artifact(book, build_dir, templates, collector, report, cache,
                                                 options.progress)
        staged.append((pdf, options.out_dir / f"{spec.name}.pdf"))
    if options.epub:
        options.progress("making the EPUB (pandoc)")
        epub, failures["epub"] = make_epub_artifact(book, build_dir, spec.options.epub_math, templates, collector)
        staged.append((epub, options.out_dir / f"{spec.name}.epub"))
    report.posts = post_reports(book, raws, failures)
    report.timings["total"] = time.perf_counter() - t0
    _check_strict(options, collector)
    publish(staged, report)
    remember(build_dir, stamp, report, collector)
    record_parts(build_dir, raws)


def _check_strict(options: Options, collector: Collector) -> None:
    if options.strict and collector.items:
        codes = Counter(w.code for w in collector.items).most_common()
        raise BuildError(f"--strict: {len(collector.items)} warning(s) ({', '.join(f'{n} {c}' for c, n in codes)}); "
                         "the previous book is kept")
