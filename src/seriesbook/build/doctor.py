"""``seriesbook doctor``: is everything the builds need installed?

Each check returns a :class:`Check` with what was found and, when something is missing,
the Debian packages that bring it.  Optional tools (epubcheck, dvisvgm, ulem) are reported
as ok=False with ``optional`` in the detail: a build works without them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """One thing the doctor looked at."""

    name: str
    ok: bool
    detail: str
    hint: str = ""


#: Font families the book's preamble names, and the Debian package of each.
FONTS = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Sans Mono CJK SC": "fonts-noto-cjk",
    "Latin Modern Roman": "fonts-lmodern",
    "Latin Modern Mono": "fonts-lmodern",
    # The fallback fonts (a missing one is skipped; its characters then do not print).
    "DejaVu Serif": "fonts-dejavu-core",
    "DejaVu Sans": "fonts-dejavu-core",
    "DejaVu Sans Mono": "fonts-dejavu-core",
    "Symbola": "fonts-symbola",
    "Unifont": "fonts-unifont",
    "Unifont Upper": "fonts-unifont",
}
#: TeX files the preamble loads (the math is set in Computer Modern / AMS fonts).
TEX_FILES = {
    "ctexbook.cls": "texlive-lang-chinese", "xeCJK.sty": "texlive-lang-chinese",
    "fontspec.sty": "texlive-latex-recommended", "fvextra.sty": "texlive-latex-extra",
    "xltabular.sty": "texlive-latex-extra", "adjustbox.sty": "texlive-latex-extra",
    "xurl.sty": "texlive-latex-extra", "booktabs.sty": "texlive-latex-recommended",
    "enumitem.sty": "texlive-latex-extra", "hyperref.sty": "texlive-latex-recommended",
    "bookmark.sty": "texlive-latex-recommended", "amsmath.sty": "texlive-latex-base",
    "mathtools.sty": "texlive-latex-recommended", "bm.sty": "texlive-latex-base",
    "mathrsfs.sty": "texlive-latex-recommended", "cancel.sty": "texlive-latex-extra",
    "mhchem.sty": "texlive-science", "cmmi10.pfb": "texlive-base", "msbm10.pfb": "texlive-base",
    "newunicodechar.sty": "texlive-latex-extra",
}


def _run(cmd: list[str]) -> str | None:
    """The first line of a command's output, or None when it cannot run."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else ""


def check_tool(name: str, hint: str, version_arg: str = "--version", optional: bool = False) -> Check:
    """Is ``name`` on PATH, and which version is it?"""
    path = shutil.which(name)
    if path is None:
        return Check(name, False, "not found" + (" (optional)" if optional else ""), hint)
    version = _run([path, version_arg]) or "found"
    return Check(name, True, f"{path}: {version}")


def check_fonts() -> list[Check]:
    """Every font family the preamble names, as fontconfig (and so XeTeX) sees it."""
    listing = _run_all(["fc-list", ":", "family"])
    if listing is None:
        return [Check("fonts", False, "fc-list not found", "apt-get install fontconfig")]
    families = {f.strip() for line in listing.splitlines() for f in line.split(",")}
    return [Check(f"font {family}", family in families,
                  "installed" if family in families else "not found",
                  "" if family in families else f"apt-get install {package}")
            for family, package in FONTS.items()]


def check_tex_files() -> Check:
    """The LaTeX packages and math fonts the preamble loads."""
    if shutil.which("kpsewhich") is None:
        return Check("LaTeX packages", False, "kpsewhich not found", "apt-get install texlive-base")
    out = _run_all(["kpsewhich", *TEX_FILES]) or ""
    found = {line.rsplit("/", 1)[-1] for line in out.splitlines()}
    missing = [f for f in TEX_FILES if f not in found]
    if not missing:
        return Check("LaTeX packages", True, f"{len(TEX_FILES)} files found")
    packages = sorted({TEX_FILES[f] for f in missing})
    return Check("LaTeX packages", False, "missing: " + ", ".join(missing), "apt-get install " + " ".join(packages))


def check_ulem() -> Check:
    """ulem lets underlined and struck-out CJK text break across lines (optional)."""
    found = bool(shutil.which("kpsewhich")) and bool(_run(["kpsewhich", "ulem.sty"]))
    return Check("ulem.sty", found, "found" if found else "not found (optional: underlines will not break lines)",
                 "" if found else "apt-get install texlive-plain-generic")


def check_pandoc() -> Check:
    """pandoc, as pypandoc finds it (pypandoc-binary ships one)."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
        return Check("pandoc", True, f"{path}: {pypandoc.get_pandoc_version()}")
    except (ImportError, OSError) as exc:
        return Check("pandoc", False, f"not found: {exc}", "pip install pypandoc-binary")


def _run_all(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, errors="replace").stdout
    except (OSError, subprocess.TimeoutExpired):
        return None


def check() -> list[Check]:
    """Every check, in the order ``seriesbook doctor`` prints them."""
    tex = "apt-get install texlive-xetex texlive-lang-chinese texlive-latex-extra latexmk"
    checks = [check_tool("xelatex", tex), check_tool("latexmk", "apt-get install latexmk", "-v")]
    checks += [check_tex_files(), *check_fonts(), check_pandoc()]
    checks += [check_tool("epubcheck", "apt-get install epubcheck", "--version", optional=True),
               check_tool("dvisvgm", "apt-get install texlive-binaries", "--version", optional=True),
               check_ulem()]
    return checks
