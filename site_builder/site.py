"""The single immutable :class:`Site`: every record and entity indexed the ways pages need them.

Built once by :func:`index_records` from validated content. Decides what is public:
drafts (unless ``--drafts``) and embargoed records are left out entirely; withdrawn
records keep only a tombstone page and appear in no listing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, TypeVar

from . import markdown_html
from .config import SiteConfig
from .kinds import ENTITIES, KINDS
from .records import Entity, FreePage, Record
from .schema import Vocabulary, iter_refs

T = TypeVar("T")

LINKED_ENTITIES = ("unit", "locality", "document", "theme")  # entity types that have pages
#: The key of the last indexed site in the memo of :func:`index_records` (only worth keeping in memory).
LAST_SITE = "last site"
#: More changed records than this are indexed again rather than patched in.
MAX_PATCHED = 50


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


def record_references(record: Record) -> tuple[str, ...]:
    """The ids a record refers to (units, localities, documents, other records ...), each once, in order."""
    return tuple(dict.fromkeys(i for _, i in iter_refs(KINDS[record.kind].schema, record.fields)))


def is_public(record: Record, config: SiteConfig) -> bool:
    """Whether a record may appear in the output at all (drafts only with ``--drafts``)."""
    embargo = record.fields.get("embargo_until")
    if embargo is not None and embargo > config.build_time:
        return False
    return record.status != "draft" or config.drafts


def index_records(config: SiteConfig, vocabularies, records, entities, pages, memo: dict | None = None) -> Site:
    """Index validated content into a :class:`Site`.

    ``memo`` (optional, owned by the caller, e.g. the preview server) keeps each record's
    references, date and rendered Markdown between runs, keyed by the record object (which
    :func:`validate.validate_content` reuses for unchanged documents) and by the Markdown text,
    and the last site: when only records changed, each keeping its id, kind, status, date,
    references and embargo, the last site is patched with them (:func:`_patched`) instead of
    indexing every record again; the result is the same.
    """
    memo = {} if memo is None else memo
    refs_memo, html_memo = memo.setdefault("refs", {}), memo.setdefault("html", {})
    dates_memo = memo.setdefault("dates", {})
    used_refs, used_html, used_dates = {}, {}, {}

    def record_refs(record: Record) -> tuple[str, ...]:
        hit = refs_memo.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, record_references(record))
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
    last = memo.get(LAST_SITE)
    patched = _patched(last, config, vocabularies, records, entities, pages, record_refs, date_of, to_html) \
        if last is not None else None
    if patched is None:
        site = _index(config, vocabularies, records, entities, pages, record_refs, date_of, to_html)
    else:
        site, replaced = patched  # the memos keep every other record's entries
        gone = {id(record) for record in replaced}
        used_refs = {k: v for k, v in {**refs_memo, **used_refs}.items() if k not in gone}
        used_dates = {k: v for k, v in {**dates_memo, **used_dates}.items() if k not in gone}
        used_html = {**html_memo, **used_html}
    memo["refs"], memo["html"], memo["dates"] = used_refs, used_html, used_dates
    memo[LAST_SITE] = (config, vocabularies, tuple(records), {k: tuple(v) for k, v in entities.items()},
                       tuple(pages), site)
    return site


def _patched(last, config, vocabularies, records, entities, pages, record_refs, date_of, to_html):
    """``(the last site with the changed records swapped in, the records they replace)``, or ``None``
    when more than records changed, or a changed record would move (another id, kind, status, date,
    references or embargo). A patched site lists the same records in the same order everywhere."""
    last_config, last_vocabularies, last_records, last_entities, last_pages, site = last
    if last_config != config or last_vocabularies != vocabularies or len(last_records) != len(records) \
            or not _same_objects(last_pages, pages) or last_entities.keys() != entities.keys() \
            or not all(_same_objects(last_entities[name], table) for name, table in entities.items()):
        return None
    swaps = [(old, new) for old, new in zip(last_records, records) if old is not new]
    if len(swaps) > MAX_PATCHED:
        return None
    for old, new in swaps:
        if (old.id, old.kind, old.status, old.fields.get("embargo_until"), is_public(old, config)) != \
                (new.id, new.kind, new.status, new.fields.get("embargo_until"), is_public(new, config)) \
                or date_of(old) != date_of(new) or record_refs(old) != record_refs(new):
            return None
    if not swaps:
        return site, []
    swap = {id(old): new for old, new in swaps}
    public = [new for _, new in swaps if new.id in site.by_id]
    kinds = {record.kind for record in public}
    years = {site.dates[record.id].year for record in public}
    referred = {identifier for record in public for identifier in record_refs(record)}

    def swapped(records_):
        return tuple(swap.get(id(record), record) for record in records_)
    body_html = dict(site.body_html)
    for record in public:
        body_html[record.id] = {"vi": to_html(record.body), "en": to_html(record.body_en)}
    return replace(
        site,
        records=swapped(site.records) if public else site.records,
        by_id={identifier: swap.get(id(record), record) for identifier, record in site.by_id.items()},
        by_kind={name: swapped(items) if name in kinds else items for name, items in site.by_kind.items()},
        by_year={year: swapped(items) if year in years else items for year, items in site.by_year.items()},
        referrers={key: swapped(items) if key in referred else items for key, items in site.referrers.items()},
        body_html=body_html,
    ), [old for old, _ in swaps]


def _same_objects(first, second) -> bool:
    return len(first) == len(second) and all(a is b for a, b in zip(first, second))


def _index(config, vocabularies, records, entities, pages, record_refs, date_of, to_html) -> Site:
    """Every record indexed the ways pages need them."""
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
