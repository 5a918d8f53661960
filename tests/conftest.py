"""The fixture ladder of the test suite: small sample sites, copied or built once.

- ``FIXTURES / <name>``: the sample sites (``minimal``, ``each-kind``, ``vietnamese-text`` and one
  ``broken-*`` site per class of error), never written to by a test;
- ``fixture_site(name)``: a fresh copy of one of them in ``tmp_path``, for tests that change files;
- ``built_site``: the ``each-kind`` site built once per session (read-only: do not modify it);
- ``run_cli(argv)``: ``site_builder.cli.main`` called in-process, returns ``(exit_code, stdout, stderr)``;
- ``tree(folder)`` and ``tree_digest(folder)``: an output folder as ``{path: bytes}``, or as one digest.

Every test runs with ``SOURCE_DATE_EPOCH`` fixed (the CLI reads it from ``os.environ``), so
builds are reproducible and embargoes are judged against a known "now".
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
#: 2025-06-15T15:06:40Z: after every record date in the fixtures, long before their embargoes.
SOURCE_DATE_EPOCH = "1750000000"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: its path (POSIX, relative) -> its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_file(project: Path, rel: str, old: str, new: str) -> str:
    """Replace the first ``old`` by ``new`` in the project's file ``rel``; the text it had before."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def tree_digest(folder: Path) -> str:
    """One digest of every path and byte under ``folder`` (``"missing"`` when there is no folder)."""
    if not folder.exists():
        return "missing"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@pytest.fixture(autouse=True)
def _source_date_epoch(monkeypatch):
    """Fix the build time for every test (a test may still ``monkeypatch.delenv`` it), and keep the
    CLI from writing into a real CI job summary or reading paths against the CI checkout."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


@pytest.fixture
def fixture_site(tmp_path):
    """A factory: ``fixture_site("minimal")`` copies that sample site into ``tmp_path`` and returns the copy."""

    def copy(name: str, dest: str | None = None) -> Path:
        source = FIXTURES / name
        if not (source / "site.yaml").is_file():
            raise LookupError(f"no fixture site {name!r} in {FIXTURES}")
        target = tmp_path / (dest or name)
        shutil.copytree(source, target)
        return target

    return copy


def build_fixture(project_dir: Path, output_dir: Path, **options) -> Path:
    """Build ``project_dir`` into ``output_dir`` in-process with the fixed build time; returns the output."""
    from site_builder import build as build_module

    config = build_module.load_project(project_dir, output_dir=output_dir,
                                       environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}, **options)
    build_module.build(config)
    return output_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The output folder of the ``each-kind`` site, built once per session. Read it, never change it."""
    root = tmp_path_factory.mktemp("built-each-kind")
    project = root / "each-kind"
    shutil.copytree(FIXTURES / "each-kind", project)
    return build_fixture(project, root / "output")


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    from site_builder import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(arg) for arg in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run_cli():
    """``run_cli(["check", path])`` -> ``(exit_code, stdout, stderr)``, running the CLI in this process."""
    return _run_cli


@pytest.fixture
def make_config(tmp_path):
    """``make_config(site_yaml_text="title: x\\n", **SiteConfig fields)``: a SiteConfig for pure-function tests."""
    import dataclasses
    import datetime as dt

    from site_builder.config import load_config

    def make(text: str = "title: Thử nghiệm\n", **overrides):
        (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
        config = load_config(tmp_path, build_time=dt.datetime(2025, 6, 15, tzinfo=dt.timezone.utc))
        return dataclasses.replace(config, **overrides)

    return make
