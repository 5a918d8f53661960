"""schema.py: each field type's good and bad values, with the exact words an editor reads."""

import datetime as dt

import pytest

from site_builder.schema import (INVALID, VN_TZ, Boolean, Checker, Date, DateTime, Enum, Field, Id, Integer, Issue,
                                 ListOf, Number, Object, Ref, RefUse, String, Term, Text, Url, Vocabulary, describe,
                                 did_you_mean, iter_refs, suggest)

VOCABS = {"colour": Vocabulary("colour", {"vi": "Màu", "en": "Colour"}, {
    key: Term(key, {"vi": key, "en": key}) for key in ("red", "green", "blue")})}


def convert(field_type, value, path=("f",)):
    """(converted value, [(path, message, hint)], refs)"""
    checker = Checker(VOCABS)
    result = field_type.convert(value, path, checker)
    return result, [(i.path, i.message, i.hint) for i in checker.issues], checker.refs


def good(field_type, value):
    result, issues, _ = convert(field_type, value)
    assert issues == []
    return result


def bad(field_type, value):
    result, issues, _ = convert(field_type, value)
    assert result is INVALID or issues
    return issues


# ---------------------------------------------------------------- Text

def test_text_accepts_a_string_or_both_languages():
    assert good(Text(), "  Đông Anh ") == {"vi": "Đông Anh"}
    assert good(Text(), {"vi": "Hà Nội", "en": "Hanoi"}) == {"vi": "Hà Nội", "en": "Hanoi"}
    assert good(Text(), {"vi": "Hà Nội", "en": ""}) == {"vi": "Hà Nội"}


@pytest.mark.parametrize("value, issue", [
    (12, (("f",), "expected text, got number 12", 'write it in quotes, or as {vi: "...", en: "..."}')),
    ([1], (("f",), "expected text, got a list", 'write it in quotes, or as {vi: "...", en: "..."}')),
    ({"vi": "a", "fr": "b"}, (("f", "fr"), "unknown language 'fr'", "use vi for Vietnamese and en for English")),
    ({"vi": 3}, (("f", "vi"), "expected text, got number 3", "put it in quotes")),
    ({"en": "only English"}, (("f",), "the Vietnamese text (vi) is missing or empty",
                              'write the text, or {vi: "...", en: "..."}')),
    ("   ", (("f",), "the Vietnamese text (vi) is missing or empty", 'write the text, or {vi: "...", en: "..."}')),
])
def test_text_bad_values(value, issue):
    assert bad(Text(), value) == [issue]


def test_text_max_length_counts_characters_not_bytes():
    assert good(Text(max_length=5), "Đồng") == {"vi": "Đồng"}
    result, issues, _ = convert(Text(max_length=3), {"vi": "abcd", "en": "ab"})
    assert issues == [(("f", "vi"), "is 4 characters long, more than 3",
                       "shorten it; the full text belongs in the body")]


# ---------------------------------------------------------------- String, Id, Url

def test_string():
    assert good(String(), " 1234/QĐ-UBND ") == "1234/QĐ-UBND"
    assert bad(String(), "  ") == [(("f",), "is empty", "write a value or remove the field")]
    assert bad(String(), 5) == [(("f",), "expected text, got number 5", "put it in quotes")]
    assert bad(String(max_length=3), "abcd") == [(("f",), "is 4 characters long, more than 3", "shorten it")]
    assert bad(String(r"^\d+$", '"01"'), "x1") == [
        (("f",), '"x1" is not in the expected form like "01"', "check the spelling")]


def test_id():
    assert good(Id(), "dong-anh-5-ro") == "dong-anh-5-ro"
    assert bad(Id(), "Đông Anh") == [(("f",), '"Đông Anh" is not a valid id',
                                      "use lower-case letters, digits and hyphens, e.g. 'dong-anh'")]
    assert bad(Id(), "a--b") == [(("f",), '"a--b" is not a valid id',
                                  "use lower-case letters, digits and hyphens, e.g. 'a-b'")]
    assert bad(Id(), "---") == [(("f",), '"---" is not a valid id',
                                 "use lower-case letters, digits and hyphens, e.g. 'dong-anh'")]
    assert bad(Id(), 12) == [(("f",), "expected text, got number 12", "put it in quotes")]


def test_url():
    assert good(Url(), " https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    assert good(Url(), "HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for value in ("example.org", "ftp://example.org", "https://", "javascript:alert(1)", 5):
        assert bad(Url(), value) == [(("f",), f"expected a web address starting with https://, got {describe(value)}",
                                      "copy the full address from the browser")]


# ---------------------------------------------------------------- dates and numbers

def test_date():
    assert good(Date(), dt.date(2024, 5, 31)) == dt.date(2024, 5, 31)
    assert bad(Date(), "31/5/2024") == [(("f",), 'expected a date like 2024-05-31, got "31/5/2024"',
                                         "write dates as YYYY-MM-DD, without quotes")]
    assert bad(Date(), dt.datetime(2024, 5, 31, 8, 0)) == [
        (("f",), "expected a date, got date-time 2024-05-31T08:00:00", "drop the time: YYYY-MM-DD")]


def test_datetime_defaults_to_vietnam_time():
    assert good(DateTime(), dt.datetime(2025, 1, 31, 8, 0)) == dt.datetime(2025, 1, 31, 8, 0, tzinfo=VN_TZ)
    utc = dt.datetime(2025, 1, 31, 8, 0, tzinfo=dt.timezone.utc)
    assert good(DateTime(), utc) == utc
    assert good(DateTime(), dt.date(2025, 1, 31)) == dt.datetime(2025, 1, 31, tzinfo=VN_TZ)
    assert bad(DateTime(), "sáng mai") == [(("f",), 'expected a date-time like 2025-01-31T08:00:00, got "sáng mai"',
                                            "write YYYY-MM-DDTHH:MM:SS, without quotes")]


def test_integer():
    assert good(Integer(), 0) == 0
    assert good(Integer(minimum=None), -5) == -5
    assert bad(Integer(), "1.520") == [(("f",), 'expected a whole number, got "1.520"',
                                        "write digits only, without dots or commas")]
    assert bad(Integer(), 1.5) == [(("f",), "expected a whole number, got number 1.5",
                                    "write digits only, without dots or commas")]
    assert bad(Integer(), True) == [(("f",), "expected a whole number, got yes/no value true", "write a number")]
    assert bad(Integer(minimum=1), 0) == [(("f",), "must be at least 1, got 0", "check the figure")]


def test_number_allows_decimals():
    assert good(Number(), 12.5) == 12.5
    assert good(Number(), 3) == 3
    assert bad(Number(), -0.5) == [(("f",), "must be at least 0, got -0.5", "check the figure")]
    assert bad(Number(), "12,5") == [(("f",), 'expected a whole number, got "12,5"',
                                      "write digits only, without dots or commas")]


def test_boolean():
    assert good(Boolean(), False) is False
    assert bad(Boolean(), "yes") == [(("f",), 'expected true or false, got "yes"', "write true or false")]


# ---------------------------------------------------------------- Enum and Ref

def test_enum():
    assert good(Enum("colour"), "red") == "red"
    assert bad(Enum("colour"), "gren") == [(("f",), 'unknown value "gren"',
                                            "did you mean 'green'? expected one of: red, green, blue")]
    assert bad(Enum("colour"), "purple") == [(("f",), 'unknown value "purple"', "expected one of: red, green, blue")]
    assert bad(Enum("colour"), 3) == [(("f",), "unknown value number 3", "expected one of: red, green, blue")]


def test_enum_lists_at_most_twelve_values():
    many = {"many": Vocabulary("many", {}, {f"v{i}": Term(f"v{i}", {}) for i in range(15)})}
    checker = Checker(many)
    Enum("many").convert("zzz", ("f",), checker)
    assert checker.issues[0].hint == "expected one of: " + ", ".join(f"v{i}" for i in range(12)) + ", ..."


def test_ref_records_the_use_for_later():
    result, issues, refs = convert(Ref("unit"), " ubnd-ha-noi ", ("units", 0))
    assert result == "ubnd-ha-noi" and issues == []
    assert refs == [RefUse(("units", 0), ("unit",), "ubnd-ha-noi")]
    assert bad(Ref("unit", "locality"), "") == [
        (("f",), 'expected the id of a unit or locality, got ""', "write the id, e.g. ubnd-quan-hoang-mai")]


# ---------------------------------------------------------------- ListOf

def test_list_of():
    assert good(ListOf(Integer()), [1, 2]) == [1, 2]
    assert bad(ListOf(Integer()), 1) == [(("f",), "expected a list, got number 1",
                                          "write [a, b] or one '- item' per line")]
    assert bad(ListOf(Integer(), min_items=1), []) == [(("f",), "needs at least 1 item(s)", "add an item")]


def test_list_of_keeps_the_good_items_and_reports_the_bad_by_index():
    result, issues, _ = convert(ListOf(Integer()), [1, "x", 3])
    assert result == [1, 3]
    assert issues == [(("f", 1), 'expected a whole number, got "x"', "write digits only, without dots or commas")]


# ---------------------------------------------------------------- Object

def _field(name, type_, required=False, help_=""):
    return Field(name, type_, {"vi": name, "en": name}, help_, required)


PERSON = Object((
    _field("name", String(), required=True, help_="the full name"),
    _field("title", Text()),
    _field("unit", Ref("unit")),
    _field("person", Ref("person")),
), one_of=(("unit", "person"),))


def test_object_converts_declared_fields():
    assert good(PERSON, {"name": "An", "unit": "u"}) == {"name": "An", "unit": "u"}


def test_object_unknown_field_with_and_without_a_suggestion():
    assert bad(PERSON, {"name": "An", "unit": "u", "titel": "x"}) == [
        (("f", "titel"), "unknown field", "did you mean 'title'?")]
    assert bad(PERSON, {"name": "An", "unit": "u", "zzz": "x"}) == [
        (("f", "zzz"), "unknown field", "remove it; known fields: name, title, unit, person")]


def test_object_required_field_missing_or_empty():
    assert bad(PERSON, {"unit": "u"}) == [(("f", "name"), "is required", "add 'name:', the full name")]
    assert bad(PERSON, {"name": None, "unit": "u"}) == [(("f", "name"), "is required but empty", "give it a value")]


def test_object_one_of():
    assert bad(PERSON, {"name": "An"}) == [(("f",), "needs exactly one of unit, person", "keep one of them")]
    assert bad(PERSON, {"name": "An", "unit": "u", "person": "p"}) == [
        (("f",), "needs exactly one of unit, person, got unit, person", "keep one of them")]


def test_object_not_a_mapping():
    assert bad(PERSON, "An") == [(("f",), 'expected a mapping of fields, got "An"',
                                  "write one 'name: value' per line, indented")]


def test_object_rules_see_the_converted_values():
    seen = []
    rule = lambda value, path, checker: seen.append(value)  # noqa: E731
    Object((_field("n", Integer()),), rules=(rule,)).convert({"n": 3}, (), Checker({}))
    assert seen == [{"n": 3}]


def test_object_extra_keys_are_skipped():
    assert good(Object((_field("a", Integer()),), extra_keys=("kind",)), {"a": 1, "kind": "x"}) == {"a": 1}


# ---------------------------------------------------------------- helpers

def test_suggest_compares_folded_text():
    assert suggest("dong anh", ["Đông Anh", "Mê Linh"]) == ["Đông Anh"]
    assert did_you_mean("xyz", ["Đông Anh"]) == ""


@pytest.mark.parametrize("value, expected", [
    (None, "nothing"), (True, "yes/no value true"), (3, "number 3"), ("a", '"a"'),
    ("x" * 50, '"' + "x" * 37 + '..."'), (dt.date(2024, 1, 2), "date 2024-01-02"), ([], "a list"), ({}, "a mapping"),
])
def test_describe(value, expected):
    assert describe(value) == expected


def test_iter_refs_follows_the_declaration():
    value = {"name": "An", "unit": "u1", "title": {"vi": "u2"}}
    assert list(iter_refs(PERSON, value)) == [(("unit",), "u1")]
    assert list(iter_refs(ListOf(PERSON), [value, {"name": "B", "person": "p"}])) == [
        (("unit",), "u1"), (("person",), "p")]


def test_issue_is_a_value():
    assert Issue(("a",), "m") == Issue(("a",), "m", "", "error")
