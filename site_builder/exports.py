"""Open data: every published record and reference entity as JSON and CSV, with JSON Schemas.

Pure: :class:`Site` in, ``{output path: bytes}`` out. Everything is read from the one declaration
in ``kinds.py``: the JSON keeps the declared shape (text as ``{vi, en}``, dates as ISO strings,
references as ``{id, name, url}``); the CSV has one row per record and one column per declared
leaf field, in declaration order. Only what the site publishes is exported: drafts and embargoed
records are not in the :class:`Site` at all, references to them are dropped, a withdrawn record
is only its tombstone, and people appear only as their ``publish`` policy allows.

Files (language-neutral, under ``data/`` except the per-record files):

- ``data/<kind>.json`` / ``.csv`` for ``emulation_model``, ``commendation``, ``inspection_result``;
- ``models/<id>/<id>.json`` beside each record's page;
- ``data/units.json`` / ``.csv``, localities, documents, themes, series, observations;
- ``data/schemas/*.schema.json`` for every JSON and CSV file (a CSV row schema is over strings).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Mapping

from . import urls
from .json_schemas import (DIALECT, entity_list_export_schema, record_export_schema, record_list_export_schema)
from .kinds import ENTITIES, KINDS
from .records import Entity, Record
from .schema import (ID_PATTERN, Boolean, Date, DateTime, Enum, FieldType, Integer, ListOf, Number, Object, Ref,
                     Text, Url)
from .site import LINKED_ENTITIES, Site
from .text import initials

DATA_DIR = "data/"
SCHEMA_DIR = "data/schemas/"
#: Reference data published as files (people are personal data: they are never exported as a table).
REFERENCE_DATA = ("unit", "locality", "document", "theme", "series", "observation")
LIST_SEPARATOR = " | "
CSV_BOM = "\ufeff"
NOT_IN_CSV = ("body", "body_en")  # long Markdown: in the JSON only
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
        attachment["url"] = config.base_url + page + attachment["file"].rsplit("/", 1)[-1]
    result.update(kind=record.kind, url=_page_urls(site, record.kind, record.id), data_url=data_url)
    return result


def export_entity(site: Site, entity: Entity, refs: Mapping[str, dict] | None = None) -> dict:
    refs = reference_table(site) if refs is None else refs
    result = export_object(refs, ENTITIES[entity.type].schema, entity.fields)
    if entity.type in LINKED_ENTITIES:
        result[PAGE_URL] = urls.absolute_url(site.config, site.config.default_language,
                                             urls.record_path(site.config, entity.type, entity.id))
    return result


# ---------------------------------------------------------------- CSV

@dataclass(frozen=True)
class Column:
    """One CSV column: its header, where its value comes from and what shape the cell has."""

    name: str
    path: tuple            # field path into the record's or entity's fields
    shape: str             # scalar, text, ref, ref_name, enum_label, list, ref_list, ref_list_name, text_list, json
    field_type: FieldType
    title: str
    lang: str = ""


def csv_columns(object_type: Object, prefix: tuple = (), title: str = "") -> list[Column]:
    """The columns of a declared object, in declaration order (nested objects flattened with dots)."""
    columns = []
    for declared in object_type.fields:
        if not prefix and declared.name in NOT_IN_CSV:
            continue
        path = prefix + (declared.name,)
        name = ".".join(path)
        label = f"{title}{declared.label['vi']} / {declared.label['en']}"
        kind = declared.type
        if isinstance(kind, ListOf):
            item = kind.item
            if isinstance(item, Object):
                columns.append(Column(name, path, "json", kind, label + " (JSON)"))
            elif isinstance(item, Text):
                columns += [Column(f"{name}.{lang}", path, "text_list", kind, f"{label} ({lang})", lang)
                            for lang in ("vi", "en")]
            elif isinstance(item, Ref):
                columns += [Column(name, path, "ref_list", kind, label + " (id)"),
                            Column(f"{name}.name", path, "ref_list_name", kind, label)]
            else:
                columns.append(Column(name, path, "list", kind, label))
        elif isinstance(kind, Object):
            columns += csv_columns(kind, path, f"{label}: ")
        elif isinstance(kind, Text):
            columns += [Column(f"{name}.{lang}", path, "text", kind, f"{label} ({lang})", lang) for lang in ("vi", "en")]
        elif isinstance(kind, Ref):
            columns += [Column(name, path, "ref", kind, label + " (id)"), Column(f"{name}.name", path, "ref_name",
                                                                               kind, label)]
        elif isinstance(kind, Enum):
            columns += [Column(name, path, "scalar", kind, label + " (code)"),
                        Column(f"{name}.label", path, "enum_label", kind, label)]
        else:
            columns.append(Column(name, path, "scalar", kind, label))
    return columns


def record_columns(kind: str) -> list[Column]:
    """``id, url, data_url``, then every declared field of the kind in declaration order."""
    columns = csv_columns(KINDS[kind].schema)
    return columns[:1] + [Column("url", (), "url", Url(), "Địa chỉ trang / Page address"),
                          Column("data_url", (), "data_url", Url(), "Tệp JSON / JSON file")] + columns[1:]


def entity_columns(type_name: str) -> list[Column]:
    """``id, page_url`` (entities with a page), then every declared field (a document's own ``url``
    is the address of its official text)."""
    columns = csv_columns(ENTITIES[type_name].schema)
    lead = [Column(PAGE_URL, (), "url", Url(), "Trang trên site / Page on this site")] \
        if type_name in LINKED_ENTITIES else []
    return columns[:1] + lead + columns[1:]


def _get(fields, path: tuple):
    value = fields
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _scalar_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _name_text(ref: dict | None) -> str:
    return (ref.get("name") or {}).get("vi", "") if ref else ""


def _cell(site: Site, column: Column, fields, refs: Mapping[str, dict]) -> str:
    value = _get(fields, column.path)
    if value is None:
        return ""
    shape = column.shape
    if shape == "scalar":
        return _scalar_text(value)
    if shape == "text":
        return value.get(column.lang, "")
    if shape in ("ref", "ref_name"):
        ref = refs.get(value)
        return (ref or {}).get("id", "") if shape == "ref" else _name_text(ref)
    if shape == "enum_label":
        term = site.vocabularies[column.field_type.vocabulary].terms.get(value)
        return term.label["vi"] if term else str(value)
    if shape == "list":
        return LIST_SEPARATOR.join(_scalar_text(v) for v in value)
    if shape == "text_list":
        return LIST_SEPARATOR.join(v.get(column.lang, "") for v in value)
    if shape in ("ref_list", "ref_list_name"):
        found = [r for r in (refs.get(v) for v in value) if r is not None]
        if shape == "ref_list":
            return LIST_SEPARATOR.join(r["id"] for r in found if "id" in r)
        return LIST_SEPARATOR.join(_name_text(r) for r in found)
    if shape == "json":
        exported = export_value(refs, column.field_type, value)
        return _compact(exported) if exported else ""
    raise ValueError(f"unknown column shape {shape!r}")


def record_row(site: Site, record: Record, columns: list[Column], refs: Mapping[str, dict]) -> list[str]:
    """One CSV row; a withdrawn record fills only its tombstone columns."""
    config = site.config
    withdrawn = record.status == "withdrawn"
    fields = record.fields
    if withdrawn:
        fields = {name: record.fields[name] for name in TOMBSTONE_FIELDS if name in record.fields}
        if "corrections" in fields:
            fields["corrections"] = fields["corrections"][-1:]
        fields["status"] = "withdrawn"
    row = []
    for column in columns:
        if column.shape == "url":
            row.append(urls.absolute_url(config, config.default_language,
                                         urls.record_path(config, record.kind, record.id)))
        elif column.shape == "data_url":
            row.append(config.base_url + record_data_path(site, record))
        else:
            row.append(_cell(site, column, fields, refs))
    return row


def entity_row(site: Site, entity: Entity, columns: list[Column], refs: Mapping[str, dict]) -> list[str]:
    config = site.config
    return [urls.absolute_url(config, config.default_language, urls.record_path(config, entity.type, entity.id))
            if column.shape == "url" else _cell(site, column, entity.fields, refs) for column in columns]


def csv_bytes(columns: list[Column], rows) -> bytes:
    """UTF-8 with a BOM (so Excel reads Vietnamese correctly), CRLF line ends, a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    writer.writerows(rows)
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")


_ID = ID_PATTERN.pattern.strip("^$")


def _cell_pattern(column: Column, vocabularies) -> str | None:
    """The regular expression a non-empty cell of ``column`` matches (``None``: any text)."""
    kind = column.field_type
    item = kind.item if isinstance(kind, ListOf) else kind
    if column.shape in ("url", "data_url"):
        return r"https?://\S+"
    if column.shape == "json":
        return r"\[.*\]"
    if column.shape in ("ref", "ref_list"):
        single = _ID
    elif column.shape in ("scalar", "list"):
        if isinstance(item, Enum):
            single = "(" + "|".join(re.escape(v) for v in vocabularies[item.vocabulary].terms) + ")"
        elif isinstance(item, DateTime):
            single = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)"
        elif isinstance(item, Date):
            single = r"\d{4}-\d{2}-\d{2}"
        elif isinstance(item, Number):
            single = r"-?\d+(\.\d+)?([eE][+-]?\d+)?"
        elif isinstance(item, Integer):
            single = r"-?\d+"
        elif isinstance(item, Boolean):
            single = "(true|false)"
        elif isinstance(item, Url):
            single = r"https?://\S+"
        else:
            return None
    else:
        return None
    if column.shape in ("list", "ref_list"):
        return f"{single}( \\| {single})*"
    return single


def csv_row_schema(title: str, columns: list[Column], vocabularies, id_required: bool = True) -> dict:
    """JSON Schema of one CSV row read as ``{header: text}`` (``csv.DictReader``): the data dictionary."""
    properties = {}
    for column in columns:
        prop = {"type": "string", "title": column.title}
        pattern = _cell_pattern(column, vocabularies)
        if column.shape in ("url", "data_url") or (column.name == "id" and id_required):
            prop["minLength"] = 1
            if pattern:
                prop["pattern"] = f"^{pattern}$"
        elif pattern:
            prop["pattern"] = f"^({pattern})?$"
        properties[column.name] = prop
    return {"$schema": DIALECT, "title": title,
            "description": f"One row of the CSV file, read as text. Empty cells mean no value. Lists are joined "
                           f"with '{LIST_SEPARATOR}'; lists of objects are JSON arrays; text is in two "
                           f"columns, .vi and .en; a reference is its id plus a .name column.",
            "type": "object", "properties": properties, "required": [c.name for c in columns],
            "additionalProperties": False}


# ---------------------------------------------------------------- the files

def _compact(value) -> str:
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


def data_files(site: Site) -> dict[str, bytes]:
    """Every open-data file except the catalogue: per-kind and reference datasets, per-record JSON, schemas."""
    files: dict[str, bytes] = {}
    languages = site.config.languages
    refs = reference_table(site)
    for name, kind in KINDS.items():
        paths = dataset_paths(name)
        records = record_list(site, name)
        encoded = [_compact(export_record(site, record, refs)) for record in records]
        for record, line in zip(records, encoded):
            files[record_data_path(site, record)] = (line + "\n").encode("utf-8")
        files[paths["json"]] = json_lines_array(encoded)
        columns = record_columns(name)
        files[paths["csv"]] = csv_bytes(columns, (record_row(site, r, columns, refs) for r in records))
        files[paths["json_schema"]] = json_bytes(record_list_export_schema(kind, site.vocabularies, languages))
        files[paths["record_schema"]] = json_bytes(record_export_schema(kind, site.vocabularies, languages))
        files[paths["csv_schema"]] = json_bytes(csv_row_schema(f"{kind.plural['vi']} / {kind.plural['en']} (CSV)",
                                                               columns, site.vocabularies))
    for type_name in REFERENCE_DATA:
        entity_type = ENTITIES[type_name]
        paths = dataset_paths(type_name)
        entities = entity_list(site, type_name)
        files[paths["json"]] = json_lines_array([_compact(export_entity(site, e, refs)) for e in entities])
        columns = entity_columns(type_name)
        files[paths["csv"]] = csv_bytes(columns, (entity_row(site, e, columns, refs) for e in entities))
        files[paths["json_schema"]] = json_bytes(entity_list_export_schema(entity_type, site.vocabularies,
                                                                           type_name in LINKED_ENTITIES))
        files[paths["csv_schema"]] = json_bytes(csv_row_schema(
            f"{entity_type.plural['vi']} / {entity_type.plural['en']} (CSV)", columns, site.vocabularies,
            entity_type.id_required))
    return files
