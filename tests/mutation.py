"""Mutation testing's targets and its summary, for ``./dev mutate`` (mutmut; settings in
pyproject.toml).  Not a test module: ``python -m tests.mutation globs`` prints the mutant
filters of the targets below (or of those in the module at PATH: ``globs PATH``), ``summary
[PATH]`` their score.

A target is where a silent bug costs most; each is a list of mutmut name filters (fnmatch over
``module.x_function__mutmut_N``; methods are ``module.xǁClassǁmethod__mutmut_N``).  A mutant
that survives is either killed by a new test or listed in EQUIVALENT with why no test can
tell it from the original.  mutmut numbers mutants by position, so an edit to a function
renames its mutants: the summary names every listed mutant that is no longer a survivor.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from pathlib import Path

TARGETS: dict[str, list[str]] = {
    "math: numbering": ["seriesbook.math.number.*", "seriesbook.math.passes.x_split_rows*",
                        "seriesbook.math.passes.x_number_rows*", "seriesbook.math.passes.x__row__*",
                        "seriesbook.render.latex_math.x_mark*"],
    "math: references": ["seriesbook.math.passes.x_scope_labels*", "seriesbook.math.passes.x_resolve_refs*",
                         "seriesbook.math.passes.x_resolve_targets*", "seriesbook.render.latex_math.x__refs*",
                         "seriesbook.render.epub_math.x__refs*"],
    "math: macros": ["seriesbook.math.macros.*", "seriesbook.math.passes.x_define_macros*",
                     "seriesbook.math.passes.x_expand_rows*"],
    "sources: discovery and dedupe": ["seriesbook.sources.discover.*"],
    "diagnostics": ["seriesbook.diagnostics.*"],
    "stage cache": ["seriesbook.cache.*"],
    "pipeline: up-to-date check": ["seriesbook.publish.x_up_to_date*", "seriesbook.publish.x_remember*",
                                   "seriesbook.publish.x__stat*"],
    "TeX runner: hardening": ["seriesbook.build.latex.x_tex_environment*", "seriesbook.build.latex.x_latexmk_command*",
                              "seriesbook.build.latex.x_copy_assets*"],
}

#: Surviving mutants no test can kill, and why (the behaviour is the same).
EQUIVALENT: dict[str, str] = {
    "seriesbook.diagnostics.x_is_suppressed__mutmut_14":
        "range(1, len(parts) + 2): the extra prefix parts[:len+1] is the whole code again",
    # The stage cache: how a key is spelled does not matter as long as it is stable and injective.
    "seriesbook.cache.x_digest__mutmut_3": "bytes hashed through their repr: still stable and injective",
    "seriesbook.cache.x_digest__mutmut_11": "'UTF-8' is the same codec as 'utf-8'",
    "seriesbook.cache.x_digest__mutmut_18": "length prefix in big-endian: as injective as little-endian",
    "seriesbook.cache.x_digest__mutmut_19": "length prefix 9 bytes wide: as injective as 8",
    "seriesbook.cache.x_tree_fingerprint__mutmut_18": "'UTF-8' is the same codec as 'utf-8'",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_2": "stage left out of the hash: each stage has its own folder",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_4": "stage left out of the hash: each stage has its own folder",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_11": "entries fanned out by 3 hex digits instead of 2",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_25": "durable=None is falsy like False",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_28": "durable left at write_atomic's default: fsync or not is unobservable",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_30": "another pickle protocol: every protocol reads back",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_32": "another pickle protocol: every protocol reads back",
    "seriesbook.cache.xǁStageCacheǁget_many__mutmut_33": "durable=True only adds an fsync (slower, same files)",
    # Discovery and dedupe.
    "seriesbook.sources.discover.x__rank__mutmut_4": "no readers as -2 instead of -1: still below every real count",
    "seriesbook.sources.discover.x__why__mutmut_7": "a kept copy without readers never faces one with readers "
                                                    "(it would not have been kept)",
    "seriesbook.sources.discover.x_merge_duplicates__mutmut_8": "by_archive.get(None) is None: no post is filed "
                                                                "under None",
    "seriesbook.sources.discover.x_group_series__mutmut_24": "sorting whole tuples: the index in them is unique, "
                                                             "so the post itself is never compared",
    "seriesbook.sources.discover.x_group_series__mutmut_26": "sorting whole tuples: the index in them is unique, "
                                                             "so the post itself is never compared",
    "seriesbook.sources.discover.x_group_series__mutmut_28": "sorting whole tuples: the index in them is unique, "
                                                             "so the post itself is never compared",
    # The up-to-date record: fsync or not cannot be observed (write_atomic's default is durable).
    "seriesbook.publish.x_remember__mutmut_30": "durable=None is falsy like False",
    "seriesbook.publish.x_remember__mutmut_33": "durable left at its default: only an fsync more",
    "seriesbook.publish.x_remember__mutmut_35": "durable=True only adds an fsync",
    # Numbering.
    "seriesbook.math.number.x__matching_end__mutmut_19": "every depth step negated: it comes back to 0 at the same \\end",
    "seriesbook.math.number.x__matching_end__mutmut_23": "every depth step negated: it comes back to 0 at the same \\end",
    "seriesbook.math.number.x_classify__mutmut_30": "only emptiness is asked: a string is its prefix exactly when "
                                                    "it is its suffix",
    "seriesbook.math.number.x_classify__mutmut_36": "rstrip('XX*XX') strips the same '*' (environment names have no X)",
    "seriesbook.math.passes.x_number_rows__mutmut_53": "rows without tokens only stay in a formula shown verbatim, "
                                                       "whose rows are never written",
    "seriesbook.math.passes.x_split_rows__mutmut_14": "rows split on nothing: joined again with \\\\ they are "
                                                      "the same tokens",
    "seriesbook.math.passes.x_split_rows__mutmut_17": "rows split on nothing: joined again with \\\\ they are "
                                                      "the same tokens",
    "seriesbook.render.latex_math.x_mark__mutmut_10": "the separator joins one label at most",
    "seriesbook.render.latex_math.x_mark__mutmut_15": "a row has one label at most (two are refused, as MathJax does)",
    # References.
    "seriesbook.math.passes.x_resolve_refs__mutmut_3": "a shortcut: scanning a formula without references finds none",
    "seriesbook.math.passes.x_resolve_targets__mutmut_7": "the dict only orders the names; its values are never read",
    "seriesbook.math.passes.x_resolve_targets__mutmut_34": "a shortcut: no targets is the empty tuple the Math has",
    "seriesbook.render.latex_math.x__refs__mutmut_18": "every reference has a target (both are read from the same rows)",
    "seriesbook.math.number.x_lines__mutmut_31": "a blank row is one token at most (the tokenizer merges blanks)",
    # Macros.
    "seriesbook.math.macros.x__parse_definition__mutmut_55": "'#1' as the last tokens: no body follows either way",
    "seriesbook.math.macros.x_expand__mutmut_5": "the depth bound one higher (21): only a chain of 22 macros differs",
    "seriesbook.math.macros.x_expand__mutmut_13": "only control words name macros: another token's tail is never "
                                                  "a macro name",
    "seriesbook.math.macros.x_expand__mutmut_53": "a body never ends in '#' (check_body refuses it)",
    "seriesbook.math.macros.x_expand__mutmut_55": "a body never ends in '#' (check_body refuses it)",
    "seriesbook.math.macros.x_expand__mutmut_92": "the size bound one lower: only exactly 20000 tokens differ",
}

#: mutmut's exit codes.  A mutant that makes the tests run past their time limit (an endless
#: loop) is caught as surely as one that makes them fail: both count as killed.
STATUS = {1: "killed", 3: "killed", 0: "survived", None: "not checked", 5: "no tests", 33: "no tests",
          36: "killed", -24: "killed", 24: "killed", 152: "killed", 255: "killed"}


def results(root: Path = Path("mutants")) -> dict[str, str]:
    """Every mutant mutmut made, with its status (killed, survived, no tests, not checked …)."""
    out: dict[str, str] = {}
    for meta in root.rglob("*.meta"):
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            out[name] = STATUS.get(code, "suspicious")
    return out


def summary(targets: dict[str, list[str]], status: dict[str, str]) -> list[str]:
    """One line per target (mutants, killed, equivalent, survivors …), then the survivors."""
    lines = [f"{'target':34} {'mutants':>7} {'killed':>7} {'equiv':>6} {'left':>5} {'score':>6}"]
    left_over: list[str] = []
    for target, globs in targets.items():
        names = [n for n in status if any(fnmatch.fnmatchcase(n, g) for g in globs)]
        killed = sum(status[n] == "killed" for n in names)
        equivalent = sum(status[n] == "survived" and n in EQUIVALENT for n in names)
        left = [n for n in names if status[n] != "killed" and n not in EQUIVALENT]
        left_over += [f"  {status[n]:12} {n}" for n in sorted(left)]
        score = killed / (len(names) - equivalent) if len(names) > equivalent else 1.0
        lines.append(f"{target:34} {len(names):7} {killed:7} {equivalent:6} {len(left):5} {score:6.0%}")
    stale = [n for n in EQUIVALENT if n in status and status[n] != "survived"]
    return (lines + (["not killed and not listed as equivalent:"] + left_over if left_over else [])
            + [f"  listed as equivalent but {status[n]}: {n}" for n in stale])


def narrowed(path: str) -> dict[str, list[str]]:
    """The targets' filters inside the module or package at ``path`` (all of it when no target
    names it): ``src/seriesbook/publish.py`` -> its up-to-date check only."""
    dotted = Path(path).with_suffix("").as_posix().removeprefix("src/").replace("/", ".")
    inside = {name: [g for g in globs if g.startswith(dotted + ".")] for name, globs in TARGETS.items()}
    return {name: globs for name, globs in inside.items() if globs} or {dotted: [f"{dotted}.*"]}


def main(argv: list[str]) -> int:
    """``globs [PATH]``: the filters for mutmut run; ``summary [PATH]``: the score table."""
    command, rest = (argv[0], argv[1:]) if argv else ("summary", [])
    targets = TARGETS
    if rest:
        targets = narrowed(rest[0])
    if command == "globs":
        print(" ".join(g for globs in targets.values() for g in globs))
    else:
        print("\n".join(summary(targets, results())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
