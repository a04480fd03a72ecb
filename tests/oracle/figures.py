"""Print the oracle's figures for the README: ``.venv/bin/python -m tests.oracle.figures``.

For our corpus (golden cases + ``corpus.tex``) and the real posts of ``../shared``: how many
formulas were compared and how many agree with MathJax on each check (before :data:`known.KNOWN`
excuses any)."""

from __future__ import annotations

from . import compare, corpus
from .compare import CHECKS


def main() -> None:
    sets = {"our corpus (cases + corpus.tex)": corpus.golden_posts() + corpus.own_posts()}
    if not corpus.shared_absent():
        sets["real posts (site-pages + seeds)"] = corpus.site_posts() + corpus.seed_posts()
    print("| formulas | compared | " + " | ".join(CHECKS) + " |")
    print("| --- | --- |" + " --- |" * len(CHECKS))
    for name, samples in sets.items():
        formulas = compare.compare(samples)
        agree = [sum(CHECKS[c](f) is None for f in formulas) for c in CHECKS]
        print(f"| {name} | {len(formulas)} | " + " | ".join(f"{a}" for a in agree) + " |")


if __name__ == "__main__":
    main()
