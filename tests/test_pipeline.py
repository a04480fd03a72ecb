"""The build pipeline on small series of our own: isolation of broken formulas, --all,
missing posts, --strict, reproducibility, hostile posts (rebuilds: test_rebuilds.py)."""

import zipfile
from pathlib import Path

import pytest

from seriesbook.cli import main
from seriesbook.manifest import load
from seriesbook.pipeline import Options, build
from tests.support.series import report, small_series
from tests.support.site import make_page
from tests.support.tools import pdftotext


@pytest.mark.slow
def test_a_formula_that_breaks_xelatex_is_isolated_and_the_book_still_builds(tmp_path):
    # a\sqrt\\b passes every check (MathJax takes the row break as the root) but xelatex rejects it.
    manifest = small_series(tmp_path, ("，而$a\\sqrt\\\\b$是一个坏公式。", ""))
    out = tmp_path / "out"
    assert main(["build", "small", "-m", str(manifest), "-o", str(out), "--pdf"]) == 0
    r = report(out)
    assert [p["formulas_failed"] for p in r["posts"]] == [1, 0]
    assert r["posts"][0]["failures"][0]["tex"] == "a\\sqrt\\\\b"
    (w,) = [w for w in r["warnings"] if w["code"] == "math.compile-error"]
    assert w["post"] == "小系列(1):第1篇" and w["line"] == 9 and w["file"].endswith("posts/1.md")
    assert (out / "small.pdf").exists()


def _epub_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.slow
def test_a_formula_that_breaks_xelatex_is_verbatim_in_the_pdf_only(tmp_path):
    # texmath reads a\sqrt\\b as MathML, so the EPUB shows it as math whether the PDF was made or not.
    manifest = small_series(tmp_path, ("，而$a\\sqrt\\\\b$是一个坏公式。", ""))
    both, alone = tmp_path / "both", tmp_path / "alone"
    assert main(["build", "small", "-m", str(manifest), "-o", str(both), "--pdf", "--epub"]) == 0
    assert main(["build", "small", "-m", str(manifest), "-o", str(alone), "--epub"]) == 0
    assert _epub_members(both / "small.epub") == _epub_members(alone / "small.epub")
    first = report(both)["posts"][0]
    assert first["verbatim"] == {"pdf": 1, "epub": 0}
    assert [(f["tex"], f["outputs"]) for f in first["failures"]] == [("a\\sqrt\\\\b", ["pdf"])]
    assert report(alone)["posts"][0]["verbatim"] == {"epub": 0}
    (w,) = [w for w in report(both)["warnings"] if w["code"] == "math.compile-error"]
    assert "PDF" in w["message"]


def test_offline_names_the_missing_posts(tmp_path, capsys):
    manifest = small_series(tmp_path)
    code = main(["build", "gone", "-m", str(manifest), "-o", str(tmp_path / "out"), "--offline",
                 "--cache", str(tmp_path / "cache")])
    assert code == 1
    err = capsys.readouterr().err
    assert "series.yaml:5" in err and "123456" in err and "Traceback" not in err
    assert report(tmp_path / "out", "gone")["error"]


@pytest.mark.slow
def test_build_all_goes_on_after_a_failure_and_says_so(tmp_path, capsys):
    manifest = small_series(tmp_path)
    code = main(["build", "--all", "-m", str(manifest), "-o", str(tmp_path / "out"), "--offline", "--epub",
                 "--cache", str(tmp_path / "cache"), "--jobs", "2"])
    assert code == 1
    err = capsys.readouterr().err
    assert "ok   small" in err and "FAIL gone" in err and "1 of 2 series built; failed: gone" in err
    assert (tmp_path / "out" / "small.epub").exists()


@pytest.mark.slow
def test_strict_fails_on_a_warning_and_keeps_the_previous_book(tmp_path):
    manifest = small_series(tmp_path)
    out = tmp_path / "out"
    assert main(["build", "small", "-m", str(manifest), "-o", str(out), "--epub"]) == 0
    before = (out / "small.epub").read_bytes()
    small_series(tmp_path, ("", "，引用了不存在的式$\\eqref{eq:nope}$。"))
    assert main(["build", "small", "-m", str(manifest), "-o", str(out), "--epub", "--strict"]) == 1
    assert (out / "small.epub").read_bytes() == before
    assert [w["code"] for w in report(out)["warnings"]] == ["xref.missing"]


@pytest.mark.slow
def test_builds_are_reproducible_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    manifest = small_series(tmp_path)
    pdfs = []
    for out in ("a", "b"):
        build(load(manifest), "small", Options(out_dir=tmp_path / out, epub=False))
        pdfs.append((tmp_path / out / "small.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]


HOSTILE = """<p>链接<a href="http://[oops">坏的</a>、<a href="javascript:alert(1)">脚本</a>，
文字里的\\input{/etc/passwd}和\\write18{touch /tmp/sb-pwned}只是文字。</p>
<p>公式$\\input{/etc/passwd}$、$\\newcommand{\\x}{^}\\x^5cinput{/etc/passwd}$、
$\\unicode{x5E}\\unicode{x5E}5cinput{/etc/passwd}$和$\\csname input\\endcsname{/etc/passwd}$都被拒绝。</p>
<p><img src="http://[oops"/><img src="../../../../etc/passwd"/></p>
"""


@pytest.mark.slow
def test_a_hostile_post_cannot_read_or_write_outside_and_does_not_crash(tmp_path):
    (tmp_path / "posts").mkdir()
    page = make_page(HOSTILE, n=1, title="恶意(一):测试")
    (tmp_path / "posts" / "evil.html").write_text(page, encoding="utf-8")
    (tmp_path / "series.yaml").write_text("sources: [posts]\nseries:\n  - name: evil\n    match: 恶意\n")
    out = tmp_path / "out"
    assert main(["build", "evil", "-m", str(tmp_path / "series.yaml"), "-o", str(out), "--offline",
                 "--cache", str(tmp_path / "cache")]) == 0
    text = pdftotext(out / "evil.pdf")
    assert "root:" not in text and not Path("/tmp/sb-pwned").exists()
    assert "\\input{/etc/passwd}" in text  # the prose shows it as text
    r = report(out, "evil")
    assert r["posts"][0]["formulas_failed"] == 4
    assert {w["code"] for w in r["warnings"]} >= {"math.forbidden", "image.missing"}
    with zipfile.ZipFile(out / "evil.epub") as z:
        assert not any("root:" in z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xhtml"))
