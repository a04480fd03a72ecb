"""Pictures are checked before TeX sees them: a damaged one gets the placeholder and a warning
saying why, and the book is made."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from seriesbook.build.pictures import MAX_SIDE, Refused, install_picture
from seriesbook.cli import main


def _png(size=(64, 48), colour=(30, 120, 200), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def _jpeg(size=(64, 48), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 90, 30)).save(out, "JPEG", **save)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb() -> bytes:
    """A PNG that says it is 30000×30000 (900 million pixels) in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 3751 * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def _bad_crc() -> bytes:
    data = bytearray(_png())
    at = data.index(b"IDAT") + 4
    data[at + 5] ^= 0xFF  # a byte of the pixel data changed; the chunk's CRC no longer matches
    return bytes(data)


DAMAGED = {
    "bad-crc.png": (_bad_crc(), "damaged PNG"),
    "truncated.png": (_png((300, 200), (1, 2, 3))[:300], "damaged PNG"),
    "bomb.png": (_bomb(), "900,000,000 pixels, more than the budget"),
    "empty.png": (b"", "the file is empty"),
    "page.png": (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "an HTML page"),
    "bad.jpg": (_jpeg()[:200] + b"\x00garbage" * 20, "damaged JPEG"),
    "hostile.svg": (b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><text y="20">&secret;</text>
<script>alert(1)</script></svg>""", "DTD or entities"),
}


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_picture_is_refused_with_the_reason(tmp_path, name):
    data, why = DAMAGED[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "img").mkdir()
    with pytest.raises(Refused, match=why):
        install_picture(tmp_path / name, tmp_path / "img")
    assert list((tmp_path / "img").iterdir()) == []


def test_a_plain_png_or_jpeg_is_kept_byte_for_byte(tmp_path):
    for name, data in (("a.png", _png()), ("b.jpg", _jpeg()), ("photo-served-as.png", _jpeg())):
        (tmp_path / name).write_bytes(data)
        out = install_picture(tmp_path / name, tmp_path)
        assert (tmp_path / out).read_bytes() == data
        assert out.endswith(".jpg" if data.startswith(b"\xff\xd8") else ".png")  # the suffix tells the truth
        assert install_picture(tmp_path / name, tmp_path) == out  # named by content: installed once


def test_other_pictures_are_normalised(tmp_path):
    # CMYK photograph, 16-bit grey, upside-down EXIF, a GIF and a picture far larger than a page.
    cmyk = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 100, 200, 0)).save(cmyk, "JPEG")
    deep = io.BytesIO()
    Image.new("I;16", (40, 30), 40000).save(deep, "PNG")
    turned = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to show
    Image.new("RGB", (40, 30), "red").save(turned, "JPEG", exif=exif)
    gif = io.BytesIO()
    Image.new("P", (40, 30)).save(gif, "GIF")
    cases = {"cmyk.jpg": (cmyk.getvalue(), "RGB", (40, 30)), "deep.png": (deep.getvalue(), "RGB", (40, 30)),
             "turned.jpg": (turned.getvalue(), "RGB", (30, 40)), "a.gif": (gif.getvalue(), "RGB", (40, 30)),
             "wide.png": (_png((MAX_SIDE * 2, 100)), "RGB", (MAX_SIDE, 50))}
    for name, (data, mode, size) in cases.items():
        (tmp_path / name).write_bytes(data)
        out = Image.open(tmp_path / install_picture(tmp_path / name, tmp_path))
        assert (out.mode, out.size, out.format in ("PNG", "JPEG")) == (mode, size, True), name


def test_an_svg_is_drawn_without_reading_anything_outside(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(_png((50, 50), (255, 0, 0)))
    (tmp_path / "fine.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
                                       '<rect width="200" height="100" fill="#00ff00"/></svg>')
    out = Image.open(tmp_path / install_picture(tmp_path / "fine.svg", tmp_path))
    assert out.format == "PNG" and out.size == (MAX_SIDE, MAX_SIDE // 2)
    (tmp_path / "peek.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="50" height="50">'
        f'<image xlink:href="file://{secret}" width="50" height="50"/><script>alert(1)</script></svg>')
    try:
        drawn = Image.open(tmp_path / install_picture(tmp_path / "peek.svg", tmp_path)).convert("RGBA")
    except Refused:
        return  # refusing is as good as drawing without the file
    assert (255, 0, 0, 255) not in {colour for _, colour in drawn.getcolors(1 << 20)}


@pytest.mark.slow
def test_a_book_with_every_kind_of_damaged_picture_is_made(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    body = ["---", "title: 坏图(一):什么都有", "date: 2024-01-01", "---", "", "好图：", "", "![好图](good.png)", ""]
    lines = {}
    for name, (data, _) in DAMAGED.items():
        (posts / name).write_bytes(data)
        lines[name] = len(body) + 1
        body += [f"![坏图]({name})", ""]
    (posts / "good.png").write_bytes(_png())
    (posts / "1.md").write_text("\n".join(body), encoding="utf-8")
    (tmp_path / "series.yaml").write_text("sources: [posts]\nseries:\n  - name: 坏图\n    match: 坏图\n",
                                          encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "坏图", "-m", str(tmp_path / "series.yaml"), "-o", str(out)]) == 0
    assert (out / "坏图.pdf").exists() and (out / "坏图.epub").exists()
    report = json.loads((out / "坏图.report.json").read_text(encoding="utf-8"))
    missing = {w["message"].split()[1]: w for w in report["warnings"] if w["code"] == "image.missing"}
    assert set(missing) == set(DAMAGED)
    for name, (_, why) in DAMAGED.items():
        w = missing[name]
        assert (w["line"], w["post"]) == (lines[name], "坏图(一):什么都有") and why in w["message"], w


def test_a_picture_that_still_breaks_the_pdf_is_named_with_its_post(tmp_path, monkeypatch):
    import dataclasses

    from seriesbook import artifacts
    from seriesbook.build import latex
    from seriesbook.errors import ToolError
    from seriesbook.model import Image as Picture, SourcePos
    from seriesbook.report import Report
    from seriesbook.diagnostics import Collector
    from tests.support.latex_book import fixture_book

    def fails(*args, **kwargs):
        raise ToolError('latexmk failed without a TeX error; its last lines:\n'
                        'libpng error: IDAT: CRC error\n** ERROR ** Image inclusion failed for "img/0123456789abcdef.png".')

    monkeypatch.setattr(latex, "compile_pdf", fails)
    book = fixture_book()
    post = book.posts[0]
    picture = Picture(src="figs/broken.png", alt="", pos=SourcePos("posts/1.md", 12), local="img/0123456789abcdef.png")
    posts = (dataclasses.replace(post, blocks=post.blocks + (picture,)),) + book.posts[1:]
    book = dataclasses.replace(book, posts=posts)
    with pytest.raises(ToolError) as caught:
        artifacts.make_pdf_artifact(book, tmp_path, None, Collector(), Report(series="s"))
    message = str(caught.value)
    assert "figs/broken.png" in message and post.title in message and caught.value.pos.line == 12
