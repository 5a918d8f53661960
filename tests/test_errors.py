"""errors.py: how a problem reads, and the order problems are shown in."""

from site_builder.errors import (WARNING, BuildFailed, Problem, SourceLocation, UsageError, has_errors,
                                 sorted_problems)


def test_format():
    where = SourceLocation("content/commendations/qd-123.md", 7, 3)
    assert Problem(where, "decision_date", 'expected a date like 2024-05-31, got "31/5/2024"',
                   "write dates as YYYY-MM-DD").format() == (
        'content/commendations/qd-123.md:7:3: decision_date: expected a date like 2024-05-31, got "31/5/2024" '
        "(write dates as YYYY-MM-DD)")
    assert Problem(SourceLocation("a.md", 2), "", "is empty").format() == "a.md:2: is empty"
    assert Problem(SourceLocation("a.md"), "x", "odd", "", WARNING).format() == "a.md: warning: x: odd"


def test_sorted_by_path_then_line_number_not_text():
    problems = [Problem(SourceLocation("b.md", 1), "", "m"), Problem(SourceLocation("a.md", 10), "", "m"),
                Problem(SourceLocation("a.md", 9, 5), "", "m"), Problem(SourceLocation("a.md", 9, 5), "", "m")]
    assert [str(p.location) for p in sorted_problems(problems)] == ["a.md:9:5", "a.md:10", "b.md:1"]


def test_errors_and_exit_codes():
    warning = Problem(SourceLocation("a.md"), "", "m", "", WARNING)
    error = Problem(SourceLocation("a.md"), "", "m")
    assert not has_errors([warning]) and has_errors([warning, error])
    failed = BuildFailed([error, warning, error])
    assert str(failed) == "1 error(s) in the content" and failed.exit_code == 1
    assert len(failed.problems) == 2
    assert UsageError("x").exit_code == 2


def test_as_dict():
    assert Problem(SourceLocation("a.md", 3, 1), "f", "m", "h").as_dict() == {
        "path": "a.md", "line": 3, "column": 1, "field": "f", "message": "m", "hint": "h", "severity": "error"}
