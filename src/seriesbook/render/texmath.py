"""Rewrites for pandoc's texmath (TeX → MathML for the EPUB), which knows less than LaTeX.

A command texmath refuses is spelled as its entry in :mod:`seriesbook.math.commands` says
(``epub``); the few that need more than a template (colours, ``\\genfrac``, ``CD`` …) are
rewritten here, as close as MathML allows.  ``tests/test_math_epub.py`` converts what the EPUB
writer makes of every case with pandoc and asserts no warning.
"""

from __future__ import annotations

import re

from ..math.commands import EPUB, Command
from ..math.rewrite import color_hex
from ..math.table import XCOLOR
from ..math.tokens import DIM, arg, env_end, group_close, is_word, join, opt_arg, rewrite, skip_space, text_of, tokenize

#: What ends a switch's reach (``\\color``, ``\\rm`` …) besides the end of its group.
_CELL_ENDS = frozenset(["&", "\\\\", "\\right"])
#: How texmath gets the commands it lacks: one entry per command in :mod:`seriesbook.math.commands`.
_SPELLED = EPUB
#: Extensible arrows texmath lacks → (arrow symbol) under ``\\overset``/``\\underset``.
_XARROWS = {
    "xRightarrow": "\\Longrightarrow", "xLeftarrow": "\\Longleftarrow", "xleftrightarrow": "\\longleftrightarrow",
    "xLeftrightarrow": "\\Longleftrightarrow", "xhookrightarrow": "\\hookrightarrow",
    "xhookleftarrow": "\\hookleftarrow", "xmapsto": "\\longmapsto", "xtwoheadrightarrow": "\\twoheadrightarrow",
    "xtwoheadleftarrow": "\\twoheadleftarrow", "xrightharpoonup": "\\rightharpoonup",
    "xrightharpoondown": "\\rightharpoondown", "xleftharpoonup": "\\leftharpoonup",
    "xleftharpoondown": "\\leftharpoondown", "xrightleftharpoons": "\\rightleftharpoons",
    "xleftrightharpoons": "\\leftrightharpoons", "xlongequal": "=",
}
_SWITCHES = {"\\rm": "\\mathrm", "\\bf": "\\mathbf", "\\it": "\\mathit", "\\sf": "\\mathsf",
             "\\tt": "\\mathtt", "\\cal": "\\mathcal"}
_TEXTS = {"\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\textup", "\\textnormal",
          "\\mbox"}


#: Delimiters texmath cannot stretch after ``\\left``/``\\right`` → the character it can set.
_FIXED_DELIMS = {"/": "/", "\\backslash": "\\backslash", "\\uparrow": "\\uparrow", "\\downarrow": "\\downarrow",
                 "\\updownarrow": "\\updownarrow", "\\Uparrow": "\\Uparrow", "\\Downarrow": "\\Downarrow",
                 "\\Updownarrow": "\\Updownarrow", "\\lgroup": "⟮", "\\rgroup": "⟯", "\\lmoustache": "⎰",
                 "\\rmoustache": "⎱", "\\llcorner": "⌞", "\\lrcorner": "⌟"}


def _fixed_delimiters(tokens: list[str]) -> list[str]:
    """``\\left\\uparrow x\\right/`` → ``\\left.\\uparrow x\\right./``: texmath refuses these
    delimiters after ``\\left``/``\\right`` (the whole formula would become a picture); set
    unstretched, they read the same."""
    def write(toks, i: int) -> tuple[list[str], int]:
        t, j = toks[i], skip_space(toks, i + 1)
        if j < len(toks) and toks[j] in _FIXED_DELIMS:
            return ([t, "."] if t != "\\middle" else []) + [_FIXED_DELIMS[toks[j]]], j + 1
        return [t], i + 1

    return rewrite(tokens, _SIZED, write)


_SIZED = frozenset(["\\left", "\\right", "\\middle"])


def for_texmath(tokens: list[str]) -> list[str]:
    """Rewrite ``tokens`` (book-ready TeX, without labels) into TeX texmath converts."""
    return rewrite(_environments(_switches(_fixed_delimiters(tokens))), _SPECIAL, _one)


def _one(tokens: list[str], k: int) -> tuple[list[str], int]:
    """What texmath gets for the command at ``k`` (one of :data:`_SPECIAL`), and the index after
    what it reads."""
    t = tokens[k]
    name = t[1:] if is_word(t) else ""
    out: list[str] = []
    i = k + 1
    if t in _SPELLED:
        spelled = _SPELLED[t]
        if "#" in spelled.epub or spelled.args and not spelled.epub:
            rewritten, i = _template(t, spelled, tokens, i)
            out += rewritten
        else:
            out += tokenize(spelled.epub)
    elif name == "raisebox":  # \raisebox{d}{$x$} (from MathJax's \raise) or {text}
        _, i, _ = arg(tokens, i)
        body, i, _ = arg(tokens, i)
        math = "$" in body
        inner = for_texmath([t for t in body if t != "$"]) if math else ["\\text", "{", *_flat_text(body), "}"]
        out += ["{", *inner, "}"]
    elif name in _XARROWS:
        below, i = opt_arg(tokens, i)
        above, i, _ = arg(tokens, i)
        sym = ["\\overset", "{", *for_texmath(above), "}", "{", *tokenize(_XARROWS[name]), "}"]
        out += ["\\underset", "{", *for_texmath(below), "}", "{", *sym, "}"] if below else sym
    elif name in ("kern", "mkern", "hskip", "mskip", "raise", "lower"):
        m = DIM.match(join(tokens[i:i + 12]))
        if m:
            i += len(tokenize(m.group()))
        if name in ("kern", "mkern", "hskip", "mskip"):
            out.append("\\,")
    elif name == "multicolumn":
        n, i, _ = arg(tokens, i)
        _, i, _ = arg(tokens, i)
        body, i, _ = arg(tokens, i)
        count = int(text_of(n)) if text_of(n).isdigit() else 1
        out += ["{", *for_texmath(body), "}", *["&"] * max(0, min(count, 50) - 1)]
    elif name == "genfrac":
        a = []
        for _ in range(6):
            x, i, _ = arg(tokens, i)
            a.append(for_texmath(x))
        thin = text_of(a[2]) in ("0pt", "0", "0mm", "0em")
        head = ["\\substack", "{", *a[4], "\\\\", *a[5], "}"] if thin else \
            ["\\frac", "{", *a[4], "}", "{", *a[5], "}"]
        out += ["\\left", *(a[0] or ["."]), *head, "\\right", *(a[1] or ["."])] if a[0] or a[1] else head
    elif name == "root":  # \root 3\of x → \sqrt[3]{x}
        of = next((n for n in range(i, len(tokens)) if tokens[n] == "\\of"), None)
        if of is None:
            return ["\\sqrt"], i
        degree = tokens[i:of]
        body, i, _ = arg(tokens, of + 1)
        out += ["\\sqrt", "[", *for_texmath(degree), "]", "{", *for_texmath(body), "}"]
    elif name == "sideset":
        left, i, _ = arg(tokens, i)
        right, i, _ = arg(tokens, i)
        op, i, _ = arg(tokens, i)
        out += ["{", "}", *for_texmath(left), *op, *for_texmath(right)]
    elif name == "cancelto":
        to, i, _ = arg(tokens, i)
        body, i, _ = arg(tokens, i)
        out += ["\\cancel", "{", *for_texmath(body), "}", "^", "{", *for_texmath(to), "}"]
    elif name == "underleftrightarrow":
        body, i, _ = arg(tokens, i)
        out += ["\\underset", "{", "\\leftrightarrow", "}", "{", *for_texmath(body), "}"]
    elif name in ("color", "textcolor", "colorbox", "fcolorbox"):
        colored, i = _color(name, tokens, i)
        out += colored
    elif name == "fbox":
        body, i, _ = arg(tokens, i)
        out += ["\\boxed", "{", "\\text", "{", *body, "}", "}"]
    elif t in _TEXTS:
        body, i, _ = arg(tokens, i)
        out += [t, "{", *_flat_text(body), "}"]
    else:
        out.append(t)
    return out, i


#: Every token :func:`for_texmath` rewrites (any other token is kept as it is).
_SPECIAL = frozenset([*_SPELLED, *("\\" + n for n in [*_XARROWS,
                                            "raisebox", "kern", "mkern", "hskip", "mskip", "raise", "lower",
                                            "multicolumn", "genfrac", "root", "sideset", "cancelto",
                                            "underleftrightarrow", "color", "textcolor", "colorbox",
                                            "fcolorbox", "fbox"]), *_TEXTS])


def _template(name: str, spelled: Command, tokens: list[str], i: int) -> tuple[list[str], int]:
    """The template rewrite of ``name`` (``\\set``) whose arguments start at ``i``; the index after them."""
    args = []
    for _ in range(spelled.args):
        opt = []
        while opt is not None:
            opt, i = opt_arg(tokens, i)
        a, i, _ = arg(tokens, i)
        args.append(for_texmath(a))
    if name in ("\\set", "\\Set"):  # the set builder's bar
        args[0] = [("\\mid" if name == "\\set" else "\\,\\middle|\\,") if t == "|" else t for t in args[0]]
    out: list[str] = []
    for t in tokenize(spelled.epub):
        if t.isdigit() and out and out[-1] == "#":
            out[-1:] = args[int(t) - 1]
        else:
            out.append(t)
    return out, i


#: Text symbols of ``\\verb`` bodies → look-alike characters (texmath's text has no commands).
_TEXT_SYMBOLS = {"\\textbackslash": "\u29f5", "\\textasciicircum": "^", "\\textasciitilde": "~"}


def _flat_text(tokens: list[str]) -> list[str]:
    """texmath takes no text command inside ``\\text{}``: ``\\text{a \\textbf{b}}`` → ``\\text{a b}``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in _TEXT_SYMBOLS:
            out.append(_TEXT_SYMBOLS[t])
            i += 3 if tokens[i + 1:i + 3] == ["{", "}"] else 1
            continue
        if t in _TEXTS or t in ("\\emph", "\\textsl", "\\textmd"):
            body, i, _ = arg(tokens, i + 1)
            out += _flat_text(body)
        else:
            out.append(t)
            i += 1
    return out


def _color(name: str, tokens: list[str], i: int) -> tuple[list[str], int]:
    """Colours: texmath takes ``\\color{name}{…}`` with a plain name only; others lose their colour.

    ``\\color`` is a switch to the end of the group; texmath wants that span as an argument.
    """
    model, i = opt_arg(tokens, i)
    spec, i, _ = arg(tokens, i)
    value = text_of(spec)
    hexa = color_hex(value) if model is None else value if text_of(model) == "HTML" else None
    name_ = _nearest(hexa) if hexa else value if model is None else ""
    color = ["\\color", "{", name_, "}"] if name_ in XCOLOR else []
    if name == "color":
        end = group_close(tokens, i, _CELL_ENDS)
        return [*color, "{", *for_texmath(tokens[i:end]), "}"], end
    if name == "fcolorbox":
        _, i, _ = arg(tokens, i)
    body, i, _ = arg(tokens, i)
    inner = for_texmath(body) if name == "textcolor" else ["\\text", "{", *_flat_text(body), "}"]
    return [*color, "{", *inner, "}"], i


_PALETTE = {"black": "000000", "blue": "0000FF", "brown": "BF8040", "cyan": "00FFFF", "darkgray": "404040",
            "gray": "808080", "green": "00FF00", "lightgray": "BFBFBF", "lime": "BFFF00", "magenta": "FF00FF",
            "olive": "808000", "orange": "FF8000", "pink": "FFBFBF", "purple": "BF0040", "red": "FF0000",
            "teal": "008080", "violet": "800080", "white": "FFFFFF", "yellow": "FFFF00"}


def _nearest(hexa: str) -> str:
    """The xcolor name nearest to ``RRGGBB`` (texmath knows names only)."""
    try:
        rgb = [int(hexa[k:k + 2], 16) for k in (0, 2, 4)]
    except ValueError:
        return ""
    return min(_PALETTE, key=lambda n: sum((a - int(_PALETTE[n][k:k + 2], 16)) ** 2
                                             for a, k in zip(rgb, (0, 2, 4))))


def _switches(tokens: list[str]) -> list[str]:
    """``{\\rm d}x`` → ``{\\mathrm{d}}x``: old font switches act to the end of their group."""
    def write(toks, i: int) -> tuple[list[str], int]:
        end = group_close(toks, i + 1, _CELL_ENDS)
        return [_SWITCHES[toks[i]], "{", *_switches(toks[i + 1:end]), "}"], end

    return rewrite(tokens, _SWITCHES.keys(), write)


_ENV_MAP = {"dcases": "cases", "dcases*": "cases", "cases*": "cases", "subarray": None, "CD": None,
            "rcases": None, "drcases": None, "matrix*": "matrix", "pmatrix*": "pmatrix",
            "bmatrix*": "bmatrix", "Bmatrix*": "Bmatrix", "vmatrix*": "vmatrix", "Vmatrix*": "Vmatrix",
            "rcases*": None, "drcases*": None, "smallmatrix*": "smallmatrix", "lgathered": "gathered",
            "rgathered": "gathered", "crampedsubarray": None, "multlined": "multlined"}
#: mathtools' small matrices with delimiters: texmath has only ``smallmatrix``.
_SMALL = {"p": ("(", ")"), "b": ("[", "]"), "B": ("\\{", "\\}"), "v": ("|", "|"), "V": ("\\|", "\\|")}
_ENV_MAP.update({f"{k}smallmatrix{star}": None for k in _SMALL for star in ("", "*")})


def _environments(tokens: list[str]) -> list[str]:
    """Environments texmath lacks: CD → array, rcases → array in ``\\left.…\\right\\}``, dcases → cases."""
    if "\\begin" not in tokens:
        return tokens
    names = "".join(tokens)
    if not any(n in names for n in ("cases", "subarray", "CD", "matrix", "gathered", "multlined")):
        return tokens  # no environment of _ENV_MAP
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] != "\\begin":
            out.append(tokens[i])
            i += 1
            continue
        name_toks, j, _ = arg(tokens, i + 1)
        name = text_of(name_toks)
        if name not in _ENV_MAP:
            out += tokens[i:j]
            i = j
            continue
        end = env_end(tokens, j)
        body = tokens[j:end]
        i = arg(tokens, end + 1)[1] if end < len(tokens) else end  # past \end{name}
        if name.endswith("*") or name.endswith("subarray") or name == "multlined":
            _, k = opt_arg(body, 0)
            if name == "multlined":  # [position][width]
                _, k = opt_arg(body, k)
            if name.endswith("subarray"):
                _, k, _ = arg(body, k)
            body = body[k:]
        new = _ENV_MAP[name]
        if new:
            out += ["\\begin", "{", new, "}", *_environments(body), "\\end", "{", new, "}"]
        elif name.rstrip("*").endswith("smallmatrix"):
            left, right = _SMALL[name[0]]
            out += ["\\left", left, *tokenize("\\begin{smallmatrix}"), *_environments(body),
                    *tokenize("\\end{smallmatrix}"), "\\right", right]
        elif name.endswith("subarray"):
            out += ["\\substack", "{", *_environments(body), "}"]
        elif name == "CD":
            out += tokenize(_cd_to_array(join(body)))
        else:
            out += tokenize("\\left.\\begin{array}{ll}") + _environments(body) + tokenize("\\end{array}\\right\\}")
    return out


_CD_ARROW = re.compile(r"@(>|<|V|A)(.*?)\1(.*?)\1|@=|@\||@\.")
_CD_SYMBOL = {">": "\\xrightarrow", "<": "\\xleftarrow"}


def _cd_to_array(body: str) -> str:
    """amscd's ``CD`` as an array: objects and arrows in alternate columns."""
    rows = []
    for line in re.split(r"\\\\", body):
        if not line.strip():
            continue
        cells: list[str] = []
        pos = 0
        for m in _CD_ARROW.finditer(line):
            cells.append(line[pos:m.start()].strip())
            kind = m.group(1)
            if kind in _CD_SYMBOL:
                below = f"[{m.group(3)}]" if m.group(3).strip() else ""
                cells.append(f"{_CD_SYMBOL[kind]}{below}{{{m.group(2)}}}")
            elif kind in ("V", "A"):
                arrow = "\\downarrow" if kind == "V" else "\\uparrow"
                cells.append(f"{{{m.group(2)}}}{arrow}{{{m.group(3)}}}")
            else:
                cells.append({"@=": "=", "@|": "\\Vert", "@.": ""}[m.group()])
            pos = m.end()
        cells.append(line[pos:].strip())
        if all(c.startswith(("{", "\\downarrow", "\\uparrow", "\\Vert")) or not c for c in cells[1::2]) and \
                not any(cells[0::2]):
            cells = cells[1::2]  # a row of vertical arrows: the arrows sit under the objects
            cells = [x for c in cells for x in (c, "")][:-1]
        rows.append(" & ".join(cells))
    width = max((r.count("&") + 1 for r in rows), default=1)
    return f"\\begin{{array}}{{{'c' * width}}}" + " \\\\ ".join(rows) + "\\end{array}"


def mhchem_for_texmath(tokens: list[str]) -> list[str]:
    """``\\ce{H2O -> X}`` → plain TeX for texmath, which has no mhchem: upright, digits as subscripts."""
    if "\\ce" not in tokens and "\\pu" not in tokens:
        return list(tokens)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in ("\\ce", "\\pu"):
            out.append(tokens[i])
            i += 1
            continue
        body, i, _ = arg(tokens, i + 1)
        text = join(body)
        # mhchem's arrows are long (MathJax ⟶), as the book's mhchem draws them
        for a, b in (("<=>", " \\rightleftharpoons "), ("<->", " \\longleftrightarrow "), ("->", " \\longrightarrow "),
                     ("<-", " \\longleftarrow "), ("+", " + ")):
            text = text.replace(a, b)
        res: list[str] = []
        prev = ""
        for ch in text:
            res.append(f"_{{{ch}}}" if ch.isdigit() and (prev.isalpha() or prev == ")") else ch)
            prev = ch if not (ch.isdigit() and res[-1].startswith("_")) else prev
        out += ["\\mathrm", "{", *tokenize("".join(res)), "}"]
    return out
