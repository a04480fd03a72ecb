"""A series fetched from a local copy of the site (real posts of ../shared/site-pages served on
127.0.0.1): fetched once then offline from the cache, numbers as on the site, the link from
one post to the other kept inside the book, and a missing picture as a placeholder."""

import json
import zipfile
from pathlib import Path

import pytest

from seriesbook.manifest import parse
from seriesbook.pipeline import Options, build
from tests.support.paths import ROOT, SHARED
from tests.support.prereq import need_path
from tests.support.site import page_from_source, serve
from tests.support.tools import epubcheck, pdftotext

#: Every test here reads the series built once (xelatex and pandoc).
pytestmark = pytest.mark.slow

PNG = (ROOT / "samples" / "figure-iterate.png").read_bytes()
MANIFEST = "series:\n  - name: 扩散\n    posts: [9119, 'https://kexue.fm/archives/9152']\n"


@pytest.fixture(scope="module")
def site_build(tmp_path_factory):
    pages = need_path(SHARED / "site-pages")
    routes = {}
    for n in (9119, 9152):
        meta = json.loads((pages / str(n) / "snapshot.json").read_text(encoding="utf-8"))["metadata"]
        source = (pages / str(n) / "source.html").read_text(encoding="utf-8")
        routes[f"/archives/{n}"] = [(200, page_from_source(source, n=n, title=meta["title"], date=meta["date"]))]
    routes["/usr/uploads/2022/06/2782509104.jpg"] = [(200, PNG)]  # served (as a PNG); the others 404
    work = tmp_path_factory.mktemp("site")
    manifest = parse(MANIFEST, work / "series.yaml")
    with serve(routes) as (base, script):
        options = Options(out_dir=work / "out", site=base, cache_dir=work / "cache", fetch_delay=0)
        report = build(manifest, "扩散", options)
        hits = dict(script.hits)
    again = build(manifest, "扩散", Options(out_dir=work / "out2", offline=True, cache_dir=work / "cache"))
    return work, report, again, hits


def test_posts_are_fetched_once_and_then_read_offline_from_the_cache(site_build):
    work, report, again, hits = site_build
    assert hits["/archives/9119"] == 1 and hits["/archives/9152"] == 1
    assert [p.title for p in again.posts] == [p.title for p in report.posts]
    assert report.posts[0].title.startswith("生成扩散模型漫谈（一）")


def test_formulas_and_numbers_are_the_sites(site_build):
    _, report, _, _ = site_build
    assert [(p.formulas, p.formulas_failed, p.numbered_equations) for p in report.posts] == [(142, 0, 19), (114, 0, 10)]
    codes = {w.code for w in report.warnings}
    assert not codes & {"xref.missing", "xref.duplicate", "math.unknown-macro", "latex.missing-char"}
    text = pdftotext(Path(report.pdf))
    assert "(19)" in text and "https://spaces.ac.cn/archives/9119" in text


def test_a_link_to_the_other_post_stays_inside_the_book(site_build):
    work, report, _, _ = site_build
    tex = (work / "out" / "build" / "扩散" / "book.tex").read_text(encoding="utf-8")
    assert "\\hyperref[chap:p9119]" in tex
    with zipfile.ZipFile(report.epub) as z:
        xhtml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert 'href="ch' in xhtml and "#chap-p9119" in xhtml


def test_pictures_fetched_or_placeholders(site_build):
    _, report, _, _ = site_build
    missing = [w for w in report.warnings if w.code == "image.missing"]
    assert len(missing) == 2 and all(w.post for w in missing)  # 9119 has 2 pictures, 9152 one; one is served


def test_the_epub_passes_epubcheck(site_build):
    _, report, _, _ = site_build
    epubcheck(Path(report.epub))
