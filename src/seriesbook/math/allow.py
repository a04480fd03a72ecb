"""What math may contain: the allow-list (MathJax's standard TeX macros that LaTeX with
:data:`seriesbook.math.PREAMBLE` also knows), the environments, and the forbidden commands.

Policy: a formula may use only allowed commands, environments and the post's own safe macros.
A forbidden command (file or shell access, catcode and expansion tricks) makes the formula
verbatim with ``math.forbidden``; any other unknown command makes it verbatim with
``math.unknown-macro`` — MathJax itself would show such a formula as an error, so we cannot
say what it should look like, and an undefined command would stop xelatex.
"""

from __future__ import annotations

_GREEK = """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda
mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega digamma
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
varGamma varDelta varTheta varLambda varXi varPi varSigma varUpsilon varPhi varPsi varOmega"""

_SYMBOLS = """aleph beth gimel daleth hbar hslash imath jmath ell wp Re Im partial infty prime emptyset
varnothing nabla surd top bot angle measuredangle sphericalangle triangle triangledown backprime
forall exists nexists neg lnot flat natural sharp clubsuit diamondsuit heartsuit spadesuit
complement eth Finv Game mho Bbbk circledS diagdown diagup lozenge blacklozenge square
blacksquare bigstar blacktriangle blacktriangledown blacktriangleleft blacktriangleright
vartriangle ulcorner urcorner llcorner lrcorner checkmark maltese yen circledR
dagger ddagger S P copyright pounds dots ldots cdots vdots ddots dotsb dotsc dotsi dotsm dotso
colon cdotp ldotp mathellipsis arrowvert Arrowvert bracevert Box Diamond backepsilon And lparen rparen"""

_BINARY = """pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot bigcirc
diamond uplus sqcap sqcup vee wedge lor land setminus smallsetminus wr amalg cap cup
bigtriangleup bigtriangledown triangleleft triangleright lhd rhd unlhd unrhd dotplus
ltimes rtimes leftthreetimes rightthreetimes curlywedge curlyvee circleddash circledast
circledcirc centerdot intercal barwedge veebar doublebarwedge Cap Cup doublecap doublecup
boxminus boxtimes boxdot boxplus divideontimes mod bmod pmod pod"""

_RELATIONS = """leq le geq ge neq ne equiv approx approxeq sim simeq cong asymp doteq doteqdot
propto models perp mid parallel nmid nparallel bowtie Join smile frown vdash dashv vDash Vdash
Vvdash nvdash nvDash nVdash nVDash in ni notin owns subset supset subseteq supseteq subsetneq
supsetneq varsubsetneq varsupsetneq subseteqq supseteqq subsetneqq supsetneqq nsubseteq
nsupseteq nsubseteqq nsupseteqq Subset Supset sqsubset sqsupset sqsubseteq sqsupseteq
prec succ preceq succeq ll gg lll ggg llless gggtr lt gt leqq geqq leqslant geqslant
eqslantless eqslantgtr lesssim gtrsim lessapprox gtrapprox lessdot gtrdot lessgtr gtrless
lesseqgtr gtreqless lesseqqgtr gtreqqless nless ngtr nleq ngeq nleqq ngeqq nleqslant
ngeqslant lneq gneq lneqq gneqq lvertneqq gvertneqq lnsim gnsim lnapprox gnapprox
nprec nsucc npreceq nsucceq precneqq succneqq precnsim succnsim precnapprox succnapprox
precsim succsim precapprox succapprox preccurlyeq succcurlyeq curlyeqprec curlyeqsucc
nsim ncong thicksim thickapprox backsim backsimeq eqsim circeq triangleq bumpeq Bumpeq
risingdotseq fallingdotseq eqcirc multimap pitchfork therefore because between
shortmid shortparallel nshortmid nshortparallel smallsmile smallfrown trianglelefteq
trianglerighteq ntriangleleft ntriangleright ntrianglelefteq ntrianglerighteq
vartriangleleft vartriangleright blacktriangleleft blacktriangleright
coloneqq eqqcolon Coloneqq Eqqcolon coloneq eqcolon Colonapprox colonapprox Colonsim colonsim
dblcolon Coloneq Eqcolon Doteq varpropto varsubsetneqq varsupsetneqq"""

_ARROWS = """leftarrow gets rightarrow to uparrow downarrow updownarrow leftrightarrow Leftarrow
Rightarrow Uparrow Downarrow Updownarrow Leftrightarrow iff implies impliedby
longleftarrow longrightarrow longleftrightarrow Longleftarrow Longrightarrow
Longleftrightarrow mapsto longmapsto hookleftarrow hookrightarrow leftharpoonup
leftharpoondown rightharpoonup rightharpoondown rightleftharpoons leftrightharpoons
nearrow searrow swarrow nwarrow leadsto dashleftarrow dashrightarrow leftleftarrows
rightrightarrows leftrightarrows rightleftarrows Lleftarrow Rrightarrow twoheadleftarrow
twoheadrightarrow leftarrowtail rightarrowtail looparrowleft looparrowright
curvearrowleft curvearrowright circlearrowleft circlearrowright Lsh Rsh upuparrows
downdownarrows upharpoonleft upharpoonright downharpoonleft downharpoonright
restriction rightsquigarrow leftrightsquigarrow nleftarrow nrightarrow nLeftarrow
nRightarrow nleftrightarrow nLeftrightarrow xrightarrow xleftarrow xleftrightarrow
xLeftarrow xRightarrow xLeftrightarrow xhookleftarrow xhookrightarrow xmapsto
xrightharpoondown xrightharpoonup xleftharpoondown xleftharpoonup xrightleftharpoons
xleftrightharpoons xlongequal xtwoheadrightarrow xtwoheadleftarrow"""

_BIGOPS = """sum prod coprod int iint iiint iiiint idotsint oint oiint bigcap bigcup bigsqcup
bigvee bigwedge bigodot bigotimes bigoplus biguplus lim limsup liminf sup inf max min arg
det dim exp gcd hom ker lg ln log Pr sin cos tan cot sec csc arcsin arccos
arctan sinh cosh tanh coth deg injlim projlim varlimsup varliminf varinjlim varprojlim intop smallint"""

_DELIMS = """left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm
Bigm biggm Biggm langle rangle lceil rceil lfloor rfloor lbrace rbrace lbrack rbrack
vert Vert lvert rvert lVert rVert backslash uparrow downarrow lgroup rgroup lmoustache
rmoustache ulcorner urcorner llcorner lrcorner"""

_ACCENTS = """hat widehat check tilde widetilde acute grave dot ddot dddot ddddot breve bar
vec overline underline overrightarrow overleftarrow overleftrightarrow underrightarrow
underleftarrow underleftrightarrow overbrace underbrace overset underset stackrel
overparen underparen mathring not cancel bcancel xcancel cancelto boxed fbox
sideset substack atop over choose brace brack above frac dfrac tfrac cfrac genfrac binom
dbinom tbinom sqrt root of uproot leftroot smash phantom hphantom vphantom mathstrut strut
prescript skew buildrel overbracket underbracket splitfrac splitdfrac Aboxed"""

_FONTS = """mathrm mathit mathbf mathsf mathtt mathcal mathscr mathfrak mathbb mathnormal
boldsymbol bm pmb Bbb rm it bf sf tt cal
text textrm textit textbf textsf texttt textup textnormal textsl textmd mbox hbox emph
operatorname mathop mathbin mathrel mathord mathopen mathclose mathpunct mathinner
displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits displaylimits
color textcolor colorbox fcolorbox tiny scriptsize footnotesize small normalsize large Large
LARGE huge Huge Tiny mathchoice cramped mathmbox mathmakebox"""

_SPACING = """quad qquad enspace thinspace negthinspace negmedspace negthickspace medspace
thickspace hspace kern mkern mskip hskip mspace space nobreakspace nobreak allowbreak
hfill hfil vspace vcenter raise lower raisebox llap rlap mathllap mathrlap mathclap clap
cr hline hdashline cline multicolumn arraystretch tag notag nonumber label eqref ref
ce lbrack rbrack intertext shortintertext displaybreak rule nonscript shoveleft shoveright MoveEqLeft
pu displaylines adjustlimits newline vdotswithin shortvdotswithin"""

#: The braket package (MathJax preloads it): Dirac notation and set builders.
_BRAKET = "bra ket braket Bra Ket Braket set Set ketbra Ketbra"

_STRUCT = "begin end"

#: The gensymb package (MathJax has it too): units.
_GENSYMB = "degree celsius perthousand ohm micro"

#: Written by the converter itself (defined in PREAMBLE); harmless if a post writes them.
_OWN = "SBstylebox SBeqref SBref SBdoublestruck textbackslash textasciicircum textasciitilde"

#: Control words a formula may use.
ALLOWED: frozenset[str] = frozenset(
    " ".join([_GREEK, _SYMBOLS, _BINARY, _RELATIONS, _ARROWS, _BIGOPS, _DELIMS, _ACCENTS,
              _FONTS, _SPACING, _BRAKET, _STRUCT, _GENSYMB, _OWN]).split()
)

#: Control symbols (``\\`` + one non-letter) a formula may use.
ALLOWED_SYMBOLS: frozenset[str] = frozenset(
    ["\\\\", "\\{", "\\}", "\\|", "\\,", "\\:", "\\;", "\\!", "\\ ", "\\>", "\\%", "\\$",
     "\\#", "\\&", "\\_", "\\/", "\\'", "\\`", "\\^", "\\~", "\\-", "\\=", "\\.", "\\\""]
)

#: Environments a formula may open.
ENVIRONMENTS: frozenset[str] = frozenset(
    """equation equation* align align* gather gather* multline multline* eqnarray eqnarray*
    alignat alignat* flalign flalign* aligned alignedat gathered split multlined
    array subarray matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix
    matrix* pmatrix* bmatrix* Bmatrix* vmatrix* Vmatrix* cases cases* rcases dcases drcases
    CD""".split()
)

#: Commands that touch files, the shell, catcodes or expansion: never allowed, even in macros.
FORBIDDEN: frozenset[str] = frozenset(
    """write write18 immediate input include includeonly InputIfFileExists IfFileExists
    openin openout closein closeout read readline endinput scantokens catcode lccode uccode
    sfcode mathcode delcode csname endcsname expandafter noexpand unexpanded detokenize
    edef gdef xdef def let futurelet global long outer protected afterassignment
    aftergroup lowercase uppercase special directlua latelua luaexec shipout output
    everypar everymath everydisplay everyhbox everyvbox everyjob everycr everyeof
    newwrite newread jobname usepackage RequirePackage documentclass makeatletter
    makeatother includegraphics verbatiminput lstinputlisting pdfobj pdfliteral pdfximage
    pdffilesize pdffiledump pdfmdfivesum XeTeXinterchartoks XeTeXinputencoding
    XeTeXdefaultencoding batchmode nonstopmode scrollmode errorstopmode dump message
    errmessage typeout show showthe showbox showlists showtokens loop repeat
    newenvironment renewenvironment DeclareRobustCommand AtBeginDocument AtEndDocument
    input@path the char chardef mathchardef countdef toksdef count toks""".split()
)

#: Post-level definitions the macros pass understands (removed from the formula).
DEFINERS: frozenset[str] = frozenset(
    ["\\newcommand", "\\renewcommand", "\\def", "\\let", "\\DeclareMathOperator"]
)

#: Arguments typeset in text mode: CJK there needs no ``\\text{}`` wrapping.
TEXT_ARGS: frozenset[str] = frozenset(
    ["\\text", "\\textrm", "\\textit", "\\textbf", "\\textsf", "\\texttt", "\\textup",
     "\\textnormal", "\\textsl", "\\textmd", "\\mbox", "\\hbox", "\\emph", "\\fbox", "\\tag",
     "\\intertext", "\\shortintertext", "\\label", "\\eqref", "\\ref", "\\ce", "\\pu",
     "\\color", "\\textcolor", "\\colorbox", "\\begin", "\\end", "\\require"]
)


def is_allowed(tok: str, macros: set[str] | frozenset[str] = frozenset()) -> bool:
    """True when control sequence ``tok`` may appear (``macros``: the post's own names)."""
    if tok.startswith("\\") and len(tok) > 1 and tok[1].isalpha():
        return tok[1:] in ALLOWED or tok[1:] in macros
    return tok in ALLOWED_SYMBOLS


def is_forbidden(tok: str) -> bool:
    """True for a command that must never reach xelatex."""
    name = tok[1:]
    return name in FORBIDDEN or name.startswith(("pdf", "XeTeX", "openin", "write"))
