"""How long the change history of a big repository takes to read.

    python bench/history_bench.py [FILES] [COMMITS] [--keep DIR]

Makes a git repository (with ``git fast-import``, not timed) of FILES record files (default
10,000) each changed by COMMITS commits (default 10): one commit adds them all, each later one
changes a figure in every file and, every third time, its state. Then times

- ``read_git_log``: the one ``git log --raw`` for the whole repository, parsed (target <= 5 s);
- ``record_histories``: one ``git cat-file --batch`` for the blobs and the field-level changes of
  every record, i.e. everything the history pages show;

and prints the figures with the number of commits and file versions read.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_builder.gitlog import read_git_log  # noqa: E402
from site_builder.history import record_histories  # noqa: E402

STATES = ("registered", "running", "completed", "recognised", "replicated")


def record(number: int, version: int) -> bytes:
    state = STATES[(version // 3) % len(STATES)]
    return f"""---
id: mh-{number:05d}
title: {{vi: "Mô hình số {number} của xã Đông Anh", en: "Model {number}"}}
summary: "Cách làm hay số {number}: giải quyết thủ tục hành chính đúng hẹn."
locality: huyen-dong-anh-{number % 50}
units: [ubnd-xa-{number % 400}]
period: {{start: 2023-01-01, end: 2024-12-31}}
sources:
  - url: https://baodientu.example.vn/bai-{number}
    title: "Bài báo {number}"
published: 2024-03-0{1 + number % 9}
category: cach_lam
field: admin_reform
owner_units: [ubnd-xa-{number % 400}]
state: {state}
coverage: {{count: {10 + version}, of: 40, label: "xã"}}
results:
  - {{indicator: "Hồ sơ đúng hẹn", value: {900 + version * 7 + number % 13}, unit: "hồ sơ", qualifier: exact}}
---
Mô hình số {number}. Phiên bản {version}.
""".encode("utf-8")


def make_repository(root: Path, files: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    stream = []
    for version in range(commits):
        stamp = 1_700_000_000 + version * 86_400
        message = f"Cập nhật số liệu, lần {version}".encode("utf-8")
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bien Tap <bt@example.org> {stamp} +0700\n".encode())
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for number in range(files):
            data = record(number, version)
            folder = number // 1000
            stream.append(f"M 100644 inline content/models/{folder:02d}/mh-{number:05d}.md\n".encode())
            stream.append(b"data %d\n%s\n" % (len(data), data))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="?", type=int, default=10_000)
    parser.add_argument("commits", nargs="?", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the repository here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="history-bench-"))
    if not (root / ".git").is_dir():
        started = time.perf_counter()
        make_repository(root, args.files, args.commits)
        print(f"repository: {args.files:,} files x {args.commits} commits made in {time.perf_counter() - started:.1f} s")
    started, cpu = time.perf_counter(), time.process_time()
    log, problems = read_git_log(root)
    log_seconds, log_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert log is not None and not problems, problems
    versions = sum(len(c.changes) for c in log.commits)
    print(f"read_git_log (one git log for the whole repository): {log_seconds:.2f} s wall, {log_cpu:.2f} s CPU "
          f"in Python; {len(log.commits)} commits, {versions:,} file versions (target <= 5 s)")
    started, cpu = time.perf_counter(), time.process_time()
    histories = record_histories(log)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    changes = sum(len(e.changes) for h in histories.values() for e in h.entries)
    print(f"record_histories (one git cat-file, field-level changes): {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU; "
          f"{len(histories):,} records, {changes:,} field changes")
    print(f"total: {log_seconds + seconds:.2f} s; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
