"""Checkers the tests share: epubcheck, pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def epubcheck(epub: Path) -> str:
    """epubcheck's whole output for ``epub``; fails the test when it reports any error or warning.

    Debian's /usr/bin/epubcheck is a link to a jar (it runs through binfmt, which a container
    may lack), so it is run with ``java -jar``.
    """
    if not EPUBCHECK_JAR.exists() or not shutil.which("java"):
        pytest.skip("epubcheck is not installed (./dev test installs it)")
    r = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(epub)], capture_output=True, text=True)
    output = r.stdout + r.stderr
    assert r.returncode == 0 and "WARNING" not in output and "ERROR" not in output, output[-4000:]
    return output


def pdftotext(pdf: Path) -> str:
    """The text of ``pdf`` (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
