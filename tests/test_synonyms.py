"""synonyms.py: the shipped groups, a project's changes, and problems with file, line and field."""

from site_builder.sources import SourceDocument
from site_builder.synonyms import load_default_synonyms, merge_synonyms
from site_builder.yaml_source import parse_yaml


def _override(text: str) -> SourceDocument:
    parsed = parse_yaml(text, "content/data/synonyms.yaml")
    return SourceDocument("content/data/synonyms.yaml", "data", parsed.value, parsed.marks)


def _groups(groups) -> dict:
    return {g.key: g.phrases for g in groups}


def test_the_shipped_groups_cover_the_acronyms_citizens_type():
    groups = _groups(load_default_synonyms())
    assert groups["=ubnd"] == (("ubnd",), ("uy", "ban", "nhan", "dan"))
    assert groups["=hdnd"] == (("hdnd",), ("hoi", "dong", "nhan", "dan"))
    for key in ("=ubkt", "=mttq", "=cccd", "=tthc"):
        assert key in groups


def test_a_project_group_replaces_the_shipped_group_it_shares_a_member_with():
    groups, problems = merge_synonyms(load_default_synonyms(), _override(
        "- [UBND, Ủy ban nhân dân, UB nhân dân]\n- [TTHC]\n- [CA, công an]\n"))
    assert problems == []
    found = _groups(groups)
    assert found["=ubnd"] == (("ubnd",), ("uy", "ban", "nhan", "dan"), ("ub", "nhan", "dan"))
    assert "=tthc" not in found                       # a group of one member removes the shipped group
    assert found["=ca"] == (("ca",), ("cong", "an"))  # a new group is added
    assert "=hdnd" in found                           # the others stay


def test_no_override_keeps_the_defaults():
    defaults = load_default_synonyms()
    assert merge_synonyms(defaults, None) == (defaults, [])


def test_bad_groups_are_problems_with_line_and_field():
    _, problems = merge_synonyms(load_default_synonyms(), _override(
        "- [UBND, Ủy ban nhân dân]\n- just text\n- [HĐND, \"!!!\"]\n- [ubnd, UB]\n"))
    assert [p.format() for p in problems] == [
        "content/data/synonyms.yaml:2:3: synonyms[1]: expected a list of words, e.g. [UBND, Ủy ban nhân dân] "
        "(write the group in brackets)",
        "content/data/synonyms.yaml:3:10: synonyms[2][1]: '!!!' has no letters or digits (remove it)",
        "content/data/synonyms.yaml:4:4: synonyms[3][0]: 'ubnd' is already in the group on line 1 "
        "(a word can be in one group only: merge the two groups)",
    ]


def test_a_file_that_is_not_a_list_is_one_problem():
    _, problems = merge_synonyms(load_default_synonyms(), _override("UBND: Ủy ban nhân dân\n"))
    assert len(problems) == 1 and "expected a list of groups" in problems[0].message


def test_check_reports_a_bad_synonyms_file(fixture_site, run_cli):
    project = fixture_site("minimal")
    (project / "content" / "data" / "synonyms.yaml").write_text("- [UBND]\n- [QĐ, quyết định]\n- [qd, QĐ nhé]\n",
                                                                  encoding="utf-8")
    code, out, err = run_cli(["check", project])
    assert code == 1
    assert "content/data/synonyms.yaml:3:4: synonyms[2][0]: 'qd' is already in the group on line 2" in out + err


def test_a_good_synonyms_file_is_not_an_unknown_data_file(fixture_site, run_cli):
    project = fixture_site("minimal")
    (project / "content" / "data" / "synonyms.yaml").write_text("- [MC, một cửa]\n", encoding="utf-8")
    code, out, err = run_cli(["check", project])
    assert code == 0, out + err
