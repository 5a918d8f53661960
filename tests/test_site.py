"""site.py: which records are public, the date each is filed under, and the indexes pages need."""

import dataclasses
import datetime as dt

import pytest

from site_builder.errors import SourceLocation
from site_builder.records import Entity, Record
from site_builder.schema import VN_TZ
from site_builder.site import index_records, is_public, record_date
from site_builder.vocabularies import load_default_vocabularies
from tests.conftest import SOURCE_DATE_EPOCH, edit_file

BUILD_TIME = dt.datetime(2025, 6, 15, tzinfo=dt.timezone.utc)


def record(kind="emulation_model", id="r", **fields):
    base = {"id": id, "title": {"vi": id}, "published": dt.date(2024, 1, 31), "period": {"start": dt.date(2023, 1, 1)},
            "locality": "ha-noi", "units": ["u"]}
    base.update(fields)
    return Record(kind, id, base, "", "", SourceLocation(f"content/{id}.md", 1), "content/models")


@pytest.mark.parametrize("kind, fields, expected", [
    ("commendation", {"decision": {"date": dt.date(2024, 9, 5)}, "period": {"end": dt.date(2024, 8, 7)}},
     dt.date(2024, 9, 5)),
    ("inspection_result", {"conclusion": {"signed": dt.date(2025, 2, 10)}}, dt.date(2025, 2, 10)),
    ("inspection_result", {"period": {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)}},
     dt.date(2023, 12, 31)),
    ("emulation_model", {"period": {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 6, 30)}}, dt.date(2023, 6, 30)),
    ("emulation_model", {"period": {"as_of": dt.date(2024, 3, 31)}}, dt.date(2024, 3, 31)),
    ("emulation_model", {"period": {"start": dt.date(2023, 8, 7)}}, dt.date(2023, 8, 7)),
    ("emulation_model", {"period": {}}, dt.date(2024, 1, 31)),
    # a model has no own date: a "decision" field would not count
    ("emulation_model", {"decision": {"date": dt.date(2020, 1, 1)}, "period": {"as_of": dt.date(2024, 3, 31)}},
     dt.date(2024, 3, 31)),
])
def test_record_date(kind, fields, expected):
    assert record_date(record(kind, **fields)) == expected


@pytest.fixture
def config(make_config):
    return make_config(build_time=BUILD_TIME)


def test_published_and_corrected_records_are_public(config):
    assert is_public(record(), config)
    assert is_public(record(status="published"), config)
    assert is_public(record(status="corrected"), config)


def test_withdrawn_records_are_public_as_tombstones(config):
    assert is_public(record(status="withdrawn"), config)


def test_drafts_only_with_the_drafts_option(config):
    assert not is_public(record(status="draft"), config)
    assert is_public(record(status="draft"), dataclasses.replace(config, drafts=True))


def test_embargo_is_compared_with_the_build_time(config):
    later = BUILD_TIME + dt.timedelta(seconds=1)
    assert not is_public(record(embargo_until=later), config)
    assert is_public(record(embargo_until=BUILD_TIME), config)
    assert is_public(record(embargo_until=BUILD_TIME - dt.timedelta(days=1)), config)
    # 07:00 on 15 June in Vietnam is midnight UTC: the same instant as the build time
    assert is_public(record(embargo_until=dt.datetime(2025, 6, 15, 7, 0, tzinfo=VN_TZ)), config)
    assert not is_public(record(embargo_until=dt.datetime(2025, 6, 15, 7, 1, tzinfo=VN_TZ)), config)


def test_embargo_holds_even_with_drafts(config):
    far = dt.datetime(2099, 1, 1, tzinfo=VN_TZ)
    assert not is_public(record(embargo_until=far), dataclasses.replace(config, drafts=True))


def test_index_records(config):
    records = [
        record(id="old", period={"as_of": dt.date(2022, 5, 1)}, units=["u"]),
        record(id="b-new", period={"as_of": dt.date(2024, 5, 1)}, units=["u", "u"]),
        record(id="a-new", period={"as_of": dt.date(2024, 5, 1)}),
        record(id="gone", status="withdrawn", units=["u"]),
        record(id="hidden", status="draft", units=["u"]),
        record(id="later", embargo_until=dt.datetime(2099, 1, 1, tzinfo=VN_TZ)),
    ]
    unit = Entity("unit", "u", {"id": "u", "name": {"vi": "U"}, "kind": "other", "successors": ["v"]},
                  SourceLocation("content/data/units.yaml", 1))
    site = index_records(config, load_default_vocabularies(), records, {"unit": [unit]}, [])
    assert [r.id for r in site.records] == ["a-new", "b-new", "old"]  # newest first, then id
    assert set(site.by_id) == {"a-new", "b-new", "old", "gone"}
    assert not site.is_listed("gone") and site.is_listed("old") and not site.is_listed("hidden")
    assert [r.id for r in site.by_kind["emulation_model"]] == ["a-new", "b-new", "old"]
    assert site.by_kind["commendation"] == ()
    assert list(site.by_year) == [2024, 2022]
    assert [r.id for r in site.referrers["u"]] == ["a-new", "b-new", "old"]  # each record once, none withdrawn
    assert [e.id for e in site.predecessors["v"]] == ["u"]
    assert "hidden" not in site.body_html and "later" not in site.dates


@pytest.mark.parametrize("path, old, new, patched", [
    ("content/models/dong-anh-5-ro.md", "cán bộ hằng tháng theo", "cán bộ, công chức hằng tháng theo", True),
    ("content/models/dong-anh-5-ro.md", "\n---\n", "\n---\nMột đoạn mới.\n\n", True),  # the body
    ("content/models/dong-anh-5-ro.md", "end: 2024-06-30", "end: 2024-12-31", False),  # the date moves it
    ("content/models/dong-anh-5-ro.md", "units: [ubnd-huyen-dong-anh]", "units: [ubnd-tp-ha-noi]", False),
    ("content/models/dong-anh-5-ro.md", "\nid:", "\nstatus: withdrawn\ncorrections: [{date: 2025-01-02, "
     "note: \"Gỡ bỏ do nhập trùng\"}]\nid:", False),
    ("content/data/localities.yaml", "Đông Anh", "Đông Anh (cũ)", False),  # an entity: indexed again
])
def test_a_patched_site_equals_a_site_indexed_from_scratch(fixture_site, path, old, new, patched):
    """The preview server patches the last site with edited records that keep their place; the
    result is the site a fresh index gives, and anything that moves a record is indexed again."""
    from site_builder import build as build_module
    project = fixture_site("each-kind")
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    memo: dict = {}
    _, before = build_module.check_content(config, memo)
    edit_file(project, path, old, new)
    problems, remembered = build_module.check_content(config, memo)
    assert remembered is not None, [p.format() for p in problems]
    _, fresh = build_module.check_content(config)
    assert remembered == fresh and remembered != before
    assert (remembered.by_kind["commendation"] is before.by_kind["commendation"]) is patched  # same tuple
