"""Open data in a real browser: the /data/ page at phone and desktop width, downloads and feeds that
resolve, JSON-LD under a strict Content Security Policy, and old addresses that redirect without
JavaScript."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from .conftest import build_site, serve
from .helpers import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sites"
STRICT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
        return response.status, response.headers.get("Content-Type", ""), response.read()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_data_page_fits_the_screen_and_every_link_resolves(site, new_page, screenshot_dir, viewport, lang):
    page = new_page(VIEWPORTS[viewport])
    path = "/data/" if lang == "vi" else "/en/data/"
    page.goto(site.url(path))
    assert page.locator("h1").inner_text() == ("Dữ liệu mở" if lang == "vi" else "Open data")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], f"the data page scrolls sideways ({width}px)"
    page.screenshot(path=str(screenshot_dir / f"data-{lang}-{viewport}.png"), full_page=True)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    internal = sorted({h.split("#")[0] for h in hrefs if h.startswith(site.base)})
    assert len(internal) > 40
    for url in internal:
        status, content_type, body = fetch(url)
        assert status == 200, url
        if url.endswith(".json"):
            json.loads(body)
        elif url.endswith(".csv"):
            assert body.startswith(b"\xef\xbb\xbf"), url
        elif url.endswith(".xml"):
            assert not feedparser.parse(body).bozo, url
    # the main navigation leads here
    nav = page.locator("nav.main-nav a[aria-current=page]")
    assert nav.count() == 1 and urlsplit(nav.get_attribute("href")).path == path


def test_record_page_offers_its_data_and_a_locality_page_its_feed(site, new_page):
    page = new_page(VIEWPORTS["phone"])
    record = site.records("commendation")[0]
    page.goto(site.url(record))
    link = page.locator("main a[type='application/json']")
    assert link.count() == 1
    status, _, body = fetch(urljoin(page.url, link.get_attribute("href")))
    data = json.loads(body)
    assert status == 200 and data["id"] == record.rstrip("/").rsplit("/", 1)[-1]
    assert data["kind"] == "commendation" and data["url"]["vi"].endswith(record)

    locality = site.entities("locality")[0]
    page.goto(site.url(locality))
    feed = page.locator("main .feed-link a[type='application/atom+xml']")
    assert feed.count() == 1
    status, _, body = fetch(urljoin(page.url, feed.get_attribute("href")))
    parsed = feedparser.parse(body)
    assert status == 200 and not parsed.bozo and parsed.version == "atom10"


def test_json_ld_and_head_links_need_no_csp_exception(site, new_page):
    """The JSON-LD data block is never executed, so a strict CSP reports nothing."""
    paths = [site.records("commendation")[0], site.records("inspection_result")[0], "/data/",
             site.entities("unit")[0], "/"]
    with serve(site.root, {"Content-Security-Policy": STRICT_CSP}) as served:
        page = new_page(VIEWPORTS["desktop"], js=True)  # scripts on, to see whether any would be blocked
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        for path in paths:
            page.goto(served.base + path)
            blocks = page.eval_on_selector_all('script[type="application/ld+json"]',
                                               "els => els.map(e => JSON.parse(e.textContent)['@type'])")
            assert len(blocks) == 1, path
    violations = [m for m in messages if "Content Security Policy" in m or "Refused" in m]
    assert violations == []


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("aliases-project") / "site"
    shutil.copytree(FIXTURES / "each-kind", project)
    (project / "content" / "models" / "mo-hinh-doi-ten.md").write_text(
        "---\nid: mo-hinh-doi-ten\ntitle: {vi: \"Mô hình đã đổi tên\", en: \"A renamed model\"}\n"
        "locality: ha-noi\nunits: [ubnd-tp-ha-noi]\nperiod: {start: 2024-02-01}\n"
        "sources:\n  - url: https://bao.example.vn/nguon/doi-ten\npublished: 2024-12-10\n"
        "aliases: [mo-hinh-ten-cu, /cu/duong-dan-cu/]\ncategory: mo_hinh\nfield: digital\n"
        "owner_units: [ubnd-tp-ha-noi]\nstate: running\n---\nNội dung.\n", encoding="utf-8")
    out = build_site(project, tmp_path_factory.mktemp("aliases-site") / "out")
    with serve(out) as served:
        yield served


@pytest.mark.parametrize("old, new", [("/models/mo-hinh-ten-cu/", "/models/mo-hinh-doi-ten/"),
                                      ("/cu/duong-dan-cu/", "/models/mo-hinh-doi-ten/"),
                                      ("/en/models/mo-hinh-ten-cu/", "/en/models/mo-hinh-doi-ten/")])
def test_an_old_address_leads_to_the_record_without_javascript(renamed_site, new_page, old, new):
    page = new_page(VIEWPORTS["phone"])  # JavaScript off
    page.goto(renamed_site.url(old))
    page.wait_for_url(renamed_site.url(new))
    assert page.locator("h1").inner_text() in ("Mô hình đã đổi tên", "A renamed model")
