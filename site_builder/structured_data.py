"""schema.org JSON-LD for pages: what search engines and other machines read about a record.

- emulation model: ``CreativeWork`` about a practice, with place and time covered;
- commendation decision: ``Legislation`` (schema.org's type for legal and administrative acts, with
  an identifier, a date and the body that passed it), ``legislationType`` "Quyết định";
- inspection result: ``Report`` with its conclusion number and the inspecting body as author;
- unit: ``GovernmentOrganization``; locality: ``AdministrativeArea``; document: ``Legislation``;
  annual theme: ``CreativeWork``; home: ``WebSite``; the data page: ``DataCatalog`` of ``Dataset``s
  with their downloads (read by dataset search engines).

The JSON-LD goes into a ``<script type="application/ld+json">`` data block: browsers never run it,
so it needs no CSP exception. ``<``, ``>`` and ``&`` are escaped so the text cannot end the block.
"""

from __future__ import annotations

import json

from . import urls
from .catalog import licence_url
from .exports import entity_text, record_data_path
from .feeds import record_updated
from .kinds import KINDS
from .pages import PageSpec
from .present import pick
from .records import Entity, Record
from .site import LINKED_ENTITIES, Site

CONTEXT = "https://schema.org"
RECORD_TYPES = {"emulation_model": "CreativeWork", "commendation": "Legislation", "inspection_result": "Report"}
ENTITY_TYPES = {"unit": "GovernmentOrganization", "locality": "AdministrativeArea", "document": "Legislation",
                "theme": "CreativeWork"}
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def script_json(value) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no ``<!--``, no HTML entities."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_json_ld(site: Site, page: PageSpec, lang: str) -> str:
    """The JSON-LD of a page, or ``""`` for pages that describe nothing in particular."""
    data = page.data
    value = None
    if page.template == "record.html":
        value = record_json_ld(site, data["record"], lang)
    elif page.template == "entity.html" and data["pager"].number == 1:
        value = entity_json_ld(site, data["entity"], lang)
    elif page.template == "home.html":
        value = {"@type": "WebSite", "name": pick(site.config.title, lang)[0], "url": _url(site, lang, ""),
                 "inLanguage": lang, "publisher": _publisher(site, lang)}
    elif page.template == "data.html":
        value = data_catalog_json_ld(site, data["datasets"], lang)
    if value is None:
        return ""
    return script_json({"@context": CONTEXT, **value})


def _url(site: Site, lang: str, path: str) -> str:
    return urls.absolute_url(site.config, lang, path)


def _publisher(site: Site, lang: str) -> dict:
    config = site.config
    return {"@type": "Organization", "name": pick(config.publisher or config.title, lang)[0], "url": config.base_url}


def _ref(site: Site, identifier: str, lang: str) -> dict | None:
    """A referenced unit, locality or document as a small schema.org node."""
    entity = site.entity(identifier)
    if entity is None or entity.type not in LINKED_ENTITIES:
        return None
    node = {"@type": ENTITY_TYPES[entity.type], "name": pick(entity_text(entity), lang)[0],
            "url": _url(site, lang, urls.record_path(site.config, entity.type, entity.id))}
    return node


def _period(record_or_entity_fields: dict) -> str | None:
    period = record_or_entity_fields.get("period") or {}
    start = period.get("start") or period.get("as_of")
    end = period.get("end") or period.get("as_of")
    if start and end and end != start:
        return f"{start.isoformat()}/{end.isoformat()}"
    return start.isoformat() if start else None


def record_json_ld(site: Site, record: Record, lang: str) -> dict:
    fields = record.fields
    path = urls.record_path(site.config, record.kind, record.id)
    url = _url(site, lang, path)
    value = {"@type": RECORD_TYPES[record.kind], "@id": url + "#record", "url": url, "identifier": record.id,
             "name": pick(fields["title"], lang)[0], "inLanguage": lang,
             "datePublished": fields["published"].isoformat(), "dateModified": record_updated(record).isoformat(),
             "publisher": _publisher(site, lang), "genre": KINDS[record.kind].label[lang],
             "isBasedOn": [s["url"] for s in fields.get("sources", ())],
             "subjectOf": {"@type": "DataDownload", "encodingFormat": "application/json",
                           "contentUrl": site.config.base_url + record_data_path(site, record)}}
    if fields.get("summary"):
        value["description"] = pick(fields["summary"], lang)[0]
    locality = _ref(site, fields["locality"], lang)
    if locality:
        value["spatialCoverage"] = locality
    temporal = _period(fields)
    if temporal:
        value["temporalCoverage"] = temporal
    if fields.get("tags"):
        value["keywords"] = ", ".join(fields["tags"])
    about = [n for n in (_ref(site, i, lang) for i in fields.get("units", ())) if n]
    if about:
        value["about"] = about
    if record.kind == "commendation":
        decision = fields["decision"]
        value.update(legislationIdentifier=decision["number"], legislationDate=decision["date"].isoformat(),
                     legislationType="Quyết định" if lang == "vi" else "Decision")
        issuer = _ref(site, decision["issuer"], lang)
        if issuer:
            value["legislationPassedBy"] = issuer
    elif record.kind == "inspection_result":
        body = _ref(site, fields["inspecting_body"], lang)
        if body:
            value["author"] = body
        conclusion = fields.get("conclusion")
        if conclusion:
            value["reportNumber"] = conclusion["number"]
            value["dateCreated"] = conclusion["signed"].isoformat()
    else:
        owners = [n for n in (_ref(site, i, lang) for i in fields.get("owner_units", ())) if n]
        if owners:
            value["creator"] = owners
    return value


def entity_json_ld(site: Site, entity: Entity, lang: str) -> dict:
    fields = entity.fields
    url = _url(site, lang, urls.record_path(site.config, entity.type, entity.id))
    value = {"@type": ENTITY_TYPES[entity.type], "@id": url + "#entity", "url": url, "identifier": entity.id,
             "name": pick(entity_text(entity), lang)[0]}
    if entity.type == "unit":
        if fields.get("short_name"):
            value["alternateName"] = [pick(fields["short_name"], lang)[0], *fields.get("aliases", ())]
        elif fields.get("aliases"):
            value["alternateName"] = list(fields["aliases"])
        if fields.get("parent"):
            value["parentOrganization"] = _ref(site, fields["parent"], lang)
        if fields.get("locality"):
            value["areaServed"] = _ref(site, fields["locality"], lang)
        if fields.get("valid_from"):
            value["foundingDate"] = fields["valid_from"].isoformat()
        if fields.get("valid_to"):
            value["dissolutionDate"] = fields["valid_to"].isoformat()
        if fields.get("website"):
            value["sameAs"] = fields["website"]
    elif entity.type == "locality":
        if fields.get("parent"):
            value["containedInPlace"] = _ref(site, fields["parent"], lang)
        if fields.get("code"):
            value["identifier"] = [entity.id, {"@type": "PropertyValue", "propertyID": fields["code"]["scheme"],
                                               "value": fields["code"]["value"]}]
    elif entity.type == "document":
        value.update(legislationIdentifier=fields["number"], alternateName=pick(fields["title"], lang)[0])
        if fields.get("signed"):
            value["legislationDate"] = fields["signed"].isoformat()
        if fields.get("issuer") and _ref(site, fields["issuer"], lang):
            value["legislationPassedBy"] = _ref(site, fields["issuer"], lang)
        if fields.get("url"):
            value["sameAs"] = fields["url"]
    elif entity.type == "theme":
        value["temporalCoverage"] = str(fields["year"])
        if _ref(site, fields["scope"], lang):
            value["spatialCoverage"] = _ref(site, fields["scope"], lang)
    return value


def data_catalog_json_ld(site: Site, datasets, lang: str) -> dict:
    config = site.config
    licence = licence_url(site) or (pick(config.licence, lang)[0] if config.licence else None)
    items = []
    for dataset in datasets:
        node = {"@type": "Dataset", "name": pick(dataset.title, lang)[0],
                "description": pick(dataset.description, lang)[0],
                "url": _url(site, lang, "data/") + f"#{dataset.stem}", "inLanguage": list(config.languages),
                "creator": _publisher(site, lang),
                "distribution": [{"@type": "DataDownload", "encodingFormat": d.media_type,
                                  "contentUrl": config.base_url + d.path}
                                 for d in dataset.downloads if d.role in ("json", "csv")]}
        if licence:
            node["license"] = licence
        if dataset.start:
            node["temporalCoverage"] = f"{dataset.start.isoformat()}/{dataset.end.isoformat()}"
        if dataset.spatial:
            node["spatialCoverage"] = [_ref(site, i, lang) for i in dataset.spatial]
        if dataset.modified:
            node["dateModified"] = dataset.modified.isoformat()
        items.append(node)
    return {"@type": "DataCatalog", "name": pick(config.title, lang)[0], "url": _url(site, lang, "data/"),
            "publisher": _publisher(site, lang), "dataset": items}


def og_locale(lang: str) -> str:
    return OG_LOCALES.get(lang, lang)
