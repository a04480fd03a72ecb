"""The site as catalogue, end to end on a local copy of the site: an archive page generated from
archive.tsv, post pages served on 127.0.0.1 (real bodies where ../shared/site-pages has them)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from rich.cells import cell_len

from seriesbook.cli import main
from seriesbook.model import IndexEntry
from seriesbook.titles import group

from tests.support.archive_site import archive_page, listing_page, read_archive_tsv
from tests.support.paths import SHARED
from tests.support.prereq import need_path
from tests.support.site import make_page, page_from_source, serve

DIFFUSION = "生成扩散模型漫谈"


def post_page(e: IndexEntry, pages: Path | None = None) -> str:
    """The page of post ``e``: its real body when ../shared/site-pages has it, else a short one."""
    real = pages / str(e.number) / "source.html" if pages else None
    if real is not None and real.exists():
        return page_from_source(real.read_text(encoding="utf-8"), n=e.number, title=e.title, date=e.date)
    return make_page(f"<p>这是第{e.number}号文章的正文：$a_{{{e.number % 7}}}^2 + b^2 = c^2$。</p>",
                     n=e.number, title=e.title, date=e.date)


@pytest.fixture(scope="module")
def site():
    """The whole archive, and the post pages of the series 生成扩散模型漫谈."""
    entries = read_archive_tsv(need_path(SHARED / "site" / "archive.tsv"))
    diffusion = next(s for s in group(entries) if s.name == DIFFUSION)
    by_number = {e.number: e for e in entries}
    routes = {"/content.html": [(200, archive_page(entries))]}
    for p in diffusion.posts:
        routes[f"/archives/{p.number}"] = [(200, post_page(by_number[p.number], SHARED / "site-pages"))]
    with serve(routes) as (base, script):
        yield base, entries, diffusion, script


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_series_json_has_exactly_the_promised_shape(site, tmp_path, capsys):
    base, entries, diffusion, _ = site
    code, out, err = run(capsys, "series", "--site", base, "--json", "--cache", str(tmp_path))
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["site", "fetched_at", "posts", "series"]
    assert data["site"] == base and data["posts"] == len(entries) == 1330
    datetime.fromisoformat(data["fetched_at"])
    for s in data["series"]:
        assert list(s) == ["name", "posts"] and len(s["posts"]) >= 2
        for p in s["posts"]:
            assert list(p) == ["number", "title", "date", "part"]
            assert isinstance(p["number"], int) and isinstance(p["title"], str)
            assert p["date"] is None or len(p["date"]) == 10
            assert p["part"] is None or isinstance(p["part"], int)
    named = {s["name"]: s["posts"] for s in data["series"]}
    assert [p["part"] for p in named[DIFFUSION]] == list(range(1, 32))
    assert [p["number"] for p in named[DIFFUSION]] == [p.number for p in diffusion.posts]
    assert [s["name"] for s in data["series"]] == [s.name for s in group(entries)]


def test_series_lists_the_latest_first_then_offline_says_the_age(site, tmp_path, capsys):
    base, _, _, script = site
    code, out, err = run(capsys, "series", "--site", base, "--cache", str(tmp_path))
    assert code == 0, err
    first = out.splitlines()[0].split()
    assert first == ["让炼丹更科学一些", "7", "parts", "2023-12-19", "–", "2026-07-06"]
    assert "65 series among 1330 posts" in err
    columns = {cell_len(line[:line.index(" parts")]) for line in out.splitlines()}
    assert len(columns) == 1  # the parts in one column on a terminal, CJK names or Latin
    hits = script.hits["/content.html"]
    code, out2, err = run(capsys, "series", "--site", base, "--cache", str(tmp_path), "--offline")
    assert code == 0 and out2 == out and script.hits["/content.html"] == hits
    assert "old (fetched " in err


def test_an_unknown_name_lists_the_closest_series(site, tmp_path, capsys, monkeypatch):
    base, *_ = site
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "生成扩散模型", "--site", base, "--cache", str(tmp_path / "c"))
    assert code == 1 and "no series named '生成扩散模型' on the site" in err and f"closest: {DIFFUSION}" in err
    assert "series.yaml" not in err  # there is none in this folder


def test_offline_without_the_site_index_says_so_without_naming_a_missing_manifest(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "甲漫谈", "--site", "http://127.0.0.1:9", "--offline", "--cache", str(tmp_path))
    assert code == 1 and "no series named '甲漫谈'; the site cannot say:" in err and "--offline" in err
    assert "series.yaml" not in err and "Traceback" not in err


def test_check_takes_a_series_of_the_site_in_an_empty_folder(tmp_path, capsys, monkeypatch):
    posts = [IndexEntry(12, "甲漫谈（二）：后来", "2024-02-03"), IndexEntry(11, "甲漫谈（一）：起初", "2023-12-31")]
    routes = {"/content.html": [(200, archive_page(posts))],
              **{f"/archives/{e.number}": [(200, post_page(e))] for e in posts}}
    monkeypatch.chdir(tmp_path)
    with serve(routes) as (base, _):
        code, out, err = run(capsys, "check", "甲漫谈", "--site", base, "--cache", str(tmp_path / "c"))
    assert code == 0, err
    assert out.splitlines() == ["甲漫谈（一）：起初: 1 formulas, 0 numbered, 0 verbatim",
                                "甲漫谈（二）：后来: 1 formulas, 0 numbered, 0 verbatim"]


def test_without_the_archive_page_one_series_comes_from_the_search_listing(tmp_path, capsys):
    posts = [IndexEntry(12, "甲漫谈（二）：后来", "2024-02-03"), IndexEntry(11, "甲漫谈（一）：起初", "2023-12-31")]
    search = f"/search/{quote('甲漫谈')}/"
    routes = {search: [(200, listing_page(posts))], **{f"/archives/{e.number}": [(200, post_page(e))] for e in posts}}
    with serve(routes) as (base, _):
        code, _, err = run(capsys, "fetch", "甲漫谈", "--site", base, "--cache", str(tmp_path))
    assert code == 0, err
    assert f"{base}/content.html" in err and "search listing" in err
    assert err.index("11: 甲漫谈（一）") < err.index("12: 甲漫谈（二）")


@pytest.mark.slow
def test_build_a_whole_series_of_the_site_in_an_empty_folder(site, tmp_path, capsys, monkeypatch):
    from tests.support.tools import pdftotext

    base, _, diffusion, _ = site
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "build", DIFFUSION, "--pdf", "--site", base, "--cache", str(tmp_path / "cache"))
    assert code == 0, err
    report = json.loads((tmp_path / "out" / f"{DIFFUSION}.report.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in report["posts"]] == [p.title for p in diffusion.posts]
    assert len(report["posts"]) == 31 and report["new_posts"] == []
    text = pdftotext(tmp_path / "out" / f"{DIFFUSION}.pdf")
    at = [text.index(p.title.split("：")[0]) for p in diffusion.posts]
    assert at == sorted(at)  # chapters in reading order (each title first met in the table of contents)


@pytest.mark.slow
def test_a_match_series_picks_up_new_parts_and_says_so(tmp_path, capsys):
    old = [IndexEntry(22, "乙漫谈（二）：后来", "2024-02-03"), IndexEntry(21, "乙漫谈（一）：起初", "2023-12-31")]
    new = [IndexEntry(23, "乙漫谈（三）：最新", "2024-03-01")] + old
    manifest = tmp_path / "series.yaml"
    manifest.write_text("series:\n  - name: 乙\n    match: 乙漫谈\n", encoding="utf-8")
    routes = {"/content.html": [(200, archive_page(old)), (200, archive_page(new))],
              **{f"/archives/{e.number}": [(200, post_page(e))] for e in new}}
    args = ["-m", str(manifest), "--epub", "-o", str(tmp_path / "out"), "--cache", str(tmp_path / "c")]
    with serve(routes) as (base, _):
        code, _, err = run(capsys, "build", "乙", "--site", base, *args)
        assert code == 0 and "new since" not in err, err
        code, _, err = run(capsys, "build", "乙", "--site", base, "--refresh", *args)
    assert code == 0, err
    assert "new since the last build of 乙:\n  乙漫谈（三）：最新" in err
    report = json.loads((tmp_path / "out" / "乙.report.json").read_text(encoding="utf-8"))
    assert report["new_posts"] == ["乙漫谈（三）：最新"]
    assert [p["title"] for p in report["posts"]] == [e.title for e in reversed(new)]


def test_the_release_builds_one_job_per_series_of_the_site(site, tmp_path, capsys):
    """The workflow's matrix is the names `seriesbook series --json` prints; each job builds one."""
    import re
    import subprocess
    import sys

    import yaml

    from tests.support.paths import ROOT

    base, entries, *_ = site
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))["jobs"]
    step = next(s for s in jobs["matrix"]["steps"] if s.get("id") == "list")["run"]
    assert ".venv/bin/seriesbook series --json |" in step
    snippet = re.search(r"python3 -c '([^']+)'", step).group(1)
    code, out, _ = run(capsys, "series", "--site", base, "--json", "--cache", str(tmp_path))
    names = json.loads(subprocess.run([sys.executable, "-c", snippet], input=out, capture_output=True, text=True,
                                      check=True).stdout)
    assert code == 0 and names == [s.name for s in group(entries)]
    assert any('seriesbook build "${{ matrix.series }}"' in s.get("run", "") for s in jobs["build"]["steps"])
    assert jobs["build"]["strategy"]["matrix"]["series"] == "${{ fromJson(needs.matrix.outputs.series) }}"


TINY = [IndexEntry(34, "ReLU/GeLU之比较（二）：后来", "2024-03-02"), IndexEntry(33, "丙漫谈（二）：下篇", "2024-03-01"),
        IndexEntry(32, "ReLU/GeLU之比较（一）：起初", "2024-02-02"), IndexEntry(31, "丙漫谈（一）：上篇", "2024-02-01"),
        IndexEntry(30, "一篇单独的文章", "2024-01-01")]


def test_a_series_name_with_a_slash_is_fetched_under_a_file_safe_name(tmp_path, capsys):
    routes = {"/content.html": [(200, archive_page(TINY))], **{f"/archives/{e.number}": [(200, post_page(e))] for e in TINY}}
    with serve(routes) as (base, script):
        code, _, err = run(capsys, "fetch", "relu/gelu之比较", "--site", base, "--cache", str(tmp_path))
    assert code == 0, err
    assert err.index("32: ReLU/GeLU之比较（一）") < err.index("34: ReLU/GeLU之比较（二）")


@pytest.mark.slow
def test_build_all_without_a_manifest_builds_every_series_of_the_site(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    routes = {"/content.html": [(200, archive_page(TINY))], **{f"/archives/{e.number}": [(200, post_page(e))] for e in TINY}}
    with serve(routes) as (base, script):
        code, _, err = run(capsys, "build", "--all", "--epub", "-j", "1", "--site", base, "--cache", str(tmp_path / "c"))
    assert code == 0, err
    assert "2 of 2 series built" in err and "/archives/30" not in script.hits
    assert sorted(p.name for p in (tmp_path / "out").glob("*.epub")) == ["ReLU／GeLU之比较.epub", "丙漫谈.epub"]
