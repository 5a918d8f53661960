"""JSON Schema (draft 2020-12) generated from the one declaration of kinds and entities.

Two forms of the same fields:
- ``"input"``: what editors write (front matter, data files): text may be a plain string or
  ``{vi, en}``, dates are ``YYYY-MM-DD`` strings. Used by ``site-builder schema`` and editors.
- ``"export"``: what the published JSON holds: text is always ``{vi, en?}``.

Cross-field rules (recipients or recipient_counts, grain-dependent fields, award form against
recipient kind) stay in the validator: JSON Schema can state only part of them.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .kinds import COMMON_FIELDS, ENTITIES, EntityType, RecordKind
from .schema import (ID_PATTERN, Boolean, Date, DateTime, Enum, FieldType, Id, Integer, ListOf, Number, Object,
                     Ref, String, Text, Url, Vocabulary)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INPUT, EXPORT = "input", "export"


def field_schema(field_type: FieldType, vocabularies: Mapping[str, Vocabulary], form: str = INPUT,
                 known_ids: Mapping[str, Sequence[str]] | None = None) -> dict:
    """The JSON Schema of one declared field type; with ``known_ids`` (type -> ids of the project),
    a reference lists the ids it may name, so an editor offers them and flags typos."""
    if isinstance(field_type, Text):
        text_object = {"type": "object", "properties": {"vi": {"type": "string", "minLength": 1},
                                                         "en": {"type": "string"}},
                       "required": ["vi"], "additionalProperties": False}
        if field_type.max_length:
            for lang in ("vi", "en"):
                text_object["properties"][lang]["maxLength"] = field_type.max_length
        if form == EXPORT:
            return text_object
        plain = {"type": "string", "minLength": 1}
        if field_type.max_length:
            plain["maxLength"] = field_type.max_length
        return {"anyOf": [plain, text_object]}
    if isinstance(field_type, Id):
        return {"type": "string", "pattern": ID_PATTERN.pattern}
    if isinstance(field_type, String):
        result = {"type": "string", "minLength": 1, "maxLength": field_type.max_length}
        if field_type.pattern:
            result["pattern"] = field_type.pattern.pattern
        return result
    if isinstance(field_type, Url):
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}
    if isinstance(field_type, DateTime):
        if form == EXPORT:
            return {"type": "string", "format": "date-time"}
        # naive date-times are allowed on input (they mean Vietnam time, UTC+7)
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
                                               r"(Z|[+-]\d{2}:?\d{2})?)?$"}
    if isinstance(field_type, Date):
        return {"type": "string", "format": "date"}
    if isinstance(field_type, Number):
        result = {"type": "number"}
        if field_type.minimum is not None:
            result["minimum"] = field_type.minimum
        return result
    if isinstance(field_type, Integer):
        result = {"type": "integer"}
        if field_type.minimum is not None:
            result["minimum"] = field_type.minimum
        return result
    if isinstance(field_type, Boolean):
        return {"type": "boolean"}
    if isinstance(field_type, Enum):
        terms = vocabularies[field_type.vocabulary].terms.values()
        return {"enum": [t.value for t in terms],
                "oneOf": [{"const": t.value, "title": f"{t.label['vi']} / {t.label['en']}"} for t in terms]}
    if isinstance(field_type, Ref):
        if form == EXPORT:
            return export_ref_schema(field_type)
        result = {"type": "string", "pattern": ID_PATTERN.pattern,
                  "description": "id of a " + " or ".join(field_type.targets)}
        if known_ids is not None:
            result["enum"] = sorted({i for target in field_type.targets for i in known_ids.get(target, ())})
        return result
    if isinstance(field_type, ListOf):
        result = {"type": "array", "items": field_schema(field_type.item, vocabularies, form, known_ids)}
        if field_type.min_items:
            result["minItems"] = field_type.min_items
        return result
    if isinstance(field_type, Object):
        return object_schema(field_type, vocabularies, form, known_ids=known_ids)
    return {}


def object_schema(object_type: Object, vocabularies, form: str = INPUT, extra_keys=(), known_ids=None) -> dict:
    """An object with its declared properties, required ones and exactly-one-of groups."""
    properties = {}
    for declared in object_type.fields:
        prop = field_schema(declared.type, vocabularies, form, known_ids)
        prop["title"] = f"{declared.label['vi']} / {declared.label['en']}"
        if declared.help:
            prop["description"] = declared.help
        properties[declared.name] = prop
    for key in (*object_type.extra_keys, *extra_keys):
        properties.setdefault(key, {"type": "string"})
    result = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [f.name for f in object_type.fields if f.required]
    if required:
        result["required"] = required
    if object_type.one_of:
        result["allOf"] = [{"oneOf": [{"required": [name]} for name in group]} for group in object_type.one_of]
    return result


def record_schema(kind: RecordKind, vocabularies, form: str = INPUT, known_ids=None) -> dict:
    """The schema of one record of ``kind`` (front matter, or one item under ``records:``)."""
    result = object_schema(kind.schema, vocabularies, form, known_ids=known_ids)
    if form == INPUT:
        result["properties"]["kind"] = {"const": kind.name}
    return {"$schema": DIALECT, "title": f"{kind.label['vi']} / {kind.label['en']}", **result}


def record_file_schema(kind: RecordKind, vocabularies, known_ids=None) -> dict:
    """A YAML record file: one record, or many under ``records:``."""
    single = record_schema(kind, vocabularies, known_ids=known_ids)
    single.pop("$schema")
    return {"$schema": DIALECT, "title": single["title"],
            "anyOf": [single, {"type": "object", "required": ["records"], "additionalProperties": False,
                               "properties": {"records": {"type": "array", "items": single}}}]}


def entity_file_schema(entity_type: EntityType, vocabularies, form: str = INPUT, known_ids=None) -> dict:
    """A data file (``units.yaml`` ...): a list of entities."""
    item = object_schema(entity_type.schema, vocabularies, form, known_ids=known_ids)
    return {"$schema": DIALECT, "title": f"{entity_type.plural['vi']} / {entity_type.plural['en']}",
            "type": "array", "items": item}


def all_input_schemas(kinds: Mapping[str, RecordKind], vocabularies, known_ids=None) -> dict[str, dict]:
    """File name -> schema for every kind (``emulation_model.schema.json``) and data file; with
    ``known_ids`` (type -> ids), references list the project's ids."""
    schemas = {f"{name}.schema.json": record_file_schema(kind, vocabularies, known_ids)
               for name, kind in kinds.items()}
    for entity in ENTITIES.values():
        schemas[f"{entity.file.removesuffix('.yaml')}.schema.json"] = entity_file_schema(
            entity, vocabularies, known_ids=known_ids)
    return schemas


COMMON_FIELD_NAMES = tuple(f.name for f in COMMON_FIELDS)

# ---------------------------------------------------------------- the published data (exports)

_TEXT_EXPORT = {"type": "object", "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
                "required": ["vi"], "additionalProperties": False}
_URI = {"type": "string", "format": "uri", "pattern": "^https?://"}


def export_ref_schema(field_type: Ref) -> dict:
    """A reference as published: ``{id, name: {vi, en?}, url?}``. A person who is not named in full has
    no ``id`` (ids are folded names), and a person who is not named at all has ``name: null``."""
    return {"type": "object", "description": "reference to a " + " or ".join(field_type.targets),
            "properties": {"id": {"type": "string", "pattern": ID_PATTERN.pattern},
                           "name": {"anyOf": [_TEXT_EXPORT, {"type": "null"}]},
                           "url": _URI},
            "required": ["name"], "additionalProperties": False}


def _urls_schema(languages) -> dict:
    return {"type": "object", "title": "Địa chỉ trang / Page address, per language",
            "properties": {lang: _URI for lang in languages}, "required": list(languages),
            "additionalProperties": False}


def record_export_schema(kind: RecordKind, vocabularies, languages) -> dict:
    """One published record (``models/<id>/<id>.json``): every public field, references as
    ``{id, name, url}``, plus ``kind``, ``url`` (per language) and ``data_url``; a withdrawn record
    is only its tombstone (id, kind, title, status, published, the last correction, addresses)."""
    full = object_schema(kind.schema, vocabularies, EXPORT)
    full["properties"]["kind"] = {"const": kind.name}
    full["properties"]["url"] = _urls_schema(languages)
    full["properties"]["data_url"] = {**_URI, "title": "Tệp JSON này / This JSON file"}
    attachment = full["properties"]["attachments"]["items"]
    attachment["properties"]["url"] = _URI
    attachment["required"] = [*attachment.get("required", ()), "url"]
    full["required"] = ["kind", "url", "data_url", *full.get("required", ())]
    full["properties"]["status"] = {"enum": [s for s in full["properties"]["status"]["enum"] if s != "withdrawn"]}
    tombstone_fields = ("id", "title", "published", "corrections")
    tombstone = {"type": "object", "title": "Hồ sơ đã gỡ bỏ / Withdrawn record (tombstone)",
                 "properties": {**{name: full["properties"][name] for name in tombstone_fields},
                                "kind": {"const": kind.name}, "status": {"const": "withdrawn"},
                                "url": full["properties"]["url"], "data_url": full["properties"]["data_url"]},
                 "required": ["id", "kind", "title", "status", "url", "data_url"], "additionalProperties": False}
    return {"$schema": DIALECT, "title": f"{kind.label['vi']} / {kind.label['en']}",
            "description": "Cross-field rules (e.g. recipients or recipient_counts) are checked by site-builder, "
                           "not by this schema.",
            "oneOf": [full, tombstone]}


def record_list_export_schema(kind: RecordKind, vocabularies, languages) -> dict:
    """``KIND.json``: every published record of the kind (withdrawn ones as tombstones)."""
    item = record_export_schema(kind, vocabularies, languages)
    item.pop("$schema")
    return {"$schema": DIALECT, "title": f"{kind.plural['vi']} / {kind.plural['en']}", "type": "array",
            "items": item}


def entity_list_export_schema(entity_type: EntityType, vocabularies, with_url: bool) -> dict:
    """``units.json`` ...: the reference entities as published, with their page address when they have one."""
    item = object_schema(entity_type.schema, vocabularies, EXPORT)
    if with_url:  # the entity's page on the site (a document's own ``url`` is its official text)
        item["properties"]["page_url"] = _URI
        item["required"] = [*item.get("required", ()), "page_url"]
    return {"$schema": DIALECT, "title": f"{entity_type.plural['vi']} / {entity_type.plural['en']}",
            "type": "array", "items": item}
