"""Atom feeds (RFC 4287): the whole site, each kind, and each unit, locality, document and annual theme.

Pure: :class:`Site` in, ``{output path: bytes}`` out. Written as text with the standard
library's XML escaping rather than with feedgenerator or ElementTree: Atom is a small format, a
record's entry is rendered once and shared by every feed it is in (site, kind, locality, units,
directives), and the bytes are reproducible without another dependency. Tests read every feed back
with a real feed parser.

Every feed exists in every language (``feed.xml``, ``en/feed.xml``, ``models/feed.xml``,
``units/<id>/feed.xml`` ...), also when it is still empty, so a citizen can follow a ward before
anything is published about it. Entries are the newest :data:`FEED_SIZE` listed records (never
drafts, embargoed or withdrawn ones), newest change first; each carries the title, summary,
kind, locality, the published date and the last correction date as ``updated``.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr
from dataclasses import dataclass
from typing import Sequence

from . import __version__, urls
from .kinds import KINDS
from .records import Record
from .schema import VN_TZ
from .site import LINKED_ENTITIES, Site, record_date

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
FEED_SIZE = 50
MEDIA_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class FeedLink:
    """A feed as a page links to it: ``<link rel="alternate" type="application/atom+xml">``."""

    title: str
    url: str
    path: str   # language-neutral, e.g. "units/ubnd-tp-ha-noi/feed.xml"


def site_feed_path() -> str:
    return FEED_FILE


def kind_feed_path(site: Site, kind: str) -> str:
    return f"{KINDS[kind].folder}/{FEED_FILE}"


def entity_feed_path(site: Site, type_name: str, identifier: str) -> str:
    return urls.record_path(site.config, type_name, identifier) + FEED_FILE


def record_updated(record: Record) -> dt.date:
    """The last day the record changed: its newest correction, else the day it was published."""
    dates = [record.fields["published"]] + [c["date"] for c in record.fields.get("corrections", ())]
    return max(dates)


def _title(site: Site, lang: str, *parts) -> str:
    site_title = _pick(site.config.title, lang)
    return " · ".join([*(p for p in parts if p), site_title])


def _pick(text, lang: str) -> str:
    if isinstance(text, dict):
        return text.get(lang) or text.get("vi", "")
    return "" if text is None else str(text)


def _entity_label(entity, lang: str) -> str:
    if entity.type == "document":
        return f"{entity.fields['number']}: {_pick(entity.fields['title'], lang)}"
    for key in ("name", "text"):
        if key in entity.fields:
            return _pick(entity.fields[key], lang)
    return entity.id


def feed_plan(site: Site) -> list[tuple[str, str, dict, str, Sequence[Record]]]:
    """Every feed as ``(path, page path, title per language, scheme term, records)``."""
    plan = [(site_feed_path(), "", {lang: _title(site, lang) for lang in site.config.languages}, "site",
             site.records)]
    for name, kind in KINDS.items():
        plan.append((kind_feed_path(site, name), f"{kind.folder}/",
                     {lang: _title(site, lang, kind.plural[lang]) for lang in site.config.languages}, name,
                     site.by_kind[name]))
    for type_name in LINKED_ENTITIES:
        for entity in sorted(site.entities[type_name].values(), key=lambda e: e.id):
            plan.append((entity_feed_path(site, type_name, entity.id),
                         urls.record_path(site.config, type_name, entity.id),
                         {lang: _title(site, lang, _entity_label(entity, lang)) for lang in site.config.languages},
                         type_name, site.referrers.get(entity.id, ())))
    return plan


def _stamp(day: dt.date) -> str:
    """Midnight of ``day`` in Vietnam time, as Atom wants it."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN_TZ).isoformat()


def _element(tag: str, text: str | None = None, indent: str = "  ", **attributes) -> str:
    """One XML element on its own line: text escaped, attributes quoted, in the order given."""
    attrs = "".join(f" {name.rstrip('_')}={quoteattr(value)}" for name, value in attributes.items())
    if text is None:
        return f"{indent}<{tag}{attrs} />\n"
    return f"{indent}<{tag}{attrs}>{escape(text)}</{tag}>\n"


def render_feed(site: Site, lang: str, path: str, page_path: str, title: str, records: Sequence[Record],
                newest: dt.date, entries_cache: dict | None = None) -> str:
    """One Atom document in ``lang``; ``newest`` dates an empty feed. A record is in several feeds
    (site, kind, locality, units, directives): ``entries_cache`` lets them share its rendered entry."""
    config = site.config
    entries = sorted(records, key=lambda r: (-record_updated(r).toordinal(), r.id))[:FEED_SIZE]
    updated = max((record_updated(r) for r in entries), default=newest)
    self_url = urls.absolute_url(config, lang, path)
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n',
             f'<feed xmlns="{ATOM_NS}" xml:lang={quoteattr(lang)}>\n',
             _element("id", self_url), _element("title", title)]
    if config.description:
        parts.append(_element("subtitle", _pick(config.description, lang)))
    parts += [_element("updated", _stamp(updated)),
              _element("link", rel="self", type=MEDIA_TYPE, href=self_url),
              _element("link", rel="alternate", type="text/html", href=urls.absolute_url(config, lang, page_path)),
              "  <author>\n", _element("name", _pick(config.publisher, lang) or _pick(config.title, lang), "    "),
              _element("uri", config.base_url, "    "), "  </author>\n"]
    if config.licence:
        parts.append(_element("rights", _pick(config.licence, lang)))
    parts.append(_element("generator", "site-builder", version=__version__))
    cache = {} if entries_cache is None else entries_cache
    for record in entries:
        key = (record.id, lang)
        if key not in cache:
            cache[key] = _entry(site, record, lang)
        parts.append(cache[key])
    parts.append("</feed>\n")
    return "".join(parts)


def _entry(site: Site, record: Record, lang: str) -> str:
    config = site.config
    kind = KINDS[record.kind]
    page_path = urls.record_path(config, record.kind, record.id)
    parts = ["  <entry>\n",
             _element("id", urls.absolute_url(config, config.default_language, page_path), "    "),
             _element("title", _pick(record.fields["title"], lang), "    "),
             _element("link", None, "    ", rel="alternate", type="text/html",
                      href=urls.absolute_url(config, lang, page_path)),
             _element("link", None, "    ", rel="alternate", type="application/json",
                      href=config.base_url + page_path + f"{record.id}.json"),
             _element("published", _stamp(record.fields["published"]), "    "),
             _element("updated", _stamp(record_updated(record)), "    ")]
    if record.fields.get("summary"):
        parts.append(_element("summary", _pick(record.fields["summary"], lang), "    ", type="text"))
    parts.append(_element("category", None, "    ", term=record.kind, label=kind.label[lang],
                          scheme=urls.absolute_url(config, lang, f"{kind.folder}/")))
    locality = site.entities["locality"].get(record.fields["locality"])
    if locality is not None:
        parts.append(_element("category", None, "    ", term=locality.id, label=_entity_label(locality, lang),
                              scheme=urls.absolute_url(config, lang, urls.section_path(config, "locality"))))
    year = str(record_date(record).year)
    parts.append(_element("category", None, "    ", term=year, label=year,
                          scheme=urls.absolute_url(config, lang, "years/")))
    parts.append("  </entry>\n")
    return "".join(parts)


def atom_feeds(site: Site, theme=None) -> tuple[dict[str, bytes], list]:
    """Producer: every feed in every language. ``theme`` is unused (feeds are not themed)."""
    newest = max((record_updated(r) for r in site.records), default=site.config.build_time.date())
    files = {}
    cache: dict = {}
    for path, page_path, titles, _, records in feed_plan(site):
        for lang in site.config.languages:
            files[urls.localized(site.config, lang, path)] = render_feed(
                site, lang, path, page_path, titles[lang], records, newest, cache).encode("utf-8")
    return files, []


def page_feeds(site: Site, page, lang: str) -> list[FeedLink]:
    """The feeds a page links to: the whole site, plus its kind's or its entity's own feed."""
    config = site.config
    links = [FeedLink(_title(site, lang), urls.url(config, lang, site_feed_path()), site_feed_path())]
    data = page.data if hasattr(page, "data") else {}
    kind = data.get("kind")
    entity = data.get("entity")
    if getattr(entity, "type", None) in LINKED_ENTITIES:
        path = entity_feed_path(site, entity.type, entity.id)
        links.append(FeedLink(_title(site, lang, _entity_label(entity, lang)), urls.url(config, lang, path), path))
    elif kind is not None and getattr(kind, "name", None) in KINDS:
        path = kind_feed_path(site, kind.name)
        links.append(FeedLink(_title(site, lang, kind.plural[lang]), urls.url(config, lang, path), path))
    return links
