"""A record's history in plain words: field changes as labelled lines, ready for the history page.

``State: decided → revoked``, ``Figures (subjects disciplined) › Value: 3 → 5``. Labels come from
the kind declaration, values are shown as on the record page (vocabulary labels, names of units
and localities, dates), in the page's language. Values that look like personal data are withheld,
so the history never republishes what an editor removed for privacy.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import privacy
from .history import MISSING, FieldChange, HistoryEntry, Item
from .kinds import KINDS
from .present import Node, pick, value_node
from .records import Record
from .schema import INVALID, Checker, Field, FieldType, ListOf, Object, Ref, Text
from .site import Site
from .text import INVISIBLE

LONG_TEXT = 300           #: longer texts are reported as edited, not quoted in full
TEXT_FIELDS = ("body", "body_en")
LANGUAGE_NAMES = {"vi": {"vi": "tiếng Việt", "en": "Vietnamese"}, "en": {"vi": "tiếng Anh", "en": "English"}}


@dataclass(frozen=True)
class ChangeLine:
    """One change: ``kind`` is changed, added, removed, edited (long text) or withheld (personal data)."""

    label: str
    kind: str
    old: Node | None = None
    new: Node | None = None


def describe_entry(site: Site, record: Record, entry: HistoryEntry, lang: str) -> list[ChangeLine]:
    """The changes of one commit to ``record``, in reading order."""
    return [describe_change(site, record, change, lang) for change in entry.changes]


def public_message(entry: HistoryEntry) -> str:
    """The commit message, or ``""`` when it looks like personal data (it is not republished);
    without control characters and text-direction overrides (git accepts them, and one could make
    the text read in another order than it is written)."""
    return "" if privacy.scan_text(entry.message) else INVISIBLE.sub("", entry.message)


def describe_change(site: Site, record: Record, change: FieldChange, lang: str) -> ChangeLine:
    labels, declared = _labels(site, KINDS[record.kind].schema, change.path, lang)
    label = " › ".join(labels)
    if change.path[0] in TEXT_FIELDS:
        return ChangeLine(label, "edited")
    if _personal(change.old) or _personal(change.new) or privacy.check_keys({str(p): 0 for p in change.path}):
        return ChangeLine(label, "withheld")
    if _long(change.old) or _long(change.new):
        return ChangeLine(label, "edited")
    old = None if change.old is MISSING else _node(site, declared, _visible(change.old), lang)
    new = None if change.new is MISSING else _node(site, declared, _visible(change.new), lang)
    kind = "added" if change.old is MISSING else "removed" if change.new is MISSING else "changed"
    return ChangeLine(label, kind, old, new)


def _labels(site: Site, schema: Object, path: tuple, lang: str) -> tuple[list[str], FieldType | None]:
    """The labels along ``path`` and the declared type at its end (None when not declared)."""
    labels: list[str] = []
    current: FieldType | None = schema
    for part in path:
        if isinstance(part, Item):
            item_type = current.item if isinstance(current, ListOf) else None
            labels[-1:] = [f"{labels[-1]} ({_item_name(site, item_type, part, lang)})"] if labels else []
            current = item_type
            continue
        if isinstance(current, Text) and part in LANGUAGE_NAMES and labels:
            labels[-1] = f"{labels[-1]} ({LANGUAGE_NAMES[part][lang]})"  # one language of a text
            continue
        declared: Field | None = current.by_name.get(part) if isinstance(current, Object) else None
        labels.append(declared.label[lang] if declared else str(part))
        current = declared.type if declared else None
    return labels, current


def _item_name(site: Site, item_type, item: Item, lang: str) -> str:
    if not item.key:
        return f"#{item.index + 1}"
    declared = item_type.by_name.get(item.key) if isinstance(item_type, Object) else None
    if declared is not None:
        node = _node(site, declared.type, item.value, lang)
        if node is not None and node.text:
            return node.text
    return item.value


def _visible(value):
    """``value`` without control characters and text-direction overrides in its texts: an old
    version may hold them from before ``check`` refused them."""
    if isinstance(value, str):
        return INVISIBLE.sub("", value)
    if isinstance(value, list):
        return [_visible(item) for item in value]
    if isinstance(value, dict):
        return {key: _visible(item) for key, item in value.items()}
    return value


def _node(site: Site, declared: FieldType | None, value, lang: str) -> Node:
    """``value`` as the record page would show it; plain text when it does not fit its declaration."""
    if declared is not None:
        converted = declared.convert(value, (), Checker(site.vocabularies))
        if converted is not INVALID:
            try:
                node = value_node(site, declared, converted, lang)
            except (KeyError, TypeError, ValueError, AttributeError):
                node = None
            if node is not None:
                return node
            if isinstance(declared, Ref):
                return Node("text", "—")  # a draft record or a person who is not named
    return Node("text", _plain(value, lang))


def _plain(value, lang: str) -> str:
    if isinstance(value, dict) and set(value) <= {"vi", "en"}:
        return pick(value, lang)[0]
    if isinstance(value, list):
        return ", ".join(_plain(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v, lang)}" for k, v in value.items())
    return "" if value is None else str(value)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _personal(value) -> bool:
    if value is MISSING:
        return False
    if isinstance(value, (dict, list)) and privacy.check_keys(value):
        return True
    return any(privacy.scan_text(text) for text in _strings(value))


def _long(value) -> bool:
    return any(len(text) > LONG_TEXT for text in _strings(value)) if value is not MISSING else False

