"""What search knows of a record: its words in each language, and its facet values.

Read from the kind declarations in ``kinds.py``: every text-bearing field is searchable
(``SEARCH_SKIPPED_FIELDS`` aside), references are read as the names of what they point at (people
only as their ``publish`` policy allows), ``SEARCH_STRONG_FIELDS`` weigh most, the record's own
numbers (``SEARCH_NUMBER_FIELDS``) are kept apart, and the facets are ``SEARCH_FACETS``. Pure functions of the :class:`Site`; ``search_index`` turns them into files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import urls
from .kinds import (ENTITIES, KINDS, SEARCH_FACETS, SEARCH_NUMBER_FIELDS, SEARCH_SKIPPED_FIELDS, SEARCH_STRONG_FIELDS,
                    SearchFacet)
from .present import entity_name, pick
from .records import Record
from .schema import Enum, FieldType, Id, ListOf, Object, Ref, String, Text, Url
from .site import Site

SNIPPET_CHARS = 1500   #: how much of the summary and body a result snippet can come from
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|blockquote|pre)>|<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDocument:
    """One record in one language, as search reads it."""

    path: str                      # the page, from the site root with the language prefix: "en/models/x/"
    title: str
    title_fallback: bool           # the title is Vietnamese because no translation exists
    number: str                    # the decision or conclusion number, shown on the result
    strong: tuple[str, ...]        # texts whose words weigh most: title, keywords
    numbers: tuple[str, ...]       # the record's own decision or conclusion numbers
    texts: tuple[str, ...]         # every other searchable text of the fields
    body: str                      # the body as plain text
    snippet: str                   # summary and body, cut to SNIPPET_CHARS, for result snippets


def search_document(site: Site, record: Record, lang: str, names: dict) -> SearchDocument:
    """``record`` in ``lang`` for search; ``names`` is a cache of reference names, filled as it goes."""
    kind = KINDS[record.kind]
    strong: list[str] = []
    numbers: list[str] = []
    texts: list[str] = [kind.label[lang], kind.plural[lang]]
    for declared in kind.schema.fields:
        if declared.name in SEARCH_SKIPPED_FIELDS or declared.name not in record.fields:
            continue
        if (declared.name,) in SEARCH_STRONG_FIELDS:
            _collect(site, declared.type, record.fields[declared.name], lang, names, strong)
            continue
        number_parts = [path[1:] for path in SEARCH_NUMBER_FIELDS if path[0] == declared.name]
        for part in number_parts:  # e.g. decision.number apart; the rest of decision is ordinary text
            _collect(site, _type_at(declared.type, part), record.get(declared.name, *part), lang, names, numbers)
        _collect(site, declared.type, record.fields[declared.name], lang, names, texts,
                 skip=tuple(part[0] for part in number_parts))
    body = plain_text(site.body_html[record.id][lang] or site.body_html[record.id]["vi"])
    title, fallback = pick(record.fields["title"], lang)
    summary = pick(record.fields["summary"], lang)[0] if "summary" in record.fields else ""
    number = record.get("decision", "number") or record.get("conclusion", "number") or ""
    snippet = (summary + " " + body).strip()[:SNIPPET_CHARS]
    return SearchDocument(urls.localized(site.config, lang, urls.record_path(site.config, record.kind, record.id)),
                          title, fallback, number, tuple(strong), tuple(numbers), tuple(texts), body, snippet)


def facet_values(site: Site, record: Record) -> tuple[tuple[str, ...], ...]:
    """The record's values for each of ``SEARCH_FACETS``, as ids or vocabulary keys (no labels)."""
    values = []
    for facet in SEARCH_FACETS:
        if facet.name == "kind":
            found = (record.kind,)
        elif facet.name == "year":
            found = (str(site.dates[record.id].year),)
        else:
            raw = record.get(*facet.path) if record.kind in facet.kinds else None
            found = tuple(dict.fromkeys(raw)) if isinstance(raw, list) else (raw,) if raw else ()
        values.append(found)
    return tuple(values)


def facet_label(site: Site, facet: SearchFacet, key: str, lang: str) -> str:
    """How a facet value reads: a kind's plural, a year, a vocabulary label or an entity's name."""
    if facet.name == "kind":
        return KINDS[key].plural[lang]
    if facet.name == "year":
        return key
    declared = _facet_type(facet)
    if isinstance(declared, Enum):
        term = site.vocabularies[declared.vocabulary].terms.get(key)
        return term.label[lang] if term else key
    entity = site.entity(key)
    if entity is None:
        return key
    name = entity_name(site, entity, lang)
    if entity.type == "document":
        name += " · " + pick(entity.fields.get("title", ""), lang)[0]
    return name or key


def facet_is_list(facet: SearchFacet) -> bool:
    """Whether a record can have several values of ``facet`` (units, directives)."""
    if not facet.path:
        return False
    for name in facet.kinds:
        declared = KINDS[name].schema.by_name.get(facet.path[0])
        if declared is not None:
            return isinstance(declared.type, ListOf)
    return False


def plain_text(markup: str) -> str:
    """Sanitized HTML as one line of text: tags dropped, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", _BLOCK_END.sub(" ", markup)))).strip()


def _facet_type(facet: SearchFacet) -> FieldType:
    for name in facet.kinds:
        declared = KINDS[name].schema.by_name.get(facet.path[0])
        if declared is not None:
            field_type = declared.type
            return field_type.item if isinstance(field_type, ListOf) else field_type
    raise LookupError(f"search facet {facet.name!r}: no field {facet.path[0]!r} in {facet.kinds}")


def _type_at(field_type: FieldType, path: tuple) -> FieldType:
    for part in path:
        field_type = field_type.by_name[part].type
    return field_type


def _collect(site: Site, field_type: FieldType, value, lang: str, names: dict, out: list,
             skip: tuple[str, ...] = ()) -> None:
    """Append the searchable texts of ``value`` (declared as ``field_type``) to ``out``."""
    if value is None or isinstance(field_type, (Url, Id)):
        return
    if isinstance(field_type, Text):
        out.append(pick(value, lang)[0])
    elif isinstance(field_type, String):
        out.append(value)
    elif isinstance(field_type, Enum):
        term = site.vocabularies[field_type.vocabulary].terms.get(value)
        out.append(term.label[lang] if term else str(value))
    elif isinstance(field_type, Ref):
        key = (value, lang)
        if key not in names:
            names[key] = _ref_text(site, value, lang)
        if names[key]:
            out.append(names[key])
    elif isinstance(field_type, ListOf):
        for item in value:
            _collect(site, field_type.item, item, lang, names, out)
    elif isinstance(field_type, Object):
        for declared in field_type.fields:
            if declared.name in value and declared.name not in skip:
                _collect(site, declared.type, value[declared.name], lang, names, out)


def _ref_text(site: Site, identifier: str, lang: str) -> str:
    """The words a reference brings: a unit's name and short name, a document's number and title,
    a record's title; nothing for a record that is not public or a person who is not named."""
    record = site.by_id.get(identifier)
    if record is not None:
        return pick(record.fields["title"], lang)[0] if site.is_listed(identifier) else ""
    entity = site.entity(identifier)
    if entity is None or entity.type not in ENTITIES:
        return ""
    parts = [entity_name(site, entity, lang)]
    for key in ("short_name", "title"):  # a unit's short name, a document's title
        if key in entity.fields:
            parts.append(pick(entity.fields[key], lang)[0])
    return " ".join(p for p in parts if p)
