"""Which pages show what: the map from source files (and the ids they define) to the HTML outputs.

Pure: a :class:`Site` and its page plan in, a :class:`DependencyMap` out. The preview server
compares the maps of two successive builds to re-render only what an edit affects:

- a page whose *shape* changed (its template, title, the ids of the records it lists, its pager,
  any other value it was planned with, such as a statistics panel) is rendered again;
- a page that *shows* a record, entity or free page that changed (before or after the edit) is
  rendered again: a record page shows the record, everything it refers to (with the successors
  that say what a dissolved unit is "now part of") and the cards of the records that refer to it;
  a listing shows the cards of its records (title, date, summary, locality); an entity page shows
  the entity, the entities it names, its parts, predecessors and records;
- pages that summarise the whole site (home, the year index, the entity indexes) and pages of
  templates this module does not know are rendered again on every change.

Changes to ``site.yaml``, the theme, the vocabularies or the free pages' titles (the footer of
every page) are not handled here: the caller renders everything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .kinds import ENTITIES, RecordKind, EntityType
from .pages import PageSpec
from .records import Entity, FreePage, Record
from .schema import iter_refs
from .site import Site, record_references

#: Templates whose pages show the site as a whole (counts of everything): rendered on every change.
SUMMARY_TEMPLATES = frozenset({"home.html", "years.html", "entities.html"})
#: Templates this module knows what they show; any other is treated as a summary.
KNOWN_TEMPLATES = frozenset({"record.html", "tombstone.html", "listing.html", "year.html", "entity.html",
                             "page.html", "404.html", "history.html"}) | SUMMARY_TEMPLATES


@dataclass(frozen=True)
class DependencyMap:
    """For one build: what each output shows, and the shape it was planned with."""

    signatures: Mapping[str, tuple]                 # output -> shape of the page
    outputs_by_id: Mapping[str, frozenset[str]]     # record, entity or page id -> outputs that show it
    always: frozenset[str]                          # outputs rendered again on every change
    sources: Mapping[str, str] = field(default_factory=dict)  # id -> source file that defines it

    def outputs_for_source(self, path: str) -> set[str]:
        """The outputs that a change to the file ``path`` (project-relative) may affect."""
        found = set(self.always)
        for identifier, source in self.sources.items():
            if source == path:
                found.update(self.outputs_by_id.get(identifier, ()))
        return found


def map_dependencies(site: Site, specs: Iterable[PageSpec], memo: dict | None = None) -> DependencyMap:
    """The dependency map of ``site`` planned as ``specs``.

    ``memo`` (optional, owned by the caller) keeps each record's references between builds, keyed
    by the record object (unchanged records are the same objects from one build to the next).
    """
    shows = _Shows(site, {} if memo is None else memo)
    signatures: dict[str, tuple] = {}
    outputs_by_id: dict[str, set[str]] = {}
    always = set()
    for spec in specs:
        signatures[spec.output] = page_signature(spec)
        ids = shows.page(spec)
        if ids is None:
            always.add(spec.output)
            continue
        for identifier in ids:
            outputs_by_id.setdefault(identifier, set()).add(spec.output)
    shows.forget_unused()
    return DependencyMap(signatures, {k: frozenset(v) for k, v in outputs_by_id.items()}, frozenset(always),
                         source_files(site))


def source_files(site: Site) -> dict[str, str]:
    """Record, entity and free page id -> the project-relative file that defines it."""
    found = {record.id: record.location.path for record in site.by_id.values()}
    for table in site.entities.values():
        for entity in table.values():
            found[entity.id] = entity.location.path
    for page in site.pages:
        found[page.id] = page.location.path
    return found


def changed_ids(old: Site, new: Site) -> set[str]:
    """Ids of records, entities and free pages that were added, removed or changed between two builds.

    Unchanged documents give the very same objects from one build to the next (see the memos of
    ``sources``, ``validate`` and ``site``), so only the objects of edited files are compared by
    value: renaming one locality in ``localities.yaml`` changes that locality, not the others.
    """
    changed = set()
    for before, after in ((old.by_id, new.by_id), (_entities(old), _entities(new)), (_pages(old), _pages(new))):
        for identifier in before.keys() | after.keys():
            a, b = before.get(identifier), after.get(identifier)
            if a is not b and a != b:
                changed.add(identifier)
    return changed


def outputs_to_render(old: DependencyMap, new: DependencyMap, changed: set[str]) -> tuple[set[str], set[str]]:
    """(outputs of the new build to render, outputs of the old build that no longer exist)."""
    render = set(new.always)
    for output, signature in new.signatures.items():
        if old.signatures.get(output) != signature:
            render.add(output)
    for identifier in changed:
        render.update(old.outputs_by_id.get(identifier, ()))
        render.update(new.outputs_by_id.get(identifier, ()))
    render &= new.signatures.keys()
    return render, set(old.signatures) - set(new.signatures)


def page_signature(spec: PageSpec) -> tuple:
    """The shape of a page: everything it was planned with, records and entities by id only."""
    return (spec.template, spec.lang, spec.path, spec.title, spec.noindex,
            tuple((key, _shape(value)) for key, value in sorted(spec.data.items())))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _shape(value):
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return tuple(_shape(v) for v in value)
    if kind is dict:
        return tuple((k, _shape(v)) for k, v in sorted(value.items()))
    if kind is Record:
        return ("record", value.id)
    if kind is Entity:
        return ("entity", value.id)
    if kind is FreePage:
        return ("page", value.id)
    if kind is RecordKind or kind is EntityType:
        return ("declaration", value.name)
    if isinstance(value, Mapping):
        return tuple((k, _shape(v)) for k, v in sorted(value.items()))
    return value  # dates, and frozen dataclasses (pagers, statistics panels) that compare by value


class _Shows:
    """What each page shows, with per-record work remembered across builds."""

    def __init__(self, site: Site, memo: dict) -> None:
        self.site = site
        self.memo = memo
        self.used: dict = {}
        self.successors: dict[str, frozenset[str]] = {}

    def page(self, spec: PageSpec) -> set[str] | None:
        """Ids whose content ``spec`` shows, or ``None`` when it must be rendered on every change."""
        template, data = spec.template, spec.data
        if template not in KNOWN_TEMPLATES or template in SUMMARY_TEMPLATES:
            return None
        if template == "history.html":
            return {data["record"].id} | self.mentioned(data["history"])
        if template == "record.html":
            record = data["record"]
            ids = set(self.record(record))
            for referrer in self.site.referrers.get(record.id, ()):
                ids.update(self.card(referrer))
            return ids
        if template == "tombstone.html":
            return {data["record"].id}
        if template == "entity.html":
            entity = data["entity"]
            ids = set(self.entity(entity))
            ids.update(e.id for e in self.site.children.get(entity.id, ()))
            ids.update(e.id for e in self.site.predecessors.get(entity.id, ()))
            for record in data.get("items", ()):
                ids.update(self.card(record))
            return ids
        if template in ("listing.html", "year.html"):
            ids = set()
            for record in data.get("items", ()):
                ids.update(self.card(record))
            return ids
        if template == "page.html":
            return {data["free_page"].id}
        return set()  # 404.html: only the site's chrome

    def card(self, record: Record) -> tuple[str, ...]:
        """A record's card shows its own fields and the name of its locality."""
        return (record.id, record.fields.get("locality", ""))

    def record(self, record: Record) -> set[str]:
        """A record page shows the record and every id it refers to, with their successors."""
        ids = {record.id}
        for identifier in self.refs(record):
            ids.update(self.named(identifier))
        return ids

    def entity(self, entity: Entity) -> set[str]:
        ids = set(self.named(entity.id))
        for _, identifier in iter_refs(ENTITIES[entity.type].schema, entity.fields):
            ids.update(self.named(identifier))
        return ids

    def named(self, identifier: str) -> frozenset[str]:
        """A link to an id shows its name and, for a dissolved unit or locality, its successors' names."""
        found = self.successors.get(identifier)
        if found is None:
            found, queue = {identifier}, [identifier]
            while queue:
                entity = self.site.entity(queue.pop())
                for successor in entity.fields.get("successors", ()) if entity else ():
                    if successor not in found:
                        found.add(successor)
                        queue.append(successor)
            found = self.successors[identifier] = frozenset(found)
        return found

    def mentioned(self, history) -> set[str]:
        """Ids named in the old and new values of a record's history (their names are shown)."""
        key = ("history", id(history))
        hit = self.memo.get(key)
        if hit is None or hit[0] is not history:
            found = set()
            for entry in history.entries:
                for change in entry.changes:
                    found.update(_strings((change.old, change.new, change.path)))
            hit = (history, frozenset(found))
        self.used[key] = hit
        known = {i for i in hit[1] if i in self.site.by_id or self.site.entity(i) is not None}
        return {n for i in known for n in self.named(i)}

    def refs(self, record: Record) -> tuple[str, ...]:
        key = ("refs", id(record))
        hit = self.memo.get(key)
        if hit is None or hit[0] is not record:
            hit = (record, record_references(record))
        self.used[key] = hit
        return hit[1]

    def forget_unused(self) -> None:
        self.memo.clear()
        self.memo.update(self.used)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)
    elif hasattr(value, "value") and isinstance(getattr(value, "value"), str):  # history.Item
        yield value.value


def _entities(site: Site) -> dict[str, Entity]:
    return {e.id: e for table in site.entities.values() for e in table.values()}


def _pages(site: Site) -> dict[str, FreePage]:
    return {p.id: p for p in site.pages}
