"""What statistics add to a build: time of each step and the size of what they write.

    python bench/bench_statistics.py [N] [--seed S] [--project DIR] [--full]

Generates a corpus of N records (bench/corpus.py, default 10,000) unless ``--project`` names an
existing project, loads and checks it once, then times in memory (nothing is written):
``compute_statistics`` (pure), drawing every chart's SVG in every language, the statistics pages
(``build.statistics_pages``: compute, render, CSV/JSON), the HTML pages with and without the panels
and headlines that ``pages.plan_pages`` adds, and, with ``--full``, a whole build to a temporary
folder. Prints wall-clock and CPU seconds, asserts nothing: run it before and after a change.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

from site_builder import build as build_module
from site_builder import charts, pages
from site_builder.statistics import Statistics, compute_statistics
from site_builder.theme import load_theme

HERE = Path(__file__).resolve().parent


def _corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the forked page renderers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(label: str, function, *args):
    """Run and print wall-clock and CPU seconds (CPU time is steadier on a busy machine)."""
    started, cpu = time.perf_counter(), _cpu()
    result = function(*args)
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s wall {_cpu() - cpu:8.2f} s CPU")
    return result


def _size(n: int) -> str:
    for unit, factor in (("MB", 1e6), ("kB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} B"


def _no_statistics(site) -> Statistics:
    return Statistics((), (), {}, ())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="number of records (10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, help="an existing project instead of a generated corpus")
    parser.add_argument("--full", action="store_true", help="also time a whole build to a temporary folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-statistics-") as tmp:
        project = args.project or _timed(f"generate a corpus of {args.n} records", _corpus().write_corpus,
                                         Path(tmp) / "corpus", args.n, args.seed)
        config = build_module.load_project(project, output_dir=Path(tmp) / "out",
                                           environ={"SOURCE_DATE_EPOCH": "1767225600"})
        problems, site = _timed("load, validate, index (check)", build_module.check, config)
        if site is None:
            print("\n".join(p.format() for p in problems if p.is_error))
            return 1
        theme = load_theme(config)
        stats = _timed("compute_statistics", compute_statistics, site)
        charted = [c for p in stats.pages for c in p.charts] + [c for p in stats.panels.values() for c in p.charts]
        fmts = [charts.Formats(lang) for lang in config.languages]
        _timed(f"draw {len(charted)} charts x {len(fmts)} languages (SVG)",
               lambda: [charts.render_chart(c, f) for c in charted for f in fmts])
        files, _ = _timed("producer statistics_pages (compute, render, CSV/JSON)",
                          build_module.statistics_pages, site, theme)
        with_panels, _ = _timed("producer html_pages (with panels and headlines)", build_module.html_pages, site,
                                theme)
        original = pages.site_statistics
        pages.site_statistics = _no_statistics
        site._derived.pop("pages", None)  # the page plan is derived once per site: plan it again without
        try:
            without, _ = _timed("producer html_pages without statistics (panels off)", build_module.html_pages,
                                site, theme)
        finally:
            pages.site_statistics = original
            site._derived.pop("pages", None)
        print(f"\nrecords {len(site.by_id)}, observations {len(stats.observations)}, statistics pages "
              f"{len(stats.pages)} x {len(config.languages)}, entity panels {len(stats.panels)}, "
              f"charts {len(charted)}, problems {len(stats.problems)}")
        html = sum(len(v) for k, v in files.items() if k.endswith(".html"))
        data = sum(len(v) for k, v in files.items() if not k.endswith(".html"))
        print(f"statistics_pages wrote {len(files)} files: HTML {_size(html)}, CSV/JSON {_size(data)}")
        print(f"HTML pages grew from {_size(sum(map(len, without.values())))} to "
              f"{_size(sum(map(len, with_panels.values())))} with panels and headlines")
        if args.full:
            report = _timed("whole build (all producers, written)", build_module.build, config)
            print(f"whole build: {report.pages} pages, {report.files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
