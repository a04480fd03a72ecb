"""``seriesbook doctor``'s checks."""

from __future__ import annotations

import shutil

from seriesbook.build import doctor


def test_checks_have_names_and_hints():
    checks = doctor.check()
    names = [c.name for c in checks]
    for name in ("xelatex", "latexmk", "LaTeX packages", "font Noto Serif CJK SC", "font Noto Sans CJK SC",
                 "pandoc", "epubcheck", "dvisvgm"):
        assert name in names
    assert all(c.ok or c.hint for c in checks)
    if shutil.which("xelatex"):
        assert next(c for c in checks if c.name == "xelatex").ok


def test_missing_tool_gives_install_hint(monkeypatch):
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    check = doctor.check_tool("xelatex", "apt-get install texlive-xetex")
    assert not check.ok and check.detail == "not found" and "texlive-xetex" in check.hint
    assert "optional" in doctor.check_tool("dvisvgm", "x", optional=True).detail


def test_missing_font_names_its_package(monkeypatch):
    monkeypatch.setattr(doctor, "_run_all", lambda cmd: "DejaVu Sans\nLatin Modern Roman,LM Roman 10\n")
    fonts = {c.name: c for c in doctor.check_fonts()}
    assert fonts["font Latin Modern Roman"].ok
    assert not fonts["font Noto Serif CJK SC"].ok and "fonts-noto-cjk" in fonts["font Noto Serif CJK SC"].hint
