"""MathJax-only TeX (``\\require``, ``\\bbox``, ``\\style``, ``\\enclose``, ``\\unicode``, ``\\raise``,
``\\verb`` …) → what LaTeX and texmath both take, with a ``math.approximated`` warning where the
book cannot show what MathJax shows."""

from __future__ import annotations

import re

from .rewrite import Warn, colors
from .commands import MATHJAX_ONLY as ONLY, RENAMES, SIZES
from .table import NAMED_HEX, SYMBOLS
from .tokens import arg, env_end, env_name, group_close, opt_arg, rewrite, split_top, text_of


_VERB_ESCAPES = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "#": "\\#", "$": "\\$", "%": "\\%",
                 "&": "\\&", "_": "\\_", "^": "\\textasciicircum{}", "~": "\\textasciitilde{}"}


def verb(tex: str) -> str:
    """MathJax's ``\\verb|x|`` (literal characters, before any other reading) → ``\\texttt{x}``.

    Runs on the source text, since a verbatim body may hold ``%``, ``#`` or unbalanced braces.
    """
    def repl(m: re.Match) -> str:
        body = "".join(_VERB_ESCAPES.get(c, c) for c in m.group(2))
        return "\\texttt{" + body.replace(" ", "\\ ") + "}"
    if "\\verb" not in tex:
        return tex
    return _VERB.sub(repl, tex)


_VERB = re.compile(r"(?<!\\)\\verb\*?\s*([^A-Za-z\s])(.*?)\1")


def mathjax_only(tokens: list[str], warn: Warn) -> list[str]:
    """Drop or approximate MathJax-only commands (``\\require``, ``\\bbox``, ``\\class`` …)."""
    return rewrite(tokens, ONLY, lambda toks, i: _only(toks, i, warn))


def _only(tokens: list[str], i: int, warn: Warn) -> tuple[list[str], int]:
    """What the MathJax-only command at ``i`` becomes, and the index after what it reads."""
    t = tokens[i]
    if t == "\\require":
        return [], arg(tokens, i + 1)[1]
    if t == "\\bbox":
        opt, j = opt_arg(tokens, i + 1)
        body, end, _ = arg(tokens, j)
        boxed = opt is not None and "border" in text_of(opt)
        warn(f"\\bbox[{text_of(opt or [])}] shown " + ("as \\boxed" if boxed else "without its background"))
        return (["\\boxed", "{"] if boxed else ["{"]) + mathjax_only(body, warn) + ["}"], end
    if t in ("\\class", "\\cssId", "\\style", "\\href", "\\toggle", "\\texttip", "\\mathtip"):
        css, j, _ = arg(tokens, i + 1)
        body, end, _ = arg(tokens, j)
        inner = mathjax_only(body, warn)
        return (_style(text_of(css), inner, warn) if t == "\\style" else ["{", *inner, "}"]), end
    if t in ("\\raise", "\\lower"):  # MathJax: \raise{dimen}{math}
        dim, j, _ = arg(tokens, i + 1)
        body, end, _ = arg(tokens, j)
        d = text_of(dim)
        d = d if t == "\\raise" else d[1:] if d.startswith("-") else "-" + d
        return ["\\raisebox", "{", *d, "}", "{", "$", *mathjax_only(body, warn), "$", "}"], end
    if t == "\\buildrel":  # \buildrel a \over b (plain TeX) → \stackrel{a}{b}
        k = group_close(tokens, i + 1, ("\\over",))
        if k < len(tokens) and tokens[k] == "\\over":
            above = mathjax_only(tokens[i + 1:k], warn)
            body, end, _ = arg(tokens, k + 1)
            return ["\\stackrel", "{", *above, "}", "{", *mathjax_only(body, warn), "}"], end
        return [t], i + 1
    if t == "\\displaylines":  # plain TeX's \halign, display only → gathered (inline too, as MathJax)
        body, end, _ = arg(tokens, i + 1)
        rows = ["\\\\" if x == "\\cr" else x for x in mathjax_only(body, warn)]
        return ["\\begin", "{", "gathered", "}", *rows, "\\end", "{", "gathered", "}"], end
    if t in _PLAIN_TABLES:  # plain TeX's \matrix{a&b\cr c&d}, \pmatrix, \cases, \eqalign
        body, end, _ = arg(tokens, i + 1)
        env = _PLAIN_TABLES[t]
        rows = ["\\\\" if x == "\\cr" else x for x in mathjax_only(body, warn)]
        if t == "\\cases":  # its second column is text, as in plain TeX
            rows = [x for k, row in enumerate(split_top(rows, "\\\\")) for x in ([] if not k else ["\\\\"]) + _text_cell(row)]
        return ["\\begin", "{", env, "}", *rows, "\\end", "{", env, "}"], end
    if t == "\\displaybreak":  # a page-break hint MathJax ignores; invalid outside align
        return [], opt_arg(tokens, i + 1)[1]
    if t == "\\enclose":
        notation, j, _ = arg(tokens, i + 1)
        _, j = opt_arg(tokens, j)
        body, end, _ = arg(tokens, j)
        return _enclose(text_of(notation), mathjax_only(body, warn), warn), end
    if t == "\\unicode":  # \unicode[font]{x2248}: the font is the browser's business
        _, j = opt_arg(tokens, i + 1)
        code, end, _ = arg(tokens, j)
        return [_unicode_char(text_of(code), warn)], end
    if t in SIZES:
        warn(f"{t} in math approximated by a math style")
    return list(RENAMES.get(t, [t])), i + 1


#: MathJax's environments the book writes as another one that draws (nearly) the same, without
#: their ``{n}`` argument: amsmath's obsolete ``xalignat`` (numbered rows) and ``xxalignat`` (none)
#: spread their column pairs over the line, as ``align`` does.
ENV_RENAMES = {"xalignat": "align", "xalignat*": "align*", "xxalignat": "align*"}
#: Environments that only change the spacing between rows (mathtools): their body stays.
_SPACING_ENVS = frozenset(["spreadlines"])
_BEGIN_END = frozenset(["\\begin", "\\end"])


def environments(tokens: list[str]) -> list[str]:
    """MathJax's environments the book lacks, as ones it has: :data:`ENV_RENAMES`, ``spreadlines``
    dropped around its body, ``empheq`` without decorations (``\\begin{empheq}{align}``) as its
    inner environment, and the rows of ``numcases``/``subnumcases`` in the book's columns (the
    writers draw their brace).  A decorated ``empheq`` stays (the check refuses it; the rows still
    take MathJax's numbers, see :func:`seriesbook.math.number.classify`)."""
    if "\\begin" not in tokens:
        return list(tokens)
    ends: list[list[str] | None] = []  # what each open environment's \end becomes (None: as is)

    def write(toks, i: int) -> tuple[list[str], int]:
        name, j = env_name(toks, i + 1)
        if toks[i] == "\\end":
            new = ends.pop() if ends else None
            return (toks[i:j] if new is None else new), j
        if name in ENV_RENAMES:
            ends.append(["\\end", "{", *ENV_RENAMES[name], "}"])
            return ["\\begin", "{", *ENV_RENAMES[name], "}"], arg(toks, j)[1]
        if name in _SPACING_ENVS:
            ends.append([])
            return [], arg(toks, j)[1]
        if name in ("numcases", "subnumcases"):
            left, k, _ = arg(toks, j)
            end = env_end(toks, k)
            close = env_name(toks, end + 1)[1] if end < len(toks) else end
            rows = [_numcases_row(r, n > 0) for n, r in enumerate(split_top(environments(toks[k:end]), "\\\\"))]
            body = [x for n, r in enumerate(rows) for x in ([*r] if not n else ["\\\\", *r])]
            return [*toks[i:j], "{", *left, "}", *body, *toks[end:close]], close
        if name == "empheq":
            opt, k = opt_arg(toks, j)
            inner, k, _ = arg(toks, k)
            if opt is None or not text_of(opt).strip():
                ends.append(["\\end", "{", *inner, "}"])
                return ["\\begin", "{", *inner, "}"], k
        ends.append(None)
        return toks[i:j], j

    return rewrite(tokens, _BEGIN_END, write)


def _numcases_row(row: list[str], after_break: bool) -> list[str]:
    """A row of the cases package's ``numcases``, ``value & condition``, as the book's columns:
    ``&value&\\quad&\\text{condition}``.  MathJax reads the condition as text up to a ``\\label``.
    A row ``after_break`` keeps the ``[5pt]`` of the ``\\\\[5pt]`` before it first."""
    start = opt_arg(row, 0)[1] if after_break else 0
    head, row = row[:start], row[start:]
    cells = split_top(row, "&")
    if len(cells) < 2:
        return [*head, "&", *row]
    rest = [x for c in cells[1:] for x in c]
    cut = next((k for k, t in enumerate(rest) if t == "\\label"), len(rest))
    text = rest[:cut]
    while text and text[0].isspace():
        text = text[1:]
    return [*head, "&", *cells[0], "&", "\\quad", "&", "\\text", "{", *text, "}", *rest[cut:]]


#: Plain TeX's tables (MathJax has them) → the amsmath environment that draws the same.
_PLAIN_TABLES = {"\\matrix": "matrix", "\\pmatrix": "pmatrix", "\\cases": "cases", "\\eqalign": "aligned"}


def _text_cell(row: list[str]) -> list[str]:
    """A row of plain TeX's ``\\cases``: its second cell (and any after) in ``\\text{}``."""
    cells = split_top(row, "&")
    if len(cells) < 2:
        return row
    text = [x for cell in cells[1:] for x in cell]
    while text and text[0].isspace():
        text = text[1:]
    while text and text[-1].isspace():
        text = text[:-1]
    return [*cells[0], "&", "\\text", "{", *text, "}"]


#: ``\\enclose`` notations → the nearest LaTeX command (the first that applies wins).
_ENCLOSE = [("updiagonalstrike downdiagonalstrike", "\\xcancel"), ("updiagonalstrike", "\\cancel"),
            ("downdiagonalstrike", "\\bcancel"), ("horizontalstrike", "\\cancel"), ("verticalstrike", "\\cancel"),
            ("box", "\\boxed"), ("roundedbox", "\\boxed"), ("circle", "\\boxed"), ("radical", "\\sqrt"),
            ("longdiv", "\\overline"), ("top", "\\overline"), ("bottom", "\\underline"), ("actuarial", "\\overline"),
            ("madruwb", "\\underline")]


def _enclose(notation: str, body: list[str], warn: Warn) -> list[str]:
    """MathJax's ``\\enclose{circle,updiagonalstrike}[attrs]{x}`` → ``\\boxed``, ``\\cancel`` …"""
    words = set(re.split(r"[\s,]+", notation.strip()))
    for need, command in _ENCLOSE:
        if set(need.split()) <= words:
            if command == "\\boxed" and words & {"circle", "roundedbox"} or len(words) > len(need.split()):
                warn(f"\\enclose{{{notation}}} approximated by {command}")
            return [command, "{", *body, "}"]
    warn(f"\\enclose{{{notation}}} dropped (no book equivalent)")
    return ["{", *body, "}"]


_CSS_COLOR = r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"
_CSS_LEN = r"(\d+(?:\.\d+)?)(ex|em|px|pt)"


def _style(css: str, body: list[str], warn: Warn) -> list[str]:
    """``\\style{css}{x}``: a bordered or filled box becomes ``\\SBstylebox`` (see PREAMBLE), a
    colour becomes ``\\color``; other CSS is dropped with a warning."""
    named = "|".join(sorted(NAMED_HEX, key=len, reverse=True))
    border = re.search(r"border[^;]*?" + _CSS_COLOR, css) or re.search(rf"border[^;]*?\b({named})\b", css)
    fill = re.search(r"background(?:-color)?\s*:\s*" + _CSS_COLOR, css)
    color = re.search(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{3,6}|[a-zA-Z]+)", css)
    if border or fill:
        width = re.search(r"(?<![-\w])width\s*:\s*" + _CSS_LEN, css)
        pad = re.search(r"padding\s*:\s*" + _CSS_LEN, css)
        warn("\\style box approximated by a framed box")

        def hexa(m: re.Match | None, default: str) -> str:
            h = m.group(1) if m else default
            h = NAMED_HEX.get(h.lower(), h)
            return ("".join(c * 2 for c in h) if len(h) == 3 else h).upper()

        def length(m: re.Match | None) -> str:
            if not m:
                return "0pt"
            return f"{m.group(1)}{'pt' if m.group(2) == 'px' else m.group(2)}"
        args = [hexa(border, hexa(fill, "000000")), hexa(fill, "FFFFFF"), length(width), length(pad)]
        return ["\\SBstylebox", *[x for a in args for x in ("{", *a, "}")], "{", *body, "}"]
    if color:
        return colors(["{", "\\color", "{", *color.group(1), "}", *body, "}"], warn)
    warn(f"\\style{{{css[:40]}}} dropped (this CSS has no book equivalent)")
    return ["{", *body, "}"]


def _unicode_char(code: str, warn: Warn) -> str:
    """``\\unicode{x2248}`` / ``{8804}`` / ``{0x2248}`` → the character (or nothing)."""
    s = code.strip().lower()
    try:
        n = int(s[1:], 16) if s.startswith("x") else int(s, 0)
        ch = chr(n)
    except (ValueError, OverflowError):
        warn(f"\\unicode{{{code}}} is not a character and was dropped")
        return ""
    if not ch.isprintable():
        return ""
    return SYMBOLS.get(ch, ch)
