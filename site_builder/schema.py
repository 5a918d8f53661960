"""Field types: each converts one YAML value or states, in plain words, what is wrong with it.

Types know nothing of files or lines. They report an :class:`Issue` with the path of the
field inside the record (``("decision", "date")``); the validator turns that path into
``file:line:col`` using the marks from :mod:`yaml_source`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .errors import ERROR, WARNING
from .text import fold

INVALID = object()  #: returned by ``convert`` when the value was reported as wrong
VN_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Issue:
    """A problem at ``path`` inside one document (no file or line yet)."""

    path: tuple
    message: str
    hint: str = ""
    severity: str = ERROR
    at: tuple | None = None  # where to point when not at ``path`` (e.g. the field that made it required)


@dataclass(frozen=True)
class RefUse:
    """A reference found while converting: checked once everything is loaded."""

    path: tuple
    targets: tuple[str, ...]
    id: str


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary with its labels and optional extra facts (``recipient``...)."""

    value: str
    label: Mapping[str, str]
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    label: Mapping[str, str]
    terms: Mapping[str, Term]


@dataclass
class Checker:
    """What conversion needs besides the value: vocabularies, and where to put issues and refs."""

    vocabularies: Mapping[str, Vocabulary]
    issues: list[Issue] = field(default_factory=list)
    refs: list[RefUse] = field(default_factory=list)

    def report(self, path: tuple, message: str, hint: str = "", severity: str = ERROR,
               at: tuple | None = None) -> object:
        self.issues.append(Issue(tuple(path), message, hint, severity, tuple(at) if at is not None else None))
        return INVALID


def suggest(value: str, choices, limit: int = 1) -> list[str]:
    """Close matches for ``value`` among ``choices``, comparing diacritic-folded forms."""
    choices = list(choices)
    folded = {fold(str(c)): c for c in choices}
    found = difflib.get_close_matches(fold(str(value)), list(folded), n=limit, cutoff=0.6)
    return [folded[f] for f in found]


def did_you_mean(value: str, choices) -> str:
    found = suggest(value, choices)
    return f"did you mean {found[0]!r}?" if found else ""


def describe(value) -> str:
    """How a wrong value reads in a message: ``number 12``, ``text "abc"``, ``a list``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, dt.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class FieldType:
    """Base of all field types. ``kind`` names the type for templates, docs and JSON Schema."""

    kind = "any"

    def convert(self, value, path: tuple, checker: Checker):
        return value

    def skeleton(self):
        """A placeholder value for ``site-builder new``."""
        return None


class Text(FieldType):
    """Text in Vietnamese, optionally English: ``"..."`` or ``{vi: ..., en: ...}``."""

    kind = "text"

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def convert(self, value, path, checker):
        plain = isinstance(value, str)
        if plain:
            value = {"vi": value}
        if not isinstance(value, dict):
            return checker.report(path, f"expected text, got {describe(value)}",
                                  'write it in quotes, or as {vi: "...", en: "..."}')
        result = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                return checker.report(path + (lang,), f"unknown language {lang!r}",
                                      "use vi for Vietnamese and en for English")
            if not isinstance(text, str):
                return checker.report(path + (lang,), f"expected text, got {describe(text)}", "put it in quotes")
            text = text.strip()
            if self.max_length and len(text) > self.max_length:
                checker.report(path if plain else path + (lang,),
                               f"is {len(text)} characters long, more than {self.max_length}",
                               "shorten it; the full text belongs in the body")
            if text:
                result[lang] = text
        if "vi" not in result:
            return checker.report(path, "the Vietnamese text (vi) is missing or empty",
                                  'write the text, or {vi: "...", en: "..."}')
        return result

    def skeleton(self):
        return {"vi": "", "en": ""}


class String(FieldType):
    """Plain text that is not translated: numbers of decisions, file names, codes."""

    kind = "string"

    def __init__(self, pattern: str | None = None, example: str = "", max_length: int = 500) -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.example = example
        self.max_length = max_length

    def convert(self, value, path, checker):
        if not isinstance(value, str):
            return checker.report(path, f"expected text, got {describe(value)}", "put it in quotes")
        value = value.strip()
        if not value:
            return checker.report(path, "is empty", "write a value or remove the field")
        if len(value) > self.max_length:
            return checker.report(path, f"is {len(value)} characters long, more than {self.max_length}", "shorten it")
        if self.pattern and not self.pattern.match(value):
            example = f" like {self.example}" if self.example else ""
            return checker.report(path, f"{describe(value)} is not in the expected form{example}",
                                  "check the spelling")
        return value

    def skeleton(self):
        return self.example or ""


class Id(String):
    """An id: lower-case ASCII letters and digits in words joined by hyphens."""

    kind = "id"

    def __init__(self) -> None:
        super().__init__(ID_PATTERN.pattern, "dong-anh-5-ro", max_length=120)

    def convert(self, value, path, checker):
        if isinstance(value, str) and value and not ID_PATTERN.match(value):
            from .text import slugify
            return checker.report(path, f"{describe(value)} is not a valid id",
                                  f"use lower-case letters, digits and hyphens, e.g. {slugify(value) or 'dong-anh'!r}")
        return super().convert(value, path, checker)


class Url(FieldType):
    """An absolute web address (http or https) with a host name, and without a user name or
    password (``https://gov.vn@evil.example/`` goes to evil.example) or characters that have
    no place in an address (quotes, ``<``, ``>``, spaces, control characters)."""

    kind = "url"
    _URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
    _HOST = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$", re.IGNORECASE)
    _FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\^`{|}\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")

    def convert(self, value, path, checker):
        web = isinstance(value, str) and value.strip()[:8].lower().startswith(("http://", "https://"))
        bad = self._FORBIDDEN.search(value.strip()) if web else None
        if not bad and (not web or not self._URL.match(value.strip())):
            return checker.report(path, f"expected a web address starting with https://, got {describe(value)}",
                                  "copy the full address from the browser")
        value = value.strip()
        if bad:
            shown = repr(bad.group())[1:-1] if not bad.group().isprintable() or bad.group() == " " else bad.group()
            return checker.report(path, f"{describe(value)} contains {shown!r}, which has no place in a web address",
                                  "copy the address from the browser's address bar (a space is written %20)")
        host = value.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if "@" in host:
            return checker.report(path, f"{describe(value)} has a user name or password before the host",
                                  "remove the part before '@': it can hide where the link really goes")
        if not self._HOST.match(host):
            return checker.report(path, f"{describe(value)} has no valid host name", "check the address")
        return value

    def skeleton(self):
        return "https://"


class Date(FieldType):
    """A calendar date written ``YYYY-MM-DD``."""

    kind = "date"

    def convert(self, value, path, checker):
        if isinstance(value, dt.datetime):
            return checker.report(path, f"expected a date, got {describe(value)}", "drop the time: YYYY-MM-DD")
        if isinstance(value, dt.date):
            return value
        return checker.report(path, f"expected a date like 2024-05-31, got {describe(value)}",
                              "write dates as YYYY-MM-DD, without quotes")

    def skeleton(self):
        return dt.date(2000, 1, 1)


class DateTime(FieldType):
    """An instant, ISO 8601; without a time zone it is taken as Vietnam time (UTC+7)."""

    kind = "datetime"

    def convert(self, value, path, checker):
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
        return checker.report(path, f"expected a date-time like 2025-01-31T08:00:00, got {describe(value)}",
                              "write YYYY-MM-DDTHH:MM:SS, without quotes")


class Integer(FieldType):
    """A whole number (counts, money in VND), at least ``minimum``."""

    kind = "integer"

    def __init__(self, minimum: int | None = 0) -> None:
        self.minimum = minimum

    def convert(self, value, path, checker):
        if isinstance(value, bool) or not isinstance(value, int):
            hint = "write digits only, without dots or commas" if isinstance(value, (str, float)) else "write a number"
            return checker.report(path, f"expected a whole number, got {describe(value)}", hint)
        if self.minimum is not None and value < self.minimum:
            return checker.report(path, f"must be at least {self.minimum}, got {value}", "check the figure")
        return value

    def skeleton(self):
        return 0


class Number(Integer):
    """A number that may have decimals (percentages)."""

    kind = "number"

    def convert(self, value, path, checker):
        if isinstance(value, float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return checker.report(path, f"must be at least {self.minimum}, got {value}", "check the figure")
            return value
        return super().convert(value, path, checker)


class Boolean(FieldType):
    kind = "boolean"

    def convert(self, value, path, checker):
        if not isinstance(value, bool):
            return checker.report(path, f"expected true or false, got {describe(value)}", "write true or false")
        return value

    def skeleton(self):
        return False


class Enum(FieldType):
    """One value of a named vocabulary (shipped in ``vocabularies.yaml``, overridable)."""

    kind = "enum"

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def convert(self, value, path, checker):
        terms = checker.vocabularies[self.vocabulary].terms
        if isinstance(value, str) and value in terms:
            return value
        shown = ", ".join(list(terms)[:12]) + (", ..." if len(terms) > 12 else "")
        hint = did_you_mean(value, terms) if isinstance(value, str) else ""
        return checker.report(path, f"unknown value {describe(value)}",
                              (hint + " " if hint else "") + f"expected one of: {shown}")

    def skeleton(self):
        return ""


class Ref(FieldType):
    """The id of another entity or record; resolved after everything is loaded."""

    kind = "ref"

    def __init__(self, *targets: str) -> None:
        self.targets = targets

    def convert(self, value, path, checker):
        if not isinstance(value, str) or not value.strip():
            return checker.report(path, f"expected the id of a {' or '.join(self.targets)}, got {describe(value)}",
                                  "write the id, e.g. ubnd-quan-hoang-mai")
        checker.refs.append(RefUse(tuple(path), self.targets, value.strip()))
        return value.strip()

    def skeleton(self):
        return ""


class ListOf(FieldType):
    kind = "list"

    def __init__(self, item: FieldType, min_items: int = 0) -> None:
        self.item = item
        self.min_items = min_items

    def convert(self, value, path, checker):
        if not isinstance(value, list):
            return checker.report(path, f"expected a list, got {describe(value)}",
                                  "write [a, b] or one '- item' per line")
        if len(value) < self.min_items:
            return checker.report(path, f"needs at least {self.min_items} item(s)", "add an item")
        result = []
        for index, item in enumerate(value):
            converted = self.item.convert(item, path + (index,), checker)
            if converted is not INVALID:
                result.append(converted)
        return result

    def skeleton(self):
        return [self.item.skeleton()]


@dataclass(frozen=True)
class Field:
    """One declared field: its name, type, whether it is required, labels and a one-line help."""

    name: str
    type: FieldType
    label: Mapping[str, str]
    help: str = ""
    required: bool = False


Rule = Callable[[dict, tuple, "Checker"], None]


class Object(FieldType):
    """A mapping with declared fields. ``one_of`` groups need exactly one member present;
    ``rules`` are cross-field checks run on the converted mapping."""

    kind = "object"

    def __init__(self, fields: tuple[Field, ...], one_of: tuple[tuple[str, ...], ...] = (),
                 rules: tuple[Rule, ...] = (), extra_keys: tuple[str, ...] = ()) -> None:
        self.fields = fields
        self.by_name = {f.name: f for f in fields}
        self.one_of = one_of
        self.rules = rules
        self.extra_keys = extra_keys

    def convert(self, value, path, checker):
        if not isinstance(value, dict):
            return checker.report(path, f"expected a mapping of fields, got {describe(value)}",
                                  "write one 'name: value' per line, indented")
        result: dict = {}
        for key, raw in value.items():
            if key in self.extra_keys:
                continue
            declared = self.by_name.get(key)
            if declared is None:
                hint = did_you_mean(key, self.by_name)
                checker.report(path + (key,), "unknown field",
                               hint or "remove it; known fields: " + ", ".join(self.by_name))
                continue
            if raw is None:
                if declared.required:
                    checker.report(path + (key,), "is required but empty", "give it a value")
                continue
            converted = declared.type.convert(raw, path + (key,), checker)
            if converted is not INVALID:
                result[key] = converted
        for declared in self.fields:
            if declared.required and declared.name not in value:
                checker.report(path + (declared.name,), "is required",
                               f"add '{declared.name}:'" + (f", {declared.help}" if declared.help else ""))
        for group in self.one_of:
            present = [name for name in group if value.get(name) is not None]
            if len(present) != 1:
                checker.report(path, f"needs exactly one of {', '.join(group)}" +
                               (f", got {', '.join(present)}" if present else ""),
                               "keep one of them")
        for rule in self.rules:
            rule(result, path, checker)
        return result

    def skeleton(self):
        return {f.name: f.type.skeleton() for f in self.fields if f.required}


def warn(checker: Checker, path: tuple, message: str, hint: str = "") -> None:
    checker.report(path, message, hint, WARNING)


def iter_refs(field_type: FieldType, value):
    """``(targets, id)`` for every reference inside ``value``, following the declaration."""
    if isinstance(field_type, Ref):
        yield field_type.targets, value
    elif isinstance(field_type, ListOf):
        for item in value:
            yield from iter_refs(field_type.item, item)
    elif isinstance(field_type, Object) and isinstance(value, dict):
        for key, inner in value.items():
            declared = field_type.by_name.get(key)
            if declared is not None:
                yield from iter_refs(declared.type, inner)
