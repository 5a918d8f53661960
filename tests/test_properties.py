"""Property-based tests: whatever an editor writes, loading and validating it gives valid records
or clean problems (a file, a line, a message), never an unhandled exception.

Hypothesis writes random bytes, random text, random YAML values and random mutations of valid
records of each kind into a small project, then loads, validates and indexes it; bodies that pass
go through the Markdown renderer and the sanitizer. Runs are derandomized (the same examples on
every run, so CI is reproducible); raise ``PROPERTY_EXAMPLES`` to search longer.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import build as build_module
from site_builder import present, sources, validate, vocabularies
from site_builder.errors import Problem
from site_builder.kinds import COMMON_FIELDS, KINDS
from site_builder.markdown_html import to_html
from site_builder.site import index_records
from xss_corpus import VECTORS, html_findings

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VOCABULARIES = vocabularies.load_default_vocabularies()

#: A valid record of each kind, from the each-kind fixture: the starting point of mutations.
BASES = {"emulation_model": "models/dong-anh-5-ro.md", "commendation": "commendations/cd-bang-khen-dong-anh.md",
         "inspection_result": "inspections/tt-tai-chinh-2025.md"}
FIELD_NAMES = sorted({f.name for f in COMMON_FIELDS} | {f.name for k in KINDS.values() for f in k.fields})


@pytest.fixture(scope="module")
def project():
    """One copy of ``each-kind`` that every example writes its file into (examples run one by one)."""
    folder = Path(tempfile.mkdtemp(prefix="site-builder-properties-"))
    shutil.copytree(FIXTURES / "each-kind", folder / "project")
    yield folder / "project"
    shutil.rmtree(folder, ignore_errors=True)


def _check(project: Path, rel: str, data: bytes) -> list[Problem]:
    """Write ``data`` at ``rel``, load and validate everything; index and render what passed."""
    path = project / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        loaded = sources.load_content(project)
        validated = validate.validate_content(loaded, VOCABULARIES)
        for problem in validated.problems:
            assert isinstance(problem, Problem) and problem.message
            assert problem.location.path and problem.location.line >= 0
            problem.format()
        if not any(p.is_error for p in validated.problems):
            config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
            site = index_records(config, VOCABULARIES, validated.records, validated.entities, validated.pages)
            for record in site.by_id.values():
                for lang in ("vi", "en"):
                    present.present_fields(site, record, lang)
            for html in (h for bodies in site.body_html.values() for h in bodies.values()):
                assert html_findings(html) == []
        return validated.problems
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), st.sampled_from(VECTORS),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.sampled_from(["ha-noi", "ubnd-tp-ha-noi", "nguyen-van-a", "bang_khen", "https://example.org/",
                     "javascript:alert(1)", "0912 345 678", "../x.pdf", "quy-che-5-ro.pdf", ""]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES + ["vi", "en", "start", "end", "as_of", "url", "kind", "unit",
                                                "person", "value", "ngay_sinh"]), st.text(min_size=1, max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@st.composite
def mutated_records(draw):
    """A valid record of a random kind with one field replaced, removed, added or nested deeper."""
    kind = draw(st.sampled_from(sorted(BASES)))
    text = (FIXTURES / "each-kind/content" / BASES[kind]).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        target = data
        path = [draw(st.sampled_from(sorted(data)))]
        while isinstance(target.get(path[-1]), dict) and draw(st.booleans()):
            target = target[path[-1]]
            if not target:
                break
            path.append(draw(st.sampled_from(sorted(target))))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            target[path[-1]] = draw(values)
        elif action == "remove":
            target.pop(path[-1], None)
        else:
            target[draw(keys)] = draw(values)
    body = draw(st.one_of(st.just(body), st.text(max_size=300), st.sampled_from(VECTORS)))
    return BASES[kind], "---\n" + _dump(data) + "---\n" + body


# ---------------------------------------------------------------- properties

@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".md", ".yaml"]))
def test_random_bytes(project, data, suffix):
    _check(project, "content/models/random" + suffix, data)


@SETTINGS
@given(front=st.text(max_size=500), body=st.text(max_size=500))
def test_random_text_as_front_matter_and_body(project, front, body):
    _check(project, "content/models/random.md", f"---\n{front}\n---\n{body}".encode())


@SETTINGS
@given(value=values, body=st.text(max_size=200))
def test_random_yaml_values(project, value, body):
    text = "---\n" + _dump(value) + "---\n" + body
    problems = _check(project, "content/commendations/random.md", text.encode())
    if not isinstance(value, dict):
        assert problems


@SETTINGS
@given(value=values)
def test_random_data_files(project, value):
    _check(project, "content/data/units.yaml", _dump(value).encode())


@SETTINGS
@given(record=mutated_records())
def test_mutated_records_of_each_kind(project, record):
    rel, text = record
    _check(project, "content/" + rel, text.encode("utf-8", "replace"))


@SETTINGS
@given(body=st.text(max_size=2000))
def test_markdown_never_raises_and_stays_clean(body):
    assert html_findings(to_html(body)) == []


@SETTINGS
@given(body=st.lists(st.sampled_from(["[", "]", "(", ")", "![", "<", ">", "*", "_", "`", "\n", "\n\n", "    ", "- ",
                                       "1. ", "> ", "x", "<a href=", "javascript:", '"', "&#", "[^1]", "|"]),
                     max_size=400).map("".join))
def test_markdown_made_of_syntax_never_raises_and_stays_clean(body):
    assert html_findings(to_html(body)) == []
