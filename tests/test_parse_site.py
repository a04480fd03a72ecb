"""The parser on real input from ../shared: every page of site-pages (fidelity of the math
and of the text) and every post of the seed dumps (nothing lost, lines right)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from seriesbook.model import CodeBlock, DisplayMath, Image, InlineMath, Math, RawPost, SourcePos
from seriesbook.parse import parse_post
from seriesbook.parse.dump import flat_text, walk
from seriesbook.parse.mathfind import delimiters
from seriesbook.sources.dumps import parse_dump

#: Bare ``\begin{array}`` tables standing in prose: MathJax (processEnvironments) renders them
#: as display math and so does the parser, but INDEX.tsv's ``formulas`` column leaves them out.
BARE_ARRAYS = {"8265": 3, "10592": 1}


def _flat(post) -> tuple[str, list[Math]]:
    """The post's text in document order (formulas with their delimiters) and its formulas."""
    maths = [n.math for n in walk(post.blocks) if isinstance(n, (InlineMath, DisplayMath))]
    return flat_text(post.blocks), maths


def _page_text(source: str) -> str:
    """The page's text as MathJax sees it: <br> as a newline, tags gone, entities decoded."""
    text = re.sub(r"<br\s*/?>\n?", "\n", source)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _pages(site_pages_dir: Path):
    index = {}
    for row in (site_pages_dir / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        index[cols[0]] = int(cols[4])
    for page in sorted(p for p in site_pages_dir.iterdir() if (p / "source.html").exists()):
        source = (page / "source.html").read_text(encoding="utf-8")
        raw = RawPost(title=page.name, body=source, format="html", pos=SourcePos(str(page / "source.html"), 1),
                      body_line=1, url=f"https://spaces.ac.cn/archives/{page.name}")
        yield page.name, source, raw, index.get(page.name)


def test_site_pages_fidelity(site_pages_dir):
    pages = list(_pages(site_pages_dir))
    assert pages
    for name, source, raw, expected in _pages(site_pages_dir):
        post, warnings = parse_post(raw, name)
        text, maths = _flat(post)
        page_text = _page_text(source)
        # every formula is byte-identical to its source span, in order
        at = 0
        for m in maths:
            left, right = delimiters(m)
            found = page_text.find(left + m.tex + right, at)
            assert found >= 0, f"{name}: formula at line {m.pos.line} is not in the source: {m.tex[:60]!r}"
            at = found + 1
        # the count matches the site's own count (bare arrays aside, see BARE_ARRAYS)
        if expected is not None:
            assert len(maths) == expected + BARE_ARRAYS.get(name, 0), name
        # no text is lost and none is invented: the same non-space characters in the same order
        squeeze = re.compile(r"\s+")
        assert squeeze.sub("", text) == squeeze.sub("", page_text), name
        assert not [w for w in warnings if w.code == "math.unbalanced"], name


def test_site_pages_positions(site_pages_dir):
    for name, source, raw, _ in _pages(site_pages_dir):
        post, _ = parse_post(raw, name)
        lines = source.split("\n")
        for node in walk(post.blocks):
            if isinstance(node, (InlineMath, DisplayMath)):
                first = node.math.tex.split("\n")[0][:30]
                line = _page_text(lines[node.math.pos.line - 1])
                assert first in line, f"{name}:{node.math.pos.line}: {first!r}"


def test_site_pages_structure(site_pages_dir):
    for name, source, raw, _ in _pages(site_pages_dir):
        post, _ = parse_post(raw, name)
        nodes = list(walk(post.blocks))
        images = [n for n in nodes if isinstance(n, Image)]
        assert len(images) == source.count("<img "), name
        assert all(i.src.startswith("https://") for i in images)
        assert len([n for n in nodes if isinstance(n, CodeBlock)]) == source.count("<pre"), name
        assert all(n.language for n in nodes if isinstance(n, CodeBlock))


def _dump_posts(seeds_dir: Path):
    for path in sorted(seeds_dir.glob("*.txt")):
        raws, _ = parse_dump(path.read_text(encoding="utf-8"), str(path))
        yield path, raws


def test_seed_posts_lose_nothing(seeds_dir):
    total = code_blocks = 0
    for path, raws in _dump_posts(seeds_dir):
        file_lines = path.read_text(encoding="utf-8").split("\n")
        for raw in raws:
            post, warnings = parse_post(raw, "k")
            total += 1
            text, maths = _flat(post)
            body = re.sub(r" #$", "", raw.body, flags=re.M)  # heading marks are stripped
            assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", body.replace("\\$", "$")), raw.title
            for m in maths:
                assert m.tex.split("\n")[0] in file_lines[m.pos.line - 1], f"{path.name}:{m.pos.line}"
            code_blocks += sum(isinstance(n, CodeBlock) for n in walk(post.blocks))
    assert total > 0
    assert code_blocks >= 1  # the dumps hold one Keras listing
