"""What a build tells the terminal: progress with counts, and warnings summed up by code."""

from __future__ import annotations

import shutil

import pytest

from seriesbook.cli import main
from seriesbook.diagnostics import Diagnostic, summary
from seriesbook.manifest import load
from seriesbook.pipeline import Options, build
from tests.support.paths import ROOT


def test_summary_counts_each_code_and_its_three_most_frequent_causes():
    warnings = ([Diagnostic("latex.overfull", f"Overfull \\hbox ({n}.5pt too wide) in paragraph at lines {n}--{n + 1}")
                 for n in range(7)]
                + [Diagnostic("math.unknown-macro", f"\\{name} is not a command")
                   for name in ["foo"] * 3 + ["bar"] * 2 + ["baz", "qux"]])
    lines = summary(warnings)
    assert lines[0].split() == ["7", "latex.overfull:", "a", "line", "or", "formula", "runs", "into", "the", "margin"]
    assert lines[1].split("×")[0].strip() == "7" and "Overfull \\hbox (#pt too wide)" in lines[1]
    assert lines[2].split()[:2] == ["7", "math.unknown-macro:"]
    assert [line.split("×") for line in lines[3:]] == [["         " + "    3 ", " \\foo is not a command"],
                                                        ["         " + "    2 ", " \\bar is not a command"],
                                                        ["         " + "    1 ", " \\baz is not a command"]]


def test_a_cause_masks_numbers_but_not_the_digits_inside_names():
    lines = summary([Diagnostic("source.duplicate", f"“标题{n}” is also at seeds/000_5dcf021dfb79eee5.txt:{n}")
                     for n in (12, 345)])
    assert lines[1].split("×")[1].strip() == "“标题#” is also at seeds/000_5dcf021dfb79eee5.txt:#"


@pytest.mark.slow
def test_a_build_shows_counts_and_sums_up_its_warnings(tmp_path, capsys):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    for n in (1, 2):
        post = tmp_path / "samples" / f"{n}-{'geometric' if n == 1 else 'harmonic'}.md"
        post.write_text(post.read_text(encoding="utf-8") + "\n\n![缺图](gone.png) 与 $\\nosuch{x}$\n", encoding="utf-8")
    manifest = tmp_path / "series.yaml"
    manifest.write_text("sources: [samples]\nseries:\n  - name: 示例系列\n    match: 示例系列\n", encoding="utf-8")
    said = []
    build(load(manifest), "示例系列", Options(out_dir=tmp_path / "out", progress=said.append))
    assert [s for s in said if s.startswith("converting posts")] == [f"converting posts: {i}/3" for i in (1, 2, 3)]
    typeset = [s for s in said if s.startswith("typesetting the PDF: xelatex pass")]
    assert typeset and int(typeset[-1].rsplit(" ", 2)[1]) >= 5  # pages counted as xelatex ships them

    assert main(["build", "示例系列", "-m", str(manifest), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "2  image.missing:" in err and "2 × image gone.png not usable (no such file)" in err
    assert "[image.missing]" not in err  # no wall of warnings: every one is in the report
    assert main(["build", "示例系列", "-m", str(manifest), "-o", str(tmp_path / "out"), "--verbose"]) == 0
    assert capsys.readouterr().err.count("[image.missing]") == 2
