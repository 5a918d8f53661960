"""Small page helpers shared by the browser tests."""

from __future__ import annotations

import re
from pathlib import Path

#: The repository, whose site.yaml and content/ are the sample project.
REPO_ROOT = Path(__file__).parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
LANGUAGES = ("vi", "en")
#: Listing folders of the record kinds, as in the default permalinks the sample site uses.
KIND_SECTIONS = {"emulation_model": "models", "commendation": "commendations", "inspection_result": "inspections"}
ENTITY_SECTIONS = {"unit": "units", "locality": "localities", "document": "documents", "theme": "themes"}

#: Whether the focused element shows a focus indicator (outline or box-shadow ring).
FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className || "",
    id: el.id || "",
    href: el.getAttribute("href"),
    text: (el.innerText || "").trim().slice(0, 60),
    nav: el.closest("nav") ? (el.closest("nav").className || "") : "",
    inMain: !!el.closest("main"),
    inHeader: !!el.closest("header.site-header"),
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    boxShadow: s.boxShadow,
    rect: {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height},
    viewport: {width: innerWidth, height: innerHeight},
  };
}"""


def watch_failures(page, problems: list[str] | None = None) -> list[str]:
    """Record every failed request, HTTP error and script error of ``page`` into ``problems``, as they happen.

    ``net::ERR_ABORTED`` is ignored: it is a request the next navigation cut short (the favicon, typically);
    a file that is really missing shows up as an HTTP 404.
    """
    problems = [] if problems is None else problems
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
            and problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    return problems


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_STYLE_JS)


def has_focus_indicator(info: dict) -> bool:
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("", "none")
    return outline or shadow


def number_in(text: str) -> int:
    """The first number of ``text``, ignoring group separators: ``"1.520 hồ sơ"`` -> 1520."""
    match = re.search(r"\d[\d.,\u00a0\u202f ]*", text)
    assert match, f"no number in {text!r}"
    return int(re.sub(r"\D", "", match.group()))


def squash(text: str) -> str:
    return " ".join(text.split())
