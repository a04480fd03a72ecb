"""Where seriesbook knowingly differs from MathJax, formula by formula, with the reason.

Each entry is (check, the formula's TeX) → why.  The differential tests fail on any other
difference, and on an entry that no longer differs (so this list only shrinks honestly).
"""

from __future__ import annotations

KNOWN: dict[tuple[str, str], str] = {
    # MathJax rejects; the book typesets, with a warning or as the author evidently meant.
    ("acceptance", r"\boldsymbol{x}+\bm{y}+\pmb{z}"):
        "MathJax has no \\bm (it shows it in red); the book prints it bold as LaTeX's bm package does",
    ("acceptance", r"\begin{array}{cc}\multicolumn{2}{c}{x}\\a&b\\\cline{1-2}c&d\cr\end{array}"):
        "MathJax lacks \\multicolumn and \\cline; LaTeX has both",
    ("acceptance", r"\begin{equation}a&=b\\c&=d\end{equation}"):
        "MathJax: Misplaced &; the book sets the rows aligned, as the author meant",
    ("acceptance", r"a&=b\\c&=d"): "MathJax: Misplaced &; the book sets the rows aligned, as the author meant",
    # MathJax's empheq package: a brace or text beside rows numbered one by one.
    ("acceptance", r"\begin{empheq}[left=\empheqlbrace]{align}a&=b\\c&=d\end{empheq}"):
        "a decorated empheq is shown verbatim (numbered as its inner environment, as MathJax does)",
    # MathJax 3.2.2 numbers every multlined of a display: the book counts those numbers (the later
    # ones stay the site's) and shows one where the display has none, but not a second one.
    ("numbering", r"\begin{equation}\begin{multlined}a+b\\+c\end{multlined}\end{equation}"):
        "MathJax shows a second number for the multlined inside; the book counts it, shows the equation's",
    ("numbering", r"\begin{align}x&=\begin{multlined}a\\+b\end{multlined}\\y&=z\end{align}"):
        "MathJax shows a second number for the multlined inside; the book counts it, shows the rows'",
    ("numbering", r"\begin{multlined}a\\+b\end{multlined}\tag{A}"):
        "MathJax shows a second number for the multlined beside the tag; the book counts it, shows the tag",
    ("refs", r"x=\begin{multlined}a\\+b\end{multlined}\label{eq:ml}"):
        "MathJax gives the label after a multlined no number (??? on the site); the book, the number it shows",
    ("refs", r"\eqref{eq:ml}"):
        "MathJax gives the label after a multlined no number (??? on the site); the book, the number it shows",
    # A \label inside aligned: MathJax records no number for it (a reference shows ???); the book
    # gives it the equation's number, where the reader looks for it.
    ("refs", r"\eqref{eq:in-aligned}"): "a label inside aligned refers to its equation in the book",
    ("refs", r"\begin{equation}\begin{aligned}a&=b\label{eq:in-aligned}\\c&=d\end{aligned}\end{equation}"):
        "a label inside aligned refers to its equation in the book",
    ("refs", r"\begin{equation}\begin{aligned}a&=b\label{eq:x}\\c&=d\end{aligned}\end{equation}"):
        "a label inside aligned refers to its equation in the book",
    ("tokens", r"\eqref{eq:in-aligned}"): "a label inside aligned refers to its equation in the book",
    ("acceptance", "a &lt; b"): "an HTML entity escaped twice: the book reads it as the character",
    ("acceptance", "x &gt; 0"): "an HTML entity escaped twice: the book reads it as the character",
    ("acceptance", "a&lt;b&gt;c"): "an HTML entity escaped twice: the book reads it as the character",
    ("tokens", r"\begin{array}{cc}a & b\\ c&amp;d\end{array}"):
        "an HTML entity escaped twice: the book reads it as the character",
    ("acceptance", r"\abs{x}+\norm{v}"):
        "the physics package's commands: the book knows them in every post, MathJax only after \\require{physics}",
    # The EPUB shows the same thing with other characters.
    ("tokens", r"\text{a \textbf{b}}"):
        "MathJax without textmacros prints \\textbf literally inside \\text; the EPUB prints b in bold",
    ("scripts", r"\displaystyle\sum_i x_i"):
        "texmath ignores \\displaystyle: in a formula in the text the sum's limits stay beside it",
    ("tokens", r"\boldsymbol{\alpha}+\boldsymbol{x}+\pmb{y}"):
        "MathJax draws \\pmb as two overlapping copies; the EPUB as one bold letter",
}
