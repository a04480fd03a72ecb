"""The up-to-date check of a build, without TeX: a rebuild stops at once, with the last
report, when nothing it was made from changed — and builds again when anything did (a post,
the warnings to silence, a book moved or removed, a picture that was missing)."""

from __future__ import annotations

import pytest

from seriesbook import artifacts, pipeline, publish
from seriesbook.diagnostics import Collector
from seriesbook.errors import BuildError
from seriesbook.manifest import load
from seriesbook.pipeline import Options, build
from seriesbook.report import Report
from tests.support.series import MANIFEST, POST, small_series
from tests.support.spy import spy_calls

BAD = "，又引用了不存在的式$\\eqref{eq:nope}$。"


@pytest.fixture
def typeset(monkeypatch) -> list[str]:
    """The PDF and EPUB steps replaced by ones that write a small file (no TeX, no pandoc);
    returns the list of the steps run."""
    calls: list[str] = []

    def fake(suffix):
        def make(book, build_dir, *rest, **kw):
            calls.append(suffix)
            path = build_dir / f"book{suffix}"
            path.write_bytes(",".join(p.title for p in book.posts).encode())
            return path, {}
        return make

    monkeypatch.setattr(artifacts, "make_pdf_artifact", fake(".pdf"))
    monkeypatch.setattr(artifacts, "make_epub_artifact", fake(".epub"))
    return calls


def _build(folder, pdf=True, epub=False, **kw):
    return build(load(folder / "series.yaml"), "small", Options(out_dir=folder / "out", pdf=pdf, epub=epub, **kw))


def test_an_unchanged_rebuild_stops_at_once_with_the_last_report(tmp_path, typeset, monkeypatch):
    small_series(tmp_path, ("", BAD))
    first = _build(tmp_path)
    converted = spy_calls(monkeypatch, pipeline, "convert_one")
    again = _build(tmp_path)
    assert converted == [] and len(typeset) == 1
    assert again.posts == first.posts and again.warnings == first.warnings and again.overfull == first.overfull
    assert [w.code for w in again.warnings] == ["xref.missing"]
    assert again.pdf == first.pdf == str(tmp_path / "out" / "small.pdf") and again.epub is None
    assert again.timings["xelatex_passes"] == 0


@pytest.mark.parametrize("change", ["post", "suppress", "book edited", "book removed", "record damaged",
                                    "record missing"])
def test_a_rebuild_builds_again_when_something_changed(tmp_path, typeset, change):
    small_series(tmp_path)
    _build(tmp_path)
    pdf, record = tmp_path / "out" / "small.pdf", tmp_path / "out" / "build" / "small" / publish.LAST_BUILD
    if change == "post":
        (tmp_path / "posts" / "2.md").write_text(POST.format(n=2, tail=BAD), encoding="utf-8")
    elif change == "suppress":
        (tmp_path / "series.yaml").write_text("suppress_warnings: [xref]\n" + MANIFEST, encoding="utf-8")
    elif change == "book edited":
        pdf.write_bytes(pdf.read_bytes() + b" edited")
    elif change == "book removed":
        pdf.unlink()
    elif change == "record damaged":
        record.write_bytes(b"not a pickle")
    else:
        record.unlink()
    again = _build(tmp_path)
    assert len(typeset) == 2 and pdf.exists() and again.pdf == str(pdf)


@pytest.mark.parametrize("pdf, epub", [(True, True), (False, True)])
def test_an_up_to_date_report_names_the_books_it_stands_for(tmp_path, typeset, pdf, epub):
    small_series(tmp_path)
    first = _build(tmp_path, pdf, epub)
    again = _build(tmp_path, pdf, epub)
    assert len(typeset) == pdf + epub and (again.pdf, again.epub) == (first.pdf, first.epub)
    assert again.epub == str(tmp_path / "out" / "small.epub")


@pytest.mark.parametrize("code", ["image.missing", "fetch.failed", "fetch.offline"])
def test_a_build_that_missed_something_is_not_recorded(tmp_path, code):
    """The next build must try the site again rather than call the placeholders up to date."""
    report, collector = Report(series="s"), Collector()
    publish.remember(tmp_path, "stamp", report, collector)
    assert publish.up_to_date(tmp_path, "stamp", Report(series="s"), Collector())
    collector.add(code, "missed")
    publish.remember(tmp_path, "stamp", report, collector)
    assert not publish.up_to_date(tmp_path, "stamp", Report(series="s"), Collector())


def test_a_build_that_missed_a_picture_is_never_up_to_date(tmp_path, typeset):
    small_series(tmp_path, ("\n\n![图](lost.png)", ""))
    first = _build(tmp_path)
    assert [w.code for w in first.warnings] == ["image.missing"]
    _build(tmp_path)
    assert len(typeset) == 2


def test_strict_holds_on_an_up_to_date_rebuild(tmp_path, typeset):
    small_series(tmp_path, (BAD, ""))
    _build(tmp_path)
    with pytest.raises(BuildError, match="--strict"):
        _build(tmp_path, strict=True)
