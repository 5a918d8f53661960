"""Markdown to safe HTML: one configured Python-Markdown converter, then an allowlist sanitizer.

Editors paste from Word and the web; raw HTML in a body must never reach a citizen's
browser as script. nh3 (Rust's ammonia, an HTML5 parser, not regular expressions) keeps only
the tags and attributes listed here and drops everything else:

- no ``script``, ``style``, ``iframe``, ``object``, ``form``, ``svg``, ``math``, ``base`` or
  ``meta``; no event handlers and no ``style`` attributes (the site's CSP forbids inline code);
- links only to ``http:``, ``https:``, ``mailto:`` and relative addresses (``javascript:``,
  ``data:``, ``vbscript:`` in any spelling or entity encoding are removed);
- images only from the site itself: an image on another server would tell that server who
  reads the page, so a Markdown image from elsewhere becomes a link to it, and the address of a
  raw ``<img>`` from elsewhere is removed (``check`` warns the editor);
- ``id`` only as the footnotes make them (``fn:1``, ``fnref:1``), so a body cannot take the id
  of a part of the page; ``class`` only ``footnote`` on ``div``.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from xml.etree.ElementTree import Element

EXTENSIONS = ("tables", "sane_lists", "fenced_code", "abbr", "def_list", "footnotes")
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "sup", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"}, "li": {"id"}, "sup": {"id"},
}
ALLOWED_CLASSES = {"div": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}
_FOOTNOTE_ID = re.compile(r"^fn(?:ref\d*)?:")
_NOT_LOCAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)  # a scheme, or //host


class _ForeignImagesAsLinks(Treeprocessor):
    """``![plan](https://other.example/p.png)`` becomes a link to the image: the reader may open it,
    but the page never loads it by itself (which would tell that server who reads the page)."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img" and _NOT_LOCAL.match(_strip(child.get("src", ""))):
                    link = Element("a", {"href": child.get("src", "")})
                    link.text = child.get("alt") or child.get("src", "")
                    link.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, link)


class _SafetyExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_ForeignImagesAsLinks(md), "foreign_images_as_links", 5)  # after inline


@functools.lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, _SafetyExtension()], output_format="html")


def _strip(url: str) -> str:
    """The address as browsers read it: without leading spaces and control characters."""
    return url.lstrip("".join(map(chr, range(33))))


def to_html(text: str) -> str:
    """Sanitized HTML for Markdown ``text`` (an ``h1`` in a body becomes ``h2``: the page has its own).

    Bodies that nest deeper than Python-Markdown can follow (``check`` reports them first) come
    out as escaped plain text instead of stopping the build.
    """
    if not text.strip():
        return ""
    converter = _converter()
    converter.reset()
    try:
        html_text = converter.convert(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    except RecursionError:
        _converter.cache_clear()  # its parser state is half-unwound: the next body gets a fresh converter
        return "<pre>" + html.escape(text) + "</pre>"
    return nh3.clean(html_text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     allowed_classes=ALLOWED_CLASSES, attribute_filter=_keep_attribute,
                     link_rel="noopener noreferrer nofollow")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The attribute's value if it may stay, ``None`` to drop it (nh3 has already checked schemes)."""
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    if tag == "img" and attribute == "src":
        return None if _NOT_LOCAL.match(_strip(value)) else value
    return value
