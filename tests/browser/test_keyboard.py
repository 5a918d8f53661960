"""Keyboard only: the skip link comes first and works, Tab reaches the main navigation, focus shows."""

from __future__ import annotations

import pytest

from .helpers import VIEWPORTS, focused, has_focus_indicator

pytestmark = pytest.mark.browser

def _record_path(site) -> str:
    return site.records("commendation")[0]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("where", ["home", "record"])
def test_skip_link_first_visible_and_moves_focus_to_main(site, new_page, viewport, where):
    page = new_page(VIEWPORTS[viewport])
    page.goto(site.url("/" if where == "home" else _record_path(site)))

    skip = page.locator("a.skip-link")
    box = skip.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "the skip link is visible before it is focused"

    page.keyboard.press("Tab")
    info = focused(page)
    assert info and "skip-link" in info["cls"], f"{page.url}: first Tab stop is {info}, not the skip link"
    assert info["href"] == "#main"
    rect, view = info["rect"], info["viewport"]
    assert rect["width"] > 0 and rect["height"] > 0
    assert rect["left"] >= 0 and rect["top"] >= 0 and rect["right"] <= view["width"], \
        f"{page.url}: the focused skip link is not inside the viewport: {rect}"
    assert has_focus_indicator(info), f"{page.url}: the focused skip link has no outline: {info}"

    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main", \
        f"{page.url}: Enter on the skip link did not move focus to <main>"

    page.keyboard.press("Tab")
    after = focused(page)
    assert after and after["inMain"], f"{page.url}: the Tab after skipping left <main>: {after}"
    assert has_focus_indicator(after), f"{page.url}: no visible focus on {after}"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_tab_order_reaches_main_navigation_with_visible_focus(site, new_page, viewport):
    page = new_page(VIEWPORTS[viewport])
    page.goto(site.url(_record_path(site)))

    main_nav = page.locator("nav.main-nav a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert len(main_nav) >= 5, f"{page.url}: main navigation has {main_nav}"
    stops = []
    for _ in range(len(main_nav) + 8):
        page.keyboard.press("Tab")
        info = focused(page)
        assert info, f"{page.url}: Tab stop {len(stops) + 1} focuses nothing"
        stops.append(info)
        if info["href"] == main_nav[-1] and "main-nav" in info["nav"]:
            break

    assert "skip-link" in stops[0]["cls"]
    assert stops[1]["inHeader"] and "site-title" in stops[1]["cls"], f"second Tab stop: {stops[1]}"
    assert any("lang-switch" in s["nav"] for s in stops), "Tab never reaches the language switch"
    reached = [s["href"] for s in stops if "main-nav" in s["nav"]]
    assert reached == main_nav, f"{page.url}: main navigation Tab stops are {reached}, links are {main_nav}"
    assert not any(s["inMain"] for s in stops), "content of <main> comes before the main navigation"

    for stop in stops:
        assert has_focus_indicator(stop), f"{page.url}: no visible focus indicator on {stop}"
        rect, view = stop["rect"], stop["viewport"]
        assert rect["width"] > 0 and rect["height"] > 0, f"{page.url}: focused element is invisible: {stop}"
        assert rect["left"] >= 0 and rect["right"] <= view["width"] + 0.5, \
            f"{page.url}: focused element is outside the viewport: {stop}"
