"""Pictures are checked before TeX sees them: one damaged picture must not stop a book.

Pictures come from posts (untrusted) and from several hosts over twenty years, so some are
damaged.  xelatex hands them to libpng and libjpeg inside xdvipdfmx, which abort the whole
book on a bad CRC or a truncated file, and a 30000×30000 picture exhausts TeX's dimensions or
the machine's memory.  So every picture is first decoded in full by Pillow, and what is
damaged, truncated or over the pixel budget is refused with the reason; the rest is put into
the build folder in a shape both xelatex and EPUB readers take:

* PNG and JPEG that are already plain (8-bit grey, RGB or palette; upright; not huge) are kept
  byte for byte;
* anything else is normalised: turned upright (EXIF orientation), converted to RGB or RGBA,
  scaled down to :data:`MAX_SIDE` and written as PNG (or JPEG for photographs);
* SVG is drawn by cairosvg with external entities and external files refused (a picture
  must not read ``/etc/passwd`` into the book); scripts are never run (cairosvg has no engine).
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from .atomic import write_atomic

#: Most pixels a picture may have (a 30000×30000 "decompression bomb" is 900 million).
PIXEL_BUDGET = 50_000_000
#: Longest side in pixels after normalising: a full page width at 300 dpi, with room to spare.
MAX_SIDE = 2400
#: Bumped when the normalisation changes, so pictures made by an older one are made again.
VERSION = "1"
_PLAIN = {"PNG": {"1", "L", "LA", "P", "RGB", "RGBA"}, "JPEG": {"L", "RGB"}}
_ORIENTATION = 0x0112


class Refused(Exception):
    """A picture that cannot be used; the message says why."""


def install_picture(source: Path, folder: Path) -> str:
    """Check the picture ``source`` and put it into ``folder``, named by its content and with the
    suffix of its real type; its file name there.  Raises :class:`Refused` with the reason."""
    data = source.read_bytes()
    if not data.strip():
        raise Refused("the file is empty")
    if _is_svg(data):
        data = svg_to_png(data)
    stem = hashlib.sha1(VERSION.encode() + data).hexdigest()[:16]
    for suffix in (".png", ".jpg"):
        if (folder / f"{stem}{suffix}").exists():  # written atomically: present means whole
            return f"{stem}{suffix}"
    name, payload = normalise(data, stem)
    write_atomic(folder / name, payload)
    return name


def damage(path: Path) -> str | None:
    """Why the picture at ``path`` is unusable, or None when it decodes whole (for a PDF that
    failed on a picture after all: which one?)."""
    try:
        _decoded(path.read_bytes())
    except (Refused, OSError) as e:
        return str(e)
    return None


def normalise(data: bytes, stem: str) -> tuple[str, bytes]:
    """(file name, bytes) of the picture ``data`` as it goes into the book; raises :class:`Refused`."""
    from PIL import Image, ImageOps

    picture = _decoded(data)
    if _plain(picture):
        return f"{stem}.{'png' if picture.format == 'PNG' else 'jpg'}", data
    photo = picture.format == "JPEG"
    picture = ImageOps.exif_transpose(picture)
    alpha = "A" in picture.getbands() or "transparency" in picture.info
    picture = picture.convert("RGBA" if alpha and not photo else "RGB")
    if max(picture.size) > MAX_SIDE:
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if photo:
        picture.save(out, "JPEG", quality=92)
        return f"{stem}.jpg", out.getvalue()
    picture.save(out, "PNG")
    return f"{stem}.png", out.getvalue()


def _decoded(data: bytes):
    """The picture in ``data``, decoded in full; :class:`Refused` when it is not a whole picture."""
    from PIL import Image, UnidentifiedImageError

    kind = "picture"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            if width * height > PIXEL_BUDGET:
                raise Refused(_over_budget(f"{width}×{height} = {width * height:,}"))
            probe.verify()  # PNG: every chunk's CRC; the pixels are not decoded yet
        picture = Image.open(io.BytesIO(data))
        picture.load()  # the whole decode: a truncated or garbled file fails here
    except Refused:
        raise
    except UnidentifiedImageError:
        raise Refused(_not_a_picture(data)) from None
    except Image.DecompressionBombError as e:  # Pillow's own limit, checked as it opens
        found = re.search(r"\((\d+) pixels\)", str(e))
        raise Refused(_over_budget(f"{int(found.group(1)):,}" if found else "too many")) from None
    except Exception as e:  # Pillow raises OSError, SyntaxError, ValueError … for damaged files
        raise Refused(f"damaged {kind} file ({_reason(e)})") from None
    if picture.format != kind:
        raise Refused(f"damaged {kind} file")
    return picture


def _over_budget(size: str) -> str:
    return f"{size} pixels, more than the budget of {PIXEL_BUDGET:,}"


def _plain(picture) -> bool:
    """Whether xelatex and every EPUB reader take ``picture`` exactly as it is."""
    return (picture.mode in _PLAIN.get(picture.format, ()) and max(picture.size) <= MAX_SIDE
            and picture.getexif().get(_ORIENTATION, 1) == 1)


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:120]


def _not_a_picture(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "an HTML page, not a picture"
    return "not a PNG, JPEG, GIF, WebP, BMP or SVG picture"


def _is_svg(data: bytes) -> bool:
    head = data[:1024].lstrip()
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]


def svg_to_png(data: bytes) -> bytes:
    """The SVG ``data`` drawn as PNG, at most :data:`MAX_SIDE` pixels on its longer side.

    cairosvg runs in its safe mode: no XML entities, no huge trees, and no external file or
    URL is read.  The SVG's size is read first, so that a huge declared size cannot make a
    huge drawing."""
    try:
        import cairosvg
        from defusedxml import ElementTree
        from defusedxml.common import DefusedXmlException
    except (ImportError, OSError) as e:  # cairosvg needs the cairo library
        raise Refused(f"SVG pictures need cairosvg and cairo ({e})") from None
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise Refused("an SVG with a DTD or entities (refused: they can read files)") from None
    except Exception as e:
        raise Refused(f"damaged SVG ({_reason(e)})") from None
    width, height = _svg_size(root)
    if min(width, height) <= 0 or max(width / height, height / width) > 50:
        raise Refused(f"an SVG of {width:g}×{height:g}: not a picture for a page")
    scale = MAX_SIDE / max(width, height)

    try:  # unsafe=False: entities refused, and only data: URLs are read (cairosvg's safe_fetch)
        return cairosvg.svg2png(bytestring=data, unsafe=False,
                                output_width=round(width * scale), output_height=round(height * scale))
    except Exception as e:  # cairosvg raises many kinds for a broken drawing
        raise Refused(f"damaged SVG ({_reason(e)})") from None


def _svg_size(root) -> tuple[float, float]:
    """The SVG's width and height from its viewBox, else its width and height attributes."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return float(box[2]), float(box[3])
        except ValueError:
            pass
    sizes = []
    for attr in ("width", "height"):
        match = re.match(r"\s*([0-9.]+)", root.get(attr) or "")
        sizes.append(float(match.group(1)) if match else 300.0)
    return sizes[0], sizes[1]
