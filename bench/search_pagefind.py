"""The same corpus and queries with Pagefind, to compare with site-builder's own index (docs/search.md).

    python bench/search_pagefind.py N --pagefind PATH [--project DIR] [--work DIR]

PATH is a Pagefind binary: PyPI's ``pagefind_bin`` (``pip download pagefind_bin==1.5.2``, the
binary is ``pagefind_bin/pagefind`` in the wheel) or npm's ``@pagefind/linux-x64`` (``npm pack
@pagefind/linux-x64@1.6.0``, the binary is ``package/bin/pagefind_extended``). site-builder does not
use Pagefind; this script only measures it.

It writes one small page per record (Vietnamese): title, summary and the record's searchable text
inside ``data-pagefind-body``, the nine facets as ``data-pagefind-filter``, the date as
``data-pagefind-sort``, with the đ-words folded into a hidden element (Pagefind folds tone marks but
not đ). It times one ``pagefind`` run (peak memory from the kernel), then, in Chromium, opens each
query of ``search_bench.query_set`` cold through Pagefind's JavaScript API the way a faceted page
must: ``search(term, {filters, sort})``, the counts of every filter (``filters()`` for a browse),
and the data of the first 10 results. Prints bytes and time per query, as search_bench.py does.
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import search_bench as sb  # noqa: E402

from site_builder import build as build_module  # noqa: E402
from site_builder.kinds import SEARCH_FACETS  # noqa: E402
from site_builder.search_records import facet_values, search_document  # noqa: E402
from site_builder.text import fold  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>
<main data-pagefind-body><h1>{title}</h1>
<span hidden data-pagefind-sort="date">{date}</span>{filters}
<p>{text}</p><p hidden>{folded}</p></main></body></html>
"""
HARNESS = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>bench</title></head><body>
<script type="module">
const params = new URLSearchParams(location.search);
const pagefind = await import('/pagefind/pagefind.js');
await pagefind.init();
const filters = {};
for (const [name, value] of params) if (name !== 'q' && name !== 'nocounts') (filters[name] = filters[name] || {any: []}).any.push(value);
const term = params.get('q') || null;
if (!params.has('nocounts')) await pagefind.filters();   // every filter's index: counts for all of them
params.delete('nocounts');
const found = await pagefind.search(term, {filters, sort: term ? {} : {date: 'desc'}});
const counts = found.filters;
await Promise.all(found.results.slice(0, 10).map(r => r.data()));
document.body.dataset.results = String(found.results.length);
document.body.dataset.facets = String(Object.keys(counts || {}).length);
performance.mark('search:results');
document.body.dataset.state = 'done';
</script></body></html>
"""


def write_pages(site, out: Path) -> int:
    names = {}
    for record in site.records:
        document = search_document(site, record, "vi", names)
        values = facet_values(site, record)
        filters = "".join(f'<span hidden data-pagefind-filter="{f.name}">{html.escape(v)}</span>'
                          for f, found in zip(SEARCH_FACETS, values) for v in found)
        text = " ".join(document.strong + document.texts + (document.body,))
        folded = " ".join(fold(w) for w in text.split() if "đ" in w.lower())  # Pagefind does not fold đ
        page = out / record.kind / record.id / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(title=html.escape(document.title), date=site.dates[record.id].isoformat(),
                                    filters=filters, text=html.escape(text), folded=html.escape(folded)),
                        encoding="utf-8")
    return len(site.records)


def run_pagefind(binary: Path, site_dir: Path) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen([str(binary), "--site", str(site_dir), "--quiet"])
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"pagefind failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def measure(base: str, queries, counts: bool = True) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=sb.CHROMIUM, args=sb.CHROMIUM_ARGS)
        try:
            for label, query, filters in queries:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                urlopen(f"{base}/__bench/bytes").read()   # counted by the server: Pagefind fetches from a worker
                params = [("q", query)] if query else []
                params += [(name, value) for name, values in filters.items() for value in values]
                params += [] if counts else [("nocounts", "1")]
                page.goto(f"{base}/bench/?{urlencode(params)}")
                page.wait_for_function("() => document.body.dataset.state === 'done'", timeout=300_000)
                page.wait_for_timeout(200)
                ms = page.evaluate("performance.getEntriesByName('search:results')[0].startTime")
                sent = int(urlopen(f"{base}/__bench/bytes").read())
                rows.append({"label": label, "results": int(page.evaluate("document.body.dataset.results")),
                             "kb": sent / 1024, "s": ms / 1000})
                context.close()
        finally:
            browser.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--pagefind", type=Path, required=True, help="a pagefind binary")
    parser.add_argument("--project", type=Path)
    parser.add_argument("--work", type=Path, default=Path("bench-work"))
    parser.add_argument("--no-counts", action="store_true",
                        help="do not load every filter's index (no counts beside the filters: not what our page shows)")
    args = parser.parse_args(argv)
    project = args.project or args.work / f"corpus-{args.n}"
    if not (project / "site.yaml").is_file():
        sb._corpus_module().write_corpus(project, args.n)
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1767225600"})
    _, site = build_module.check(config)
    version = subprocess.run([str(args.pagefind), "--version"], capture_output=True, text=True).stdout.strip()
    out = args.work / f"pagefind-{project.name}-{version.split()[-1]}"
    if (out / "pagefind" / "pagefind-entry.json").is_file():
        count, seconds, peak = len(site.records), 0.0, 0.0   # already indexed: only measure the queries
    else:
        count = write_pages(site, out)
        seconds, peak = run_pagefind(args.pagefind, out)
    (out / "bench").mkdir(exist_ok=True)
    (out / "bench" / "index.html").write_text(HARNESS, encoding="utf-8")
    print(f"{version}: {count:,} pages indexed in {seconds:.1f} s, peak memory {peak:.0f} MB")
    server, base = sb.serve(out)
    try:
        rows = measure(base, sb.query_set(site), counts=not args.no_counts)
    finally:
        server.terminate()
        server.join()
    print(f"  {'query':<34} {'results':>8} {'cold KB':>9} {'cold s':>7}")
    for row in rows:
        print(f"  {row['label']:<34} {row['results']:>8,} {row['kb']:9.0f} {row['s']:7.2f}")
    print(f"  median {statistics.median(r['kb'] for r in rows):.0f} KB, max {max(r['kb'] for r in rows):.0f} KB; "
          f"slowest {max(r['s'] for r in rows):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
