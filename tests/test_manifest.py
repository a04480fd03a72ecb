"""The manifest: every error located, all collected at once, unknown keys list the allowed ones."""

import json
from pathlib import Path

import pytest

from seriesbook.errors import ManifestError
from seriesbook.manifest import load, parse
from tests.support.paths import ROOT



def problems(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "series.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as e:
        load(path)
    return [str(p) for p in e.value.problems]


def test_the_projects_manifests_load():
    m = load(ROOT / "series.yaml")
    assert [s.name for s in m.series] == ["示例系列", "生成扩散模型漫谈", "低秩近似之路"]
    assert m.get("生成扩散模型漫谈").match == "生成扩散模型漫谈" and m.get("低秩近似之路").match == "低秩近似之路"
    sample = m.get("示例系列")
    assert sample.match == "示例系列" and sample.options.license == "CC BY 4.0"
    assert m.get("低秩近似之路").options.author == "苏剑林"  # book defaults flow into each series
    assert load(ROOT / "samples" / "series.yaml").get("示例系列").title == "示例系列"


def test_unknown_key_is_located_and_lists_the_allowed_ones(tmp_path):
    (msg,) = problems("book:\n  author: x\n  colour: red\nseries:\n  - name: a\n    match: a\n", tmp_path)
    assert msg.startswith(f"{tmp_path}/series.yaml:3: unknown key 'colour' in book; allowed: author,")
    assert "paper" in msg and "colour: red" in msg  # the source line is shown


def test_every_problem_is_reported_at_once(tmp_path):
    text = ("sources: [../outside]\n"
            "series:\n"
            "  - name: a\n"
            "    match: a\n"
            "    paper: a3\n"
            "  - name: a\n"
            "    posts: [1]\n"
            "  - title: no name\n"
            "  - name: b\n"
            "    match: b\n"
            "    posts: [2]\n")
    msgs = problems(text, tmp_path)
    lines = sorted(int(m.split(":")[1]) for m in msgs)
    assert lines == [1, 5, 6, 8, 9]
    text = "\n".join(msgs)
    assert "leaves the manifest's folder" in text
    assert "paper must be one of a4, a5, b5, reader, not 'a3'" in text
    assert "defined twice" in text and "needs a name" in text and "exactly one of 'match' or 'posts'" in text


@pytest.mark.parametrize("text, expected", [
    ("", "the manifest is empty"),
    ("series: [\n", "not valid YAML"),
    ("book: {}\n", "has no 'series' list"),
    ("series: 3\n", "must be a list"),
    ("series:\n  - name: a\n    match: a\n    epub_math: png\n", "epub_math must be one of mathml, svg"),
])
def test_bad_manifests(tmp_path, text, expected):
    assert any(expected in m for m in problems(text, tmp_path))


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "series.yaml"
    path.write_bytes(b"series:\n  - name: \xff\n")
    with pytest.raises(ManifestError, match=r"series.yaml:2: the manifest is not valid UTF-8"):
        load(path)


def test_paths_are_resolved_against_the_manifest(tmp_path):
    (tmp_path / "posts").mkdir()
    m = parse("sources: [posts]\nseries:\n  - name: a\n    match: a\n    templates: tpl\n", tmp_path / "series.yaml")
    assert m.sources == ((tmp_path / "posts").resolve(),)
    assert m.get("a").options.templates == str((tmp_path / "tpl").resolve())


@pytest.mark.parametrize("name", ["../../escaped", "a/b", ".hidden"])
def test_a_series_name_must_be_a_file_name(tmp_path, name):
    (msg,) = problems(f"series:\n  - name: {json.dumps(name)}\n    match: a\n", tmp_path)
    assert "series.yaml:2" in msg and "cannot be a file name" in msg


def test_names_with_quotes_and_spaces_are_fine(tmp_path):
    m = parse('series:\n  - name: "“闭门造车”之多模态思路浅谈 (1)!"\n    match: x\n', tmp_path / "series.yaml")
    assert m.series[0].name == "“闭门造车”之多模态思路浅谈 (1)!"
