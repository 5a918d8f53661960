"""Open data: every published record and reference entity as JSON, the way the files publish it.

Pure: values of the :class:`Site` in, JSON-ready values out. Everything is read from the one
declaration in ``kinds.py``: the JSON keeps the declared shape (text as ``{vi, en}``, dates as ISO
strings, references as ``{id, name, url}``); :mod:`tables` makes the CSV from the same values. Only
what the site publishes is exported: drafts and embargoed records are not in the :class:`Site` at
all, references to them are dropped, a withdrawn record is only its tombstone, and people appear
only as their ``publish`` policy allows.

Files (language-neutral, under ``data/`` except the per-record files; ``open_data.data_files``):

- ``data/<kind>.json`` / ``.csv`` for ``emulation_model``, ``commendation``, ``inspection_result``;
- ``models/<id>/<id>.json`` beside each record's page;
- ``data/units.json`` / ``.csv``, localities, documents, themes, series, observations;
- ``data/schemas/*.schema.json`` for every JSON and CSV file (a CSV row schema is over strings).
"""

from __future__ import annotations

import json
from typing import Mapping
from urllib.parse import quote

from . import urls
from .kinds import ENTITIES, KINDS
from .records import Entity, Record
from .schema import FieldType, ListOf, Object, Ref, Text
from .site import LINKED_ENTITIES, Site
from .text import initials

DATA_DIR = "data/"
SCHEMA_DIR = "data/schemas/"
#: Reference data published as files (people are personal data: they are never exported as a table).
REFERENCE_DATA = ("unit", "locality", "document", "theme", "series", "observation")
TOMBSTONE_FIELDS = ("id", "title", "published", "corrections")
PAGE_URL = "page_url"  # an entity's page on this site (a document's ``url`` is its official text)


def L(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


DESCRIPTIONS = {
    "emulation_model": L("Mô hình, cách làm hay đã công bố: lĩnh vực, đơn vị thực hiện, phạm vi, kết quả, nguồn.",
                         "Published emulation models: field, units, coverage, results and sources."),
    "commendation": L("Quyết định khen thưởng đã công bố: số, ngày, cơ quan quyết định, hình thức, đối tượng.",
                      "Published commendation decisions: number, date, issuer, form of award and recipients."),
    "inspection_result": L("Kết quả thanh tra, kiểm tra, giám sát: kết luận, phát hiện, xử lý, kiến nghị, số liệu.",
                           "Inspection results: conclusions, findings, sanctions, recommendations and figures."),
    "unit": L("Cơ quan, đơn vị, tổ chức, kể cả đơn vị đã giải thể và đơn vị kế thừa.",
              "Agencies, committees and other bodies, including dissolved ones and their successors."),
    "locality": L("Địa bàn hành chính trước và sau ngày 01/7/2025, với mã và quan hệ kế thừa.",
                  "Administrative areas before and after 1 July 2025, with codes and successions."),
    "document": L("Chỉ thị, nghị quyết, kế hoạch và văn bản khác mà hồ sơ dẫn chiếu.",
                  "Directives, resolutions, plans and other documents the records cite."),
    "theme": L("Chủ đề năm, chuyên đề học tập và phương châm hành động.",
               "Annual work themes, study themes and action mottos."),
    "series": L("Định nghĩa các chỉ tiêu thống kê.", "Definitions of the statistic series."),
    "observation": L("Số liệu thống kê không gắn với một hồ sơ riêng.", "Statistic values not tied to one record."),
}


# ---------------------------------------------------------------- paths

def record_data_path(site: Site, record: Record) -> str:
    """``models/<id>/<id>.json``: beside the record's page in the default-language tree."""
    return urls.record_path(site.config, record.kind, record.id) + f"{record.id}.json"


def dataset_name(type_name: str) -> str:
    """File stem of a dataset: the kind name for records, the data file's stem for entities."""
    return type_name if type_name in KINDS else ENTITIES[type_name].file.removesuffix(".yaml")


def dataset_paths(type_name: str) -> dict[str, str]:
    """Every file of one dataset: ``json``, ``csv`` and their schemas (and ``record_schema`` for kinds)."""
    stem = dataset_name(type_name)
    paths = {"json": f"{DATA_DIR}{stem}.json", "csv": f"{DATA_DIR}{stem}.csv",
             "json_schema": f"{SCHEMA_DIR}{stem}.schema.json", "csv_schema": f"{SCHEMA_DIR}{stem}.csv.schema.json"}
    if type_name in KINDS:
        paths["record_schema"] = f"{SCHEMA_DIR}{stem}.record.schema.json"
    return paths


# ---------------------------------------------------------------- values as published

def _ref(site: Site, identifier: str) -> dict | None:
    """A reference as ``{id, name, url}``; ``None`` for a record that is not public."""
    config = site.config
    record = site.by_id.get(identifier)
    if record is not None:
        return {"id": identifier, "name": dict(record.fields["title"]),
                "url": urls.absolute_url(config, config.default_language,
                                         urls.record_path(config, record.kind, identifier))}
    entity = site.entity(identifier)
    if entity is None:
        return None  # a draft or embargoed record: never named
    if entity.type == "person":
        policy = entity.fields.get("publish")
        if policy == "full_name":
            return {"id": identifier, "name": {"vi": entity.fields["name"]}}
        if policy == "initials":
            return {"name": {"vi": initials(entity.fields["name"])}}
        return {"name": None}
    result = {"id": identifier, "name": entity_text(entity)}
    if entity.type in LINKED_ENTITIES:
        result["url"] = urls.absolute_url(config, config.default_language,
                                          urls.record_path(config, entity.type, identifier))
    return result


def entity_text(entity: Entity) -> dict:
    """How an entity is named, in both languages: a document by its number, others by name."""
    if entity.type == "document":
        return {"vi": entity.fields["number"]}
    for key in ("name", "label", "text"):
        if key in entity.fields:
            value = entity.fields[key]
            return dict(value) if isinstance(value, dict) else {"vi": str(value)}
    return {"vi": entity.id}


def reference_table(site: Site) -> dict[str, dict]:
    """Every id a record may point at, as its published reference (computed once per build)."""
    identifiers = [*site.by_id, *(e.id for table in site.entities.values() for e in table.values())]
    return {identifier: _ref(site, identifier) for identifier in identifiers}


def export_value(refs: Mapping[str, dict], field_type: FieldType, value):
    """``value`` (declared as ``field_type``) as published JSON; ``None`` when it must be left out
    (a reference missing from ``refs`` is a record that is not public)."""
    if value is None:
        return None
    if isinstance(field_type, Ref):
        return refs.get(value)
    if isinstance(field_type, ListOf):
        items = [export_value(refs, field_type.item, v) for v in value]
        items = [item for item in items if item is not None]
        return items or None
    if isinstance(field_type, Object):
        return export_object(refs, field_type, value)
    if isinstance(field_type, Text):
        return dict(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export_object(refs: Mapping[str, dict], object_type: Object, value) -> dict:
    result = {}
    for declared in object_type.fields:
        if declared.name in value:
            exported = export_value(refs, declared.type, value[declared.name])
            if exported is not None:
                result[declared.name] = exported
    return result


def _page_urls(site: Site, kind: str, identifier: str) -> dict:
    path = urls.record_path(site.config, kind, identifier)
    return {lang: urls.absolute_url(site.config, lang, path) for lang in site.config.languages}


def export_record(site: Site, record: Record, refs: Mapping[str, dict] | None = None) -> dict:
    """One record as published: every public field, or only the tombstone when withdrawn."""
    config = site.config
    refs = reference_table(site) if refs is None else refs
    data_url = config.base_url + record_data_path(site, record)
    if record.status == "withdrawn":
        result = {name: export_value(refs, KINDS[record.kind].schema.by_name[name].type, record.fields[name])
                  for name in TOMBSTONE_FIELDS if name in record.fields}
        if "corrections" in result:
            result["corrections"] = result["corrections"][-1:]  # the reason for withdrawing
        result.update(kind=record.kind, status="withdrawn", url=_page_urls(site, record.kind, record.id),
                      data_url=data_url)
        return result
    result = export_object(refs, KINDS[record.kind].schema, record.fields)
    result.pop("body", None)
    if record.body:
        result["body"] = record.body
    if record.body_en:
        result["body_en"] = record.body_en
    page = urls.record_path(config, record.kind, record.id)
    for attachment in result.get("attachments", ()):
        attachment["url"] = config.base_url + page + quote(attachment["file"].rsplit("/", 1)[-1])  # as the page links it
    result.update(kind=record.kind, url=_page_urls(site, record.kind, record.id), data_url=data_url)
    return result


def export_entity(site: Site, entity: Entity, refs: Mapping[str, dict] | None = None) -> dict:
    refs = reference_table(site) if refs is None else refs
    result = export_object(refs, ENTITIES[entity.type].schema, entity.fields)
    if entity.type in LINKED_ENTITIES:
        result[PAGE_URL] = urls.absolute_url(site.config, site.config.default_language,
                                             urls.record_path(site.config, entity.type, entity.id))
    return result


# ---------------------------------------------------------------- the files

def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_bytes(value, indent: int | None = 2) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent) + "\n").encode("utf-8")


def json_lines_array(lines: list[str]) -> bytes:
    """A JSON array of already encoded items, one per line: compact, yet readable and diff-friendly."""
    return ("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n").encode("utf-8")


def record_list(site: Site, kind: str) -> list[Record]:
    """The records of a kind that have a page (withdrawn ones included), in the site's order."""
    return [r for r in site.by_id.values() if r.kind == kind]


def entity_list(site: Site, type_name: str) -> list[Entity]:
    """Entities by id; observations (whose id is optional) in the order of their file."""
    entities = site.entities[type_name].values()
    if ENTITIES[type_name].id_required:
        return sorted(entities, key=lambda e: e.id)
    return sorted(entities, key=lambda e: (e.location.path, e.location.line, e.id))
