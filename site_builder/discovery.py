"""How people and machines find the site: ``sitemap.xml``, ``robots.txt`` and redirects from old addresses.

Pure: Site (and the planned pages) in, ``{output path: bytes}`` and page specs out.

- The sitemap lists every indexable page in every language, with ``hreflang`` alternates and,
  for record pages, the day the record last changed. Over :data:`MAX_URLS` addresses it is split
  into ``sitemap-1.xml`` ... and ``sitemap.xml`` becomes their index (the sitemaps.org limit).
- ``aliases:`` of a record (an old id of the same kind, or an old path) become redirect pages at
  the old address (meta refresh and canonical, so they work on any static host, without
  JavaScript) and lines of ``_redirects`` (Netlify, Cloudflare Pages) for hosts that read it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import urls
from .errors import Problem
from .feeds import record_updated
from .kinds import KINDS
from .pages import PageSpec
from .present import pick
from .site import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
#: Folders other producers fill (assets, data, editor schemas, search index): no alias may point inside.
RESERVED_PREFIXES = ("static/", "data/", "schemas/", "search-index/")
#: An alias is the address of a page: never of a feed, data file, asset or host file.
FILE_SUFFIXES = (".xml", ".json", ".csv", ".txt", ".js", ".css", ".svg", ".png")
HOST_FILES = ("_redirects", "_headers", "404.html")


@dataclass(frozen=True)
class Redirect:
    """An old address (language-neutral path) that now leads to a record's page."""

    old_path: str
    record_id: str
    kind: str
    index: int        # position in the record's ``aliases``


def alias_path(site: Site, kind: str, alias: str) -> str:
    """The old path an alias names: ``old-id`` -> ``models/old-id/``; ``/x/y`` -> ``x/y/``."""
    if not alias.startswith("/"):
        return urls.record_path(site.config, kind, alias)
    path = posixpath.normpath(alias).lstrip("/")
    last = path.rsplit("/", 1)[-1]
    return path if "." in last else path + "/"


def plan_redirects(site: Site, page_paths: Iterable[str]) -> tuple[list[Redirect], list[Problem]]:
    """Every alias of every record that has a page, and a problem for each that cannot be honoured."""
    taken = {_file(path): path for path in page_paths}
    known = _by_folded_name(taken)  # the pages' files and folders as a host that ignores case sees them
    languages = [lang for lang in site.config.languages if lang != site.config.default_language]
    redirects: dict[str, Redirect] = {}
    problems = []
    for record in sorted(site.by_id.values(), key=lambda r: r.id):
        for index, alias in enumerate(record.fields.get("aliases", ())):
            path = alias_path(site, record.kind, alias)
            where = record.where("aliases", index)
            field = f"aliases[{index}]"
            target = urls.record_path(site.config, record.kind, record.id)
            clash = _case_clash(known, _file(path))
            if alias.startswith("/") and any(part in (".", "..") for part in alias.split("/")):
                problems.append(Problem(where, field, f"{alias!r} has a '.' or '..' part",
                                        "write the old address in full from the first /, as readers typed it"))
            elif path == target:
                problems.append(Problem(where, field, f"{alias!r} is the record's own address",
                                        "remove it: only old addresses belong in aliases"))
            elif _file(path) in taken:
                problems.append(Problem(where, field, f"{alias!r} is the address of an existing page "
                                        f"(/{taken[_file(path)]})",
                                        "an alias must be an address that no longer exists; remove it"))
            elif path.startswith(RESERVED_PREFIXES) or any(path.startswith(f"{lang}/") for lang in languages):
                problems.append(Problem(where, field, f"{alias!r} is inside a folder the site generates",
                                        "write the old path without the language prefix, outside "
                                        + ", ".join(RESERVED_PREFIXES)))
            elif path.endswith(FILE_SUFFIXES) or path in HOST_FILES:
                problems.append(Problem(where, field, f"{alias!r} is not the address of a page",
                                        "an alias is an old page address, like /models/old-id/ or /old/page.html"))
            elif path in redirects:
                other = redirects[path].record_id
                problems.append(Problem(where, field, f"{alias!r} is already an alias of {other!r}",
                                        "an old address can lead to one record only; remove one of them"))
            elif clash is not None:
                problems.append(Problem(where, field, f"{alias!r} and the address /{clash} differ only in upper and "
                                        "lower case (or accents): on Windows, macOS and many hosts they are one",
                                        "write the old address as it was, in the case of the site's addresses"))
            else:
                redirects[path] = Redirect(path, record.id, record.kind, index)
                known.update(_by_folded_name([_file(path)]))
    return [redirects[path] for path in sorted(redirects)], problems


def _file(path: str) -> str:
    """The output file that serves ``path`` (language-neutral): ``models/`` -> ``models/index.html``."""
    return path + "index.html" if path.endswith("/") or path == "" else path


def _by_folded_name(files: Iterable[str]) -> dict[str, str]:
    """``{folded name: name}`` of ``files`` and of every folder above them (folded: NFC, casefold)."""
    names = {}
    for file in files:
        parts = file.split("/")
        for end in range(1, len(parts) + 1):
            name = "/".join(parts[:end]) + ("/" if end < len(parts) else "")
            names.setdefault(unicodedata.normalize("NFC", name).casefold(), name)
    return names


def _case_clash(known: dict[str, str], file: str) -> str | None:
    """The known file or folder that ``file`` or a folder above it equals but for case or accents."""
    for folded, name in _by_folded_name([file]).items():
        if folded in known and known[folded] != name:
            return _url_path(known[folded])
    return None


def _url_path(name: str) -> str:
    return name[: -len("index.html")] if name.endswith("index.html") else name


def redirect_specs(site: Site, redirects: Sequence[Redirect]) -> list[PageSpec]:
    """A small page at each old address, in every language, pointing at the record's page."""
    specs = []
    for redirect in redirects:
        record = site.by_id[redirect.record_id]
        target = urls.record_path(site.config, record.kind, record.id)
        for lang in site.config.languages:
            specs.append(PageSpec(lang, redirect.old_path, "redirect.html", pick(record.fields["title"], lang)[0],
                                  {"record": record, "target_path": target, "kind": KINDS[record.kind]},
                                  urls.output_file(site.config, lang, redirect.old_path), noindex=True))
    return specs


def redirects_file(site: Site, redirects: Sequence[Redirect]) -> bytes:
    """``_redirects``: ``/old/path/ /new/path/ 301``, one line per old address and language."""
    lines = ["# Old addresses of renamed or merged records (aliases:), for hosts that read this file."]
    for redirect in redirects:
        record = site.by_id[redirect.record_id]
        target = urls.record_path(site.config, record.kind, record.id)
        for lang in site.config.languages:
            lines.append(f"{urls.url(site.config, lang, redirect.old_path)} {urls.url(site.config, lang, target)} 301")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    """Everything may be crawled; the sitemap says where the pages are."""
    return (f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}sitemap.xml\n").encode("utf-8")


def sitemap_urls(site: Site, specs: Sequence[PageSpec]) -> list[tuple[str, str, dt.date | None]]:
    """``(lang, path, last modified)`` of every indexable page, sorted by path then language."""
    lastmod = {}
    for record in site.by_id.values():
        lastmod[urls.record_path(site.config, record.kind, record.id)] = record_updated(record)
    seen = {}
    for spec in specs:
        if spec.noindex or not (spec.path == "" or spec.path.endswith("/")):
            continue
        seen[(spec.path, spec.lang)] = lastmod.get(spec.path)
    order = {lang: i for i, lang in enumerate(site.config.languages)}
    return [(lang, path, day) for (path, lang), day in sorted(seen.items(), key=lambda i: (i[0][0], order[i[0][1]]))]


def sitemap_files(site: Site, specs: Sequence[PageSpec], max_urls: int = MAX_URLS) -> dict[str, bytes]:
    """``sitemap.xml`` (a ``urlset``), or an index of ``sitemap-N.xml`` files when there are too many URLs."""
    entries = sitemap_urls(site, specs)
    available = {}
    for lang, path, _ in entries:
        available.setdefault(path, []).append(lang)
    chunks = [entries[i:i + max_urls] for i in range(0, len(entries), max_urls)] or [[]]
    if len(chunks) == 1:
        return {"sitemap.xml": _urlset(site, chunks[0], available)}
    files = {}
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemap-{number}.xml"
        files[name] = _urlset(site, chunk, available)
        item = ET.SubElement(index, "sitemap")
        ET.SubElement(item, "loc").text = site.config.base_url + name
        days = [day for _, _, day in chunk if day]
        if days:
            ET.SubElement(item, "lastmod").text = max(days).isoformat()
    files["sitemap.xml"] = _xml(index)
    return files


def _urlset(site: Site, entries, available: dict[str, list[str]]) -> bytes:
    config = site.config
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for lang, path, day in entries:
        item = ET.SubElement(urlset, "url")
        ET.SubElement(item, "loc").text = urls.absolute_url(config, lang, path)
        if day:
            ET.SubElement(item, "lastmod").text = day.isoformat()
        if len(available[path]) > 1:
            for other in available[path]:
                ET.SubElement(item, "xhtml:link", {"rel": "alternate", "hreflang": other,
                                                   "href": urls.absolute_url(config, other, path)})
    return _xml(urlset)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                       xml_declaration=False) + b"\n"
