"""The one table of what MathJax accepts and how xelatex (and texmath, for the EPUB) gets it.

:data:`TABLE` lists every construct with an example; ``tests/test_math_table.py`` runs each
example through the passes and compares with ``tests/cases/math/table-<name>/``, and the
compile test typesets them all.  Rows whose ``how`` is ``"as is"`` need only the packages in
:data:`seriesbook.math.PREAMBLE`; the others name the function below that rewrites them.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from . import allow
from .tokens import arg, join, opt_arg, skip_space, split_top, text_of


class Row(NamedTuple):
    """One construct: a name (the golden case folder), an example in MathJax TeX, and how it is handled."""

    name: str
    example: str
    how: str


#: Examples are written as the site writes them: ``$…$``, ``$$…$$`` or a bare environment.
TABLE: list[Row] = [
    Row("cjk", "$x_{最优}=1，且y$", "CJK runs → \\text{} (xeCJK does not typeset CJK in math)"),
    Row("text-cjk", "$\\text{中文}+1$", "as is"),
    Row("boldsymbol", "$\\boldsymbol{x}+\\bm{y}+\\pmb{z}$", "as is (bm)"),
    Row("color", "$\\color{red}{x}+y$", "two-argument \\color → {\\color{red}x}"),
    Row("color-hex", "$\\color{#f80}{x}+\\color{orange}{y}$", "CSS colours → \\color[HTML]"),
    Row("require", "$\\require{cancel}\\cancel{x}$", "\\require dropped"),
    Row("bbox", "$\\bbox[border:1px solid red]{x}+\\bbox[yellow]{y}$", "\\bbox → \\boxed or plain"),
    Row("class-style", "$\\class{a}{x}+\\style{color:red}{y}+\\cssId{i}{z}$", "HTML-only wrappers dropped"),
    Row("unicode", "$\\unicode{x2248}\\unicode{8804}$", "\\unicode → the character"),
    Row("label-aligned", "\\begin{equation}\\begin{aligned}a&=b\\label{eq:x}\\\\c&=d\\end{aligned}\\end{equation}",
        "label inside aligned labels the equation"),
    Row("tag-display", "$$x=1\\tag{32}$$", "\\tag in $$ shows"),
    Row("equation-newline", "\\begin{equation}a=b\\\\c=d\\end{equation}", "\\\\ without inner env → gathered"),
    Row("equation-newline-amp", "\\begin{equation}a&=b\\\\c&=d\\end{equation}", "\\\\ and & → aligned"),
    Row("over", "$a\\over b+{n\\choose k}+{x\\atop y}+\\stackrel{?}{=}$", "as is (TeX primitives)"),
    Row("argmin", "$\\mathop{\\text{argmin}}_x f+\\operatorname*{argmax}_y g$", "as is"),
    Row("xarrow", "$A\\xrightarrow{\\text{推导}}B\\xleftarrow[n]{}C$", "as is (amsmath)"),
    Row("cancel", "$\\cancel{x}\\bcancel{y}\\xcancel{z}$", "as is (cancel)"),
    Row("boxed", "$\\boxed{E=mc^2}$", "as is"),
    Row("fonts", "$\\mathscr{L}\\mathfrak{g}\\mathbb{R}\\mathcal{O}\\mathbb{1}$", "as is (mathrsfs, amssymb)"),
    Row("cd", "\\begin{CD}A @>f>> B\\\\@VgVV @VVhV\\\\C @>>k> D\\end{CD}", "as is (amscd)"),
    Row("array", "$$\\left(\\begin{array}{c|c}1&2\\\\\\hline 3&4\\end{array}\\right)$$", "as is"),
    Row("matrices", "$\\begin{matrix}a\\end{matrix}\\begin{pmatrix}a\\end{pmatrix}\\begin{bmatrix}a\\end{bmatrix}"
        "\\begin{vmatrix}a\\end{vmatrix}\\begin{Vmatrix}a\\end{Vmatrix}\\begin{Bmatrix}a\\end{Bmatrix}$", "as is"),
    Row("cases", "$$f(x)=\\begin{cases}1,&x>0\\\\0,&\\text{否则}\\end{cases}$$", "as is"),
    Row("rcases-dcases", "$$\\begin{rcases}a\\\\b\\end{rcases}\\begin{dcases}\\frac12&x\\end{dcases}$$", "as is (mathtools)"),
    Row("substack", "$\\sum_{\\substack{i<n\\\\j<m}}a_{ij}$", "as is"),
    Row("sideset", "$\\sideset{}{'}\\sum_{n}a_n$", "as is"),
    Row("over-under", "$\\overset{a}{b}\\underset{c}{d}\\underbrace{x+y}_{2}\\overbrace{z}^{1}$", "as is"),
    Row("norms", "$\\lvert x\\rvert+\\Vert y\\Vert+\\|z\\|$", "as is"),
    Row("fractions", "$\\dfrac{1}{2}+\\tfrac{1}{2}+\\frac12$", "as is"),
    Row("limits", "$\\sum\\limits_{i=1}^n\\lim\\limits_{x\\to0}$", "as is"),
    Row("mhchem", "$\\ce{H2O + CO2 -> H2CO3}$", "as is (mhchem); EPUB: subscripts"),
    Row("unicode-symbols", "$a≤b≈c∈X×Y, x→∞, α≠β$", "Unicode symbols → commands"),
    Row("left-brace-aligned", "$$\\left\\{\\begin{aligned}x&=1\\\\y&=2\\end{aligned}\\right.$$", "as is"),
    Row("equation-aligned", "\\begin{equation}\\begin{aligned}a&=b\\\\&=c\\end{aligned}\\end{equation}", "one number"),
    Row("align-rows", "\\begin{align}a&=b\\label{eq:one}\\\\c&=d\\nonumber\\\\e&=f\\tag{*}\\end{align}", "a number per row"),
    Row("gather", "\\begin{gather}a\\\\b\\notag\\end{gather}", "gather → gather* with tags"),
    Row("multline", "\\begin{multline}a+b\\\\+c\\end{multline}", "one number"),
    Row("eqnarray", "\\begin{eqnarray}a&=&b\\\\c&=&d\\end{eqnarray}", "eqnarray → align*"),
    Row("alignat", "\\begin{alignat}{2}a&=b&c&=d\\end{alignat}", "alignat → alignat*"),
    Row("newcommand", "$\\newcommand{\\R}{\\mathbb{R}}\\newcommand{\\norm}[1]{\\Vert #1\\Vert}\\norm{x}\\in\\R$", "post macros"),
    Row("mathjax-only", "$a\\lt b\\gt c,\\ \\Bbb{N}, \\scriptsize x$", "\\lt \\gt \\Bbb, size commands → styles"),
    Row("eqref", "$$x\\tag{5}\\label{eq:five}$$", "labels and refs (see refs cases)"),
]

# --------------------------------------------------------------------------- rewrites

#: MathJax-only control words → what LaTeX and texmath both know.
RENAMES: dict[str, list[str]] = {
    "\\lt": ["<"], "\\gt": [">"], "\\Bbb": ["\\mathbb"], "\\omicron": ["o"],
    "\\widecheck": ["\\check"], "\\hdashline": ["\\hline"],
    "\\tiny": ["\\scriptscriptstyle"], "\\scriptsize": ["\\scriptstyle"], "\\footnotesize": ["\\scriptstyle"],
    "\\small": ["\\textstyle"], "\\normalsize": ["\\textstyle"], "\\large": ["\\textstyle"],
    "\\Large": ["\\displaystyle"], "\\LARGE": ["\\displaystyle"], "\\huge": ["\\displaystyle"],
    "\\Huge": ["\\displaystyle"], "\\gets": ["\\leftarrow"], "\\Space": ["\\quad"],
}
_SIZE = {"\\tiny", "\\scriptsize", "\\footnotesize", "\\small", "\\normalsize", "\\large", "\\Large",
         "\\LARGE", "\\huge", "\\Huge"}

#: Unicode symbols MathJax takes literally → commands every math font has.
SYMBOLS: dict[str, str] = {
    "≤": "\\leq", "≥": "\\geq", "≦": "\\leqq", "≧": "\\geqq", "≠": "\\neq", "≈": "\\approx",
    "≡": "\\equiv", "∼": "\\sim", "≃": "\\simeq", "≅": "\\cong", "∝": "\\propto", "∈": "\\in",
    "∉": "\\notin", "∋": "\\ni", "⊂": "\\subset", "⊃": "\\supset", "⊆": "\\subseteq",
    "⊇": "\\supseteq", "∪": "\\cup", "∩": "\\cap", "∅": "\\emptyset", "∀": "\\forall",
    "∃": "\\exists", "¬": "\\neg", "∧": "\\wedge", "∨": "\\vee", "×": "\\times", "÷": "\\div",
    "±": "\\pm", "∓": "\\mp", "·": "\\cdot", "⋅": "\\cdot", "∙": "\\bullet", "∘": "\\circ",
    "∗": "\\ast", "⊗": "\\otimes", "⊕": "\\oplus", "⊙": "\\odot", "∞": "\\infty",
    "∂": "\\partial", "∇": "\\nabla", "∑": "\\sum", "∏": "\\prod", "∫": "\\int", "∬": "\\iint",
    "∮": "\\oint", "√": "\\surd", "→": "\\to", "←": "\\leftarrow", "↔": "\\leftrightarrow",
    "⇒": "\\Rightarrow", "⇐": "\\Leftarrow", "⇔": "\\Leftrightarrow", "↦": "\\mapsto",
    "↑": "\\uparrow", "↓": "\\downarrow", "⟶": "\\longrightarrow", "⟹": "\\Longrightarrow",
    "≪": "\\ll", "≫": "\\gg", "⊥": "\\perp", "∥": "\\parallel", "∣": "\\mid", "‖": "\\Vert",
    "⟨": "\\langle", "⟩": "\\rangle", "⌊": "\\lfloor", "⌋": "\\rfloor", "⌈": "\\lceil",
    "⌉": "\\rceil", "…": "\\ldots", "⋯": "\\cdots", "⋮": "\\vdots", "⋱": "\\ddots",
    "′": "'", "″": "''", "°": "^{\\circ}", "−": "-", "–": "-", "ℓ": "\\ell", "ℏ": "\\hbar",
    "ℝ": "\\mathbb{R}", "ℕ": "\\mathbb{N}", "ℤ": "\\mathbb{Z}", "ℚ": "\\mathbb{Q}",
    "ℂ": "\\mathbb{C}", "†": "\\dagger", "‡": "\\ddagger", "∠": "\\angle", "△": "\\triangle",
    "□": "\\square", "★": "\\star", "♯": "\\sharp", "♭": "\\flat", "ⅆ": "d", "\u00a0": " ",
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\varepsilon",
    "ϵ": "\\epsilon", "ζ": "\\zeta", "η": "\\eta", "θ": "\\theta", "ϑ": "\\vartheta",
    "ι": "\\iota", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi",
    "π": "\\pi", "ρ": "\\rho", "σ": "\\sigma", "ς": "\\varsigma", "τ": "\\tau", "υ": "\\upsilon",
    "φ": "\\varphi", "ϕ": "\\phi", "χ": "\\chi", "ψ": "\\psi", "ω": "\\omega", "Γ": "\\Gamma",
    "Δ": "\\Delta", "Θ": "\\Theta", "Λ": "\\Lambda", "Ξ": "\\Xi", "Π": "\\Pi", "Σ": "\\Sigma",
    "Υ": "\\Upsilon", "Φ": "\\Phi", "Ψ": "\\Psi", "Ω": "\\Omega", "µ": "\\mu",
}

#: xcolor's own names; any other CSS name goes through :data:`CSS_COLORS` as ``[HTML]``.
XCOLOR = frozenset("red green blue cyan magenta yellow black white gray darkgray lightgray brown "
                   "lime olive orange pink purple teal violet".split())
CSS_COLORS = {"navy": "000080", "maroon": "800000", "silver": "C0C0C0", "gold": "FFD700",
              "aqua": "00FFFF", "fuchsia": "FF00FF", "grey": "808080", "darkred": "8B0000",
              "darkblue": "00008B", "darkgreen": "006400", "indigo": "4B0082", "crimson": "DC143C",
              "coral": "FF7F50", "tomato": "FF6347", "salmon": "FA8072", "skyblue": "87CEEB",
              "steelblue": "4682B4", "royalblue": "4169E1", "forestgreen": "228B22",
              "darkorange": "FF8C00", "chocolate": "D2691E", "tan": "D2B48C", "khaki": "F0E68C"}

#: Arguments a command's text-mode arguments span (default 1), for the CJK pass.
_TEXT_NARGS = {"\\textcolor": 2, "\\colorbox": 2, "\\fcolorbox": 3, "\\begin": 1}


def is_textlike(ch: str) -> bool:
    """True for a character that math fonts lack: CJK, full-width punctuation, other scripts."""
    return not ch.isascii() and ch not in SYMBOLS


Warn = Callable[[str], None]


def mathjax_only(tokens: list[str], warn: Warn) -> list[str]:
    """Drop or approximate MathJax-only commands (``\\require``, ``\\bbox``, ``\\class`` …)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "\\require":
            _, i, _ = arg(tokens, i + 1)
            continue
        if t == "\\bbox":
            opt, j = opt_arg(tokens, i + 1)
            body, i, _ = arg(tokens, j)
            boxed = opt is not None and "border" in text_of(opt)
            warn(f"\\bbox[{text_of(opt or [])}] shown " + ("as \\boxed" if boxed else "without its background"))
            out += (["\\boxed", "{"] if boxed else ["{"]) + mathjax_only(body, warn) + ["}"]
            continue
        if t in ("\\class", "\\cssId", "\\style", "\\href", "\\toggle", "\\texttip", "\\mathtip"):
            _, j, _ = arg(tokens, i + 1)
            body, i, _ = arg(tokens, j)
            if t == "\\style":
                warn(f"\\style{{…}} dropped (CSS has no book equivalent)")
            out += ["{"] + mathjax_only(body, warn) + ["}"]
            continue
        if t == "\\unicode":
            code, i, _ = arg(tokens, i + 1)
            out.append(_unicode_char(text_of(code), warn))
            continue
        if t in RENAMES:
            if t in _SIZE:
                warn(f"{t} in math approximated by a math style")
            out += RENAMES[t]
            i += 1
            continue
        out.append(t)
        i += 1
    return out


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


def colors(tokens: list[str], warn: Warn) -> list[str]:
    """MathJax's ``\\color{c}{x}`` → ``{\\color{c}x}``; CSS names and ``#hex`` → ``[HTML]{…}``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t not in ("\\color", "\\textcolor", "\\colorbox"):
            out.append(t)
            i += 1
            continue
        opt, j = opt_arg(tokens, i + 1)
        name, j, _ = arg(tokens, j)
        spec = _color_spec(opt, text_of(name), warn)
        if t != "\\color":
            out += [t, *spec]
            i = j
            continue
        k = skip_space(tokens, j)
        if k < len(tokens) and tokens[k] == "{":
            body, i, _ = arg(tokens, k)
            out += ["{", "\\color", *spec, *colors(body, warn), "}"]
        else:
            out += ["\\color", *spec]
            i = j
    return out


def _color_spec(opt: list[str] | None, name: str, warn: Warn) -> list[str]:
    """The tokens after ``\\color`` that xcolor accepts for ``name``."""
    if opt is not None:
        model = text_of(opt)
        if model in ("rgb", "RGB", "HTML", "gray", "cmyk") and all(c in "0123456789abcdefABCDEF., " for c in name):
            return ["[", model, "]", "{", name, "}"]
        warn(f"colour [{model}]{{{name}}} shown black")
        return ["{", "black", "}"]
    low = name.strip().lower()
    if low in XCOLOR:
        return ["{", low, "}"]
    hexa = CSS_COLORS.get(low) or low.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    if len(hexa) == 6 and all(c in "0123456789abcdef" for c in hexa):
        return ["[", "HTML", "]", "{", hexa.upper(), "}"]
    warn(f"colour {name!r} is not known; shown black")
    return ["{", "black", "}"]


def wrap_text(tokens: list[str]) -> list[str]:
    """Map Unicode symbols to commands and wrap runs of CJK (and other text) in ``\\text{}``.

    Arguments already in text mode (``\\text``, ``\\tag``, ``\\label`` …) are left alone.
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.extend(["\\text", "{", *run, "}"])
            run.clear()

    i = 0
    while i < len(tokens):
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
            for _ in range(_TEXT_NARGS.get(t, 1)):
                _, j, _ = arg(tokens, j)
            out.extend(tokens[i:j])
            i = j
            continue
        if len(t) == 1 and t in SYMBOLS:
            out.append(SYMBOLS[t])
            i += 1
            continue
        out.append(t)
        i += 1
    flush()
    return out


def mhchem_for_texmath(tokens: list[str]) -> list[str]:
    """``\\ce{H2O -> X}`` → plain TeX for texmath, which has no mhchem: upright, digits as subscripts."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in ("\\ce", "\\pu"):
            out.append(tokens[i])
            i += 1
            continue
        body, i, _ = arg(tokens, i + 1)
        text = join(body)
        for a, b in (("<=>", " \\rightleftharpoons "), ("<->", " \\leftrightarrow "), ("->", " \\rightarrow "),
                     ("<-", " \\leftarrow "), ("+", " + ")):
            text = text.replace(a, b)
        res: list[str] = []
        prev = ""
        for ch in text:
            res.append(f"_{{{ch}}}" if ch.isdigit() and (prev.isalpha() or prev == ")") else ch)
            prev = ch if not (ch.isdigit() and res[-1].startswith("_")) else prev
        out += ["\\mathrm", "{", "".join(res), "}"]
    return out



#: Mandatory argument counts of commands MathJax lets stand unbraced after ``^``/``_``.
ARGC: dict[str, int] = {
    **{c: 2 for c in "frac dfrac tfrac cfrac binom dbinom tbinom overset underset stackrel textcolor".split()},
    **{c: 1 for c in """boldsymbol bm pmb mathbf mathrm mathit mathsf mathtt mathcal mathscr mathfrak mathbb
       mathnormal text textrm textit textbf textsf texttt textup textnormal mbox operatorname hat widehat
       check tilde widetilde acute grave dot ddot dddot breve bar vec overline underline
       overrightarrow overleftarrow overleftrightarrow underbrace overbrace boxed cancel bcancel
       xcancel sqrt phantom hphantom vphantom smash mathop mathbin mathrel mathord substack
       xrightarrow xleftarrow""".split()},
}


def brace_scripts(tokens: list[str]) -> list[str]:
    """``x_\\boldsymbol{B}`` → ``x_{\\boldsymbol{B}}``: MathJax takes it, TeX needs the braces."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        out.append(t)
        i += 1
        if t not in ("^", "_"):
            continue
        j = skip_space(tokens, i)
        if j < len(tokens) and tokens[j][1:] in ARGC and tokens[j].startswith("\\"):
            k = j + 1
            _, k = opt_arg(tokens, k)
            for _ in range(ARGC[tokens[j][1:]]):
                _, k, _ = arg(tokens, k)
            out += ["{", *brace_scripts(tokens[j:k]), "}"]
            i = k
    return out


def widen_arrays(tokens: list[str]) -> list[str]:
    """MathJax lets a row of ``array`` have more cells than the column spec: add ``c`` columns."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i] == "\\begin" and text_of(arg(out, i + 1)[0]) in ("array", "subarray"):
            _, j, _ = arg(out, i + 1)
            spec, k, grouped = arg(out, j)
            if grouped and "*" not in spec:
                end = _env_end(out, k)
                rows = split_top(out[k:end], "\\\\")
                cells = max(len(split_top(r, "&")) for r in rows)
                have = sum(1 for t in "".join(spec) if t in "lcrpmbX")
                if cells > have:
                    out[j:k] = ["{", *spec, *"c" * (cells - have), "}"]
        i += 1
    return out


def _env_end(tokens: list[str], k: int) -> int:
    """Index of the ``\\end`` closing the environment whose body starts at ``k``."""
    depth = 0
    for i in range(k, len(tokens)):
        if tokens[i] == "\\begin":
            depth += 1
        elif tokens[i] == "\\end":
            if depth == 0:
                return i
            depth -= 1
    return len(tokens)


#: Commands whose braced argument MathJax reads as text, where ``%`` is a literal percent.
_TEXT_MODE = frozenset(["\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\textup",
                        "\\textnormal", "\\mbox", "\\hbox", "\\textsl", "\\textmd", "\\emph"])


def comments(tokens: list[str]) -> list[str]:
    """Drop ``%`` comments to the end of the line, except inside text arguments (``\\text{5%}``)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in _TEXT_MODE:
            j = skip_space(tokens, i + 1)
            if j < len(tokens) and tokens[j] == "{":
                _, k, _ = arg(tokens, j)
                out += [t, *("\\%" if x == "%" else x for x in tokens[i + 1:k])]
                i = k
                continue
        if t == "%":
            while i < len(tokens) and "\n" not in tokens[i]:
                i += 1
            continue
        out.append(t)
        i += 1
    return out


def lead_amp(tokens: list[str]) -> list[str]:
    """``\\begin{aligned}&…`` → ``\\begin{aligned}{}&…``: with mathtools, an empty first cell
    followed by ``\\cdots`` breaks xelatex (TeX Live 2022), and ``{}`` changes nothing visible."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "\\begin" and text_of(arg(tokens, i + 1)[0]) == "aligned":
            _, j, _ = arg(tokens, i + 1)
            k = skip_space(tokens, j)
            if k < len(tokens) and tokens[k] == "&":
                out += [*tokens[i:j], "{", "}"]
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out
