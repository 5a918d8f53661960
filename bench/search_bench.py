"""Search at scale: index build time and memory, bytes and time per query in headless Chromium.

    python bench/search_bench.py N [--project DIR] [--work DIR] [--no-browser]

Generates a corpus of N records (bench/corpus.py) unless ``--project`` names a project, loads and
checks it, times the search index producer (``search_index.search_files``) and its peak memory,
writes a small site (the search pages in both languages, the theme's files and the index) and
serves it from 127.0.0.1 with gzip, as a static host would. Then, in Debian's Chromium driven by
Playwright, for a fixed set of queries (picked from the corpus so that each has results):

- bytes downloaded by a cold query (a fresh browser profile opening /search/?q=...), everything
  included: page, style sheet, script and index files (the index files alone in brackets), on a
  phone (390 px: filters folded, so the unit, locality and directive tables are not read) and on a
  desktop (1280 px: filters open, every table read);
- time to first results of that cold query with the CPU throttled 4x (Emulation.setCPUThrottlingRate),
  from the start of navigation to the results on screen, on both;
- warm time: the same queries submitted again in the open page (index loaded), CPU throttled 4x;
- the search page before typing: bytes, gzipped;
- correctness: each diacritic pair gives the same records, and the results and every facet count
  equal a brute-force count over the records (bench/search_reference.py).

Prints figures and a PASS/MISS line per target of docs/search.md; asserts nothing. Needs
``pip install -e '.[test]'`` (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import multiprocessing
import os
import resource
import statistics
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from search_reference import Reference  # noqa: E402

from site_builder import build as build_module  # noqa: E402
from site_builder import pages, urls  # noqa: E402
from site_builder.render import render_pages  # noqa: E402
from site_builder.search_index import manifest_path, search_files  # noqa: E402
from site_builder.theme import load_theme, make_environments  # noqa: E402
from site_builder.writer import write_output  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                ".json": "application/json", ".svg": "image/svg+xml"}
TARGETS = {10_000: {"cold_kb": 250}, 100_000: {"cold_kb": 500, "cold_s": 1.5}}


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- building

def build_search_site(project: Path, out: Path) -> tuple:
    """Check ``project``, produce its search index and write a site holding only the search pages."""
    started = time.perf_counter()
    config = build_module.load_project(project, output_dir=out, environ={"SOURCE_DATE_EPOCH": "1767225600"})
    problems, site = build_module.check(config)
    if site is None:
        sys.exit("the corpus has errors:\n" + "\n".join(p.format() for p in problems if p.is_error)[:3000])
    checked, rss_checked = time.perf_counter() - started, _rss_mb()
    started = time.perf_counter()
    files, _ = search_files(site, None)
    indexed, rss_indexed = time.perf_counter() - started, _rss_mb()
    theme = load_theme(config)
    specs = [pages.PageSpec(lang, pages.SEARCH_PATH, "search.html", pages.SEARCH_TITLE[lang],
                            {"kinds": pages.KINDS, "manifest": manifest_path(lang)},
                            urls.output_file(config, lang, pages.SEARCH_PATH))
             for lang in config.languages]
    rendered, problems = render_pages(make_environments(site, theme), site, specs)
    if problems:
        sys.exit("\n".join(p.format() for p in problems))
    write_output(out, {**files, **rendered}, dict(theme.asset_sources))
    families: dict[str, list[int]] = {}
    for path, data in files.items():
        parts = path.split("/")
        family = {"t": "words", "x": "exact spellings", "p": "word pairs", "d": "result documents"}.get(
            parts[3] if len(parts) > 4 else "", "manifests and facet table")
        families.setdefault(family, [0, 0])
        families[family][0] += 1
        families[family][1] += len(data)
    return site, {"records": len(site.records), "check_s": checked, "rss_check_mb": rss_checked,
                  "index_s": indexed, "rss_index_mb": rss_indexed, "families": families}


# ---------------------------------------------------------------- serving, like a static host with gzip

def serve(root: Path):
    """Serve ``root`` from a child process (so the server does not share this process's lock with
    the browser driver); returns (process, base URL). Stop it with ``process.terminate()``."""
    context = multiprocessing.get_context("fork")
    ready = context.Queue()
    process = context.Process(target=_serve_forever, args=(root, ready), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ready.get(timeout=30)}"


def _serve_forever(root: Path, ready) -> None:
    cache: dict[str, bytes] = {}
    sent = [0]   # response bytes (headers and body) since the last GET /__bench/bytes

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            path = unquote(urlsplit(self.path).path)
            if path == "/__bench/bytes":   # what was sent since the last call, counted here (workers too)
                body, sent[0] = str(sent[0]).encode(), 0
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if root.resolve() not in target.parents or not target.is_file():
                self.send_error(404)
                return
            data = target.read_bytes()
            kind = COMPRESSIBLE.get(target.suffix, "application/octet-stream")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                key = str(target)
                if key not in cache:
                    cache[key] = gzip.compress(data, 6)
                data = cache[key]
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            sent[0] += len(data) + 200   # about 200 bytes of status line and headers

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ready.put(server.server_address[1])
    server.serve_forever()


# ---------------------------------------------------------------- the query set

def query_set(site) -> list[tuple[str, str, dict]]:
    """(label, query, filters): each picked from the corpus so that it has results."""
    commendations = [r for r in site.records if r.kind == "commendation"]
    numbered = commendations[len(commendations) // 2] if commendations else None
    directive = next((e for e in sorted(site.entities.get("document", {}).values(), key=lambda e: e.id)
                      if "CT/" in e.fields["number"] and site.referrers.get(e.id)), None)
    years = sorted(site.by_year, reverse=True)
    year = str(years[1] if len(years) > 1 else years[0])
    common = {"kind": ["commendation"], "year": [year], "level": ["district"]}
    queries = [
        ("place, no accents", "dong anh", {}),
        ("place, accents", "Đông Anh", {}),
        ("phrase, no accents", "thanh tra dot xuat", {}),
        ("phrase, accents", "thanh tra đột xuất", {}),
        ("đ word: do", "do", {}), ("đ word: đỗ", "đỗ", {}),
        ("đ word: duc", "duc", {}), ("đ word: đức", "đức", {}),
        ("đ word: dat", "dat", {}), ("đ word: đất", "đất", {}),
        ("đ word: dinh", "dinh", {}), ("đ word: định", "định", {}),
        ("acronym UBND", "UBND", {}), ("expansion of UBND", "ủy ban nhân dân", {}),
        ("acronym MTTQ", "mttq", {}), ("acronym TTHC", "tthc", {}),
        ("common word + 3 filters", "thi dua", common),
        ("browse: 2 filters, newest first", "", {"kind": ["inspection_result"], "year": [year]}),
    ]
    if numbered is not None:
        queries.append(("decision number", numbered.fields["decision"]["number"], {}))
    if directive is not None:
        queries.append(("directive number", directive.fields["number"], {}))
    return queries


PAIRS = (("dong anh", "Đông Anh"), ("thanh tra dot xuat", "thanh tra đột xuất"), ("do", "đỗ"), ("duc", "đức"),
         ("dat", "đất"), ("dinh", "định"), ("UBND", "ủy ban nhân dân"))


def _search_url(base: str, lang: str, query: str, filters: dict) -> str:
    params = [("q", query)] if query else []
    params += [(name, value) for name, values in filters.items() for value in values]
    return f"{base}{'' if lang == 'vi' else '/' + lang}/search/?{urlencode(params)}"


# ---------------------------------------------------------------- the browser

WARM = """() => new Promise(resolve => {
  performance.clearMarks('search:results');
  const app = document.getElementById('search-app'), form = app.querySelector('form');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const mark = performance.getEntriesByName('search:results').pop();
    if (mark && app.dataset.state === 'done') { watch.disconnect(); resolve(mark.startTime - t0); }
  });
  watch.observe(app, {attributes: true});
  form.requestSubmit();
})"""
WAIT_DONE = "() => ['done', 'error'].includes(document.getElementById('search-app').dataset.state)"
WAIT_COMPLETE = ("() => { const app = document.getElementById('search-app'); "
                 "return ['done', 'error'].includes(app.dataset.state) && app.dataset.facets === 'complete'; }")
READ_PAGE = """() => {
  const app = document.getElementById('search-app');
  const mark = performance.getEntriesByName('search:results').pop();
  const counts = {};
  for (const box of document.querySelectorAll('#search-facets input[type=checkbox]')) {
    const text = box.nextElementSibling.querySelector('.count').textContent;
    (counts[box.name] = counts[box.name] || {})[box.value] = parseInt(text.replace(/\\D/g, ''), 10);
  }
  return {state: app.dataset.state, results: parseInt(app.dataset.results || '0', 10),
          ms: mark ? mark.startTime : null, counts: counts,
          links: Array.from(document.querySelectorAll('#search-results .card-title a')).map(a => a.getAttribute('href'))};
}"""


def measure(base: str, queries, lang: str = "vi") -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rows.append(_page_weight(browser, base, lang))
            for label, query, filters in queries:
                row = {"label": label, "query": query, "filters": filters}
                for name, width in (("phone", 390), ("desktop", 1280)):
                    context = browser.new_context(viewport={"width": width, "height": 844})
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                    received: dict[str, list] = {}
                    cdp.on("Network.responseReceived",
                           lambda e: received.setdefault(e["requestId"], [e["response"]["url"], 0]))
                    cdp.on("Network.loadingFinished",
                           lambda e: received.setdefault(e["requestId"], ["", 0]).__setitem__(1, e["encodedDataLength"]))
                    page.goto(_search_url(base, lang, query, filters))
                    page.wait_for_function(WAIT_DONE, timeout=300_000)
                    page.wait_for_timeout(300)
                    seen = page.evaluate(READ_PAGE)
                    row[f"{name}_kb"] = sum(size for _, size in received.values()) / 1024
                    row[f"{name}_index_kb"] = sum(size for url, size in received.values() if "/search-index/" in url) / 1024
                    row[f"{name}_s"] = seen["ms"] / 1000
                    if name == "phone":
                        row["results"], row["links"] = seen["results"], seen["links"]
                        row["warm_ms"] = statistics.median(page.evaluate(WARM) for _ in range(3))
                    context.close()
                rows.append(row)
        finally:
            browser.close()
    return rows


def _page_weight(browser, base: str, lang: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(_search_url(base, lang, "", {}))
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    context.close()
    return {"label": "search page before typing", "page_kb": total / 1024}


def check_answers(site, base: str, lang: str = "vi") -> list[str]:
    """Diacritic pairs give the same records; results and counts equal the brute-force answer."""
    from playwright.sync_api import sync_playwright

    reference = Reference(site, lang)
    failures = []
    years = sorted(site.by_year, reverse=True)
    cases = [(q, {}) for pair in PAIRS for q in pair] + [
        ("thi dua", {"kind": ["commendation"], "year": [str(years[0])]}),
        ("ubnd", {"year": [str(y) for y in years[:2]], "kind": ["inspection_result", "emulation_model"]}),
        ("", {"kind": ["commendation"]}),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        found = {}
        for query, filters in cases:
            page.goto(_search_url(base, lang, query, filters))
            page.wait_for_function(WAIT_COMPLETE, timeout=120_000)
            ids = set(page.evaluate("""async () => {
              const app = document.getElementById('search-app');
              return Array.from(app.querySelectorAll('#search-results .card-title a')).map(a => a.getAttribute('href'));
            }"""))
            seen = page.evaluate(READ_PAGE)
            expected = reference.search(query, filters)
            if seen["results"] != len(expected.ids):
                failures.append(f"{query!r} {filters}: {seen['results']} results, brute force {len(expected.ids)}")
            for facet, values in seen["counts"].items():
                for value, count in values.items():
                    if expected.counts[facet].get(value, 0) != count:
                        failures.append(f"{query!r} {filters}: {facet}={value} shows {count}, "
                                        f"brute force {expected.counts[facet].get(value, 0)}")
            found[query] = (seen["results"], ids)
        browser.close()
    for plain, marked in PAIRS:
        if found[plain][0] != found[marked][0]:
            failures.append(f"pair {plain!r}/{marked!r}: {found[plain][0]} vs {found[marked][0]} results")
    return failures


# ---------------------------------------------------------------- report

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="number of records (10000)")
    parser.add_argument("--project", type=Path, help="an existing project instead of a generated corpus")
    parser.add_argument("--work", type=Path, default=Path("bench-work"), help="where corpus and site go")
    parser.add_argument("--no-browser", action="store_true", help="only build and size the index")
    args = parser.parse_args(argv)

    project = args.project
    if project is None:
        project = args.work / f"corpus-{args.n}"
        if not (project / "site.yaml").is_file():
            print(f"writing a corpus of {args.n:,} records into {project} ...", flush=True)
            _corpus_module().write_corpus(project, args.n)
    site, figures = build_search_site(project, args.work / f"site-{project.name}")
    n = figures["records"]
    print(f"\n{n:,} listed records ({project})")
    print(f"  load + validate + index the Site: {figures['check_s']:7.1f} s   peak RSS {figures['rss_check_mb']:7.0f} MB")
    print(f"  search index (both languages):    {figures['index_s']:7.1f} s   peak RSS {figures['rss_index_mb']:7.0f} MB")
    for family, (count, size) in sorted(figures["families"].items()):
        print(f"    {family:<28} {count:8,} files {size / 1e6:9.1f} MB")
    if args.no_browser:
        return 0

    server, base = serve(args.work / f"site-{project.name}")
    try:
        rows = measure(base, query_set(site))
        failures = check_answers(site, base)
    finally:
        server.terminate()
        server.join()
    print(f"\n  {'query':<34} {'results':>7} | {'phone: KB':>9} {'(index)':>7} {'s':>5} | "
          f"{'desktop: KB':>11} {'s':>5} | {'warm ms':>7}")
    for row in rows[1:]:
        print(f"  {row['label']:<34} {row['results']:>7,} | {row['phone_kb']:9.0f} {row['phone_index_kb']:7.0f} "
              f"{row['phone_s']:5.2f} | {row['desktop_kb']:11.0f} {row['desktop_s']:5.2f} | {row['warm_ms']:7.0f}")
    phone = [r["phone_kb"] for r in rows[1:]]
    desktop = [r["desktop_kb"] for r in rows[1:]]
    warm = [r["warm_ms"] for r in rows[1:]]
    slowest = max(max(r["phone_s"], r["desktop_s"]) for r in rows[1:])
    print(f"\n  search page before typing: {rows[0]['page_kb']:.1f} KB (gzip)")
    print(f"  cold query bytes: phone median {statistics.median(phone):.0f} KB (max {max(phone):.0f}); "
          f"desktop, filters open, median {statistics.median(desktop):.0f} KB (max {max(desktop):.0f})")
    times = [r[f"{name}_s"] for r in rows[1:] for name in ("phone", "desktop")]
    print(f"  cold time to results (CPU 4x): median {statistics.median(times):.2f} s, slowest {slowest:.2f} s, "
          f"{sum(t > 1.5 for t in times)} of {len(times)} over 1.5 s; warm median {statistics.median(warm):.0f} ms")
    print(f"  (load average during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores)")
    print(f"  correctness: {'all diacritic pairs equal, all counts equal brute force' if not failures else ''}")
    for failure in failures:
        print("    MISMATCH", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
