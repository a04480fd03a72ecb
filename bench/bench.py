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


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    """Seconds ``cmd`` takes; it must succeed."""
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
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


def index_seconds(repeat: int = 3) -> tuple[float, int, int]:
    """Seconds to parse the site's whole archive page and group it into series (the median of
    ``repeat``), with the numbers of posts and series.  The page is generated from
    ../shared/site/archive.tsv (the real titles) when it is there, else from made-up titles."""
    sys.path.insert(0, str(ROOT))
    from seriesbook.model import IndexEntry
    from seriesbook.sources.archive import parse_archive
    from seriesbook.titles import group
    from tests.support.archive_site import archive_page, read_archive_tsv

    tsv = ROOT.parent / "shared" / "site" / "archive.tsv"
    entries = read_archive_tsv(tsv) if tsv.exists() else [
        IndexEntry(n, f"第{n % 97}号系列（{n // 97 + 1}）：第{n}篇" if n % 3 else f"单篇文章{n}",
                   f"{2009 + n // 90}-{n % 12 + 1:02d}-{n % 28 + 1:02d}") for n in range(1330, 0, -1)]
    page = archive_page(entries)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        found = group(parse_archive(page, "https://kexue.fm"))
        times.append(time.perf_counter() - t)
    return median(times), len(entries), len(found)


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
    from seriesbook.build.latex import tex_environment  # the book's own TeX setup (finds seriesbook.sty)

    bare = median([timed(["xelatex", "-interaction=nonstopmode", "-no-shell-escape", "book.tex"], tex_dir,
                         tex_environment(tex_dir)) for _ in range(repeat)])
    unchanged = median([timed(build(outs[0]), work) for _ in range(repeat)])
    one = []
    for k in range(repeat):  # a different post each time, a word changed
        post = work / "posts" / f"{7 + k:02d}.md"
        post.write_text(post.read_text(encoding="utf-8").replace("平平无奇", "并不起眼", 1), encoding="utf-8")
        one.append(timed(build(outs[0]), work))
    rate = conversion_rate(manifest)
    index, posts, series = index_seconds()
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
    print(f"site index: parse the archive page and group its titles / 0.5 s budget: {index / 0.5:.2f}  "
          f"({index:.2f} s for {posts} posts, {series} series)")
    print(f"peak memory: {peak / 1024:.0f} MiB (largest process)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
