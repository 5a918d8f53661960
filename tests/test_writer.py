"""writer.py: the output folder is replaced whole, or not at all."""

import os
import stat

import pytest

from site_builder import writer
from site_builder.writer import OLD_PREFIX, TEMP_PREFIX, write_output
from tests.conftest import tree



@pytest.fixture
def previous(tmp_path):
    output = tmp_path / "site" / "output"
    write_output(output, {"index.html": b"old", "models/a/index.html": b"a"}, {})
    return output


def test_writes_files_and_copies(tmp_path):
    source = tmp_path / "style.css"
    source.write_bytes(b"body{}")
    output = tmp_path / "output"
    count = write_output(output, {"index.html": b"<p>", "en/index.html": b"<p>en"}, {"static/s.css": source})
    assert count == 3
    assert tree(output) == {"en/index.html": b"<p>en", "index.html": b"<p>", "static/s.css": b"body{}"}
    assert stat.S_IMODE(output.stat().st_mode) == 0o755


def test_replaces_the_whole_folder(previous):
    write_output(previous, {"index.html": b"new"}, {})
    assert tree(previous) == {"index.html": b"new"}  # stale pages do not survive
    assert sorted(p.name for p in previous.parent.iterdir()) == ["output"]


def test_a_failing_write_leaves_the_previous_output_intact(previous, tmp_path):
    before = tree(previous)
    with pytest.raises(FileNotFoundError):
        write_output(previous, {"index.html": b"new", "b.html": b"b"}, {"static/x.css": tmp_path / "missing.css"})
    assert tree(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["output"]  # the temporary folder is gone


def test_a_failing_swap_puts_the_previous_output_back(previous, monkeypatch):
    before = tree(previous)
    real_rename = os.rename
    calls = []

    def rename(src, dst):
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # output -> old worked; new -> output fails
            raise OSError("disk full")
        return real_rename(src, dst)

    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)  # the two-rename fallback
    monkeypatch.setattr(writer.os, "rename", rename)
    with pytest.raises(OSError, match="disk full"):
        write_output(previous, {"index.html": b"new"}, {})
    monkeypatch.undo()
    assert tree(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["output"]


def test_leftovers_of_killed_builds_are_removed(previous):
    parent = previous.parent
    for name in (TEMP_PREFIX + "output-abc", OLD_PREFIX + "output-def", TEMP_PREFIX + "other-xyz", "keep-me"):
        (parent / name).mkdir()
        (parent / name / "f").write_bytes(b"x")
    write_output(previous, {"index.html": b"new"}, {})
    assert sorted(p.name for p in parent.iterdir()) == sorted([TEMP_PREFIX + "other-xyz", "keep-me", "output"])


def test_update_output_removes_files_and_the_folders_they_leave_empty_only(tmp_path):
    out = tmp_path / "output"
    index = {f"search-index/vi/v1/t{n:04d}.bin": b"x" for n in range(300)}
    write_output(out, {**index, "search-index/vi/manifest.json": b"{}", "a/b/c/index.html": b"<p>",
                       "a/keep.html": b"<p>"}, {})
    writer.update_output(out, {"search-index/vi/v2/t0000.bin": b"y"}, {}, set(index) | {"a/b/c/index.html"})
    assert tree(out) == {"search-index/vi/manifest.json": b"{}", "search-index/vi/v2/t0000.bin": b"y",
                         "a/keep.html": b"<p>"}
    assert sorted(p.name for p in (out / "search-index/vi").iterdir()) == ["manifest.json", "v2"]
    assert not (out / "a/b").exists() and (out / "a").is_dir()


def test_update_output_lists_each_folder_at_most_once_when_removing(tmp_path, monkeypatch):
    """Removing a whole search index (thousands of files in one folder) is linear, not quadratic."""
    out = tmp_path / "output"
    index = {f"idx/v1/t{n:04d}.bin": b"x" for n in range(200)}
    write_output(out, {**index, "idx/other.json": b"{}"}, {})
    listed = []
    original = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(path) or original(path))
    original_listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(path) or original_listdir(path))
    writer.update_output(out, {}, {}, set(index))
    assert len(listed) <= 2 and not (out / "idx/v1").exists() and (out / "idx/other.json").is_file()
