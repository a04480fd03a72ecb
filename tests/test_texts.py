"""Texts readers see: one file (templates/texts.j2) for both outputs, overridable in part."""

from __future__ import annotations

import json
import re

import pytest

from seriesbook.errors import BuildError
from seriesbook.render.epub import EpubRenderer
from seriesbook.render.latex import latex_document
from seriesbook.render.templates import fill_tex, load_texts, TeX
from seriesbook.resources import templates_dir

from tests.support.epub_book import make_book
from tests.support.latex_book import fixture_book

SRC = templates_dir().parent / "src" / "seriesbook"


def epub_text(book, texts=None) -> str:
    """Every string of the EPUB's pandoc input, joined."""
    doc = EpubRenderer(book, texts=texts).document()
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Str":
                found.append(node["c"])
            elif node.get("t") == "Space":
                found.append(" ")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(doc)
    return "".join(found) + json.dumps(doc, ensure_ascii=False)   # metadata and attributes too


def test_both_outputs_say_the_same(tmp_path):
    texts = load_texts()
    tex = latex_document(fixture_book())
    epub = epub_text(make_book(tmp_path))
    for name in ("provenance_title", "provenance_posts", "published", "fetched", "toc_title", "math_verbatim_label"):
        assert texts[name] in tex and texts[name] in epub, name
    # texts with fields: their words are in both
    for name in ("excerpt_note_url", "image_missing_named", "provenance_intro", "chapter_source"):
        for words in re.split(r"\{\w+\}", texts[name]):
            assert words.strip() in tex and words.strip() in epub, (name, words)


def test_an_override_changes_both_outputs_and_keeps_the_rest(tmp_path):
    (tmp_path / "texts.j2").write_text('<% set provenance_title = "版权说明" %>\n'
                                       '<% set image_missing_named = "（缺图：{what}）" %>\n', encoding="utf-8")
    texts = load_texts(tmp_path)
    assert texts["provenance_title"] == "版权说明" and texts["toc_title"] == load_texts()["toc_title"]
    tex = latex_document(fixture_book(), templates=tmp_path)
    (tmp_path / "pics").mkdir()
    epub = epub_text(make_book(tmp_path / "pics"), texts)
    for out in (tex, epub):
        assert "版权说明" in out and "缺图：" in out
        assert "出处与许可" not in out and "图片缺失：" not in out


def test_reader_texts_are_not_written_in_python():
    # The renderers hold no Chinese outside docstrings and comments: every text is in texts.j2.
    for path in (SRC / "render").glob("*.py"):
        code = re.sub(r'"""[\s\S]*?"""|#.*', "", path.read_text(encoding="utf-8"))
        assert not re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", code), path.name


def test_fill_escapes_words_and_keeps_tex_values():
    assert fill_tex("共 {count} 篇 & 100%", count=3) == r"共 3 篇 \& 100\%"
    assert fill_tex("见 {url}。", url=TeX(r"\sburl{#1}")) == r"见 \sburl{#1}。"
    with pytest.raises(BuildError, match=r"names \{urll\}"):
        fill_tex("见 {urll}。", url="x")


@pytest.mark.parametrize("separator, tex", [(" · ", r"\renewcommand\sbtextseparator{~·~}"),
                                            (" | ", r"\renewcommand\sbtextseparator{~|~}")])
def test_the_separator_keeps_its_spaces_beside_cjk_text(tmp_path, separator, tex):
    """xeCJK drops a plain space between · and a CJK character: the date and 原文 sat lopsided."""
    (tmp_path / "texts.j2").write_text(f'<% set chapter_separator = "{separator}" %>\n', encoding="utf-8")
    assert tex in latex_document(fixture_book(), templates=tmp_path)
