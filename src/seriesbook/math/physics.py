"""The commonest commands of MathJax's ``physics`` extension (loaded by ``\\require{physics}`` or a
site's configuration) → plain amsmath, for the book and the EPUB alike.

Only what reads the same without the physics package is here: ``\\abs``, ``\\norm``, ``\\dd``,
``\\dv``, ``\\pdv``, ``\\qty``, ``\\mqty``, ``\\tr``, ``\\order`` …  ``\\div``, ``\\grad``-like
redefinitions of standard commands are left alone.  A post's own definition of one of these
names wins (:func:`expand` skips the names it is given).
"""

from __future__ import annotations

from .tokens import arg, opt_arg, rewrite, skip_space, tokenize

#: One-argument commands: ``#`` is the argument.
_ONE = {
    "abs": "\\left\\lvert #\\right\\rvert", "absolutevalue": "\\left\\lvert #\\right\\rvert",
    "norm": "\\left\\lVert #\\right\\rVert", "order": "\\mathcal{O}\\left(#\\right)",
    "ev": "\\left\\langle #\\right\\rangle", "expval": "\\left\\langle #\\right\\rangle",
    "expectationvalue": "\\left\\langle #\\right\\rangle", "pqty": "\\left(#\\right)",
    "bqty": "\\left[#\\right]", "Bqty": "\\left\\{#\\right\\}", "vqty": "\\left\\lvert #\\right\\rvert",
    "vb": "\\mathbf{#}", "vectorbold": "\\mathbf{#}", "va": "\\vec{#}", "vectorarrow": "\\vec{#}",
    "vu": "\\hat{\\mathbf{#}}", "vectorunit": "\\hat{\\mathbf{#}}", "qq": "\\quad\\text{#}\\quad",
    "pmqty": "\\begin{pmatrix}#\\end{pmatrix}",
    "Pmqty": "\\left(\\begin{pmatrix}#\\end{pmatrix}\\right)", "bmqty": "\\begin{bmatrix}#\\end{bmatrix}",
    "vmqty": "\\begin{vmatrix}#\\end{vmatrix}", "matrixquantity": "\\begin{matrix}#\\end{matrix}",
}
#: Two-argument commands: ``#1``, ``#2``.
_TWO = {"comm": "\\left[#1,#2\\right]", "commutator": "\\left[#1,#2\\right]", "acomm": "\\left\\{#1,#2\\right\\}",
        "anticommutator": "\\left\\{#1,#2\\right\\}", "pb": "\\left\\{#1,#2\\right\\}",
        "poissonbracket": "\\left\\{#1,#2\\right\\}"}
#: Commands without arguments.
_ZERO = {"tr": "\\operatorname{tr}", "trace": "\\operatorname{tr}", "Tr": "\\operatorname{Tr}",
         "Trace": "\\operatorname{Tr}", "rank": "\\operatorname{rank}", "erf": "\\operatorname{erf}",
         "Res": "\\operatorname{Res}", "grad": "\\nabla", "gradient": "\\nabla", "curl": "\\nabla\\times",
         "laplacian": "\\nabla^{2}", "qcomma": ",\\quad", "qand": "\\quad\\text{and}\\quad"}
_DERIV = {"dv": "\\mathrm{d}", "derivative": "\\mathrm{d}", "pdv": "\\partial", "partialderivative": "\\partial"}
_DIFF = {"dd", "differential"}
_QTY = {"(": ("(", ")"), "[": ("[", "]"), "|": ("\\lvert", "\\rvert")}

_MQTY = {"(": "pmatrix", "[": "bmatrix", "\\lvert": "vmatrix", "\\{": "matrix"}

NAMES = frozenset({*_ONE, *_TWO, *_ZERO, *_DERIV, *_DIFF, "qty", "quantity", "mqty"})


def expand(tokens: list[str], skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Replace the physics commands of ``tokens`` (except the names in ``skip``)."""
    def write(toks, i: int) -> tuple[list[str], int]:
        new, end = _one_command(toks[i][1:], toks, _star(toks, i + 1))
        return expand(new, skip), end

    return rewrite(tokens, COMMANDS.difference("\\" + n for n in skip) if skip else COMMANDS, write)


COMMANDS = frozenset("\\" + n for n in NAMES)


def _star(tokens: list[str], i: int) -> int:
    """Past a ``*`` (physics' "no automatic sizing"; the book sizes as the formula needs)."""
    j = skip_space(tokens, i)
    return j + 1 if j < len(tokens) and tokens[j] == "*" else i


def _fill(template: str, *args: list[str]) -> list[str]:
    out: list[str] = []
    toks = tokenize(template)
    k = 0
    while k < len(toks):
        if toks[k] == "#":
            n = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].isdigit() else ""
            out += args[int(n) - 1 if n else 0]
            k += 2 if n else 1
        else:
            out.append(toks[k])
            k += 1
    return out


def _one_command(name: str, tokens: list[str], i: int) -> tuple[list[str], int]:
    if name in _ZERO:
        return tokenize(_ZERO[name]), i
    if name in _ONE:
        a, i, _ = arg(tokens, i)
        return _fill(_ONE[name], a), i
    if name in _TWO:
        a, i, _ = arg(tokens, i)
        b, i, _ = arg(tokens, i)
        return _fill(_TWO[name], a, b), i
    if name in _DIFF:  # \dd x, \dd{x}, \dd[3]{x}
        power, i = opt_arg(tokens, i)
        d = ["\\mathrm", "{", "d", "}"] + (["^", "{", *power, "}"] if power else [])
        j = skip_space(tokens, i)
        if j < len(tokens) and tokens[j] == "{":
            a, i, _ = arg(tokens, j)
            return d + ["{", *a, "}"], i
        return d, i
    if name in _DERIV:  # \dv{x}, \dv{f}{x}, \dv[n]{f}{x}, \pdv{f}{x}{y}
        return _derivative(_DERIV[name], tokens, i)
    new, i = _quantity(tokens, i)
    if name != "mqty" or len(new) < 4:
        return new, i
    # \mqty(…) → pmatrix, \mqty[…] → bmatrix, \mqty|…| → vmatrix, \mqty{…} → matrix
    env = ["{", _MQTY.get(new[1], "matrix"), "}"]
    return ["\\begin", *env, *new[2:-2], "\\end", *env], i


def _derivative(d: str, tokens: list[str], i: int) -> tuple[list[str], int]:
    power, i = opt_arg(tokens, i)
    args: list[list[str]] = []
    while len(args) < 3:
        j = skip_space(tokens, i)
        if j >= len(tokens) or tokens[j] != "{":
            break
        a, i, _ = arg(tokens, j)
        args.append(a)
    if not args:
        return tokenize(d), i
    up = ["^", "{", *power, "}"] if power else []
    if len(args) == 1:
        return ["\\frac", "{", *tokenize(d), *up, "}", "{", *tokenize(d), *args[0], *up, "}"], i
    if len(args) == 3:
        return ["\\frac", "{", *tokenize(d), "^", "{", "2", "}", *args[0], "}",
                "{", *tokenize(d), *args[1], *tokenize(d), *args[2], "}"], i
    below = ["{", *args[1], "}", *up] if up else args[1]
    return ["\\frac", "{", *tokenize(d), *up, *args[0], "}", "{", *tokenize(d), *below, "}"], i


def _quantity(tokens: list[str], i: int) -> tuple[list[str], int]:
    """``\\qty(x)``, ``\\qty[x]``, ``\\qty|x|``, ``\\qty{x}`` → ``\\left…\\right`` pairs."""
    j = skip_space(tokens, i)
    if j < len(tokens) and tokens[j] in _QTY:
        opening, closing = _QTY[tokens[j]]
        close_tok = {"(": ")", "[": "]", "|": "|"}[tokens[j]]
        depth = 0
        for k in range(j + 1, len(tokens)):
            depth += tokens[k] == "{"
            depth -= tokens[k] == "}"
            if depth == 0 and tokens[k] == close_tok and (close_tok == "|" or _balanced(tokens[j + 1:k], tokens[j], close_tok)):
                return ["\\left", opening, *tokens[j + 1:k], "\\right", closing], k + 1
        return ["\\left", opening, "\\right", "."], j + 1
    a, i, _ = arg(tokens, i)
    return ["\\left", "\\{", *a, "\\right", "\\}"], i


def _balanced(inner: list[str], opening: str, closing: str) -> bool:
    return inner.count(opening) == inner.count(closing)
