"""Text dumps: every quirk of the format, on fixtures written for these tests."""

from __future__ import annotations

import pytest

from seriesbook.errors import SourceError
from seriesbook.sources import parse_dump, read_path
from tests.support.paths import CASES as ALL_CASES

CASES = ALL_CASES / "sources"


def _dump(name: str):
    text = (CASES / name).read_text(encoding="utf-8")
    posts, warnings = parse_dump(text, name)
    return text, posts, warnings


def test_posts_titles_meta_and_glued_body():
    _, posts, _ = _dump("dump_posts.txt")
    assert [p.title for p in posts] == [
        "示例级数漫谈(一):从几何级数说起", "只有视频的一篇", "示例级数漫谈(二):调和级数的发散",
        "【示例外传】3. 一个插曲"]
    first = posts[0]
    assert (first.date, first.author, first.readers, first.format) == ("2021-03-05", "测试作者", 1234, "text")
    assert first.body.startswith("小引\n几何级数是最简单的级数")  # split off right after 引用
    assert "收敛条件 #" in first.body  # headings are the parser's business: kept as found
    assert posts[2].readers == 2345  # thousands separator


def test_meta_running_into_next_title_means_empty_body():
    _, posts, _ = _dump("dump_posts.txt")
    video = posts[1]
    assert video.body == "" and video.date == "2021-04-01"
    assert posts[2].pos.line == 11  # the glued title sits on the previous post's meta line


def test_body_lines_map_back_to_the_file():
    text, posts, _ = _dump("dump_posts.txt")
    lines = text.split("\n")
    for post in posts:
        for i, line in enumerate(post.body.split("\n") if post.body else []):
            assert lines[post.body_line - 1 + i].endswith(line)
    # a meta line ending at 引用: the body starts on the next line
    assert posts[3].body == "正文从下一行才开始。" and posts[3].body_line == 18


def test_no_line_is_lost_inside_a_post():
    _, posts, _ = _dump("dump_posts.txt")
    harmonic = posts[2].body.split("\n")
    assert harmonic[1].startswith("\\begin{equation}\\begin{aligned}")
    assert harmonic[2].endswith("\\end{aligned}\\end{equation}")


def test_trailing_comments_are_dropped():
    _, posts, _ = _dump("dump_posts.txt")
    assert "最近评论" not in posts[-1].body and "读者" not in posts[-1].body


def test_leading_text_without_title_is_skipped_with_a_warning():
    _, posts, warnings = _dump("dump_posts.txt")
    assert [w.code for w in warnings] == ["source.untitled"]
    assert warnings[0].pos.line == 1 and "1–3" in warnings[0].message
    assert all("余项" not in p.body for p in posts)


def test_listing_entries_are_excerpts_without_dates():
    text, posts, warnings = _dump("dump_listing.txt")
    assert [p.title for p in posts] == ["示例级数漫谈(三):交错级数", "示例级数漫谈(二):调和级数的发散"]
    alt = posts[0]
    assert alt.excerpt and alt.date is None and alt.readers is None
    assert alt.body.startswith("交错级数的收敛") and alt.body.endswith("\\end{equation}")
    assert "点击阅读全文" not in alt.body
    assert alt.body.split("\n")[0] == text.split("\n")[alt.body_line - 1]


def test_listing_entry_without_title_is_skipped_with_a_warning():
    _, _, warnings = _dump("dump_listing.txt")
    assert len(warnings) == 1 and warnings[0].code == "source.untitled"
    assert "3 Mar" in warnings[0].message and warnings[0].pos.line == 1


def test_file_that_starts_with_a_meta_line_does_not_crash():
    posts, warnings = parse_dump("By 甲 | 2020-01-01 | 5位读者 | 引用正文\n第二行\n", "x.txt")
    assert posts == [] and warnings[0].code == "source.untitled"


def test_full_width_titles_and_crlf_are_kept():
    text = "示例（上）：预备\r\nBy 甲 | 2020-01-01 | 5位读者 | 引用正文\r\n第二行\r\n"
    posts, _ = parse_dump(text, "x.txt")
    assert posts[0].title == "示例（上）：预备" and posts[0].body.startswith("正文")


def test_read_path_on_a_dump_without_posts_is_an_error(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("只是一些笔记\n没有标题\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no post found"):
        read_path(f)
