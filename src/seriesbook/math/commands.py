"""The one table of the commands a formula may use: one entry per command, saying how many
arguments it reads, how the book spells it when LaTeX lacks it, how the EPUB spells it when
texmath lacks it, whether it is MathJax's alone, and which golden case shows it.

Adding a command MathJax knows is one entry here and one golden case::

    "overparen": Command(1, book=r"\\overset{\\frown}{#1}", epub=r"\\overset{\\frown}{#1}", case="over-under"),

then ``tests/cases/math/table-<case>/input.tex`` holds an example (``pytest --regen`` writes
the expected files; review them).  A command LaTeX and texmath both know needs only its name
in one of the groups below.  Everything else is derived from this table: the allow-list
(:data:`seriesbook.math.allow.ALLOWED`), the preamble's ``\\providecommand`` lines
(:data:`seriesbook.math.PREAMBLE`), the argument counts that brace ``x_\\frac12``, the EPUB
spellings (:mod:`seriesbook.render.texmath`) and MathJax's own renames (``\\lt`` → ``<``).
"""

from __future__ import annotations

from typing import NamedTuple

from .tokens import tokenize


class Command(NamedTuple):
    """One command (its name, without the backslash, is the key of :data:`COMMANDS`)."""

    args: int = 0
    """Mandatory arguments it reads (after an optional ``[…]``): ``x_\\frac12`` is braced to
    ``x_{\\frac12}`` by this count, and the EPUB's templates read as many."""
    book: str | None = None
    """LaTeX lacks it: what the preamble provides, written after ``\\providecommand{\\name}``
    (``[1]{\\overset{\\frown}{#1}}``); None when LaTeX with the preamble's packages has it."""
    epub: str | None = None
    """texmath lacks it: what texmath gets instead — a new spelling of the command alone
    (``\\dfrac`` for ``\\cfrac``), or, with ``#1``… (or empty and ``args`` > 0), a template
    that replaces the command and its arguments; ``""`` drops it.  None: as written."""
    mathjax: str | None = None
    """MathJax's alone: the TeX it becomes before any check, in both outputs (``\\lt`` → ``<``);
    ``""`` when a rewrite of :mod:`seriesbook.math.mathjax` handles it."""
    case: str = ""
    """The golden case that shows it: ``tests/cases/math/table-<case>``."""


def _plain(names: str, **fields) -> dict[str, Command]:
    return {n: Command(**fields) for n in names.split()}


# --------------------------------------------------------------------------- what both know as is

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
nRightarrow nleftrightarrow nLeftrightarrow xrightharpoondown xrightharpoonup
xleftharpoondown xleftharpoonup xrightleftharpoons xleftrightharpoons"""

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

#: Written by the converter itself (defined in the preamble); harmless if a post writes them.
_OWN = "SBstylebox SBeqref SBref SBdoublestruck SBfactorbreak textbackslash textasciicircum textasciitilde"

COMMANDS: dict[str, Command] = _plain(" ".join([_GREEK, _SYMBOLS, _BINARY, _RELATIONS, _ARROWS, _BIGOPS,
                                                _DELIMS, _ACCENTS, _FONTS, _SPACING, _BRAKET, _STRUCT, _OWN]))
#: The binary operators, relations and arrows (``\\le``, ``\\times``, ``\\to`` …): TeX may break a
#: formula in the text after each of them at its top level.
OPERATORS = frozenset("\\" + n for n in " ".join([_BINARY, _RELATIONS, _ARROWS]).split())

# --------------------------------------------------------------------------- arguments (both know them)

for _n, _names in ((1, """boldsymbol bm pmb mathbf mathrm mathit mathsf mathtt mathcal mathscr mathfrak mathbb
        mathnormal text textrm textit textbf textsf texttt textup textnormal mbox operatorname hat widehat check
        tilde widetilde acute grave dot ddot dddot breve bar vec overline underline overrightarrow overleftarrow
        overleftrightarrow underbrace overbrace boxed cancel bcancel xcancel sqrt phantom hphantom vphantom smash
        mathop mathbin mathrel mathord substack xrightarrow xleftarrow mathring ddddot underleftarrow
        underrightarrow underleftrightarrow overparen underparen fbox hbox textsl textmd emph Bbb ket bra Ket Bra
        braket Braket set Set mathclap mathllap mathrlap xlongequal xRightarrow xLeftarrow xleftrightarrow
        xLeftrightarrow xmapsto xhookrightarrow xhookleftarrow"""),
                   (2, """frac dfrac tfrac cfrac binom dbinom tbinom overset underset stackrel textcolor colorbox
        cancelto ketbra Ketbra splitfrac splitdfrac rule"""), (3, "prescript"), (4, "mathchoice")):
    COMMANDS.update({name: Command(_n) for name in _names.split()})


def _spell(names: str, **fields) -> None:
    """Set ``fields`` of each command of ``names`` (its argument count stays unless given)."""
    for name in names.split():
        COMMANDS[name] = COMMANDS.get(name, Command())._replace(**fields)


# --------------------------------------------------------------------------- LaTeX lacks these: the preamble provides them

_spell("bm", book=r"{\boldsymbol}", case="boldsymbol")
_spell("pu", book=r"[1]{\text{#1}}")
_spell("ketbra", book=r"[2]{\ket{#1}\!\bra{#2}}", epub=r"\left|#1\right\rangle\!\left\langle #2\right|")
_spell("Ketbra", book=r"[2]{\Ket{#1}\!\Bra{#2}}", epub=r"\left|#1\right\rangle\!\left\langle #2\right|")
_spell("oiint", book=r"{\mathop{{\int\!\!\!\!\!\int}\mkern-21mu \bigcirc}}")
_spell("overparen", book=r"[1]{\overset{\frown}{#1}}")
_spell("underparen", book=r"[1]{\underset{\smile}{#1}}")
_spell("dblcolon", book=r"{\mathrel{::}}", epub="::")
_spell("varlimsup", book=r"{\mathop{\overline{\lim}}}", epub=r"\overline{\lim}")
_spell("varliminf", book=r"{\mathop{\underline{\lim}}}", epub=r"\underline{\lim}")
_spell("xlongequal", book=r"[2][]{\ext@arrow 0055{\arrowfill@\Relbar\Relbar\Relbar}{#1}{#2}}")
_spell("xtwoheadrightarrow", book=r"[2][]{\ext@arrow 0579{\arrowfill@\relbar\relbar\twoheadrightarrow}{#1}{#2}}")
# gensymb's units (MathJax has them): the book provides them (the gensymb package would load
# textcomp's TS1 fonts, which the book's fontspec fonts lack), texmath gets the character.
_spell("degree", book=r"{\ensuremath{{}^{\circ}}}", epub="°")
_spell("celsius", book=r"{\ensuremath{{}^{\circ}\mathrm{C}}}", epub="℃")
_spell("ohm", book=r"{\ensuremath{\Omega}}", epub="Ω")
_spell("micro", book=r"{\text{µ}}", epub="µ")
_spell("perthousand", book=r"{\text{‰}}", epub="‰")
_spell("xtwoheadleftarrow", book=r"[2][]{\ext@arrow 3095{\arrowfill@\twoheadleftarrow\relbar\relbar}{#1}{#2}}")

# --------------------------------------------------------------------------- texmath lacks these: the EPUB spells them

_spell("nobreak displaybreak strut mathstrut hfill hfil allowbreak MoveEqLeft adjustlimits nonscript", epub="")
_spell("vspace vphantom uproot leftroot cline", args=1, epub="")
_spell("smash mathclap mathllap mathrlap llap rlap clap mathinner vcenter", args=1, epub="{#1}")
_spell("mathchoice", epub="{#1}")
_spell("mathmakebox mathmbox cramped mathnormal shoveleft shoveright", args=1, epub="{#1}")
_spell("skew", args=1, epub="")
_spell("Aboxed", args=1, epub="#1")
_spell("rule", epub="")
for _names, _epub in (("tbinom dbinom", r"\binom"), ("cfrac", r"\dfrac"), ("idotsint", r"\int\cdots\int"),
                      ("injlim", r"\operatorname*{inj\,lim}"), ("projlim", r"\operatorname*{proj\,lim}"),
                      ("varinjlim", r"\underrightarrow{\lim}"), ("varprojlim", r"\underleftarrow{\lim}"),
                      ("shortmid", r"\mid"), ("shortparallel", r"\parallel"), ("nshortmid", r"\nmid"),
                      ("nshortparallel", r"\nparallel"), ("lvertneqq", r"\lneqq"), ("gvertneqq", r"\gneqq"),
                      ("colonapprox", r":\approx"), ("Colonapprox", r"::\approx"), ("colonsim", r":\sim"),
                      ("Colonsim", r"::\sim"), ("diagup", "/"), ("diagdown", r"\backslash"), ("ldotp", "."),
                      ("mathellipsis", r"\ldots"), ("S", r"\text{§}"), ("P", r"\text{¶}"),
                      ("copyright", r"\text{©}"), ("pounds", r"\text{£}"), ("bmod", r"\mathbin{\text{mod}}"),
                      ("displaylimits", r"\limits"), ("nobreakspace space", "\\ "), ("thinspace", r"\,"),
                      ("negmedspace negthickspace negthinspace", r"\!"), ("thickspace", r"\;"), ("medspace", r"\:"),
                      ("cr", "\\\\"), ("emph textsl", r"\textit"), ("textmd hbox textup textnormal", r"\text"),
                      ("yen", r"\text{¥}"), ("circledR", r"\text{®}"), ("maltese", r"\text{✠}"),
                      ("circledS", r"\text{Ⓢ}"), ("surd", r"\sqrt{\,}"), ("And", r"\&"),
                      ("arrowvert bracevert", r"\vert"), ("Arrowvert", r"\Vert"), ("Eqcolon", "-::"),
                      ("Eqqcolon", "=::"), ("doublecap", r"\Cap"), ("doublecup", r"\Cup"), ("gggtr", r"\ggg"),
                      ("llless", r"\lll"), ("intop smallint", r"\int"), ("ngeqq", r"\ngeq"), ("nleqq", r"\nleq"),
                      ("nsubseteqq", r"\nsubseteq"), ("nsupseteqq", r"\nsupseteq"), ("thickapprox", r"\approx"),
                      ("thicksim", r"\sim"), ("varsubsetneqq", r"\subsetneqq"), ("varsupsetneqq", r"\supsetneqq"),
                      ("varsupsetneq", r"\supsetneq"), ("vdotswithin shortvdotswithin", r"\vdots"),
                      ("bigm", r"\big"), ("Bigm", r"\Big"), ("biggm", r"\bigg"), ("Biggm", r"\Bigg"),
                      # texmath draws these with another character than MathJax: the one MathJax shows
                      ("varnothing", "∅"), ("geqslant", "⩾"), ("leqslant", "⩽"), ("iff", r"\;⟺\;"),
                      ("longrightarrow", "⟶"), ("longleftarrow", "⟵"), ("longleftrightarrow", "⟷"), ("perp", "⊥"),
                      ("square", "◻")):
    _spell(_names, epub=_epub)
_spell("ket Ket", epub=r"\left|#1\right\rangle")
_spell("bra Bra", epub=r"\left\langle #1\right|")
_spell("braket Braket", epub=r"\left\langle #1\right\rangle")
_spell("set", epub=r"\{#1\}")
_spell("ket bra braket set", case="braket")
_spell("Set", epub=r"\left\{#1\right\}")
_spell("splitfrac", epub=r"\frac{#1}{#2}")
_spell("splitdfrac", epub=r"\dfrac{#1}{#2}")
_spell("prescript", epub="{}^{#1}_{#2}{#3}")
_spell("hphantom", epub=r"\phantom{#1}")
_spell("intertext shortintertext", args=1, epub=r"\text{#1}")
_spell("xrightarrow xleftarrow", case="xarrow")

# MathJax's \style boxes as the mathjax-only pass writes them (border colour, fill, width,
# padding, formula): the book draws them with seriesbook.sty's macro, the EPUB as a plain box.
_spell("SBstylebox", args=5, epub=r"\boxed{#5}")

# --------------------------------------------------------------------------- MathJax's alone

for _names, _tex in (("lt", "<"), ("gt", ">"), ("Bbb", r"\mathbb"), ("omicron", "o"),
                     ("hdashline", r"\hline"), ("gets", r"\leftarrow"), ("Space", r"\quad"), ("newline", "\\\\"),
                     ("tiny Tiny", r"\scriptscriptstyle"), ("scriptsize footnotesize", r"\scriptstyle"),
                     ("small normalsize large", r"\textstyle"), ("Large LARGE huge Huge", r"\displaystyle")):
    _spell(_names, mathjax=_tex, epub=None)
_spell("lt gt Bbb scriptsize", case="mathjax-only")
# Rewritten by math/mathjax.py, with a warning where the book cannot show what MathJax shows.
_spell("require", mathjax="", case="require")
_spell("bbox", mathjax="", case="bbox")
_spell("class cssId href toggle texttip mathtip", mathjax="")
_spell("class cssId", case="class-style")
_spell("style", mathjax="", case="style-box")
_spell("unicode", mathjax="", case="unicode")
_spell("enclose", mathjax="", case="enclose-verb")
_spell("raise lower buildrel displaylines", mathjax="")
_spell("raise buildrel displaylines", case="plain-tex")
_spell("matrix pmatrix cases eqalign", args=1, mathjax="", case="plain-tex")
_spell("displaybreak", mathjax="", epub=None)

#: Sizes: MathJax scales the text, the book changes the math style (and says so).
SIZES = frozenset({"\\" + n for n in ("tiny", "Tiny", "scriptsize", "footnotesize", "small", "normalsize", "large",
                                      "Large", "LARGE", "huge", "Huge")})


def book_definitions() -> str:
    """The preamble's ``\\providecommand`` lines for the commands LaTeX lacks."""
    lines = [f"\\providecommand{{\\{name}}}{c.book}" for name, c in COMMANDS.items() if c.book]
    return "\\makeatletter\n" + "\n".join(lines) + "\n\\makeatother\n"


#: Mandatory argument counts (for ``x_\\frac12`` → ``x_{\\frac12}``).
ARGS: dict[str, int] = {name: c.args for name, c in COMMANDS.items() if c.args}
#: MathJax's renames: ``\\name`` → its tokens.
RENAMES: dict[str, list[str]] = {"\\" + name: tokenize(c.mathjax) for name, c in COMMANDS.items() if c.mathjax}
#: Every MathJax-only command (renamed or rewritten before the checks).
MATHJAX_ONLY = frozenset("\\" + name for name, c in COMMANDS.items() if c.mathjax is not None)
#: How texmath gets the commands it lacks (see :attr:`Command.epub`).
EPUB: dict[str, Command] = {"\\" + name: c for name, c in COMMANDS.items() if c.epub is not None}
