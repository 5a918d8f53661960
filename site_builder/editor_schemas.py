"""The JSON Schemas editors use, all generated from the one declaration of the kinds.

One schema per record kind (a YAML record file: one record, or many under ``records:``), per
data file (``units.schema.json`` ...), for ``site.yaml`` and for free pages, with the project's
ids listed in reference fields so that an editor offers them and flags typos. ``site-builder
schema`` writes them for the editor (all ids, drafts included); the built site publishes them
under ``/schemas/`` with the ids of public records and entities only.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

from . import config as config_module
from .json_schemas import DIALECT, all_input_schemas, object_schema
from .kinds import ENTITIES, KINDS
from .records import Entity, Record
from .schema import Term, Vocabulary
from .validate import PAGE_SCHEMA

SCHEMA_DIR = "schemas/"  #: where the built site publishes them


def editor_schemas(vocabularies, known_ids: Mapping[str, Iterable[str]] | None = None,
                   base_url: str | None = None) -> dict[str, dict]:
    """File name (``commendation.schema.json``) -> schema; ``base_url`` gives each an ``$id``."""
    ids = {kind: sorted(set(values)) for kind, values in known_ids.items()} if known_ids is not None else None
    schemas = all_input_schemas(KINDS, vocabularies, ids)
    for name in KINDS:
        rules = rule_schemas(name, vocabularies)
        if rules:  # the single record is the same object as the item of ``records:``
            schemas[f"{name}.schema.json"]["anyOf"][0].setdefault("allOf", []).extend(rules)
    languages = Vocabulary("site_language", {"vi": "Ngôn ngữ", "en": "Language"},
                           {code: Term(code, {"vi": code, "en": code}) for code in config_module.SUPPORTED_LANGUAGES})
    site = object_schema(config_module.OPTIONS, {**vocabularies, "site_language": languages})
    schemas["site.schema.json"] = {"$schema": DIALECT, "title": "site.yaml", **site}
    page = object_schema(PAGE_SCHEMA, vocabularies, known_ids=ids)
    schemas["page.schema.json"] = {"$schema": DIALECT, "title": "Trang / Page", **page}
    if base_url:
        for name, schema in schemas.items():
            schemas[name] = {"$schema": schema["$schema"], "$id": base_url + SCHEMA_DIR + name,
                             **{k: v for k, v in schema.items() if k != "$schema"}}
    return dict(sorted(schemas.items()))


def rule_schemas(kind: str, vocabularies) -> list[dict]:
    """The kinds' cross-field rules that JSON Schema can state, so that an editor flags them too
    (``check`` states them in ``kinds.py``; a test keeps the two in agreement)."""
    if kind == "inspection_result":
        return [_when("grain", "single", {"required": ["mode", "subjects"]}),
                _when("grain", "aggregate", {"required": ["statistics"]})]
    if kind != "commendation":
        return []
    forms = vocabularies["award_form"].terms.values()
    only = {fits: sorted(t.value for t in forms if t.extra.get("recipient") == fits)
            for fits in ("collective", "individual")}
    return [
        {"oneOf": [{"required": ["recipients"]}, {"required": ["recipient_counts"]}]},
        _when("state", "revoked", {"required": ["revocation"]}, {"not": {"required": ["revocation"]}}),
        {"if": {"required": ["form"], "properties": {"form": {"enum": only["collective"]}}},
         "then": {"properties": {
             "recipients": {"items": {"properties": {"kind": {"not": {"enum": ["individual", "household"]}}}}},
             "recipient_counts": {"properties": {"individuals": {"maximum": 0}}}}}},
        {"if": {"required": ["form"], "properties": {"form": {"enum": only["individual"]}}},
         "then": {"properties": {
             "recipients": {"items": {"properties": {"kind": {"not": {"enum": ["collective", "household"]}}}}},
             "recipient_counts": {"properties": {"collectives": {"maximum": 0}, "households": {"maximum": 0}}}}}},
    ]


def _when(field: str, value: str, then: dict, otherwise: dict | None = None) -> dict:
    rule = {"if": {"required": [field], "properties": {field: {"const": value}}}, "then": then}
    if otherwise is not None:
        rule["else"] = otherwise
    return rule


def known_ids(records: Iterable[Record], entities: Mapping[str, Iterable[Entity]],
              public: bool = False) -> dict[str, list[str]]:
    """Type (a record kind or entity type) -> ids, for reference fields. ``public`` leaves out the
    people who are not named in full: their ids are folded names, and published schemas must not
    name them."""
    found: dict[str, set[str]] = {name: set() for name in (*KINDS, *ENTITIES)}
    for record in records:
        found[record.kind].add(record.id)
    for type_name, items in entities.items():
        for entity in items.values() if isinstance(items, Mapping) else items:
            if public and type_name == "person" and entity.fields.get("publish") != "full_name":
                continue
            if ENTITIES[type_name].id_required or "id" in entity.fields:
                found.setdefault(type_name, set()).add(entity.id)
    return {name: sorted(ids) for name, ids in found.items()}


def schema_bytes(schema: dict) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def file_patterns() -> dict[str, list[str]]:
    """Schema file -> the project files it describes (for VS Code's ``yaml.schemas``)."""
    patterns = {f"{name}.schema.json": [f"content/{kind.folder}/**/*.yaml", f"content/{kind.folder}/**/*.yml"]
                for name, kind in KINDS.items()}
    for entity in ENTITIES.values():
        stem = entity.file.removesuffix(".yaml")
        patterns[f"{stem}.schema.json"] = [f"content/data/{stem}.yaml", f"content/data/{stem}.yml"]
    patterns["site.schema.json"] = ["site.yaml"]
    patterns["page.schema.json"] = ["content/pages/**/*.yaml", "content/pages/**/*.yml"]
    return dict(sorted(patterns.items()))


def vscode_settings(schema_folder: str) -> dict:
    """``{"yaml.schemas": {...}}`` for ``.vscode/settings.json``, with schemas in ``schema_folder``."""
    folder = schema_folder.rstrip("/")
    return {"yaml.schemas": {f"{folder}/{name}": globs for name, globs in file_patterns().items()}}
