"""``\\tag{…}`` and ``\\tag*{…}`` as MathJax shows them, in both outputs: a tag shows its own
text in parentheses, a starred tag without them; ``\\eqref`` to either shows parentheses."""

from __future__ import annotations

import json
import re

from seriesbook import model as m
from seriesbook.math import normalize_post
from seriesbook.render.epub import pandoc_document
from seriesbook.render.latex import render_chapter
from seriesbook.render.templates import make_env
from tests.support.math_cases import formulas_of, post_of

TEXT = r"""$$E = mc^2\tag*{A}\label{a}$$

$$F = ma\tag{B}\label{b}$$

\begin{align}x &= 1\tag*{C.1} \\ y &= 2\end{align}

$\eqref{a}$ $\eqref{b}$
"""


def _post() -> m.Post:
    post, warnings = normalize_post(post_of(formulas_of(TEXT)))
    assert warnings == []
    return post


def _strings(node) -> list[str]:
    """Every ``Str`` of a pandoc JSON subtree, in order."""
    if isinstance(node, dict):
        return [node["c"]] if node.get("t") == "Str" else _strings(node.get("c"))
    if isinstance(node, list):
        return [s for child in node for s in _strings(child)]
    return []


def _eqnos(doc) -> list[str]:
    """The text of every ``span.eqno`` of the pandoc document, in order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Span" and "eqno" in node["c"][0][1]:
                found.append("".join(_strings(node["c"][1])))
                return
            walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(doc)
    return found


def test_the_pdf_keeps_the_star():
    tex = render_chapter(_post(), make_env(None))
    assert re.findall(r"\\tag\*?\{[^}]*\}", tex) == [r"\tag*{A}", r"\tag{B}", r"\tag*{C.1}", r"\tag{1}"]
    assert "{(A)}" in tex and "{(B)}" in tex   # \eqref shows parentheses either way


def test_the_epub_shows_a_starred_tag_without_parentheses():
    book = m.Book(m.BookMeta(name="t", title="t"), (_post(),))
    doc = json.loads(pandoc_document(book))
    assert _eqnos(doc["blocks"]) == ["A", "(B)", "C.1(1)"]
    # A lone \eqref is a link whose number is a (tiny) formula, as MathJax shows it.
    refs = [tex for tex in _maths(doc["blocks"]) if "(A)" in tex or "(B)" in tex]
    assert refs == ["\\text{(A)}", "\\text{(B)}"]


def _maths(node) -> list[str]:
    """The TeX of every ``Math`` of a pandoc JSON subtree, in order."""
    if isinstance(node, dict):
        return [node["c"][1]] if node.get("t") == "Math" else _maths(node.get("c"))
    if isinstance(node, list):
        return [s for child in node for s in _maths(child)]
    return []
