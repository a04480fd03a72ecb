"""End to end: the sample series through main(argv) into a real PDF and EPUB."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from seriesbook.cli import main
from tests.support.paths import ROOT
from tests.support.tools import epubcheck, pdftotext

#: Every test here reads the sample book built once (xelatex and pandoc).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample built once for the whole module (a real xelatex and pandoc run)."""
    out = tmp_path_factory.mktemp("sample") / "out"
    code = main(["build", "示例系列", "-m", str(ROOT / "series.yaml"), "-o", str(out)])
    assert code == 0
    return out


def test_report_follows_the_contract(built):
    report = json.loads((built / "示例系列.report.json").read_text(encoding="utf-8"))
    assert report["series"] == "示例系列"
    assert Path(report["pdf"]) == built / "示例系列.pdf" and Path(report["epub"]) == built / "示例系列.epub"
    assert [p["title"].split(":")[0] for p in report["posts"]] == ["示例系列(一)", "示例系列(二)", "示例系列(三)"]
    for p in report["posts"]:
        assert set(p) >= {"title", "url", "date", "formulas", "formulas_failed", "numbered_equations"}
        assert p["formulas"] > 0 and p["formulas_failed"] == 0
    assert [p["numbered_equations"] for p in report["posts"]] == [4, 2, 1]
    for w in report["warnings"]:
        assert set(w) >= {"code", "message", "post", "line"}


def test_pdf_has_chapters_toc_bookmarks_and_the_sites_numbers(built):
    pdf = built / "示例系列.pdf"
    text = pdftotext(pdf)
    for title in ("示例系列(一):从等比数列说起", "示例系列(二):调和级数的慢", "示例系列(三):用代码验证递推"):
        assert text.count(title.split(":")[1]) >= 2  # in the table of contents and as a chapter title
    assert "https://example.org/seriesbook/sample/2" in text
    for number in ("(1)", "(2)", "(3)", "(4)", "(32)", "(欧拉)"):
        assert number in text
    assert "??" not in text
    from pypdf import PdfReader

    outline = PdfReader(pdf).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert sum("示例系列" in t for t in titles) == 3


def test_epub_is_made_from_the_same_posts(built):
    from bs4 import BeautifulSoup

    with zipfile.ZipFile(built / "示例系列.epub") as z:
        xhtml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert "调和级数的慢" in xhtml and xhtml.count("<math") >= 31
    soup = BeautifulSoup(xhtml, "html.parser")
    for annotation in soup.find_all("annotation"):
        annotation.decompose()
    text = soup.get_text()
    assert not [t for t in ("\\begin", "\\frac", "$") if t in text]  # no raw TeX outside annotations


def test_epubcheck_passes(built):
    epubcheck(built / "示例系列.epub")


def test_a_failed_build_leaves_the_previous_book(built, tmp_path):
    before = (built / "示例系列.pdf").read_bytes()
    manifest = tmp_path / "series.yaml"
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    manifest.write_text("sources: [samples]\nseries:\n  - name: 示例系列\n    match: 示例系列\n", encoding="utf-8")
    # --strict fails the build (the sample has at least the excerpt-free warnings? make one sure):
    (tmp_path / "samples" / "3-recurrence.md").write_text(
        (tmp_path / "samples" / "3-recurrence.md").read_text(encoding="utf-8").replace("figure-iterate.png", "gone.png"),
        encoding="utf-8")
    code = main(["build", "示例系列", "-m", str(manifest), "-o", str(built), "--strict"])
    assert code == 1
    assert (built / "示例系列.pdf").read_bytes() == before
    report = json.loads((built / "示例系列.report.json").read_text(encoding="utf-8"))
    assert report["error"] and any(w["code"] == "image.missing" for w in report["warnings"])
