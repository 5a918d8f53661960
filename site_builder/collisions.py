"""Output paths that would overwrite each other, here or on the host that serves the site.

Two outputs with the same path would silently keep only the last one written (a free page
``content/pages/models.md`` would replace the list of models). Two paths that differ only in
case (``Scan.pdf``, ``scan.pdf``) or in Unicode normalisation are one file on Windows and macOS
and on hosts that serve from such disks, and a path cannot be a file and a folder at once. A path
that would leave the output folder (``..``, ``/etc/...``) is refused before anything is written.
Every such clash is an error naming the source behind each path, found before anything is written.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, Mapping, Sequence

from . import urls
from .errors import Problem, SourceLocation
from .pages import PageSpec
from .site import Site

HINT = "give one of them another id or file name"


def page_collisions(specs: Sequence[PageSpec]) -> list[Problem]:
    """Problems for pages of one plan that would be written to the same output file."""
    first: dict[str, PageSpec] = {}
    problems = []
    for spec in specs:
        other = first.setdefault(spec.output, spec)
        if other is not spec:
            source = _spec_source(spec) or _spec_source(other)
            location, field = source or (SourceLocation("site.yaml"), "permalinks")
            problems.append(Problem(location, field, f"{describe_page(spec)} and {describe_page(other)} would both "
                                    f"be the page /{_url_path(spec.output)}, one replacing the other",
                                    HINT if source else "give each kind its own permalink pattern in site.yaml"))
    return problems


def output_collisions(site: Site, outputs: Iterable[tuple[str, Mapping[str, object]]]) -> list[Problem]:
    """Problems for outputs of different producers with the same path, paths that differ only in
    case or Unicode normalisation, and paths that would have to be a file and a folder."""
    owners: dict[str, str] = {}
    problems = []
    for producer, paths in outputs:
        for path in paths:
            if not is_safe_path(path):
                problems.append(_problem(site, path, f"made by {producer} would be written outside the output "
                                         "folder or under an unusable name"))
                continue
            if path in owners and owners[path] != producer:
                problems.append(_problem(site, path, f"is made by both {owners[path]} and {producer}"))
            owners.setdefault(path, producer)
    folders = {path.rsplit("/", 1)[0] for path in owners if "/" in path}
    folders |= {folder.rsplit("/", i)[0] for folder in list(folders) for i in range(1, folder.count("/") + 1)}
    for path in sorted(owners.keys() & folders):
        problems.append(_problem(site, path, "would have to be a file and a folder at once"))
    by_key: dict[str, str] = {}
    clashing: set[str] = set()  # folded folders already reported: what is inside them is not reported again
    for path in sorted(owners.keys() | folders):
        key = unicodedata.normalize("NFC", path).casefold()
        if key in by_key and by_key[key] != path:
            if not any(key.startswith(folder + "/") for folder in clashing):
                problems.append(_problem(site, path, f"and {by_key[key]!r} differ only in upper and lower case "
                                         "(or accents): on Windows, macOS and many hosts they are the same file"))
            clashing.add(key)
        by_key.setdefault(key, path)
    return problems


def is_safe_path(path: str) -> bool:
    """A relative POSIX path that stays inside the output: no ``..``, ``.`` or empty segments, no
    leading ``/``, no backslash, drive letter or control character."""
    if not path or path.startswith("/") or any(ord(ch) < 32 or ch in "\\:" for ch in path):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def describe_page(spec: PageSpec) -> str:
    """``the free page 'models'``, ``the record 'dong-anh-5-ro'``, ``the listing page`` ..."""
    data = spec.data
    if "free_page" in data:
        return f"the free page {data['free_page'].id!r}"
    if "record" in data:
        return f"the record {data['record'].id!r}"
    if "entity" in data:
        return f"the {data['entity'].type} {data['entity'].id!r}"
    return f"the {spec.template.rsplit('.', 1)[0]} page"


def _spec_source(spec: PageSpec) -> tuple[SourceLocation, str] | None:
    data = spec.data
    for key in ("free_page", "record", "entity"):
        if key in data:
            return data[key].location, "id"
    return None


def _problem(site: Site, path: str, message: str) -> Problem:
    location, field = _output_source(site, path)
    return Problem(location, field, f"the output {path!r} {message}", HINT)


def _output_source(site: Site, path: str) -> tuple[SourceLocation, str]:
    """The content that makes ``path``: a record, its attachment, an entity or a free page."""
    config = site.config
    for record in site.by_id.values():
        page = urls.record_path(config, record.kind, record.id)
        if path.startswith(page) or any(path.startswith(urls.localized(config, lang, page))
                                        for lang in config.languages):
            for index, attachment in enumerate(record.fields.get("attachments", ())):
                if path == page + attachment["file"].rsplit("/", 1)[-1]:
                    return record.where("attachments", index, "file"), f"attachments[{index}].file"
            return record.location, "id"
    for page in site.pages:
        if any(path.startswith(urls.localized(config, lang, page.id + "/")) for lang in config.languages):
            return page.location, "id"
    return SourceLocation("site.yaml"), ""


def _url_path(output: str) -> str:
    return output[: -len("index.html")] if output.endswith("index.html") else output
