"""Listings longer than page_size get a pager; "Older" and "Newer" walk through every record once."""

from __future__ import annotations

import re

import pytest
import yaml

from .helpers import DESKTOP, KIND_SECTIONS, PHONE, REPO_ROOT, number_in

pytestmark = pytest.mark.browser

LABELS = {"vi": ("Cũ hơn", "Mới hơn"), "en": ("Older", "Newer")}


def _total(page) -> int:
    """The record count the listing announces ("12 records, newest first.")."""
    return number_in(page.locator("main h1 + p.muted").inner_text())


def _cards(page) -> list[str]:
    return page.locator("main .card-title a").evaluate_all("els => els.map(a => a.getAttribute('href'))")


def test_sample_listings_have_a_pager_exactly_when_longer_than_page_size(site, new_page):
    settings = yaml.safe_load((REPO_ROOT / "site.yaml").read_text(encoding="utf-8")) or {}
    size = settings.get("page_size", 20)
    page = new_page(DESKTOP)
    for section in KIND_SECTIONS.values():
        page.goto(site.url(f"/{section}/"))
        total = _total(page)
        has_pager = page.locator("nav.pager").count() == 1
        assert has_pager == (total > size), f"/{section}/: {total} records, page_size {size}, pager {has_pager}"
        assert len(_cards(page)) == min(total, size), f"/{section}/: wrong number of cards on page 1"


@pytest.mark.parametrize(("lang", "viewport"), [("vi", PHONE), ("en", DESKTOP)], ids=["vi-phone", "en-desktop"])
def test_older_reaches_page_2_and_newer_comes_back(paginated_site, new_page, lang, viewport):
    site = paginated_site
    prefix = "" if lang == "vi" else f"/{lang}"
    page = new_page(viewport)
    totals = {}
    for section in KIND_SECTIONS.values():
        page.goto(site.url(f"{prefix}/{section}/"))
        totals[section] = _total(page)
    section = max(totals, key=lambda s: (totals[s], s))
    total = totals[section]
    assert total > 3, f"the sample has at most {total} records per kind: too few to paginate at page_size 3"
    first_url = site.url(f"{prefix}/{section}/")
    older, newer = LABELS[lang]

    page.goto(first_url)
    pager = page.locator("nav.pager")
    assert pager.is_visible(), f"{first_url}: {total} records at page_size 3 but no pager"
    assert page.locator("nav.pager a[rel=prev]").count() == 0
    first_cards = _cards(page)
    assert len(first_cards) == 3
    first_title = page.title()

    page.locator("nav.pager a[rel=next]", has_text=older).click()
    page.wait_for_url(site.url(f"{prefix}/{section}/page/2/"))
    assert page.locator("html").get_attribute("lang") == lang
    assert re.search(r"\b2\b", page.locator("nav.pager span").inner_text())
    assert page.title() != first_title, "page 2 has the same <title> as page 1"
    second_cards = _cards(page)
    assert second_cards and not set(second_cards) & set(first_cards), "page 2 repeats records of page 1"

    page.locator("nav.pager a[rel=prev]", has_text=newer).click()
    page.wait_for_url(first_url)
    assert _cards(page) == first_cards

    # Walking "Older" to the end shows every record exactly once.
    seen = list(first_cards)
    pages = 1
    while page.locator("nav.pager a[rel=next]").count():
        page.locator("nav.pager a[rel=next]").click()
        page.wait_for_load_state()
        pages += 1
        seen += _cards(page)
        assert pages <= total, "the pager never ends"
    assert len(seen) == total and len(set(seen)) == total, f"{section}: pages show {len(seen)} of {total} records"
    assert pages == -(-total // 3)
