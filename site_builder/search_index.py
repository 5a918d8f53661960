"""The search index: static files that the search page's script reads, built from the Site.

No server and no external tool: a pure function turns the listed records into files under
``search-index/`` (see ``docs/search.md`` for the format and the measurements behind it):

- ``search-index/facets/<hash>.bin``: every record's date and facet values, shared by the languages;
- ``search-index/<lang>/manifest.json``: where everything is, the facet labels, the synonyms;
- ``search-index/<lang>/<version>/t/<n>.bin``: folded words (and document numbers, synonym keys), sorted
  and cut into chunks, each word with the records that contain it and those where it weighs most;
- ``.../x/<n>.bin``: words as spelled with accents, to rank exact spellings first (read only when the
  query has accents); ``.../p/<n>.bin``: pairs of adjacent words, to rank phrases first;
- ``.../d/<n>.json``: what a result shows (title, address, snippet text) of record number n;
- ``.../labels.json``: each facet's values (the keys used in addresses) and how they read.

Record numbers count from the oldest record, so "newest first" is "highest number first" and needs no
sort key. ``.bin`` files are gzip-compressed here (hosts seldom compress unknown types); every file is
a pure function of the content, so two builds give the same bytes.
"""

from __future__ import annotations

from array import array

from . import urls
from .kinds import KINDS, SEARCH_FACETS
from .search_records import SearchDocument, facet_label, facet_values, search_document
from .search_encoding import buckets, chunks, digest, gzip_bytes, json_bytes, varints
from .search_text import codes, fold_word, words
from .site import Site

INDEX_DIR = "search-index"
FORMAT = 1


def manifest_path(lang: str) -> str:
    """Where the search page finds the index of ``lang`` (the only file without a content hash)."""
    return f"{INDEX_DIR}/{lang}/manifest.json"


def search_files(site: Site, theme=None) -> tuple[dict[str, bytes], list]:
    """The output producer: ``({path: bytes}, problems)`` for the search index of every language."""
    records = list(reversed(site.records))
    values = [facet_values(site, record) for record in records]
    keys = [_ordered_keys([v[i] for v in values]) for i in range(len(SEARCH_FACETS))]
    files, groups = {}, []
    for facets, data in _facet_tables(site, records, values, keys):
        path = f"{INDEX_DIR}/facets/{digest(data)}.bin"
        files[path] = data
        groups.append((facets, path))
    for lang in site.config.languages:
        files.update(_language_files(site, records, lang, keys, groups))
    return files, []


# ---------------------------------------------------------------- facets

def _ordered_keys(columns) -> list[str]:
    """A facet's values, most used first (so that they take one byte), then by key."""
    counts: dict[str, int] = {}
    for found in columns:
        for key in found:
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))


#: Facets stored together: a record's values of a group are one entry of the group's list of
#: distinct combinations (the form of award goes with the kind, the locality with the units), which
#: takes far fewer bytes than each facet alone. Each group is a file; the first, with the dates, is
#: always read, the others only when their filters are shown or used (docs/search.md). Facets not
#: named here get a group (and a file) of their own.
TABLE_GROUPS = (("kind", "year", "form", "level", "regime", "mode"), ("unit", "locality"), ("directive",))


def _facet_tables(site: Site, records, values, keys) -> list[tuple[list[int], bytes]]:
    """One gzip file per group of facets: ``(positions in SEARCH_FACETS, bytes)``.

    A group file holds its facets (positions in SEARCH_FACETS), its distinct combinations of values,
    most used first (per facet: how many values, then their positions in the facet's key list), and
    each record's combination number as byte planes (all low bytes, then all second bytes ...:
    compresses far better than interleaved numbers). The first file starts with N and the dates
    (days since 1970-01-01: the first, then differences)."""
    names = [f.name for f in SEARCH_FACETS]
    groups = [[names.index(n) for n in group if n in names] for group in TABLE_GROUPS]
    groups = [g for g in groups if g] + [[i] for i in range(len(names)) if not any(i in g for g in groups)]
    position = [{key: n for n, key in enumerate(facet_keys)} for facet_keys in keys]
    days = [site.dates[r.id].toordinal() - 719163 for r in records]
    tables = []
    for number, group in enumerate(groups):
        out = bytearray()
        if number == 0:
            out += varints([len(records)] + days[:1] + [b - a for a, b in zip(days, days[1:])])
        cells = [tuple(v[i] for i in group) for v in values]
        combinations = _ordered_keys([(cell,) for cell in cells])
        out += varints([len(group)] + group + [len(combinations)])
        for combination in combinations:
            for facet, found in zip(group, combination):
                out += varints([len(found)] + [position[facet][key] for key in found])
        number_of = {combination: n for n, combination in enumerate(combinations)}
        column = [number_of[cell] for cell in cells]
        width = max(1, (max(column, default=0).bit_length() + 7) // 8)
        out.append(width)
        for plane in range(width):
            out += bytes((n >> (8 * plane)) & 0xFF for n in column)
        tables.append((group, gzip_bytes(bytes(out))))
    return tables


# ---------------------------------------------------------------- one language

def _language_files(site: Site, records, lang: str, keys, groups) -> dict[str, bytes]:
    terms: dict[str, array] = {}
    strong: dict[str, array] = {}
    exact: dict[str, array] = {}
    phrases: dict[str, array] = {}
    matcher = SynonymMatcher(site.synonyms)
    folds = _Folds()
    names: dict = {}
    shown: list[bytes] = []
    places: dict[str, str] = {}
    locality = next(f for f in SEARCH_FACETS if f.name == "locality")

    def place(key: str) -> str:
        if key not in places:
            places[key] = facet_label(site, locality, key, lang)
        return places[key]

    for doc, record in enumerate(records):
        document = search_document(site, record, lang, names)
        found, weighty, spelled, pairs = record_terms(document, matcher, folds)
        for table, items in ((terms, found), (strong, weighty), (exact, spelled), (phrases, pairs)):
            for item in items:
                table.setdefault(item, array("i")).append(doc)
        shown.append(json_bytes({"t": document.title, "u": document.path, "n": document.number, "x": document.snippet,
                            "l": place(record.fields["locality"]), **({"f": 1} if document.title_fallback else {})}))

    body: dict[str, bytes] = {}
    first_keys = []
    for number, (first, chunk) in enumerate(chunks(terms, strong)):
        first_keys.append(first)
        body[f"t/{number}.bin"] = gzip_bytes(chunk)
    exact_buckets = buckets(exact, "x", body)
    phrase_buckets = buckets(phrases, "p", body)
    for doc, data in enumerate(shown):
        body[f"d/{doc}.json"] = data
    for facets, _ in groups:
        body[f"labels-{facets[0]}.json"] = json_bytes([[[key, facet_label(site, SEARCH_FACETS[f], key, lang)]
                                                   for key in keys[f]] for f in facets])
    version = digest(b"".join(path.encode() + data for path, data in sorted(body.items()))
                      + "".join(path for _, path in groups).encode())
    folder = f"{INDEX_DIR}/{lang}/{version}/"
    manifest = {
        "format": FORMAT, "lang": lang, "docs": len(records), "dir": folder, "terms": first_keys,
        "exact": exact_buckets, "phrases": phrase_buckets,
        "facets": [{"name": f.name, "label": f.label[lang]} for f in SEARCH_FACETS],
        "groups": [{"facets": facets, "table": path, "labels": f"{folder}labels-{facets[0]}.json"}
                   for facets, path in groups],
        "kinds": {name: kind.label[lang] for name, kind in KINDS.items()},
        "synonyms": [[g.key, [list(p) for p in g.phrases]] for g in site.synonyms],
        "documents": _document_links(site, lang),
    }
    files = {folder + path: data for path, data in body.items()}
    files[manifest_path(lang)] = json_bytes(manifest)
    return files


def record_terms(document: SearchDocument, matcher: "SynonymMatcher", folds: dict | None = None):
    """What a record is filed under: ``(words, strong words, exact spellings, word pairs)``.

    Words are folded words, document numbers and synonym keys; strong words are those of the
    title and keywords, and the record's own numbers as a whole (1234/qd-ubnd, not qd or ubnd);
    exact spellings are the words that carry accents; pairs are adjacent folded words.
    ``folds`` caches folding between records."""
    folds = _Folds() if folds is None else folds
    heavy = " \n ".join(document.strong)
    light = " \n ".join(document.numbers + document.texts + (document.body,))
    heavy_words, light_words = words(heavy), words(light)
    heavy_line = list(map(folds.__getitem__, heavy_words))
    light_line = list(map(folds.__getitem__, light_words))
    weighty = set(heavy_line)
    weighty.update(codes(heavy), matcher.keys_in(heavy_line, weighty), codes(" \n ".join(document.numbers)))
    found = set(light_line)
    found.update(codes(light), matcher.keys_in(light_line, found), weighty)
    spelled = {w for w in set(heavy_words).union(light_words) if folds[w] != w}
    pairs = set(map(" ".join, zip(heavy_line, heavy_line[1:])))
    pairs.update(map(" ".join, zip(light_line, light_line[1:])))
    return found, weighty, spelled, pairs


def _document_links(site: Site, lang: str) -> list:
    """Directives and other documents by number, so that typing "24-CT/TU" offers the document's page."""
    links = []
    for entity in sorted(site.entities.get("document", {}).values(), key=lambda e: e.id):
        number = entity.fields["number"]
        found = codes(number) or [" ".join(fold_word(w) for w in words(number))]
        title = entity.fields["title"]
        links.append([found[0], number, title.get(lang) or title["vi"],
                      urls.localized(site.config, lang, urls.record_path(site.config, "document", entity.id))])
    return links


class SynonymMatcher:
    """Finds the members of synonym groups in a list of folded words."""

    def __init__(self, groups) -> None:
        self.starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group in groups:
            for phrase in group.phrases:
                self.starts.setdefault(phrase[0], []).append((phrase, group.key))

    def keys_in(self, line: list[str], present: set[str]) -> set[str]:
        """The group keys whose members occur in ``line`` (``present``: the set of its words)."""
        found = set()
        starting = self.starts.keys() & present
        if not starting:
            return found
        for i, word in enumerate(line):
            if word in starting:
                for phrase, key in self.starts[word]:
                    if len(phrase) == 1 or tuple(line[i:i + len(phrase)]) == phrase:
                        found.add(key)
        return found


class _Folds(dict):
    """word -> folded word, computed once per distinct word."""

    def __missing__(self, word: str) -> str:
        self[word] = folded = fold_word(word)
        return folded
