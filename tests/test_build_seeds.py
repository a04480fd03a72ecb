"""A book of every post in ../shared/seeds (real text dumps of the site): it compiles with no
xelatex error and no missing character, shows the site's numbers, and its EPUB passes epubcheck."""

import json
import shutil
import subprocess

import pytest

from seriesbook.cli import main
from seriesbook.commands.discover import discover
from tests.support.paths import SHARED
from tests.support.prereq import need_path
from tests.support.tools import epubcheck, pdftotext

#: Every test here reads the seeds book built once (xelatex and pandoc).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_book(tmp_path_factory, request):
    seeds = need_path(SHARED / "seeds")
    work = tmp_path_factory.mktemp("seeds")
    shutil.copytree(seeds, work / "seeds")
    titles = [p["title"] for p in discover([work / "seeds"])["posts"]]
    (work / "series.yaml").write_text(
        "sources: [seeds]\nseries:\n  - name: seeds\n    posts:\n"
        + "".join(f"      - {json.dumps(t, ensure_ascii=False)}\n" for t in titles), encoding="utf-8")
    code = main(["build", "seeds", "-m", str(work / "series.yaml"), "-o", str(work / "out")])
    report = json.loads((work / "out" / "seeds.report.json").read_text(encoding="utf-8"))
    assert code == 0, report.get("error")
    return work / "out", report, titles


def test_every_post_is_a_chapter_and_every_formula_is_math(seeds_book):
    out, report, titles = seeds_book
    assert len(report["posts"]) == len(titles) >= 30
    assert sum(p["formulas"] for p in report["posts"]) > 40
    assert [p for p in report["posts"] if p["formulas_failed"]] == []
    codes = {w["code"] for w in report["warnings"]}
    assert not codes & {"latex.missing-char", "math.compile-error", "math.unknown-macro", "math.forbidden"}


def test_the_pdf_shows_the_sites_numbers(seeds_book):
    out, report, _ = seeds_book
    text = pdftotext(out / "seeds.pdf")
    assert "(32)" in text and "(33)" in text  # 【外微分浅谈】's own \tag{32}, \tag{33}
    assert "(1)" in text and "??" not in text
    fonts = subprocess.run(["pdffonts", str(out / "seeds.pdf")], capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded


def test_the_epub_passes_epubcheck(seeds_book):
    out, _, _ = seeds_book
    epubcheck(out / "seeds.epub")
