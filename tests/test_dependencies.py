"""The dependency map: which outputs each source file (and each id) feeds."""

from __future__ import annotations

from dataclasses import replace

from site_builder import build as build_module
from site_builder.dependencies import (changed_ids, map_dependencies, outputs_to_render, page_signature)
from site_builder.pages import plan_pages


def site_of(project, memo=None):
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, site = build_module.check(config, memo)
    assert site is not None, problems
    return site


def test_a_record_file_feeds_its_pages_listings_and_facets(fixture_site):
    site = site_of(fixture_site("each-kind"))
    deps = map_dependencies(site, plan_pages(site))
    outputs = deps.outputs_for_source("content/models/dong-anh-5-ro.md")
    for expected in ("models/dong-anh-5-ro/index.html", "en/models/dong-anh-5-ro/index.html",
                     "models/index.html", "localities/huyen-dong-anh/index.html", "units/ubnd-huyen-dong-anh/index.html",
                     "index.html", "years/index.html", "units/index.html"):
        assert expected in outputs
    assert "models/mo-hinh-da-go/index.html" not in outputs  # another record's page
    assert "commendations/index.html" not in outputs         # a listing it is not in


def test_a_data_file_feeds_the_pages_that_name_its_entities(fixture_site):
    site = site_of(fixture_site("each-kind"))
    deps = map_dependencies(site, plan_pages(site))
    outputs = deps.outputs_for_source("content/data/localities.yaml")
    assert "models/dong-anh-5-ro/index.html" in outputs       # names its locality
    assert "localities/huyen-dong-anh/index.html" in outputs


def test_unchanged_files_give_the_same_objects_so_only_edits_count_as_changes(fixture_site):
    project = fixture_site("each-kind")
    memo: dict = {}
    before = site_of(project, memo)
    again = site_of(project, memo)
    assert changed_ids(before, again) == set()
    path = project / "content/models/dong-anh-5-ro.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    after = site_of(project, memo)
    assert changed_ids(again, after) == {"dong-anh-5-ro"}


def test_outputs_to_render_follows_changed_ids_shapes_and_deletions(fixture_site):
    site = site_of(fixture_site("each-kind"))
    specs = plan_pages(site)
    old = map_dependencies(site, specs)
    assert outputs_to_render(old, old, set()) == (set(old.always), set())
    render, gone = outputs_to_render(old, old, {"dong-anh-5-ro"})
    assert "models/dong-anh-5-ro/index.html" in render and gone == set()
    fewer = [s for s in specs if "mo-hinh-da-go" not in s.output]
    new = map_dependencies(site, fewer)
    _, gone = outputs_to_render(old, new, set())
    assert gone == {s.output for s in specs if "mo-hinh-da-go" in s.output}


def test_the_signature_names_records_by_id_and_compares_other_values():
    from site_builder.pages import PageSpec
    from site_builder.records import Record
    from site_builder.errors import SourceLocation
    record = Record("emulation_model", "a", {"title": "A"}, "", "", SourceLocation("x.md"), "content/models")
    edited = replace(record, body="changed")
    spec = PageSpec("vi", "models/", "listing.html", "T", {"items": (record,), "year": 2024}, "models/index.html")
    assert page_signature(spec) == page_signature(replace(spec, data={"items": (edited,), "year": 2024}))
    assert page_signature(spec) != page_signature(replace(spec, data={"items": (edited,), "year": 2025}))
