"""A sample of every kind of page, in both languages, on a phone: sound structure, nothing broken."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from .helpers import ENTITY_SECTIONS, KIND_SECTIONS, LANGUAGES, PHONE, watch_failures

pytestmark = pytest.mark.browser

ROLES = (
    ["home"]
    + [f"listing:{section}" for section in [*KIND_SECTIONS.values(), *ENTITY_SECTIONS.values(), "years"]]
    + [f"record:{kind}:{n}" for kind in KIND_SECTIONS for n in range(3)]
    + [f"entity:{entity_type}" for entity_type in ENTITY_SECTIONS]
    + ["year", "free-page", "404"]
)


def _by_size(site, paths: list[str]) -> list[str]:
    """``paths`` from the biggest page to the smallest: the biggest has the most to lay out."""
    return sorted(paths, key=lambda p: (-(site.root / p.strip("/") / "index.html").stat().st_size, p))


def resolve(site, role: str, lang: str) -> str:
    """The path of the page playing ``role`` in ``lang``.

    Records: the biggest page of the kind, then the first and the last by id; entities: the biggest.
    """
    prefix = "" if lang == "vi" else f"/{lang}"
    name, _, rest = role.partition(":")
    if name == "home":
        return f"{prefix}/"
    if name == "listing":
        return f"{prefix}/{rest}/"
    if name == "record":
        kind, n = rest.split(":")
        paths = site.records(kind, lang)
        if not paths:
            pytest.fail(f"the sample site has no {kind} records")
        biggest = _by_size(site, paths)[0]
        others = [p for p in (paths[0], paths[-1]) if p != biggest]
        chosen = [biggest, *others]
        if int(n) >= len(chosen):
            pytest.skip(f"the sample site has only {len(paths)} {kind} records")
        return chosen[int(n)]
    if name == "entity":
        paths = site.entities(rest, lang)
        if not paths:
            pytest.fail(f"the sample site has no {rest} pages")
        return _by_size(site, paths)[0]
    if name == "year":
        return site.years(lang)[-1]
    if name == "free-page":
        paths = site.free_pages(lang)
        if not paths:
            pytest.skip("the sample site has no free pages (content/pages/ is empty)")
        return paths[0]
    if name == "404":
        return f"{prefix}/404.html"
    raise AssertionError(role)


_link_status: dict[str, int] = {}


def _status(url: str) -> int:
    if url not in _link_status:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=5) as response:
                _link_status[url] = response.status
        except urllib.error.HTTPError as exc:
            _link_status[url] = exc.code
    return _link_status[url]


INSPECT_JS = """(limit) => {
  const attr = (sel, name) => [...document.querySelectorAll(sel)].map(e => e.getAttribute(name));
  const wide = document.documentElement.scrollWidth <= limit ? [] : [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .filter(e => !e.closest(".table-scroll") || e.classList.contains("table-scroll"))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className + ": " + (e.innerText || "").trim().slice(0, 50));
  return {
    h1: [...document.querySelectorAll("h1")].map(e => e.innerText.trim()),
    lang: document.documentElement.getAttribute("lang"),
    title: document.title,
    alternates: Object.fromEntries(["vi", "en"].map(l => [l, attr(`link[rel=alternate][hreflang=${l}]`, "href")])),
    canonical: attr("link[rel=canonical]", "href"),
    imagesWithoutAlt: attr("img:not([alt])", "src"),
    namelessLinks: [...document.querySelectorAll("a")]
      .filter(a => !(a.innerText || "").trim() && !a.getAttribute("aria-label")).map(a => a.outerHTML.slice(0, 120)),
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide,
    links: [...new Set([...document.querySelectorAll("a[href]")].map(a => a.href.split("#")[0]))],
  };
}"""


@pytest.fixture(scope="module")
def phone(browser):
    """One JavaScript-enabled phone-sized page for the module, and the problems its listeners saw."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    watch_failures(page, problems)
    yield page, problems
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_is_sound(site, phone, role, lang):
    path = resolve(site, role, lang)
    page, problems = phone
    problems.clear()
    response = page.goto(site.url(path), wait_until="load")
    assert response and response.status == 200, f"{path}: HTTP {response and response.status}"
    seen = page.evaluate(INSPECT_JS, PHONE["width"])

    if len(seen["h1"]) != 1:
        problems.append(f"{len(seen['h1'])} h1 elements: {seen['h1']}")
    elif not seen["h1"][0]:
        problems.append("empty h1")
    if seen["lang"] != lang:
        problems.append(f"html[lang] is {seen['lang']!r}")
    if not seen["title"].strip():
        problems.append("empty <title>")
    for other, hrefs in seen["alternates"].items():
        if len(hrefs) != 1:
            problems.append(f"{len(hrefs)} link[rel=alternate][hreflang={other}]")
    if seen["alternates"][lang] != seen["canonical"]:
        problems.append("the alternate link of the page's own language is not its canonical address")
    if seen["imagesWithoutAlt"]:
        problems.append(f"images without alt: {seen['imagesWithoutAlt']}")
    if seen["namelessLinks"]:
        problems.append(f"links without text: {seen['namelessLinks']}")
    if seen["scrollWidth"] > PHONE["width"]:
        problems.append(f"horizontal scroll at {PHONE['width']} px: scrollWidth {seen['scrollWidth']}; "
                        f"too wide: {seen['wide']}")
    for target in sorted(seen["links"]):
        if urlsplit(target).netloc == urlsplit(site.base).netloc:
            status = _status(target)
            if status >= 400:
                problems.append(f"broken link: {site.path_of(target)} (HTTP {status})")

    assert not problems, f"{path} ({role}, {lang}):\n  " + "\n  ".join(problems)


@pytest.mark.skipif(not os.environ.get("BROWSER_ALL_PAGES"),
                    reason="every page (about 30 s): set BROWSER_ALL_PAGES=1 to run")
def test_every_page_fits_a_phone(site, phone):
    """No page of the whole site scrolls sideways at 390 px or fails to load an asset."""
    page, problems = phone
    problems.clear()
    too_wide = []
    for file in sorted(site.root.rglob("*.html")):
        path = "/" + file.relative_to(site.root).as_posix().removesuffix("index.html")
        page.goto(site.url(path), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path} (scrollWidth {width})")
    assert not too_wide and not problems, "\n  ".join(["wider than a phone:", *too_wide, *problems])


CELLS_OUTSIDE_JS = """(limit) => [...document.querySelectorAll(".fields table td, .fields table th")]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > limit + 1)
  .slice(0, 5).map(e => (e.getAttribute("data-label") || e.tagName) + ": " + (e.innerText || "").trim().slice(0, 40))"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lists_in_a_record_read_as_cards_on_a_phone(site, phone, lang):
    """Figures, findings, recommendations and recipients show every cell at 390 px, none hidden to the right.

    A table of seven columns (an aggregate inspection's figures) squeezed into a phone showed three
    columns of very tall rows; the rest could only be reached by scrolling the table sideways.
    """
    page, problems = phone
    problems.clear()
    with_tables = [path for kind in KIND_SECTIONS for path in site.records(kind, lang)
                   if "<table" in (site.root / path.strip("/") / "index.html").read_text(encoding="utf-8")]
    assert with_tables, "the sample site has no record with a list of figures, findings or recipients"
    outside = {}
    for path in with_tables:
        page.goto(site.url(path), wait_until="load")
        cells = page.evaluate(CELLS_OUTSIDE_JS, PHONE["width"])
        if cells:
            outside[path] = cells
    assert not outside and not problems, f"cells beyond {PHONE['width']} px: {outside} {problems}"
