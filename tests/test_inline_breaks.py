"""A formula in the text gets break points where TeX has none (book only), so a long one beside
CJK text that cannot end or start a line does not run into the margin."""

from __future__ import annotations

import subprocess

import pytest

from seriesbook import model as m
from seriesbook.math import normalize_post
from seriesbook.math.tokens import join, tokenize
from seriesbook.render.latex_breaks import inline_breaks

from tests.support.prereq import requires

#: A product of bracketed factors: no relation, no binary operator, so TeX cannot break it.
PRODUCT = r"(\boldsymbol{G}\boldsymbol{G}^{\top})^{-1/4}\boldsymbol{G}(\boldsymbol{G}^{\top}\boldsymbol{G})^{-1/4}"


def breaks(tex: str) -> str:
    return join(inline_breaks(tokenize(tex)))


def test_a_product_without_break_points_may_break_after_a_bracketed_factor():
    assert breaks(PRODUCT) == PRODUCT.replace(r"^{-1/4}\boldsymbol", r"^{-1/4}\SBfactorbreak\boldsymbol", 1)
    assert breaks(r"\left(a\right)^2 b") == r"\left(a\right)^2 \SBfactorbreak b"


def test_a_long_list_may_break_after_each_comma():
    assert breaks(r"x_1,x_2,\dots,x_n") == r"x_1,\allowbreak x_2,\allowbreak\dots,\allowbreak x_n"
    assert breaks(r"z=\{z_1,z_2,\dots,z_L\}") == r"z=\{z_1,\allowbreak z_2,\allowbreak\dots,\allowbreak z_L\}"


@pytest.mark.parametrize("tex", [
    r"f(x,y)",                      # a short list
    r"f(q,m)g(k,n)=h(q,k,m-n)",     # arguments, not one long list
    r"(a)(b)=c",                    # TeX breaks after = already
    r"f(x)\,y",                     # no factor after the bracket
    r"{(a)(b)}",                    # not at the top level
    r"\left((a)(b)\right)",         # inside \left…\right TeX never breaks
    r"g(x)",                        # a function's argument, not a product
])
def test_formulas_tex_can_break_or_that_are_no_product_stay_as_they_are(tex):
    assert breaks(tex) == tex


@pytest.mark.slow
@requires(tools=["xelatex", "latexmk", "pdftotext"])
def test_a_long_product_beside_cjk_text_stays_inside_the_text_block(tmp_path):
    """Paragraphs whose text before the formula grows by one character each, so that in some the
    formula meets the end of a line; it may not run into the margin and reads the same."""
    from seriesbook.build.latex import compile_pdf
    from seriesbook.render.latex import latex_document

    pos = m.SourcePos("long.md", 1)
    paras = tuple(m.Paragraph((m.Text("设" + ("甲乙丙丁戊己庚辛壬癸" * 3)[:k] + "的更新量为", pos),
                               m.InlineMath(m.Math(PRODUCT, False, "$", pos), pos),
                               m.Text("，其余照旧。", pos)), pos) for k in range(0, 26))
    post, _ = normalize_post(m.Post("long", "长公式", paras, pos))
    result = compile_pdf(latex_document(m.Book(m.BookMeta(name="long", title="长公式"), (post,))), tmp_path, "long")
    assert result.overfull == 0 and not [w for w in result.warnings if w.code == "latex.overfull"]
    text = "".join(subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert text.count("的更新量为(GG⊤)−1/4G(G⊤G)−1/4，其余照旧。") == 26
