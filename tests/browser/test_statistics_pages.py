"""Statistics pages in a real browser, JavaScript off: charts fit a phone, read on hover, print in colour."""

from __future__ import annotations

import pytest

from .helpers import DESKTOP, LANGUAGES, PHONE, VIEWPORTS

pytestmark = pytest.mark.browser

PAGES = ("/statistics/", "/statistics/inspections/", "/statistics/commendations/", "/statistics/models/",
         "/statistics/recommendations/", "/statistics/publication/", "/statistics/series/cadres-registered-example/",
         "/localities/quan-hoang-mai/", "/units/thanh-tra-tp-ha-noi/")

CHART_BOXES_JS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const r = svg.getBoundingClientRect();
  const figure = svg.closest('figure');
  return {id: svg.dataset.chart, width: r.width, height: r.height, right: r.right,
          table: !!(figure && figure.querySelector('table.chart-table')),
          marks: svg.querySelectorAll('g.chart-mark').length,
          titled: [...svg.querySelectorAll('g.chart-mark')].every(g => g.querySelector('title'))};
})"""


#: The narrowest phone the charts are drawn for (charts.NARROW_PX is its chart width).
NARROW = {"width": 360, "height": 740}

CHART_TEXT_JS = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const boxes = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            tick: !!t.closest('g.chart-grid') && !!svg.closest('svg.chart-bar, svg.chart-stacked')};
  });
  const problems = boxes.filter(b => b.left < 0 || b.right > innerWidth)
    .map(b => `${svg.dataset.chart}: "${b.text}" runs off the screen (${Math.round(b.left)}-${Math.round(b.right)} px)`);
  const ticks = boxes.filter(b => b.tick).sort((a, b) => a.left - b.left);
  ticks.forEach((b, i) => { if (i && b.left < ticks[i - 1].right + 2 && b.top < ticks[i - 1].bottom)
    problems.push(`${svg.dataset.chart}: axis labels "${ticks[i - 1].text}" and "${b.text}" overlap`); });
  return problems;
})"""


def _localized(path: str, lang: str) -> str:
    return path if lang == "vi" else f"/{lang}{path}"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_charts_fit_and_have_their_tables(site, new_page, screenshot_dir, viewport, lang):
    size = VIEWPORTS[viewport]
    page = new_page(size)
    problems = []
    for path in PAGES:
        url = _localized(path, lang)
        response = page.goto(site.url(url))
        assert response and response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            problems.append(f"{url}: scrolls sideways ({width} px)")
        boxes = page.evaluate(CHART_BOXES_JS)
        if path.startswith("/statistics/") and path != "/statistics/" and not boxes:
            problems.append(f"{url}: no chart")
        for box in boxes:
            if box["width"] < min(300, size["width"] - 40) or box["height"] < 40:
                problems.append(f"{url} {box['id']}: chart is {box['width']}x{box['height']} px")
            if box["right"] > size["width"]:
                problems.append(f"{url} {box['id']}: chart sticks out ({box['right']} px)")
            if not box["table"]:
                problems.append(f"{url} {box['id']}: no data table beside the chart")
            if not box["marks"] or not box["titled"]:
                problems.append(f"{url} {box['id']}: marks without a hover title")
        name = url.strip("/").replace("/", "_")
        page.screenshot(path=str(screenshot_dir / f"statistics-{name}-{viewport}.png"), full_page=True)
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chart_text_stays_on_a_narrow_phone(site, new_page, lang):
    """Category labels, values after the bars and axis labels neither leave the screen nor overlap."""
    page = new_page(NARROW)
    problems = []
    for path in (*PAGES, "/statistics/series/units-registering-models/", "/localities/tinh-lao-cai-truoc-2025/"):
        url = _localized(path, lang)
        page.goto(site.url(url))
        problems += [f"{url} {problem}" for problem in page.evaluate(CHART_TEXT_JS)]
    assert problems == []


def test_the_main_navigation_leads_to_statistics(site, new_page):
    page = new_page(DESKTOP)
    page.goto(site.url("/"))
    page.locator("nav.main-nav a[href='/statistics/']").click()
    assert page.url == site.url("/statistics/")
    assert page.locator("nav.main-nav a[href='/statistics/']").get_attribute("aria-current") == "page"
    assert page.locator("h1").inner_text().strip() == "Thống kê"


def test_home_headlines_link_to_their_source_record(site, new_page):
    page = new_page(PHONE)
    page.goto(site.url("/en/"))
    group = page.locator(".headline-group").filter(has_text="1,520").first
    assert group.locator("data.figure").first.inner_text() == "1,520"
    group.locator(".key-figure-source a").click()
    assert page.url.startswith(site.url("/en/inspections/"))


def test_a_mark_reacts_to_hover(site, new_page):
    page = new_page(DESKTOP)
    page.goto(site.url("/en/statistics/inspections/"))
    rect = page.locator("svg.chart g.chart-mark rect").first
    before = rect.evaluate("r => getComputedStyle(r).strokeWidth")
    rect.hover()
    assert rect.evaluate("r => getComputedStyle(r).strokeWidth") != before
    assert "Planned" in page.locator("svg.chart g.chart-mark title").first.text_content()


def test_charts_print_in_colour(site, new_page):
    page = new_page(DESKTOP)
    page.goto(site.url("/statistics/inspections/"))
    page.emulate_media(media="print")
    adjust = page.locator("svg.chart").first.evaluate("s => getComputedStyle(s).printColorAdjust")
    assert adjust == "exact"
    assert page.locator(".chart-downloads").first.is_hidden()
