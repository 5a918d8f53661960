"""The single immutable :class:`Site`: every record and entity indexed the ways pages need them.

Built once by :func:`index_records` from validated content. Decides what is public:
drafts (unless ``--drafts``) and embargoed records are left out entirely; withdrawn
records keep only a tombstone page and appear in no listing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Mapping, TypeVar

from . import markdown_html
from .config import SiteConfig
from .kinds import ENTITIES, KINDS
from .records import Entity, FreePage, Record
from .schema import Vocabulary, iter_refs

T = TypeVar("T")

LINKED_ENTITIES = ("unit", "locality", "document", "theme")  # entity types that have pages


@dataclass(frozen=True)
class Site:
    """Everything the output producers need, indexed; nothing here is mutated after building."""

    config: SiteConfig
    vocabularies: Mapping[str, Vocabulary]
    records: tuple[Record, ...]                  # listed records (public, not withdrawn), newest first
    by_id: Mapping[str, Record]                  # every record that gets a page (withdrawn included)
    by_kind: Mapping[str, tuple[Record, ...]]    # listed records per kind, newest first
    by_year: Mapping[int, tuple[Record, ...]]    # listed records per year of their date, newest first
    dates: Mapping[str, dt.date]                 # record id -> the date it is sorted and filed by
    entities: Mapping[str, Mapping[str, Entity]]  # type -> id -> entity
    referrers: Mapping[str, tuple[Record, ...]]  # entity or record id -> listed records that point at it
    children: Mapping[str, tuple[Entity, ...]]   # entity id -> entities whose parent it is
    predecessors: Mapping[str, tuple[Entity, ...]]  # entity id -> entities that became it
    body_html: Mapping[str, Mapping[str, str]]   # record or page id -> language -> sanitized HTML
    pages: tuple[FreePage, ...]
    history: Mapping = field(default_factory=dict)  # record id -> history.RecordHistory (from git; may be empty)
    synonyms: tuple = ()  # synonyms.SynonymGroup values search files words under (UBND = Ủy ban nhân dân)
    next_embargo_end: dt.datetime | None = None  # the first embargo still running: the site changes by itself then
    #: Values derived from this site (the page plan, the statistics), each computed once: see :meth:`derive`.
    #: Not part of the site's value; ``dataclasses.replace`` starts a new, empty one.
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def derive(self, name: str, compute: Callable[[Site], T]) -> T:
        """``compute(self)``, computed on the first call for ``name`` and remembered with the site.

        The site never changes, so neither does a pure function of it; the producers of one build
        (and ``check`` before them) share the page plan and the statistics instead of redoing them."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def entity(self, identifier: str) -> Entity | None:
        for table in self.entities.values():
            if identifier in table:
                return table[identifier]
        return None

    def is_listed(self, identifier: str) -> bool:
        record = self.by_id.get(identifier)
        return record is not None and record.status != "withdrawn"


def record_date(record: Record) -> dt.date:
    """The date a record is sorted and filed by: its own date (decision, conclusion), else its
    period's end or as-of date, else its start, else the day it was published here."""
    for path in KINDS[record.kind].date_paths:
        value = record.get(*path)
        if value:
            return value
    period = record.fields.get("period", {})
    return period.get("end") or period.get("as_of") or period.get("start") or record.fields["published"]


def is_public(record: Record, config: SiteConfig) -> bool:
    """Whether a record may appear in the output at all (drafts only with ``--drafts``)."""
    embargo = record.fields.get("embargo_until")
    if embargo is not None and embargo > config.build_time:
        return False
    return record.status != "draft" or config.drafts


def index_records(config: SiteConfig, vocabularies, records, entities, pages, memo: dict | None = None) -> Site:
    """Index validated content into a :class:`Site`.

    ``memo`` (optional, owned by the caller, e.g. the preview server) keeps each record's
    references and rendered Markdown between runs, keyed by the record object (which
    :func:`validate.validate_content` reuses for unchanged documents) and by the Markdown text.
    """
    memo = {} if memo is None else memo
    refs_memo, html_memo = memo.setdefault("refs", {}), memo.setdefault("html", {})
    dates_memo = memo.setdefault("dates", {})
    used_refs, used_html, used_dates = {}, {}, {}

    def record_refs(record: Record) -> tuple[str, ...]:
        hit = refs_memo.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, tuple(dict.fromkeys(i for _, i in iter_refs(KINDS[record.kind].schema, record.fields))))
        used_refs[id(record)] = hit
        return hit[1]

    def date_of(record: Record) -> dt.date:
        hit = dates_memo.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, record_date(record))
        used_dates[id(record)] = hit
        return hit[1]

    def to_html(text: str) -> str:
        html = html_memo.get(text)
        if html is None:
            html = markdown_html.to_html(text)
        used_html[text] = html
        return html
    public = [r for r in records if is_public(r, config)]
    embargoes = [r.fields["embargo_until"] for r in records
                 if r.fields.get("embargo_until") is not None and r.fields["embargo_until"] > config.build_time]
    dates = {r.id: date_of(r) for r in public}
    newest_first = sorted(public, key=lambda r: (-dates[r.id].toordinal(), r.id))
    listed = tuple(r for r in newest_first if r.status != "withdrawn")

    by_kind = {name: tuple(r for r in listed if r.kind == name) for name in KINDS}
    by_year: dict[int, list[Record]] = {}
    referrers: dict[str, list[Record]] = {}
    for record in listed:
        by_year.setdefault(dates[record.id].year, []).append(record)
        for identifier in record_refs(record):
            referrers.setdefault(identifier, []).append(record)

    entity_tables = {name: {e.id: e for e in entities.get(name, ())} for name in ENTITIES}
    children: dict[str, list[Entity]] = {}
    predecessors: dict[str, list[Entity]] = {}
    for name in LINKED_ENTITIES:
        for entity in entity_tables[name].values():
            if entity.fields.get("parent"):
                children.setdefault(entity.fields["parent"], []).append(entity)
            for successor in entity.fields.get("successors", ()):
                predecessors.setdefault(successor, []).append(entity)

    body_html = {}
    for record in newest_first:
        body_html[record.id] = {"vi": to_html(record.body), "en": to_html(record.body_en)}
    for page in pages:
        body_html[page.id] = {"vi": to_html(page.body), "en": to_html(page.body_en)}
    memo["refs"], memo["html"], memo["dates"] = used_refs, used_html, used_dates

    return Site(
        next_embargo_end=min(embargoes, default=None),
        config=config,
        vocabularies=vocabularies,
        records=listed,
        by_id={r.id: r for r in newest_first},
        by_kind=by_kind,
        by_year={year: tuple(items) for year, items in sorted(by_year.items(), reverse=True)},
        dates=dates,
        entities=entity_tables,
        referrers={key: tuple(value) for key, value in referrers.items()},
        children={key: tuple(sorted(value, key=lambda e: e.id)) for key, value in children.items()},
        predecessors={key: tuple(sorted(value, key=lambda e: e.id)) for key, value in predecessors.items()},
        body_html=body_html,
        pages=tuple(sorted(pages, key=lambda p: p.id)),
    )
