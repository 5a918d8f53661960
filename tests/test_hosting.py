"""hosting.py: content types, cache headers and the sync plan (pure, offline)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_fixture
from site_builder import hosting
from site_builder.hosting import IMMUTABLE, REVALIDATE, Upload


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("path, expected", [
    ("index.html", "text/html; charset=utf-8"),
    ("en/models/x/index.html", "text/html; charset=utf-8"),
    ("static/style.4a779c45d1.css", "text/css; charset=utf-8"),
    ("static/search.0123456789.js", "text/javascript; charset=utf-8"),
    ("feed.xml", "application/atom+xml; charset=utf-8"),
    ("units/ubnd/feed.xml", "application/atom+xml; charset=utf-8"),
    ("sitemap.xml", "application/xml; charset=utf-8"),
    ("data/commendation.csv", "text/csv; charset=utf-8"),
    ("data/catalog.json", "application/json; charset=utf-8"),
    ("robots.txt", "text/plain; charset=utf-8"),
    ("static/favicon.decc77e389.svg", "image/svg+xml"),
    ("models/x/QUYET-DINH.PDF", "application/pdf"),
    ("search-index/facets/0123456789ab.bin", "application/octet-stream"),
    ("_redirects", "text/plain; charset=utf-8"),
])
def test_content_types(path, expected):
    assert hosting.content_type(path) == expected


@pytest.mark.parametrize("path, fingerprinted", [
    ("static/style.4a779c45d1.css", True),
    ("static/favicon.decc77e389.svg", True),
    ("search-index/vi/6fdec691b429/d/0.json", True),
    ("search-index/facets/0123456789ab.bin", True),
    ("search-index/vi/manifest.json", False),
    ("static/style.css", False),
    ("index.html", False),
    ("models/deadbeef12/deadbeef12.json", False),   # an id that looks like a hash is still a record
    ("data/commendation.json", False),
])
def test_only_content_addressed_files_are_cached_for_a_year(path, fingerprinted):
    assert hosting.is_fingerprinted(path) is fingerprinted
    assert hosting.cache_control(path) == (IMMUTABLE if fingerprinted else REVALIDATE)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The each-kind site built, then built again after a record, a stylesheet and a data file changed."""
    root = tmp_path_factory.mktemp("two-builds")
    project = root / "project"
    shutil.copytree(FIXTURES / "each-kind", project)
    first = build_fixture(project, root / "first")
    record = project / "content/models/dong-anh-5-ro.md"
    record.write_text(record.read_text(encoding="utf-8").replace("chấm điểm cán bộ hằng tháng",
                                                                 "chấm điểm cán bộ mỗi tuần"), encoding="utf-8")
    css = project / "themes/default/static/style.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: #111; }\n", encoding="utf-8")
    second = build_fixture(project, root / "second")
    return first, second


def test_a_fingerprinted_address_never_changes_content(two_builds):
    """The promise behind "cache for a year": the same fingerprinted path always holds the same bytes."""
    first, second = (digests(root) for root in two_builds)
    fingerprinted = [p for p in first if hosting.is_fingerprinted(p)]
    assert any(p.startswith("static/") for p in fingerprinted)
    assert any(p.startswith("search-index/") for p in fingerprinted)
    assert [p for p in fingerprinted if p in second and first[p] != second[p]] == []
    assert [p for p in first if p.startswith("static/style.") and p not in second]  # the new CSS got a new name


def test_a_built_site_has_a_type_for_every_file(built_site):
    untyped = [p for p in digests(built_site) if hosting.content_type(p) == hosting.OCTET_STREAM
               and not p.endswith(".bin")]
    assert untyped == []


def test_the_sync_plan_uploads_what_changed_in_a_safe_order(two_builds):
    first, second = ({p: d for p, d in digests(root).items() if p not in hosting.HOST_CONFIG_FILES}
                     for root in two_builds)
    initial = hosting.plan_sync(first, None)
    assert initial.unchanged == 0 and not initial.deletes
    assert len(initial.uploads) == len(first)
    plan = hosting.plan_sync(second, first)
    changed = {p for p in second if first.get(p) != second[p]}
    assert {u.path for u in plan.uploads} == changed
    assert "models/dong-anh-5-ro/index.html" in changed and len(changed) < len(second) / 2
    assert set(plan.deletes) == {p for p in first if p not in second}
    assert plan.unchanged == len(second) - len(changed)
    steps = [0 if hosting.is_fingerprinted(u.path) else 2 if u.path.endswith(".html") else 1 for u in plan.uploads]
    assert steps == sorted(steps) and steps[0] == 0 and steps[-1] == 2
    assert hosting.plan_sync(second, second).changed is False


def test_a_same_size_edit_is_uploaded():
    old = {"index.html": hashlib.sha256(b"<p>2024</p>").hexdigest()}
    new = {"index.html": hashlib.sha256(b"<p>2025</p>").hexdigest()}
    assert hosting.plan_sync(new, old).uploads == (Upload("index.html", "text/html; charset=utf-8", REVALIDATE),)


def test_only_files_of_an_earlier_upload_are_deleted_and_host_files_are_skipped():
    local = {"index.html": "a", "_redirects": "r", "_headers": "h"}
    plan = hosting.plan_sync(local, {"index.html": "a", "old/index.html": "o"})
    assert plan.uploads == () and plan.deletes == ("old/index.html",)
    assert hosting.plan_sync(local, {"old/index.html": "o"}, delete=False).deletes == ()


def test_upload_groups_share_headers_and_keep_the_order():
    local = {"index.html": "1", "a/index.html": "2", "static/s.0123456789.css": "3", "feed.xml": "4",
             "data/x.json": "5", "data/y.json": "6"}
    groups = hosting.upload_groups(hosting.plan_sync(local, None))
    assert groups == [
        (0, "text/css; charset=utf-8", IMMUTABLE, ["static/s.0123456789.css"]),
        (1, "application/atom+xml; charset=utf-8", REVALIDATE, ["feed.xml"]),
        (1, "application/json; charset=utf-8", REVALIDATE, ["data/x.json", "data/y.json"]),
        (2, "text/html; charset=utf-8", REVALIDATE, ["a/index.html", "index.html"]),
    ]


def test_the_manifest_round_trips_and_distrusts_what_it_cannot_read():
    local = {"b.html": "2", "a.html": "1", "_redirects": "x"}
    data = hosting.manifest_bytes(local)
    assert data == b'{"files":{"a.html":"1","b.html":"2"},"format":1}\n'
    assert hosting.read_manifest(data) == {"a.html": "1", "b.html": "2"}
    for bad in (b"not json", b"[]", b'{"format":2,"files":{}}', b'{"format":1,"files":{"a":1}}', b"\xff"):
        assert hosting.read_manifest(bad) is None
    tampered = json.dumps({"format": 1, "files": {"../other-site/index.html": "x", "/etc/x": "y", "ok.html": "z",
                                                  "a/../b.html": "w"}}).encode()
    assert hosting.read_manifest(tampered) == {"ok.html": "z"}


def test_header_rules_cover_the_fingerprinted_folders():
    assert hosting.header_rules("/minh-bach/") == [("/minh-bach/static/*", {"Cache-Control": IMMUTABLE})]


def test_every_file_a_header_rule_makes_immutable_is_fingerprinted(built_site):
    patterns = [pattern.removeprefix("/").removesuffix("*") for pattern, _ in hosting.header_rules()]
    covered = [p for p in digests(built_site) if p.startswith(tuple(patterns))]
    assert covered and all(hosting.is_fingerprinted(p) for p in covered)
