"""A formula shown verbatim breaks lines inside the text block: no overfull box, no text lost."""

from __future__ import annotations

import subprocess

import pytest

from seriesbook import model as m
from seriesbook.build.latex import compile_pdf
from seriesbook.render.latex import latex_document

from tests.support.prereq import requires

pytestmark = [pytest.mark.slow, requires(tools=["xelatex", "latexmk", "pdftotext"])]

P = m.SourcePos("long.md", 3)
#: A long formula without a single space, as the converter might give up on it.
LONG = "".join(f"\\weird{{a_{{{i}}}}}^{{b{i}}}+\\frac{{x}}{{y{i}}}-" for i in range(14)) + "z"


def verbatim(tex: str) -> m.InlineMath:
    return m.InlineMath(m.Math(tex, False, "$", P, verbatim=True, error="unknown macro"), P)


def test_long_verbatim_inline_formula_breaks_inside_the_text_block(tmp_path):
    body = (m.Paragraph((m.Text("正文中有一个未能转换的长公式", P), verbatim(LONG), m.Text("，后面还有文字。", P)), P),
            m.Paragraph((m.FootnoteRef((m.Paragraph((m.Text("脚注里也有：", P), verbatim(LONG)), P),), P),), P))
    post = m.Post("long", "长公式", body, P)
    result = compile_pdf(latex_document(m.Book(m.BookMeta(name="long", title="长公式"), (post,))), tmp_path, "long")
    log = result.log.read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log
    assert result.overfull == 0 and not [w for w in result.warnings if w.code == "latex.overfull"]
    text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "".join(LONG.split()) in "".join(text.split())   # every character is there, in order
