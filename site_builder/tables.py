"""The CSV side of the open data: one row per record or entity, one column per declared leaf field.

Columns are read from the kind declaration in ``kinds.py``, so their order is stable: ``id``, the
addresses, then every field, nested objects flattened with dots (``decision.number``). Text has a
``.vi`` and an ``.en`` column, a reference its id and a ``.name`` column, a code its key and a
``.label`` column; several values in one cell are joined with :data:`LIST_SEPARATOR`, lists of
objects are one JSON array. Files are UTF-8 with a byte order mark (so Excel reads Vietnamese),
and each has a JSON Schema of a row read as text (:func:`csv_row_schema`), which is also its
column dictionary. Pure, like :mod:`exports`, whose JSON values the cells are made from.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Mapping

from . import urls
from .exports import PAGE_URL, TOMBSTONE_FIELDS, compact_json, export_value, record_data_path
from .json_schemas import DIALECT
from .kinds import ENTITIES, KINDS
from .records import Entity, Record
from .schema import ID_PATTERN, Boolean, Date, DateTime, Enum, FieldType, Integer, ListOf, Number, Object, Ref, Text, Url
from .site import LINKED_ENTITIES, Site
from .spreadsheet import safe_cell

LIST_SEPARATOR = " | "
CSV_BOM = "\ufeff"
NOT_IN_CSV = ("body", "body_en")  # long Markdown: in the JSON only


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
        return compact_json(exported) if exported else ""
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
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)  # no formulas in spreadsheets
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
