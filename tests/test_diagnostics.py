"""Warnings: codes, suppression by code and by dotted prefix (the manifest's
``suppress_warnings``), --strict on what is left."""

from __future__ import annotations

import re

import pytest

from seriesbook.diagnostics import CODES, Collector, Diagnostic, is_suppressed, summary
from seriesbook.errors import BuildError
from seriesbook.manifest import load
from seriesbook.model import SourcePos
from seriesbook.pipeline import Options, build
from tests.support.paths import ROOT
from tests.support.series import MANIFEST, small_series


@pytest.mark.parametrize("code, suppress, expected", [
    ("math.unknown-macro", ["math.unknown-macro"], True),   # the code itself
    ("math.unknown-macro", ["math"], True),                 # its dotted prefix
    ("math.unknown-macro", ["xref", "math"], True),         # anywhere in the list
    ("math.unknown-macro", ["math.unknown"], False),        # a string prefix is not a dotted one
    ("math.unknown-macro", ["mat"], False),
    ("math.unknown-macro", ["math.unknown-macro.x"], False),  # a longer code names something else
    ("math.unknown-macro", ["xref.missing"], False),
    ("math.unknown-macro", [], False),
    ("math.unknown-macro", [""], False),                    # an empty entry silences nothing
    ("a.b.c", ["a.b"], True),
    ("a.b.c", ["b.c"], False),
])
def test_is_suppressed(code, suppress, expected):
    assert is_suppressed(code, suppress) is expected
    assert is_suppressed(code, tuple(suppress)) is expected


def test_the_collector_drops_suppressed_codes_and_repeats():
    c = Collector(suppress=("math",))
    c.add("math.unknown-macro", "m", SourcePos("a.md", 3), "甲")
    c.add("xref.missing", "x", SourcePos("a.md", 4), "甲")
    c.add("xref.missing", "x", SourcePos("a.md", 4), "甲")   # the same warning again
    c.add("xref.missing", "x", SourcePos("a.md", 5), "甲")   # another place: kept
    c.extend([Diagnostic("math.forbidden", "f"), Diagnostic("source.excerpt", "e")])
    assert c.items == [Diagnostic("xref.missing", "x", SourcePos("a.md", 4), "甲"),
                       Diagnostic("xref.missing", "x", SourcePos("a.md", 5), "甲"), Diagnostic("source.excerpt", "e")]


def test_a_diagnostic_reads_as_the_readme_says():
    w = Diagnostic("xref.missing", "no label", SourcePos("posts/1.md", 9), "小系列(1)")
    assert str(w) == "posts/1.md:9: warning: no label (in 小系列(1)) [xref.missing]"
    assert str(Diagnostic("latex.warning", "w")) == "warning: w [latex.warning]"
    assert w.to_json() == {"code": "xref.missing", "message": "no label", "post": "小系列(1)", "line": 9,
                           "file": "posts/1.md"}
    assert Diagnostic("a.b", "m").to_json() == {"code": "a.b", "message": "m", "post": "", "line": 0, "file": ""}


def test_every_code_is_dotted_and_explained():
    assert all("." in code and text for code, text in CODES.items())


def test_the_readme_table_lists_every_code_and_each_code_is_emitted_somewhere():
    """The README's warning table is the list of codes, in order; a code nothing emits is a
    promise of a warning that never comes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("\n## Warnings"):].split("\n## ")[1]
    assert re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", table, re.M) == list(CODES)
    sources = "\n".join(f.read_text(encoding="utf-8") for f in (ROOT / "src" / "seriesbook").rglob("*.py")
                        if f.name != "diagnostics.py")
    assert [code for code in CODES if f'"{code}"' not in sources] == []


BAD = "，又引用了不存在的式$\\eqref{eq:nope}$，还用了$\\weirdmacro{x}$。"


@pytest.mark.parametrize("suppress, left", [
    ("", {"xref.missing", "math.unknown-macro"}),
    ("suppress_warnings: [xref]\n", {"math.unknown-macro"}),
    ("suppress_warnings: [math.unknown-macro]\n", {"xref.missing"}),
    ("suppress_warnings: [math, xref.missing]\n", set()),
])
def test_the_manifest_silences_codes_in_a_build(tmp_path, suppress, left):
    manifest = small_series(tmp_path, (BAD, ""), manifest=suppress + MANIFEST)
    options = Options(out_dir=tmp_path / "out", pdf=False, epub=False, strict=bool(not left))
    report = build(load(manifest), "small", options)   # converts only: no TeX, no pandoc
    assert {w.code for w in report.warnings} == left


def test_strict_fails_on_what_suppression_left(tmp_path):
    manifest = small_series(tmp_path, (BAD, ""), manifest="suppress_warnings: [math]\n" + MANIFEST)
    with pytest.raises(BuildError, match=r"--strict: 1 warning\(s\) \(1 xref.missing\); the previous book is kept"):
        build(load(manifest), "small", Options(out_dir=tmp_path / "out", pdf=False, epub=False, strict=True))


def test_a_cause_masks_numbers_of_their_own_and_is_cut_short():
    def cause(message: str) -> str:
        (_, line) = summary([Diagnostic("latex.warning", message)])
        return line.split(" × ", 1)[1]

    assert cause("figure X2 at line 12, 3.5pt too wide\nmore") == "figure X2 at line #, #pt too wide"
    assert cause("") == ""
    assert cause("a" * 110) == "a" * 110
    assert cause("a" * 111) == "a" * 109 + "…"


def test_a_code_the_table_lacks_is_summed_up_without_a_meaning():
    (head, _) = summary([Diagnostic("zz.unknown", "m")])
    assert head == "      1  zz.unknown: "
