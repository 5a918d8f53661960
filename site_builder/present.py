"""How values read on a page: a small view model built from the kind declarations.

``present_fields`` walks a record's declared fields and returns labelled rows of
:class:`Node` values (text, date, number, vocabulary term, link, list, table, group)
in one language. Templates only lay the nodes out; they never look at raw keys.
People are shown only as their ``publish`` policy allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from . import urls
from .kinds import ENTITIES, KINDS, PERIOD, SPAN
from .records import Entity, Record
from .schema import (Boolean, Date, DateTime, Enum, FieldType, Integer, ListOf, Object, Ref, String, Text, Url)
from .site import LINKED_ENTITIES, Site
from .text import initials

#: Common fields shown in the detail table (the rest have their own place on the page).
SHOWN_COMMON_FIELDS = ("locality", "units", "period", "directives", "theme", "tags")


@dataclass(frozen=True)
class Node:
    """A value ready to lay out. ``kind`` tells the template which shape it has."""

    kind: str                    # text, date, number, term, link, url, bool, list, table, group
    text: str = ""
    value: Any = None
    url: str | None = None
    note: str = ""               # e.g. "now part of ..." for a dissolved unit
    fallback: bool = False       # text shown in Vietnamese because no translation exists
    items: tuple = ()            # list: Nodes; group: Rows; table: tuple of row tuples of Nodes
    columns: tuple = ()          # table: column labels
    qualifier: str = ""          # number: "gần", "hơn" ...
    unit: str = ""               # number: "VND", "hồ sơ" ...
    notes: tuple = field(default=())  # link: successor links ("now part of")


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    node: Node


def pick(text, lang: str) -> tuple[str, bool]:
    """The text in ``lang`` and whether it fell back to Vietnamese."""
    if isinstance(text, dict):
        if lang in text:
            return text[lang], False
        return text.get("vi", ""), lang != "vi"
    return ("" if text is None else str(text)), False


def entity_name(site: Site, entity: Entity, lang: str) -> str:
    """How an entity is named in running text."""
    fields = entity.fields
    if entity.type == "person":
        return person_name(entity)
    if entity.type == "document":
        return fields["number"]
    for key in ("name", "label", "text"):
        if key in fields:
            return pick(fields[key], lang)[0]
    return entity.id


def person_name(person: Entity) -> str:
    """The name as the person's ``publish`` policy allows: full, initials, or not at all."""
    policy = person.fields.get("publish")
    if policy == "full_name":
        return person.fields["name"]
    if policy == "initials":
        return initials(person.fields["name"])
    return ""


def entity_url(site: Site, entity: Entity, lang: str) -> str | None:
    if entity.type not in LINKED_ENTITIES:
        return None
    return urls.url(site.config, lang, urls.record_path(site.config, entity.type, entity.id))


def record_url(site: Site, record: Record, lang: str) -> str:
    return urls.url(site.config, lang, urls.record_path(site.config, record.kind, record.id))


#: How an identifier becomes its link node: ``ref_node`` bound to a site and language. The theme
#: passes one that remembers its answers, since the same units and localities appear on many pages.
RefNode = Callable[[str], "Node | None"]


def ref_node(site: Site, identifier: str, lang: str, ref: RefNode | None = None) -> Node | None:
    """A link to whatever ``identifier`` names; ``None`` for records that are not public.
    ``ref`` (optional) makes the links to what a dissolved unit is part of now."""
    if identifier in site.by_id:
        record = site.by_id[identifier]
        title, fallback = pick(record.fields["title"], lang)
        return Node("link", title, url=record_url(site, record, lang), fallback=fallback)
    entity = site.entity(identifier)
    if entity is None:
        return None  # a draft or embargoed record: never named or linked
    name = entity_name(site, entity, lang)
    if not name:
        return None  # a person who is not named
    ref = ref or (lambda other: ref_node(site, other, lang))
    notes = tuple(n for n in (ref(s.id) for s in current_successors(site, entity)) if n)
    return Node("link", name, url=entity_url(site, entity, lang), notes=notes,
                note=pick(entity.fields.get("title", ""), lang)[0] if entity.type == "document" else "")


def current_successors(site: Site, entity: Entity) -> list[Entity]:
    """What a dissolved unit or locality is part of today, following successors to the end."""
    result, seen, queue = [], {entity.id}, list(entity.fields.get("successors", ()))
    while queue:
        found = site.entity(queue.pop(0))
        if found is None or found.id in seen:
            continue
        seen.add(found.id)
        later = found.fields.get("successors", ())
        if later:
            queue.extend(later)
        else:
            result.append(found)
    return result


def period_node(period: dict, lang: str) -> Node:
    """A period as one value: start and end, or an as-of date, with its label as a note."""
    label = pick(period.get("label"), lang)[0] if period.get("label") else ""
    return Node("period", value=(period.get("start"), period.get("end"), period.get("as_of")), note=label)


def value_node(site: Site, field_type: FieldType, value, lang: str, ref: RefNode | None = None) -> Node | None:
    """The node for ``value`` declared as ``field_type`` (references made by ``ref``, or ``ref_node``)."""
    if value is None:
        return None
    if field_type is PERIOD or field_type is SPAN:
        return period_node(value, lang)
    if isinstance(field_type, Text):
        text, fallback = pick(value, lang)
        return Node("text", text, fallback=fallback)
    if isinstance(field_type, Enum):
        term = site.vocabularies[field_type.vocabulary].terms.get(value)
        return Node("term", term.label[lang] if term else str(value), value=value)
    if isinstance(field_type, Ref):
        return ref(value) if ref else ref_node(site, value, lang)
    if isinstance(field_type, (Date, DateTime)):
        return Node("date", value=value)
    if isinstance(field_type, Boolean):
        return Node("bool", value=value)
    if isinstance(field_type, Integer):
        return Node("number", value=value)
    if isinstance(field_type, Url):
        return Node("url", value, url=value)
    if isinstance(field_type, String):
        return Node("text", value)
    if isinstance(field_type, ListOf):
        return _list_node(site, field_type, value, lang, ref)
    if isinstance(field_type, Object):
        rows = object_rows(site, field_type, value, lang, ref)
        return Node("group", items=tuple(rows)) if rows else None
    return Node("text", str(value))


def _list_node(site: Site, field_type: ListOf, values, lang: str, ref: RefNode | None) -> Node | None:
    if isinstance(field_type.item, Object):
        item_rows = [object_rows(site, field_type.item, v, lang, ref) for v in values]
        names = [f.name for f in field_type.item.fields if any(r.name == f.name for rows in item_rows for r in rows)]
        if not names:
            return None
        labels = tuple(f.label[lang] for f in field_type.item.fields if f.name in names)
        table = tuple(tuple(next((r.node for r in rows if r.name == name), None) for name in names)
                      for rows in item_rows)
        return Node("table", items=table, columns=labels)
    nodes = tuple(n for n in (value_node(site, field_type.item, v, lang, ref) for v in values) if n)
    return Node("list", items=nodes) if nodes else None


def object_rows(site: Site, object_type: Object, value: dict, lang: str, ref: RefNode | None = None) -> list[Row]:
    """Labelled rows for a mapping; a ``value`` with a ``qualifier`` (and ``unit``) reads as one number."""
    rows = []
    measured = "value" in value and "qualifier" in object_type.by_name
    for declared in object_type.fields:
        if declared.name not in value or (measured and declared.name in ("qualifier", "unit")):
            continue
        node = value_node(site, declared.type, value[declared.name], lang, ref)
        if node is None:
            continue
        if measured and declared.name == "value":
            qualifier = value.get("qualifier")
            term = site.vocabularies["qualifier"].terms.get(qualifier) if qualifier not in (None, "exact") else None
            unit = value.get("unit")
            node = Node("number", value=value["value"], qualifier=term.label[lang] if term else "",
                        unit=pick(unit, lang)[0] if unit else "")
        rows.append(Row(declared.name, declared.label[lang], node))
    return rows


def present_fields(site: Site, record: Record, lang: str, ref: RefNode | None = None) -> list[Row]:
    """The detail rows of a record: its kind's own fields, then locality, units, period ...
    (``ref``: see :func:`value_node`)."""
    kind = KINDS[record.kind]
    schema = kind.schema
    names = [f.name for f in kind.fields] + list(SHOWN_COMMON_FIELDS)
    rows = []
    for name in names:
        if name not in record.fields:
            continue
        declared = schema.by_name[name]
        node = value_node(site, declared.type, record.fields[name], lang, ref)
        if node is not None:
            rows.append(Row(name, declared.label[lang], node))
    return rows


def present_entity(site: Site, entity: Entity, lang: str, ref: RefNode | None = None) -> list[Row]:
    """Rows for an entity page (its name is the heading, so it is left out; ``ref``: see :func:`value_node`)."""
    schema = ENTITIES[entity.type].schema
    rows = []
    for declared in schema.fields:
        if declared.name in ("id", "name", "title", "text") or declared.name not in entity.fields:
            continue
        node = value_node(site, declared.type, entity.fields[declared.name], lang, ref)
        if node is not None:
            rows.append(Row(declared.name, declared.label[lang], node))
    return rows


def is_current(entity: Entity, today: dt.date) -> bool:
    valid_to = entity.fields.get("valid_to")
    return valid_to is None or valid_to >= today


@dataclass(frozen=True)
class Compliance:
    """Whether a single state inspection's conclusion was published as the law requires."""

    days_to_publish: int
    on_time: bool              # posted within 10 days of signing
    days_online: int | None
    long_enough: bool          # kept online at least 15 days
    still_online: bool


PUBLISH_WITHIN_DAYS = 10
ONLINE_AT_LEAST_DAYS = 15


def publication_compliance(record: Record, today: dt.date) -> Compliance | None:
    """Compliance of a single state inspection (Law on Inspection 2022 Art. 79, Decree 43/2023
    Arts. 48-49): posted no later than 10 days after signing, kept online 15 days or more."""
    if record.kind != "inspection_result" or record.get("regime") != "state_inspection" \
            or record.get("grain") != "single":
        return None
    signed = record.get("conclusion", "signed")
    posted_on = record.get("publication", "posted_on")
    if not signed or not posted_on:
        return None
    posted_until = record.get("publication", "posted_until")
    end = posted_until or today
    days_online = (end - posted_on).days + 1 if end >= posted_on else None
    days_to_publish = (posted_on - signed).days
    return Compliance(days_to_publish, 0 <= days_to_publish <= PUBLISH_WITHIN_DAYS, days_online,
                      days_online is not None and days_online >= ONLINE_AT_LEAST_DAYS, posted_until is None)
