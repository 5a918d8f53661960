"""Pure pieces of the open-data producers: CSV columns, sitemap splitting, alias paths, feed size."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest

from site_builder import build as build_module
from site_builder import discovery, exports, feeds, tables
from site_builder.kinds import ENTITIES, KINDS
from site_builder.pages import plan_pages

from conftest import FIXTURES, SOURCE_DATE_EPOCH

NS = {"s": discovery.SITEMAP_NS}


@pytest.fixture(scope="module")
def site():
    config = build_module.load_project(FIXTURES / "each-kind", environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    problems, indexed = build_module.check(config)
    assert indexed is not None, problems
    return indexed


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_record_csv_columns_are_unique_and_start_with_id_and_addresses(kind):
    names = [c.name for c in tables.record_columns(kind)]
    assert len(names) == len(set(names))
    assert names[:3] == ["id", "url", "data_url"]
    assert "title.vi" in names and "title.en" in names and "locality.name" in names
    assert not {"body", "body_en", "body.vi"} & set(names)


@pytest.mark.parametrize("type_name", exports.REFERENCE_DATA)
def test_entity_csv_columns_are_unique(type_name):
    names = [c.name for c in tables.entity_columns(type_name)]
    assert len(names) == len(set(names))
    if type_name == "document":
        assert "url" in names and "page_url" in names  # the official text and the page on this site


def test_csv_columns_follow_the_declaration_order():
    names = [c.name for c in tables.record_columns("commendation")]
    declared = [f.name for f in KINDS["commendation"].schema.fields if f.name not in ("body", "body_en")]
    first_seen = [next(n for n in names if n == d or n.startswith(d + ".")) for d in declared]
    assert [names.index(n) for n in first_seen] == sorted(names.index(n) for n in first_seen)


def test_sitemap_is_split_into_an_index_over_the_limit(site):
    specs = plan_pages(site)
    whole = discovery.sitemap_files(site, specs)
    assert list(whole) == ["sitemap.xml"]
    all_locs = [e.text for e in ET.fromstring(whole["sitemap.xml"]).findall("s:url/s:loc", NS)]
    split = discovery.sitemap_files(site, specs, max_urls=10)
    index = ET.fromstring(split["sitemap.xml"])
    assert index.tag == f"{{{discovery.SITEMAP_NS}}}sitemapindex"
    parts = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert len(parts) == -(-len(all_locs) // 10) > 1
    locs = []
    for part in parts:
        name = part.rsplit("/", 1)[-1]
        urls = [e.text for e in ET.fromstring(split[name]).findall("s:url/s:loc", NS)]
        assert 0 < len(urls) <= 10
        locs += urls
    assert locs == all_locs


def test_alias_paths(site):
    assert discovery.alias_path(site, "commendation", "qd-cu") == "commendations/qd-cu/"
    assert discovery.alias_path(site, "emulation_model", "/cu/mo-hinh") == "cu/mo-hinh/"
    assert discovery.alias_path(site, "emulation_model", "/cu/trang.html") == "cu/trang.html"
    assert discovery.alias_path(site, "emulation_model", "/cu/../x/") == "x/"


def test_a_feed_holds_at_most_feed_size_entries_newest_change_first(site):
    record = next(iter(site.records))
    many = []
    for n in range(feeds.FEED_SIZE + 7):
        fields = {**record.fields, "published": dt.date(2020, 1, 1) + dt.timedelta(days=n)}
        fields.pop("corrections", None)
        many.append(type(record)(record.kind, f"{record.id}-{n}", fields, "", "", record.location, record.source_dir))
    xml = feeds.render_feed(site, "vi", "feed.xml", "", "Thử", many, dt.date(2020, 1, 1))
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert len(parsed.entries) == feeds.FEED_SIZE
    published = [e.published for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    assert parsed.entries[0].id.endswith(f"-{feeds.FEED_SIZE + 6}/")


def test_an_empty_feed_is_valid_and_dated(site):
    parsed = feedparser.parse(feeds.render_feed(site, "en", "units/x/feed.xml", "units/x/", "Empty", (),
                                                dt.date(2024, 5, 1)))
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated.startswith("2024-05-01T00:00:00+07:00")


def test_reference_data_never_includes_people():
    assert "person" not in exports.REFERENCE_DATA
    assert set(exports.REFERENCE_DATA) <= set(ENTITIES)
