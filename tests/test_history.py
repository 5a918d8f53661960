"""Dates and change history from git: one log for the whole repository, records followed by id.

Each test builds a small repository in ``tmp_path`` with fixed commit dates, so the expected
dates, messages and field changes are exact.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder.gitlog import NULL_BLOB, parse_log, read_git_log
from site_builder.history import MISSING, FieldChange, Item, blobs_needed, diff_values, parse_versions, \
    record_histories

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


class Repo:
    """A git repository with commits at chosen dates (Vietnam time)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "bien-tap@example.org")
        self.git("config", "user.name", "Nguyễn Biên Tập")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, date: str = "2024-01-01") -> str:
        stamp = f"{date}T09:00:00+07:00"
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin",
               "HOME": str(self.root), "GIT_CONFIG_NOSYSTEM": "1"}
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True, text=True,
                              env=env).stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, date: str) -> None:
        self.git("add", "-A", date=date)
        self.git("commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path) -> Repo:
    """The each-kind site as a git repository with one first commit on 2024-09-10."""
    shutil.copytree(FIXTURES / "each-kind", tmp_path / "site")
    repository = Repo(tmp_path / "site")
    repository.commit("Thêm các hồ sơ mẫu", "2024-09-10")
    return repository


def histories(root: Path) -> dict:
    log, problems = read_git_log(root)
    assert problems == []
    return record_histories(log)


AGGREGATE = "content/inspections/kt-dang-tong-hop-2024.md"
COMMENDATION = "content/commendations/cd-bang-khen-dong-anh.md"


def test_a_record_has_first_published_and_last_updated_dates(repo):
    repo.edit(AGGREGATE, "{series: subjects-disciplined, value: 368}", "{series: subjects-disciplined, value: 370}")
    repo.commit("Sửa số người bị kỷ luật theo báo cáo chính thức", "2024-10-01")
    history = histories(repo.root)["kt-dang-tong-hop-2024"]
    assert (history.first_published, history.last_updated) == (dt.date(2024, 9, 10), dt.date(2024, 10, 1))
    newest = history.entries[0]
    assert (newest.action, newest.message, newest.date) == ("changed", "Sửa số người bị kỷ luật theo báo cáo chính thức",
                                                             dt.date(2024, 10, 1))
    assert newest.changes == (FieldChange(("statistics", Item(2, "series", "subjects-disciplined"), "value"), 368, 370),)
    assert history.entries[1].action == "added"


def test_history_follows_a_renamed_file(repo):
    (repo.root / "content/inspections/2024").mkdir()
    repo.git("mv", AGGREGATE, "content/inspections/2024/tong-hop.md")
    repo.commit("Xếp hồ sơ theo năm", "2024-10-02")
    repo.edit("content/inspections/2024/tong-hop.md", "grain: aggregate", "grain: aggregate\ncontent: Kiểm tra")
    repo.commit("Thêm nội dung kiểm tra", "2024-10-03")
    history = histories(repo.root)["kt-dang-tong-hop-2024"]
    assert [e.action for e in history.entries] == ["changed", "added"]  # the rename alone changed nothing
    assert history.entries[0].path == "content/inspections/2024/tong-hop.md"
    assert history.entries[0].changes == (FieldChange(("content",), MISSING, "Kiểm tra"),)


def test_records_in_a_bulk_file_have_their_own_histories(repo):
    bulk = "content/commendations/bulk-2024.yaml"
    text = (repo.root / bulk).read_text(encoding="utf-8")
    ids = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.lstrip("- ").startswith("id:")]
    assert len(ids) >= 2
    repo.edit(bulk, "state: presented", "state: decided")
    repo.commit("Sửa tình trạng", "2024-12-01")
    found = histories(repo.root)
    changed = [i for i in ids if found[i].last_updated == dt.date(2024, 12, 1)]
    assert len(changed) == 1  # only the record whose state changed, not its neighbours in the file
    assert found[changed[0]].entries[0].changes == (FieldChange(("state",), "presented", "decided"),)


def test_first_published_waits_for_the_draft_to_be_published(repo):
    repo.edit(AGGREGATE, "published: 2024-09-10", "published: 2024-09-10\nstatus: draft")
    repo.commit("Soạn nháp", "2024-09-11")
    repo.edit(AGGREGATE, "status: draft", "status: published")
    repo.commit("Công bố", "2024-09-20")
    history = histories(repo.root)["kt-dang-tong-hop-2024"]
    # it was public at the first commit, a draft on the 11th, public again on the 20th
    assert history.first_published == dt.date(2024, 9, 10)
    assert history.entries[0].changes == (FieldChange(("status",), "draft", "published"),)


def test_a_record_committed_as_a_draft_is_first_published_when_it_leaves_draft(tmp_path):
    shutil.copytree(FIXTURES / "minimal", tmp_path / "site")
    repository = Repo(tmp_path / "site")
    record = "content/models/mot-cua.md"
    repository.edit(record, "\nid:", "\nstatus: draft\nid:")
    repository.commit("Bản nháp", "2024-03-01")
    repository.edit(record, "status: draft\n", "")
    repository.commit("Công bố", "2024-03-05")
    history = histories(repository.root)["mot-cua"]
    assert (history.first_published, history.last_updated) == (dt.date(2024, 3, 5), dt.date(2024, 3, 5))
    assert [e.public for e in history.entries] == [True, False]
    assert len(history.public_entries) == 1 and len(history.draft_entries) == 1


def test_a_shallow_clone_is_reported_with_the_fix_instead_of_wrong_dates(repo, tmp_path):
    repo.edit(AGGREGATE, "value: 368", "value: 370")
    repo.commit("Sửa số liệu", "2024-10-01")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    log, problems = read_git_log(clone)
    assert log is None
    assert [(p.field, p.severity) for p in problems] == [("git", "warning")]
    assert "shallow clone" in problems[0].message and "fetch-depth: 0" in problems[0].hint
    config = build_module.load_project(clone, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    report = build_module.build(config)
    assert any("shallow" in w.message for w in report.warnings)
    assert not (clone / "output/inspections/kt-dang-tong-hop-2024/history").exists()  # no wrong history


def test_a_build_outside_git_works_and_has_no_history(fixture_site):
    project = fixture_site("each-kind")
    assert read_git_log(project) == (None, [])
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    report = build_module.build(config)
    assert report.warnings == [] or all(w.field != "git" for w in report.warnings)
    page = (project / "output/models/dong-anh-5-ro/index.html").read_text(encoding="utf-8")
    assert "record-dates" not in page and not (project / "output/models/dong-anh-5-ro/history").exists()


def test_the_history_page_shows_changes_in_plain_words(repo):
    repo.edit(COMMENDATION, "state: decided", 'state: revoked\nrevocation: {decision: "56/QĐ-UBND", date: 2024-11-01, '
                                               'ground: "Phát hiện sai sót"}')
    repo.commit("Hủy quyết định khen thưởng", "2024-11-05")
    config = build_module.load_project(repo.root, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    build_module.build(config)
    page = (repo.root / "output/en/commendations/cd-bang-khen-dong-anh/history/index.html").read_text(encoding="utf-8")
    assert "Hủy quyết định khen thưởng" in page and "5 November 2024" in page
    assert "Decided" in page and "Revoked" in page
    assert '<span class="change-label">State</span>' in page
    record_page = (repo.root / "output/en/commendations/cd-bang-khen-dong-anh/index.html").read_text(encoding="utf-8")
    assert "Last updated" in record_page and "5 November 2024" in record_page  # after "published"
    assert "First published" not in record_page  # the footer has the editors' date; the history page both
    assert 'href="/en/commendations/cd-bang-khen-dong-anh/history/"' in record_page
    assert "Nguyễn Biên Tập" not in page and "bien-tap@example.org" not in page  # editors are not published


def test_personal_data_removed_from_a_record_is_not_republished_by_its_history(repo):
    repo.edit(AGGREGATE, "Theo nguồn", "Liên hệ 0912345678. Theo nguồn")
    repo.edit(AGGREGATE, "grain: aggregate", 'grain: aggregate\ncontent: "Gọi 0912 345 678"')
    repo.commit("Thêm nội dung", "2024-10-01")
    repo.edit(AGGREGATE, 'content: "Gọi 0912 345 678"', 'content: "Kiểm tra tổng hợp"')
    repo.edit(AGGREGATE, "Liên hệ 0912345678. ", "")
    repo.commit("Bỏ số điện thoại lỡ đưa lên", "2024-10-02")
    history = histories(repo.root)["kt-dang-tong-hop-2024"]
    assert {c.path[0] for c in history.entries[0].changes} == {"content", "body"}
    # the working tree has no personal data, so the build passes and renders the history
    config = build_module.load_project(repo.root, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    build_module.build(config)
    output = repo.root / "output/inspections/kt-dang-tong-hop-2024/history/index.html"
    page = output.read_text(encoding="utf-8")
    assert "0912" not in page and "345 678" not in page
    assert "dữ liệu cá nhân" in page


def test_parse_log_reads_renames_and_multi_line_messages():
    text = ("\x1eaaa\x1f1700000000\x1fFirst line\n\nBody line\n\x1f\0\n:000000 100644 " + NULL_BLOB + " b1 A\0"
            "content/models/a.md\0\x1ebbb\x1f1700000100\x1fRename\n\x1f\0\n:100644 100644 b1 b1 R100\0"
            "content/models/a.md\0content/models/b.md\0")
    first, second = parse_log(text)
    assert (first.sha, first.timestamp, first.message) == ("aaa", 1700000000, "First line\n\nBody line")
    assert [(c.status, c.path, c.old_blob, c.new_blob) for c in first.changes] == [
        ("A", "content/models/a.md", NULL_BLOB, "b1")]
    assert [(c.status, c.old_path, c.path) for c in second.changes] == [
        ("R", "content/models/a.md", "content/models/b.md")]
    assert blobs_needed((first, second)) == ["b1"]  # a rename with the same content reads nothing


def test_versions_are_read_from_front_matter_yaml_and_bulk_files():
    markdown = parse_versions("---\nid: a\ntitle: T\nstatus: draft\n---\nBody\n", "content/models/a.md")
    assert list(markdown) == ["a"] and not markdown["a"].public and markdown["a"].value("body") == "Body"
    single = parse_versions("id: b\ntitle: {vi: Tiêu đề}\n", "content/models/b.yaml")
    assert single["b"].value("title") == {"vi": "Tiêu đề"}
    bulk = parse_versions("records:\n  - id: c\n    title: C\n  - id: d\n    title: D\n", "content/x/bulk.yaml")
    assert sorted(bulk) == ["c", "d"] and bulk["d"].value("title") == "D"
    assert parse_versions("not front matter", "content/models/e.md") == {}
    assert parse_versions("---\nid: [unclosed\n---\n", "content/models/f.md") == {}


def test_lists_of_objects_are_compared_by_their_key():
    old = [{"series": "a", "value": 1}, {"series": "b", "value": 2}]
    new = [{"series": "b", "value": 3}, {"series": "a", "value": 1}, {"series": "c", "value": 4}]
    assert list(diff_values(("statistics",), old, new)) == [
        FieldChange(("statistics", Item(0, "series", "b"), "value"), 2, 3),
        FieldChange(("statistics", Item(2, "series", "c")), MISSING, {"series": "c", "value": 4}),
    ]


def test_a_record_page_shows_no_git_date_older_than_its_publication_date(repo):
    """Committed (2024-09-10) before the editors' publication date (2024-09-20): the page gives the
    editors' date only, so no two dates contradict each other; the history page keeps both."""
    config = build_module.load_project(repo.root, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    build_module.build(config)
    page = (repo.root / "output/en/commendations/cd-bang-khen-dong-anh/index.html").read_text(encoding="utf-8")
    assert "Last updated" not in page and "First published" not in page and "20 September 2024" in page
    assert 'href="/en/commendations/cd-bang-khen-dong-anh/history/"' in page
    history = (repo.root / "output/en/commendations/cd-bang-khen-dong-anh/history/index.html").read_text(
        encoding="utf-8")
    assert "10 September 2024" in history and "20 September 2024" in history


def test_history_pages_show_no_text_direction_override_from_git_or_old_versions(repo):
    """Git accepts any bytes in a message, and an old version may predate the rule against hidden
    characters: neither reaches the history page (the text would read in another order)."""
    repo.edit(COMMENDATION, "state: decided", 'state: revoked\nrevocation: {decision: "56/QĐ-UBND\u202e", '
                                               'date: 2024-11-01, ground: "Sai sót"}')
    repo.commit("Hủy quyết định \u202eđịnh quyết", "2024-11-05")
    repo.edit(COMMENDATION, '56/QĐ-UBND\u202e', '56/QĐ-UBND')
    repo.commit("Sửa số quyết định", "2024-11-06")
    build_module.build(build_module.load_project(repo.root, environ={"SOURCE_DATE_EPOCH": "1750000000"}))
    page = (repo.root / "output/commendations/cd-bang-khen-dong-anh/history/index.html").read_text(encoding="utf-8")
    assert "Hủy quyết định đ" in page and "\u202e" not in page
