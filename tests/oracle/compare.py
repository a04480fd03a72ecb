"""seriesbook's side of the comparison, and the five checks against MathJax's verdicts (:data:`CHECKS`).

For each post: normalise it as a build does (:func:`seriesbook.math.normalize_post`), turn every
EPUB formula into MathML with one pandoc run, and set each formula beside MathJax's verdict.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from seriesbook.math import iter_math, normalize_post
from seriesbook.model import Post
from seriesbook.render.epub_math import formula as epub_of

from . import mathjax
from .corpus import indexed


@dataclass
class Formula:
    """One formula as both sides see it."""

    where: str
    """``post#index`` (and the source line)."""
    tex: str
    display: bool
    verbatim: bool
    warnings: list[str]
    """``[code] message`` of every warning on this formula."""
    shown: tuple[str, ...]
    """The numbers the book shows, as shown: ``(1)``, ``A`` for ``\\tag*{A}``."""
    refs: tuple[tuple[str, str], ...]
    """Each reference: (label, the number it shows, without parentheses)."""
    labels: tuple[tuple[str, str], ...]
    """Each label this formula defines, with its number ('' for none), as the book has it."""
    mj_labels: tuple[tuple[str, str], ...]
    """The same as MathJax has it."""
    epub_tex: str
    mj: mathjax.Verdict
    epub_mathml: str = ""


def compare(samples: list[tuple[str, Post]]) -> list[Formula]:
    """Every formula of ``samples`` (name, post) with seriesbook's and MathJax's results."""
    posts = [(name, indexed(post, name)) for name, post in samples]
    verdicts = mathjax.run([[(m.tex, m.display) for m in iter_math(p)] for _, p in posts])
    out: list[Formula] = []
    for (name, post), page in zip(posts, verdicts):
        done, warnings = normalize_post(post)
        by_pos: dict[str, list[str]] = {}
        for w in warnings:
            if w.pos is not None:
                by_pos.setdefault(w.pos.path, []).append(f"[{w.code}] {w.message}")
        maths = list(iter_math(done))
        numbers = {lab.name: lab.number for m in maths for lab in m.labels}
        for m, verdict in zip(maths, page.formulas, strict=True):
            out.append(Formula(f"{m.pos.path}:{m.pos.line}", m.tex, m.display, m.verbatim, by_pos.get(m.pos.path, []),
                               shown_numbers(m), tuple((r, numbers.get(r, "??")) for r in m.refs),
                               tuple((lab.name, lab.number) for lab in m.labels),
                               tuple((label, _number(page.labels.get(label))) for label in verdict.labels),
                               epub_of(m), verdict))
    _add_epub_mathml(out)
    return out


def _number(tag: str | None) -> str:
    """A label's number as MathJax keeps it ('' for an unnumbered formula, which MathJax shows as ???)."""
    return "" if tag in (None, "???") else tag


def shown_numbers(m) -> tuple[str, ...]:
    """The numbers the book shows beside ``m``: ``(n)``, or a ``\\tag*`` text bare."""
    return tuple(n if k < len(m.bare) and m.bare[k] else f"({n})" for k, n in enumerate(m.numbers))


def _add_epub_mathml(formulas: list[Formula]) -> None:
    """Fill ``epub_mathml`` from one pandoc run (texmath, as the EPUB writer uses it)."""
    import pypandoc

    blocks = []
    for k, f in enumerate(formulas):
        if f.verbatim or not f.epub_tex:
            continue
        kind = "DisplayMath" if f.display else "InlineMath"
        blocks.append({"t": "Div", "c": [[f"f{k}", [], []], [{"t": "Plain", "c": [{"t": "Math", "c": [{"t": kind}, f.epub_tex]}]}]]})
    doc = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}
    proc = subprocess.run([pypandoc.get_pandoc_path(), "-f", "json", "-t", "html5", "--mathml"],
                          input=json.dumps(doc), capture_output=True, text=True, check=True)
    for m in re.finditer(r'<div id="f(\d+)">(.*?)</div>', proc.stdout, re.S):
        formulas[int(m.group(1))].epub_mathml = m.group(2)


# --------------------------------------------------------------------------- leaf tokens

_LEAVES = {"mi", "mn", "mo", "mtext", "ms"}
_NS = "{http://www.w3.org/1998/Math/MathML}"

#: Characters that mean the same in both MathMLs (after NFKC): accents, minus, primes, dots.
FOLD = str.maketrans({
    "\u2212": "-", "\u2010": "-", "\u2013": "-",
    "\u00af": "¯", "\u203e": "¯", "\u02c9": "¯", "\u0305": "¯", "\u0304": "¯",
    "\u02dc": "~", "\u0303": "~", "\u223c": "~",
    "\u02c6": "^", "\u0302": "^",
    "\u02d9": "˙", "\u0307": "˙",
    "\u00a8": "¨", "\u0308": "¨",
    "\u2192": "→", "\u20d7": "→",
    "\u2032": "'", "\u2033": "''", "\u2034": "'''",
    "\u2223": "|", "\u2225": "‖",
    "\u27e8": "⟨", "\u2329": "⟨", "\u27e9": "⟩", "\u232a": "⟩",
    "\u2216": "\\",
    "\u2015": "¯", "\u0332": "¯", "\u005f": "¯",  # \overline, \underline: a bar
    "\u02c7": "ˇ", "\u030c": "ˇ", "\u0306": "˘", "\u02d8": "˘", "\u0301": "´", "\u00b4": "´",
    "\u0300": "`", "\u02cb": "`",
    "\u20d6": "←", "\u20ef": "→", "\u20ee": "←", "\u20e1": "↔",  # combining arrows (\overleftarrow …)
    "\u2019": "'",  # texmath curls an apostrophe in text
    "\u2217": "*",  # MathJax draws * as the asterisk operator; texmath keeps the ASCII asterisk
    "\u22ef": "...",  # \dots: MathJax picks centred or low dots by context
    "\u2254": ":=",  # \coloneqq: one character or a colon and an equals sign
    "\u2219": "•",  # \bullet
})
_INVISIBLE = re.compile("[\u2061-\u2064\u200b\u00a0\\s]")


def fold(text: str) -> str:
    """``text`` with Unicode variants folded: math alphanumerics to plain letters (NFKC), accents,
    minus signs and primes to one form, invisible operators and spaces removed."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).translate(FOLD))


def leaves(mathml: str, *, drop_tags: bool = True) -> list[str]:
    """The folded texts of the leaf tokens of ``mathml``, in document order (empty ones dropped);
    MathJax's tag cells (first cell of an ``mlabeledtr``) are not part of the formula."""
    if not mathml.strip():
        return []
    try:
        root = ET.fromstring(_entities(mathml))
    except ET.ParseError:
        return ["<unparsable MathML>"]
    out: list[str] = []

    def walk(node, skip_first: bool) -> None:
        tag = node.tag.replace(_NS, "")
        kids = list(node)
        if tag == "mlabeledtr" and drop_tags:
            kids = kids[1:]
        if tag == "mphantom":
            return  # invisible: \phantom, \vphantom, \mathstrut, mhchem's struts
        if tag in ("msqrt", "mroot"):
            out.append("√")  # drawn by the element itself, or a √ character (\surd, √2)
        if tag in _LEAVES:
            text = fold("".join(node.itertext()))
            if text:
                out.append(text)
            return
        if tag == "annotation" or tag == "annotation-xml":
            return
        for kid in kids:
            walk(kid, False)

    walk(root, False)
    return out


def _entities(text: str) -> str:
    """MathML with HTML named entities made characters (ElementTree knows only XML's five)."""
    return re.sub(r"&([A-Za-z][A-Za-z0-9]*);", lambda m: m.group() if m.group(1) in ("lt", "gt", "amp", "quot", "apos")
                  else html.unescape(m.group()), text)


# --------------------------------------------------------------------------- the checks

def acceptance_problem(f: Formula) -> str | None:
    """Why ``f`` breaks the acceptance rule: MathJax typesets it → math (not verbatim);
    MathJax rejects it → verbatim with a warning."""
    if f.mj.ok and f.verbatim:
        return f"MathJax typesets it, the book shows it verbatim: {f.warnings}"
    if f.verbatim and not f.warnings:
        return "shown verbatim without a warning"
    if not f.mj.ok and not f.verbatim:
        why = f.mj.error or f"undefined {', '.join(f.mj.undefined)}"
        return f"MathJax rejects it ({why}), the book typesets it" + (f" (warned: {f.warnings})" if f.warnings else " without a warning")
    return None


def numbering_problem(f: Formula) -> str | None:
    """Why ``f``'s numbers differ from MathJax's (None when they agree)."""
    if f.mj.error:
        return None  # MathJax shows an error box: no numbers to compare
    if f.shown != f.mj.tags:
        return f"numbers {list(f.shown)} but MathJax {list(f.mj.tags)}"
    return None


def refs_problem(f: Formula) -> str | None:
    """Why ``f``'s labels or references point elsewhere than MathJax's (None when they agree)."""
    if f.mj.error or f.verbatim:
        return None
    if f.labels != f.mj_labels:
        return f"labels {list(f.labels)} but MathJax {list(f.mj_labels)}"
    # A label MathJax cannot resolve has no link ("#") and shows ???; the book shows ??.
    ours = [(label, number or "??") for label, number in f.refs]
    theirs = [(label, shown[1:-1] if shown.startswith("(") and shown.endswith(")") else shown)
              for label, shown in f.mj.refs]
    theirs = [(ours[k][0] if label == "#" and k < len(ours) else label, "??" if n == "???" else n)
              for k, (label, n) in enumerate(theirs)]
    if ours != theirs:
        return f"refs {ours} but MathJax {theirs}"
    return None


def tokens_problem(f: Formula) -> str | None:
    """Why the EPUB's leaf tokens differ from MathJax's (None when they agree)."""
    if not f.mj.ok or f.verbatim:
        return None
    if "<math" not in f.epub_mathml:
        return "texmath cannot convert it (the EPUB shows a picture instead of MathML)"
    # Display numbers stand outside the EPUB's MathML; inline ones are part of the formula.
    ours, theirs = leaves(f.epub_mathml), leaves(f.mj.mathml, drop_tags=f.display)
    # The same characters, maybe in another order (scripts of \sideset, arrows with two labels).
    if sorted("".join(ours)) == sorted("".join(theirs).replace("???", "??")):
        return None
    return f"EPUB {' '.join(ours)!r}\n    MathJax {' '.join(theirs)!r}"


# --------------------------------------------------------------------------- script placement

_SCRIPTED = {"msub": "beside", "msup": "beside", "msubsup": "beside",
             "munder": "under", "mover": "under", "munderover": "under"}
#: Operators whose limits move beside in text style when nothing says otherwise (the
#: ``movablelimits`` of MathML's operator dictionary: the large operators, not the integrals).
_MOVABLE = set("∑∏∐⋀⋁⋂⋃⨀⨁⨂⨃⨄⨅⨆⨉⫼⫿")
_BLANK = {"mo", "mspace", "mstyle"}


def placements(mathml: str, display: bool, movable: bool = True) -> list[tuple[str, str]]:
    """(operator, ``under``/``beside``) for each operator with scripts in ``mathml``: an
    ``munder`` family element puts them under, ``msub`` and its kin beside.  With ``movable``,
    limits MathML calls movable (``movablelimits``, which MathJax writes on ``\\sum_i`` in text
    style too) go beside outside display style, as MathJax draws them; without it the element
    alone counts (texmath chooses the element by the style itself).  An operator is a base that
    is an ``mo``, a word (``argmin``, ``max``) or a ``\\mathop`` group; ``x_i`` is no operator."""
    try:
        root = ET.fromstring(_entities(mathml))
    except ET.ParseError:
        return [("<unparsable MathML>", "")]
    out: list[tuple[str, str]] = []

    def walk(node, displaystyle: bool) -> None:
        tag = node.tag.replace(_NS, "")
        if node.get("displaystyle") in ("true", "false"):
            displaystyle = node.get("displaystyle") == "true"
        elif tag == "mtable":
            displaystyle = False  # MathML: table cells are in text style unless the table says
        kids = list(node)
        if tag in _SCRIPTED and kids:
            op = _operator(kids[0])
            if op is not None:
                text, moves = op
                under = _SCRIPTED[tag] == "under" and (displaystyle or not (movable and moves))
                out.append((text, "under" if under else "beside"))
        for k, kid in enumerate(kids):
            # Scripts, fractions and a root's index are set in text style (MathML, as TeX).
            text_style = tag == "mfrac" or k > 0 and (tag in _SCRIPTED or tag == "mroot")
            walk(kid, displaystyle and not text_style)

    walk(root, display)
    return out


def _operator(base) -> tuple[str, bool] | None:
    """(text, limits movable) when ``base`` is an operator (see :func:`placements`), else None."""
    node = base
    while node.tag.replace(_NS, "") in ("mrow", "mstyle"):
        # Spaces and invisible operators (⁡) are not part of the operator.
        kids = [k for k in node if fold("".join(k.itertext())) or k.tag.replace(_NS, "") not in _BLANK]
        if len(kids) > 1 and all(k.tag.replace(_NS, "") in ("mi", "mtext") for k in kids):
            return fold("".join(node.itertext())), False  # arg\,min: words and spaces, one operator
        if len(kids) != 1:
            return None
        op_class = node.get("data-mjx-texclass") == "OP"
        node = kids[0]
        if op_class and node.tag.replace(_NS, "") in ("mi", "mtext", "mo"):
            break
    tag = node.tag.replace(_NS, "")
    text = fold("".join(node.itertext()))
    if tag not in ("mo", "mi", "mtext") or not text:
        return None
    if tag != "mo" and len(text) < 2:
        return None
    movable = node.get("movablelimits")
    return text, (movable == "true") if movable else text in _MOVABLE


def scripts_problem(f: Formula) -> str | None:
    """Why the EPUB puts an operator's scripts elsewhere than MathJax does (under it or beside
    it; None when they agree)."""
    if not f.mj.ok or f.verbatim or "<math" not in f.epub_mathml:
        return None
    # Only what stands under an operator counts: a base one side sees as an operator and the
    # other not (‖x‖_2 is one group in texmath) has its scripts beside on both.
    ours, theirs = ([op for op, place in placements(mathml, f.display, movable) if place == "under"]
                    for mathml, movable in ((f.epub_mathml, False), (f.mj.mathml, True)))
    if sorted(ours) == sorted(theirs):
        return None
    return f"under the operator in the EPUB: {ours}\n    in MathJax: {theirs}"


CHECKS = {"acceptance": acceptance_problem, "numbering": numbering_problem,
          "refs": refs_problem, "tokens": tokens_problem, "scripts": scripts_problem}
"""The five checks by name (for the tests and the README's figures): each says what differs, or None."""
