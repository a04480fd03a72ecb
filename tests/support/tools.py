"""Checkers the tests share: epubcheck, pdftotext, pandoc's texmath."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypandoc

from tests.support.prereq import need

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def epubcheck(epub: Path) -> str:
    """epubcheck's whole output for ``epub``; fails the test when it reports any error or warning.

    Debian's /usr/bin/epubcheck is a link to a jar (it runs through binfmt, which a container
    may lack), so it is run with ``java -jar``.
    """
    need(EPUBCHECK_JAR.exists() and shutil.which("java"), "epubcheck is not installed (./dev test installs it)")
    r = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(epub)], capture_output=True, text=True)
    output = r.stdout + r.stderr
    assert r.returncode == 0 and "WARNING" not in output and "ERROR" not in output, output[-4000:]
    return output


def pdftotext(pdf: Path) -> str:
    """The text of ``pdf`` (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def texmath_failures(texs: list[str]) -> list[str]:
    """The formulas pandoc could not turn into MathML (one pandoc run for all)."""
    doc = "\n\n".join("$$" + t.replace("\n", " ") + "$$" for t in texs if t.strip())
    proc = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html", "--mathml"],
                          input=doc, capture_output=True, text=True, check=True)
    return re.findall(r"Could not convert TeX math (.*?), rendering as TeX", proc.stderr, re.S)
