"""How much the open-data outputs cost: time per producer and the size of what they write.

    python bench/open_data.py [N] [--seed S] [--project DIR]

Generates a corpus of N records (bench/corpus.py, default 10,000) unless ``--project`` names an
existing project, loads and checks it once, then runs every producer of ``build.PRODUCERS`` in
memory (nothing is written) and prints its time, file count and bytes, and the sizes of the data
files by group. Figures, not a test: run it before and after a change.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from site_builder import build as build_module
from site_builder import exports
from site_builder.theme import load_theme

HERE = Path(__file__).resolve().parent


def _corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _group(path: str, record_files: set[str]) -> str:
    if path in record_files:
        return "per-record <id>.json"
    if path.startswith("data/schemas/"):
        return "data/schemas/*.json"
    if path.startswith("data/") and path.endswith(".csv"):
        return "data/*.csv"
    if path.startswith("data/") and path.endswith(".json"):
        return "data/*.json (incl. catalog.json)"
    if path.endswith("feed.xml"):
        return "**/feed.xml"
    if path.startswith("sitemap"):
        return "sitemap*.xml"
    if path.endswith(".html"):
        return "HTML pages"
    return "other"


def _size(n: int) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} B"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", help="an existing project instead of a generated corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="open-data-bench-") as temp:
        project = Path(args.project) if args.project else _corpus().write_corpus(Path(temp) / "corpus", args.n,
                                                                                args.seed)
        config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1767225600"})
        started = time.perf_counter()
        problems, site = build_module.check(config)
        print(f"load, validate, index (check): {time.perf_counter() - started:6.2f} s  "
              f"({len(site.by_id):,} records with a page)" if site else "check failed")
        if site is None:
            for problem in problems[:20]:
                print(problem)
            return 1
        theme = load_theme(config)
        record_files = {exports.record_data_path(site, r) for r in site.by_id.values()}
        print(f"{'producer':<28} {'seconds':>8} {'files':>8} {'bytes':>10}")
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for producer in build_module.PRODUCERS:
            started = time.perf_counter()
            files, _ = producer(site, theme)
            seconds = time.perf_counter() - started
            print(f"{producer.__name__:<28} {seconds:8.2f} {len(files):8,} {_size(sum(map(len, files.values()))):>10}")
            for path, data in files.items():
                groups[_group(path, record_files)][0] += 1
                groups[_group(path, record_files)][1] += len(data)
        print("\noutput by group")
        for name, (count, size) in sorted(groups.items()):
            print(f"  {name:<36} {count:8,} files {_size(size):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
