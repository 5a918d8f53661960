"""Sub-path hosting in a real browser: the sample site built for ``https://example.github.io/minh-bach/``,
served under ``/minh-bach/`` only. Search (which fetches its index with JavaScript), the language
switch and the feeds work, and no request of any page fails. A site fresh from ``site-builder init``
(with its example drafts) is looked at on a phone and a desktop.
"""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from test_deploy_subpath import BASE_URL, PREFIX, serve_under_subpath

from .conftest import build_site
from .helpers import DESKTOP, PHONE, REPO_ROOT, watch_failures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("subpath-sample")
    shutil.copytree(REPO_ROOT / "content", project / "content")
    settings = (REPO_ROOT / "site.yaml").read_text(encoding="utf-8")
    (project / "site.yaml").write_text(settings.replace("base_url: https://example.org/", f"base_url: {BASE_URL}"),
                                       encoding="utf-8")
    out = build_site(project, tmp_path_factory.mktemp("subpath-sample-out") / "out")
    origin, stop = serve_under_subpath(out)
    yield origin
    stop()


def test_search_finds_records_and_leads_to_them_under_the_sub_path(subpath_site, new_page):
    page = new_page(DESKTOP, js=True)
    failures = watch_failures(page)
    page.goto(f"{subpath_site}{PREFIX}search/?q={quote('dong anh')}")
    results = page.locator("#search-results li a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(PREFIX) for h in hrefs), hrefs
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url == subpath_site + hrefs[0]
    assert page.locator("main h1").is_visible()
    assert failures == []


def test_pages_in_both_languages_load_every_resource_under_the_sub_path(subpath_site, new_page):
    page = new_page(PHONE, js=True)
    failures = watch_failures(page)
    page.goto(f"{subpath_site}{PREFIX}")
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert stylesheet.startswith(f"{PREFIX}static/")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "\"Times New Roman\""  # the CSS applied
    page.locator("nav.lang-switch a[hreflang='en']").click()
    page.wait_for_url(f"{subpath_site}{PREFIX}en/")
    feed = page.locator("link[rel=alternate][type='application/atom+xml']").first.get_attribute("href")
    assert feed.startswith((PREFIX, BASE_URL)), feed
    response = page.request.get(subpath_site + PREFIX + feed.removeprefix(BASE_URL).removeprefix(PREFIX))
    assert response.status == 200 and b"<feed" in response.body()
    page.goto(f"{subpath_site}{PREFIX}models/")
    page.locator("main .card-title a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(f"{subpath_site}{PREFIX}models/")
    assert failures == []


@pytest.fixture(scope="module")
def starter_site(tmp_path_factory):
    """A project fresh from ``site-builder init``, built with its example drafts, under the sub-path."""
    from site_builder.cli import main

    root = tmp_path_factory.mktemp("starter-browser")
    assert main(["init", str(root / "project"), "--no-git", "--title", "Minh bạch tỉnh Ví Dụ"]) == 0
    out = root / "out"
    assert main(["build", str(root / "project"), "--out", str(out), "--drafts", "--base-url", BASE_URL]) == 0
    origin, stop = serve_under_subpath(out)
    yield origin
    stop()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_new_site_looks_right_on_a_phone_and_a_desktop(starter_site, new_page, screenshot_dir, viewport):
    page = new_page(viewport)
    failures = watch_failures(page)
    for name, path in (("home", ""), ("example", "commendations/vi-du-quyet-dinh-khen-thuong/"),
                       ("corrections", "corrections/")):
        page.goto(f"{starter_site}{PREFIX}{path}")
        assert page.locator("main h1").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path or 'home'}: {overflow}px wider than the screen"
        page.screenshot(path=str(screenshot_dir / f"starter-{name}-{viewport['width']}.png"), full_page=True)
    assert "Ví dụ: quyết định khen thưởng" in page.goto(
        f"{starter_site}{PREFIX}commendations/").text()
    assert failures == []
