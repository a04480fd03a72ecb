"""Saved post pages: metadata, furniture removed, the body's text and TeX untouched."""

from __future__ import annotations

import html as htmlmod
import json
import re

import pytest
from bs4 import BeautifulSoup

from seriesbook.errors import SourceError
from seriesbook.sources import parse_page, read_path
from seriesbook.sources.pages import is_antibot

from tests.support.site import ANTIBOT, make_page, page_from_source

BODY = ("\n<p>设$a&lt;b$且$c&amp;d$，则<br/>\n$$\\begin{aligned}x &amp;= 1 \\\\<br/>\ny &amp;&lt; 2\\end{aligned}$$</p>"
        "<h2 id=\"小结\">小结</h2><p>见<a href=\"/archives/1\">前文</a>。</p>\n")


def text_of(fragment: str, parser: str = "html.parser") -> str:
    soup = BeautifulSoup(fragment, parser)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup.get_text()


def tex_spans(fragment: str) -> list[str]:
    decoded = htmlmod.unescape(re.sub(r"<br\s*/?>", "", fragment))
    return re.findall(r"\$\$.+?\$\$|\$[^$]+\$|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", decoded, re.S)


@pytest.mark.parametrize("malformed", [False, True])
def test_page_metadata_and_furniture(malformed):
    raw = parse_page(make_page(BODY, malformed=malformed), "saved.html")
    assert raw.title == "示例级数漫谈（一）：几何级数"
    assert (raw.author, raw.date, raw.readers) == ("苏剑林", "2022-06-13", 231682)
    assert raw.archive == 9119 and raw.url == "https://spaces.ac.cn/archives/9119"
    assert raw.format == "html" and raw.tags == ("数学研究", "级数", "极限")
    for furniture in ("转载到请包括本文地址", "科学空间FAQ", "content_tips", "打赏", "how_to_cite",
                      "kexuefm-9119", "clear"):
        assert furniture not in raw.body
    assert text_of(raw.body).rstrip() == text_of(BODY).rstrip()
    assert raw.citation.startswith("苏剑林. (Jun. 13, 2022).")
    assert "@online{kexuefm-9119,\n" in raw.citation and "如果您需要引用本文" not in raw.citation
    assert raw.body_line == 6


def test_entities_and_br_inside_math_are_kept():
    raw = parse_page(make_page(BODY), "saved.html")
    assert "$a&lt;b$" in raw.body and "x &amp;= 1 \\\\<br/>" in raw.body
    assert tex_spans(raw.body) == tex_spans(BODY)


def test_title_falls_back_on_the_title_element():
    page = make_page(BODY).replace('<div class="title-wrap"><h1 class="title">', "<div><span>").replace("</a></h1>", "</a></span>")
    assert parse_page(page, "p.html").title == "示例级数漫谈（一）：几何级数"


def test_url_argument_gives_the_archive_when_the_page_has_no_link():
    page = make_page(BODY).replace('href="https://spaces.ac.cn/archives/9119">示例', 'href="#">示例')
    raw = parse_page(page, "p.html", url="https://kexue.fm/archives/42")
    assert raw.archive == 42 and raw.url == "https://spaces.ac.cn/archives/42"


def test_not_a_post_page():
    with pytest.raises(SourceError, match="not a post page"):
        parse_page("<html><body><p>分类目录</p></body></html>", "list.html")
    with pytest.raises(SourceError, match="anti-bot"):
        parse_page(ANTIBOT, "bot.html")
    assert is_antibot(ANTIBOT) and not is_antibot(make_page(BODY))


def test_read_path_folder_of_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(make_page(BODY, n=11, title="甲（一）：一"), encoding="utf-8")
    (tmp_path / "two.htm").write_text(make_page(BODY, n=12, title="甲（二）：二"), encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    posts, warnings = read_path(tmp_path, display="book")
    assert [(p.archive, p.pos.path) for p in posts] == [(11, "book/a/one.html"), (12, "book/two.htm")]
    assert warnings == []


def test_read_path_errors(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes("<p>好</p>\n<p>\xff</p>".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(SourceError) as e:
        read_path(bad)
    assert "not UTF-8" in str(e.value) and e.value.pos.line == 2
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(SourceError, match="empty"):
        read_path(empty)
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(SourceError, match="unknown kind"):
        read_path(other)
    with pytest.raises(SourceError, match="no such file"):
        read_path(tmp_path / "missing")
    listing = tmp_path / "list.html"
    listing.write_text("<html><body>目录</body></html>", encoding="utf-8")
    with pytest.raises(SourceError) as e:
        read_path(tmp_path)  # a folder holding a page that is not a post: still an error
    assert "list.html" in str(e.value) or "bad.html" in str(e.value)


def test_real_site_pages(site_pages_dir):
    """For every real page: wrapped in furniture, read back with the same text and TeX."""
    for folder in sorted(p for p in site_pages_dir.iterdir() if p.is_dir()):
        source = (folder / "source.html").read_text(encoding="utf-8")
        meta = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))["metadata"]
        page = page_from_source(source, n=int(meta["id"]), title=meta["title"], date=meta["date"],
                                malformed=folder.name.endswith("1"))
        raw = parse_page(page, f"{folder.name}.html")
        assert raw.title == meta["title"] and raw.archive == int(meta["id"]) and raw.date == meta["date"]
        assert text_of(raw.body).rstrip() == text_of(source).rstrip(), folder.name
        assert text_of(raw.body, "lxml").strip() == text_of(source, "lxml").strip(), folder.name
        kept = htmlmod.unescape(raw.body)
        for span in tex_spans(source):
            assert span in kept or span in htmlmod.unescape(re.sub(r"<br\s*/?>", "", raw.body)), (folder.name, span)
        assert raw.citation and f"kexuefm-{meta['id']}" in raw.citation


def test_real_site_pages_read_directly_with_snapshot(site_pages_dir):
    """``read_path`` on the site-pages layout: a bare #PostContent plus snapshot.json."""
    posts, _ = read_path(site_pages_dir / "9119")
    assert len(posts) == 1 and posts[0].title == "生成扩散模型漫谈（一）：DDPM = 拆楼 + 建楼"
    assert posts[0].archive == 9119 and posts[0].date == "2022-06-13" and posts[0].fetched_at


def test_read_path_on_the_site_pages_folder(site_pages_dir):
    posts, warnings = read_path(site_pages_dir, display="pages")
    assert len(posts) == len([p for p in site_pages_dir.iterdir() if p.is_dir()]) and warnings == []
    assert all(p.archive and p.date and p.title and p.pos.path.startswith("pages/") for p in posts)


RENDERED = ('\n<p>设<span class="MathJax_Preview" style="color: inherit;"></span><span class="MathJax" id="MathJax-Element-1-Frame">'
            '<nobr><span class="math">a</span></nobr></span><script type="math/tex" id="MathJax-Element-1">a<b</script>，则'
            '<span class="MathJax_Preview"></span><div class="MathJax_Display"><span class="MathJax">x</span></div>'
            '<script type="math/tex; mode=display">\\begin{equation}x & y\\label{eq:a}\\end{equation}</script>'
            '<span class="MathJax_Preview"></span><div class="MathJax_Display">y</div>'
            '<script type="math/tex; mode=display">\\int f</script></p>\n')


def test_page_saved_after_mathjax2_gets_its_tex_back():
    raw = parse_page(make_page(RENDERED), "rendered.html")
    assert "MathJax" not in raw.body and "<script" not in raw.body
    assert text_of(raw.body).strip() == "设$a<b$，则\\begin{equation}x & y\\label{eq:a}\\end{equation}$$\\int f$$"
    assert "$a&lt;b$" in raw.body and "x &amp; y" in raw.body  # HTML, like the site's own pages


def test_page_saved_after_mathjax3_is_refused():
    page = make_page('<p>设<mjx-container class="MathJax" jax="CHTML"><mjx-math>a</mjx-math></mjx-container></p>')
    with pytest.raises(SourceError, match="MathJax 3"):
        parse_page(page, "mj3.html")
