"""render.py: a broken template is a Problem naming the template file and line, never a traceback."""

import pytest

from site_builder import build as build_module
from site_builder.errors import BuildFailed

EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}


def build_problems(project, tmp_path):
    config = build_module.load_project(project, output_dir=tmp_path / "out", environ=EPOCH)
    with pytest.raises(BuildFailed) as caught:
        build_module.build(config)
    assert not (tmp_path / "out").exists()
    return [p.format() for p in caught.value.problems]


def override(project, name, text):
    path = project / "themes/default/templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_an_undefined_variable_names_the_template_and_line(fixture_site, tmp_path):
    project = fixture_site("minimal")
    override(project, "404.html", '{% extends "base.html" %}\n{% block content %}\n<p>{{ no_such_value }}</p>\n'
                                  "{% endblock %}\n")
    assert build_problems(project, tmp_path) == [
        "themes/default/templates/404.html:3: template: UndefinedError: 'no_such_value' is undefined "
        "(while rendering 404.html) (a variable or value the template uses is missing; fix the template)"]


def test_a_syntax_error_is_reported_once(fixture_site, tmp_path):
    project = fixture_site("minimal")
    override(project, "404.html", "line one\n{% if %}\n")
    assert build_problems(project, tmp_path) == [
        "themes/default/templates/404.html:2: template: syntax error: Expected an expression, got 'end of statement "
        "block' (fix the template)"]


def test_a_missing_template(fixture_site, tmp_path):
    project = fixture_site("minimal")
    override(project, "404.html", '{% include "nope.html" %}\n')
    [found] = build_problems(project, tmp_path)
    assert found.startswith("themes/default/templates/404.html:1: template: TemplateNotFound: 'nope.html' not found")
    assert found.endswith("(while rendering 404.html) (add the template to the theme's templates/ folder)")
