"""Real compiles of the fixture series: fonts, metadata, outline, text, numbers, safety,
incremental rebuilds, reproducibility and atomic output."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from seriesbook import model as m
from seriesbook.build import latex as build_latex
from seriesbook.build.atomic import replace_atomic, write_atomic
from seriesbook.build.latex import compile_pdf
from seriesbook.errors import ToolError
from seriesbook.render.latex import latex_document
from tests.support.latex_book import fixture_book, hostile_book
from tests.support.prereq import requires

pytestmark = [pytest.mark.slow, requires(tools=["xelatex", "latexmk"])]


def png(width: int, height: int) -> bytes:
    """A small valid PNG, made here so the fixture needs no binary file."""
    raw = b"".join(b"\x00" + bytes([200, 100, 50]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def build(book: m.Book, folder: Path, tmp: Path):
    image = tmp / "source-a.png"
    image.write_bytes(png(60, 30))
    return compile_pdf(latex_document(book), folder, "fixture", {"images/a.png": image})


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("book")
    return build(fixture_book(), tmp / "build", tmp), tmp


def test_every_font_is_embedded(built):
    result, _ = built
    out = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), out
    assert "NotoSerifCJK" in out and "LMRoman" in out


def test_metadata(built):
    result, _ = built
    info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    assert "测试之书" in info and "作者" in info and "seriesbook 0.1.0" in info


def test_outline_has_every_chapter(built):
    from pypdf import PdfReader

    result, _ = built
    titles = [item.title for item in PdfReader(result.pdf).outline if not isinstance(item, list)]
    assert any("第一篇" in t for t in titles) and any("第二篇" in t for t in titles), titles


def test_text_titles_urls_and_numbers(built):
    result, _ = built
    text = "".join(text_of(result.pdf).split())
    for needle in ("第一篇：测试 & 50% 的标题", "第二篇 (excerpt) ≤ α", "https://kexue.fm/archives/1",
                   "https://kexue.fm/archives/2#comments", "(1)", "(2)", "(3)", "(4)", "(5)", "(32)", "本章只收录了文章的摘要",
                   "CC BY-NC-ND 2.5 CN", "图片缺失", "≤", "\\input{/etc/passwd}"):
        assert "".join(needle.split()) in text, needle


def test_no_missing_characters_and_no_overfull_formula(built):
    result, _ = built
    log = result.log.read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert not [w for w in result.warnings if w.code == "latex.missing-char"]
    assert result.overfull == 0, [str(w) for w in result.warnings]
    assert result.warnings == []  # no hyperref "Token not allowed", no undefined reference


def test_rebuild_runs_no_pass(built):
    result, tmp = built
    again = build(fixture_book(), result.pdf.parent, tmp)
    assert again.passes == 0 and again.pdf.exists()


def test_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = fixture_book(paper="reader")
    one = build(book, tmp_path / "one", tmp_path).pdf.read_bytes()
    two = build(book, tmp_path / "two", tmp_path).pdf.read_bytes()
    assert one == two


# --------------------------------------------------------------------------- failures


def test_failing_compile_leaves_output_untouched(tmp_path, built):
    good, _ = built
    out = tmp_path / "out" / "fixture.pdf"
    replace_atomic(good.pdf, out)
    before = out.read_bytes()
    with pytest.raises(ToolError, match="Undefined control sequence"):
        compile_pdf(latex_document(hostile_book(r"\undefinedmacro")), tmp_path / "b", "fixture")
        replace_atomic(tmp_path / "b" / "fixture.pdf", out)  # not reached
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["fixture.pdf"]


def test_missing_tools_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(build_latex.shutil, "which", lambda name: None)
    with pytest.raises(ToolError, match="apt-get install texlive-xetex"):
        compile_pdf("x", tmp_path, "x")


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "a" / "f.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two" and len(list(target.parent.iterdir())) == 1


#: The page of each ``paper`` (mm): ISO A4, A5 and B5 (geometry's b5paper), and the 6-inch reader.
PAPERS = {"a4": (210, 297), "a5": (148, 210), "b5": (176, 250), "reader": (96, 128)}


@pytest.mark.parametrize("paper", PAPERS)
def test_each_paper_size_is_the_pdfs_page_size(tmp_path, paper):
    from pypdf import PdfReader

    post = m.Post("p", "纸张", (m.Paragraph((m.Text("一页纸。", m.SourcePos("p.md", 1)),), m.SourcePos("p.md", 1)),),
                  m.SourcePos("p.md", 1))
    book = m.Book(m.BookMeta(name="paper", title="纸张", paper=paper), (post,))
    pages = PdfReader(compile_pdf(latex_document(book), tmp_path, "paper").pdf).pages
    sizes = {(round(float(pg.mediabox.width) * 25.4 / 72), round(float(pg.mediabox.height) * 25.4 / 72))
             for pg in pages}
    assert sizes == {PAPERS[paper]}


def test_links_are_exact(built):
    from pypdf import PdfReader

    result, _ = built
    targets = set()
    for page in PdfReader(result.pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                targets.add(str(action.get("/URI") or action.get("/D")))
    assert "https://example.com/a_b?x=1&y=2#frag~%20" in targets
    assert "https://kexue.fm/archives/2#comments" in targets
    assert "chapter.2" in targets  # the cross-post link goes to the chapter, inside the book
