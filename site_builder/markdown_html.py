"""Markdown to safe HTML: one configured Python-Markdown converter, then an allowlist sanitizer.

Editors paste from Word and the web; raw HTML in a body must never reach a citizen's
browser as script. nh3 (Rust's ammonia) keeps only harmless tags and attributes and
drops ``javascript:``/``data:`` URLs.
"""

from __future__ import annotations

import functools

import markdown
import nh3

EXTENSIONS = ("tables", "sane_lists", "fenced_code", "abbr", "def_list", "footnotes")
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "sup", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"}, "li": {"id"}, "sup": {"id"}, "div": {"class"}, "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@functools.lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def to_html(text: str) -> str:
    """Sanitized HTML for Markdown ``text`` (an ``h1`` in a body becomes ``h2``: the page has its own)."""
    if not text.strip():
        return ""
    converter = _converter()
    converter.reset()
    html = converter.convert(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")
