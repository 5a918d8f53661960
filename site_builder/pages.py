"""Which HTML pages the site has: a pure plan of :class:`PageSpec` values, one per page and language.

Home, a detail page per record (withdrawn ones as tombstones), paginated listings per kind,
per year, per unit, locality, document and annual theme, their index pages, free pages
and the 404 page, each in every language of the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from . import urls
from .kinds import ENTITIES, KINDS
from .present import entity_name, pick
from .search_index import manifest_path
from .site import LINKED_ENTITIES, Site
from .statistics import Statistics, site_statistics
from .text import fold

LATEST_ON_HOME = 5
SEARCH_PATH = "search/"  #: the search page (its index is written by search_index.py)
SEARCH_TITLE = {"vi": "Tìm kiếm hồ sơ", "en": "Search records"}
HISTORY_PATH = "history/"  #: a record's change history, below its page: models/<id>/history/


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a paginated listing."""

    number: int
    count: int
    total_items: int
    first_path: str
    prev_path: str | None
    next_path: str | None
    paths: tuple[str, ...]


@dataclass(frozen=True)
class PageSpec:
    """One page to render: its language, path, template, title and the values it shows."""

    lang: str
    path: str                      # language-neutral, e.g. "models/dong-anh-5-ro/"
    template: str
    title: str
    data: Mapping = field(default_factory=dict)
    output: str = ""               # file under output/
    noindex: bool = False


def plan_pages(site: Site) -> list[PageSpec]:
    """Every HTML page of the site, in a stable order (planned once per site: :meth:`Site.derive`)."""
    return list(site.derive("pages", _plan_site))


def _plan_site(site: Site) -> tuple[PageSpec, ...]:
    specs: list[PageSpec] = []
    stats = site_statistics(site)  # headline figures (home) and panels (unit, locality, document pages)
    for lang in site.config.languages:
        specs.extend(_plan_language(site, lang, stats))
    return tuple(specs)


def _spec(site: Site, lang: str, path: str, template: str, title: str, output: str | None = None,
          noindex: bool = False, **data) -> PageSpec:
    return PageSpec(lang, path, template, title, data, output or urls.output_file(site.config, lang, path), noindex)


def _plan_language(site: Site, lang: str, stats: Statistics) -> list[PageSpec]:
    config = site.config
    specs = [_spec(site, lang, "", "home.html", pick(config.title, lang)[0],
                   latest={name: records[:LATEST_ON_HOME] for name, records in site.by_kind.items()},
                   headlines=stats.headlines)]
    for record in site.by_id.values():
        specs.extend(record_pages(site, record, lang))
    for name, kind in KINDS.items():
        specs.extend(_paginated(site, lang, kind.folder, site.by_kind[name], "listing.html",
                                kind.plural[lang], kind=kind))
    specs.append(_spec(site, lang, "years/", "years.html", "years"))
    for year, records in site.by_year.items():
        specs.extend(_paginated(site, lang, f"years/{year}", records, "year.html", str(year), year=year))
    for type_name in LINKED_ENTITIES:
        entity_type = ENTITIES[type_name]
        section = urls.section_path(config, type_name).rstrip("/")
        entities = sorted(site.entities[type_name].values(), key=lambda e: _sort_name(site, e, lang))
        specs.append(_spec(site, lang, f"{section}/", "entities.html", entity_type.plural[lang],
                           entity_type=entity_type, entities=tuple(entities)))
        for entity in entities:
            path = urls.record_path(config, type_name, entity.id).rstrip("/")
            specs.extend(_paginated(site, lang, path, site.referrers.get(entity.id, ()), "entity.html",
                                    entity_name(site, entity, lang), entity=entity, entity_type=entity_type,
                                    panel=stats.panels.get(entity.id)))
    for page in site.pages:
        specs.append(_spec(site, lang, f"{page.id}/", "page.html", pick(page.fields["title"], lang)[0],
                           free_page=page))
    specs.append(_spec(site, lang, SEARCH_PATH, "search.html", SEARCH_TITLE[lang], kinds=KINDS,
                       manifest=manifest_path(lang)))
    specs.append(_spec(site, lang, "404.html", "404.html", "404",
                       output=urls.localized(config, lang, "404.html"), noindex=True))
    return specs


def record_pages(site: Site, record, lang: str) -> list[PageSpec]:
    """A record's page (a tombstone once withdrawn) and, when git knows it, its change history page."""
    kind = KINDS[record.kind]
    path = urls.record_path(site.config, record.kind, record.id)
    title = pick(record.fields["title"], lang)[0]
    template = "tombstone.html" if record.status == "withdrawn" else "record.html"
    specs = [_spec(site, lang, path, template, title, record=record, kind=kind)]
    if record.id in site.history:
        specs.append(_spec(site, lang, path + HISTORY_PATH, "history.html", title, record=record, kind=kind,
                           history=site.history[record.id]))
    return specs


def _sort_name(site: Site, entity, lang: str) -> tuple:
    return (fold(entity_name(site, entity, lang)), entity.id)


def _paginated(site: Site, lang: str, section: str, items: Sequence, template: str, title: str,
               **data) -> list[PageSpec]:
    """The pages of a listing at ``section/``, ``section/page/2/`` ..., at least one page."""
    size = site.config.page_size
    count = max(1, -(-len(items) // size))
    paths = tuple(urls.listing_path(section, n) for n in range(1, count + 1))
    specs = []
    for number in range(1, count + 1):
        pager = Pager(number, count, len(items), paths[0],
                      paths[number - 2] if number > 1 else None,
                      paths[number] if number < count else None, paths)
        specs.append(_spec(site, lang, paths[number - 1], template, title,
                           items=tuple(items[(number - 1) * size: number * size]), pager=pager, **data))
    return specs
