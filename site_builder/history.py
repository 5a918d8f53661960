"""Each record's public change history, from the git log: pure, commits in, histories out.

Records are followed by ``id``, not by file: across renames, moves between files and bulk files
(``records:`` lists). For every commit that changed a record, the history keeps the date, the
commit message and the field-level changes (``state: decided -> revoked``). Only the top-level
fields whose text changed are parsed again, so a long history stays cheap to read.

- *first published*: the first commit after which the record was public (not a draft);
- *last updated*: the newest commit that changed it while public.

Dates are committer dates in Vietnam time (UTC+7). Author names and e-mail addresses are not
kept: editors are not published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

from .gitlog import NULL_BLOB, Commit, GitLog
from .schema import VN_TZ
from .yaml_source import load_plain

MISSING = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()
#: Keys that identify an item of a list of objects, tried in this order.
ITEM_KEYS = ("id", "series", "indicator", "unit", "person", "name", "url", "file", "number", "text")
MAX_DIFF_NODES = 20_000  # values compared per record version, at most (guards against YAML alias bombs)


@dataclass(frozen=True)
class Item:
    """A list item inside a field path: matched by ``key: value`` when items have a key, else by index."""

    index: int
    key: str = ""
    value: str = ""


@dataclass(frozen=True)
class FieldChange:
    """One value that changed: ``old`` or ``new`` is :data:`MISSING` when the field was added or removed."""

    path: tuple            # field names, with Item for list items: ("statistics", Item(2, "series", "x"), "value")
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    """One commit in a record's history."""

    sha: str
    timestamp: int
    message: str
    action: str                         # added, changed, removed, restored, unreadable
    path: str                           # the file that holds the record after the commit
    changes: tuple[FieldChange, ...] = ()
    public: bool = True                 # the record was public (not a draft) after this commit

    @property
    def date(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.timestamp, VN_TZ).date()

    @property
    def short_sha(self) -> str:
        return self.sha[:10]


@dataclass(frozen=True)
class RecordHistory:
    """A record's commits, newest first, with the two dates a reader asks for."""

    entries: tuple[HistoryEntry, ...]
    first_published: dt.date | None = None
    last_updated: dt.date | None = None

    @property
    def public_entries(self) -> tuple[HistoryEntry, ...]:
        """The commits from the first publication on (drafting before it is not listed one by one)."""
        return tuple(e for e in self.entries if e.public)

    @property
    def draft_entries(self) -> tuple[HistoryEntry, ...]:
        return tuple(e for e in self.entries if not e.public)


def record_histories(log: GitLog, blobs: Iterable[tuple[str, str]] | None = None) -> dict[str, RecordHistory]:
    """Record id -> history, from ``log`` (oldest commit first) and the texts of the blobs it names.

    ``blobs`` yields ``(sha, text)`` in the order of :func:`blobs_needed`; by default they are
    read from the repository with one ``git cat-file --batch``.
    """
    needed = blobs_needed(log.commits)
    stream = iter(blobs if blobs is not None else log.read_blobs(needed))
    files: dict[str, dict[str, _Version]] = {}       # path -> id -> version, as of the commit being read
    last_seen: dict[str, _Version] = {}              # id -> last version, also after it was removed
    entries: dict[str, list[HistoryEntry]] = {}
    parsed: dict = {}                                # (key, text of a top-level field) -> value
    for commit in log.commits:
        before: dict[str, tuple[_Version, str]] = {}
        after: dict[str, tuple[_Version, str]] = {}
        for change in commit.changes:
            reuse = change.new_blob == change.old_blob and change.old_path in files
            old = files.get(change.old_path, {})
            if change.status in ("R", "D"):
                files.pop(change.old_path, None)
            if change.new_blob == NULL_BLOB:
                new = {}
            elif reuse:
                new = old
            else:
                _, text = next(stream, (change.new_blob, ""))
                new = parse_versions(text, change.path, parsed)
            if change.status != "D":
                files[change.path] = new
            for identifier, version in old.items():
                before.setdefault(identifier, (version, change.old_path))
            for identifier, version in new.items():
                after.setdefault(identifier, (version, change.path))
        for identifier in sorted(before.keys() | after.keys()):
            entry = _entry(commit, identifier, before.get(identifier), after.get(identifier), last_seen)
            if entry is not None:
                entries.setdefault(identifier, []).append(entry)
            if identifier in after:
                last_seen[identifier] = after[identifier][0]
    return {identifier: _history(items) for identifier, items in sorted(entries.items())}


def blobs_needed(commits: Iterable[Commit]) -> list[str]:
    """The blob ids :func:`record_histories` reads, in the order it reads them."""
    needed, known = [], set()
    for commit in commits:
        for change in commit.changes:
            reuse = change.new_blob == change.old_blob and change.old_path in known
            if change.status in ("R", "D"):
                known.discard(change.old_path)
            if change.new_blob != NULL_BLOB and not reuse:
                needed.append(change.new_blob)
            if change.status != "D":
                known.add(change.path)
    return needed


def _entry(commit: Commit, identifier: str, before, after, last_seen) -> HistoryEntry | None:
    old_version, old_path = before if before else (last_seen.get(identifier), "")
    new_version, new_path = after if after else (None, old_path)
    if new_version is None:
        return HistoryEntry(commit.sha, commit.timestamp, commit.message, "removed", old_path, (),
                            old_version.public if old_version else False)
    if new_version.broken:
        return HistoryEntry(commit.sha, commit.timestamp, commit.message, "unreadable", new_path, (),
                            old_version.public if old_version else False)
    if old_version is None or old_version.broken:
        return HistoryEntry(commit.sha, commit.timestamp, commit.message, "added", new_path, (), new_version.public)
    changes = tuple(diff_versions(old_version, new_version))
    if not before:
        action = "restored"          # back after a removal: the changes are against its last version
    elif not changes:
        return None                  # the file changed or moved, this record did not
    else:
        action = "changed"
    return HistoryEntry(commit.sha, commit.timestamp, commit.message, action, new_path, changes,
                        new_version.public or old_version.public)


def _history(items: list[HistoryEntry]) -> RecordHistory:
    first = next((e.date for e in items if e.public and e.action != "removed"), None)
    updated = next((e.date for e in reversed(items) if e.public), None)
    return RecordHistory(tuple(reversed(items)), first, updated)


# ---------------------------------------------------------------- versions of a file

@dataclass
class _Version:
    """One record as a file held it at one commit: the text of each top-level field, parsed on demand
    (``blocks`` is ``None`` for an item of a bulk file, whose ``values`` are parsed at once)."""

    blocks: Mapping[str, str] | None
    values: dict = field(default_factory=dict)
    broken: bool = False
    parsed: dict = field(default_factory=dict, repr=False)  # (key, block text) -> value, shared by a run

    def keys(self) -> list[str]:
        return list(self.values if self.blocks is None else self.blocks)

    def value(self, key: str):
        if self.blocks is None:
            return self.values.get(key, MISSING)
        if key not in self.values:
            text = self.blocks.get(key)
            self.values[key] = MISSING if text is None else _parse_block(key, text, self.parsed)
        return self.values[key]

    @property
    def public(self) -> bool:
        return self.value("status") != "draft"


def parse_versions(text: str, path: str, parsed: dict | None = None) -> dict[str, _Version]:
    """Record id -> version for one file's text (Markdown front matter, YAML record or bulk YAML)."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if path.endswith(".md"):
        front, body = _split_front_matter(text)
        if front is None:
            return {}
        blocks = _blocks(front)
        if body:
            blocks["body"] = body
        return _single(blocks, parsed)
    blocks = _blocks(text)
    if "records" in blocks:
        return _bulk(text)
    return _single(blocks, parsed)


def _single(blocks: dict[str, str], parsed: dict | None) -> dict[str, _Version]:
    version = _Version(blocks, parsed={} if parsed is None else parsed)
    identifier = version.value("id")
    if isinstance(identifier, str) and identifier:
        return {identifier: version}
    return {}


def _bulk(text: str) -> dict[str, _Version]:
    try:
        value = load_plain(text)
    except ValueError:
        return {}
    items = value.get("records") if isinstance(value, dict) else None
    result = {}
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            result.setdefault(item["id"], _Version(None, dict(item)))
    return result


def _split_front_matter(text: str) -> tuple[str | None, str]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, ""
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]).strip()
    return None, ""


_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:][^:]*?|-[^\s:][^:]*?))\s*:(?:\s|$)""")


def _blocks(text: str) -> dict[str, str]:
    """The text of each top-level key of a block mapping (comments and blank lines go with the key above)."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.split("\n"):
        match = _KEY.match(line) if line[:1] not in ("", " ", "\t", "#") else None
        if match:
            current = next(g for g in match.groups() if g is not None)
            blocks.setdefault(current, [])
        if current is not None:
            blocks[current].append(line)
    return {key: "\n".join(lines) for key, lines in blocks.items()}


_SCALAR = re.compile(r"^[^:]+:[ \t]+([A-Za-z0-9_][A-Za-z0-9_. -]*?)[ \t]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?[1-9][0-9]*$|^0$")


def _parse_block(key: str, text: str, parsed: dict | None = None):
    if parsed is not None:
        if (key, text) not in parsed:
            parsed[key, text] = _parse_block(key, text)
        return parsed[key, text]
    if key == "body" and not text.startswith("body:"):
        return text  # a Markdown body
    if "\n" not in text:  # "key: value": the common case, without a YAML parser
        match = _SCALAR.match(text)
        if match and not re.search(r"(?i)^(yes|no|true|false|on|off|null|~|y|n)$", match.group(1)):
            raw = match.group(1)
            if _DATE.match(raw):
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
            elif _INT.match(raw):
                return int(raw)
            elif not re.search(r"[0-9]", raw[:1]) and "." not in raw:
                return raw
    try:
        value = load_plain(text)
    except ValueError:
        return MISSING
    return value.get(key, MISSING) if isinstance(value, dict) else MISSING


# ---------------------------------------------------------------- field-level differences

def diff_versions(old: _Version, new: _Version) -> Iterator[FieldChange]:
    """The changes between two versions of a record, top-level fields in the new version's order."""
    budget = [MAX_DIFF_NODES]
    for key in dict.fromkeys([*new.keys(), *old.keys()]):
        if old.blocks is not None and new.blocks is not None and old.blocks.get(key) == new.blocks.get(key):
            continue  # the same text: the same value, not parsed at all
        yield from diff_values((key,), old.value(key), new.value(key), budget)


def diff_values(path: tuple, old, new, budget: list[int] | None = None) -> Iterator[FieldChange]:
    """Changes from ``old`` to ``new`` below ``path``: mappings by key, lists of objects by item key."""
    budget = budget if budget is not None else [MAX_DIFF_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        if old != new:
            yield FieldChange(path, old, new)
        return
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*new, *old]):
            yield from diff_values(path + (key,), old.get(key, MISSING), new.get(key, MISSING), budget)
        return
    if isinstance(old, list) and isinstance(new, list) and (old or new) and \
            all(isinstance(item, dict) for item in old + new):
        yield from _diff_items(path, old, new, budget)
        return
    yield FieldChange(path, old, new)


def _diff_items(path: tuple, old: list, new: list, budget) -> Iterator[FieldChange]:
    key = next((k for k in ITEM_KEYS if _unique_key(old, k) and _unique_key(new, k)), "")
    if not key:
        for index in range(max(len(old), len(new))):
            before = old[index] if index < len(old) else MISSING
            after = new[index] if index < len(new) else MISSING
            yield from diff_values(path + (Item(index),), before, after, budget)
        return
    old_by = {str(item[key]): item for item in old}
    new_by = {str(item[key]): item for item in new}
    order = list(dict.fromkeys([*new_by, *old_by]))
    for value in order:
        index = next((i for i, item in enumerate(new) if str(item[key]) == value), len(new))
        yield from diff_values(path + (Item(index, key, value),), old_by.get(value, MISSING),
                               new_by.get(value, MISSING), budget)


def _unique_key(items: list, key: str) -> bool:
    values = [item.get(key) for item in items]
    return all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values) and \
        len(set(map(str, values))) == len(values)
