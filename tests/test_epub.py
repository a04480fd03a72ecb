"""EPUB: the pandoc input from a Book, and the built EPUB checked by epubcheck and by reading it back."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seriesbook import model as m
from seriesbook.build.epub import make_epub
from seriesbook.errors import BuildError, ToolError
from seriesbook.math import iter_math
from seriesbook.render.epub import EpubRenderer, pandoc_document
from tests.support.epub_book import P, make_book, math
from tests.support.golden import check_golden
from tests.support.paths import CASES
from tests.support.prereq import requires
from tests.support.tools import epubcheck

#: A test that makes an EPUB runs pandoc, and xelatex with dvisvgm for the SVG formulas.
need_tex = requires(tools=["xelatex", "dvisvgm"])


def _xhtml(epub: Path) -> dict[str, BeautifulSoup]:
    with zipfile.ZipFile(epub) as z:
        return {n: BeautifulSoup(z.read(n), "html.parser") for n in z.namelist() if n.endswith(".xhtml")}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> m.Book:
    return make_book(tmp_path_factory.mktemp("pics"))


@pytest.fixture(scope="module", params=["mathml", "svg"])
def built(request, book, tmp_path_factory):
    work = tmp_path_factory.mktemp(f"epub-{request.param}")
    result = make_epub(book, work / "out" / "book.epub", work / "build", math_mode=request.param)
    return request.param, result


def _formulas(book: m.Book) -> list[m.Math]:
    return [f for p in book.posts for f in iter_math(p.blocks)]


# --------------------------------------------------------------------------- pandoc input


def test_pandoc_document_is_pandoc_json(book):
    doc = json.loads(pandoc_document(book))
    assert doc["pandoc-api-version"][:2] >= [1, 23]
    assert doc["meta"]["lang"]["c"] == "zh-CN"
    assert doc["meta"]["identifier"]["c"].startswith("urn:uuid:")
    heads = [b["c"][1][0] for b in doc["blocks"] if b["t"] == "Header" and b["c"][0] == 1]
    assert heads == ["provenance", "chap-p1", "chap-p2", "chap-p3"]


def test_pandoc_document_golden(book, regen):
    """The whole pandoc input for the fixture book (review diffs of it like code)."""
    doc = json.loads(pandoc_document(book))
    doc["pandoc-api-version"] = []
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    text = re.sub(r'"/[^"]*/figure\.png"', '"FIGURE"', text)
    check_golden(CASES / "epub" / "fixture.json", text + "\n", regen)


def test_identifier_is_stable_per_series(book):
    again = m.Book(book.meta, book.posts[:1])
    assert json.loads(pandoc_document(again))["meta"]["identifier"] == json.loads(pandoc_document(book))["meta"]["identifier"]


def test_no_soft_break_between_cjk():
    r = EpubRenderer(m.Book(m.BookMeta("n", "t"), ()))
    assert r.text(m.Text("那么\n它的 x\ny", P)) == [
        {"t": "Str", "c": "那么它的"}, {"t": "Space"}, {"t": "Str", "c": "x"}, {"t": "Space"}, {"t": "Str", "c": "y"}]


def test_unknown_node_names_its_position():
    @dataclass(frozen=True)
    class Strange:
        pos: m.SourcePos

    post = m.Post("p", "t", (Strange(m.SourcePos("fixture.md", 7)),), P)  # type: ignore[arg-type]
    with pytest.raises(BuildError, match="fixture.md:7.*Strange"):
        pandoc_document(m.Book(m.BookMeta("n", "t"), (post,)))


def test_bad_math_mode():
    with pytest.raises(BuildError, match="math mode"):
        pandoc_document(m.Book(m.BookMeta("n", "t"), ()), math_mode="png")


def test_colour_is_sanitised():
    r = EpubRenderer(m.Book(m.BookMeta("n", "t"), ()))
    span = r.styled(m.Styled("color", (m.Text("x", P),), P, color='red;background:url("x")'))
    assert span["c"][0][2] == []


# --------------------------------------------------------------------------- the built EPUB


@pytest.mark.slow
@need_tex
def test_epubcheck_passes(built):
    _, result = built
    out = epubcheck(result.path)
    assert "0 fatals / 0 errors / 0 warnings" in out, out


@pytest.mark.slow
@need_tex
def test_every_formula_is_math_or_svg(built, book):
    mode, result = built
    pages = _xhtml(result.path)
    mathml = sum(len(s.find_all("math")) for s in pages.values())
    svgs = sum(len(s.find_all("img", class_="math-svg")) for s in pages.values())
    # A lone \\eqref is MathML inside its link; in svg mode (no MathML at all) it is text.
    shown = [f for f in _formulas(book) if not f.verbatim and not (mode == "svg" and f.ref_only)]
    assert mathml + svgs == len(shown) == result.mathml + result.svg
    assert result.verbatim == sum(f.verbatim for f in _formulas(book)) == 1
    assert (mathml, svgs) == (result.mathml, result.svg)
    if mode == "svg":
        assert mathml == 0
    else:
        assert svgs == 2  # the two \buildrel formulas texmath cannot read


@pytest.mark.slow
@need_tex
def test_no_raw_tex_outside_annotations(built):
    _, result = built
    for name, soup in _xhtml(result.path).items():
        for tag in soup.find_all(["annotation", "style"]):
            tag.decompose()
        for tag in soup.find_all(class_="math-verbatim"):   # the reported, unconvertible ones
            tag.decompose()
        text = soup.get_text()
        for bad in ("$", "\\begin", "\\frac", "\\buildrel"):
            assert bad not in text, (name, bad)


def _visible(element) -> str:
    """The text a reader sees: MathML's TeX annotation left out."""
    return "".join(t for t in element.find_all(string=True) if t.parent.name != "annotation")


@pytest.mark.slow
@need_tex
def test_equation_numbers_and_refs(built, book):
    mode, result = built
    pages = _xhtml(result.path)
    shown = [n.get_text() for s in pages.values() for n in s.select("span.eqno span.n")]
    expected = [f"({n})" for f in _formulas(book) for n in f.numbers]
    assert shown == expected
    ids = {(name.rsplit("/", 1)[-1], t["id"]) for name, s in pages.items() for t in s.find_all(id=True)}
    links = [a for s in pages.values() for a in s.find_all("a", class_="eqref")]
    assert [_visible(a) for a in links] == ["(1)", "(3)", "(32)", "(1)"]
    assert all(bool(a.find("math")) == (mode == "mathml") for a in links)  # MathML, as MathJax shows it
    for a in links:
        page, _, frag = a["href"].partition("#")
        assert (page, frag) in ids
    assert sum(len(s.select("span.eqref.missing")) for s in pages.values()) == 2


@pytest.mark.slow
@need_tex
def test_chapters_images_and_links(built):
    _, result = built
    pages = _xhtml(result.path)
    text = {n.rsplit("/", 1)[-1]: s for n, s in pages.items()}
    assert "https://kexue.fm/archives/1001" in text["ch002.xhtml"].find(class_="chapter-meta").get_text()
    assert "摘要" in text["ch004.xhtml"].find(class_="excerpt-note").get_text()
    assert text["ch002.xhtml"].find("figure").img["src"].startswith("../media/")
    assert "丢失的图" in text["ch002.xhtml"].find(class_="image-missing").get_text()
    hrefs = [a["href"] for a in text["ch003.xhtml"].find_all("a")]
    assert "ch002.xhtml#chap-p1" in hrefs and "ch002.xhtml#sec-p1-1" in hrefs
    nav = text["nav.xhtml"].find("nav").get_text()
    assert "第一篇：从概率说起" in nav and "基本定义" in nav
    with zipfile.ZipFile(result.path) as z:
        opf = z.read("EPUB/content.opf").decode()
    assert "<dc:language>zh-CN</dc:language>" in opf and "urn:uuid:" in opf and "CC BY-NC-ND" in opf
    assert 'properties="cover-image"' in opf
    assert not [w for w in result.warnings if w.code == "epub.warning"]


@pytest.mark.slow
@need_tex
def test_failed_build_keeps_previous_epub(built, book, tmp_path, monkeypatch):
    _, result = built
    before = result.path.read_bytes()
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\necho 'boom: broken pandoc' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("seriesbook.build.epub.pandoc_path", lambda: str(fake))
    with pytest.raises(ToolError, match="boom"):
        make_epub(book, result.path, result.path.parent.parent / "build")  # caches hit: the last step fails
    assert result.path.read_bytes() == before
    assert not list(result.path.parent.glob(".*part*"))


@pytest.mark.slow
@need_tex
def test_tex_failure_falls_back_to_verbatim(tmp_path):
    bad = math(r"\sideset{_a}{^b}\sum \undefinedcommandxyz", True)
    post = m.Post("q", "坏公式", (m.DisplayMath(bad, P), m.Paragraph((m.InlineMath(math("x"), P),), P)), P)
    result = make_epub(m.Book(m.BookMeta("bad", "坏"), (post,)), tmp_path / "b.epub", tmp_path / "build")
    assert [w.code for w in result.warnings] == ["math.compile-error"]
    assert (result.mathml, result.svg, result.verbatim) == (1, 0, 1)
    pages = _xhtml(result.path)
    assert any(s.find(class_="math-verbatim") for s in pages.values())


@pytest.mark.slow
@need_tex
def test_svg_batch_isolates_bad_formulas(tmp_path):
    from seriesbook.build.svgmath import Formula, draw_svgs

    forms = [Formula("good1", "a+b", False), Formula("undef", r"\undefinedcommandxyz", True),
             Formula("good2", r"\frac{1}{2}", True), Formula("ender", r"x \end{document}", False),
             Formula("good3", r"\text{中文} y_i", False)]
    images, errors = draw_svgs(forms, tmp_path / "svg")
    assert set(errors) == {"undef", "ender"}
    assert "Undefined control sequence" in errors["undef"]
    assert images["undef"] is None and images["ender"] is None
    for key in ("good1", "good2", "good3"):
        image = images[key]
        assert Path(image.path).read_text().startswith("<?xml") and image.width > 0 and image.height > 0
    assert images["good3"].depth > 0   # y_i reaches below the baseline
    again, errors2 = draw_svgs(forms[:1], tmp_path / "svg")   # cached: no TeX run
    assert again["good1"] == images["good1"] and not errors2


@pytest.mark.slow
@need_tex
def test_svg_mode_falls_back_to_mathml_when_tex_fails(tmp_path):
    odd = math(r"x_1_2", False)   # "Double subscript" for TeX, fine for texmath
    post = m.Post("q", "t", (m.Paragraph((m.InlineMath(odd, P), m.InlineMath(math("y"), P)), P),), P)
    result = make_epub(m.Book(m.BookMeta("odd", "t"), (post,)), tmp_path / "b.epub", tmp_path / "build", "svg")
    assert (result.mathml, result.svg, result.verbatim) == (1, 1, 0)
    assert not result.warnings


@pytest.mark.slow
@need_tex
def test_real_posts_give_a_clean_epub(site_pages_dir, tmp_path):
    """Two real posts through the real parser and math passes: epubcheck-clean, no formula lost."""
    from seriesbook.math import normalize_post
    from seriesbook.parse import parse_post
    from seriesbook.sources.pages import parse_page

    posts = []
    for n in ("10001", "9119"):   # an in-page "#heading" link; a CD diagram
        meta = json.loads((site_pages_dir / n / "snapshot.json").read_text(encoding="utf-8"))["metadata"]
        html = (site_pages_dir / n / "source.html").read_text(encoding="utf-8")
        post, _ = parse_post(parse_page(html, f"{n}/source.html", meta=meta), f"p{n}")
        posts.append(normalize_post(post)[0])
    book = m.Book(m.BookMeta("real", "真实文章"), tuple(posts))
    result = make_epub(book, tmp_path / "real.epub", tmp_path / "build")
    formulas = _formulas(book)
    assert result.mathml + result.svg + result.verbatim == len(formulas)
    assert not result.warnings
    out = epubcheck(result.path)
    assert "0 fatals / 0 errors / 0 warnings" in out, out


@pytest.mark.slow
@need_tex
def test_same_book_same_bytes(built, book, tmp_path):
    mode, result = built
    again = make_epub(book, tmp_path / "again.epub", result.path.parent.parent / "build", math_mode=mode)
    assert again.path.read_bytes() == result.path.read_bytes()


def test_links_are_safe_and_ids_clean():
    post = m.Post("a b", "t", (m.Heading(2, (m.Text("h", P),), P, anchor="h"),
                               m.Paragraph((m.Link("javascript:alert(1)", (m.Text("x", P),), P),
                                            m.Link("#h", (m.Text("y", P),), P),
                                            m.Link("#nowhere", (m.Text("z", P),), P)), P)), P)
    doc = json.loads(pandoc_document(m.Book(m.BookMeta("n", "t", license_url=""), (post,))))
    text = json.dumps(doc, ensure_ascii=False)
    assert "javascript" not in text and '"chap-a-b"' in text
    para = [b for b in doc["blocks"] if b["t"] == "Para"][-1]["c"]
    assert [i["t"] for i in para] == ["Span", "Link", "Link"]
    assert [i["c"][2][0] for i in para[1:]] == ["#sec-a-b-1", "#chap-a-b"]


@pytest.mark.slow
@need_tex
def test_svg_math_runs_tex_with_the_books_file_limits(tmp_path):
    from seriesbook.build.svgmath import Formula, draw_svgs

    secret = tmp_path.parent / "secret.tex"  # outside the build folder
    secret.write_text("TOPSECRET", encoding="utf-8")
    images, errors = draw_svgs([Formula("k1", f"\\input{{{secret}}}", False)], tmp_path / "svg")
    assert images.get("k1") is None  # TeX refused to read it (openin_any=p), so nothing was drawn
