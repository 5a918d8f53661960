"""The benchmark corpus generator (bench/corpus.py) writes a valid, deterministic project."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from site_builder import build as build_module
from tests.conftest import tree

CORPUS_PY = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



def test_200_records_pass_check(corpus, tmp_path):
    project = corpus.write_corpus(tmp_path / "c", 200, seed=3)
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, site = build_module.check(config)
    errors = [p for p in problems if p.is_error]
    assert errors == []
    assert site is not None
    records = list(site.by_id.values())
    kinds = {r.kind for r in records}
    assert kinds == {"emulation_model", "commendation", "inspection_result"}
    # drafts and embargoed ones are left out; most are public
    assert 180 <= len(records) <= 200
    text = "".join(str(r.fields["title"]) for r in records)
    assert "đ" in text.lower() or "Đ" in text


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, tmp_path):
    one = tree(corpus.write_corpus(tmp_path / "a", 60, seed=5))
    two = tree(corpus.write_corpus(tmp_path / "b", 60, seed=5))
    three = tree(corpus.write_corpus(tmp_path / "c", 60, seed=6))
    assert one == two
    assert one != three


def test_command_line(corpus, tmp_path, capsys):
    assert corpus.main(["25", str(tmp_path / "out"), "--seed", "2"]) == 0
    assert "Wrote 25 records" in capsys.readouterr().out
    assert (tmp_path / "out" / "site.yaml").is_file()
    assert (tmp_path / "out" / "content" / "data" / "units.yaml").is_file()
