"""The benchmark: prints one line per figure, each a ratio measured in this same run.

Run it with ``bench/run`` (after ``./dev install``).  Nothing here is a test: timings vary
with the machine, so the README quotes them with the machine they were measured on.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_series import make  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SB = [str(ROOT / ".venv" / "bin" / "seriesbook")]


def timed(cmd: list[str], cwd: Path) -> float:
    """Seconds ``cmd`` takes; it must succeed."""
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return time.perf_counter() - t


def conversion_rate(manifest: Path, repeat: int = 3) -> float:
    """Posts per second through read → parse → math → links (no TeX, no pandoc, no cache)."""
    from seriesbook.diagnostics import Collector
    from seriesbook.manifest import load
    from seriesbook.pipeline import Options, convert, gather

    m = load(manifest)
    raws = gather(m, m.get("bench"), Options(offline=True), Collector())
    t = time.perf_counter()
    for _ in range(repeat):
        convert(raws, Collector())
    return repeat * len(raws) / (time.perf_counter() - t)


def pandoc_pdf(work: Path) -> float:
    """What a user would do instead: the posts concatenated as Markdown, pandoc → PDF via xelatex."""
    import pypandoc

    md = work / "all.md"
    md.write_text("\n\n".join(p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((work / "posts").glob("*.md"))),
                  encoding="utf-8")
    return timed([pypandoc.get_pandoc_path(), str(md), "-o", str(work / "pandoc.pdf"), "--pdf-engine=xelatex",
                  "-V", "CJKmainfont=Noto Serif CJK SC", "-V", "documentclass=ctexbook", "--toc"], work)


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main(repeat: int = 3) -> None:
    """Each figure is the median of ``repeat`` runs: a shared machine is noisy."""
    work = Path(tempfile.mkdtemp(prefix="seriesbook-bench-"))
    manifest = make(work, n=24)
    outs = [work / f"out{k}" for k in range(repeat)]
    build = lambda out: SB + ["build", "bench", "-m", str(manifest), "-o", str(out), "--pdf"]  # noqa: E731
    cold = median([timed(build(out), work) for out in outs])
    tex_dir = outs[0] / "build" / "bench"
    bare = median([timed(["xelatex", "-interaction=nonstopmode", "-no-shell-escape", "book.tex"], tex_dir)
                   for _ in range(repeat)])
    unchanged = median([timed(build(outs[0]), work) for _ in range(repeat)])
    one = []
    for k in range(repeat):  # a different post each time, a word changed
        post = work / "posts" / f"{7 + k:02d}.md"
        post.write_text(post.read_text(encoding="utf-8").replace("平平无奇", "并不起眼", 1), encoding="utf-8")
        one.append(timed(build(outs[0]), work))
    rate = conversion_rate(manifest)
    pandoc = pandoc_pdf(work)
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    report = json.loads((outs[0] / "bench.report.json").read_text(encoding="utf-8"))
    print(f"machine: {os.cpu_count()} cores, {sys.platform}; series: 24 posts, "
          f"{sum(p['formulas'] for p in report['posts'])} formulas; medians of {repeat} runs")
    print(f"cold build / one bare xelatex pass: {cold / bare:.2f}  ({cold:.1f} s / {bare:.1f} s)")
    print(f"unchanged rebuild / cold build: {unchanged / cold:.3f}  ({unchanged:.2f} s)")
    print(f"one-post rebuild / one bare xelatex pass: {median(one) / bare:.2f}  ({median(one):.1f} s)")
    print(f"conversion alone: {rate:.0f} posts/s")
    print(f"seriesbook PDF / pandoc md->PDF: {cold / pandoc:.2f}  ({cold:.1f} s / {pandoc:.1f} s)")
    print(f"peak memory: {peak / 1024:.0f} MiB (largest process)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
