"""validate.py through ``site-builder check``: every problem of a broken site, exactly as an editor reads it.

One fixture site per class of error (tests/fixtures/sites/broken-*). Each test asserts the full,
sorted list of printed lines, so a changed message, line or hint shows up here.
"""

import datetime as dt
from pathlib import Path

import pytest

from site_builder import sources, validate
from site_builder.kinds import KINDS
from site_builder.vocabularies import load_default_vocabularies
from tests.conftest import SOURCE_DATE_EPOCH, edit_file

FIXTURES = Path(__file__).parent / "fixtures" / "sites"


def known(kind):
    return ", ".join(f.name for f in KINDS[kind].schema.fields)


def check_lines(run_cli, name):
    code, out, err = run_cli(["check", FIXTURES / name])
    assert err == ""
    lines = out.splitlines()
    return code, lines[:-1], lines[-1]


def test_broken_front_matter(run_cli):
    code, lines, summary = check_lines(run_cli, "broken-front-matter")
    assert code == 1
    assert lines == [
        "content/commendations/bulk-broken.yaml:5:12: invalid YAML: while scanning a quoted scalar, "
        "found unexpected end of stream (close the quote that starts here)",
        "content/models/duplicate-keys.md:5:1: title: duplicate key (already set on line 3) "
        "(keep one of the two; YAML would silently use the last)",
        "content/models/empty.md:1: is empty (write the record or delete the file)",
        'content/models/invalid-yaml.md:3:16: invalid YAML: mapping values are not allowed in this context '
        '(check the indentation of this line, or put text that contains ": " inside quotes)',
        "content/models/no-front-matter.md:1: has no front matter "
        "(start the file with a line '---', the fields, then another '---' line)",
        "content/models/tabs.md:4:1: invalid YAML: while scanning for the next token, found character that cannot "
        "start any token (indent with spaces, not tabs)",
        "content/models/unclosed.md:1: the front matter is not closed (add a line '---' after the last field)",
    ]
    assert summary == "7 error(s), 0 warning(s)."


def test_broken_fields(run_cli):
    code, lines, summary = check_lines(run_cli, "broken-fields")
    assert code == 1
    required = "content/models/missing-required.md:2:1: {0}: is required (add '{0}:'{1})"
    assert lines == [
        "content/commendations/collective-form-to-individual.md:16:5: recipients[1].kind: the form "
        "'tap_the_lao_dong_xuat_sac' is only for collectives (use an individual title, or list a collective here)",
        "content/commendations/revoked-without-revocation.md:14:1: revocation: is required when state is revoked "
        "(add revocation: {decision, date, ground})",
        "content/inspections/aggregate-without-statistics.md:11:1: statistics: is required for an aggregate report "
        "(grain: aggregate) (add the figures as statistics: [{series, value}])",
        "content/inspections/single-without-mode.md:11:1: mode: is required for a single inspection (grain: single) "
        "(add 'mode:')",
        "content/inspections/single-without-mode.md:11:1: subjects: is required for a single inspection "
        "(grain: single) (add 'subjects:')",
        "content/models/long-summary.md:4:1: summary: is 339 characters long, more than 300 "
        "(shorten it; the full text belongs in the body)",
        required.format("category", ""),
        required.format("field", ""),
        required.format("locality", ", the id of a locality in localities.yaml"),
        required.format("owner_units", ""),
        required.format("period", ", {start, end} or {as_of}"),
        required.format("published", ""),
        required.format("sources", ", where the facts come from"),
        required.format("state", ""),
        required.format("units", ", ids of units in units.yaml"),
        'content/models/wrong-types.md:5:1: units: expected a list, got "ubnd-tp-ha-noi" '
        "(write [a, b] or one '- item' per line)",
        'content/models/wrong-types.md:9:1: published: expected a date like 2024-05-31, got "31/5/2024" '
        "(write dates as YYYY-MM-DD, without quotes)",
        'content/models/wrong-types.md:10:1: category: unknown value "cach_lma" '
        "(did you mean 'cach_lam'? expected one of: mo_hinh, cach_lam, de_an, phan_viec, sang_kien)",
        'content/models/wrong-types.md:14:12: coverage.count: expected a whole number, got "17" '
        "(write digits only, without dots or commas)",
        "content/models/wrong-types.md:15:1: titel: unknown field (did you mean 'title'?)",
        "content/models/wrong-types.md:16:1: colour: unknown field (remove it; known fields: "
        f"{known('emulation_model')})",
    ]
    assert summary == "21 error(s), 0 warning(s)."


def test_broken_refs(run_cli):
    code, lines, summary = check_lines(run_cli, "broken-refs")
    assert code == 1
    assert lines == [
        "content/data/units.yaml:9:3: parent: unknown unit 'ubnd-tp-ha-noii' (did you mean 'ubnd-tp-ha-noi'?)",
        "content/models/ha-noi.md:2:1: id: 'ha-noi' is already used by the locality at "
        "content/data/localities.yaml:1:3 (ids are unique across all records and data files; choose another)",
        "content/models/typo-in-unit.md:5:9: units[0]: unknown unit 'ubnd-huyen-dong-ahn' "
        "(did you mean 'ubnd-huyen-dong-anh'?)",
        "content/models/typo-in-unit.md:12:31: owner_units[1]: unknown unit 'khong-ton-tai-xyz' "
        "(add it to content/data/units.yaml or check the spelling)",
        "content/models/wrong-type.md:4:1: locality: 'ubnd-tp-ha-noi' is a unit, not a locality "
        "(use the id of a locality)",
    ]
    assert summary == "5 error(s), 0 warning(s)."


def test_broken_privacy(run_cli):
    code, lines, summary = check_lines(run_cli, "broken-privacy")
    assert code == 1
    forbidden = "personal data ({}) must not be stored (delete this field; the site never publishes it, " \
                "under Law 91/2025/QH15)"
    id_hint = "(remove it; if it is an amount, write it with dots, like 200.000.000)"
    assert lines == [
        "content/data/people.yaml:4:3: ngay_sinh: " + forbidden.format("date of birth"),
        "content/models/privacy.md:4:1: summary: looks like a phone number (091…78) (remove it)",
        "content/models/privacy.md:15:1: Số CCCD: " + forbidden.format("ID number"),
        "content/models/privacy.md:19: body: looks like a date of birth "
        "(remove it; the site never publishes birth dates)",
        f"content/models/privacy.md:19: body: looks like an ID card number (001…45) {id_hint}",
    ]
    assert summary == "5 error(s), 0 warning(s)."


@pytest.mark.parametrize("name", ["minimal", "each-kind", "vietnamese-text"])
def test_good_sites_have_no_problems(run_cli, name):
    assert run_cli(["check", FIXTURES / name]) == (0, "No problems found.\n", "")


# ---------------------------------------------------------------- validate_content on small projects

MODEL = """---
id: {id}
title: "Mô hình"
locality: ha-noi
units: [ubnd-tp-ha-noi]
period: {period}
sources:
  - url: https://example.org/nguon
published: 2024-02-01
category: mo_hinh
field: admin_reform
owner_units: [ubnd-tp-ha-noi]
state: running
{extra}---
Nội dung.
"""


def validate_project(project):
    loaded = sources.load_content(project)
    return validate.validate_content(loaded, load_default_vocabularies())


def formatted(result):
    return sorted(p.format() for p in result.problems)


def add(project, rel, text):
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def model(id="m", period="{start: 2024-01-01}", extra=""):
    return MODEL.format(id=id, period=period, extra=extra)


def test_every_problem_of_the_run_is_collected(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/a.md", model("a", extra="state: nope\n").replace("state: running\n", ""))
    add(project, "content/models/b.md", model("b", period="{start: 2024-02-01, end: 2024-01-01}"))
    result = validate_project(project)
    assert formatted(result) == [
        'content/models/a.md:13:1: state: unknown value "nope" (expected one of: registered, running, completed, '
        "recognised, replicated, stopped)",
        "content/models/b.md:6:29: period.end: ends (2024-01-01) before it starts (2024-02-01) (swap start and end)",
    ]
    assert [r.id for r in result.records] == ["mot-cua"]


def test_duplicate_record_ids(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/z.md", model("mot-cua"))
    assert formatted(validate_project(project)) == [
        "content/models/z.md:2:1: id: 'mot-cua' is already used by the emulation model at "
        "content/models/mot-cua.md:2:1 (ids are unique across all records and data files; choose another)"]


def test_kind_must_match_the_folder(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/k.md", model("k", extra="kind: commendation\n"))
    assert formatted(validate_project(project)) == [
        "content/models/k.md:14:1: kind: 'commendation' does not match the folder models/ "
        "(this folder holds emulation_model records; move the file or fix kind)"]


def test_a_markdown_body_given_twice(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/k.md", model("k", extra="body: text\n"))
    assert formatted(validate_project(project)) == [
        "content/models/k.md:14:1: body: the body is given twice "
        "(in a Markdown file the text goes below the closing '---')"]


def test_attachments_must_exist_beside_the_record(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/a.md", model("a", extra="attachments:\n  - file: scan.pdf\n  - file: ../x.pdf\n"))
    assert formatted(validate_project(project)) == [
        "content/models/a.md:15:5: attachments[0].file: file 'content/models/scan.pdf' not found "
        "(add the file beside the record or fix the name)",
        "content/models/a.md:16:5: attachments[1].file: '../x.pdf' must be a file name beside the record "
        "(put the file in the record's folder and write its name only)",
    ]
    (project / "content/models/scan.pdf").write_bytes(b"%PDF")
    assert len(formatted(validate_project(project))) == 1


def test_a_unit_that_did_not_exist_is_a_warning(fixture_site):
    project = fixture_site("minimal")
    units = project / "content/data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "  valid_to: 2023-06-30\n", encoding="utf-8")
    result = validate_project(project)
    assert formatted(result) == [
        "content/models/mot-cua.md:5:9: warning: units[0]: 'ubnd-tp-ha-noi' did not exist during the record's "
        "period (2024-01-01 to 2024-01-01); it existed until 2023-06-30 "
        "(check the period, or name the unit or locality of that time)"]
    assert [r.id for r in result.records] == ["mot-cua"]  # a warning does not drop the record


def test_validity_names_the_known_ends_of_a_unit(fixture_site):
    project = fixture_site("minimal")
    units = project / "content/data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "  valid_from: 2025-07-01\n", encoding="utf-8")
    assert [p.message for p in validate_project(project).problems] == [
        "'ubnd-tp-ha-noi' did not exist during the record's period (2024-01-01 to 2024-01-01); "
        "it existed from 2025-07-01"]
    units.write_text(units.read_text(encoding="utf-8") + "  valid_to: 2025-12-31\n", encoding="utf-8")
    assert validate_project(project).problems[0].message.endswith("it existed from 2025-07-01 until 2025-12-31")


def test_aggregate_totals_that_do_not_add_up_are_a_warning(fixture_site):
    project = fixture_site("each-kind")
    path = project / "content/inspections/kt-dang-tong-hop-2024.md"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 368", "value: 5000"), encoding="utf-8")
    assert formatted(validate_project(project)) == [
        "content/inspections/kt-dang-tong-hop-2024.md:13:1: warning: statistics: subjects-disciplined (5000) is "
        "more than subjects-inspected (3313) (check the figures against the source)"]


def test_pages_need_unique_ids(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/pages/a.md", "---\nid: about\ntitle: A\n---\nA\n")
    add(project, "content/pages/b.md", "---\nid: about\ntitle: B\n---\nB\n")
    result = validate_project(project)
    assert formatted(result) == ["content/pages/b.md:2:1: id: page 'about' exists twice (give each page its own id)"]
    assert [p.id for p in result.pages] == ["about"]


def test_an_unknown_data_file(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/data/unitz.yaml", "- id: x\n")
    assert formatted(validate_project(project))[0].startswith(
        "content/data/unitz.yaml: unknown data file (data files are units.yaml, localities.yaml")


def test_body_privacy_is_checked_even_when_the_fields_have_errors(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/pages/p.md", "---\nid: p\n---\n\nGọi 0912 345 678.\n")
    assert formatted(validate_project(project)) == [
        "content/pages/p.md:2:1: title: is required (add 'title:')",
        "content/pages/p.md:5: body: looks like a phone number (091…78) (remove it)",
    ]


def test_records_carry_converted_values_and_marks(fixture_site):
    result = validate_project(fixture_site("each-kind"))
    assert result.problems == []
    by_id = {r.id: r for r in result.records}
    assert set(by_id) == {"dong-anh-5-ro", "mo-hinh-da-go", "ban-nhap-zq", "cd-bang-khen-dong-anh",
                          "cd-giay-khen-so-luong", "cd-bang-khen-da-huy", "tt-tai-chinh-2025",
                          "kt-dang-tong-hop-2024", "cam-cong-bo-zq"}
    record = by_id["cd-bang-khen-dong-anh"]
    assert record.get("decision", "date") == dt.date(2024, 9, 5)
    assert str(record.where("decision", "date")) == "content/commendations/cd-bang-khen-dong-anh.md:17:3"
    assert by_id["cd-giay-khen-so-luong"].body == "Tổng số **1.520** cá nhân."
    assert by_id["dong-anh-5-ro"].source_dir == "content/models"
    assert [p.id for p in result.pages] == ["gioi-thieu"]
    assert [e.id for e in result.entities["unit"]][-1] == "ubnd-huyen-dong-anh"


def test_personal_data_in_a_yaml_body_is_reported_once_at_the_right_line(fixture_site):
    project = fixture_site("minimal")
    text = (project / "content/models/mot-cua.md").read_text(encoding="utf-8")
    fields = text.split("---\n")[1]
    add(project, "content/models/y.yaml",
        fields.replace("id: mot-cua", "id: y") + "body: |\n  Dòng một.\n\n  Gọi 0912 345 678.\n")
    body_key = len(fields.splitlines()) + 1
    found = formatted(validate_project(project))
    assert len(found) == 1, found
    assert found[0] in (f"content/models/y.yaml:{body_key}:1: body: looks like a phone number (091…78) (remove it)",
                        f"content/models/y.yaml:{body_key + 3}: body: looks like a phone number (091…78) (remove it)")


# ---------------------------------------------------------------- one mistake, one message


def test_a_unit_with_an_error_is_not_also_reported_at_every_record_that_names_it(fixture_site):
    """A typo in a unit's own field must not turn each reference to it into "unknown unit, did you mean ...?"."""
    project = fixture_site("minimal")
    units = project / "content/data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("kind: peoples_committee", "kind: peoples_comittee")
                     + "- id: ubnd-tp-ha-nam\n  name: B\n  kind: peoples_committee\n", encoding="utf-8")
    add(project, "content/models/a.md", model("a", extra="recognition: [cd-x]\n"))
    add(project, "content/commendations/cd-x.md", "---\nid: cd-x\ntitle: Q\n---\n")
    found = formatted(validate_project(project))
    assert [line.split(": ", 2)[:2] for line in found] == [
        *[["content/commendations/cd-x.md:2:1", name] for name in (
            "decision", "form", "level", "locality", "period", "published", "recipients", "sources", "state", "units")],
        ["content/data/units.yaml:3:3", "kind"],
    ]  # and neither "unknown unit 'ubnd-tp-ha-noi' (did you mean 'ubnd-tp-ha-nam'?)" nor "unknown commendation"


def test_references_are_checked_in_a_record_that_has_other_errors(fixture_site):
    project = fixture_site("minimal")
    add(project, "content/models/a.md", model("a", extra="state: nope\n").replace("state: running\n", "")
        .replace("\nunits: [ubnd-tp-ha-noi]", "\nunits: [ubnd-tp-ha-noii]"))
    assert formatted(validate_project(project)) == [
        "content/models/a.md:13:1: state: unknown value \"nope\" (expected one of: registered, running, completed, "
        "recognised, replicated, stopped)",
        "content/models/a.md:5:9: units[0]: unknown unit 'ubnd-tp-ha-noii' (did you mean 'ubnd-tp-ha-noi'?)",
    ]


def test_a_data_file_that_cannot_be_read_gives_one_warning_not_an_error_per_reference(fixture_site):
    project = fixture_site("minimal")
    units = project / "content/data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + '  name: "twice"\n', encoding="utf-8")
    add(project, "content/models/a.md", model("a"))
    assert formatted(validate_project(project)) == [
        "content/data/units.yaml: warning: 4 reference(s) to unit ids not checked, because this file could not "
        "be read (fix its errors; the references are checked again then)",
        "content/data/units.yaml:5:3: [0].name: duplicate key (already set on line 2) "
        "(keep one of the two; YAML would silently use the last)",
    ]


@pytest.mark.parametrize("path, old, new", [
    ("content/data/units.yaml", "- id: ubnd-huyen-dong-anh", "- id: ubnd-huyen-dong-anh-cu"),  # references break
    ("content/data/localities.yaml", "valid_to: 2025-06-30", "valid_to: 2023-01-31"),  # periods outside it
    ("content/models/dong-anh-5-ro.md", "units: [ubnd-huyen-dong-anh]", "units: [ubnd-huyen-dong-ahn]"),
    ("content/models/dong-anh-5-ro.md", "start: 2023-08-07\n  end: 2024-06-30",
     "start: 2025-08-07\n  end: 2026-06-30"),  # after the district ended
])
def test_the_preview_memo_finds_the_problems_a_fresh_check_finds(fixture_site, path, old, new):
    """Reference and validity findings are kept per document between runs (the preview server):
    an edit to a data file or a record must still give exactly the problems of a fresh check."""
    from site_builder import build as build_module
    project = fixture_site("each-kind")
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    memo: dict = {}
    before, _ = build_module.check_content(config, memo)
    text = edit_file(project, path, old, new)
    remembered, _ = build_module.check_content(config, memo)
    fresh, _ = build_module.check_content(config)
    assert [p.format() for p in remembered] == [p.format() for p in fresh]
    assert [p.format() for p in fresh] != [p.format() for p in before]  # the edit did change the findings
    (project / path).write_text(text, encoding="utf-8")
    back, _ = build_module.check_content(config, memo)
    assert [p.format() for p in back] == [p.format() for p in before]
