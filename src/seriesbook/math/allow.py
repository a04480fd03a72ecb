"""What math may contain: the allow-list (MathJax's standard TeX macros that LaTeX with
:data:`seriesbook.math.PREAMBLE` also knows, from :mod:`.commands`), the environments, and the
forbidden commands.

Policy: a formula may use only allowed commands, environments and the post's own safe macros.
A forbidden command (file or shell access, catcode and expansion tricks) makes the formula
verbatim with ``math.forbidden``; any other unknown command makes it verbatim with
``math.unknown-macro`` — MathJax itself would show such a formula as an error, so we cannot
say what it should look like, and an undefined command would stop xelatex.
"""

from __future__ import annotations

from .commands import COMMANDS

#: Control words a formula may use: every command of the table that reaches the writers
#: (MathJax's own ones are rewritten before the check and are not allowed in a post's macros).
ALLOWED: frozenset[str] = frozenset(name for name, c in COMMANDS.items() if c.mathjax is None)

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
    rcases* dcases* drcases* smallmatrix* psmallmatrix psmallmatrix* bsmallmatrix bsmallmatrix*
    Bsmallmatrix Bsmallmatrix* vsmallmatrix vsmallmatrix* Vsmallmatrix Vsmallmatrix* lgathered rgathered
    crampedsubarray numcases subnumcases CD""".split()
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
