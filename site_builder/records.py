"""Validated content as plain, immutable values: records, reference entities and free pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from .errors import SourceLocation


@dataclass(frozen=True)
class Record:
    """One emulation model, commendation or inspection result, after validation."""

    kind: str
    id: str
    fields: Mapping          # converted values, keyed by field name (never mutated)
    body: str                # Vietnamese Markdown
    body_en: str             # English Markdown, may be empty
    location: SourceLocation
    source_dir: str          # project-relative folder of the file, for attachments
    marks: Mapping = field(default_factory=dict, compare=False, repr=False)  # field path -> (line, col)

    def where(self, *path) -> SourceLocation:
        """The location of a field (or of the record when the field has no mark)."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                line, column = self.marks[probe]
                return SourceLocation(self.location.path, line, column)
            probe = probe[:-1]
        return self.location

    @property
    def status(self) -> str:
        return self.fields.get("status", "published")

    def get(self, *path, default=None):
        """The value at a field path (``record.get("decision", "date")``), or ``default``."""
        value = self.fields
        for part in path:
            if not isinstance(value, Mapping) or part not in value:
                return default
            value = value[part]
        return value


@dataclass(frozen=True)
class Entity:
    """A unit, locality, document, annual theme, person, series or observation."""

    type: str
    id: str
    fields: Mapping
    location: SourceLocation

    def valid_during(self, start: dt.date, end: dt.date) -> bool:
        """Whether the entity existed at some time between ``start`` and ``end``."""
        valid_from = self.fields.get("valid_from")
        valid_to = self.fields.get("valid_to")
        return not ((valid_to and start > valid_to) or (valid_from and end < valid_from))


@dataclass(frozen=True)
class FreePage:
    """A page from ``content/pages/`` (about, methodology, corrections)."""

    id: str
    fields: Mapping
    body: str
    body_en: str
    location: SourceLocation
