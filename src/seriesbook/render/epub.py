"""Book → pandoc's JSON AST, the input of the EPUB build.

The AST is built in Python rather than written as Markdown or HTML, so formulas reach pandoc
as ``Math`` nodes byte for byte and nothing needs escaping.  One chapter (level-1 header,
``#chap-<key>``) per post; display equations become ``<div class="equation">`` with the
site's numbers in a ``<span class="eqno">``; ``\\eqref`` formulas become links to them.

Formulas pandoc cannot turn into MathML (and all of them in ``svg`` mode) are drawn by TeX
in ``build/``; the builder hands the renderer a map from :func:`formula_key` to
:class:`MathImage` (None when even TeX failed: the formula is shown verbatim).
"""

from __future__ import annotations

import json
import os
import re
from typing import Mapping
from urllib.parse import unquote, urlsplit

from .. import model as m
from ..errors import BuildError
from ..math import iter_math
from ..urls import is_safe_link
from . import epub_math
from .templates import load_texts, text_parts
from .pandoc_ast import (_NOATTR, _SAFE_COLOR, MathImage, _attr, _el, _key, _meta, _str, book_identifier, chap_id,
                         eq_id, eqno_id, formula_key, pandoc_api_version)


# --------------------------------------------------------------------------- the renderer


class EpubRenderer:
    """Turns model nodes into pandoc AST nodes; one method per node type."""

    def __init__(self, book: m.Book, math_mode: str = "mathml", images: Mapping[str, MathImage | None] | None = None,
                 media_root: str | os.PathLike = ".", texts: Mapping[str, str] | None = None):
        """``media_root`` is the folder ``Image.local`` paths are relative to (the build folder);
        ``texts`` the reader-visible texts (:func:`~seriesbook.render.templates.load_texts`)."""
        if math_mode not in ("mathml", "svg"):
            raise BuildError(f"unknown EPUB math mode {math_mode!r} (use mathml or svg)")
        self.book = book
        self.math_mode = math_mode
        self.images = images or {}
        self.media_root = os.path.abspath(media_root)
        self.texts = texts if texts is not None else load_texts()
        self.post: m.Post | None = None
        self.labels: dict[str, tuple[str, str]] = {}   # label name → (anchor, number), current post
        self.placed: set[str] = set()   # labels of the current post whose anchor is in the output
        self.used_ids: set[str] = set()
        self.sections: dict[str, dict[str, str]] = {p.key: {} for p in book.posts}  # site anchor → id
        self.heading_ids: dict[int, str] = {}   # id(Heading) → its anchor in the EPUB

    # ---------------------------------------------------------------- document

    def document(self) -> dict:
        """The whole pandoc document: metadata, provenance chapter, one chapter per post."""
        self._collect_sections()
        blocks = self.provenance()
        for post in self.book.posts:
            blocks += self.chapter(post)
        return {"pandoc-api-version": pandoc_api_version(), "meta": self.metadata(), "blocks": blocks}

    def say(self, name: str, **values) -> list[dict]:
        """The text ``name`` of ``texts.j2`` as inlines, its ``{fields}`` filled with ``values``
        (strings, or lists of inlines such as a link)."""
        out: list[dict] = []
        for _, value in text_parts(self.texts[name], values):
            for node in _str(value) if isinstance(value, str) else value:
                if out and node["t"] == out[-1]["t"] == "Str":   # one word stays one Str
                    out[-1] = _el("Str", out[-1]["c"] + node["c"])
                else:
                    out.append(node)
        return out

    def metadata(self) -> dict:
        meta = self.book.meta
        dates = sorted(p.date for p in self.book.posts if p.date)
        fields = {"title": meta.title, "lang": meta.language, "toc-title": self.texts["toc_title"],
                  "identifier": book_identifier(meta),
                  "rights": f"{meta.license} ({meta.license_url})" if meta.license_url else meta.license}
        if meta.subtitle:
            fields["subtitle"] = meta.subtitle
        if meta.author:
            fields["author"] = [meta.author]
        if dates:
            fields["date"] = dates[-1]
        return {k: _meta(v) for k, v in fields.items()}

    def provenance(self) -> list[dict]:
        """The provenance page: where every chapter comes from and under which licence."""
        meta = self.book.meta
        licence = _str(meta.license)
        licence = [self._url(meta.license_url, licence) if meta.license_url else _el("Span", [_NOATTR, licence])]
        generator = "seriesbook" + (f" {meta.version}" if meta.version else "")
        intro = self.say("provenance_intro", generator=generator, site=[self._url(meta.site)],
                         author=meta.author or "", license=licence,
                         license_url=[self._url(meta.license_url)] if meta.license_url else "")
        t = self.texts
        items = []
        for post in self.book.posts:
            line = [_el("Strong", _str(post.title))]
            for label, value in ((t["published"], post.date), (t["fetched"], post.fetched_at)):
                if value:
                    line += [*_str(t["item_separator"]), *_str(f"{label} {value}")]
            if post.url:
                line += [*_str(t["item_separator"]), _el("Link", [_NOATTR, _str(post.url), [post.url, ""]])]
            items.append([_el("Plain", line + (_str(t["excerpt_mark"]) if post.excerpt else []))])
        head = _el("Header", [1, _attr("provenance", ["unnumbered"]), _str(t["provenance_title"])])
        out = [head, _el("Para", intro)]
        return out + ([_el("Para", _str(t["provenance_posts"])), _el("BulletList", items)] if items else [])

    def chapter(self, post: m.Post) -> list[dict]:
        """One post as a chapter: title, date and URL, excerpt notice, body."""
        self.post = post
        self.labels = self._label_ids(post)
        self.placed = set()
        out = [_el("Header", [1, _attr(chap_id(post.key)), _str(post.title)])]
        info = self.say("chapter_date", date=post.date) if post.date else []
        if post.url:
            info += (_str(self.texts["chapter_separator"]) if info else []) + self.say("chapter_source", url=[self._url(post.url)])
        if info:
            out.append(_el("Div", [_attr("", ["chapter-meta"]), [_el("Para", info)]]))
        if post.excerpt:
            note = self.say("excerpt_note_url", url=[self._url(post.url)]) if post.url else self.say("excerpt_note")
            out.append(_el("Div", [_attr("", ["excerpt-note"]), [_el("Para", note)]]))
        out += self.blocks(post.blocks)
        return out

    def _url(self, url: str, text: list[dict] | None = None) -> dict:
        return _el("Link", [_attr("", ["url"]), text or _str(url), [url, ""]])

    def _collect_sections(self) -> None:
        """Give every heading an id; the site's anchor (its text) maps to it for ``#anchor`` links."""
        for post in self.book.posts:
            count = 0
            for block in post.blocks:
                if isinstance(block, m.Heading):
                    count += 1
                    self.heading_ids[id(block)] = f"sec-{_key(post.key)}-{count}"
                    if block.anchor:
                        self.sections[post.key].setdefault(block.anchor, self.heading_ids[id(block)])

    def _label_ids(self, post: m.Post) -> dict[str, tuple[str, str]]:
        ids: dict[str, tuple[str, str]] = {}
        for math in iter_math(post):
            for label in math.labels:
                if label.name not in ids:
                    ids[label.name] = (self._unique(eq_id(post.key, label.name)), label.number)
        return ids

    def _unique(self, ident: str) -> str:
        base, n = ident, 1
        while ident in self.used_ids:
            n += 1
            ident = f"{base}-{n}"
        self.used_ids.add(ident)
        return ident

    # ---------------------------------------------------------------- dispatch

    def blocks(self, nodes) -> list[dict]:
        out: list[dict] = []
        for node in nodes:
            result = self._dispatch(node)
            out += result if isinstance(result, list) else [result]
        return out

    def inlines(self, nodes) -> list[dict]:
        return self.blocks(nodes)

    _METHODS = {m.Heading: "heading", m.Paragraph: "paragraph", m.DisplayMath: "display_math",
                m.CodeBlock: "code_block", m.Quote: "quote", m.ListBlock: "list_block", m.Image: "image",
                m.Table: "table", m.Rule: "rule", m.Verbatim: "verbatim", m.Text: "text", m.Styled: "styled",
                m.Code: "code", m.Link: "link", m.InlineMath: "inline_math", m.LineBreak: "line_break",
                m.FootnoteRef: "footnote_ref"}

    def _dispatch(self, node):
        name = self._METHODS.get(type(node))
        if name is None:
            raise BuildError(f"the EPUB renderer cannot render a {type(node).__name__}", getattr(node, "pos", None))
        return getattr(self, name)(node)

    # ---------------------------------------------------------------- blocks

    def heading(self, node: m.Heading) -> dict:
        level = min(max(node.level, 2), 6)
        ident = self.heading_ids.get(id(node), "")
        return _el("Header", [level, _attr(ident), self.inlines(node.children)])

    def paragraph(self, node: m.Paragraph) -> dict:
        return _el("Para", self.inlines(node.children))

    def display_math(self, node: m.DisplayMath) -> dict:
        math = node.math
        if math.ref_only and not math.verbatim:
            return _el("Para", [self._eqref(math)])
        head = self._anchors(math)
        if math.numbers:
            bare = math.bare or (False,) * len(math.numbers)  # \tag*{A} shows "A", as MathJax does
            nums = [_el("Span", [_attr(self._unique(eqno_id(self.post.key, n)), ["n"]), [_el("Str", n if b else f"({n})")]])
                    for n, b in zip(math.numbers, bare)]
            head.insert(0, _el("Span", [_attr("", ["eqno"]), nums]))
        if math.verbatim or self._image_failed(math):
            # The PDF's label over the box, shown by the style sheet (pre.math-verbatim::before).
            label = _attr("", ["math-verbatim"], label=self.texts["math_verbatim_label"])
            body = ([_el("Plain", head)] if head else []) + [_el("CodeBlock", [label, math.tex])]
        else:
            body = [_el("Plain", head + [self._math_node(math)])]
        return _el("Div", [_attr("", ["equation"]), body])

    def _anchors(self, math: m.Math) -> list[dict]:
        """Empty spans carrying the ids of the labels this formula defines (the first definition wins)."""
        out = []
        for label in math.labels:
            if label.name in self.labels and label.name not in self.placed:
                self.placed.add(label.name)
                out.append(_el("Span", [_attr(self.labels[label.name][0], ["anchor"]), []]))
        return out

    def code_block(self, node: m.CodeBlock) -> dict:
        lang = re.sub(r"[^A-Za-z0-9_+-]", "", node.language)
        return _el("CodeBlock", [_attr("", [lang] if lang else []), node.text])

    def quote(self, node: m.Quote) -> dict:
        return _el("BlockQuote", self.blocks(node.children))

    def list_block(self, node: m.ListBlock) -> dict:
        items = [self.blocks(item) or [_el("Plain", [])] for item in node.items]
        if node.ordered:
            return _el("OrderedList", [[node.start, _el("Decimal"), _el("Period")], items])
        return _el("BulletList", items)

    def image(self, node: m.Image) -> dict:
        path = os.path.join(self.media_root, node.local) if node.local else ""
        if not path or not os.path.isfile(path):
            text = self.say("image_missing_named", what=node.alt) if node.alt else self.say("image_missing")
            para = _el("Para", text + [_el("LineBreak"), self._url(node.src)])
            return _el("Div", [_attr("", ["image-missing"]), [para] + self._caption(node)])
        img = _el("Image", [_NOATTR, _str(node.alt), [path, ""]])
        if not node.caption:
            return _el("Para", [img])
        return _el("Figure", [_NOATTR, [None, [_el("Plain", self.inlines(node.caption))]], [_el("Plain", [img])]])

    def _caption(self, node: m.Image) -> list[dict]:
        return [_el("Para", self.inlines(node.caption))] if node.caption else []

    def table(self, node: m.Table) -> dict:
        width = max((len(r) for r in node.rows), default=0)
        if not width:
            return _el("Para", [])

        def row(cells) -> list:
            cells = list(cells) + [()] * (width - len(cells))
            return [_NOATTR, [[_NOATTR, _el("AlignDefault"), 1, 1, [_el("Plain", self.inlines(c))]] for c in cells]]

        head_rows = [row(node.rows[0])] if node.header else []
        body_rows = [row(r) for r in node.rows[1 if node.header else 0:]]
        colspecs = [[_el("AlignDefault"), _el("ColWidthDefault")] for _ in range(width)]
        return _el("Table", [_NOATTR, [None, []], colspecs, [_NOATTR, head_rows],
                             [[_NOATTR, 0, [], body_rows]], [_NOATTR, []]])

    def rule(self, node: m.Rule) -> dict:
        return _el("HorizontalRule")

    def verbatim(self, node: m.Verbatim) -> dict:
        return _el("CodeBlock", [_attr("", ["verbatim"]), node.text])

    # ---------------------------------------------------------------- inlines

    def text(self, node: m.Text) -> list[dict]:
        return _str(node.text)

    _STYLES = {"strong": "Strong", "emph": "Emph", "underline": "Underline", "sup": "Superscript",
               "sub": "Subscript", "strike": "Strikeout"}

    def styled(self, node: m.Styled) -> dict:
        children = self.inlines(node.children)
        if node.style == "color":
            color = node.color if node.color and _SAFE_COLOR.fullmatch(node.color) else ""
            return _el("Span", [_attr("", ["color"], **({"style": f"color: {color}"} if color else {})), children])
        return _el(self._STYLES[node.style], children)

    def code(self, node: m.Code) -> dict:
        return _el("Code", [_NOATTR, node.text])

    def link(self, node: m.Link) -> dict:
        if not is_safe_link(node.href):   # javascript: and the like stay text
            return _el("Span", [_NOATTR, self.inlines(node.children)])
        return _el("Link", [_NOATTR, self.inlines(node.children), [self._target(node), ""]])

    def _target(self, node: m.Link) -> str:
        """Links inside the book go to the chapter, or to the section the fragment names."""
        parts = urlsplit(node.href)
        here = node.href.startswith("#") or (node.archive is not None and node.archive == self.post.archive)
        key = self.post.key if here else node.post
        if key not in self.sections:
            return node.href
        # An unknown fragment falls back to the chapter: a dangling id would break the EPUB.
        return "#" + self.sections[key].get(unquote(parts.fragment), chap_id(key))

    def inline_math(self, node: m.InlineMath) -> dict:
        math = node.math
        if math.ref_only and not math.verbatim:
            return self._eqref(math)
        anchors = self._anchors(math)
        if math.verbatim or self._image_failed(math):
            return _el("Span", [_NOATTR, anchors + [_el("Code", [_attr("", ["math-verbatim"]), math.tex])]])
        return _el("Span", [_NOATTR, anchors + [self._math_node(math)]]) if anchors else self._math_node(math)

    def line_break(self, node: m.LineBreak) -> dict:
        return _el("LineBreak")

    def footnote_ref(self, node: m.FootnoteRef) -> dict:
        return _el("Note", self.blocks(node.blocks) or [_el("Para", [])])

    # ---------------------------------------------------------------- math

    def _image_failed(self, math: m.Math) -> bool:
        key = formula_key(math)
        return not math.ref_only and key in self.images and self.images[key] is None

    def _math_node(self, math: m.Math) -> dict:
        image = self.images.get(formula_key(math))
        if image is None:
            kind = "DisplayMath" if math.display else "InlineMath"
            return _el("Math", [_el(kind), epub_math.formula(math) or math.tex])
        # A display formula only gets its width: on a narrow screen max-width shrinks it and
        # the SVG's own aspect ratio gives the height.
        style = f"width: {image.width:.3f}em"
        if not math.display:
            style += f"; height: {image.height:.3f}em; vertical-align: {-image.depth or 0:.3f}em"
        classes = ["math-svg", "display" if math.display else "inline"]
        return _el("Image", [_attr("", classes, style=style), [_el("Str", math.tex)], [image.path, ""]])

    def _eqref(self, math: m.Math) -> dict:
        """``\\eqref{x}`` alone: a link "(n)" to the equation, or "(??)" when the label is unknown.

        With MathML the number is itself a (tiny) formula, as MathJax shows it, so every formula
        of the post stays a formula and the EPUB's count equals the report's; in ``svg`` mode
        (readers without MathML) it is plain text."""
        target = self.labels.get(math.ref_only)
        shown = f"({target[1]})" if target else "(??)"
        if self.math_mode == "svg":
            number = _el("Str", shown)
        else:
            # A tag's text ("32", "欧拉") reads as text, as MathJax shows it; TeX in a tag stays TeX.
            plain = not re.search(r"[\\{}$&#^_%~]", shown)
            number = _el("Math", [_el("InlineMath"), f"\\text{{{shown}}}" if plain else shown])
        if target is None:
            return _el("Span", [_attr("", ["eqref", "missing"]), [number]])
        return _el("Link", [_attr("", ["eqref"]), [number], ["#" + target[0], ""]])


def pandoc_document(book: m.Book, math_mode: str = "mathml", images: Mapping[str, MathImage | None] | None = None) -> str:
    """The pandoc input (JSON AST) for ``book``.

    ``images`` maps :func:`formula_key` to the SVG drawn for a formula (None: shown verbatim);
    formulas not in it go to pandoc as MathML.  In ``svg`` mode the builder draws them all.
    """
    return json.dumps(EpubRenderer(book, math_mode, images).document(), ensure_ascii=False)
