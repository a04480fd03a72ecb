"""Markdown posts with front matter."""

from __future__ import annotations

import pytest

from seriesbook.errors import SourceError
from seriesbook.sources import read_markdown, read_path
from tests.support.paths import CASES as ALL_CASES, ROOT

CASES = ALL_CASES / "sources"


def test_front_matter_and_body():
    text = (CASES / "post.md").read_text(encoding="utf-8")
    raw = read_markdown(text, "post.md")
    assert raw.title == "示例级数漫谈（四）：幂级数" and raw.date == "2021-06-01"
    assert raw.author == "测试作者" and raw.archive == 123 and raw.url == "https://spaces.ac.cn/archives/123"
    assert raw.format == "markdown" and raw.body_line == 7
    assert raw.body == "\n".join(text.split("\n")[6:])
    assert raw.body.split("\n")[0] == text.split("\n")[raw.body_line - 1]


def test_title_from_heading_without_front_matter():
    raw = read_markdown("\n# 甲（二）：乙\n\n正文 $x$\n", "a.md")
    assert raw.title == "甲（二）：乙" and raw.body_line == 1 and raw.date is None and raw.url is None


def test_plain_url_and_string_date():
    raw = read_markdown("---\ntitle: t\ndate: '2020-1-2'\nurl: https://example.com/x\n---\nb\n", "a.md")
    assert raw.date == "2020-01-02" and raw.url == "https://example.com/x" and raw.archive is None


@pytest.mark.parametrize("text, message, line", [
    ("---\ntitle: [unclosed\n---\nbody\n", "not valid YAML", 2),
    ("---\n- a\n- b\n---\nbody\n", "must be a mapping", 2),
    ("---\ntitle: t\ndate: yesterday\n---\n", "not YYYY-MM-DD", 3),
    ("just text, no title\n", "without a title", 1),
])
def test_errors_are_located(text, message, line):
    with pytest.raises(SourceError, match=message) as e:
        read_markdown(text, "bad.md")
    assert e.value.pos.path == "bad.md" and e.value.pos.line == line


def test_samples_folder():
    posts, warnings = read_path(ROOT / "samples")
    assert posts and all(p.format == "markdown" and p.title for p in posts) and warnings == []
