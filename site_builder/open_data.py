"""The open-data producers: downloads with their ``/data/`` page, Atom feeds, and discovery files.

Each has the producer shape ``(site, theme) -> ({output path: bytes}, problems)`` and is listed in
``build.PRODUCERS``. The work is done by the pure modules of the layer before (``exports``,
``catalog``, ``feeds``, ``discovery``, ``structured_data``); this module only plans the few HTML
pages they need (the data page, redirect pages) and renders them through the theme.
"""

from __future__ import annotations

from . import urls
from .catalog import CATALOG_PATH, DATA_PAGE, Dataset, dcat_catalog, describe_datasets
from .discovery import plan_redirects, redirect_specs, redirects_file, robots_txt, sitemap_files
from .errors import Problem
from .exports import (REFERENCE_DATA, compact_json, dataset_paths, entity_list, export_entity, export_record,
                      json_bytes, json_lines_array, record_data_path, record_list, reference_table)
from .json_schemas import entity_list_export_schema, record_export_schema, record_list_export_schema
from .kinds import ENTITIES, KINDS
from .feeds import atom_feeds
from .pages import PageSpec, plan_pages
from .render import render_pages
from .site import LINKED_ENTITIES, Site
from .stat_pages import plan_statistics_pages
from .statistics import site_statistics
from .tables import (LIST_SEPARATOR, csv_bytes, csv_row_schema, entity_columns, entity_row, record_columns,
                     record_row)
from .theme import Theme, make_environments

__all__ = ["data_downloads", "atom_feeds", "discovery_files", "alias_problems"]

DATA_PAGE_TITLE = {"vi": "Dữ liệu mở", "en": "Open data"}


def data_page_specs(site: Site, datasets: tuple[Dataset, ...]) -> list[PageSpec]:
    """``/data/`` in every language: what can be downloaded, in which formats, under which licence."""
    return [PageSpec(lang, DATA_PAGE, "data.html", DATA_PAGE_TITLE.get(lang, DATA_PAGE_TITLE["en"]),
                     {"datasets": datasets, "catalog_path": CATALOG_PATH, "separator": LIST_SEPARATOR},
                     urls.output_file(site.config, lang, DATA_PAGE))
            for lang in site.config.languages]


def data_files(site: Site) -> dict[str, bytes]:
    """Every open-data file except the catalogue: per-kind and reference datasets, per-record JSON, schemas."""
    files: dict[str, bytes] = {}
    languages = site.config.languages
    refs = reference_table(site)
    for name, kind in KINDS.items():
        paths = dataset_paths(name)
        records = record_list(site, name)
        encoded = [compact_json(export_record(site, record, refs)) for record in records]
        for record, line in zip(records, encoded):
            files[record_data_path(site, record)] = (line + "\n").encode("utf-8")
        files[paths["json"]] = json_lines_array(encoded)
        columns = record_columns(name)
        files[paths["csv"]] = csv_bytes(columns, (record_row(site, r, columns, refs) for r in records))
        files[paths["json_schema"]] = json_bytes(record_list_export_schema(kind, site.vocabularies, languages))
        files[paths["record_schema"]] = json_bytes(record_export_schema(kind, site.vocabularies, languages))
        files[paths["csv_schema"]] = json_bytes(csv_row_schema(f"{kind.plural['vi']} / {kind.plural['en']} (CSV)",
                                                               columns, site.vocabularies))
    for type_name in REFERENCE_DATA:
        entity_type = ENTITIES[type_name]
        paths = dataset_paths(type_name)
        entities = entity_list(site, type_name)
        files[paths["json"]] = json_lines_array([compact_json(export_entity(site, e, refs)) for e in entities])
        columns = entity_columns(type_name)
        files[paths["csv"]] = csv_bytes(columns, (entity_row(site, e, columns, refs) for e in entities))
        files[paths["json_schema"]] = json_bytes(entity_list_export_schema(entity_type, site.vocabularies,
                                                                           type_name in LINKED_ENTITIES))
        files[paths["csv_schema"]] = json_bytes(csv_row_schema(
            f"{entity_type.plural['vi']} / {entity_type.plural['en']} (CSV)", columns, site.vocabularies,
            entity_type.id_required))
    return files


def data_downloads(site: Site, theme: Theme) -> tuple[dict[str, bytes], list[Problem]]:
    """Producer: every JSON and CSV file with its schema, the DCAT catalogue, and the data page."""
    files = data_files(site)
    datasets = describe_datasets(site, files)
    files[CATALOG_PATH] = json_bytes(dcat_catalog(site, datasets))
    pages, problems = render_pages(make_environments(site, theme), site, data_page_specs(site, datasets))
    return {**files, **pages}, problems


def _page_paths(site: Site) -> list[PageSpec]:
    """Every HTML page the build makes: the pages, the statistics pages and the data page."""
    return plan_pages(site) + plan_statistics_pages(site, site_statistics(site)) + data_page_specs(site, ())


def alias_problems(site: Site) -> list[Problem]:
    """Aliases that cannot become redirects (an existing page, taken twice ...), for ``check``."""
    if not any(record.fields.get("aliases") for record in site.by_id.values()):
        return []  # planning every page only to compare addresses: skip it when there is nothing to compare
    return plan_redirects(site, {spec.path for spec in _page_paths(site)})[1]


def discovery_files(site: Site, theme: Theme) -> tuple[dict[str, bytes], list[Problem]]:
    """Producer: ``sitemap.xml``, ``robots.txt``, ``_redirects`` and a redirect page per alias."""
    specs = _page_paths(site)
    redirects, _ = plan_redirects(site, {spec.path for spec in specs})  # problems come from check()
    pages, problems = render_pages(make_environments(site, theme), site, redirect_specs(site, redirects))
    files = {**sitemap_files(site, specs), "robots.txt": robots_txt(site), **pages}
    if redirects:
        files["_redirects"] = redirects_file(site, redirects)
    return files, problems
