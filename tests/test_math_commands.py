"""Every command and environment a blogger may use with MathJax (its documented base, AMS,
boldsymbol, color, cancel, mhchem, braket, extpfeil, mathtools sets) is typeset as math: one
small formula per command, none verbatim, all compiled in one xelatex run under PREAMBLE and
converted in one pandoc run.  Also the quirks MathJax forgives (``\\lt``, ``a _b``, ``%`` …)."""

from __future__ import annotations


import pytest

from seriesbook.build.isolate import find_broken
from seriesbook.math import PREAMBLE, normalize_math
from seriesbook.math.table import SYMBOLS
from seriesbook.model import Math, SourcePos
from tests.support.prereq import requires
from tests.support.tools import texmath_failures
from tests.support.math_cases import epub_of, latex_of

# One formula per command (inline unless listed in DISPLAY).
INLINE = r"""
\boldsymbol{x} ¦ \bm{x} ¦ \mathbb{R} ¦ \mathcal{L} ¦ \mathscr{L} ¦ \mathrm{d}x ¦ \operatorname{tr}A ¦ \operatorname*{argmax}_x f
\text{if }x ¦ \tilde{x} ¦ \hat{x} ¦ \bar{x} ¦ \overline{AB} ¦ \underline{x} ¦ \vec{v} ¦ \dot{x} ¦ \ddot{x} ¦ \dddot{x} ¦ \ddddot{x}
\widehat{xy} ¦ \widetilde{xy} ¦ \overrightarrow{AB} ¦ \overleftarrow{AB} ¦ \overleftrightarrow{AB} ¦ \underleftarrow{AB}
\underrightarrow{AB} ¦ \underleftrightarrow{AB} ¦ \mathring{A} ¦ \check{x} ¦ \breve{x} ¦ \acute{x} ¦ \grave{x} ¦ 30\degree ¦ \celsius\ohm\micro\perthousand
\left(x\right) ¦ \left\{x\right. ¦ \left.x\right|_0 ¦ \left(a\middle|b\right) ¦ \left\langle a\right\rangle ¦ \left\lVert a\right\rVert
\big(\Big(\bigg(\Bigg( ¦ \bigl(\bigr)\Bigl[\Bigr]\biggl\{\biggr\}\Biggl|\Biggr| ¦ a\bigm|b\Bigm|c\biggm|d\Biggm|e
\langle a\rangle ¦ \lfloor x\rfloor ¦ \lceil x\rceil ¦ \Vert x\Vert ¦ \|x\| ¦ \vert x\vert ¦ \lvert x\rvert ¦ \lVert x\rVert
\lbrace x\rbrace ¦ \lbrack x\rbrack ¦ \lgroup x\rgroup ¦ \lmoustache\rmoustache ¦ \backslash ¦ \arrowvert\Arrowvert\bracevert
\ulcorner\urcorner\llcorner\lrcorner ¦ \nabla f ¦ \partial x
\sum_{i=1}^n ¦ \prod_i ¦ \coprod_i ¦ \int_0^1 ¦ \iint ¦ \iiint ¦ \iiiint ¦ \idotsint ¦ \oint ¦ \oiint ¦ \intop ¦ \smallint
\lim_{x\to0} ¦ \limsup ¦ \liminf ¦ \varlimsup ¦ \varliminf ¦ \injlim ¦ \projlim ¦ \varinjlim ¦ \varprojlim
\max ¦ \min ¦ \sup ¦ \inf ¦ \arg ¦ \det ¦ \exp ¦ \log ¦ \ln ¦ \lg ¦ \sin ¦ \cos ¦ \tan ¦ \cot ¦ \sec ¦ \csc ¦ \arcsin ¦ \arccos ¦ \arctan
\sinh ¦ \cosh ¦ \tanh ¦ \coth ¦ \dim ¦ \gcd ¦ \hom ¦ \ker ¦ \Pr ¦ \deg
\mathop{\text{argmin}}_x ¦ \sum\limits_i ¦ \int\nolimits_0 ¦ \sum\displaylimits_i
\stackrel{?}{=} ¦ \overset{a}{b} ¦ \underset{a}{b} ¦ \xrightarrow{f} ¦ \xleftarrow[g]{f} ¦ \xlongequal{d} ¦ \xRightarrow{a}
\xLeftarrow{a} ¦ \xleftrightarrow{a} ¦ \xLeftrightarrow{a} ¦ \xhookleftarrow{a} ¦ \xhookrightarrow{a} ¦ \xmapsto{a}
\xrightharpoonup{a} ¦ \xrightharpoondown{a} ¦ \xleftharpoonup{a} ¦ \xleftharpoondown{a} ¦ \xrightleftharpoons{a}
\xleftrightharpoons{a} ¦ \xtwoheadrightarrow{a} ¦ \xtwoheadleftarrow{a}
\frac{a}{b} ¦ \dfrac{a}{b} ¦ \tfrac{a}{b} ¦ \cfrac{1}{1+\cfrac{1}{x}} ¦ \binom{n}{k} ¦ \tbinom{n}{k} ¦ \dbinom{n}{k}
\genfrac{(}{)}{0pt}{}{a}{b} ¦ \sqrt{x} ¦ \sqrt[3]{x} ¦ \sqrt[\uproot{2}\leftroot{1}n]{x} ¦ \root 3 \of x
a\quad b\qquad c ¦ a\,b\;c\:d\!e\ f\>g ¦ a\enspace b\thinspace c\negthinspace d ¦ a\medspace b\thickspace c
a\negmedspace b\negthickspace c ¦ a\hspace{1em}b ¦ a\kern1em b ¦ a\mkern3mu b ¦ a\mskip3mu b ¦ a\hskip1em b ¦ a\mspace{3mu}b
a\space b ¦ a\nobreakspace b ¦ a~b ¦ \mathrel{R} ¦ \mathbin{*} ¦ \mathord{+} ¦ \mathpunct{,} ¦ \mathinner{x} ¦ \mathopen{[}\mathclose{]}
\phantom{x} ¦ \vphantom{x} ¦ \hphantom{x} ¦ \smash{x} ¦ \smash[b]{y} ¦ \mathstrut ¦ \strut ¦ \displaystyle x ¦ \textstyle x
\scriptstyle x ¦ \scriptscriptstyle x ¦ \color{red}{x} ¦ \color{red}x ¦ \textcolor{blue}{x} ¦ \colorbox{yellow}{x}
\fcolorbox{red}{yellow}{x} ¦ \boxed{x} ¦ \fbox{x} ¦ \cancel{x} ¦ \bcancel{x} ¦ \xcancel{x} ¦ \cancelto{0}{x}
\not= ¦ \not\in ¦ \neq ¦ \ne ¦ \mid ¦ \nmid ¦ \parallel ¦ \nparallel ¦ \iff ¦ \implies ¦ \impliedby ¦ \Rightarrow ¦ \Leftrightarrow
\mapsto ¦ \longmapsto ¦ \to ¦ \gets ¦ \leadsto ¦ \because ¦ \therefore ¦ \circ ¦ \cdot ¦ \cdots ¦ \ldots ¦ \vdots ¦ \ddots ¦ \dots
\dotsb ¦ \dotsc ¦ \dotsi ¦ \dotsm ¦ \dotso ¦ \infty ¦ \emptyset ¦ \varnothing
\alpha\beta\gamma\delta\epsilon\varepsilon\zeta\eta\theta\vartheta\iota\kappa\varkappa\lambda\mu\nu\xi
\omicron\pi\varpi\rho\varrho\sigma\varsigma\tau\upsilon\phi\varphi\chi\psi\omega\digamma
\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega
\varGamma\varDelta\varTheta\varLambda\varXi\varPi\varSigma\varUpsilon\varPhi\varPsi\varOmega
\ell\hbar\hslash\imath\jmath\aleph\beth\gimel\daleth\Re\Im\wp\eth\mho\Finv\Game\Bbbk\partial\prime\backprime
\triangleq\coloneqq\eqqcolon\Coloneqq\coloneq\eqcolon\Coloneq\Eqcolon\dblcolon\approx\sim\simeq\cong\equiv
\propto\varpropto\ll\gg\lll\ggg\prec\succ\preceq\succeq\asymp\doteq\Doteq\doteqdot\models\vdash\dashv
\subset\subseteq\supset\supseteq\subsetneq\supsetneq\subseteqq\supseteqq\varsubsetneq\varsupsetneq
\varsubsetneqq\varsupsetneqq\sqsubset\sqsupset\sqsubseteq\sqsupseteq\Subset\Supset
\in\notin\ni\owns\backepsilon\cup\cap\bigcup\bigcap\setminus\smallsetminus\complement\sqcup\sqcap\bigsqcup
\forall\exists\nexists\neg\lnot\land\lor\wedge\vee\bigwedge\bigvee\oplus\ominus\otimes\oslash\odot
\bigoplus\bigotimes\bigodot\biguplus\uplus\times\div\pm\mp\star\ast\bullet\dagger\ddagger\amalg\wr
\top\bot\perp\angle\measuredangle\sphericalangle\triangle\triangledown\square\blacksquare\Box\Diamond
\diamond\lozenge\blacklozenge\bigstar\bigcirc\checkmark\surd\flat\natural\sharp
\clubsuit\diamondsuit\heartsuit\spadesuit\maltese\yen\circledR\circledS\S\P
\leq\le\geq\ge\leqq\geqq\leqslant\geqslant\lesssim\gtrsim\lessapprox\gtrapprox\lneq\gneq\lneqq\gneqq
\nless\ngtr\nleq\ngeq\nleqq\ngeqq\nleqslant\ngeqslant\lnsim\gnsim\lnapprox\gnapprox\lvertneqq\gvertneqq
\nprec\nsucc\npreceq\nsucceq\precsim\succsim\precapprox\succapprox\preccurlyeq\succcurlyeq
\curlyeqprec\curlyeqsucc\precneqq\succneqq\precnsim\succnsim\precnapprox\succnapprox
\nsim\ncong\thicksim\thickapprox\backsim\backsimeq\eqsim\circeq\bumpeq\Bumpeq\risingdotseq\fallingdotseq
\eqcirc\multimap\pitchfork\between\shortmid\shortparallel\nshortmid\nshortparallel\smallsmile\smallfrown
\smile\frown\bowtie\Join\vDash\Vdash\Vvdash\nvdash\nvDash\nVdash\nVDash\nsubseteq\nsupseteq\nsubseteqq\nsupseteqq
\trianglelefteq\trianglerighteq\ntriangleleft\ntriangleright\ntrianglelefteq\ntrianglerighteq
\vartriangle\vartriangleleft\vartriangleright\triangleleft\triangleright\lhd\rhd\unlhd\unrhd
\blacktriangle\blacktriangledown\blacktriangleleft\blacktriangleright\lessdot\gtrdot\lessgtr\gtrless
\lesseqgtr\gtreqless\lesseqqgtr\gtreqqless\eqslantless\eqslantgtr\llless\gggtr
\dotplus\ltimes\rtimes\leftthreetimes\rightthreetimes\curlywedge\curlyvee\circleddash\circledast
\circledcirc\centerdot\intercal\barwedge\veebar\doublebarwedge\Cap\Cup\doublecap\doublecup
\boxminus\boxtimes\boxdot\boxplus\divideontimes\bigtriangleup\bigtriangledown
\leftarrow\longleftarrow\rightarrow\longrightarrow\Longrightarrow\Longleftarrow\Longleftrightarrow
\longleftrightarrow\leftrightarrow\Leftarrow\hookrightarrow\hookleftarrow\rightleftharpoons\leftrightharpoons
\uparrow\downarrow\updownarrow\Uparrow\Downarrow\Updownarrow\nearrow\searrow\swarrow\nwarrow
\leftharpoonup\leftharpoondown\rightharpoonup\rightharpoondown\upharpoonleft\upharpoonright
\downharpoonleft\downharpoonright\restriction\dashleftarrow\dashrightarrow\leftleftarrows\rightrightarrows
\leftrightarrows\rightleftarrows\Lleftarrow\Rrightarrow\twoheadleftarrow\twoheadrightarrow\leftarrowtail
\rightarrowtail\looparrowleft\looparrowright\curvearrowleft\curvearrowright\circlearrowleft\circlearrowright
\Lsh\Rsh\upuparrows\downdownarrows\rightsquigarrow\leftrightsquigarrow\nleftarrow\nrightarrow\nLeftarrow
\nRightarrow\nleftrightarrow\nLeftrightarrow
\textbf{b} ¦ \textit{i} ¦ \texttt{t} ¦ \textrm{r} ¦ \textsf{s} ¦ \textup{u} ¦ \textnormal{n} ¦ \textsl{s} ¦ \textmd{m} ¦ \text{\emph{e}}
\mathbf{x} ¦ \mathit{x} ¦ \mathsf{x} ¦ \mathtt{x} ¦ \mathfrak{g} ¦ \mathnormal{x} ¦ \pmb{x} ¦ \Bbb{R} ¦ \mbox{m} ¦ \hbox{h}
{\rm d}x ¦ {\bf x} ¦ {\it x} ¦ {\cal L} ¦ {\sf x} ¦ {\tt x}
\underbrace{a+b}_{n} ¦ \overbrace{a+b}^{n} ¦ \mathclap{x} ¦ \mathllap{x} ¦ \mathrlap{x} ¦ \clap{x} ¦ \llap{x} ¦ \rlap{x}
\sideset{}{'}\sum_n ¦ \prescript{a}{b}{X} ¦ \substack{a\\b} ¦ \sum_{\substack{i\\j}} ¦ \overparen{AB} ¦ \underparen{AB}
\atop ¦ a\over b ¦ {a\atop b} ¦ {n\choose k} ¦ {n\brace k} ¦ {n\brack k} ¦ {a\above 1pt b}
\tiny x ¦ \scriptsize x ¦ \footnotesize x ¦ \small x ¦ \normalsize x ¦ \large x ¦ \Large x ¦ \LARGE x ¦ \huge x ¦ \Huge x ¦ \Tiny x
\unicode{x2248} ¦ \unicode[Times]{8804} ¦ \require{cancel}\cancel{x} ¦ \bbox[red]{x} ¦ \bbox[border:1px solid red]{x} ¦ \lt ¦ \gt ¦ a\lt b\gt c
\mod{3} ¦ a\bmod b ¦ \pmod{3} ¦ \pod{3} ¦ \ce{H2O} ¦ \pu{1 m} ¦ \mathchoice{a}{b}{c}{d} ¦ \raise{.2em}{x} ¦ \lower{.2em}{x}
\rule{1em}{1pt} ¦ \rule[1pt]{1em}{1pt} ¦ \hfill ¦ \hfil ¦ \nobreak ¦ \allowbreak ¦ \vcenter{x} ¦ \raisebox{1pt}{x} ¦ \skew{3}\hat{x}
\And ¦ \nonscript\; ¦ \buildrel a\over b ¦ \buildrel{a}\over{=} ¦ \overbracket{x} ¦ \underbracket{x} ¦ \splitfrac{a}{b} ¦ \splitdfrac{a}{b}
\adjustlimits\lim_{n}\max_{m} ¦ \lparen x\rparen ¦ \cramped{x^2} ¦ \mathmbox{x} ¦ \mathmakebox[2em]{x}
\ket{\psi} ¦ \bra{\phi} ¦ \braket{\phi|\psi} ¦ \Ket{\psi} ¦ \Bra{\phi} ¦ \Braket{\phi|\psi} ¦ \set{x|x>0} ¦ \Set{x|x>0}
\ketbra{a}{b} ¦ \verb|a_b| ¦ \verb!x{}%! ¦ \enclose{circle}{x} ¦ \enclose{updiagonalstrike}{x} ¦ \enclose{box}[mathcolor=red]{x}
\abs{x} ¦ \abs*{x} ¦ \norm{x} ¦ \dd{x} ¦ \dd x ¦ \dd[3]{x} ¦ \dv{f}{x} ¦ \dv{x} ¦ \dv[2]{f}{x} ¦ \pdv{f}{x} ¦ \pdv{f}{x}{y}
\pdv[2]{f}{x} ¦ \qty(\frac12) ¦ \qty[x] ¦ \qty|x| ¦ \qty{x} ¦ \mqty(a & b \\ c & d) ¦ \pmqty{a & b} ¦ \bmqty{a} ¦ \vmqty{a}
\tr A ¦ \Tr A ¦ \rank A ¦ \erf x ¦ \order{x^2} ¦ \ev{x} ¦ \expval{x} ¦ \comm{a}{b} ¦ \acomm{a}{b} ¦ \vb{x} ¦ \va{x} ¦ \vu{x}
\grad f ¦ \curl f ¦ \laplacian f ¦ \qq{if} ¦ \pqty{x} ¦ \bqty{x} ¦ \Bqty{x} ¦ \vqty{x}
a\newline b ¦ \displaylines{a\cr b} ¦ \smash{x} ¦ \tag{1}x ¦ \label{eq:z}x ¦ \displaybreak ¦ x\nonumber ¦ x\notag
"""

DISPLAY = r"""
\begin{matrix}a&b\\c&d\end{matrix} ¦ \begin{pmatrix}a\end{pmatrix} ¦ \begin{bmatrix}a\end{bmatrix} ¦ \begin{Bmatrix}a\end{Bmatrix}
\begin{vmatrix}a\end{vmatrix} ¦ \begin{Vmatrix}a\end{Vmatrix} ¦ \begin{smallmatrix}a&b\\c&d\end{smallmatrix}
\begin{array}{cc}a&b\\c&d\end{array} ¦ \begin{array}{c:c}a&b\\\hdashline c&d\end{array} ¦ \begin{array}{|c|}\hline a\\\hline\end{array}
\begin{cases}a&x>0\\b&\text{否则}\end{cases} ¦ \begin{aligned}a&=b\\&=c\end{aligned} ¦ \begin{gathered}a\\b\end{gathered}
\begin{equation}\begin{split}a&=b\\&=c\end{split}\end{equation} ¦ \begin{alignedat}{2}a&=b&c&=d\end{alignedat}
\sum_{\begin{subarray}{c}i\\j\end{subarray}}x ¦ \begin{pmatrix*}[r]a\end{pmatrix*} ¦ \begin{bmatrix*}a\end{bmatrix*}
\begin{dcases}a&b\end{dcases} ¦ \begin{rcases}a\\b\end{rcases} ¦ \begin{drcases}a\\b\end{drcases} ¦ \begin{cases*}a&b\end{cases*}
\begin{multlined}a\\b\end{multlined} ¦ \begin{align}a&=b\\c&=d\end{align} ¦ \begin{align*}a&=b\end{align*}
\begin{gather}a\\b\end{gather} ¦ \begin{gather*}a\end{gather*} ¦ \begin{multline}a\\b\end{multline}
\begin{multline}a\\\shoveleft{b}\\c\end{multline} ¦ \begin{flalign}a&=b\end{flalign} ¦ \begin{eqnarray}a&=&b\end{eqnarray}
\begin{equation*}x\end{equation*} ¦ \begin{alignat}{2}a&=b&c&=d\end{alignat} ¦ \begin{CD}A@>>>B\end{CD}
\begin{aligned}\Aboxed{a&=b}\end{aligned} ¦ \begin{aligned}\MoveEqLeft a\\&=b\end{aligned} ¦ \begin{array}{cc}\multicolumn{2}{c}{x}\\a&b\\\cline{1-1}\end{array}
x=1\tag*{(A)} ¦ x=1\tag{1}\label{eq:a} ¦ \begin{aligned}a&=b\cr c&=d\end{aligned} ¦ \eqref{eq:a}+\ref{eq:a}
\renewcommand{\arraystretch}{1.5}\begin{array}{c}a\\b\end{array} ¦ \newcommand{\R}{\mathbb{R}}\R
\DeclareMathOperator{\sgn}{sgn}\sgn x ¦ \DeclareMathOperator*{\argmax}{arg\,max}\argmax_x f ¦ \def\v#1{\boldsymbol{#1}}\v x
\begin{aligned}a&=b\\c&=d\\\end{aligned} ¦ a\\b
"""


#: What bloggers write and MathJax forgives: (formula, display).
QUIRKS = [
    ("a _b + x ^2 + y _ {i} ^ {2}", False), ("{}_a^b X + a{}b + {}", False), (r"\left\{x\right.", False),
    (r"\begin{cases}a&b&c\\d&e\end{cases}", True), (r"\begin{cases}a\\b\\\end{cases}", True),
    (r"\begin{align}a&=b\\c&=d\\\end{align}", True), (r"\begin{equation}a=b\\\end{equation}", True),
    ("a=b\n\nc=d", True), ("a=b\n  \n\\tag{3}", True), ("a<b>c", False), ("p=50% comment", False),
    ("a−b·c…d→e≥f′", False), ("f（x），g", False), (r"\text{当}x>0\text{时}，y", False), (r"\text{if $x>0$}", False), (r"\text{if \(x_1>0\) 时}", False),
    (r"\text{当$x_{最优}$时}", False), (r"\mbox{a}\hbox{b}\textrm{c}", False),
    (r"\text{max_len}+\text{a&b}+\text{#}+\text{x^2}+\text{5%}", False), (r"\newcommand{\tx}[1]{\text{#1 _}}\tx{a}", False),
    (r"a\\b", False), (r"a\\", False), (r"\text{a}\\", True), ("x'^2+f''(x)", False), (r"\boldsymbol{\text{中}}", False),
    (r"\operatorname{arg\,max}", False), (r"\mathop{\rm argmin}\limits_x", False), (r"\left\|x\right\|", False),
    (r"\frac12 \frac a b \sqrt2 x^\frac12 a_\text{b}", False), (r"\begin{array}{ll}a\\[2pt]b\end{array}", True),
    (r"\begin{aligned}a&=b\label{eq:q}\end{aligned}", True), (r"\mathbf{\text{x}}", False), (r"a\ \text{ }b", False),
    (r"\begin{pmatrix}1&2\\3&4\\\end{pmatrix}", True), (r"\#\$\%\&\_\{\}", False), ("\\left(\n\\frac{a}{b}\n\\right)", True),
    (r"\text{\textbf{b}}", False), ("\\begin{equation}\n\\left\\{\\begin{aligned}\na&=1 \\\\\nb&=2\n\\end{aligned}\\right.\n\\end{equation}", True),
    (r"\begin{eqnarray*}a&=&b\\c&=&d\end{eqnarray*}", True), (r"1\text{，}2+\overbrace{a}^{\text{中文}}", False),
    (r"\left<x\right>+\left\lt x\right\gt", False), ("a&lt;b&gt;c", False), ("x \\quad (1)", True),
    (r"\operatorname{最大}_x+\mathrm{梯度}+\boldsymbol{中}+\xrightarrow{推导}+\overset{定义}{=}+\mathbf{向量}_{下标}", False),
    ("x=1\\tag{中}\\label{eq:中文}", True), (r"\sqrt[中]{x}+\frac{分子}{分母}+\underbrace{a}_{项}", False),
    (r"a_\mathring{x}+b^\ket{0}+c_\xlongequal{a}+d^\overparen{AB}+e_\Bbb{R}+f^\cancelto{0}{x}", False),
    (r"\begin{pmatrix}" + "&".join("abcdefghijkl") + r"\end{pmatrix}", True), (r"\begin{bmatrix}1&2\\\hline3&4\end{bmatrix}", True),
]


def _split(block: str) -> list[str]:
    """Formulas of a block: ``¦`` separates them, lines too."""
    return [f.strip() for line in block.strip().splitlines() for f in line.split("¦") if f.strip()]


def _math(tex: str, display: bool) -> Math:
    return Math(tex, display, "$$" if display else "$", SourcePos("commands", 1))


def _converted() -> list[tuple[str, Math]]:
    formulas = [(f, d) for d, block in ((False, INLINE), (True, DISPLAY)) for f in _split(block)] + QUIRKS
    # Each Unicode symbol MathJax takes literally, on the line and as a script (find_broken makes a
    # glyph no font has an error, so none is dropped silently).
    formulas += [(f"A{c}B^{c}_{c}", False) for c in sorted(SYMBOLS) if c.strip()]
    return [(f, normalize_math(_math(f, d))[0]) for f, d in formulas]


def test_every_command_is_math():
    assert len(_converted()) > 300
    assert [(f, m.error) for f, m in _converted() if m.verbatim] == []


@pytest.mark.slow
@requires(tools=["xelatex"])
def test_every_command_compiles(tmp_path):
    done = _converted()
    broken = find_broken([latex_of(m) for _, m in done], PREAMBLE, tmp_path)
    assert {done[i][0]: err for i, err in broken.items()} == {}


def test_every_command_converts_for_epub():
    assert texmath_failures([epub_of(m) for _, m in _converted()]) == []


def _one(tex: str, display: bool = False) -> Math:
    return normalize_math(_math(tex, display))[0]


def test_quirks_read_as_mathjax_reads_them():
    assert "\n\n" not in latex_of(_one("a=b\n\nc=d", True))
    assert latex_of(_one("a&lt;b&gt;c")) == "\\(a<b>c\\)"
    assert latex_of(_one("p=50% comment")) == "\\(p=50\\)"  # MathJax: % starts a comment
    assert "max\\_len" in latex_of(_one("\\text{max_len}")) and "5\\%" in latex_of(_one("\\text{5%}"))
    assert latex_of(_one("\\text{当$x_{最优}$时}")) == "\\(\\text{当$x_{\\text{最优}}$时}\\)"
    assert latex_of(_one("\\begin{cases}a&b&c\\end{cases}", True)).count("&") == 1
    assert _one("\\begin{align}a&=b\\\\c&=d\\\\\\end{align}", True).numbers == ("1", "2")
    assert latex_of(_one("\\verb|a_b%|")) == "\\(\\texttt{a\\_b\\%}\\)"
    assert latex_of(_one("\\unicode[Times]{x2248}")) == "\\(\\approx\\)"
    assert latex_of(_one("\\newcommand{\\abs}[1]{|#1|}\\abs{x}")) == "\\(|x|\\)"  # the post's own wins
    assert latex_of(_one("\\dv{f}{x}")) == "\\(\\frac{\\mathrm{d}f}{\\mathrm{d}x}\\)"
    assert latex_of(_one("\\begin{cases}a\\\\b\\\\ \\end{cases}", True)).count("\\\\") == 1  # no empty row
    assert latex_of(_one("\\enclose{circle}{x}")) == "\\(\\boxed{x}\\)"
