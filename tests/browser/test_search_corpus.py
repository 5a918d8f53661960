"""Search on a generated corpus (bench/corpus.py): words no sample record was written for.

Place names of the corpus, the đ words (Đỗ, Đức, đất, định), acronyms against their expansions,
decision numbers, exact spellings ranked first, and every facet count against a brute-force
count over the records, with and without filters.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from site_builder.search_records import search_document
from site_builder.search_text import fold_word, words

from .conftest import build_site, serve
from .helpers import DESKTOP, PHONE, REPO_ROOT
from .search_helpers import (load_site, open_search, record_path, reference_module, search_url, site_headers,
                             wait_for_new_answer)

pytestmark = pytest.mark.browser
RECORDS = 600


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO_ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_corpus", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    project = _corpus_module().write_corpus(tmp_path_factory.mktemp("search-corpus") / "project", RECORDS, seed=7)
    out = build_site(project, tmp_path_factory.mktemp("search-corpus-site") / "out")
    site = load_site(project)
    with serve(out, site_headers(site)) as served:
        yield served, site, reference_module().Reference(site, "vi")


@pytest.fixture
def page(new_page):
    page = new_page(DESKTOP, js=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    assert not errors


def _ids(site, links):
    by_path = {record_path(site, r.id): r.id for r in site.records}
    return [by_path[link] for link in links]


def _spellings(site):
    """record id -> the words of its searchable text as written (lower case, accents kept)."""
    names, out = {}, {}
    for record in site.records:
        document = search_document(site, record, "vi", names)
        out[record.id] = set(words(" ".join(document.strong + document.numbers + document.texts + (document.body,))))
    return out


@pytest.mark.parametrize("plain, marked", [("do", "đỗ"), ("duc", "đức"), ("dat", "đất"), ("dinh", "định"),
                                           ("dong", "Đông"), ("DUC PHO", "Đức Phổ"), ("giai phong mat bang",
                                                                                     "giải phóng mặt bằng")])
def test_d_words_and_accents_find_the_same_records(corpus, page, plain, marked):
    served, site, reference = corpus
    expected = reference.search(plain)
    assert expected.ids == reference.search(marked).ids
    without = open_search(page, search_url(served, plain))
    with_marks = open_search(page, search_url(served, marked))
    assert without["results"] == with_marks["results"] == len(expected.ids)


def _spelling_pairs(site, count=4):
    """Accented words of the corpus that share their folded form with another spelling (đô, đồ, độ, do)."""
    spelled = _spellings(site)
    by_key: dict[str, set[str]] = {}
    for found in spelled.values():
        for word in found:
            by_key.setdefault(fold_word(word), set()).add(word)
    found = [sorted(w for w in variants if w != key)[0] for key, variants in sorted(by_key.items())
             if len(variants) > 1 and key.isalpha() and any(w != key for w in variants)]
    return sorted(found, key=lambda w: (not w.startswith("đ"), w))[:count]   # đ words first


def test_the_exact_spelling_ranks_first(corpus, page):
    served, site, reference = corpus
    spelled = _spellings(site)
    words_tried = _spelling_pairs(site)
    assert len(words_tried) == 4
    for word in words_tried:
        exact = {i for i, found in spelled.items() if word in found}
        others = reference.search(word).ids - exact
        answer = open_search(page, search_url(served, word))
        ranked = _ids(site, answer["links"])
        assert exact and others, word
        assert answer["results"] == len(exact | others)
        leading = ranked[:min(len(exact), len(ranked))]
        assert set(leading) <= exact, f"{word}: results without the exact spelling come before those with it"


def test_places_of_the_corpus_are_found_without_accents(corpus, page):
    served, site, reference = corpus
    places = sorted({e.fields["name"]["vi"] for e in site.entities["locality"].values()
                     if any(r.fields["locality"] == e.id for r in site.records)})
    for name in places[:6]:
        plain = " ".join(fold_word(w) for w in words(name))
        answer = open_search(page, search_url(served, plain))
        assert answer["results"] == len(reference.search(plain).ids) == len(reference.search(name).ids) > 0, name


@pytest.mark.parametrize("acronym, expansion", [("MTTQ", "mặt trận tổ quốc"), ("TTHC", "thủ tục hành chính"),
                                                ("GPMB", "giải phóng mặt bằng"), ("CCHC", "cải cách hành chính")])
def test_acronyms_find_records_written_with_the_words(corpus, page, acronym, expansion):
    served, site, reference = corpus
    expected = reference.search(acronym)
    assert expected.ids == reference.search(expansion).ids
    spelled = _spellings(site)
    short = acronym.lower()
    only_words = {i for i in expected.ids if short not in spelled[i]}
    assert only_words, f"no corpus record has only the words of {acronym}: the test would prove nothing"
    answer = open_search(page, search_url(served, acronym))
    assert answer["results"] == len(expected.ids)


def test_a_decision_number_finds_that_record_first(corpus, page):
    served, site, _ = corpus
    commendations = [r for r in site.records if r.kind == "commendation"]
    for record in commendations[::max(1, len(commendations) // 5)][:5]:
        number = record.fields["decision"]["number"]
        answer = open_search(page, search_url(served, number))
        first = _ids(site, answer["links"])
        same = [r.id for r in commendations if r.fields["decision"]["number"] == number]
        assert set(first[:len(same)]) == set(same[:10]), number


@pytest.mark.parametrize("query, filters", [
    ("thi dua", {"kind": ["commendation"], "year": ["2024"], "level": ["district"]}),
    ("ubnd", {"kind": ["inspection_result"], "regime": ["party_inspection", "state_inspection"]}),
    ("khen thuong", {"year": ["2023", "2025"]}),
    ("", {"kind": ["emulation_model"]}),
    ("", {}),
])
def test_results_and_every_count_equal_a_brute_force_count(corpus, page, query, filters):
    served, site, reference = corpus
    if query or filters:
        answer = open_search(page, search_url(served, query, **filters))
    else:  # no query and no filter: the page waits until asked to browse everything
        page.goto(search_url(served))
        answer = wait_for_new_answer(page, page.locator("#search-start").click)
    for name in page.locator("#search-facets .search-facet-more").evaluate_all("els => els.map(e => e.dataset.facet)"):
        answer = wait_for_new_answer(page, page.locator(f"#more-{name}").click)
    expected = reference.search(query, filters)
    assert answer["results"] == len(expected.ids)
    assert set(_ids(site, answer["links"])) <= expected.ids
    for facet, values in expected.counts.items():
        assert answer["counts"].get(facet, {}) == values, facet


def test_show_more_pages_through_every_result_newest_first(corpus, new_page):
    served, site, reference = corpus
    page = new_page(PHONE, js=True)
    answer = open_search(page, search_url(served, "kiem tra", sort="date"))
    expected = reference.search("kiem tra")
    while answer["results"] > len(answer["links"]) and len(answer["links"]) < 40:
        answer = wait_for_new_answer(page, page.locator("#search-more").click)
    ids = _ids(site, answer["links"])
    order = [r.id for r in site.records if r.id in expected.ids]   # site.records is newest first
    assert ids == order[:len(ids)]
    assert "page=" in page.url
