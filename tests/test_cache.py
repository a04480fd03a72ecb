"""The stage cache: values stored under a hash of their inputs, the stage and seriesbook's own
code; made once, read back by a later build, made again when anything they came from changed."""

from __future__ import annotations

import os

import pytest

from seriesbook import cache as cache_mod
from seriesbook.cache import StageCache, digest, tree_fingerprint


class Maker:
    """``make_many`` for StageCache.get_many that records what it was asked to make."""

    def __init__(self):
        self.asked: list[list[int]] = []

    def __call__(self, inputs):
        def make(missing):
            self.asked.append(list(missing))
            return [f"value of {inputs[i]}" for i in missing]
        return make


def test_values_are_made_once_then_read_back_by_another_build(tmp_path):
    inputs = [("a",), ("b",), ("c",)]
    first, make = StageCache(tmp_path), Maker()
    assert first.get_many("post", inputs, make(inputs)) == ["value of ('a',)", "value of ('b',)", "value of ('c',)"]
    assert make.asked == [[0, 1, 2]] and (first.hits, first.misses) == (0, 3)
    more = inputs[:2] + [("d",)]
    assert first.get_many("post", more, make(more))[2] == "value of ('d',)"
    assert make.asked[1:] == [[2]] and (first.hits, first.misses) == (2, 4)   # counts add up over calls
    first.get_many("post", more, make(more))
    assert (first.hits, first.misses) == (5, 4)
    later = StageCache(tmp_path)   # a later build: a new object, the same folder
    assert later.get_many("post", inputs, make(inputs)) == first.get_many("post", inputs, make(inputs))
    assert make.asked[2:] == [] and (later.hits, later.misses) == (3, 0)


def test_get_is_get_many_of_one(tmp_path):
    c = StageCache(tmp_path)
    calls = []
    assert c.get("chapter", ("x", 1), lambda: calls.append(1) or "made") == "made"
    assert c.get("chapter", ("x", 1), lambda: calls.append(1) or "again") == "made"
    assert calls == [1] and (c.hits, c.misses) == (1, 1)


def test_the_key_holds_the_stage_every_input_and_the_code(tmp_path, monkeypatch):
    c, make = StageCache(tmp_path), Maker()
    c.get_many("post", [("a", "b")], make([("a", "b")]))
    c.get_many("chapter", [("a", "b")], make([("a", "b")]))     # another stage
    c.get_many("post", [("a", "c")], make([("a", "c")]))         # another input
    assert len(make.asked) == 3
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "another version of seriesbook")
    c.get_many("post", [("a", "b")], make([("a", "b")]))
    assert len(make.asked) == 4 and c.misses == 4


def test_a_damaged_or_unwritable_cache_costs_only_time(tmp_path):
    c = StageCache(tmp_path / "c")
    c.get("post", ("a",), lambda: "made")
    (entry,) = (tmp_path / "c").rglob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert StageCache(tmp_path / "c").get("post", ("a",), lambda: "made again") == "made again"
    (tmp_path / "file").write_text("x")
    blocked = StageCache(tmp_path / "file")   # a file where the folder should be: nothing can be stored
    assert blocked.get("post", ("a",), lambda: "made") == "made"


def test_digest_is_stable_and_tells_every_input_apart():
    assert digest("a", "b") == digest("a", "b") and len(digest("a")) == 64
    assert digest("ab", "c") != digest("a", "bc") != digest("abc")   # parts are length-prefixed
    assert digest("a") != digest("b") and digest(1) != digest(2)
    assert digest("\ud800") != digest("\ud801")   # lone surrogates (from odd file names) still hash
    assert digest(b"\xff") != digest(b"\xfe")


def test_tree_fingerprint_changes_with_any_file(tmp_path):
    folder, single = tmp_path / "templates", tmp_path / "one.md"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.j2").write_text("a")
    single.write_text("x")
    before = tree_fingerprint(None, folder, single, tmp_path / "absent")
    assert before == tree_fingerprint(None, folder, single, tmp_path / "absent")
    (folder / "sub" / "a.j2").write_text("ab")
    after_folder = tree_fingerprint(None, folder, single, tmp_path / "absent")
    single.write_text("xy")
    after_file = tree_fingerprint(None, folder, single, tmp_path / "absent")
    assert len({before, after_folder, after_file}) == 3
    assert tree_fingerprint(None) == tree_fingerprint(tmp_path / "absent") == tree_fingerprint()


def test_tree_fingerprint_takes_file_names_that_are_not_utf8(tmp_path):
    (tmp_path / os.fsdecode(b"\xff.png")).write_bytes(b"x")
    assert tree_fingerprint(tmp_path) != tree_fingerprint()


@pytest.mark.parametrize("root", [None, "absent"])
def test_a_missing_root_does_not_hide_the_next(tmp_path, root):
    (tmp_path / "a").write_text("1")
    first = tree_fingerprint(root and tmp_path / root, tmp_path / "a")
    (tmp_path / "a").write_text("22")
    assert tree_fingerprint(root and tmp_path / root, tmp_path / "a") != first
