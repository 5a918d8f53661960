"""How a static host should serve the built site, and what to upload when it changed.

Pure: output paths (and their content hashes) in, decisions out. Used by ``site-builder deploy``
(the S3 sync) and documented for every other host in ``docs/deploy.md``.

- :func:`content_type`: the ``Content-Type`` of an output file, from a fixed table (never from the
  machine's ``/etc/mime.types``, so two machines upload the same thing), UTF-8 for text.
- :func:`cache_control`: files whose address carries a hash of their content (theme assets
  ``static/style.3f2a1b9c0d.css``, search index chunks) never change, so browsers may keep them a
  year; every other file (HTML, feeds, data, attachments) may change at the next build and is
  revalidated on every visit.
- :func:`plan_sync`: which files to upload and delete, by comparing the SHA-256 of each output file
  with the manifest of the last upload. The build is deterministic, so an unchanged record gives
  unchanged bytes and is not uploaded again; a same-size edit is still seen (``aws s3 sync
  --size-only`` would miss it, and plain ``aws s3 sync`` re-uploads every file of a fresh checkout).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from typing import Mapping

from .search_index import INDEX_DIR

#: Folders whose files carry a content hash in their address (theme assets, search index chunks).
FINGERPRINTED_FOLDERS = ("static/", INDEX_DIR + "/")
_HASH_SEGMENT = re.compile(r"(^|\.)[0-9a-f]{8,64}(\.|$)")

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
#: Atom feeds are XML files with a more precise type, so that feed readers and browsers recognise them.
FEED_NAMES = ("feed.xml",)
ATOM = "application/atom+xml; charset=utf-8"
OCTET_STREAM = "application/octet-stream"

#: Files that configure Netlify and Cloudflare Pages: meaningless (and public) on other hosts.
HOST_CONFIG_FILES = ("_headers", "_redirects")
#: The record of the last upload, kept beside the site in the bucket.
MANIFEST_NAME = ".site-builder-manifest.json"
MANIFEST_FORMAT = 1


def content_type(path: str) -> str:
    """The ``Content-Type`` to serve ``path`` (an output path such as ``models/x/index.html``) with."""
    name = posixpath.basename(path)
    if name in FEED_NAMES:
        return ATOM
    if name in ("_headers", "_redirects"):
        return CONTENT_TYPES[".txt"]
    return CONTENT_TYPES.get(posixpath.splitext(name)[1].lower(), OCTET_STREAM)


def is_fingerprinted(path: str) -> bool:
    """Whether ``path`` names content that can never change: it lies in a fingerprinted folder and a
    folder or file name in it is a content hash (``static/style.3f2a1b9c0d.css``,
    ``search-index/vi/6fdec691b429/d/0.json``)."""
    if not path.startswith(FINGERPRINTED_FOLDERS):
        return False
    return any(_HASH_SEGMENT.search(part) for part in path.split("/")[1:])


def cache_control(path: str) -> str:
    """``Cache-Control`` for ``path``: a year for fingerprinted files, revalidate for everything else."""
    return IMMUTABLE if is_fingerprinted(path) else REVALIDATE


def header_rules(base_path: str = "/") -> list[tuple[str, dict[str, str]]]:
    """Caching rules in the ``_headers`` form of Netlify and Cloudflare Pages: ``(pattern, headers)``.

    Those hosts revalidate everything by default, which is right for pages; the rule lets browsers
    keep the theme's files, which are all fingerprinted, for a year. (A path pattern cannot tell a
    search index chunk from the index's unhashed ``manifest.json``, so those keep the default.)"""
    return [(f"{base_path}static/*", {"Cache-Control": IMMUTABLE})]


# ---------------------------------------------------------------- sync planning

@dataclass(frozen=True)
class Upload:
    """One file to upload, with the headers it must be stored with."""

    path: str
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class SyncPlan:
    """What to do to make the bucket equal to the output. Upload in order (fingerprinted files
    first, then other files, then HTML pages, so that no page ever points at a file not yet there),
    then delete the files no build makes any more, then store the manifest."""

    uploads: tuple[Upload, ...]
    deletes: tuple[str, ...]
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.uploads or self.deletes)


def plan_sync(local: Mapping[str, str], remote: Mapping[str, str] | None, *, delete: bool = True,
              skip: tuple[str, ...] = HOST_CONFIG_FILES) -> SyncPlan:
    """Compare ``local`` (output path -> SHA-256 of this build) with ``remote`` (the manifest of the
    last upload; ``None`` or empty for a first upload, or to upload everything again).

    Only files that an earlier upload recorded are ever deleted: other objects in the bucket are
    left alone. ``skip`` names top-level files that are not uploaded at all."""
    remote = remote or {}
    wanted = {path: digest for path, digest in local.items() if path not in skip}
    changed = [path for path, digest in wanted.items() if remote.get(path) != digest]
    uploads = tuple(Upload(path, content_type(path), cache_control(path))
                    for path in sorted(changed, key=_upload_order))
    deletes = tuple(sorted(path for path in remote if path not in wanted and path not in skip)) if delete else ()
    return SyncPlan(uploads, deletes, len(wanted) - len(changed))


def _upload_order(path: str) -> tuple[int, str]:
    if is_fingerprinted(path):
        return 0, path
    return (2 if path.endswith(".html") else 1), path


def upload_groups(plan: SyncPlan) -> list[tuple[int, str, str, list[str]]]:
    """The uploads as groups that share headers and order step: ``(step, content type, cache
    control, paths)``, in upload order, so that each group is one ``aws s3 cp --recursive``."""
    groups: dict[tuple[int, str, str], list[str]] = {}
    for upload in plan.uploads:
        key = (_upload_order(upload.path)[0], upload.content_type, upload.cache_control)
        groups.setdefault(key, []).append(upload.path)
    return [(step, ctype, cache, paths) for (step, ctype, cache), paths in sorted(groups.items())]


def manifest_bytes(local: Mapping[str, str], skip: tuple[str, ...] = HOST_CONFIG_FILES) -> bytes:
    """The manifest to store after an upload: ``{"format": 1, "files": {path: sha256}}``, sorted."""
    files = {path: digest for path, digest in sorted(local.items()) if path not in skip}
    return (json.dumps({"format": MANIFEST_FORMAT, "files": files}, sort_keys=True, ensure_ascii=False,
                       separators=(",", ":")) + "\n").encode("utf-8")


def read_manifest(data: bytes) -> dict[str, str] | None:
    """The files of a stored manifest, or ``None`` when it is not one we can trust (then every file
    is uploaded again and nothing is deleted)."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(parsed, dict) or parsed.get("format") != MANIFEST_FORMAT:
        return None
    files = parsed.get("files")
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return {path: digest for path, digest in files.items() if _safe_key(path)}


def _safe_key(path: str) -> bool:
    """A manifest path we may delete: relative, normalised, no ``..`` (a tampered manifest must not
    make the sync delete outside its prefix)."""
    return bool(path) and not path.startswith("/") and posixpath.normpath(path) == path and \
        not path.startswith("../") and path != ".."
