"""A build whose inputs did not change since the last one writes nothing and says so.

The inputs are compared by identity (path, size, inode, times) of every file the build reads, the
config to the day, site-builder's own files and the git commit; the output by the identity of every
file in it. Anything else is a normal build (which the byte-identity tests of test_build_speed cover).
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from site_builder import build
from site_builder.cli import main
from tests.conftest import tree
from tests.test_open_data import SECRET_COMMENDATION

MORNING = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone.utc)


def run(project: Path, now: dt.datetime = MORNING, cache: bool = True) -> build.BuildReport:
    return build.build(build.load_project(project, environ={}, now=now), cache=cache)


@pytest.fixture
def project(fixture_site) -> Path:
    project = fixture_site("each-kind")
    assert not run(project).up_to_date
    return project


def test_a_second_build_with_nothing_changed_writes_nothing(project):
    before = tree(project / "output")
    identities = {p: p.stat().st_ino for p in (project / "output").rglob("*")}
    report = run(project, now=MORNING + dt.timedelta(hours=5))  # later the same day
    assert report.up_to_date
    assert report.pages > 0 and report.files > 0 and report.records > 0
    assert tree(project / "output") == before
    assert {p: p.stat().st_ino for p in (project / "output").rglob("*")} == identities  # not even swapped


@pytest.mark.parametrize("change", ["edit a record", "touch a record", "add a file", "edit site.yaml",
                                    "edit the output", "delete an output file", "next day", "no cache"])
def test_any_change_to_inputs_or_output_builds_again(project, change):
    record = sorted((project / "content").rglob("*.md"))[0]
    now = MORNING
    if change == "edit a record":
        record.write_text(record.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    elif change == "touch a record":
        os.utime(record, ns=(record.stat().st_atime_ns, record.stat().st_mtime_ns + 1))
    elif change == "add a file":
        (record.parent / "ghi-chu.txt").write_text("ghi chú", encoding="utf-8")
    elif change == "edit site.yaml":
        settings = project / "site.yaml"
        settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "edit the output":
        page = project / "output" / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- sửa tay -->", encoding="utf-8")
    elif change == "delete an output file":
        (project / "output" / "robots.txt").unlink()
    elif change == "next day":
        now = MORNING + dt.timedelta(days=1)
    report = run(project, now=now, cache=change != "no cache")
    assert not report.up_to_date
    assert "sửa tay" not in (project / "output" / "index.html").read_text(encoding="utf-8")
    assert (project / "output" / "robots.txt").is_file()


def test_an_embargo_that_ends_later_the_same_day_builds_again(project):
    secret = project / "content" / "commendations" / "khen-bi-mat-zq.md"
    secret.write_text(SECRET_COMMENDATION.replace("2099-01-01T08:00:00", "2026-03-02T06:00:00+00:00"),
                      encoding="utf-8")
    assert run(project).records == run(project).records  # built, then up to date: the record is embargoed
    assert run(project, now=MORNING + dt.timedelta(hours=2)).up_to_date
    report = run(project, now=MORNING + dt.timedelta(hours=6))  # 06:00: the embargo has ended
    assert not report.up_to_date
    assert list((project / "output").rglob("khen-bi-mat-zq/index.html"))


def test_the_command_says_the_output_is_up_to_date(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(MORNING.timestamp())))
    assert main(["build", str(project)]) == 0
    assert main(["build", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Nothing changed since the last build" in out and "is up to date" in out


def test_a_new_commit_builds_again_for_the_dates_and_history_it_brings(project):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-c", "user.name=Biên tập", "-c", "user.email=bt@example.org", *args],
                       cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("add", "content")
    git("commit", "-q", "-m", "Đăng hồ sơ")
    assert not run(project).up_to_date  # the history is new
    assert run(project).up_to_date
    git("commit", "-q", "--allow-empty", "-m", "Sửa lời văn")  # no file changed, the history did
    assert not run(project).up_to_date
