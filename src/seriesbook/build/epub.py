"""Book → EPUB 3: find the formulas pandoc cannot turn into MathML, draw those (or, in ``svg``
mode, all formulas) with TeX, draw a cover, render the pandoc input and run pandoc.

The EPUB is written to a temporary file beside ``out_path`` and moved over it only when
pandoc succeeded, so a failed build leaves the previous EPUB intact.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import textwrap
from datetime import datetime, timezone
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import Diagnostic
from ..render.templates import load_texts
from ..resources import templates_dir
from ..errors import BuildError, ToolError
from ..math import iter_math
from ..render import epub_math
from ..render.epub import EpubRenderer
from ..render.pandoc_ast import MathImage, formula_key, pandoc_api_version
from .atomic import write_atomic
from . import tools
from .svgmath import Formula, draw_svgs

_NOT_CONVERTED = "Could not convert TeX math"


@dataclass
class EpubResult:
    """What :func:`make_epub` made: the file, its warnings and how its formulas were drawn."""

    path: Path
    warnings: list[Diagnostic] = field(default_factory=list)
    mathml: int = 0
    """Formulas written as MathML."""
    svg: int = 0
    """Formulas drawn by TeX as SVG."""
    verbatim: int = 0
    """Formulas shown as TeX in a code box (the math passes gave up, or TeX could not draw them)."""
    failures: dict[str, str] = field(default_factory=dict)
    """The formulas (by :func:`~seriesbook.render.pandoc_ast.formula_key`) shown verbatim because
    neither texmath nor TeX could draw them, with TeX's error."""


def pandoc_path() -> str:
    """The bundled pandoc (pypandoc-binary)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(args: list[str], cwd: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        proc = tools.run([pandoc_path(), *args], cwd=cwd, input=stdin, capture_output=True,
                         text=True, errors="replace", timeout=900, env={**os.environ, **(env or {})})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolError(f"pandoc could not run: {exc}") from exc
    if proc.returncode != 0:
        raise ToolError(f"pandoc failed (exit {proc.returncode}):\n{proc.stderr.strip()[-3000:]}")
    return proc


# --------------------------------------------------------------------------- MathML check


def mathml_failures(formulas: dict[str, m.Math], build_dir: Path) -> set[str]:
    """Keys of the formulas pandoc's texmath cannot turn into MathML (one pandoc run, cached).

    Each formula goes into its own ``<div id=key>``; a formula that failed comes out as TeX
    text instead of ``<math>``.
    """
    cache_file = build_dir / "mathml-check.json"
    import pypandoc

    version = pypandoc.get_pandoc_version()   # texmath comes with pandoc: a new pandoc rechecks
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}  # absent or damaged: check again
    if not isinstance(cache, dict) or cache.get("pandoc") != version or not isinstance(cache.get("ok"), dict):
        cache = {"pandoc": version, "ok": {}}
    todo = {k: f for k, f in formulas.items() if k not in cache["ok"]}
    if todo:
        blocks = [{"t": "Div", "c": [[f"k{k}", [], []], [{"t": "Plain", "c": [{"t": "Math", "c": [
            {"t": "DisplayMath" if f.display else "InlineMath"}, epub_math.formula(f) or f.tex]}]}]]} for k, f in todo.items()]
        doc = json.dumps({"pandoc-api-version": pandoc_api_version(), "meta": {}, "blocks": blocks})
        html = _pandoc(["-f", "json", "-t", "html5", "--mathml"], build_dir, doc).stdout
        parts = dict(re.findall(r'<div id="k([0-9a-f]+)">(.*?)</div>', html, re.S))
        for k in todo:
            cache["ok"][k] = "<math" in parts.get(k, "")
        write_atomic(cache_file, json.dumps(cache))
    return {k for k in formulas if not cache["ok"][k]}


# --------------------------------------------------------------------------- cover


def _cjk_font(bold: bool = True):
    from PIL import ImageFont

    name = "Noto Serif CJK SC:" + ("bold" if bold else "regular")
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True, text=True).stdout
    except OSError:
        path = ""
    def font(size: int):
        if not path:
            return ImageFont.load_default(size)
        for index in range(8):   # a .ttc holds JP, KR, SC …: pick SC
            try:
                f = ImageFont.truetype(path, size, index=index)
            except OSError:
                break
            if "SC" in f.getname()[0]:
                return f
        return ImageFont.truetype(path, size)
    return font


def make_cover(meta: m.BookMeta, build_dir: Path) -> Path:
    """A PNG cover (1600×2400) drawn from the title, cached by its text."""
    from PIL import Image, ImageDraw

    key = hashlib.sha256(f"{meta.title}\0{meta.subtitle}\0{meta.author}\0{meta.site}".encode()).hexdigest()[:16]
    path = build_dir / f"cover-{key}.png"
    if path.exists():
        return path
    w, h = 1600, 2400
    img = Image.new("RGB", (w, h), (28, 43, 64))
    draw = ImageDraw.Draw(img)
    draw.rectangle([90, 90, w - 90, h - 90], outline=(200, 170, 110), width=6)
    bold, regular = _cjk_font(True), _cjk_font(False)
    y = 520
    for line in textwrap.wrap(meta.title, 8) or [meta.title]:
        y = _centered(draw, line, bold(150), y, (245, 240, 228)) + 40
    if meta.subtitle:
        for line in textwrap.wrap(meta.subtitle, 16):
            y = _centered(draw, line, regular(70), y + 40, (200, 170, 110))
    draw.line([w // 2 - 200, y + 120, w // 2 + 200, y + 120], fill=(200, 170, 110), width=4)
    if meta.author:
        _centered(draw, meta.author, regular(90), h - 640, (245, 240, 228))
    _centered(draw, meta.site.replace("https://", "").replace("http://", ""), regular(56), h - 420, (200, 170, 110))
    png = io.BytesIO()
    img.save(png, "PNG", optimize=True)
    write_atomic(path, png.getvalue())
    return path


def _centered(draw, text: str, font, y: int, fill) -> int:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((1600 - (right - left)) // 2 - left, y - top), text, font=font, fill=fill)
    return y + (bottom - top)


# --------------------------------------------------------------------------- the build


def _formulas(book: m.Book) -> dict[str, m.Math]:
    """Formulas that appear as math in the EPUB (not verbatim, not a bare ``\\eqref``), by key."""
    return {formula_key(f): f for p in book.posts for f in iter_math(p.blocks) if not f.verbatim and not f.ref_only}


def _source_date(book: m.Book) -> dict[str, str]:
    """SOURCE_DATE_EPOCH from the newest post (date or fetch time): the same posts give the
    same EPUB, byte for byte (pandoc's modification date and zip times follow it)."""
    stamps = []
    for post in book.posts:
        for value in (post.fetched_at, post.date):
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
            except ValueError:
                when = None
            if when:
                stamps.append(when if when.tzinfo else when.replace(tzinfo=timezone.utc))
    return {"SOURCE_DATE_EPOCH": str(int(max(stamps).timestamp()))} if stamps else {}


def _pandoc_warnings(stderr: str) -> list[Diagnostic]:
    lines = [l.strip() for l in stderr.splitlines() if l.strip().startswith("[WARNING]")]
    return [Diagnostic("epub.warning", l.removeprefix("[WARNING]").strip()) for l in lines]


def _draw_math(book: m.Book, math_mode: str, build_dir: Path) -> tuple[dict[str, MathImage | None], dict[str, str],
                                                                     list[Diagnostic]]:
    """SVGs for the formulas that need them: all in ``svg`` mode, else those texmath cannot read.

    A formula TeX cannot draw falls back to MathML when texmath can read it, else to verbatim.
    """
    formulas = _formulas(book)
    to_draw = set(formulas) if math_mode == "svg" else mathml_failures(formulas, build_dir)
    images, errors = draw_svgs([Formula(k, epub_math.formula(formulas[k]) or formulas[k].tex, formulas[k].display)
                                for k in sorted(to_draw)], build_dir / "svg")
    if math_mode == "svg" and errors:
        rescued = set(errors) - mathml_failures({k: formulas[k] for k in errors}, build_dir)
        for key in rescued:
            del images[key], errors[key]
    titles = {f: p.title for p in book.posts for f in iter_math(p.blocks)}
    warnings = [Diagnostic("math.compile-error", f"formula shown verbatim in the EPUB: {message}", formulas[key].pos,
                           titles.get(formulas[key])) for key, message in errors.items()]
    return images, errors, warnings


def make_epub(book: m.Book, out_path: Path, build_dir: Path, math_mode: str = "mathml",
              css: Path | None = None, templates: Path | None = None) -> EpubResult:
    """Write ``book`` as an EPUB 3 to ``out_path`` (atomically), working in ``build_dir``.

    ``math_mode`` is ``mathml`` (TeX-drawn SVG only where texmath fails) or ``svg`` (all
    formulas as SVG, for Kindle and readers without MathML).  The texts around the posts come
    from ``texts.j2`` (the user's ``templates`` folder first).
    """
    out_path, build_dir = Path(out_path).resolve(), Path(build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    images, errors, warnings = _draw_math(book, math_mode, build_dir)
    renderer = EpubRenderer(book, math_mode, images, media_root=build_dir, texts=load_texts(templates))
    source = build_dir / "epub-input.json"
    source.write_text(json.dumps(renderer.document(), ensure_ascii=False), encoding="utf-8")
    tmp = out_path.with_name(f".{out_path.stem}.part.epub")
    args = ["-f", "json", "-t", "epub3", "--mathml", "--split-level=1", "--toc", "--toc-depth=2",
            f"--epub-cover-image={make_cover(book.meta, build_dir)}", "-o", str(tmp), str(source)]
    if css is not None and not Path(css).is_file():
        raise BuildError(f"the EPUB style sheet {css} does not exist")
    css = Path(css) if css else templates_dir() / "epub.css"
    if css.is_file():
        args.insert(0, f"--css={css}")
    if (templates_dir() / "epub-data").is_dir():   # translations of pandoc's own terms for zh-CN
        args.insert(0, f"--data-dir={templates_dir() / 'epub-data'}")
    try:
        proc = _pandoc(args, build_dir, env=_source_date(book))
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    warnings += _pandoc_warnings(proc.stderr)
    every = [f for p in book.posts for f in iter_math(p)]
    shown = [f for f in every if not f.verbatim]
    keys = [formula_key(f) for f in shown if not f.ref_only]
    drawn = sum(1 for k in keys if images.get(k))
    # A lone \eqref is a link holding its number as MathML, or as text in svg mode
    # (see EpubRenderer._eqref).
    refs = sum(1 for f in shown if f.ref_only)
    mathml = sum(1 for k in keys if k not in images) + (refs if math_mode != "svg" else 0)
    failed = len(every) - drawn - mathml - (refs if math_mode == "svg" else 0)
    return EpubResult(out_path, warnings, mathml=mathml, svg=drawn, verbatim=failed, failures=errors)

