"""The command line through main(argv): exit codes, help, located errors, no tracebacks."""

import json

import pytest

from seriesbook import __version__
from seriesbook.cli import main

COMMANDS = ["build", "series", "list", "check", "discover", "fetch", "doctor"]


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


def test_list_shows_the_sample_series_in_order(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--json"]) == 0
    (series,) = json.loads(capsys.readouterr().out)["series"]
    assert series["name"] == "示例系列"
    titles = [p["title"] for p in series["posts"]]
    assert [t.split(":")[0] for t in titles] == ["示例系列(一)", "示例系列(二)", "示例系列(三)"]
    assert all(p["date"] and p["source"] for p in series["posts"])


def test_check_reports_the_math_of_a_series_without_compiling(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(
        "---\ntitle: 小例(一):检查\n---\n\n公式$x$与\n\\begin{equation}y\\label{eq:y}\\end{equation}\n"
        "引用$\\eqref{eq:y}$和$\\eqref{eq:none}$，还有$\\input{/etc/passwd}$。\n", encoding="utf-8")
    (tmp_path / "series.yaml").write_text("sources: [posts]\nseries:\n  - name: s\n    match: 小例\n")
    assert main(["check", "s", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (post,) = result["posts"]
    assert (post["formulas"], post["numbered_equations"], post["formulas_failed"]) == (5, 1, 1)
    codes = {(w["code"], w["line"]) for w in result["warnings"]}
    assert ("xref.missing", 7) in codes and ("math.forbidden", 7) in codes
    assert not (tmp_path / "out").exists()  # nothing was built
    assert main(["check", "s"]) == 0
    out = capsys.readouterr().out
    assert "posts/a.md:7: warning:" in out and "(in 小例(一):检查) [xref.missing]" in out  # as a build prints it


def test_discover_write_adds_new_series_and_keeps_what_is_there(tmp_path, capsys):
    dump = tmp_path / "dump.txt"
    dump.write_text("示例漫谈(一):开始\nBy 某人 | 2024-01-02 | 12位读者 | 引用第一段。\n"
                    "示例漫谈(二):继续\nBy 某人 | 2024-02-03 | 34位读者 | 引用第二段。\n", encoding="utf-8")
    manifest = tmp_path / "series.yaml"
    manifest.write_text("# mine\nseries:\n  - name: 旧的\n    match: 旧的  # keep\n", encoding="utf-8")
    assert main(["discover", str(dump), "--json", "--write", str(manifest)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(p["title"], p["part"], p["date"]) for p in found["posts"]] == [
        ("示例漫谈(一):开始", 1, "2024-01-02"), ("示例漫谈(二):继续", 2, "2024-02-03")]
    text = manifest.read_text(encoding="utf-8")
    assert text.startswith("# mine\nseries:\n  - name: 旧的\n    match: 旧的  # keep\n") and "示例漫谈" in text
    from seriesbook.manifest import load

    assert [s.name for s in load(manifest).series] == ["旧的", "示例漫谈"]


@pytest.mark.parametrize("command", ["series", "build x", "fetch x", "check x"])
def test_a_site_that_is_not_an_http_address_is_bad_usage(command, capsys):
    assert main([*command.split(), "--site", "kexue.fm"]) == 2
    assert "'kexue.fm' is not an http(s) address" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_docstring_markup(command, capsys):
    assert main([command, "--help"]) == 0
    assert "``" not in capsys.readouterr().out
