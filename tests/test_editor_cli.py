"""The editor's commands: ``new`` with its questions, ``privacy`` for pre-commit, the hook manifest."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from site_builder import build as build_module
from site_builder import sources, validate, vocabularies
from site_builder.cli import _parser
from site_builder.kinds import KINDS
from site_builder.prompts import Cancelled, Prompter

ROOT = Path(__file__).parent.parent


def answers(monkeypatch, *lines: str) -> None:
    """Answer the questions of ``new -i`` with ``lines``, in order."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))


def check_problems(project: Path) -> list:
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"}, drafts=True)
    problems, _ = build_module.check(config)
    return [p.format() for p in problems if p.is_error]


def test_new_asks_for_a_commendation_that_passes_check(run_cli, fixture_site, monkeypatch):
    project = fixture_site("each-kind")
    answers(monkeypatch,
            "2",                                   # kind: commendation
            "Bằng khen cho tập thể Ủy ban nhân dân huyện Đông Anh",
            "",                                    # the proposed id
            "Tập thể được tặng Bằng khen năm 2024.",  # summary
            "dong anh", "1",                       # locality: search, pick
            "ubnd dong anh", "1", "n",             # units: search, pick, no more
            "2024-01-01", "2024-12-31",            # period
            "789/QĐ-UBND", "2025-01-15", "ubnd ha noi", "1",  # decision number, date, issuer
            "7",                                   # form: bang_khen
            "2",                                   # level: ministry_province
            "3",                                   # state: decided
            "1",                                   # recipients listed one by one
            "2",                                   # recipient kind: collective
            "1", "ubnd dong anh", "1",             # ... given as a unit
            "n",                                   # no second recipient
            "", "", "",                            # directives, theme, tags skipped
            "https://baochinhphu.vn/bai-viet", "Bài báo", "Báo Chính phủ", "2025-01-20", "n")
    monkeypatch.chdir(project)  # `site-builder new -i` in the project folder: it asks for everything
    code, out, err = run_cli(["new", "-i"])
    assert (code, err) == (0, ""), out
    written = project / "content/commendations/bang-khen-cho-tap-the-uy-ban-nhan-dan-huyen-dong-anh.md"
    text = written.read_text(encoding="utf-8")
    assert "status: draft" in text and "789/QĐ-UBND" in text and "ubnd-huyen-dong-anh" in text
    assert "form: bang_khen" in text and "# form_detail:" in text  # optional fields stay as comments
    assert check_problems(project) == []


def test_new_asks_for_what_an_aggregate_inspection_needs(fixture_site):
    project = fixture_site("each-kind")
    loaded = sources.load_content(project)
    vocabs, _ = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(), loaded.vocabularies)
    validated = validate.validate_content(loaded, vocabs)
    script = iter(["Tổng hợp kiểm tra năm 2024", "", "", "ha noi", "1", "thanh uy", "1", "n", "", "2024-12-31",
                   "2",            # regime: party_inspection
                   "2",            # grain: aggregate
                   "thanh uy", "1",  # inspecting body
                   "",             # mode: optional for an aggregate, skipped
                   "party", "1", "1520", "n",  # statistics: series, value, no more
                   "", "", "", "https://example.org/nguon", "", "", "", "n"])
    said = []
    prompter = Prompter(vocabs, validated.entities, {}, ask=lambda q: next(script), say=said.append)
    record = prompter.record(KINDS["inspection_result"])
    assert record["grain"] == "aggregate" and record["statistics"][0]["value"] == 1520
    assert "mode" not in record and "subjects" not in record
    assert record["period"] == {"as_of": record["period"]["as_of"]} and record["status"] == "draft"


def test_a_wrong_answer_is_asked_again_with_the_reason(fixture_site):
    project = fixture_site("minimal")
    loaded = sources.load_content(project)
    vocabs, _ = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(), loaded.vocabularies)
    said: list[str] = []
    script = iter(["31/12/2024", "2024-12-31"])
    prompter = Prompter(vocabs, {}, {}, ask=lambda q: next(script), say=said.append)
    from site_builder.kinds import COMMON_FIELDS
    published = next(f for f in COMMON_FIELDS if f.name == "published")
    assert str(prompter.field(published, required=True)) == "2024-12-31"
    assert any("YYYY-MM-DD" in line for line in said)


def test_quitting_writes_nothing(run_cli, fixture_site, monkeypatch):
    project = fixture_site("minimal")
    answers(monkeypatch, "1", "q")
    before = sorted(p.name for p in (project / "content/models").iterdir())
    monkeypatch.chdir(project)
    assert run_cli(["new", "--interactive"])[0] == 130
    assert sorted(p.name for p in (project / "content/models").iterdir()) == before
    prompter = Prompter({}, {}, {}, ask=lambda q: (_ for _ in ()).throw(EOFError()))
    with pytest.raises(Cancelled):
        prompter.kind()


def test_new_without_a_terminal_needs_kind_and_title(run_cli, fixture_site):
    project = fixture_site("minimal")
    code, _, err = run_cli(["new", "--no-input"])
    assert code == 2 and "KIND and TITLE" in err
    code, out, _ = run_cli(["new", "emulation_model", "Mô hình thử", project, "--no-input"])
    assert code == 0 and (project / "content/models/mo-hinh-thu.md").is_file()


def test_the_privacy_command_reports_personal_data_with_lines(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("---\nid: x\nngay_sinh: 1990-01-01\nsummary: \"gọi 0912345678\"\n---\n"
                            "Số CCCD 001234567890.\n", encoding="utf-8")
    Path("notes.txt").write_text("liên hệ 0987 654 321\n", encoding="utf-8")
    Path("scan.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    Path("clean.md").write_text("---\nid: y\n---\nKhông có gì.\n", encoding="utf-8")
    code, out, _ = run_cli(["privacy", "a.md", "notes.txt", "scan.pdf", "clean.md"])
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("a.md:3:1: ngay_sinh: personal data (date of birth)")
    assert lines[1].startswith("a.md:4:1: summary: looks like a phone number")
    assert lines[2].startswith("a.md:6: looks like an ID card number")
    assert lines[3].startswith("notes.txt:1: looks like a phone number")
    assert "0912345678" not in out and "001234567890" not in out  # the report itself masks them
    assert run_cli(["privacy", "clean.md"])[0] == 0
    code, out, _ = run_cli(["privacy", "--format", "github", "notes.txt"])
    assert out.startswith("::error file=notes.txt,line=1::looks like a phone number")


def test_the_privacy_command_agrees_with_check(run_cli, monkeypatch):
    project = ROOT / "tests/fixtures/sites/broken-privacy"
    monkeypatch.chdir(project)
    files = sorted(str(p.relative_to(project)) for p in (project / "content").rglob("*") if p.is_file())
    code, out, _ = run_cli(["privacy", *files])
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, _ = build_module.check(config)
    expected = {(p.location.path, p.location.line) for p in problems
                if "personal data" in p.message or p.message.startswith("looks like")}
    found = {(m.group(1), int(m.group(2))) for m in re.finditer(r"^(\S+?):(\d+)[:\s]", out, re.M)}
    assert code == 1 and found == expected


def test_the_pre_commit_hooks_run_commands_that_exist():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    commands = _parser()._subparsers._group_actions[0].choices
    assert {h["id"] for h in hooks} == {"site-builder-check", "site-builder-privacy"}
    for hook in hooks:
        program, command = hook["entry"].split()[:2]
        assert program == "site-builder" and command in commands and hook["language"] == "python"
        assert {"id", "name", "entry", "language"} <= set(hook)
    check = next(h for h in hooks if h["id"] == "site-builder-check")
    assert check["pass_filenames"] is False  # check reads the whole project: references cross files
    example = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for repo in example["repos"] for h in repo["hooks"]} == {h["id"] for h in hooks}
