"""Themes: where templates, static files and UI message catalogs come from, and the Jinja setup.

A project's ``themes/<name>/`` overrides any file of the built-in default theme. Each
language gets its own Jinja environment (autoescape, ``StrictUndefined``, gettext from the
theme's ``locale/<lang>.po`` read with Babel) whose helpers are bound to that language; messages,
dates, numbers, links and record cards are made once per environment (:mod:`memo`).
Static files are fingerprinted (``style.3f2a1b9c0d.css``) so hosts may cache them for a year.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import jinja2
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from . import changes, charts, exports, feeds, memo, present, structured_data, urls
from .config import SiteConfig
from .errors import BuildFailed, Problem, SourceLocation, UsageError

DEFAULT_THEME = "default"
DATE_PATTERNS = {"vi": "d 'tháng' M 'năm' y", "en": "d MMMM y"}


@dataclass(frozen=True)
class Theme:
    """The theme's folders (project first, built-in default last) and its fingerprinted assets."""

    dirs: tuple[Path, ...]
    assets: Mapping[str, str]        # "style.css" -> "static/style.3f2a1b9c0d.css"
    asset_sources: Mapping[str, Path]  # output path -> file to copy
    #: Compiled templates and UI catalogs, shared by every environment made from this theme (each
    #: producer makes its own; the preview server keeps the theme between builds). Jinja checks each
    #: template's source checksum, so an edited template is compiled again.
    compiled: "_CompiledCache" = field(default_factory=lambda: _CompiledCache(), compare=False, repr=False)


class _CompiledCache(jinja2.BytecodeCache):
    """Template bytecode in memory, plus the merged translations per language."""

    def __init__(self) -> None:
        self.bytecode: dict[str, bytes] = {}
        self.translations: dict[str, Translations] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.bytecode:
            bucket.bytecode_from_string(self.bytecode[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.bytecode[bucket.key] = bucket.bytecode_to_string()


def builtin_theme_dir() -> Path:
    """The default theme: inside the installed package, or ``themes/default`` of a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_themes" / DEFAULT_THEME, package.parent / "themes" / DEFAULT_THEME):
        if (candidate / "templates").is_dir():
            return candidate
    raise UsageError("the built-in default theme is missing: reinstall site-builder")


def load_theme(config: SiteConfig) -> Theme:
    """Find the theme named in ``site.yaml``; a missing non-default theme is a usage error."""
    dirs = []
    project_theme = config.project_dir / "themes" / config.theme
    if project_theme.is_dir():
        _refuse_links_out(project_theme, config.project_dir)
        dirs.append(project_theme)
    elif config.theme != DEFAULT_THEME:
        raise UsageError(f"site.yaml: theme: no folder themes/{config.theme}/ in the project")
    builtin = builtin_theme_dir()
    if builtin.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(builtin)
    files: dict[str, Path] = {}
    for theme_dir in reversed(dirs):  # later (project) folders override earlier (default) ones
        static = theme_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path
    assets, sources = {}, {}
    for name, path in sorted(files.items()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        target = f"static/{stem}.{digest}.{suffix}" if dot else f"static/{name}.{digest}"
        assets[name] = target
        sources[target] = path
    return Theme(tuple(dirs), assets, sources)


def _refuse_links_out(theme_dir: Path, project_dir: Path) -> None:
    """A theme's files are published (static/) or read (templates/, locale/): a link inside it
    that leads out of it (to ``/etc/passwd``, to the editor's home) is an error, not a copy."""
    root = theme_dir.resolve()
    problems = []
    for folder, dirnames, filenames in os.walk(theme_dir):
        for name in sorted(dirnames + filenames):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(Problem(SourceLocation(path.relative_to(project_dir).as_posix()), "",
                                        "is a link to a file outside the theme",
                                        "copy the file into the theme instead of linking to it"))
    if problems:
        raise BuildFailed(problems)


def _translations(theme: Theme, lang: str) -> Translations:
    """The UI catalog for ``lang``: default theme's entries, overridden by the project theme's."""
    merged = None
    for theme_dir in reversed(theme.dirs):
        po_file = theme_dir / "locale" / f"{lang}.po"
        if not po_file.is_file():
            continue
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        if merged is None:
            merged = catalog
        else:
            for message in catalog:
                if message.id and message.string:
                    merged[message.id] = message
    if merged is None:
        return Translations()
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(fp=buffer)


def make_environments(site, theme: Theme) -> dict[str, jinja2.Environment]:
    """One Jinja environment per site language, with helpers bound to that language."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme.dirs])
    return {lang: _environment(site, theme, loader, lang) for lang in site.config.languages}


def _environment(site, theme: Theme, loader, lang: str) -> jinja2.Environment:
    config = site.config
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=theme.compiled)
    if lang not in theme.compiled.translations:
        theme.compiled.translations[lang] = _translations(theme, lang)
    memo.install_cached_gettext(env, theme.compiled.translations[lang])  # newstyle gettext, translated once
    locale = Locale.parse(lang)  # parsed once: pages and charts format thousands of numbers and dates
    number = memo.memoize_numbers(lambda value: format_decimal(value, locale=locale))
    ref = memo.memoized(lambda identifier: present.ref_node(site, identifier, lang, ref))

    def asset(name: str) -> str:
        if name not in theme.assets:
            raise KeyError(f"no static file {name!r} in the theme")
        return config.base_path + theme.assets[name]

    def text(value) -> str:
        return present.pick(value, lang)[0]

    def is_fallback(value) -> bool:
        return present.pick(value, lang)[1]

    def term(vocabulary: str, value) -> str:
        found = site.vocabularies[vocabulary].terms.get(value)
        return found.label[lang] if found else str(value)

    env.globals.update(
        lang=lang,
        languages=config.languages,
        asset=asset,
        text=text,
        is_fallback=is_fallback,
        term=term,
        url=lambda path, to=lang: urls.url(config, to, path),
        absolute_url=lambda path, to=lang: urls.absolute_url(config, to, path),
        record_url=lambda record: present.record_url(site, record, lang),
        entity_url=lambda entity: present.entity_url(site, entity, lang),
        entity_name=lambda entity: present.entity_name(site, entity, lang),
        ref=ref,
        record_fields=lambda record: present.present_fields(site, record, lang, ref),
        entity_fields=lambda entity: present.present_entity(site, entity, lang, ref),
        record_path=lambda kind, identifier: urls.record_path(config, kind, identifier),
        section_path=lambda kind: urls.section_path(config, kind),
        publication_compliance=lambda record: present.publication_compliance(record, config.build_time.date()),
        **_chart_helpers(site, lang, locale, number),
        **_open_data_helpers(site, lang),
        **_history_helpers(site, lang),
    )
    env.filters.update(
        date=memo.memoize_dates(lambda value: _format_date(value, lang)),
        number=number,
        filesize=lambda size: _format_size(size, lang),
        ref=ref,
    )
    env.globals["cached_card"] = _cached_card(env, site)
    return env


def _cached_card(env: jinja2.Environment, site):
    """``cached_card(record)``: the ``card`` macro of ``_macros.html`` for ``record``, rendered once per
    environment. A card shows only the record, the site and the language, never the page it is on
    (the macro is rendered outside any page: a card that used ``page`` would be an error)."""
    cards: dict[str, object] = {}  # record id -> Markup
    macros = []

    def cached_card(record):
        card = cards.get(record.id)
        if card is None:
            if not macros:
                macros.append(env.get_template("_macros.html").make_module({"site": site}))
            card = cards[record.id] = macros[0].card(record)
        return card

    return cached_card


def _history_helpers(site, lang: str) -> dict:
    """Change history: ``record_history(record)`` (dates and commits from git, or ``None``),
    ``history_changes(record, entry)`` (one commit's field changes as labelled lines) and
    ``history_message(entry)`` (the commit message, or "" when it looks like personal data)."""
    return {"record_history": lambda record: site.history.get(record.id),
            "history_changes": lambda record, entry: changes.describe_entry(site, record, entry, lang),
            "history_message": changes.public_message}


def _open_data_helpers(site, lang: str) -> dict:
    """Open-data helpers: ``feed_links(page)`` (the Atom feeds a page announces), ``json_ld(page)``
    (schema.org JSON for a ``<script type="application/ld+json">`` data block, mark it ``| safe``),
    ``record_data_url(record)`` (the record's JSON file) and ``og_locale(lang)`` (``vi_VN``)."""
    return {"feed_links": lambda page: feeds.page_feeds(site, page, lang),
            "json_ld": lambda page: structured_data.page_json_ld(site, page, lang),
            "record_data_url": lambda record: urls.url(site.config, site.config.default_language,
                                                       exports.record_data_path(site, record)),
            "og_locale": structured_data.og_locale}


def _format_size(size: int, lang: str) -> str:
    """A file size for people: ``850 B``, ``12,4 kB``, ``3,1 MB`` (decimal units, as browsers show them)."""
    for unit, factor in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= factor:
            return f"{format_decimal(round(size / factor, 1), locale=lang)} {unit}"
    return f"{format_decimal(size, locale=lang)} B"


def _chart_helpers(site, lang: str, locale: Locale, number) -> dict:
    """Statistics helpers: ``chart(c, compact)`` (inline SVG, mark it ``| safe``), ``chart_value(cell, unit)``,
    ``figure_value(value, qualifier, unit)`` ("gần 200.000.000 đồng"), ``chart_category(category)`` and
    ``short_period(period)``, in the page's language."""
    fmt = charts.Formats(lang, number, memo.memoize_dates(
        lambda value: format_date(value, charts.DATE_PATTERNS.get(lang, "medium"), locale=locale)))
    qualifiers = site.vocabularies["qualifier"].terms

    def figure_value(value, qualifier="exact", unit="count") -> str:
        label = qualifiers[qualifier].label if qualifier in qualifiers and qualifier != "exact" else None
        return charts.format_value(charts.Cell(value, qualifier or "exact", label), unit, fmt)

    return {"chart": lambda chart, compact=False: charts.render_chart(chart, fmt, compact),
            "chart_value": lambda cell, unit="count": charts.format_value(cell, unit, fmt),
            "figure_value": figure_value,
            "chart_category": lambda category: charts.category_text(category, fmt),
            "short_period": lambda period: charts.format_period(period, fmt)}


def _format_date(value, lang: str) -> str:
    if hasattr(value, "hour"):
        return format_datetime(value, DATE_PATTERNS.get(lang, "long") + " HH:mm", locale=lang)
    return format_date(value, DATE_PATTERNS.get(lang, "long"), locale=lang)
