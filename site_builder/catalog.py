"""The data catalogue: what each dataset holds and covers, and ``data/catalog.json`` (DCAT).

Why DCAT rather than a Frictionless ``datapackage.json``: the people who reuse these files are
journalists and other agencies, and the machines that find datasets for them are government
open-data portals (CKAN, data.europa.eu, national portals), which harvest DCAT catalogues. DCAT
also describes what a data package cannot say well: Atom feeds as distributions, licence,
contact point, spatial coverage as links to locality pages, and nested JSON with its JSON Schema
(``dct:conformsTo``). Each CSV file still has its column dictionary, as a JSON Schema of a row.

Pure: the site and the produced data files in, descriptions out. Sizes are of the bytes built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence

from . import urls
from .exports import DATA_DIR, DESCRIPTIONS, REFERENCE_DATA, dataset_name, dataset_paths, entity_list, entity_text, record_list
from .feeds import MEDIA_TYPE as ATOM_MEDIA_TYPE
from .feeds import kind_feed_path, record_updated
from .kinds import ENTITIES, KINDS
from .records import Record
from .site import Site

CATALOG_PATH = DATA_DIR + "catalog.json"
DATA_PAGE = "data/"
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "json_schema": "application/schema+json",
               "record_schema": "application/schema+json", "csv_schema": "application/schema+json",
               "feed": ATOM_MEDIA_TYPE}
FORMATS = {"json": "JSON", "csv": "CSV", "json_schema": "JSON Schema", "record_schema": "JSON Schema",
           "csv_schema": "JSON Schema", "feed": "Atom"}
#: Licences recognised in the ``licence`` text of site.yaml, most specific first.
LICENCES = (("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
            ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
            ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
            ("ODbL", "https://opendatacommons.org/licenses/odbl/1-0/"),
            ("ODC-BY", "https://opendatacommons.org/licenses/by/1-0/"))
CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
           "foaf": "http://xmlns.com/foaf/0.1/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
           "skos": "http://www.w3.org/2004/02/skos/core#", "vcard": "http://www.w3.org/2006/vcard/ns#",
           "xsd": "http://www.w3.org/2001/XMLSchema#"}


@dataclass(frozen=True)
class Download:
    """One file of a dataset."""

    role: str            # json, csv, json_schema, record_schema, csv_schema, feed
    path: str            # language-neutral output path
    size: int            # bytes (0 for feeds, which exist per language)
    media_type: str
    conforms_to: str | None = None   # path of the JSON Schema the file follows


@dataclass(frozen=True)
class Dataset:
    """A kind of record or a reference table, as the data page and the catalogue describe it."""

    name: str                         # emulation_model ... unit ...
    stem: str                         # file stem: emulation_model, units ...
    title: Mapping[str, str]
    description: Mapping[str, str]
    count: int
    downloads: tuple[Download, ...]
    start: dt.date | None = None      # temporal coverage
    end: dt.date | None = None
    modified: dt.date | None = None
    spatial: tuple[str, ...] = ()     # ids of the top-level localities the records are in

    @property
    def of_records(self) -> bool:
        return self.name in KINDS

    @property
    def files(self) -> dict[str, Download]:
        """The downloads by role: ``dataset.files["csv"]``."""
        return {d.role: d for d in self.downloads}


def coverage(records: Sequence[Record]) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the records' periods cover."""
    starts, ends = [], []
    for record in records:
        period = record.fields.get("period", {})
        start = period.get("start") or period.get("as_of")
        end = period.get("end") or period.get("as_of") or start
        if start:
            starts.append(start)
            ends.append(end)
    return (min(starts), max(ends)) if starts else (None, None)


def top_localities(site: Site, records: Sequence[Record]) -> tuple[str, ...]:
    """The provinces and cities (localities without a parent) that hold the records' localities."""
    table = site.entities["locality"]
    roots = set()
    for identifier in {r.fields["locality"] for r in records}:
        seen = set()
        while identifier in table and table[identifier].fields.get("parent") and identifier not in seen:
            seen.add(identifier)
            identifier = table[identifier].fields["parent"]
        if identifier in table:
            roots.add(identifier)
    return tuple(sorted(roots))


def describe_datasets(site: Site, files: Mapping[str, bytes]) -> tuple[Dataset, ...]:
    """Every dataset with its files (and their sizes in ``files``), coverage and last change."""
    datasets = []
    for name, kind in KINDS.items():
        records = record_list(site, name)
        paths = dataset_paths(name)
        downloads = [Download(role, path, len(files.get(path, b"")), MEDIA_TYPES[role],
                              paths["json_schema"] if role == "json" else
                              paths["csv_schema"] if role == "csv" else None)
                     for role, path in paths.items()]
        downloads.append(Download("feed", kind_feed_path(site, name), 0, ATOM_MEDIA_TYPE))
        listed = [r for r in records if r.status != "withdrawn"]
        start, end = coverage(listed)
        datasets.append(Dataset(name, dataset_name(name), kind.plural, DESCRIPTIONS[name], len(records), tuple(downloads), start, end,
                                max((record_updated(r) for r in records), default=None),
                                top_localities(site, listed)))
    for name in REFERENCE_DATA:
        paths = dataset_paths(name)
        downloads = tuple(Download(role, path, len(files.get(path, b"")), MEDIA_TYPES[role],
                                   paths["json_schema"] if role == "json" else
                                   paths["csv_schema"] if role == "csv" else None)
                          for role, path in paths.items())
        datasets.append(Dataset(name, dataset_name(name), ENTITIES[name].plural, DESCRIPTIONS[name], len(entity_list(site, name)),
                                downloads))
    return tuple(datasets)


def licence_url(site: Site) -> str | None:
    text = " ".join(site.config.licence.values()) if site.config.licence else ""
    return next((url for code, url in LICENCES if code in text), None)


def _texts(value: Mapping[str, str] | None, languages) -> list[dict]:
    if not value:
        return []
    return [{"@language": lang, "@value": value[lang]} for lang in languages if value.get(lang)]


def _date(day: dt.date) -> dict:
    return {"@type": "xsd:date", "@value": day.isoformat()}


def dcat_catalog(site: Site, datasets: Sequence[Dataset]) -> dict:
    """``data/catalog.json``: a DCAT catalogue in JSON-LD, with every dataset and every distribution."""
    config = site.config
    languages = config.languages
    base = config.base_url
    page = urls.absolute_url(config, config.default_language, DATA_PAGE)
    licence = {"@type": "dct:LicenseDocument", "rdfs:label": _texts(config.licence, languages)}
    if licence_url(site):
        licence["@id"] = licence_url(site)
    publisher = {"@type": "foaf:Agent", "foaf:name": _texts(config.publisher or config.title, languages)}
    records = list(site.by_id.values())
    listed = [r for r in records if r.status != "withdrawn"]
    start, end = coverage(listed)
    modified = max((d.modified for d in datasets if d.modified), default=None)
    catalog = {
        "@context": CONTEXT,
        "@id": base + CATALOG_PATH,
        "@type": "dcat:Catalog",
        "dct:title": _texts(config.title, languages),
        "dct:description": _texts(config.description, languages),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": [{"@id": f"http://id.loc.gov/vocabulary/iso639-1/{lang}"} for lang in languages],
        "foaf:homepage": {"@id": base},
        "dcat:landingPage": {"@id": page},
        "dct:spatial": [_location(site, i) for i in top_localities(site, listed)],
        "dcat:dataset": [_dataset(site, d, licence, publisher, page) for d in datasets],
    }
    if start:
        catalog["dct:temporal"] = _period(start, end)
    if modified:
        catalog["dct:modified"] = _date(modified)
    if config.contact.get("email") or config.contact.get("url"):
        contact = {"@type": "vcard:Organization", "vcard:fn": _texts(config.publisher or config.title, languages)}
        if config.contact.get("email"):
            contact["vcard:hasEmail"] = {"@id": "mailto:" + config.contact["email"]}
        if config.contact.get("url"):
            contact["vcard:hasURL"] = {"@id": config.contact["url"]}
        catalog["dcat:contactPoint"] = contact
    return catalog


def _period(start: dt.date, end: dt.date) -> dict:
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(start), "dcat:endDate": _date(end)}


def _location(site: Site, identifier: str) -> dict:
    config = site.config
    entity = site.entities["locality"][identifier]
    return {"@id": urls.absolute_url(config, config.default_language,
                                     urls.record_path(config, "locality", identifier)),
            "@type": "dct:Location", "skos:prefLabel": _texts(entity_text(entity), config.languages)}


def _dataset(site: Site, dataset: Dataset, licence: dict, publisher: dict, page: str) -> dict:
    config = site.config
    languages = config.languages
    result = {"@id": f"{page}#{dataset.stem}", "@type": "dcat:Dataset", "dct:identifier": dataset.stem,
              "dct:title": _texts(dataset.title, languages), "dct:description": _texts(dataset.description, languages),
              "dct:publisher": publisher, "dct:license": licence, "dcat:landingPage": {"@id": page},
              "dcat:distribution": [_distribution(site, dataset, d, licence) for d in dataset.downloads]}
    if dataset.start:
        result["dct:temporal"] = _period(dataset.start, dataset.end)
    if dataset.modified:
        result["dct:modified"] = _date(dataset.modified)
    if dataset.spatial:
        result["dct:spatial"] = [_location(site, i) for i in dataset.spatial]
    return result


def _distribution(site: Site, dataset: Dataset, download: Download, licence: dict) -> dict:
    config = site.config
    url = urls.absolute_url(config, config.default_language, download.path) if download.role == "feed" \
        else config.base_url + download.path
    title = {"json": "JSON", "csv": "CSV (UTF-8)", "json_schema": "JSON Schema (JSON)",
             "record_schema": "JSON Schema (one record)", "csv_schema": "JSON Schema (CSV row)",
             "feed": "Atom"}[download.role]
    result = {"@id": f"{config.base_url}{CATALOG_PATH}#{dataset.stem}-{download.role}", "@type": "dcat:Distribution",
              "dct:title": title, "dcat:downloadURL": {"@id": url}, "dcat:accessURL": {"@id": url},
              "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{download.media_type}"},
              "dct:format": FORMATS[download.role], "dct:license": licence}
    if download.size:
        result["dcat:byteSize"] = {"@type": "xsd:nonNegativeInteger", "@value": str(download.size)}
    if download.conforms_to:
        result["dct:conformsTo"] = {"@id": config.base_url + download.conforms_to}
    return result
