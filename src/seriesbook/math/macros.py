"""A post's own macros: ``\\newcommand``, ``\\renewcommand``, ``\\def``, ``\\let`` and
``\\DeclareMathOperator`` inside its formulas.  MathJax keeps them for the rest of the page, so
a definition is in force for the later formulas of the same post (and the rest of its own);
a name may be written without its backslash (``\\newcommand{msign}{…}``), as MathJax allows.

A definition is taken out of its formula and kept only when it is safe: its body uses allowed
commands or macros defined *before* it (so no definition can loop), and its name is neither a
structural command nor reserved (``SB…``).  Both the book TeX and the EPUB TeX get every use
expanded with the definitions in force at that formula: each formula stands alone (which is
what lets :func:`seriesbook.build.isolate.find_broken` compile it alone, and texmath sees one
formula at a time), and a post's macros can never leak into another post or redefine LaTeX's own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import allow
from .tokens import arg, is_cs, opt_arg, skip_space, text_of

#: Commands a post may not redefine: the book's own structure depends on them.
PROTECTED = frozenset(
    """begin end left right middle text mbox label tag eqref ref notag nonumber frac over
    newcommand renewcommand def color textcolor hbox operatorname mathop limits nolimits
    displaystyle textstyle big Big bigg Bigg""".split()
)


#: Tokens one formula may grow to by macro expansion (``\\a`` → ``\\b\\b`` → … explodes).
EXPANSION_LIMIT = 20000


class ExpansionError(ValueError):
    """Macros that grow without bound (the formula is refused, never typeset)."""


@dataclass(frozen=True)
class Macro:
    """One safe definition: ``\\name`` with ``nargs`` arguments (the first optional when ``default`` is set)."""

    name: str
    nargs: int
    body: tuple[str, ...]
    default: tuple[str, ...] | None = None
    operator: str = ""
    """``*`` or ``-`` for ``\\DeclareMathOperator`` (``*`` puts limits below)."""

def extract(tokens: list[str], known: dict[str, Macro]) -> tuple[list[str], list[Macro], list[str]]:
    """Take definitions out of ``tokens``: (remaining tokens, new macros, problems found)."""
    if allow.DEFINERS.isdisjoint(tokens):
        return list(tokens), [], []
    out: list[str] = []
    found: list[Macro] = []
    problems: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t not in allow.DEFINERS:
            out.append(t)
            i += 1
            continue
        scope = {**known, **{m.name: m for m in found}}
        macro, i, problem = _parse_let(tokens, i, scope) if t == "\\let" else _parse_definition(tokens, i)
        if problem:
            problems.append(problem)
        elif macro:
            problem = check_body(macro, scope)
            if problem:
                problems.append(problem)
            else:
                found.append(macro)
    return out, found, problems


def _parse_definition(tokens: list[str], i: int) -> tuple[Macro | None, int, str | None]:
    """Parse the definition starting at ``tokens[i]`` into a Macro."""
    definer = tokens[i]
    i += 1
    operator = ""
    if definer == "\\DeclareMathOperator":
        j = skip_space(tokens, i)
        if j < len(tokens) and tokens[j] == "*":
            operator, i = "*", j + 1
        else:
            operator = "-"
    name_toks, i, _ = arg(tokens, i)
    name = _name(name_toks, definer)
    if name is None:
        return None, i, f"{definer} needs a command name, got {text_of(name_toks) or 'nothing'}"
    nargs, default = 0, None
    if definer == "\\def":
        while True:  # \def\x#1#2{…}: count the parameters, allow nothing else
            j = skip_space(tokens, i)
            if j + 1 < len(tokens) and tokens[j] == "#" and tokens[j + 1].isdigit():
                nargs, i = nargs + 1, j + 2
            else:
                break
    elif not operator:
        opt, i = opt_arg(tokens, i)
        if opt is not None:
            if not text_of(opt).isdigit() or not 0 <= int(text_of(opt)) <= 9:
                return None, i, f"{definer}{name}: bad argument count [{text_of(opt)}]"
            nargs = int(text_of(opt))
            default, i = opt_arg(tokens, i)
    j = skip_space(tokens, i)
    if j >= len(tokens) or tokens[j] != "{":
        return None, j, f"{definer}{name} has no body in braces"
    body, i, _ = arg(tokens, j)
    return Macro(name[1:], nargs, tuple(body), tuple(default) if default is not None else None, operator), i, None


def _name(tokens: list[str], definer: str) -> str | None:
    """The ``\\name`` a definition defines, or None when it is not a name.

    As in MathJax: ``\\def`` and ``\\let`` take a control word; ``\\newcommand`` & co. take a
    braced argument with or without the backslash (``{\\msign}``, ``{msign}``)."""
    tokens = [t for t in tokens if not t.isspace()]
    text = text_of(tokens)
    if len(tokens) == 1 and is_cs(tokens[0]) and text[1:].isalpha():
        return text
    if definer not in ("\\def", "\\let") and text.isascii() and text.isalpha():
        return "\\" + text
    return None


def _parse_let(tokens: list[str], i: int, scope: dict[str, Macro]) -> tuple[Macro | None, int, str | None]:
    """``\\let\\new\\old`` or ``\\let\\new=\\old`` (at ``tokens[i]``): ``\\new`` means what
    ``\\old`` means now — a copy of a post macro, or the allowed command itself."""
    name_toks, i, _ = arg(tokens, i + 1)
    name = _name(name_toks, "\\let")
    if name is None:
        return None, i, f"\\let needs a command name, got {text_of(name_toks) or 'nothing'}"
    j = skip_space(tokens, i)
    if j < len(tokens) and tokens[j] == "=":
        i = j + 1
    target, i, _ = arg(tokens, i)
    if len(target) != 1:
        return None, i, f"\\let{name} needs one token to copy"
    old = target[0]
    if is_cs(old) and old[1:] in scope:
        return replace(scope[old[1:]], name=name[1:]), i, None
    return Macro(name[1:], 0, (old,)), i, None


def check_body(macro: Macro, scope: dict[str, Macro]) -> str | None:
    """Why ``macro`` is unsafe (None when it is safe)."""
    if macro.name in PROTECTED or macro.name.startswith("SB"):
        return f"\\{macro.name} may not be redefined"
    if allow.is_forbidden("\\" + macro.name):
        return f"\\{macro.name} is a forbidden name"
    body = list(macro.body) + list(macro.default or ())
    for k, t in enumerate(body):
        if t == "#":
            nxt = body[k + 1] if k + 1 < len(body) else ""
            if not (nxt.isdigit() and 1 <= int(nxt) <= macro.nargs):
                return f"\\{macro.name}: '#' must be followed by an argument number up to {macro.nargs}"
        elif is_cs(t) and not allow.is_allowed(t, set(scope)):
            why = "forbidden" if allow.is_forbidden(t) else "unknown"
            return f"\\{macro.name} uses {why} command {t}"
        elif t == "^" and k + 1 < len(body) and body[k + 1] == "^":
            return f"\\{macro.name} uses '^^'"
    return None


def expand(tokens: list[str], macros: dict[str, Macro], depth: int = 0) -> list[str]:
    """Replace calls of ``macros`` by their bodies (for texmath, which sees one formula at a time)."""
    if not macros or depth > 20:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        m = macros.get(t[1:]) if is_cs(t) else None
        if m is None:
            out.append(t)
            i += 1
            continue
        i += 1
        args: list[list[str]] = []
        if m.default is not None:
            opt, i = opt_arg(tokens, i)
            args.append(list(m.default) if opt is None else opt)
        while len(args) < m.nargs:
            a, i, _ = arg(tokens, i)
            args.append(a)
        body: list[str] = []
        k = 0
        while k < len(m.body):
            if m.body[k] == "#" and k + 1 < len(m.body) and m.body[k + 1].isdigit():
                body += args[int(m.body[k + 1]) - 1]  # as TeX does: no braces added
                k += 2
            else:
                body.append(m.body[k])
                k += 1
        if m.operator:
            body = ["\\operatorname", *(["*"] if m.operator == "*" else []), "{", *body, "}"]
        out += expand(body, macros, depth + 1)
        if len(out) > EXPANSION_LIMIT:
            raise ExpansionError(f"the post's macros expand to more than {EXPANSION_LIMIT} tokens")
    return out
