"""The build cache (``.site-builder-cache/``) can never run code or make the output wrong.

- A cache file that came with the project (committed to git by a hostile pull request) is not
  signed with this machine's key, so it is never unpickled: no code runs, and a "memo" that maps
  a body's text to a ``<script>`` never reaches a page.
- After any sequence of edits, a build that uses the cache writes the same bytes as a build
  from scratch without it.
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder import reuse
from tests.conftest import tree_digest

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
EPOCH = "1750000000"


@pytest.fixture(autouse=True)
def _own_cache_key(tmp_path, monkeypatch):
    """This test's machine key lives in its own folder, never in the real ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv(reuse.KEY_ENV, raising=False)


def _build(project: Path, output: Path, cache: bool) -> Path:
    config = build_module.load_project(project, output_dir=output, environ={"SOURCE_DATE_EPOCH": EPOCH})
    build_module.build(config, cache=cache)
    return output


class _Payload:
    """Unpickling this runs ``touch`` on a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_committed_cache_file_never_runs_code(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    cache = project / reuse.CACHE_DIR
    cache.mkdir()
    marker = tmp_path / "PWNED"
    for name in (reuse.MEMO_FILE, reuse.PAGES_FILE):
        (cache / name).write_bytes(pickle.dumps({"version": _Payload(marker), "output": _Payload(marker)}))
    output = _build(project, tmp_path / "out", cache=True)
    assert not marker.exists()
    assert tree_digest(output) == tree_digest(_build(project, tmp_path / "fresh", cache=False))


def test_a_forged_memo_cannot_put_script_on_a_page(tmp_path):
    """A well-formed memo with the right version, mapping the record's body to a script: unsigned,
    so it is ignored (signed with a stolen key it would be trusted: keep the key secret)."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    output = tmp_path / "out"
    _build(project, output, cache=True)  # a real memo to forge from
    config = build_module.load_project(project, output_dir=output, environ={"SOURCE_DATE_EPOCH": EPOCH})
    memo = reuse.load_memo(config)
    assert memo, "the first build left no memo to forge"
    forged = {"version": (reuse.FORMAT, reuse.__version__, repr(config)),
              "memo": {**memo, "index": {"html": {"Nội dung.": "<script>alert(1)</script>"}}}}
    (project / reuse.CACHE_DIR / reuse.MEMO_FILE).write_bytes(pickle.dumps(forged))  # no signature
    _build(project, output, cache=True)
    page = (output / "models/mot-cua/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "<p>Nội dung.</p>" in page


def _edit(project: Path, rng: random.Random, step: int) -> str:
    """One random edit an editor might make; returns what it was."""
    model = project / "content/models/dong-anh-5-ro.md"
    extra = project / "content/models/moi.md"
    units = project / "content/data/units.yaml"
    choice = rng.choice(["body", "title", "new", "delete", "touch", "unit", "settings", "nothing"])
    if choice == "body":
        model.write_text(model.read_text(encoding="utf-8") + f"\nĐoạn thêm {step}.\n", encoding="utf-8")
    elif choice == "title":
        text = model.read_text(encoding="utf-8")
        model.write_text(text.replace('  vi: "Đông Anh:', f'  vi: "({step}) Đông Anh:', 1), encoding="utf-8")
    elif choice == "new" and not extra.exists():
        extra.write_text((FIXTURES / "minimal/content/models/mot-cua.md").read_text(encoding="utf-8")
                         .replace("id: mot-cua", "id: mo-hinh-moi"), encoding="utf-8")
    elif choice == "delete" and extra.exists():
        extra.unlink()
    elif choice == "touch":
        os.utime(model)
    elif choice == "unit":
        text = units.read_text(encoding="utf-8")
        units.write_text(text.replace('"Ủy ban nhân dân thành phố Hà Nội"', f'"Ủy ban nhân dân thành phố Hà Nội {step}"'),
                         encoding="utf-8")
    elif choice == "settings":
        settings = project / "site.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 2")
                            if step % 2 else settings.read_text(encoding="utf-8").replace("page_size: 2\n",
                                                                                          "page_size: 20\n"),
                            encoding="utf-8")
    return choice


def test_cached_builds_equal_builds_from_scratch_after_random_edits(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "each-kind", project)
    rng = random.Random(4)
    output = tmp_path / "out"
    edits = []
    for step in range(8):
        edits.append(_edit(project, rng, step))
        cached = tree_digest(_build(project, output, cache=True))
        fresh = tree_digest(_build(project, tmp_path / f"fresh-{step}", cache=False))
        assert cached == fresh, f"after edits {edits} the cached build differs from a fresh one"
