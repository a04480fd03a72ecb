"""The command line through main(argv): exit codes, help, located errors, no tracebacks."""

import json

import pytest

from seriesbook import __version__
from seriesbook.cli import main

COMMANDS = ["build", "list", "check", "discover", "fetch", "doctor"]


def test_version(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_help_on_every_command(capsys, command):
    assert main(command + ["--help"]) == 0
    assert "Usage:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["nosuchcommand"], ["build"], ["build", "a", "--all"], ["build", "a", "--bogus"]])
def test_bad_usage_exits_2(capsys, argv):
    assert main(argv) == 2
    assert "Usage:" in capsys.readouterr().err


def test_manifest_error_exits_1_located_without_traceback(tmp_path, capsys):
    (tmp_path / "series.yaml").write_text("book:\n  author: x\n  colour: red\nseries:\n  - name: a\n    match: a\n")
    assert main(["build", "a", "-m", str(tmp_path / "series.yaml"), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "series.yaml:3: unknown key 'colour'" in err and "Traceback" not in err


def test_unknown_series_lists_the_known_ones(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./series.yaml: the embedded sample manifest
    assert main(["build", "nope", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "no series named 'nope'" in err and "known: 示例系列" in err


def test_list_shows_the_sample_series_in_order(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--json"]) == 0
    (series,) = json.loads(capsys.readouterr().out)["series"]
    assert series["name"] == "示例系列"
    titles = [p["title"] for p in series["posts"]]
    assert [t.split(":")[0] for t in titles] == ["示例系列(一)", "示例系列(二)", "示例系列(三)"]
    assert all(p["date"] and p["source"] for p in series["posts"])
