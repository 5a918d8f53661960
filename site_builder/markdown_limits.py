"""What ``check`` says about a Markdown body before it is rendered: limits and what gets removed.

Two kinds of findings, each with the line it is on (counted from the body's first line):

- errors for bodies that would stall or crash the Markdown converter: lists or quotes nested
  past :data:`MAX_INDENT` columns or :data:`MAX_MARKERS` markers on one line (Python-Markdown
  recurses once per level), and brackets ``[`` without their ``]`` in long paragraphs
  (Python-Markdown looks for the ``]`` from every ``[``: quadratic; 200 stray brackets in a
  100 kB paragraph take 12 seconds). Real text is far below these limits.
- warnings for what the sanitizer (:mod:`markdown_html`) will silently drop, so the editor knows
  before a reader does: raw ``<script>``, ``<iframe>``, ``<style>`` ..., event handlers,
  ``style=`` attributes, ``javascript:``/``data:`` links and images from other sites.

Pure text checks; fenced code blocks and inline code are skipped (they are shown as code).
"""

from __future__ import annotations

import re

from .errors import ERROR, WARNING

MAX_INDENT = 100            #: columns of indentation (a tab counts 4)
MAX_MARKERS = 100           #: list or quote markers at the start of one line ("- - - - x")
MAX_BRACKET_WORK = 300_000  #: characters Python-Markdown scans to match the body's brackets (~1 s)

_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")
_BRACKET_TOKENS = re.compile(r"\\.|\[|\]|\n[ \t]*(?=\n)")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_REMOVED_TAG = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|form|input|button|"
                          r"textarea|select|svg|math|link|meta|base|template|noscript)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"(?:\]\(\s*<?|(?:href|src|action)\s*=\s*[\"']?|^\s*\[[^\]]+\]:\s*<?)\s*"
                         r"(?:javascript|vbscript|data):", re.IGNORECASE)  # on the line without tabs and newlines
_REMOTE_IMAGE = re.compile(r"(?:!\[[^\]]*\]\(\s*<?|<img\b[^>]*?\ssrc\s*=\s*[\"']?)\s*(?:[a-z][a-z0-9+.-]*:)?//",
                           re.IGNORECASE)

Finding = tuple[int, str, str, str]  # (line offset from the body's first line, message, hint, severity)


def check_markdown(body: str) -> list[Finding]:
    """Every finding in ``body``: errors first by line, then one warning per kind of removed markup."""
    lines = body.split("\n")
    findings = _nesting(lines) + _brackets(body)
    findings += _removed_markup(lines)
    return findings


def _nesting(lines: list[str]) -> list[Finding]:
    for offset, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" \t"))
        width = len(line[:indent].expandtabs(4))
        if width > MAX_INDENT:
            return [(offset, f"is indented {width} columns; lists and quotes nested this deep cannot be shown",
                     f"indent at most {MAX_INDENT} columns", ERROR)]
        match = _MARKERS.match(line)
        if match:
            markers = len(re.findall(r"[-*+>]|\d{1,9}[.)]", match.group()))
            if markers > MAX_MARKERS:
                return [(offset, f"starts with {markers} list or quote markers; lists nested this deep cannot "
                         "be shown", "write the text without the repeated markers", ERROR)]
    return []


def _brackets(body: str) -> list[Finding]:
    """An error when matching the brackets would make Python-Markdown scan too much text."""
    work, unmatched, first_unmatched = 0, 0, None
    stack: list[int] = []  # positions of open brackets in the current paragraph
    for token in _BRACKET_TOKENS.finditer(body):
        text, position = token.group(), token.start()
        if text == "[":
            stack.append(position)
        elif text == "]":
            if stack:
                work += position - stack.pop()
        elif text[0] != "\\":  # a blank line: the paragraph ends, open brackets were scanned to here
            work, unmatched, first_unmatched = _close(stack, position, work, unmatched, first_unmatched)
    work, unmatched, first_unmatched = _close(stack, len(body), work, unmatched, first_unmatched)
    if work <= MAX_BRACKET_WORK:
        return []
    if unmatched:
        line = body.count("\n", 0, first_unmatched)
        return [(line, f"has {unmatched:,} '[' without a matching ']'; Markdown would take minutes to read "
                 "this text", "remove the stray brackets, or write \\[ for a bracket that is part of the text", ERROR)]
    return [(0, "has so many brackets [ ], or brackets nested so deeply, that Markdown would take minutes "
             "to read this text", "remove the extra brackets, or split the text", ERROR)]


def _close(stack: list[int], end: int, work: int, unmatched: int, first: int | None):
    for start in stack:
        work += end - start
        unmatched += 1
        first = start if first is None else min(first, start)
    stack.clear()
    return work, unmatched, first


def _removed_markup(lines: list[str]) -> list[Finding]:
    """One warning per kind of markup the sanitizer removes, at its first line (code is skipped)."""
    checks = (  # (needs one of these in the lower-cased line, pattern, message, hint): the cheap test first
        (("<",), _REMOVED_TAG, lambda m: f"raw HTML <{m.group(1).lower()}> is removed from the page",
         "write the text in Markdown; scripts, frames, forms and styles are never published"),
        (("<",), _EVENT_HANDLER, lambda m: "event handlers in raw HTML (onclick=, onerror= ...) are removed",
         "remove them; pages run no code from the content"),
        (("style",), _STYLE_ATTRIBUTE, lambda m: "style= attributes are removed",
         "remove them; the theme's stylesheet decides how text looks"),
        (("script:", "data:"), _BAD_SCHEME, lambda m: "links to javascript:, vbscript: or data: addresses are removed",
         "link to a web address (https://...) or to a file beside the record"),
        (("![", "<img"), _REMOTE_IMAGE, lambda m: "images from other sites are not loaded (a Markdown image "
         "becomes a link): loading one would tell that site who reads the page",
         "save the image beside the record and write its file name"),
    )
    found: list[Finding] = []
    seen: set[str] = set()
    for offset, line in _prose_lines(lines):
        line = line.replace("\t", "")  # browsers drop tabs inside addresses: "java\tscript:" is javascript:
        lowered = line.lower()
        for needles, pattern, message, hint in checks:
            if not any(needle in lowered for needle in needles):
                continue
            match = pattern.search(line)
            if match:
                text = message(match)
                if text not in seen:
                    seen.add(text)
                    found.append((offset, text, hint, WARNING))
    return found


def _prose_lines(lines: list[str]):
    """``(offset, line)`` outside fenced code blocks, with inline code spans blanked."""
    fence = None
    for offset, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        yield offset, _INLINE_CODE.sub("``", line)
