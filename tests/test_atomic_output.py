"""Nothing lost: a build killed at any moment (SIGKILL: no clean-up code runs) leaves ``output/``
exactly as it was, or exactly as the new build made it, never anything in between; what the
killed build left behind is removed by the next run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from site_builder import writer
from tests.conftest import tree_digest

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
KILLS = 16
SEED = 20250615
SITE, RECORD = "minimal", "content/models/mot-cua.md"


def _build_command(project: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", str(project), "--out", str(output)]


def _env() -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1750000000"}


def _set_version(project: Path, version: str) -> None:
    """Version "a" is the fixture as it is; "b" adds a sentence to a body, so the two outputs differ."""
    record = project / RECORD
    original = (FIXTURES / SITE / RECORD).read_text(encoding="utf-8")
    text = original if version == "a" else original.replace("\n---\n", "\n---\nPhiên bản B.\n\n", 1)
    record.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / SITE, target)
    return target


def test_a_build_killed_at_random_moments_never_leaves_a_partial_output(project, tmp_path):
    output = tmp_path / "site" / "output"
    digests = {}
    started = time.monotonic()
    for version in ("b", "a"):  # reference outputs of both versions; "a" stays in place
        _set_version(project, version)
        subprocess.run(_build_command(project, output), env=_env(), check=True, capture_output=True)
        digests[version] = tree_digest(output)
    duration = (time.monotonic() - started) / 2
    assert digests["a"] != digests["b"]
    by_digest = {digest: version for version, digest in digests.items()}

    rng = random.Random(SEED)
    outcomes = {"kept the old output": 0, "completed the new output": 0}
    current = "a"
    for kill in range(KILLS):
        target = "b" if current == "a" else "a"
        _set_version(project, target)
        # half the kills anywhere in the run, half in its last third (writing and swapping)
        delay = rng.uniform(0, duration * 1.1) if kill % 2 else rng.uniform(duration * 0.65, duration * 1.05)
        process = subprocess.Popen(_build_command(project, output), env=_env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = by_digest.get(tree_digest(output))
        assert found in (current, target), f"kill {kill} after {delay:.2f} s left a partial or missing output"
        outcomes["kept the old output" if found == current else "completed the new output"] += 1
        current = found
    print(f"\n{KILLS} kills (build takes {duration:.2f} s): {outcomes}")
    assert outcomes["kept the old output"] > 0  # the kills did land inside builds

    leftovers_before = sorted(p.name for p in output.parent.iterdir() if p.name != "output")
    _set_version(project, "b")
    subprocess.run(_build_command(project, output), env=_env(), check=True, capture_output=True)
    assert tree_digest(output) == digests["b"]
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"], \
        f"leftovers not cleaned up (there were {leftovers_before})"


def test_a_kill_between_the_two_renames_of_the_fallback_is_repaired_by_the_next_run(tmp_path):
    """Where folders cannot be exchanged in one step, the old output is moved aside first: a kill
    right then leaves no output/, and the next run puts the old one back before anything else."""
    output = tmp_path / "site" / "output"
    writer.write_output(output, {"index.html": b"old", "models/a/index.html": b"a"}, {})
    before = tree_digest(output)
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from site_builder import writer
        real_rename, calls = os.rename, []
        def rename(source, target):
            calls.append(source)
            if len(calls) == 2:  # output -> old is done; die before new -> output
                os._exit(9)
            return real_rename(source, target)
        writer._exchange = lambda first, second: False
        writer.os.rename = rename
        writer.write_output(Path({str(output)!r}), {{"index.html": b"new"}}, {{}})
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode == 9, done.stderr
    assert not output.exists()  # the moment the fallback leaves: old output moved aside
    writer.remove_leftovers(output)
    assert tree_digest(output) == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]


def test_the_exchange_is_atomic_where_the_system_supports_it(tmp_path):
    if writer._renameat2() is None:
        pytest.skip("no renameat2 on this system: the two-rename fallback is used (tested above)")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "f").write_text("1")
    (second / "f").write_text("2")
    assert writer._exchange(first, second)
    assert (first / "f").read_text() == "2" and (second / "f").read_text() == "1"
