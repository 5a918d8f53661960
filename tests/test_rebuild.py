"""Partial rebuilds (the preview server's) give exactly the output of a full build.

After each edit, the incremental output folder is compared byte for byte with a fresh
``build`` of the same files; the edits cover what editors do: text, titles, dates, status,
references, data files, new and deleted records, broken content, the theme and site.yaml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder.rebuild import Rebuilder
from tests.conftest import tree

EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}


class Session:
    def __init__(self, project: Path, tmp_path: Path) -> None:
        self.project = project
        self.tmp_path = tmp_path
        self.config = build_module.load_project(project, output_dir=tmp_path / "preview", environ=EPOCH)
        self.rebuilder = Rebuilder(self.config, with_history=False, options=lambda: build_module.load_project(
            project, output_dir=tmp_path / "preview", environ=EPOCH))
        self.announced: list[set[str]] = []
        first = self.rebuild()
        assert first.ok and first.full

    def rebuild(self, *changed: str):
        return self.rebuilder.rebuild(changed, on_written=self.announced.append)

    def edit(self, rel: str, old: str, new: str):
        path = self.project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.announced.clear()
        return self.rebuild(rel)

    def assert_same_as_full_build(self) -> None:
        full = self.tmp_path / "full"
        shutil.rmtree(full, ignore_errors=True)
        build_module.build(build_module.load_project(self.project, output_dir=full, environ=EPOCH))
        expected, got = tree(full), tree(self.tmp_path / "preview")
        assert sorted(got) == sorted(expected)
        assert [name for name in expected if expected[name] != got[name]] == []


@pytest.fixture
def session(fixture_site, tmp_path) -> Session:
    return Session(fixture_site("each-kind"), tmp_path)


MODEL = "content/models/dong-anh-5-ro.md"


def test_editing_a_body_renders_the_record_first_and_only_what_shows_it(session):
    outcome = session.edit(MODEL, "\n---\n", "\n---\nMột đoạn mới về quy chế.\n\n")
    assert outcome.ok and not outcome.full
    assert "models/dong-anh-5-ro/index.html" in session.announced[0]  # the record's own page, first
    assert session.announced[0] <= {"models/dong-anh-5-ro/index.html", "en/models/dong-anh-5-ro/index.html"}
    assert outcome.written >= session.announced[0]
    assert outcome.rendered < 40  # of the site's pages, only the record's and those listing it
    session.assert_same_as_full_build()


def rendered_per_call(monkeypatch) -> list[list[str]]:
    """The outputs of every ``render_pages`` call the rebuilder makes, call by call."""
    from site_builder import render
    calls, original = [], render.render_pages

    def spy(environments, site, specs):
        calls.append([spec.output for spec in specs])
        return original(environments, site, specs)
    monkeypatch.setattr(render, "render_pages", spy)
    return calls


def test_a_summary_edit_writes_every_listing_that_shows_the_record_before_planning_again(session, monkeypatch):
    calls = rendered_per_call(monkeypatch)
    outcome = session.edit(MODEL, "cán bộ hằng tháng theo", "cán bộ, công chức hằng tháng theo")
    assert outcome.ok and not outcome.full and "listings" in outcome.timings
    listings = {"models/index.html", "en/models/index.html", "index.html", "en/index.html"}  # home: latest
    assert listings <= set(calls[1])  # right after the record's own pages (calls[0])
    assert {"models/index.html", "index.html"} <= session.announced[1]  # the Vietnamese summary changed
    step2 = {output for call in calls[2:] for output in call}
    assert not listings & step2  # planned again with the same records: not rendered twice
    session.assert_same_as_full_build()


def test_a_date_edit_moves_the_record_in_its_listings_with_a_new_plan(session, monkeypatch):
    calls = rendered_per_call(monkeypatch)
    outcome = session.edit(MODEL, "end: 2024-06-30", "end: 2024-12-31")
    assert outcome.ok and "listings" not in outcome.timings  # dates decide the order: no early listings
    assert "models/index.html" in {output for call in calls[1:] for output in call}
    session.assert_same_as_full_build()


def test_a_changed_figure_renders_the_panels_and_headlines_again_after_the_early_listings(session, monkeypatch):
    """Step 1b writes the locality page from the last plan; its statistics panel changed, so the
    plan made afterwards differs and step 2 renders the page again with the new figure."""
    calls = rendered_per_call(monkeypatch)
    outcome = session.edit("content/inspections/kt-dang-tong-hop-2024.md", "value: 1520", "value: 1521")
    assert outcome.ok and "listings" in outcome.timings
    step2 = {output for call in calls[2:] for output in call}
    assert "localities/ha-noi/index.html" in set(calls[1]) & step2
    session.assert_same_as_full_build()


def test_changing_a_title_updates_every_listing_that_shows_it(session):
    outcome = session.edit(MODEL, "title:", "title: {vi: \"Tiêu đề mới\", en: \"A new title\"}\nold_title:")
    assert not outcome.ok  # old_title is not a field: nothing written, the problem is reported
    assert any(p.field == "old_title" for p in outcome.problems)
    text = (session.project / MODEL).read_text(encoding="utf-8")
    start = text.index("title: {vi: \"Tiêu đề mới\"")
    end = text.index("old_title:")
    following = text[end:].split("\n", 1)[1]
    while following.startswith("  "):  # drop the old title's indented lines, if any
        following = following.split("\n", 1)[1]
    (session.project / MODEL).write_text(text[:start] + "title: {vi: \"Tiêu đề mới\", en: \"A new title\"}\n"
                                         + following, encoding="utf-8")
    outcome = session.rebuild(MODEL)
    assert outcome.ok
    assert "Tiêu đề mới" in (session.tmp_path / "preview/models/index.html").read_text(encoding="utf-8")
    session.assert_same_as_full_build()


def test_a_draft_disappears_everywhere_and_comes_back(session):
    session.edit(MODEL, "\nid:", "\nstatus: draft\nid:")
    assert not (session.tmp_path / "preview/models/dong-anh-5-ro").exists()
    session.assert_same_as_full_build()
    session.edit(MODEL, "status: draft\n", "")
    session.assert_same_as_full_build()


def test_renaming_a_locality_updates_the_pages_that_name_it(session):
    outcome = session.edit("content/data/localities.yaml", "Đông Anh", "Đông Anh (cũ)")
    assert outcome.ok and not outcome.full
    session.assert_same_as_full_build()


def test_new_and_deleted_records(session):
    source = session.project / MODEL
    copy = session.project / "content/models/ban-sao.md"
    copy.write_text(source.read_text(encoding="utf-8").replace("id: dong-anh-5-ro", "id: ban-sao"), encoding="utf-8")
    assert session.rebuild("content/models/ban-sao.md").ok
    assert (session.tmp_path / "preview/models/ban-sao/index.html").is_file()
    session.assert_same_as_full_build()
    copy.unlink()
    assert session.rebuild("content/models/ban-sao.md").ok
    assert not (session.tmp_path / "preview/models/ban-sao").exists()
    session.assert_same_as_full_build()


def test_broken_content_keeps_the_last_good_output(session):
    before = tree(session.tmp_path / "preview")
    outcome = session.edit(MODEL, "locality: huyen-dong-anh", "locality: huyen-dong-anhh")
    assert not outcome.ok and outcome.written == set()
    assert [(p.location.path, p.field) for p in outcome.problems if p.is_error] == [(MODEL, "locality")]
    assert tree(session.tmp_path / "preview") == before
    assert session.edit(MODEL, "locality: huyen-dong-anhh", "locality: huyen-dong-anh").ok
    session.assert_same_as_full_build()


def test_theme_and_settings_changes_render_everything(session):
    theme = session.project / "themes/default/static"
    theme.mkdir(parents=True)
    (theme / "print.css").write_text("body { color: black; }\n", encoding="utf-8")
    outcome = session.rebuild("themes/default/static/print.css")
    assert outcome.ok and outcome.full
    session.assert_same_as_full_build()
    outcome = session.edit("site.yaml", "page_size: 2", "page_size: 1") \
        if "page_size: 2" in (session.project / "site.yaml").read_text(encoding="utf-8") \
        else session.edit("site.yaml", "languages:", "page_size: 1\nlanguages:")
    assert outcome.ok and outcome.full
    session.assert_same_as_full_build()


def test_an_unchanged_save_writes_nothing(session):
    path = session.project / MODEL
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    session.announced.clear()
    outcome = session.rebuild(MODEL)
    assert outcome.ok and outcome.written == set() and session.announced == []


def test_many_affected_pages_are_written_in_chunks_with_the_same_result(session, monkeypatch):
    monkeypatch.setattr("site_builder.rebuild.CHUNK", 3)
    outcome = session.edit("content/data/units.yaml", "Ủy ban nhân dân", "UBND")
    assert outcome.ok and not outcome.full and outcome.rendered > 3
    assert len(session.announced) > 1  # announced chunk by chunk
    session.assert_same_as_full_build()


def test_a_renamed_locality_shows_first_on_the_record_page_a_browser_is_looking_at(session):
    looked_at = "models/dong-anh-5-ro/index.html"
    session.rebuilder.watched = lambda: ["index.html", looked_at]  # the latest first, as the server gives them
    outcome = session.edit("content/data/localities.yaml", "Đông Anh", "Đông Anh (cũ)")
    assert outcome.ok
    assert looked_at in session.announced[0]  # before every page is planned again
    assert "index.html" not in session.announced[0]  # the home page is not a record page: step 2
    assert "Đông Anh (cũ)" in (session.tmp_path / "preview" / looked_at).read_text(encoding="utf-8")
    session.assert_same_as_full_build()


def test_a_new_record_is_not_written_before_every_address_is_checked(session):
    """A record that did not exist may take an address already taken: it waits for the full check."""
    source = session.project / MODEL
    copy = session.project / "content/models/ban-sao.md"
    copy.write_text(source.read_text(encoding="utf-8").replace("id: dong-anh-5-ro", "id: ban-sao")
                    .replace("\n---\n", "\naliases: [dong-anh-5-ro]\n---\n", 1), encoding="utf-8")
    before = tree(session.tmp_path / "preview")
    outcome = session.rebuild("content/models/ban-sao.md")
    assert not outcome.ok and outcome.written == set()
    assert tree(session.tmp_path / "preview") == before
