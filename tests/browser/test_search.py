"""The search page on the sample site, in Chromium, served with the site's strict CSP.

Diacritics, đ, acronyms, document numbers, what a result shows, facets against a brute-force count,
the URL as the state (back button, reload), keyboard use, screen-reader announcements, English,
phones, and the page without JavaScript.
"""

from __future__ import annotations

import re

import pytest

from site_builder.search_records import search_document
from site_builder.text import fold

from .conftest import serve
from .helpers import DESKTOP, PHONE, REPO_ROOT
from .search_helpers import (SETTLED, load_site, open_search, reference_module, record_path, search_url, shown,
                             site_headers, wait_for_new_answer)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample(built_site):
    """(served site with the CSP, Site, brute-force reference in Vietnamese and English)."""
    site = load_site(REPO_ROOT)
    reference = reference_module()
    with serve(built_site, site_headers(site)) as served:
        yield served, site, {lang: reference.Reference(site, lang) for lang in ("vi", "en")}


@pytest.fixture
def js_page(new_page):
    """A page with JavaScript on that fails the test on any script error or CSP violation."""
    def make(viewport=DESKTOP):
        page = new_page(viewport, js=True)
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.problems = problems
        return page
    return make


def _ids(site, links, lang="vi"):
    by_path = {record_path(site, r.id, lang): r.id for r in site.records}
    return {by_path[link] for link in links}


@pytest.mark.parametrize("plain, marked", [
    ("dong anh", "Đông Anh"),
    ("DONG ANH", "đông anh"),
    ("thanh tra dot xuat", "thanh tra đột xuất"),
    ("kiem tra dot xuat", "kiểm tra đột xuất"),
    ("me linh", "Mê Linh"),
    ("giay khen", "Giấy khen"),
])
def test_diacritic_pairs_find_the_same_records(sample, js_page, plain, marked):
    served, site, reference = sample
    page = js_page()
    without = open_search(page, search_url(served, plain))
    with_marks = open_search(page, search_url(served, marked))
    assert without["results"] == with_marks["results"] == len(reference["vi"].search(plain).ids) > 0
    assert not page.problems


@pytest.mark.parametrize("acronym, expansion, mixed", [
    ("UBND", "Ủy ban nhân dân", True),   # the sample has records with only one of the two forms
    ("cccd", "căn cước công dân", False), ("TTHC", "thủ tục hành chính", False), ("ubkt", "ủy ban kiểm tra", False),
])
def test_acronyms_and_expansions_find_each_other(sample, js_page, acronym, expansion, mixed):
    served, site, reference = sample
    page = js_page()
    short = open_search(page, search_url(served, acronym))
    long = open_search(page, search_url(served, expansion))
    expected = reference["vi"].search(acronym)
    assert short["results"] == long["results"] == len(expected.ids) > 0
    # records that have only one of the two forms are found by the other
    folded = {r.id: " ".join(fold(t) for t in _texts(site, r)) for r in site.records}
    only_acronym = {i for i, t in folded.items() if fold(acronym) in t.split() and fold(expansion) not in t}
    only_words = {i for i, t in folded.items() if fold(expansion) in t and fold(acronym) not in t.split()}
    assert bool(only_acronym | only_words) == mixed
    assert only_acronym | only_words <= expected.ids


def _texts(site, record):
    document = search_document(site, record, "vi", {})
    return document.strong + document.numbers + document.texts + (document.body,)


def test_a_directive_number_offers_the_document_and_its_records(sample, js_page):
    served, site, reference = sample
    page = js_page()
    answer = open_search(page, search_url(served, "24-CT/TU"))
    assert answer["results"] == len(reference["vi"].search("24-CT/TU").ids) > 0
    link = page.locator("#search-documents a")
    assert link.inner_text() == "24-CT/TU"
    assert link.get_attribute("href") == "/documents/ct-24-tu-ha-noi-2023/"


def test_a_result_shows_title_kind_date_locality_and_highlighted_words(sample, js_page):
    served, site, _ = sample
    page = js_page()
    open_search(page, search_url(served, "dong anh"))
    card = page.locator("#search-results .card").first
    assert card.locator(".badge").inner_text() in {"Mô hình, cách làm hay", "Quyết định khen thưởng",
                                                    "Kết quả thanh tra, kiểm tra"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", card.locator("time").get_attribute("datetime"))
    assert "Đông Anh" in card.locator(".card-meta").inner_text()
    marks = card.locator("mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"đông", "anh"}
    link = card.locator(".card-title a").get_attribute("href")
    assert page.request.get(served.url(link)).ok


def test_newest_first_sorts_by_date(sample, js_page):
    served, _, _ = sample
    page = js_page()
    open_search(page, search_url(served, "ubnd", sort="date"))
    dates = page.locator("#search-results time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert len(dates) > 3 and dates == sorted(dates, reverse=True)
    assert page.locator("#search-sort").input_value() == "date"


@pytest.mark.parametrize("query, filters", [
    ("ubnd", {}),
    ("ubnd", {"year": "2024"}),
    ("ubnd", {"kind": ["commendation", "inspection_result"], "year": "2024"}),
    ("", {"locality": "huyen-dong-anh"}),
    ("chi thi 24", {"kind": "emulation_model"}),
])
def test_facet_counts_equal_a_brute_force_count(sample, js_page, query, filters):
    served, site, reference = sample
    page = js_page(DESKTOP)   # the filters are open on a wide screen: every facet is counted
    answer = open_search(page, search_url(served, query, **filters))
    for name in page.locator("#search-facets .search-facet-more").evaluate_all("els => els.map(e => e.dataset.facet)"):
        answer = wait_for_new_answer(page, page.locator(f"#more-{name}").click)   # show every value
    expected = reference["vi"].search(query, {k: [v] if isinstance(v, str) else v for k, v in filters.items()})
    assert answer["results"] == len(expected.ids)
    assert _ids(site, answer["links"]) <= expected.ids
    shown_counts = {facet: values for facet, values in answer["counts"].items()}
    expected_counts = {f: {k: c for k, c in v.items() if c} for f, v in expected.counts.items()}
    for facet, values in shown_counts.items():
        assert {k: c for k, c in values.items() if c} == expected_counts[facet], facet
    assert set(expected_counts) - set(shown_counts) <= {f for f, v in expected_counts.items() if not v}


def test_the_url_holds_the_search_and_the_back_button_restores_it(sample, js_page):
    served, _, _ = sample
    page = js_page()
    first = open_search(page, search_url(served, "ubnd"))
    box = page.locator("#search-facets input[name=year][value='2024']")
    after = wait_for_new_answer(page, box.check)
    assert "year=2024" in page.url and "q=ubnd" in page.url
    assert after["results"] < first["results"]
    page.go_back()
    page.wait_for_function(SETTLED)
    assert "year=" not in page.url
    assert shown(page)["results"] == first["results"]
    assert not page.locator("#search-facets input[name=year][value='2024']").is_checked()
    page.go_forward()
    page.wait_for_function(SETTLED)
    assert shown(page)["results"] == after["results"]
    page.reload()
    page.wait_for_function(SETTLED)
    assert page.locator("#search-facets input[name=year][value='2024']").is_checked()
    assert page.locator("#search-q").input_value() == "ubnd"


def test_typing_searches_as_you_type_and_keeps_the_url_current(sample, js_page):
    served, _, _ = sample
    page = js_page()
    page.goto(search_url(served))
    page.locator("#search-q").fill("")
    page.locator("#search-q").press_sequentially("dong an", delay=30)
    page.wait_for_function("() => document.getElementById('search-app').dataset.state === 'done' && "
                           "location.search.includes('dong+an')")
    answer = shown(page)
    assert answer["results"] > 0  # "an" is still being typed: it also finds "anh"


def test_keyboard_only_search_filter_and_more(sample, js_page):
    served, _, _ = sample
    page = js_page(PHONE)
    page.goto(search_url(served))
    page.locator("#search-q").focus()
    page.keyboard.type("ubnd")
    answer = wait_for_new_answer(page, lambda: page.keyboard.press("Enter"))
    assert answer["results"] > 10
    # open the filters with the keyboard, tick a value with Space: focus stays on it
    page.locator("#search-filters summary").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-facets input[name=kind]")
    box = page.locator("#search-facets input[name=kind]").first
    box.focus()
    box_id = box.get_attribute("id")
    filtered = wait_for_new_answer(page, lambda: page.keyboard.press("Space"))
    assert filtered["results"] < answer["results"]
    assert page.evaluate("document.activeElement.id") == box_id
    assert page.locator(f"#{box_id}").is_checked()
    # "show more" by keyboard moves focus to the first new result
    page.locator("#search-filters summary").focus()
    wait_for_new_answer(page, lambda: page.locator("#search-clear").press("Enter"))
    more = page.locator("#search-more")
    assert more.is_visible()
    more.focus()
    wait_for_new_answer(page, lambda: page.keyboard.press("Enter"))
    focused = page.evaluate("document.activeElement.closest('li') ? "
                            "Array.from(document.querySelectorAll('#search-results > li')).indexOf("
                            "document.activeElement.closest('li')) : -1")
    assert focused == 10


def test_results_are_announced_to_screen_readers(sample, js_page):
    served, _, _ = sample
    page = js_page()
    answer = open_search(page, search_url(served, "dong anh"))
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert str(answer["results"]) in answer["status"] and "dong anh" in answer["status"]
    assert page.locator("#search-q").evaluate("e => e.labels.length") == 1
    assert page.locator("#search-sort").evaluate("e => e.labels.length") == 1
    for box in page.locator("#search-facets input").all():
        assert box.evaluate("e => e.labels.length") == 1
    none = open_search(page, search_url(served, "xyzzyqwv"))
    assert none["results"] == 0 and "xyzzyqwv" in none["status"]


def test_english_search_page(sample, js_page):
    served, site, reference = sample
    page = js_page()
    answer = open_search(page, search_url(served, "dong anh", lang="en"))
    assert answer["results"] == len(reference["en"].search("dong anh").ids) > 0
    assert "records match" in answer["status"]
    assert page.locator("#search-facets legend").first.inner_text() == "Record type"
    assert all(link.startswith("/en/") for link in answer["links"])
    assert page.locator("html").get_attribute("lang") == "en"


def test_phones_read_unit_and_locality_filters_only_when_opened(sample, js_page):
    served, _, _ = sample
    page = js_page(PHONE)
    tables = []
    page.on("request", lambda r: tables.append(r.url) if "/search-index/facets/" in r.url else None)
    open_search(page, search_url(served, "ubnd"))
    assert not page.locator("#search-filters").evaluate("e => e.open")
    assert len(tables) == 1
    assert page.locator("#search-facets input[name=unit]").count() == 0
    page.locator("#search-filters summary").click()
    page.wait_for_selector("#search-facets input[name=unit]")
    assert len(tables) == 3


def test_the_header_search_box_works_without_javascript(sample, new_page):
    served, _, _ = sample
    page = new_page(PHONE)   # JavaScript off
    page.goto(served.url("/"))
    page.locator("header .header-search input[name=q]").fill("dong anh")
    page.locator("header .header-search button").click()
    page.wait_for_load_state()
    assert page.url.endswith("/search/?q=dong+anh")
    assert page.locator("#search-nojs").is_visible()
    assert not page.locator("#search-sort").is_visible()
    links = page.locator("#search-browse a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    for expected in ("/models/", "/commendations/", "/inspections/", "/localities/", "/units/", "/documents/",
                     "/years/"):
        assert expected in links
    assert any(re.fullmatch(r"/years/\d{4}/", link) for link in links)
    for link in links:
        assert page.request.get(served.url(link)).ok, link


@pytest.mark.parametrize("path", ["/", "/models/", "/en/", "/years/"])
def test_every_page_has_the_header_search_box(sample, new_page, path):
    served, _, _ = sample
    page = new_page(DESKTOP)
    page.goto(served.url(path))
    form = page.locator("header form[role=search]")
    assert form.get_attribute("method") == "get"
    assert form.get_attribute("action") == ("/en/search/" if path.startswith("/en/") else "/search/")
    assert form.locator("input[name=q]").evaluate("e => e.labels.length") == 1


def test_search_works_under_a_sub_path(tmp_path_factory, new_page):
    """A site hosted at https://example.org/minh-bach/: the index, results and header box carry the path."""
    import contextlib
    import io

    from site_builder.cli import main

    root = tmp_path_factory.mktemp("search-subpath")
    out = root / "minh-bach"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", str(REPO_ROOT), "--out", str(out), "--base-url", "https://example.org/minh-bach/"]) == 0
    site = load_site(REPO_ROOT)
    with serve(root, site_headers(site)) as served:
        page = new_page(PHONE, js=True)
        answer = open_search(page, served.url("/minh-bach/search/?q=dong+anh"))
        assert answer["state"] == "done" and answer["results"] > 0
        assert all(link.startswith("/minh-bach/") for link in answer["links"])
        assert page.request.get(served.url(answer["links"][0])).ok
        page.goto(served.url("/minh-bach/models/"))
        assert page.locator("header form[role=search]").get_attribute("action") == "/minh-bach/search/"
