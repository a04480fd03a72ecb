"""The rewrites the table (:mod:`.table`) names: token-list functions that turn MathJax-only TeX
into TeX that xelatex takes.  Each is small, pure and tested through the table's golden cases."""

from __future__ import annotations

from typing import Callable

from . import allow
from .commands import ARGS
from .table import CSS_COLORS, SCRIPTS, SYMBOLS, TEXT_NARGS, XCOLOR, is_textlike, math_alphabet
from .tokens import arg, env_end, opt_arg, rewrite, skip_space, split_top, text_of, tokenize

Warn = Callable[[str], None]


def colors(tokens: list[str], warn: Warn) -> list[str]:
    """MathJax's ``\\color{c}{x}`` → ``{\\color{c}x}`` (a switch to the end of the group, as in
    TeX), the colour checked and kept as a value the writers spell: an xcolor or CSS name, or
    ``#RRGGBB`` (one token); an unknown colour is black, with a warning."""
    def write(toks, i: int) -> tuple[list[str], int]:
        t = toks[i]
        opt, j = opt_arg(toks, i + 1)
        name, j, _ = arg(toks, j)
        spec = _color_spec(opt, text_of(name), warn)
        k = skip_space(toks, j)
        if t == "\\color" and k < len(toks) and toks[k] == "{":
            body, end, _ = arg(toks, k)
            return ["{", "\\color", *spec, *colors(body, warn), "}"], end
        return [t, *spec], j

    return rewrite(tokens, COLOR_COMMANDS, write)


COLOR_COMMANDS = frozenset(["\\color", "\\textcolor", "\\colorbox"])


def _color_spec(opt: list[str] | None, name: str, warn: Warn) -> list[str]:
    """The colour argument ``{value}`` (or ``[model]{value}``) for ``name``, checked."""
    if opt is not None:
        model = text_of(opt)
        if model in ("rgb", "RGB", "HTML", "gray", "cmyk") and all(c in "0123456789abcdefABCDEF., " for c in name):
            return ["[", model, "]", "{", name, "}"]
        warn(f"colour [{model}]{{{name}}} shown black")
        return ["{", "black", "}"]
    low = name.strip().lower()
    if low in XCOLOR or low in CSS_COLORS:
        return ["{", low, "}"]
    hexa = low.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    if len(hexa) == 6 and all(c in "0123456789abcdef" for c in hexa):
        return ["{", "#" + hexa.upper(), "}"]
    warn(f"colour {name!r} is not known; shown black")
    return ["{", "black", "}"]


def color_hex(value: str) -> str | None:
    """``RRGGBB`` of a colour value :func:`colors` kept that xcolor does not name (a CSS name or
    ``#RRGGBB``); None for xcolor's own names."""
    return value[1:] if value.startswith("#") else CSS_COLORS.get(value)


def wrap_text(tokens: list[str]) -> list[str]:
    """Map Unicode symbols to commands and wrap runs of CJK (and other text) in ``\\text{}``.

    Arguments already in text mode (``\\text``, ``\\tag``, ``\\label`` …) are left alone.
    """
    # Every rewrite below starts at a non-ASCII character or a text-mode command.
    if "".join(tokens).isascii() and allow.TEXT_ARGS.isdisjoint(tokens):
        return list(tokens)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.extend(["\\text", "{", *run, "}"])
            run.clear()

    # Only text-mode commands and non-ASCII tokens ("hot") start a rewrite; runs between them are copied.
    hot = [k for k, t in enumerate(tokens) if t in allow.TEXT_ARGS or not t.isascii()]
    hot.append(len(tokens))
    h = 0
    i = 0
    while i < len(tokens):
        while hot[h] < i:
            h += 1
        if hot[h] > i:
            flush()
            out.extend(tokens[i:hot[h]])
            i = hot[h]
            continue
        t = tokens[i]
        if len(t) == 1 and is_textlike(t):
            run.append(t)
            i += 1
            continue
        flush()
        if t in allow.TEXT_ARGS:
            j = i + 1
            k = skip_space(tokens, j)
            if k < len(tokens) and tokens[k] == "*":
                j = k + 1
            _, j = opt_arg(tokens, j)
            for _ in range(TEXT_NARGS.get(t, 1)):
                _, j, _ = arg(tokens, j)
            out.extend(_inner_math(tokens[i:j]))
            i = j
            continue
        if t in SCRIPTS:
            kind = SCRIPTS[t][0]
            j = i
            while j < len(tokens) and tokens[j] in SCRIPTS and SCRIPTS[tokens[j]][0] == kind:
                j += 1
            out += [kind, "{", *(SCRIPTS[c][1] for c in tokens[i:j]), "}"]
            i = j
            continue
        if len(t) == 1 and (t in SYMBOLS or math_alphabet(t)):
            cmd = SYMBOLS.get(t) or math_alphabet(t)
            if next((x for x in reversed(out) if not x.isspace()), "") in ("^", "_"):
                cmd = "{" + ("{}" if cmd.startswith("^") else "") + cmd + "}"  # x^⊨ → x^{\models}
            out.extend(tokenize(cmd))
            i += 1
            continue
        out.append(t)
        i += 1
    flush()
    return out


def _inner_math(tokens: list[str]) -> list[str]:
    """``\\text{当$x_{最优}$时}``: the math inside a text argument gets the same treatment."""
    parts = "".join(tokens).split("$") if tokens.count("$") >= 2 else None
    if not parts:
        return tokens
    return [x for k, p in enumerate(parts) for x in ([*(["$"] if k else []), *(wrap_text(tokenize(p)) if k % 2 else tokenize(p))])]


def brace_scripts(tokens: list[str]) -> list[str]:
    """``x_\\boldsymbol{B}`` → ``x_{\\boldsymbol{B}}``: MathJax takes it, TeX needs the braces."""
    def write(toks, s: int) -> tuple[list[str], int]:
        j = skip_space(toks, s + 1)
        if not (j < len(toks) and toks[j][1:] in ARGS and toks[j].startswith("\\")):
            return [toks[s]], s + 1
        _, k = opt_arg(toks, j + 1)
        for _ in range(ARGS[toks[j][1:]]):
            _, k, _ = arg(toks, k)
        return [toks[s], "{", *brace_scripts(toks[j:k]), "}"], k

    return rewrite(tokens, _SCRIPT_MARKS, write)


_SCRIPT_MARKS = frozenset(["^", "_"])


def widen_arrays(tokens: list[str]) -> list[str]:
    """MathJax lets a row of ``array`` have more cells than the column spec: add ``c`` columns."""
    out = list(tokens)
    if "\\begin" not in out or "array" not in "".join(out):
        return out  # no environment named (sub)array
    i = 0
    while i < len(out):
        if out[i] == "\\begin" and text_of(arg(out, i + 1)[0]) in ("array", "subarray"):
            _, j, _ = arg(out, i + 1)
            spec, k, grouped = arg(out, j)
            if grouped and "*" not in spec:
                end = env_end(out, k)
                rows = split_top(out[k:end], "\\\\")
                cells = max(len(split_top(r, "&")) for r in rows)
                have = sum(1 for t in "".join(spec) if t in "lcrpmbX")
                spec = ["|" if x == ":" else x for x in spec]  # MathJax's dashed rule: solid here
                out[j:k] = ["{", *spec, *"c" * max(0, cells - have), "}"]
        i += 1
    return out


_CASES = ("cases", "cases*", "dcases", "dcases*", "rcases", "rcases*", "drcases", "drcases*")


def cases_cells(tokens: list[str]) -> list[str]:
    """MathJax lets a ``cases`` row have more than two cells; LaTeX has two: join the rest with ``\\quad``."""
    out = list(tokens)
    if "\\begin" not in out or "cases" not in "".join(out):
        return out  # no environment named …cases
    i = 0
    while i < len(out):
        if out[i] == "\\begin" and text_of(arg(out, i + 1)[0]) in _CASES:
            _, k, _ = arg(out, i + 1)
            end = env_end(out, k)
            rows = split_top(out[k:end], "\\\\")
            if any(len(split_top(r, "&")) > 2 for r in rows):
                new = []
                for r in rows:
                    cells = split_top(r, "&")
                    head = [*cells[0], "&", *cells[1]] if len(cells) > 1 else cells[0]
                    new.append(head + [x for c in cells[2:] for x in ("\\quad", *c)])
                out[k:end] = [x for n, r in enumerate(new) for x in ([*r] if not n else ["\\\\", *r])]
        i += 1
    return out


#: Commands whose braced argument MathJax reads as text, where ``%`` is a literal percent.
_TEXT_MODE = frozenset(["\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\textup",
                        "\\textnormal", "\\mbox", "\\hbox", "\\textsl", "\\textmd", "\\emph"])
_COMMENT_OR_TEXT = _TEXT_MODE | {"%"}


def comments(tokens: list[str]) -> list[str]:
    """Drop ``%`` comments to the end of the line, except inside text arguments (``\\text{5%}``)."""
    def write(toks, i: int) -> tuple[list[str], int]:
        t = toks[i]
        if t in _TEXT_MODE:
            j = skip_space(toks, i + 1)
            if j < len(toks) and toks[j] == "{":
                _, k, _ = arg(toks, j)
                return [t, *_text_literals(toks[i + 1:k])], k
            return [t], i + 1
        while i < len(toks) and "\n" not in toks[i]:  # a comment, to the end of its line
            i += 1
        return [], i

    return rewrite(tokens, _COMMENT_OR_TEXT, write)


#: Characters MathJax shows as themselves in text arguments but LaTeX would read as markup.
_TEXT_ESCAPES = {"%": "\\%", "_": "\\_", "&": "\\&", "#": "\\#", "^": "\\textasciicircum{}"}


def _text_literals(tokens: list[str]) -> list[str]:
    """Escape ``% _ & # ^`` in a text argument, outside its ``$…$`` or ``\\(…\\)`` math (``#1`` of a
    macro body stays)."""
    out: list[str] = []
    math = False
    for k, x in enumerate(tokens):
        x = "$" if x in ("\\(", "\\)") else x  # MathJax: \text{if \(x\)} as \text{if $x$}
        math ^= x == "$"
        param = x == "#" and k + 1 < len(tokens) and tokens[k + 1][:1].isdigit()
        out += tokenize(_TEXT_ESCAPES[x]) if x in _TEXT_ESCAPES and not math and not param else [x]
    return out


def trailing_rows(tokens: list[str]) -> list[str]:
    """Drop a ``\\\\`` that ends the last row (before ``\\end`` or the formula's end): MathJax
    makes no empty row of it, LaTeX would (a taller brace in ``cases``, a blank line)."""
    if "\\\\" not in tokens:
        return list(tokens)
    drop: set[int] = set()
    for k in [k for k, t in enumerate(tokens) if t == "\\\\"]:
        _, after = opt_arg(tokens, k + 1)  # \\[6pt] at the end is no row either
        j = skip_space(tokens, after)
        if j >= len(tokens) or tokens[j] == "\\end":
            drop.update(range(k, after))
    return [t for k, t in enumerate(tokens) if k not in drop] if drop else list(tokens)


def lead_amp(tokens: list[str]) -> list[str]:
    """``\\begin{aligned}&…`` → ``\\begin{aligned}{}&…``: with mathtools, an empty first cell
    followed by ``\\cdots`` breaks xelatex (TeX Live 2022), and ``{}`` changes nothing visible."""
    if "\\begin" not in tokens:
        return list(tokens)
    out: list[str] = []
    done = 0  # tokens before this index are in out
    for i in [k for k, t in enumerate(tokens) if t == "\\begin"]:
        if i < done:
            continue
        if text_of(arg(tokens, i + 1)[0]) == "aligned":
            _, j, _ = arg(tokens, i + 1)
            k = skip_space(tokens, j)
            if k < len(tokens) and tokens[k] == "&":
                out += [*tokens[done:j], "{", "}"]
                done = j
    out.extend(tokens[done:])
    return out


def double_script(tokens: list[str]) -> str | None:
    """Why MathJax rejects the scripts of ``tokens`` (``a^b^c``, ``a_b_c``, ``x^2'``), or None.

    One base takes one superscript and one subscript; a prime after its superscript is a second
    one.  Runs after :func:`brace_scripts`, so a script is one token or one group; the arguments
    of text, label and reference commands are skipped (``\\label{eq:a_b_c}``)."""
    k = 0  # tokens before k were read (a text argument, a script's argument)
    # Only text commands and scripts need a look: jump from one to the next.
    for h in [h for h, t in enumerate(tokens) if t in _SCRIPT_MARKS or t in _TEXT_ARGS]:
        if h < k:
            continue
        k = h
        if tokens[k] in _TEXT_ARGS:
            k = arg(tokens, k + 1)[1]
            continue
        seen: set[str] = set()
        while k < len(tokens) and tokens[k] in ("^", "_", "'"):
            mark = tokens[k]
            if mark == "'" and "^" in seen:
                return "a prime after a superscript is a second superscript (MathJax: use braces to clarify)"
            if mark in seen:
                return f"two {'superscripts' if mark == '^' else 'subscripts'} on one base (MathJax: use braces to clarify)"
            seen.add(mark)
            k = skip_space(tokens, k + 1 if mark == "'" else arg(tokens, k + 1)[1])
    return None


#: What cannot be a command's argument: MathJax stops with "Missing argument" (or "Misplaced &").
_NOT_AN_ARGUMENT = frozenset(["}", "&", "\\end", "\\right"])
#: The commands whose arguments are text, not looked into by the two scans (``\\begin``/``\\end`` are read).
_TEXT_ARGS = allow.TEXT_ARGS - {"\\begin", "\\end"}
#: :data:`ARGS` by token (``\\frac`` → 2): the scans look up every token, so no slicing per token.
_NARGS = {"\\" + name: n for name, n in ARGS.items() if n}


def missing_argument(tokens: list[str]) -> str | None:
    """Why MathJax rejects a command that lacks an argument (``\\frac{a}`` at the end, ``\\sqrt``
    before ``&``), or None.  The arguments of text commands are text: not looked into."""
    skipped = 0  # tokens before this index are a text argument, not looked into
    # Only text commands and commands with arguments need a look: jump from one to the next.
    for k in [h for h, t in enumerate(tokens) if t in _NARGS or t in _TEXT_ARGS]:
        if k < skipped:
            continue
        t = tokens[k]
        if t in _TEXT_ARGS:
            j = skip_space(tokens, k + 1)
            if t[1:] in ARGS and (j >= len(tokens) or tokens[j] in _NOT_AN_ARGUMENT):
                return f"{t} has no argument (MathJax: Missing argument for {t})"
            skipped = arg(tokens, k + 1)[1]
            continue
        _, j = opt_arg(tokens, k + 1)
        for _ in range(_NARGS[t]):
            j = skip_space(tokens, j)
            if j >= len(tokens) or tokens[j] in _NOT_AN_ARGUMENT:
                return f"{t} lacks an argument (MathJax: Missing argument for {t})"
            j = arg(tokens, j)[1]
    return None
