"""Shared by the search browser tests: the site's security headers (served with ``conftest.serve``,
so search is tested under the strict Content-Security-Policy it is deployed with), the brute-force
reference, and small page helpers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from urllib.parse import urlencode

from site_builder import build as build_module
from site_builder.headers import security_headers

from .conftest import SOURCE_DATE_EPOCH, Served
from .helpers import REPO_ROOT

#: The app has finished a search: results (and every shown filter's counts) or an error are on the page.
SETTLED = ("() => { const app = document.getElementById('search-app'); "
           "return ['done', 'error'].includes(app.dataset.state) && app.dataset.facets === 'complete'; }")


def reference_module():
    """bench/search_reference.py: the brute-force search the page's answers are checked against."""
    if "search_reference" not in sys.modules:
        spec = importlib.util.spec_from_file_location("search_reference", REPO_ROOT / "bench" / "search_reference.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["search_reference"] = module   # dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules["search_reference"]


def load_site(project: Path):
    """The checked Site of ``project`` (at the browser suite's build time)."""
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    problems, site = build_module.check(config)
    assert site is not None, [p.format() for p in problems if p.is_error]
    return site


def site_headers(site) -> dict[str, str]:
    return security_headers(site.config)


def search_url(served: Served, query: str = "", lang: str = "vi", **filters) -> str:
    params = [("q", query)] if query else []
    for name, values in filters.items():
        params += [(name, v) for v in ([values] if isinstance(values, str) else values)]
    prefix = "" if lang == "vi" else f"/{lang}"
    return served.url(f"{prefix}/search/" + (f"?{urlencode(params)}" if params else ""))


def open_search(page, url: str) -> dict:
    """Open a search URL, wait for the answer, return what the page shows."""
    page.goto(url)
    page.wait_for_function(SETTLED)
    return shown(page)


def shown(page) -> dict:
    """The state of the search page: result count, links shown, facet counts, status text."""
    return page.evaluate("""() => {
      const app = document.getElementById('search-app');
      const counts = {};
      for (const box of document.querySelectorAll('#search-facets input[type=checkbox]')) {
        const count = box.nextElementSibling.querySelector('.count').textContent;
        (counts[box.name] = counts[box.name] || {})[box.value] = parseInt(count.replace(/\\D/g, ''), 10);
      }
      return {state: app.dataset.state, results: parseInt(app.dataset.results || '0', 10), counts,
              links: Array.from(document.querySelectorAll('#search-results .card-title a')).map(a => a.getAttribute('href')),
              status: document.getElementById('search-status').textContent};
    }""")


def record_path(site, record_id: str, lang: str = "vi") -> str:
    from site_builder import urls
    record = site.by_id[record_id]
    return site.config.base_path + urls.localized(site.config, lang, urls.record_path(site.config, record.kind, record.id))


def wait_for_new_answer(page, action) -> dict:
    """Run ``action`` (a click, a key press) and wait for the search it starts to finish."""
    page.evaluate("() => { const app = document.getElementById('search-app'); "
                  "app.dataset.state = 'stale'; app.dataset.facets = 'stale'; }")
    action()
    page.wait_for_function(SETTLED)
    return shown(page)
