"""search_index.py and search_records.py: the static search index, read back the way search.js reads it.

The decoder below follows docs/search.md; if the format changes, search.js, this decoder and the
docs change together.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from conftest import FIXTURES, SOURCE_DATE_EPOCH
from site_builder import build, urls
from site_builder.kinds import SEARCH_FACETS
from site_builder.search_index import SynonymMatcher, record_terms, search_files
from site_builder.search_records import facet_values, search_document
from site_builder.search_text import bucket


# ---------------------------------------------------------------- a reader of the format

class Reader:
    def __init__(self, data: bytes, at: int = 0):
        self.data, self.at = data, at

    def n(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def key(self) -> str:
        length = self.n()
        self.at += length
        return self.data[self.at - length:self.at].decode("utf-8")

    def docs(self) -> list[int]:
        out, doc = [], 0
        for i in range(self.n()):
            doc = doc + self.n() if i else self.n()
            out.append(doc)
        return out


def entries(data: bytes, sets: int) -> dict[str, list[list[int]]]:
    r = Reader(gzip.decompress(data))
    return {r.key(): [r.docs() for _ in range(sets)] for _ in range(r.n())}


def facet_groups(files: dict, manifest: dict) -> tuple[list[int], dict[int, list[tuple]]]:
    """(dates, {facet position: per record the tuple of its value positions})."""
    n, dates, columns = manifest["docs"], [], {}
    for number, group in enumerate(manifest["groups"]):
        data = gzip.decompress(files[group["table"]])
        r = Reader(data)
        if number == 0:
            assert r.n() == n
            for i in range(n):
                dates.append(dates[-1] + r.n() if i else r.n())
        facets = [r.n() for _ in range(r.n())]
        assert facets == group["facets"]
        combos = [[tuple(r.n() for _ in range(r.n())) for _ in facets] for _ in range(r.n())]
        width = data[r.at]
        planes = data[r.at + 1:]
        assert len(planes) == width * n
        cells = [sum(planes[p * n + d] << (8 * p) for p in range(width)) for d in range(n)]
        for i, facet in enumerate(facets):
            columns[facet] = [combos[c][i] for c in cells]
    return dates, columns


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    project = tmp_path_factory.mktemp("search") / "each-kind"
    shutil.copytree(FIXTURES / "each-kind", project)
    config = build.load_project(project, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    problems, site = build.check(config)
    assert site is not None, problems
    files, problems = search_files(site, None)
    assert problems == []
    return site, files


def manifest_of(files, lang="vi") -> dict:
    return json.loads(files[f"search-index/{lang}/manifest.json"])


# ---------------------------------------------------------------- tests

def test_every_record_is_filed_under_exactly_its_words(indexed):
    site, files = indexed
    records = list(reversed(site.records))
    for lang in site.config.languages:
        manifest = manifest_of(files, lang)
        assert manifest["docs"] == len(records)
        postings: dict[str, set[int]] = {}
        strong: dict[str, set[int]] = {}
        keys = []
        for number in range(len(manifest["terms"])):
            chunk = entries(files[f"{manifest['dir']}t/{number}.bin"], 2)
            assert list(chunk)[0] == manifest["terms"][number]
            keys.extend(chunk)
            for key, (docs, heavy) in chunk.items():
                postings[key], strong[key] = set(docs), set(heavy)
                assert strong[key] <= postings[key]
        assert keys == sorted(keys, key=lambda k: k.encode("utf-16-be")), "words must be in the script's order"
        matcher, names = SynonymMatcher(site.synonyms), {}
        for doc, record in enumerate(records):
            found, weighty, spelled, pairs = record_terms(search_document(site, record, lang, names), matcher)
            assert {k for k, docs in postings.items() if doc in docs} == found, record.id
            assert {k for k, docs in strong.items() if doc in docs} == weighty, record.id
            for family, wanted, count in (("x", spelled, manifest["exact"]), ("p", pairs, manifest["phrases"])):
                for key in wanted:
                    bucket_entries = entries(files[f"{manifest['dir']}{family}/{bucket(key, count)}.bin"], 1)
                    assert doc in bucket_entries[key][0], (record.id, key)


def test_the_facet_table_holds_each_records_values_and_date(indexed):
    site, files = indexed
    records = list(reversed(site.records))
    manifest = manifest_of(files)
    dates, columns = facet_groups(files, manifest)
    assert dates == [site.dates[r.id].toordinal() - 719163 for r in records]
    assert dates == sorted(dates), "record numbers count from the oldest"
    for lang in site.config.languages:
        labels = {}
        for group in manifest_of(files, lang)["groups"]:
            for facet, values in zip(group["facets"], json.loads(files[group["labels"]])):
                labels[facet] = values
        for doc, record in enumerate(records):
            expected = facet_values(site, record)
            for facet in range(len(SEARCH_FACETS)):
                assert tuple(labels[facet][v][0] for v in columns[facet][doc]) == expected[facet], record.id


def test_only_public_records_are_searchable(indexed):
    site, files = indexed
    text = b"".join(gzip.decompress(data) if path.endswith(".bin") else data for path, data in files.items())
    assert "zq".encode() not in text                    # the draft and the embargoed record
    withdrawn = "mo-hinh-da-go"
    assert withdrawn in site.by_id and withdrawn.encode() not in text
    assert manifest_of(files)["docs"] == len(site.records)


def test_people_are_searchable_only_as_their_publish_policy_allows(indexed):
    site, _ = indexed
    record = site.by_id["cd-bang-khen-dong-anh"]
    document = search_document(site, record, "vi", {})
    words = " ".join(document.strong + document.numbers + document.texts + (document.body,))
    assert "Nguyễn Văn An" in words            # full_name
    assert "T. T. B." in words                 # initials
    assert "Trần Thị Bình" not in words and "Lê Văn Cường" not in words


def test_result_documents_show_title_address_and_locality(indexed):
    site, files = indexed
    manifest = manifest_of(files, "en")
    records = list(reversed(site.records))
    for doc, record in enumerate(records):
        shown = json.loads(files[f"{manifest['dir']}d/{doc}.json"])
        assert shown["u"] == "en/" + urls.record_path(site.config, record.kind, record.id)
        assert shown["t"] and shown["l"]
        assert ("f" in shown) == ("en" not in record.fields["title"])


def test_synonyms_file_expansions_under_the_acronym(indexed):
    site, _ = indexed
    matcher = SynonymMatcher(site.synonyms)
    for record in site.records:
        document = search_document(site, record, "vi", {})
        text = " ".join(document.strong + document.numbers + document.texts + (document.body,)).lower()
        found = record_terms(document, matcher)[0]
        if "ủy ban nhân dân" in text or "ubnd" in text:
            assert "=ubnd" in found, record.id


def test_document_numbers_are_terms_and_links(indexed):
    site, files = indexed
    manifest = manifest_of(files)
    links = {code: path for code, _, _, path in manifest["documents"]}
    for entity in site.entities["document"].values():
        assert any(path.endswith(f"documents/{entity.id}/") for path in links.values())


def test_two_runs_give_the_same_bytes(indexed):
    site, files = indexed
    again, _ = search_files(site, None)
    assert again == files


def test_a_records_own_number_weighs_as_a_whole_not_word_by_word(indexed):
    site, _ = indexed
    record = site.by_id["cd-bang-khen-dong-anh"]
    document = search_document(site, record, "vi", {})
    assert document.number == "1234/QĐ-UBND" and document.numbers == ("1234/QĐ-UBND",)
    found, weighty, _, _ = record_terms(document, SynonymMatcher(site.synonyms))
    assert "1234/qd-ubnd" in weighty          # typed in full, it finds this record first
    assert {"1234", "=qd"} <= found           # typed in part, it is one word among others
    assert "1234" not in weighty and "=qd" not in weighty


def test_a_site_without_records_has_an_empty_index(tmp_path):
    project = tmp_path / "empty"
    shutil.copytree(FIXTURES / "minimal", project)
    for record in (project / "content" / "models").glob("*.md"):
        record.unlink()
    config = build.load_project(project, environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    problems, site = build.check(config)
    assert site is not None and not site.records, problems
    files, _ = search_files(site, None)
    manifest = manifest_of(files)
    assert manifest["docs"] == 0 and manifest["terms"] == []
    dates, columns = facet_groups(files, manifest)
    assert dates == [] and all(column == [] for column in columns.values())
