"""Compile the book's TeX to PDF with latexmk and xelatex, safely and incrementally.

* The ``.tex`` is rewritten only when it changed, and the aux files stay in the build folder,
  so latexmk reruns xelatex only as often as the references need (0 passes when nothing
  changed).
* Posts are untrusted: xelatex runs without shell escape and with kpathsea's paranoid mode
  (``openin_any=p``, ``openout_any=p``, ``TEXMFOUTPUT`` = the build folder), so no TeX can
  read ``/etc/passwd`` into the book or write outside the build folder; latexmk runs with
  ``-norc`` so that a file written into the build folder can never configure it.
* With ``SOURCE_DATE_EPOCH`` set, ``FORCE_SOURCE_DATE=1`` makes the PDF byte-reproducible.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic
from ..errors import ToolError, display_path
from ..resources import templates_dir
from . import tools
from .atomic import write_atomic
from .logparse import first_error, parse_log

INSTALL_HINT = ("install TeX Live and the fonts: apt-get install texlive-xetex texlive-lang-chinese "
                "texlive-latex-extra latexmk fonts-noto-cjk")
#: Seconds one latexmk run may take before it is stopped (a TeX loop never ends by itself).
TIMEOUT = 900


@dataclass(frozen=True)
class PdfResult:
    """What a compile produced."""

    pdf: Path
    log: Path
    warnings: list[Diagnostic]
    overfull: int
    """Overfull boxes in the final pass (lines or formulas running into the margin)."""
    passes: int
    """How many times xelatex ran (0 when the PDF was up to date)."""


def tex_environment(build_dir: Path) -> dict[str, str]:
    """The environment for TeX: paranoid file access, unwrapped log lines, reproducible dates,
    and the packaged templates folder searched first, for ``seriesbook.sty``."""
    env = dict(os.environ)
    # Ours before everything else (the build folder included), so no file there can stand
    # in for seriesbook.sty; the empty entry at the end is TeX's own search path.
    env["TEXINPUTS"] = os.pathsep.join([str(templates_dir()), env.get("TEXINPUTS", "")])
    env.update(openin_any="p", openout_any="p", TEXMFOUTPUT=str(build_dir),
               shell_escape="f", max_print_line="10000", error_line="254", half_error_line="238")
    if env.get("SOURCE_DATE_EPOCH"):
        env["FORCE_SOURCE_DATE"] = "1"
    return env


def latexmk_command(name: str) -> list[str]:
    """The latexmk command line for ``name.tex``."""
    # The kernel's page total in the .aux changes between the first two passes of every
    # cold build; nothing in the book reads it, so it must not cost a third pass.
    ignore = r"$hash_calc_ignore_pattern{'aux'} = '^\\\\gdef\s*\\\\\@abspage\@last';"
    return ["latexmk", "-norc", "-e", ignore, "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
            "-file-line-error", "-no-shell-escape", f"{name}.tex"]


def compile_pdf(tex: str, build_dir: Path, name: str, assets: dict[str, Path] | None = None,
                progress: Callable[[str], None] | None = None) -> PdfResult:
    """Write ``build_dir/name.tex`` (only if changed), copy ``assets`` (name in the build
    folder → file) and run latexmk.  Raises :class:`ToolError` with the log excerpt, mapped
    to the post, when xelatex fails, and with what to install when it is missing."""
    require_tools()
    if not re.fullmatch(r"[\w.-]+", name) or name.startswith("."):
        raise ToolError(f"the book's name {name!r} cannot be used as a file name")
    build_dir = Path(build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    tex_path = build_dir / f"{name}.tex"
    if not tex_path.exists() or tex_path.read_text(encoding="utf-8", errors="replace") != tex:
        write_atomic(tex_path, tex)
    copy_assets(assets or {}, build_dir)
    output = run_latexmk_once(build_dir, name, progress)
    log_path = build_dir / f"{name}.log"
    log_text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    tex_lines = tex.split("\n")
    pdf = build_dir / f"{name}.pdf"
    if output.returncode != 0 or not pdf.exists():
        raise compile_error(log_text, tex_lines, output.stdout, log_path)
    warnings = [w for w in parse_log(log_text, tex_lines) if w.code != "latex.error"]
    overfull = sum(w.code == "latex.overfull" for w in warnings)
    passes = len(re.findall(r"Run number \d+ of rule '(?:xe)?latex'", output.stdout))
    return PdfResult(pdf, log_path, warnings, overfull, passes)


def require_tools() -> None:
    """Raise :class:`ToolError` telling what to install when latexmk or xelatex is missing."""
    missing = [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]
    if missing:
        raise ToolError(f"{' and '.join(missing)} not found: {INSTALL_HINT}")


def copy_assets(assets: dict[str, Path], build_dir: Path) -> None:
    """Copy each asset to ``build_dir/<name>`` unless an identical file is there already."""
    for rel, src in assets.items():
        dst = (build_dir / rel).resolve()
        if not dst.is_relative_to(build_dir):
            raise ToolError(f"the asset name {rel!r} points outside the build folder")
        src = Path(src)
        if not src.is_file():
            raise ToolError(f"the asset {display_path(src)} does not exist")
        if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(dst, src.read_bytes())


#: Present in the build folder while latexmk runs: if it is there when latexmk is about to
#: start, the previous run was interrupted (Ctrl-C, kill -9, a power cut) or failed, and
#: latexmk's database and aux files may remember that run ("xelatex: gave an error",
#: "Interruption") or be half written; they are removed, so the next run starts cold.
RUNNING = "latexmk-running"
#: What latexmk and xelatex leave in the build folder for job NAME.
TEX_STATE = (".aux", ".fdb_latexmk", ".fls", ".log", ".out", ".toc", ".xdv", ".pdf")


def run_latexmk_once(build_dir: Path, name: str,
                     progress: Callable[[str], None] | None = None) -> subprocess.CompletedProcess:
    """:func:`run_latexmk`, after clearing what an unfinished or failed previous run left.

    The marker stays when this run fails or is interrupted, so the next one starts cold."""
    marker = build_dir / RUNNING
    if marker.exists():
        clear_tex_state(build_dir, name)
    write_atomic(marker, name)
    output = run_latexmk(build_dir, name, progress)
    if output.returncode == 0:
        marker.unlink()
    return output


def clear_tex_state(build_dir: Path, name: str) -> None:
    """Remove latexmk's database and everything xelatex wrote for job ``name``."""
    for suffix in TEX_STATE:
        (build_dir / f"{name}{suffix}").unlink(missing_ok=True)


def run_latexmk(build_dir: Path, name: str,
                progress: Callable[[str], None] | None = None) -> subprocess.CompletedProcess:
    """Run latexmk in ``build_dir``; output (stdout and stderr together) is captured.
    ``progress`` is told each xelatex pass and the pages typeset so far."""
    try:
        return tools.run(latexmk_command(name), cwd=build_dir, env=tex_environment(build_dir),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace", timeout=TIMEOUT,
                         on_output=PageCounter(progress) if progress else None)
    except subprocess.TimeoutExpired:
        raise ToolError(f"xelatex did not finish within {TIMEOUT} s (a TeX loop?); "
                        f"see {display_path(build_dir / (name + '.log'))}") from None
    except OSError as exc:
        raise ToolError(f"latexmk could not be run: {exc}; {INSTALL_HINT}") from None


class PageCounter:
    """Follows latexmk's output: which xelatex pass runs, and how many pages it has shipped
    (xelatex prints ``[n`` as it ships page n; xdvipdfmx's own ``[n`` are not counted)."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.passes = 0
        self.pages = 0
        self.typesetting = True

    def __call__(self, piece: str) -> None:
        for rule, text in _by_rule(piece):
            if rule is not None:
                self.typesetting = rule in ("latex", "xelatex")
                if self.typesetting:
                    self.passes, self.pages = self.passes + 1, 0
            if self.typesetting:
                self.pages += len(re.findall(r"\[\d+", text))
                self.progress(f"typesetting the PDF: xelatex pass {max(self.passes, 1)}, {self.pages} pages")


def _by_rule(piece: str) -> list[tuple[str | None, str]]:
    """``piece`` cut where latexmk starts a rule: (the rule started, or None, text after it)."""
    parts = re.split(r"Run number \d+ of rule '([^']*)'", piece)
    return [(None, parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def compile_error(log_text: str, tex_lines: list[str], output: str, log_path: Path) -> ToolError:
    """The ToolError for a failed compile: the first error, its TeX line and its post."""
    error = first_error(log_text, tex_lines)
    if error is None:
        tail = "\n".join(output.strip().splitlines()[-15:])
        return ToolError(f"latexmk failed without a TeX error; its last lines:\n{tail}")
    inpost = f" (in {error.post})" if error.post else ""
    message = (f"xelatex failed: {error.message}{inpost}\n{_indent(error.excerpt)}\n"
               f"    full log: {display_path(log_path)}")
    return ToolError(message, error.pos)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
