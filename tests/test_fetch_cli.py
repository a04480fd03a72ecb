"""`seriesbook fetch` against a local copy of the site: posts and their pictures into the cache,
so that an offline build has everything."""

import pytest

from seriesbook.cli import main
from tests.support.paths import ROOT
from tests.support.site import make_page, serve

PNG = (ROOT / "samples" / "figure-iterate.png").read_bytes()
BODY = ('<p>正文$x^2$。</p><p><img src="/usr/uploads/2024/01/1.png" alt="图"/></p>'
        '<p><img src="/usr/uploads/2024/01/2.png" alt="缺"/></p>')


@pytest.mark.slow
def test_fetch_puts_posts_and_pictures_in_the_cache(tmp_path, capsys):
    (tmp_path / "series.yaml").write_text("series:\n  - name: s\n    posts: [77]\n", encoding="utf-8")
    routes = {"/archives/77": [(200, make_page(BODY, n=77, title="示例(一):取回"))],
              "/usr/uploads/2024/01/1.png": [(200, PNG)]}
    with serve(routes) as (base, script):
        args = ["-m", str(tmp_path / "series.yaml"), "--site", base, "--cache", str(tmp_path / "cache")]
        assert main(["fetch", "s"] + args) == 0
        assert script.hits["/usr/uploads/2024/01/1.png"] == 1
    err = capsys.readouterr().err
    assert "77: 示例(一):取回" in err and "1 picture(s) could not be fetched" in err
    assert main(["list", "-m", str(tmp_path / "series.yaml"), "--cache", str(tmp_path / "cache")]) == 0
    assert "1. 示例(一):取回" in capsys.readouterr().out  # listed from the cache
    # The server is gone: the build reads everything from the cache.
    out = tmp_path / "out"
    assert main(["build", "s", "--offline", "--epub", "-o", str(out), "-m", str(tmp_path / "series.yaml"),
                 "--cache", str(tmp_path / "cache")]) == 0
    assert (out / "s.epub").exists()
    assert "image.missing" in capsys.readouterr().err  # the one picture the site did not have


def test_fetch_names_what_it_cannot_fetch(tmp_path, capsys):
    (tmp_path / "series.yaml").write_text("series:\n  - name: s\n    posts: [78]\n", encoding="utf-8")
    with serve({}) as (base, _):
        code = main(["fetch", "78", "not-a-post", "-m", str(tmp_path / "series.yaml"), "--site", base,
                     "--cache", str(tmp_path / "cache")])
    assert code == 1
    assert "no series named 'not-a-post' in series.yaml (known: s)" in capsys.readouterr().err
