"""Generates the benchmark series: N site-like Markdown posts with plenty of math (our own text)."""

from __future__ import annotations

import random
from pathlib import Path

NUMERALS = "一二三四五六七八九十"
PROSE = ["我们先回顾一下上一节的结论，然后把它推广到更一般的情形。",
         "这个结果看上去平平无奇，但它其实是后面所有推导的出发点。",
         "直观来看，它说的是误差随着步数增加而以几何速度衰减。",
         "为了简化记号，下面省略下标，读者可以自行补上。",
         "注意这里用到了期望的线性性以及独立性的假设。"]


def numeral(n: int) -> str:
    """Chinese numeral for 1..99."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def post(i: int, rng: random.Random) -> str:
    """One post: headings, prose, inline math, numbered and unnumbered displays, references."""
    lines = ["---", f"title: 基准系列({numeral(i)}):第{i}个问题", f"date: 2024-01-{i % 28 + 1:02d}",
             f"url: https://example.org/bench/{i}", "author: bench", "---", ""]
    for s in range(4):
        lines += [f"## 第{s + 1}节", ""]
        for k in range(3):
            a, b = rng.randint(2, 9), rng.randint(2, 9)
            lab = f"eq:s{s}k{k}"
            lines += [f"{rng.choice(PROSE)}设$x_{{{a}}}\\in\\mathbb{{R}}^{{{b}}}$，并记$\\boldsymbol{{\\theta}}_t$为第$t$步的参数，则",
                      f"\\begin{{equation}}\\mathcal{{L}}_{{{a}}}(\\boldsymbol{{\\theta}}) = \\mathbb{{E}}_{{x\\sim p(x)}}"
                      f"\\left[\\frac{{1}}{{{b}}}\\sum_{{i=1}}^{{{b}}} \\Vert f_{{\\boldsymbol{{\\theta}}}}(x_i) - y_i\\Vert^2\\right]"
                      f"\\label{{{lab}}}\\end{{equation}}",
                      f"由式$\\eqref{{{lab}}}$可得",
                      "\\begin{equation}\\begin{aligned}",
                      f"\\nabla_{{\\boldsymbol{{\\theta}}}}\\mathcal{{L}} =&\\, \\frac{{2}}{{{b}}}\\sum_i (f(x_i)-y_i)\\nabla f(x_i) \\\\",
                      f"\\leq&\\, {a}\\max_i \\Vert\\nabla f(x_i)\\Vert\\quad\\text{{(由柯西不等式)}}",
                      "\\end{aligned}\\end{equation}",
                      f"$$\\eta_t = \\left\\{{\\begin{{aligned}}&\\eta_0, && t < {a*10} \\\\ &\\eta_0/\\sqrt{{t}}, && t\\geq {a*10}\\end{{aligned}}\\right.$$",
                      ""]
    return "\n".join(lines) + "\n"


def make(folder: Path, n: int = 24, seed: int = 0) -> Path:
    """Write ``n`` posts and a manifest into ``folder``; return the manifest."""
    rng = random.Random(seed)
    (folder / "posts").mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        (folder / "posts" / f"{i:02d}.md").write_text(post(i, rng), encoding="utf-8")
    manifest = folder / "series.yaml"
    manifest.write_text("sources: [posts]\nseries:\n  - name: bench\n    match: 基准系列\n", encoding="utf-8")
    return manifest
