"""Where things are: the project, ``../shared`` (real site data, beside the project in
development and CI only) and the golden cases."""

from __future__ import annotations

from pathlib import Path

#: The project's root folder (the worktree).
ROOT = Path(__file__).resolve().parents[2]
#: Real site data for tests: seeds, site-pages, archive.tsv.  Read-only; absent on a user's machine.
#: Beside the project, or beside the folder holding it (mutmut runs the tests in ``mutants/``).
SHARED = next((p / "shared" for p in ROOT.parents[:2] if (p / "shared").is_dir()), ROOT.parent / "shared")
#: Golden files, one folder per case (``pytest --regen`` rewrites them).
CASES = ROOT / "tests" / "cases"
