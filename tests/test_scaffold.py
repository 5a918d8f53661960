"""scaffold.py and ``site-builder new``: a skeleton that passes ``check`` as written, never overwriting."""

import datetime as dt

import pytest

from site_builder.kinds import KINDS
from site_builder.scaffold import new_record, skeleton_text
from site_builder.vocabularies import load_default_vocabularies


@pytest.mark.parametrize("kind, folder", [("emulation_model", "models"), ("commendation", "commendations"),
                                          ("inspection_result", "inspections")])
def test_new_writes_a_record_that_passes_check(fixture_site, run_cli, kind, folder):
    project = fixture_site("each-kind")
    code, out, err = run_cli(["new", "--no-input", kind, "Đông Anh: mô hình mới", project])
    assert (code, err) == (0, "")
    target = project / "content" / folder / "dong-anh-mo-hinh-moi.md"
    assert target.is_file()
    assert "Wrote " in out and "dong-anh-mo-hinh-moi.md" in out
    text = target.read_text(encoding="utf-8")
    assert "id: dong-anh-mo-hinh-moi" in text and "status: draft" in text
    assert run_cli(["check", project]) == (0, "No problems found.\n", "")


def test_new_refuses_to_overwrite(fixture_site, run_cli):
    project = fixture_site("each-kind")
    target = project / "content/models/dong-anh-5-ro.md"
    before = target.read_bytes()
    code, out, err = run_cli(["new", "--no-input", "emulation_model", "Đông Anh 5 rõ", project])
    assert code == 2 and out == ""
    assert err == f"site-builder: {target} already exists; choose another title or --id\n"
    assert target.read_bytes() == before


def test_new_folds_the_title_into_the_id(tmp_path):
    path = new_record(tmp_path, "emulation_model", "Đông Anh", dt.date(2025, 1, 2), load_default_vocabularies(), {})
    assert path == tmp_path / "content/models/dong-anh.md"


def test_new_with_an_explicit_id(fixture_site, run_cli):
    project = fixture_site("each-kind")
    assert run_cli(["new", "--no-input", "inspection_result", "Kết luận", project, "--id", "kl-12"])[0] == 0
    assert (project / "content/inspections/kl-12.md").is_file()


def test_a_title_without_letters_needs_an_id(fixture_site, run_cli):
    project = fixture_site("each-kind")
    assert run_cli(["new", "--no-input", "emulation_model", "!!!", project]) == (
        2, "", "site-builder: the title gives no id; pass one with --id\n")


def test_new_outside_a_project_is_a_usage_error(tmp_path, run_cli):
    code, out, err = run_cli(["new", "--no-input", "emulation_model", "Đông Anh", tmp_path])
    assert code == 2 and "site.yaml: not found" in err
    assert not (tmp_path / "content").exists()


def test_the_skeleton_lists_every_field_of_the_kind():
    kind = KINDS["commendation"]
    text = skeleton_text(kind, "Tiêu đề", "tieu-de", dt.date(2025, 1, 2), load_default_vocabularies(),
                         {"unit": "u", "locality": "l"})
    assert text.startswith("---\n") and "\n---\n" in text
    for declared in kind.schema.fields:
        if declared.name in ("body", "body_en"):
            continue
        required = declared.required
        assert (f"\n{declared.name}: " in text) or (not required and f"\n# {declared.name}: " in text), declared.name
    assert "locality: l  # (*)" in text
    assert "issuer: u" in text


def test_without_a_terminal_new_needs_kind_and_title(fixture_site, run_cli, monkeypatch):
    project = fixture_site("each-kind")
    monkeypatch.chdir(project)
    assert run_cli(["new", "--no-input"]) == (
        2, "", "site-builder: new: give KIND and TITLE (or run it in a terminal to be asked for them)\n")
    assert not (project / "content/models/dong-anh.md").exists()
