"""yaml_source.py: values with marks, and every way YAML can go wrong reported with file and line."""

import datetime as dt

import pytest

from site_builder import yaml_source
from site_builder.yaml_source import YamlProblems, dotted, location_of, parse_yaml


def problems_of(text, first_line=1, path="f.yaml"):
    with pytest.raises(YamlProblems) as caught:
        parse_yaml(text, path, first_line)
    return [p.format() for p in caught.value.problems]


def test_values_and_marks_of_keys_and_items():
    parsed = parse_yaml("id: a\nunits:\n  - u1\n  - u2\nperiod: {start: 2024-01-02}\n", "f.yaml")
    assert parsed.value == {"id": "a", "units": ["u1", "u2"], "period": {"start": dt.date(2024, 1, 2)}}
    assert parsed.marks[("id",)] == (1, 1)
    assert parsed.marks[("units",)] == (2, 1)
    assert parsed.marks[("units", 1)] == (4, 5)
    assert parsed.marks[("period", "start")] == (5, 10)


def test_first_line_shifts_every_mark():
    parsed = parse_yaml("id: a\ntitle: b\n", "f.md", first_line=2)
    assert parsed.marks[("title",)] == (3, 1)


def test_empty_document_is_none():
    assert parse_yaml("# only a comment\n", "f.yaml").value is None


def test_duplicate_key_is_an_error_naming_both_lines():
    assert problems_of("id: a\ntitle: one\nid: b\n") == [
        "f.yaml:3:1: id: duplicate key (already set on line 1) (keep one of the two; YAML would silently use the last)"]


def test_duplicate_nested_key_names_its_path():
    assert problems_of("decision:\n  number: '1'\n  number: '2'\n", first_line=2) == [
        "f.yaml:4:3: decision.number: duplicate key (already set on line 3) "
        "(keep one of the two; YAML would silently use the last)"]


def test_alias_bomb_is_stopped(monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_NODES", 1000)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 6):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    found = problems_of("\n".join(lines) + "\n")
    assert len(found) == 1
    assert found[0].endswith("the document expands to more than 1,000 values "
                             "(remove YAML anchors and aliases (&name / *name) or split the file)")


def test_alias_bomb_with_the_real_limit_is_stopped_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):  # 10**9 values if expanded
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    found = problems_of("\n".join(lines) + "\n")
    assert "more than 200,000 values" in found[0]


def test_small_aliases_still_work():
    assert parse_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml").value == {"a": [1, 2], "b": [1, 2]}


def test_invalid_calendar_date():
    assert problems_of("published: 2024-02-30\n", first_line=2) == [
        "f.yaml:2:12: cannot read value '2024-02-30': day is out of range for month "
        "(use a real calendar date as YYYY-MM-DD)"]


def test_syntax_error_line_counts_from_first_line():
    found = problems_of("id: a\ntitle: Đông Anh: 5 rõ\n", first_line=2)
    assert found == ['f.yaml:3:16: invalid YAML: mapping values are not allowed in this context '
                     '(check the indentation of this line, or put text that contains ": " inside quotes)']


def test_syntax_error_without_offset():
    found = problems_of("id: a\nlist: [1, 2\nnext: 3\n")
    assert found[0].startswith("f.yaml:3:")
    assert "did not find expected ',' or ']'" in found[0]


def test_tab_indentation_gets_the_tabs_hint():
    found = problems_of("period:\n\tstart: 2024-01-01\n", first_line=2)
    assert len(found) == 1
    assert found[0].startswith("f.yaml:3:1: invalid YAML: ")
    assert found[0].endswith("(indent with spaces, not tabs)")


def test_unclosed_quote_points_where_the_quote_opens():
    found = problems_of('id: a\ntitle: "abc\nlocality: ha-noi\nstate: x\n', first_line=2)
    assert found == ["f.yaml:3:8: invalid YAML: while scanning a quoted scalar, found unexpected end of stream "
                     "(close the quote that starts here)"]


def test_merge_keys_and_complex_keys_are_refused():
    assert problems_of("<<: {a: 1}\n") == ["f.yaml:1:1: merge keys (<<) are not supported (write the fields out in full)"]
    assert problems_of("? [a]\n: 1\n") == ["f.yaml:1:3: a key must be plain text (use a simple name before the colon)"]


def test_unsafe_tags_are_refused_not_executed():
    assert problems_of("a: !!python/object/apply:os.system [echo hi]\n") == [
        "f.yaml:1:4: a: unsupported tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "(remove the tag, the word that starts with !)"]
    assert problems_of("b: !foo {x: 1}\n") == [
        "f.yaml:1:4: b: unsupported tag '!foo' (remove the tag, the word that starts with !)"]
    assert problems_of("c: !!python/name:os.system x\n")[0].startswith("f.yaml:1:4: cannot read value 'x'")


def test_several_problems_are_all_reported():
    found = problems_of("a: 1\na: 2\nb: 2024-13-01\nb: 3\n")
    assert len(found) == 3


def test_location_of_falls_back_to_the_nearest_parent():
    marks = {(): (2, 1), ("decision",): (5, 1)}
    assert str(location_of(marks, "f.md", ("decision", "date"))) == "f.md:5:1"
    assert str(location_of(marks, "f.md", ("title",))) == "f.md:2:1"
    assert str(location_of({}, "f.md", ("title",), default_line=7)) == "f.md:7"


def test_dotted():
    assert dotted(("recipients", 0, "unit")) == "recipients[0].unit"
    assert dotted((0, "id")) == "[0].id"
    assert dotted(()) == ""
