"""The speed levers change nothing: parallel rendering and the build cache give the bytes of a plain build.

Each test builds a site the plain way (one process, no cache) and the fast way (a process pool,
the cache of the last build), after the same edits, and compares every output file byte for byte.
"""

import shutil
import sys
from pathlib import Path

import pytest

from site_builder import build, parallel, reuse
from tests.conftest import SOURCE_DATE_EPOCH, tree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import corpus  # noqa: E402  (bench/corpus.py: the seeded benchmark corpus)


def plain_build(project: Path, output: Path, monkeypatch) -> dict[str, bytes]:
    """One process, no cache: the reference bytes."""
    with monkeypatch.context() as patch:
        patch.setenv("SITE_BUILDER_JOBS", "1")
        build.build(_config(project, output), cache=False)
    return tree(output)


def fast_build(project: Path, output: Path, monkeypatch) -> dict[str, bytes]:
    """Two render processes even for a small site, and the cache."""
    with monkeypatch.context() as patch:
        patch.setenv("SITE_BUILDER_JOBS", "2")
        patch.setattr(parallel, "MIN_PAGES_PER_WORKER", 1)
        build.build(_config(project, output))
    return tree(output)


def _config(project: Path, output: Path):
    return build.load_project(project, output_dir=output, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})


def assert_same(fast: dict[str, bytes], plain: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(plain)
    different = [path for path in plain if fast[path] != plain[path]]
    assert not different, f"{len(different)} files differ, e.g. {different[:5]}"


def reusable_pages(project: Path, output: Path) -> int:
    config = _config(project, output)
    problems, site = build.check(config)
    site, _ = build.with_history(site)
    theme = build.load_theme(config)
    specs = build.plan_pages(site)
    return len(reuse.plan_reuse(config, theme, site, build.map_dependencies(site, specs)).reusable)


def edit_first_record(project: Path) -> Path:
    record = sorted((project / "content").rglob("*.md"), key=lambda p: ("pages" in p.parts, p.as_posix()))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.rstrip("\n") + "\n\nMột đoạn mới được thêm vào để kiểm tra bộ nhớ đệm.\n", encoding="utf-8")
    return record


@pytest.fixture(params=["each-kind", "corpus"])
def project(request, fixture_site, tmp_path) -> Path:
    if request.param == "each-kind":
        return fixture_site("each-kind")
    return corpus.write_corpus(tmp_path / "corpus", 60, seed=7)


def test_parallel_and_cached_builds_equal_a_plain_build(project, tmp_path, monkeypatch):
    fast_output, plain_output = tmp_path / "fast" / "output", tmp_path / "plain" / "output"
    plain = plain_build(project, plain_output, monkeypatch)

    assert_same(fast_build(project, fast_output, monkeypatch), plain)       # cold: empty cache
    assert reusable_pages(project, fast_output) > 0                         # the cache is used ...
    assert_same(fast_build(project, fast_output, monkeypatch), plain)       # ... and gives the same bytes

    edit_first_record(project)                                              # one record changed
    plain = plain_build(project, plain_output, monkeypatch)
    assert_same(fast_build(project, fast_output, monkeypatch), plain)

    site_yaml = project / "site.yaml"                                       # the config changed
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("title:", "title:  ", 1)
                         + "\n# changed\n", encoding="utf-8")
    plain = plain_build(project, plain_output, monkeypatch)
    assert_same(fast_build(project, fast_output, monkeypatch), plain)


def test_an_edited_template_is_rendered_again(fixture_site, tmp_path, monkeypatch):
    project = fixture_site("each-kind")
    fast_output, plain_output = tmp_path / "fast" / "output", tmp_path / "plain" / "output"
    fast_build(project, fast_output, monkeypatch)
    templates = project / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    base = build.load_theme(_config(project, fast_output)).dirs[-1] / "templates" / "base.html"
    (templates / "base.html").write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited --></body>"),
                                         encoding="utf-8")
    fast = fast_build(project, fast_output, monkeypatch)
    assert_same(fast, plain_build(project, plain_output, monkeypatch))
    assert b"<!-- edited -->" in fast["index.html"]


def test_a_page_changed_in_the_output_is_not_reused(fixture_site, tmp_path, monkeypatch):
    project = fixture_site("each-kind")
    output = tmp_path / "output"
    fast_build(project, output, monkeypatch)
    page = next(p for p in sorted(output.rglob("index.html")) if p.parent != output and "history" not in p.parts)
    original = page.read_bytes()
    page.write_bytes(b"changed by hand")
    assert fast_build(project, output, monkeypatch)[page.relative_to(output).as_posix()] == original


def test_a_deleted_or_broken_cache_is_a_cold_build(fixture_site, tmp_path, monkeypatch):
    project = fixture_site("each-kind")
    output = tmp_path / "output"
    first = fast_build(project, output, monkeypatch)
    cache = project / reuse.CACHE_DIR
    for name in (reuse.PAGES_FILE, reuse.MEMO_FILE):
        (cache / name).write_bytes(b"not a cache")
    assert fast_build(project, output, monkeypatch) == first
    shutil.rmtree(cache)
    assert fast_build(project, output, monkeypatch) == first


def test_a_failing_render_worker_is_an_error_not_a_hang(fixture_site, tmp_path, monkeypatch):
    project = fixture_site("each-kind")
    config = _config(project, tmp_path / "output")
    problems, site = build.check(config)
    theme = build.load_theme(config)
    specs = build.plan_pages(site)
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "render_pages", lambda *args: 1 / 0)
    with pytest.raises((RuntimeError, ZeroDivisionError)):
        parallel.render_everywhere(site, theme, specs, workers=2)


def test_builds_at_other_times_of_one_day_reuse_the_cache_and_a_new_day_does_not(fixture_site, tmp_path):
    """Without SOURCE_DATE_EPOCH every build has its own time; pages show dates, never that time."""
    project, output = fixture_site("each-kind"), tmp_path / "output"
    import datetime as dt

    def config_at(hour: int, day: int = 2):
        when = dt.datetime(2026, 3, day, hour, 17, tzinfo=dt.timezone.utc)
        return build.load_project(project, output_dir=output, environ={}, now=when)

    def reusable(config) -> int:
        problems, site = build.check(config)
        site, _ = build.with_history(site)
        theme = build.load_theme(config)
        return len(reuse.plan_reuse(config, theme, site, build.map_dependencies(site, build.plan_pages(site))).reusable)

    build.build(config_at(8))
    assert reusable(config_at(8)) > 0
    assert reusable(config_at(15)) == reusable(config_at(8))
    assert reusable(config_at(8, day=3)) == 0


def test_a_build_that_fails_after_the_workers_wrote_its_pages_leaves_the_last_output(fixture_site, tmp_path,
                                                                                      monkeypatch):
    """Workers write pages into the new output as they go; an error found later discards all of it."""
    project, output = fixture_site("each-kind"), tmp_path / "site" / "output"
    last = fast_build(project, output, monkeypatch)

    def twin(site, theme):  # a producer that claims a page's path: found only once everything is made
        return {"index.html": b"<p>twin</p>"}, []

    edit_first_record(project)
    monkeypatch.setattr(build, "PRODUCERS", build.PRODUCERS + (twin,))
    with pytest.raises(build.BuildFailed) as failed:
        fast_build(project, output, monkeypatch)
    assert any("made by both html_pages and twin" in problem.message for problem in failed.value.problems)
    assert tree(output) == last
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]  # no half-written folder left


def test_a_producer_that_crashes_while_the_workers_render_leaves_the_last_output(fixture_site, tmp_path,
                                                                                  monkeypatch):
    project, output = fixture_site("each-kind"), tmp_path / "site" / "output"
    last = fast_build(project, output, monkeypatch)

    def broken(site, theme):
        raise RuntimeError("a producer's own bug")

    edit_first_record(project)
    monkeypatch.setattr(build, "PRODUCERS", build.PRODUCERS + (broken,))
    with pytest.raises(RuntimeError, match="a producer's own bug"):
        fast_build(project, output, monkeypatch)
    assert tree(output) == last
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]



def test_the_other_producers_write_their_files_as_they_make_them(fixture_site, tmp_path, monkeypatch):
    """Each producer's files are in the new output before the next producer starts: none wait in
    memory until the end of the build."""
    seen = []

    def first(site, theme):
        return {"first.txt": b"made first"}, []

    def second(site, theme):
        staged = [p for p in (tmp_path / "out").parent.iterdir() if p.name.startswith(".")]
        seen.extend((folder / "first.txt").read_bytes() for folder in staged if (folder / "first.txt").exists())
        return {"second.txt": b"made second"}, []

    monkeypatch.setattr(build, "PRODUCERS", build.PRODUCERS + (first, second))
    fast = fast_build(fixture_site("each-kind"), tmp_path / "out", monkeypatch)
    assert seen == [b"made first"] and fast["second.txt"] == b"made second"
