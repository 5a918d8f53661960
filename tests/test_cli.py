"""cli.py in-process: commands, exit codes (0 ok, 1 content errors, 2 usage) and output formats."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import site_builder
from site_builder.cli import github_annotation
from site_builder.errors import WARNING, Problem, SourceLocation

FIXTURES = Path(__file__).parent / "fixtures" / "sites"


def test_build_succeeds_with_exit_code_0(fixture_site, run_cli, tmp_path):
    project = fixture_site("minimal")
    code, out, err = run_cli(["build", project, "--out", tmp_path / "out"])
    assert (code, err) == (0, "")
    assert out.startswith("Built 1 records into ")
    assert (tmp_path / "out/models/mot-cua/index.html").is_file()


def test_build_defaults_to_project_output(fixture_site, run_cli):
    project = fixture_site("minimal")
    assert run_cli(["build", project])[0] == 0
    assert (project / "output/index.html").is_file()


def test_build_with_content_errors_exits_1_and_lists_them(fixture_site, run_cli, tmp_path):
    project = fixture_site("broken-refs")
    code, out, err = run_cli(["build", project, "--out", tmp_path / "out"])
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("content/data/units.yaml:9:3: parent: unknown unit")
    assert lines[-1] == "5 error(s), 0 warning(s)."
    assert not (tmp_path / "out").exists()


def test_build_prints_warnings_and_still_succeeds(fixture_site, run_cli, tmp_path):
    project = fixture_site("minimal")
    (project / "content/models/notes.rtf").write_text("x")
    code, out, err = run_cli(["build", project, "--out", tmp_path / "out"])
    assert code == 0
    assert err.splitlines()[0].startswith("content/models/notes.rtf: warning: unknown kind of file (.rtf)")
    assert err.splitlines()[-1] == "0 error(s), 1 warning(s)."


@pytest.mark.parametrize("argv", [
    ["build", "--no-such-option"],
    ["frobnicate"],
    [],
    ["check", "--format", "xml"],
    ["new", "--no-input", "no_such_kind", "Tiêu đề"],
])
def test_bad_usage_exits_2(run_cli, argv):
    code, out, err = run_cli(argv)
    assert code == 2
    assert "usage: site-builder" in err


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_folder_without_site_yaml_exits_2(run_cli, tmp_path, command):
    code, out, err = run_cli([command, tmp_path])
    assert (code, out) == (2, "")
    assert err == (f"site-builder: {tmp_path / 'site.yaml'}: not found: a project folder holds site.yaml and "
                   "content/ (run site-builder in the project folder or give its path)\n")


def test_a_bad_source_date_epoch_exits_2(run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    code, out, err = run_cli(["check", FIXTURES / "minimal"])
    assert code == 2
    assert err == "site-builder: SOURCE_DATE_EPOCH must be a whole number of seconds, got 'soon'\n"


def test_check_ok_exits_0(run_cli):
    assert run_cli(["check", FIXTURES / "each-kind"]) == (0, "No problems found.\n", "")


def test_check_reports_a_broken_site_yaml(fixture_site, run_cli):
    project = fixture_site("minimal")
    (project / "site.yaml").write_text("title: x\nthem: default\n", encoding="utf-8")
    assert run_cli(["check", project]) == (
        1, "site.yaml:2:1: them: unknown field (did you mean 'theme'?)\n1 error(s), 0 warning(s).\n", "")


def test_check_format_json(run_cli, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    code, out, err = run_cli(["check", "broken-refs", "--format", "json"])
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert (report["errors"], report["warnings"]) == (5, 0)
    assert report["problems"][0] == {
        "path": "content/data/units.yaml", "file": "broken-refs/content/data/units.yaml", "line": 9, "column": 3,
        "field": "parent", "message": "unknown unit 'ubnd-tp-ha-noii'", "hint": "did you mean 'ubnd-tp-ha-noi'?",
        "severity": "error"}
    for problem in report["problems"]:
        assert set(problem) == {"path", "file", "line", "column", "field", "message", "hint", "severity"}


def test_check_format_json_keeps_vietnamese_readable(run_cli):
    code, out, _ = run_cli(["check", FIXTURES / "broken-privacy", "--format", "json"])
    assert code == 1 and "Số CCCD" in out and "\\u" not in out


def test_check_format_json_when_all_is_well(run_cli):
    code, out, _ = run_cli(["check", FIXTURES / "minimal", "--format", "json"])
    assert code == 0 and json.loads(out) == {"errors": 0, "warnings": 0, "problems": []}


def test_check_format_github(run_cli, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(FIXTURES.parent))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = run_cli(["check", FIXTURES / "broken-refs", "--format", "github"])
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert len(lines) == 6
    assert all(line.startswith("::error file=sites/broken-refs/content/") for line in lines[:5])
    assert lines[0] == ("::error file=sites/broken-refs/content/data/units.yaml,line=9,col=3,title=parent::"
                        "unknown unit 'ubnd-tp-ha-noii' (did you mean 'ubnd-tp-ha-noi'?)")
    assert lines[-1] == "site-builder: 5 error(s), 0 warning(s)."
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("### site-builder check\n")
    assert "| `sites/broken-refs/content/models/wrong-type.md:4` | locality |" in table


def test_github_annotations_escape_their_properties():
    problem = Problem(SourceLocation("content/a,b.md", 3), "x:y", "50%\nnext", "", WARNING)
    assert github_annotation(problem) == "::warning file=content/a%2Cb.md,line=3,title=x%3Ay::50%25%0Anext"


def test_version_in_process(run_cli):
    assert run_cli(["--version"]) == (0, f"site-builder {site_builder.__version__}\n", "")


def test_python_dash_m_version():
    result = subprocess.run([sys.executable, "-m", "site_builder", "--version"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert result.stdout == f"site-builder {site_builder.__version__}\n"
