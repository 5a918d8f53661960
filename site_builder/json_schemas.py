"""JSON Schema (draft 2020-12) generated from the one declaration of kinds and entities.

Two forms of the same fields:
- ``"input"``: what editors write (front matter, data files): text may be a plain string or
  ``{vi, en}``, dates are ``YYYY-MM-DD`` strings. Used by ``site-builder schema`` and editors.
- ``"export"``: what the published JSON holds: text is always ``{vi, en?}``.

Cross-field rules (recipients or recipient_counts, grain-dependent fields, award form against
recipient kind) stay in the validator: JSON Schema can state only part of them.
"""

from __future__ import annotations

from typing import Mapping

from .kinds import COMMON_FIELDS, ENTITIES, EntityType, RecordKind
from .schema import (ID_PATTERN, Boolean, Date, DateTime, Enum, FieldType, Id, Integer, ListOf, Number, Object,
                     Ref, String, Text, Url, Vocabulary)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INPUT, EXPORT = "input", "export"


def field_schema(field_type: FieldType, vocabularies: Mapping[str, Vocabulary], form: str = INPUT) -> dict:
    """The JSON Schema of one declared field type."""
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
        return {"type": "string", "pattern": ID_PATTERN.pattern,
                "description": "id of a " + " or ".join(field_type.targets)}
    if isinstance(field_type, ListOf):
        result = {"type": "array", "items": field_schema(field_type.item, vocabularies, form)}
        if field_type.min_items:
            result["minItems"] = field_type.min_items
        return result
    if isinstance(field_type, Object):
        return object_schema(field_type, vocabularies, form)
    return {}


def object_schema(object_type: Object, vocabularies, form: str = INPUT, extra_keys=()) -> dict:
    """An object with its declared properties, required ones and exactly-one-of groups."""
    properties = {}
    for declared in object_type.fields:
        prop = field_schema(declared.type, vocabularies, form)
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


def record_schema(kind: RecordKind, vocabularies, form: str = INPUT) -> dict:
    """The schema of one record of ``kind`` (front matter, or one item under ``records:``)."""
    result = object_schema(kind.schema, vocabularies, form)
    if form == INPUT:
        result["properties"]["kind"] = {"const": kind.name}
    return {"$schema": DIALECT, "title": f"{kind.label['vi']} / {kind.label['en']}", **result}


def record_file_schema(kind: RecordKind, vocabularies) -> dict:
    """A YAML record file: one record, or many under ``records:``."""
    single = record_schema(kind, vocabularies)
    single.pop("$schema")
    return {"$schema": DIALECT, "title": single["title"],
            "anyOf": [single, {"type": "object", "required": ["records"], "additionalProperties": False,
                               "properties": {"records": {"type": "array", "items": single}}}]}


def entity_file_schema(entity_type: EntityType, vocabularies, form: str = INPUT) -> dict:
    """A data file (``units.yaml`` ...): a list of entities."""
    item = object_schema(entity_type.schema, vocabularies, form)
    return {"$schema": DIALECT, "title": f"{entity_type.plural['vi']} / {entity_type.plural['en']}",
            "type": "array", "items": item}


def all_input_schemas(kinds: Mapping[str, RecordKind], vocabularies) -> dict[str, dict]:
    """File name -> schema for every kind (``emulation_model.schema.json``) and data file."""
    schemas = {f"{name}.schema.json": record_file_schema(kind, vocabularies) for name, kind in kinds.items()}
    for entity in ENTITIES.values():
        schemas[f"{entity.file.removesuffix('.yaml')}.schema.json"] = entity_file_schema(entity, vocabularies)
    return schemas


COMMON_FIELD_NAMES = tuple(f.name for f in COMMON_FIELDS)
