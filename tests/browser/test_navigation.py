"""A citizen clicks from the home page to a commendation, to its unit, then reads it in English."""

from __future__ import annotations

import re

import pytest

from .helpers import VIEWPORTS, squash

pytestmark = pytest.mark.browser


def _card_with_unit_link(site, page) -> str:
    """The first record in the listing (in listing order) whose page links to a unit."""
    hrefs = page.locator("main .card-title a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs, f"{page.url}: the commendations listing shows no records"
    for href in hrefs:
        html = (site.root / href.strip("/") / "index.html").read_text(encoding="utf-8")
        article = html.split("<article", 1)[-1]
        if 'href="/units/' in article:
            return href
    pytest.fail(f"{page.url}: no listed commendation links to a unit page")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_home_to_record_to_unit_then_english(site, new_page, viewport):
    page = new_page(VIEWPORTS[viewport])

    # Home -> the commendations listing, by the main navigation.
    page.goto(site.url("/"))
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("nav.main-nav a[href='/commendations/']").click()
    page.wait_for_url(site.url("/commendations/"))
    assert page.locator("nav.main-nav a[href='/commendations/']").get_attribute("aria-current") == "page"
    assert page.locator("main h1").is_visible()

    # Listing -> a record, by its card title.
    record_href = _card_with_unit_link(site, page)
    record_id = record_href.strip("/").split("/")[-1]
    page.locator(f"main .card-title a[href='{record_href}']").click()
    page.wait_for_url(site.url(record_href))
    vi_title = squash(page.locator("main h1").inner_text())
    assert vi_title
    assert page.locator("main .record-footer code").inner_text() == record_id

    # Record -> its unit.
    unit_link = page.locator("main article a[href^='/units/']").first
    unit_href = unit_link.get_attribute("href")
    unit_name = squash(unit_link.inner_text())
    unit_link.click()
    page.wait_for_url(site.url(unit_href))
    assert squash(page.locator("main h1").inner_text()) == unit_name
    assert page.locator(f"main a[href='{record_href}']").count() >= 1, \
        f"{page.url}: the unit page does not list {record_href}, which refers to it"

    # The language switch -> the same unit in English.
    switch = page.locator("nav.lang-switch a[hreflang='en']")
    assert switch.is_visible()
    switch.click()
    page.wait_for_url(site.url("/en" + unit_href))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav.lang-switch [aria-current]").get_attribute("lang") == "en"
    assert page.locator("nav.lang-switch a[hreflang='vi']").get_attribute("href") == unit_href
    assert squash(page.locator("main h1").inner_text())
    assert page.locator("nav.main-nav a[href='/en/units/']").get_attribute("aria-current") == "page"

    # ... and, from there, the same record in English.
    en_record = page.locator(f"main a[href='/en{record_href}']").first
    en_record.click()
    page.wait_for_url(site.url("/en" + record_href))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main .record-footer code").inner_text() == record_id
    assert page.locator("main .badge-commendation").first.inner_text().strip() == "Commendation"
    heading = page.locator("main h1")
    if heading.get_attribute("lang") == "vi":  # no English title yet: it must say so
        assert page.locator("main .notice-language").is_visible(), \
            f"{page.url}: the title is shown in Vietnamese without the 'no English version' notice"
    else:
        assert re.search(r"[A-Za-z]", heading.inner_text())

    # Back to Vietnamese with the switch: the same record.
    page.locator("nav.lang-switch a[hreflang='vi']").click()
    page.wait_for_url(site.url(record_href))
    assert page.locator("html").get_attribute("lang") == "vi"
    assert squash(page.locator("main h1").inner_text()) == vi_title
