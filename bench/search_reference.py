"""A brute-force search over the records, to check what the search page shows.

It reads each record the way the index does (``search_records.search_document`` and
``search_index.record_terms``), then, with plain Python sets and loops and no index files at all,
answers a query the way docs/search.md says the page must: every word of the query (after the
synonym groups) must be among the record's words; a record passes a facet when one of its values
is selected (values of one facet are alternatives, facets combine), and the count shown beside a
value is the number of matching records that pass every *other* facet and have that value.
Used by ``bench/search_bench.py`` and ``tests/browser/test_search_*.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.kinds import SEARCH_FACETS
from site_builder.search_index import SynonymMatcher, record_terms
from site_builder.search_records import facet_values, search_document
from site_builder.search_text import fold_word, words


@dataclass(frozen=True)
class Answer:
    ids: frozenset           # record ids of the results
    counts: dict             # facet name -> {value key: count}


class Reference:
    """Every listed record's words in one language, ready to be searched by brute force."""

    def __init__(self, site, lang: str) -> None:
        self.site = site
        matcher, names = SynonymMatcher(site.synonyms), {}
        self.rows = []
        for record in site.records:
            found = record_terms(search_document(site, record, lang, names), matcher)[0]
            values = dict(zip((f.name for f in SEARCH_FACETS), facet_values(site, record)))
            self.rows.append((record.id, found, values))

    def required(self, query: str) -> list[str]:
        """The words every result must have: folded, with synonym members replaced by their group key."""
        folded = [fold_word(w) for w in words(query)]
        phrases = sorted(((p, g.key) for g in self.site.synonyms for p in g.phrases), key=lambda x: -len(x[0]))
        out, i = [], 0
        while i < len(folded):
            for phrase, key in phrases:
                if tuple(folded[i:i + len(phrase)]) == phrase:
                    out.append(key)
                    i += len(phrase)
                    break
            else:
                out.append(folded[i])
                i += 1
        return out

    def search(self, query: str, filters: dict[str, list[str]] | None = None) -> Answer:
        filters = {k: set(v) for k, v in (filters or {}).items() if v}
        needed = set(self.required(query))
        counts = {f.name: {} for f in SEARCH_FACETS}
        ids = set()
        for record_id, found, values in self.rows:
            if not needed <= found:
                continue
            failing = [name for name, wanted in filters.items() if not wanted.intersection(values[name])]
            if not failing:
                ids.add(record_id)
            for facet in SEARCH_FACETS:
                if failing and failing != [facet.name]:
                    continue
                for value in values[facet.name]:
                    counts[facet.name][value] = counts[facet.name].get(value, 0) + 1
        return Answer(frozenset(ids), counts)
