"""Printing a record prints the record: no navigation, link addresses written out."""

from __future__ import annotations

import pytest

from .helpers import DESKTOP

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = ["a.skip-link", "nav.main-nav", "nav.lang-switch", "nav.breadcrumb"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_print_hides_navigation_on_a_record(site, new_page, lang):
    path = site.records("inspection_result", lang)[0]
    page = new_page(DESKTOP)
    page.goto(site.url(path))
    assert page.locator("nav.main-nav").is_visible(), "the main navigation is hidden on screen"

    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        for element in page.locator(selector).all():
            assert element.is_hidden(), f"{path}: {selector} is printed"
    assert page.locator("main h1").is_visible()
    assert page.locator("main .fields").is_visible(), f"{path}: the record's details are not printed"
    source = page.locator("main .sources a[href^='http']").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert source.get_attribute("href") in after, f"{path}: printed sources do not show their address"

    page.emulate_media(media="screen")
    assert page.locator("nav.main-nav").is_visible()
