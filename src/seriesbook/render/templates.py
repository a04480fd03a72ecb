"""TeX escaping and the Jinja environment for the book's templates.

Escaping is the default, as autoescape is for HTML: every value printed by ``<%= x %>``
goes through :func:`escape_tex` unless it is a :class:`TeX` string (TeX made by the
renderer, or by a filter that escaped it already).  So a post title can never inject TeX,
and a template author marks trusted TeX explicitly with the ``raw`` filter.

Delimiters follow Sphinx's ``util/template.py`` LaTeX renderer, so that they never clash
with TeX's braces::

    <%= value %>      print (escaped unless TeX)
    <% if x %>…<% endif %>   statements
    <# comment #>      comments

Filters: ``e`` / ``tex`` (escape prose; idempotent on TeX values), ``raw`` (mark as TeX,
for values that are TeX already), ``url`` (a URL for ``\\href``/``\\url``), ``pdf`` (a PDF
string: metadata), ``title`` (a heading that is also a bookmark), ``fill`` (a text of
``texts.j2`` with its ``{name}`` fields filled: ``texts.cover_count|fill(count=n)``).

Every text a reader sees (headings of the provenance page, placeholders …) is a variable of
``texts.j2``, the global ``texts`` of every template; the EPUB renderer reads the same file
through :func:`load_texts`, so both outputs always use the same wording.

Do not join values with ``~`` inside ``<%= %>``: the result is a plain string and would be
escaped again; print the parts one after the other instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ..errors import BuildError
from ..math.table import SYMBOLS
from ..resources import templates_dir


class TeX(str):
    """A string that is TeX already: printed as is by the templates."""

    __slots__ = ()

    def __add__(self, other: str) -> "TeX":
        return TeX(str.__add__(self, other if isinstance(other, TeX) else escape_tex(other)))


# --------------------------------------------------------------------------- prose escaping

_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
    "`": r"\textasciigrave{}", "\t": " ", "\u00a0": "~", "\u200b": r"\hspace{0pt}",
    "\u00ad": r"\-", "\ufeff": "", "\u200c": "", "\u200d": "",
}

# Symbols that the Latin text font (Latin Modern) lacks but prose on the site uses: printed
# through the math fonts, spelled as the formulas spell them (one table: math.table.SYMBOLS),
# so they match the formulas and never give "Missing character".
_MATH_SYMBOLS = {c: SYMBOLS[c] for c in (
    "≤≥≠≈≡∼≃≅∝≪≫∈∉∋⊂⊃⊆⊇∩∪∅∀∃¬∧∨×÷±∓∞∑∏∫∮∂∇√∠⊥∥∘∙⋅⊗⊕⊙′″⋯⋮⋱⌊⌋⌈⌉⟨⟩←→↑↓↔⇐⇒⇔↦⟶⟹"
    "ℝℕℤℚℂℓℏ∗≜⊤∖∣ℵ∆⊢⊨≺≻⪯⪰≲≳ϵϕϑϱϖ"
    "αβγδεζηθικλμνξοπρςστυφχψωΓΔΘΛΞΠΣΥΦΨΩΑΒΕΖΗΙΚΜΝΟΡΤΧ")}

_SCRIPTS = {**{chr(0x2080 + i): r"\textsubscript{%d}" % i for i in range(10)},
            **{c: r"\textsuperscript{%d}" % i for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
            "⁺": r"\textsuperscript{+}", "⁻": r"\textsuperscript{-}", "ⁿ": r"\textsuperscript{n}",
            "₊": r"\textsubscript{+}", "₋": r"\textsubscript{-}"}
# ¹²³ are in Latin Modern; keep them as they are.
for _c in "¹²³":
    _SCRIPTS.pop(_c)

# Straight quotes stay straight, as on the site: the text font's TeX mapping would turn every "
# into a closing ” (so "2项" would open with one) and ' into ’.
_STRAIGHT = {'"': r"\textquotedbl{}", "'": r"\textquotesingle{}"}

_TABLE = {**_SPECIALS, **{c: r"\ensuremath{%s}" % t for c, t in _MATH_SYMBOLS.items()}, **_SCRIPTS, **_STRAIGHT}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPE = re.compile("|".join(re.escape(c) for c in sorted(_TABLE, key=len, reverse=True)))
_ESCAPE_SPECIALS = re.compile("|".join(re.escape(c) for c in _SPECIALS))


def escape_pdfstring(text: str) -> TeX:
    """Escape text for a PDF string (bookmarks, metadata): the specials only, since PDF
    strings are Unicode and take ``≤`` as it is, but not ``\\ensuremath``."""
    text = re.sub(r"\s+", " ", _CONTROL.sub("", str(text)))
    return TeX(_ESCAPE_SPECIALS.sub(lambda m: _SPECIALS[m.group()], text))


def escape_tex(text: str) -> TeX:
    """Escape prose for TeX: the specials, straight quotes, TeX's ligatures (``--``, ``?````), control
    characters, and symbols the text font lacks (mapped to math, e.g. ``≤`` → ``\\ensuremath{\\leq}``).
    A blank line inside ``text`` does not start a paragraph (it may sit inside an argument)."""
    if isinstance(text, TeX):
        return text
    text = _CONTROL.sub("", str(text))
    text = re.sub(r"[ \t]*\r?\n\s*", "\n", text)
    text = _ESCAPE.sub(lambda m: _TABLE[m.group()], text)
    # Break TeX ligatures that would change the text: -- → –, ,, → „, << → «
    text = re.sub(r"(?<=-)(?=-)", "{}", text)
    for pair in (",,", "<<", ">>", "!`", "?`"):
        text = text.replace(pair, pair[0] + "{}" + pair[1])
    return TeX(text)


def escape_url(url: str) -> TeX:
    """A URL for ``\\href{…}``/``\\url{…}``, safe even inside another command's argument:
    ``# % ~`` are escaped the way hyperref understands; characters that may not appear in a
    URL at all (space, backslash, braces, ``^``, control characters) are percent-encoded."""
    out = []
    for ch in _CONTROL.sub("", url.strip()):
        if ch in "#%~&_$":
            out.append("\\" + ch)
        elif ch in " \\{}^\"<>|`\n" or ord(ch) > 0x7e:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return TeX("".join(out))


def heading_text(text: str) -> TeX:
    """Prose for a title that also becomes a PDF bookmark: ``\\texorpdfstring`` when the
    TeX form holds commands (``≤`` → ``\\ensuremath{\\leq}``) that a bookmark cannot."""
    tex, pdf = escape_tex(text), escape_pdfstring(text)
    return tex if tex == pdf or "\\ensuremath" not in tex and "\\text" not in tex else \
        TeX(f"\\texorpdfstring{{{tex}}}{{{pdf}}}")


def raw(value) -> TeX:
    """Mark ``value`` as TeX (the template filter ``raw``)."""
    return TeX(value)


def _finalize(value):
    """Escape every printed value that is not TeX already (autoescape for TeX)."""
    if value is None:
        return ""
    if isinstance(value, TeX):
        return value
    return escape_tex(str(value))


# --------------------------------------------------------------------------- texts

TEXTS = "texts.j2"
_FIELD = re.compile(r"\{(\w+)\}")


def load_texts(override: Path | None = None) -> dict[str, str]:
    """The reader-visible texts: the variables of ``texts.j2``, the packaged file's values
    updated by those of ``override/texts.j2`` (so a user's copy may hold only what it changes)."""
    texts: dict[str, str] = {}
    for folder in [templates_dir()] + ([Path(override)] if override else []):
        if (Path(folder) / TEXTS).is_file():
            env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **_SYNTAX)
            try:
                module = env.get_template(TEXTS).module
            except jinja2.TemplateError as error:
                raise BuildError(f"{Path(folder) / TEXTS}: {error}") from None
            texts.update({k: str(v) for k, v in vars(module).items() if not k.startswith("_")})
    return texts


def text_parts(text: str, values: dict) -> list[tuple[bool, object]]:
    """``text`` cut at its ``{name}`` fields: ``(False, literal)`` and ``(True, values[name])``
    pieces in order.  A field with no value is a located error (a typo in ``texts.j2``)."""
    parts: list[tuple[bool, object]] = []
    for i, piece in enumerate(_FIELD.split(text)):
        if i % 2 == 0:
            if piece:
                parts.append((False, piece))
        elif piece in values:
            parts.append((True, values[piece]))
        else:
            raise BuildError(f"{TEXTS}: the text {text!r} names {{{piece}}}; it may use "
                             + (", ".join("{%s}" % k for k in values) or "no field"))
    return parts


def fill_tex(text: str, **values) -> TeX:
    """A text of ``texts.j2`` as TeX: its words escaped, each ``{name}`` replaced by
    ``values[name]`` (escaped unless TeX already).  The template filter ``fill``."""
    return TeX("".join(escape_tex(v if isinstance(v, str) else str(v)) for _, v in text_parts(str(text), values)))


# --------------------------------------------------------------------------- environment

_SYNTAX = dict(block_start_string="<%", block_end_string="%>",
               variable_start_string="<%=", variable_end_string="%>",
               comment_start_string="<#", comment_end_string="#>",
               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def make_env(override: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for the book: the user's ``override`` folder first, then the
    packaged templates; TeX-safe delimiters, undefined names are errors, escaping by default.

    The packaged templates are also reachable as ``seriesbook/NAME``, so that a user's
    template can extend the one it replaces (``<% extends "seriesbook/preamble.tex.j2" %>``)
    and change only some of its blocks."""
    paths = [str(override)] if override else []
    paths.append(str(templates_dir()))
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"seriesbook": jinja2.FileSystemLoader(str(templates_dir()))}),
        jinja2.FileSystemLoader(paths)])
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined,
                             finalize=_finalize, autoescape=False, **_SYNTAX)
    env.filters.update(e=escape_tex, tex=escape_tex, raw=raw, url=escape_url, pdf=escape_pdfstring,
                       title=heading_text, fill=fill_tex)
    env.globals["texts"] = load_texts(override)
    return env
