"""URL and output-path functions: pure, from the config's permalink patterns.

A *path* is language-neutral and relative to the site root, without a leading slash,
ending in ``/`` for folders (``models/dong-anh-5-ro/``). Vietnamese lives at the root,
other languages under ``/<lang>/``; every page is ``<path>index.html`` so any host serves it.
"""

from __future__ import annotations

from .config import SiteConfig


def record_path(config: SiteConfig, kind: str, identifier: str) -> str:
    """``models/dong-anh-5-ro/`` for a record or entity of ``kind``."""
    return config.permalinks[kind].format(id=identifier).strip("/") + "/"


def section_path(config: SiteConfig, kind: str) -> str:
    """The listing of all pages of ``kind``: ``units/`` for ``units/{id}``."""
    return config.permalinks[kind].split("{id}")[0].strip("/") + "/"


def listing_path(section: str, page: int = 1) -> str:
    """``models/`` for page 1, ``models/page/2/`` after."""
    return f"{section}/" if page == 1 else f"{section}/page/{page}/"


def localized(config: SiteConfig, lang: str, path: str) -> str:
    """``path`` inside the language's tree: ``en/models/`` for English."""
    return path if lang == config.default_language else f"{lang}/{path}"


def url(config: SiteConfig, lang: str, path: str) -> str:
    """The link to ``path`` in ``lang``, from the site root (carries the base path)."""
    return config.base_path + localized(config, lang, path)


def absolute_url(config: SiteConfig, lang: str, path: str) -> str:
    """The full address, for canonical links and alternates."""
    return config.base_url + localized(config, lang, path)


def output_file(config: SiteConfig, lang: str, path: str) -> str:
    """The file under ``output/`` that serves ``path``: folders get ``index.html``."""
    target = localized(config, lang, path)
    return target + "index.html" if target.endswith("/") or target == "" else target
