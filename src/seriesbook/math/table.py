"""What MathJax reads beyond commands: the constructs (:data:`TABLE`, each with its golden
case), Unicode symbols and alphabets (:data:`SYMBOLS`, shared with the prose renderer),
scripts and colours.  Commands have their own table, :mod:`.commands`.

:data:`TABLE` lists every construct with an example; ``tests/test_math_cases.py`` runs each
example through the passes and compares with ``tests/cases/math/table-<name>/``, and the
compile test typesets them all.  Rows whose ``how`` is ``"as is"`` need only the packages in
:data:`seriesbook.math.PREAMBLE`; the others name the function that rewrites them.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple



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
    Row("style-box", "$$\\style{display: inline-block; width: 8ex; padding: 3ex 0; border: 1px solid #6C8EBF; "
        "background-color: #DAE8FC}{A\\in\\mathbb{R}^{n}}\\times\\style{border:1px solid red}{B}$$",
        "CSS boxes → \\SBstylebox (\\fcolorbox)"),
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
    Row("degree-sign", "$30°+\\angle A=90°$", "° → \\degree: the ring MathJax shows (not the ∘ of ^{\\circ} in the EPUB)"),
    Row("unicode-alphabets", "$𝐱+𝑦+𝔸+𝒜+x²³+a₁+e⁻ⁿ$", "math alphabets → \\mathbf…, ² → ^{2}"),
    Row("left-brace-aligned", "$$\\left\\{\\begin{aligned}x&=1\\\\y&=2\\end{aligned}\\right.$$", "as is"),
    Row("equation-aligned", "\\begin{equation}\\begin{aligned}a&=b\\\\&=c\\end{aligned}\\end{equation}", "one number"),
    Row("align-rows", "\\begin{align}a&=b\\label{eq:one}\\\\c&=d\\nonumber\\\\e&=f\\tag{*}\\end{align}", "a number per row"),
    Row("gather", "\\begin{gather}a\\\\b\\notag\\end{gather}", "gather → gather* with tags"),
    Row("multline", "\\begin{multline}a+b\\\\+c\\end{multline}", "one number"),
    Row("eqnarray", "\\begin{eqnarray}a&=&b\\\\c&=&d\\end{eqnarray}", "eqnarray → align*"),
    Row("alignat", "\\begin{alignat}{2}a&=b&c&=d\\end{alignat}", "alignat → alignat*"),
    Row("xalignat", "\\begin{xalignat}{2}a&=b&c&=d\\\\e&=f&g&=h\\end{xalignat}", "xalignat → align* (spread pairs), a number per row"),
    Row("numcases", "\\begin{numcases}{f(x)=}1 & 当$x>0$\\label{eq:pos}\\\\[2pt]0 & otherwise\\end{numcases}",
        "numcases → empheq's brace before alignat* rows with tags; EPUB: \\left\\{aligned\\right."),
    Row("multlined", "$$\\begin{multlined}[t]a+b\\\\+c\\end{multlined}$$\n\n\\begin{equation}x\\end{equation}",
        "as is (mathtools); numbered as MathJax 3.2.2 numbers it (every multlined of a display)"),
    Row("empheq-plain", "\\begin{empheq}{align}a&=b\\\\c&=d\\end{empheq}", "undecorated empheq → its environment"),
    Row("mathtools-envs", "$$\\begin{psmallmatrix}a&b\\\\c&d\\end{psmallmatrix}\\begin{Vsmallmatrix*}[r]1&-2\\end{Vsmallmatrix*}"
        "\\begin{rcases*}a&b\\end{rcases*}\\begin{lgathered}a\\\\bb\\end{lgathered}"
        "\\begin{crampedsubarray}{c}x\\\\y\\end{crampedsubarray}\\begin{spreadlines}{1em}z\\end{spreadlines}$$",
        "as is (mathtools); EPUB: \\left(smallmatrix\\right), gathered, substack"),
    Row("newcommand", "$\\newcommand{\\R}{\\mathbb{R}}\\newcommand{\\norm}[1]{\\Vert #1\\Vert}\\norm{x}\\in\\R$", "post macros"),
    Row("mathjax-only", "$a\\lt b\\gt c,\\ \\Bbb{N}, \\scriptsize x$", "\\lt \\gt \\Bbb, size commands → styles"),
    Row("eqref", "$$x\\tag{5}\\label{eq:five}$$", "labels and refs (see refs cases)"),
    Row("physics", "$\\require{physics}\\abs{x}+\\norm{v}+\\dv{f}{x}+\\pdv[2]{f}{t}+\\dd{x}+\\qty(\\frac12)+\\tr A$",
        "physics extension → amsmath (physics.py)"),
    Row("braket", "$\\braket{\\phi|\\psi}+\\ket{0}+\\bra{1}+\\set{x|x>0}$", "as is (braket); EPUB: \\left\\langle…"),
    Row("enclose-verb", "$\\enclose{circle}{x}+\\enclose{updiagonalstrike}{y}+\\verb|a_b%|$",
        "\\enclose → \\boxed/\\cancel; \\verb → \\texttt"),
    Row("text-literals", "$$\\text{max_len, 5%, a&b}+\\text{当$x_{最优}$时}$$", "_ % & # ^ escaped in text; math inside text"),
    Row("plain-tex", "$\\buildrel a\\over b+\\raise{.2em}{x}+\\displaylines{a\\cr b}$\n\n"
        "$$f(x)=\\cases{x^2 & if $x>0$\\cr 0 & otherwise}+\\pmatrix{a&b\\cr c&d}+\\matrix{1\\\\2}+\\eqalign{a&=b\\cr c&=d}$$",
        "→ \\stackrel, \\raisebox, gathered; \\matrix, \\pmatrix, \\cases (text 2nd column), \\eqalign → environments"),
    Row("unicode-more", "$A^⊤+x⩽y+ℒ(θ)+∵∴$", "more Unicode symbols (text fonts lack them)"),
]

# --------------------------------------------------------------------------- rewrites

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
    "′": "'", "″": "''", "°": "\\degree", "−": "-", "–": "-", "ℓ": "\\ell", "ℏ": "\\hbar",
    "ℝ": "\\mathbb{R}", "ℕ": "\\mathbb{N}", "ℤ": "\\mathbb{Z}", "ℚ": "\\mathbb{Q}",
    "ℂ": "\\mathbb{C}", "†": "\\dagger", "‡": "\\ddagger", "∠": "\\angle", "△": "\\triangle",
    "□": "\\square", "★": "\\star", "♯": "\\sharp", "♭": "\\flat", "ⅆ": "d", "ⅈ": "i", "☆": "\\star", "❤": "\\heartsuit", "\u00a0": " ",
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\varepsilon",
    "ϵ": "\\epsilon", "ζ": "\\zeta", "η": "\\eta", "θ": "\\theta", "ϑ": "\\vartheta",
    "ι": "\\iota", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi",
    "π": "\\pi", "ρ": "\\rho", "σ": "\\sigma", "ς": "\\varsigma", "τ": "\\tau", "υ": "\\upsilon",
    "φ": "\\varphi", "ϕ": "\\phi", "χ": "\\chi", "ψ": "\\psi", "ω": "\\omega", "Γ": "\\Gamma",
    "Δ": "\\Delta", "Θ": "\\Theta", "Λ": "\\Lambda", "Ξ": "\\Xi", "Π": "\\Pi", "Σ": "\\Sigma",
    "Υ": "\\Upsilon", "Φ": "\\Phi", "Ψ": "\\Psi", "Ω": "\\Omega", "µ": "\\mu",
    # Symbols the text fonts lack too (they would be dropped with only a log line):
    "⊤": "\\top", "≜": "\\triangleq", "⟂": "\\perp", "∖": "\\setminus", "∁": "\\complement", "∆": "\\Delta",
    "⊘": "\\oslash", "⩽": "\\leqslant", "⩾": "\\geqslant", "≔": "\\coloneqq", "⊺": "\\intercal",
    "⇌": "\\rightleftharpoons", "≺": "\\prec", "≻": "\\succ", "≼": "\\preceq", "≽": "\\succeq", "↗": "\\nearrow",
    "↘": "\\searrow", "↖": "\\nwarrow", "↙": "\\swarrow", "∡": "\\measuredangle", "∵": "\\because",
    "∴": "\\therefore", "ℱ": "\\mathcal{F}", "ℒ": "\\mathcal{L}", "ℋ": "\\mathcal{H}", "ℰ": "\\mathcal{E}",
    "ℬ": "\\mathcal{B}", "ℳ": "\\mathcal{M}", "ℛ": "\\mathcal{R}", "ℐ": "\\mathcal{I}", "℘": "\\wp", "ℵ": "\\aleph",
    "ℶ": "\\beth", "ℑ": "\\Im", "ℜ": "\\Re", "✓": "\\checkmark", "✔": "\\checkmark", "■": "\\blacksquare",
    "∎": "\\blacksquare", "▲": "\\blacktriangle", "◯": "\\bigcirc", "≍": "\\asymp", "≐": "\\doteq", "∔": "\\dotplus",
    "⊞": "\\boxplus", "⋆": "\\star", "∐": "\\coprod", "∯": "\\oiint", "∭": "\\iiint", "∰": "\\iiint", "∤": "\\nmid",
    "∦": "\\nparallel", "≮": "\\nless", "≯": "\\ngtr", "≰": "\\nleq", "≱": "\\ngeq", "⊈": "\\nsubseteq",
    "⊉": "\\nsupseteq", "∄": "\\nexists", "⊄": "\\not\\subset", "⊅": "\\not\\supset", "∌": "\\not\\ni",
    "↪": "\\hookrightarrow", "↩": "\\hookleftarrow", "⟼": "\\longmapsto", "⟵": "\\longleftarrow",
    "⟷": "\\longleftrightarrow", "⟸": "\\Longleftarrow", "⟺": "\\Longleftrightarrow", "⇝": "\\leadsto",
    "⇀": "\\rightharpoonup", "↼": "\\leftharpoonup", "⇁": "\\rightharpoondown", "↽": "\\leftharpoondown",
    "➝": "\\to", "⊢": "\\vdash", "⊣": "\\dashv", "⊨": "\\models", "⨁": "\\bigoplus", "⨂": "\\bigotimes",
    "⨀": "\\bigodot", "⨯": "\\times", "✗": "\\times", "⋃": "\\bigcup", "⋂": "\\bigcap", "⋀": "\\bigwedge",
    "⋁": "\\bigvee", "≲": "\\lesssim", "≳": "\\gtrsim", "⊊": "\\subsetneq", "⊋": "\\supsetneq", "⊏": "\\sqsubset",
    "⊐": "\\sqsupset", "⊑": "\\sqsubseteq", "⊒": "\\sqsupseteq", "⊓": "\\sqcap", "⊔": "\\sqcup", "⊖": "\\ominus",
    "⊚": "\\circledcirc", "⊛": "\\circledast", "⋄": "\\diamond", "◇": "\\lozenge", "◊": "\\lozenge", "⊎": "\\uplus",
    "≀": "\\wr", "ϰ": "\\varkappa", "ϱ": "\\varrho", "ϖ": "\\varpi", "∽": "\\backsim", "≂": "\\eqsim",
    "≊": "\\approxeq", "≏": "\\bumpeq", "≎": "\\Bumpeq", "≗": "\\circeq", "≖": "\\eqcirc", "⊲": "\\lhd",
    "⊳": "\\rhd", "⊴": "\\unlhd", "⊵": "\\unrhd", "⋉": "\\ltimes", "⋊": "\\rtimes", "⇄": "\\rightleftarrows",
    "⇆": "\\leftrightarrows", "⇉": "\\rightrightarrows", "⇇": "\\leftleftarrows", "↠": "\\twoheadrightarrow",
    "↞": "\\twoheadleftarrow", "↣": "\\rightarrowtail", "↢": "\\leftarrowtail", "↺": "\\circlearrowleft",
    "↻": "\\circlearrowright", "↶": "\\curvearrowleft", "↷": "\\curvearrowright", "⊸": "\\multimap",
    "⋔": "\\pitchfork", "≬": "\\between", "⌣": "\\smile", "⌢": "\\frown", "♣": "\\clubsuit", "♢": "\\diamondsuit",
    "♡": "\\heartsuit", "♠": "\\spadesuit", "✠": "\\maltese", "℧": "\\mho", "ħ": "\\hbar", "ı": "\\imath",
    "ȷ": "\\jmath", "⟹": "\\Longrightarrow", "⇋": "\\leftrightharpoons", "⊙": "\\odot", "∥": "\\parallel",
    "⪯": "\\preceq", "⪰": "\\succeq", "ο": "o",
    # Greek capitals that look like Latin ones: upright, as math sets every capital Greek letter.
    **{g: f"\\mathrm{{{a}}}" for g, a in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX")},
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

NAMED_HEX = {**CSS_COLORS, "red": "FF0000", "green": "008000", "blue": "0000FF", "black": "000000",
              "white": "FFFFFF", "gray": "808080", "orange": "FFA500", "purple": "800080", "yellow": "FFFF00",
              "cyan": "00FFFF", "magenta": "FF00FF", "brown": "A52A2A", "pink": "FFC0CB", "teal": "008080"}

#: Arguments a command's text-mode arguments span (default 1), for the CJK pass.
TEXT_NARGS = {"\\textcolor": 2, "\\colorbox": 2, "\\fcolorbox": 3, "\\begin": 1}


#: Superscript and subscript characters → (``^`` or ``_``, the character); runs join (``x²³`` → ``x^{23}``).
SCRIPTS: dict[str, tuple[str, str]] = {
    **{c: ("^", d) for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni")},
    **{c: ("_", d) for c, d in zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()")},
}

#: Unicode's mathematical alphabets (𝐱, 𝑥, ℝ's cousins 𝔸, 𝒜 …) → the font command and letter.
_ALPHABETS = [("BOLD ITALIC", "\\boldsymbol"), ("BOLD SCRIPT", "\\mathcal"), ("BOLD FRAKTUR", "\\mathfrak"),
              ("SANS-SERIF BOLD", "\\mathsf"), ("BOLD", "\\mathbf"), ("ITALIC", ""), ("DOUBLE-STRUCK", "\\mathbb"),
              ("SCRIPT", "\\mathcal"), ("FRAKTUR", "\\mathfrak"), ("SANS-SERIF", "\\mathsf"),
              ("MONOSPACE", "\\mathtt")]


def math_alphabet(ch: str) -> str | None:
    """``𝐱`` → ``\\mathbf{x}``, ``𝑥`` → ``x``: letters and digits of Unicode's math alphabets."""
    if not "\U0001d400" <= ch <= "\U0001d7ff":
        return None
    name = unicodedata.name(ch, "")
    base = unicodedata.normalize("NFKC", ch)
    if not name.startswith("MATHEMATICAL ") or not base.isascii() or not base.isalnum():
        return None
    for style, command in _ALPHABETS:
        if f" {style} " in f" {name[13:]} ":
            return f"{command}{{{base}}}" if command else base
    return base


def is_textlike(ch: str) -> bool:
    """True for a character that math fonts lack: CJK, full-width punctuation, other scripts."""
    return not ch.isascii() and ch not in SYMBOLS and ch not in SCRIPTS and math_alphabet(ch) is None


