"""Time from ``site-builder init`` to a built site, as a new user runs it (three fresh processes).

    python bench/init_to_site.py [RUNS]

Prints the time of ``init``, ``check`` and ``build`` for each run and the median of the total,
plus the number of files ``init`` wrote. Runs in a temporary folder; needs ``site-builder`` on PATH.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(argv: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main(runs: int = 5) -> None:
    totals = []
    with tempfile.TemporaryDirectory(prefix="init-bench-") as temp:
        for run in range(runs):
            project = Path(temp) / f"site-{run}"
            init = timed(["site-builder", "init", str(project), "--no-git"], Path(temp))
            files = sum(1 for p in project.rglob("*") if p.is_file())  # before the build adds output and cache
            check = timed(["site-builder", "check"], project)
            build = timed(["site-builder", "build"], project)
            totals.append(init + check + build)
            print(f"run {run + 1}: init {init:.2f} s, check {check:.2f} s, build {build:.2f} s, "
                  f"total {init + check + build:.2f} s ({files} files written by init)")
    print(f"median time from init to a built site: {statistics.median(totals):.2f} s over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
