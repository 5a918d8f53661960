"""Figures: the value types of the statistics, the observations, and small chart builders.

Two kinds of numbers, kept apart everywhere:

- **reported** figures: observations as a source states them, with their qualifier ("gần",
  "hơn"), from ``content/data/observations.yaml`` and from aggregate inspection records'
  ``statistics:``. They are never added up: localities nest (a city's total already holds its
  districts'), periods overlap, and a ``mixed`` series counts organisations and individuals together.
- **counted** figures: derived by counting the public records of the site (single inspection
  conclusions, commendation decisions, emulation models, recommendations). Each number keeps the
  ids of the records it counts.

The topic pages (``overviews``), series pages and entity panels (``panels``) are built from these
values by ``statistics.compute_statistics``. Everything here is pure and language-neutral: texts
are ``{vi, en}`` mappings, chosen per language only when a page is rendered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .errors import WARNING, Problem
from .present import entity_name, pick
from .records import Entity, Record
from .site import Site

Text = Mapping[str, str]
#: Series whose observations the inspection overview reads, by role (ids as in the sample series.yaml).
SERIES_PLANNED, SERIES_UNANNOUNCED = "inspections-planned", "inspections-unannounced"
#: What a series may count; ``mixed`` (organisations and individuals together) is never summed.
STACKABLE_KINDS = ("organization", "individual", "case", "household")
SECTION = "statistics"
COUNT_AXIS = {"vi": "Số lượng", "en": "Number"}
YEAR_AXIS = {"vi": "Năm", "en": "Year"}
#: How a sum of differently approximate parts ("gần" plus "hơn") is qualified.
APPROX_LABEL = {"vi": "khoảng", "en": "about"}


def T(vi: str, en: str) -> dict:
    """A text in both languages."""
    return {"vi": vi, "en": en}


# ---------------------------------------------------------------- value types

@dataclass(frozen=True)
class Observation:
    """One reported figure, normalised: from observations.yaml or an aggregate record's statistics."""

    key: str                       # the observation's id, or "<record id>#<n>" for a record's n-th figure
    series: str
    value: int | float
    qualifier: str                 # exact | approx | over | under
    locality: str | None
    reporting_body: str | None
    period: tuple                  # (start, end, as_of), each a date or None
    date: dt.date | None           # reference date: end, else as_of, else start
    period_label: Text | None
    directives: tuple[str, ...]
    record: str | None             # the aggregate record that reports it
    source_url: str | None
    source_title: Text | None
    note: Text | None


@dataclass(frozen=True)
class Cell:
    """One plotted number and where it comes from."""

    value: int | float
    qualifier: str = "exact"
    qualifier_label: Text | None = None   # {"vi": "gần", "en": "nearly"}; None when exact
    records: tuple[str, ...] = ()         # ids of the records behind the number
    observations: tuple[str, ...] = ()    # keys of the observations behind it (reported figures)

    @property
    def approximate(self) -> bool:
        return self.qualifier != "exact"


@dataclass(frozen=True)
class Category:
    """A bar, group of bars or point on the time axis."""

    key: str
    label: Text
    period: tuple | None = None    # (start, end, as_of) shown after the label
    ref: str | None = None         # entity or record id the label links to in the table
    date: dt.date | None = None    # a point on a time axis (the label is then the formatted date)


@dataclass(frozen=True)
class Measure:
    """What a bar segment, bar or line counts."""

    key: str
    label: Text
    subject_kind: str              # organization | individual | household | mixed | case
    basis: str                     # reported | counted
    series: str | None = None      # the series page it links to


@dataclass(frozen=True)
class Chart:
    """A chart and its data table: ``cells[m][c]`` is measure ``m`` at category ``c`` (or None)."""

    id: str                        # unique on its page; also the download's file name
    kind: str                      # bar (grouped, horizontal) | stacked | line
    title: Text
    summary: Text                  # what it shows and where the numbers come from
    category_axis: Text
    value_axis: Text
    unit: str                      # count | vnd | percent | m2
    categories: tuple[Category, ...]
    measures: tuple[Measure, ...]
    cells: tuple[tuple[Cell | None, ...], ...]
    notes: tuple[Text, ...] = ()

    def total(self, category: int) -> Cell | None:
        """The stacked total of a category (stacked charts only), qualified like its parts."""
        parts = [row[category] for row in self.cells if row[category] is not None]
        if not parts:
            return None
        qualifier = combine_qualifiers(p.qualifier for p in parts)
        label = None if qualifier == "exact" else next(
            (p.qualifier_label for p in parts if p.qualifier == qualifier), APPROX_LABEL)
        return Cell(sum(p.value for p in parts), qualifier, label,
                    tuple(dict.fromkeys(r for p in parts for r in p.records)),
                    tuple(dict.fromkeys(o for p in parts for o in p.observations)))


@dataclass(frozen=True)
class KeyFigure:
    """A headline number with its label, period, place and source."""

    label: Text
    value: int | float
    unit: str = "count"
    qualifier: str = "exact"
    qualifier_label: Text | None = None
    basis: str = "counted"
    period: tuple | None = None
    locality: str | None = None
    series: str | None = None
    records: tuple[str, ...] = ()
    source_url: str | None = None
    source_title: Text | None = None
    link: str | None = None        # a site path the figure links to (e.g. a statistics page)


@dataclass(frozen=True)
class StatPage:
    """A page under /statistics/: a topic overview, a series, or the index."""

    slug: str                      # "inspections", "series/<id>", "" for the index
    title: Text
    intro: Text
    charts: tuple[Chart, ...] = ()
    figures: tuple[KeyFigure, ...] = ()
    extra: Mapping = field(default_factory=dict)   # page-specific lists (see the templates)

    @property
    def path(self) -> str:
        return f"{SECTION}/{self.slug}/" if self.slug else f"{SECTION}/"


@dataclass(frozen=True)
class Panel:
    """What a unit, locality or document page shows: how many records of each kind refer to it, its own
    counted key figures (a unit's inspections, recommendations, decisions), the latest reported figures
    about it, and small charts."""

    counts: tuple[KeyFigure, ...] = ()
    figures: tuple[KeyFigure, ...] = ()
    reported: tuple[Observation, ...] = ()
    charts: tuple[Chart, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.counts or self.figures or self.reported or self.charts)


# ---------------------------------------------------------------- helpers

def combine_qualifiers(qualifiers: Iterable[str]) -> str:
    """The qualifier of a sum: exact parts stay exact; one kind of approximation carries over; mixed ones
    ("gần" plus "hơn") make the sum merely approximate."""
    kinds = set(qualifiers) - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "approx"


def check_stackable(measures: Iterable[Measure]) -> None:
    """Refuse to stack (add up) measures that count different things or a ``mixed`` series."""
    kinds = {m.subject_kind for m in measures}
    if len(kinds) > 1 or not kinds <= set(STACKABLE_KINDS):
        raise ValueError(f"cannot stack measures counting {sorted(kinds)}: only one kind of subject, never mixed")


def make_chart(id: str, kind: str, title: Text, summary: Text, category_axis: Text, value_axis: Text,
               categories, measures, values: Mapping[tuple[str, str], Cell], unit: str = "count",
               notes=()) -> Chart:
    """A chart from ``values[(measure key, category key)]``; stacked charts are checked first."""
    if kind not in ("bar", "stacked", "line"):
        raise ValueError(f"unknown chart kind {kind!r}")
    if kind == "stacked":
        check_stackable(measures)
    cells = tuple(tuple(values.get((m.key, c.key)) for c in categories) for m in measures)
    return Chart(id, kind, title, summary, category_axis, value_axis, unit, tuple(categories), tuple(measures),
                 cells, tuple(notes))


def count_cells(items: Iterable[tuple[str, str, str, int]]) -> dict[tuple[str, str], Cell]:
    """Cells from counted items ``(measure key, category key, record id, amount)``: exact sums."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    records: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    for measure, category, record, amount in items:
        sums[(measure, category)] += amount
        records[(measure, category)][record] = None
    return {key: Cell(value, records=tuple(sorted(records[key]))) for key, value in sums.items()}


def counted_chart(id: str, kind: str, title: Text, summary: Text, category_axis: Text, categories, measures,
                  items: Iterable[tuple[str, str, str, int]], notes=()) -> Chart:
    """A chart of counted figures: every measure at every category, zero where nothing was counted."""
    counted = count_cells(items)
    values = {(m.key, c.key): counted.get((m.key, c.key), Cell(0)) for m in measures for c in categories}
    return make_chart(id, kind, title, summary, category_axis, COUNT_AXIS, categories, measures, values, notes=notes)


def term_label(site: Site, vocabulary: str, value: str) -> Text:
    found = site.vocabularies[vocabulary].terms.get(value) if vocabulary in site.vocabularies else None
    return dict(found.label) if found else {"vi": str(value), "en": str(value)}


def qualifier_label(site: Site, qualifier: str) -> Text | None:
    return None if qualifier in (None, "exact") else term_label(site, "qualifier", qualifier)


def name_of(site: Site, identifier: str | None) -> Text:
    """An entity's or record's name in every language of the site ("—" for nothing)."""
    if identifier is None:
        return T("Không rõ", "Not given")
    if identifier in site.by_id:
        title = site.by_id[identifier].fields["title"]
        return {lang: pick(title, lang)[0] for lang in site.config.languages}
    entity = site.entity(identifier)
    if entity is None:
        return {"vi": identifier, "en": identifier}
    return {lang: entity_name(site, entity, lang) or identifier for lang in site.config.languages}


def year_categories(years: Iterable[int]) -> list[Category]:
    return [Category(str(year), {"vi": str(year), "en": str(year)}) for year in sorted(set(years))]


def ranked_categories(site: Site, totals: Mapping[str, int | float]) -> list[Category]:
    """Entity categories, the biggest first (then by id), each linking to its page."""
    order = sorted(totals, key=lambda key: (-totals[key], key))
    return [Category(key, name_of(site, key if key != "-" else None), ref=key if key != "-" else None)
            for key in order]


def vocabulary_measures(site: Site, vocabulary: str, present: Iterable[str], subject_kind: str,
                        prefix: str = "") -> list[Measure]:
    """Measures for the vocabulary values that occur, in the vocabulary's order."""
    present = set(present)
    terms = site.vocabularies[vocabulary].terms
    ordered = [key for key in terms if key in present] + sorted(present - set(terms))
    return [Measure(prefix + key, term_label(site, vocabulary, key), subject_kind, "counted") for key in ordered]


def vocabulary_categories(site: Site, vocabulary: str, present: Iterable[str]) -> list[Category]:
    present = set(present)
    terms = site.vocabularies[vocabulary].terms
    ordered = [key for key in terms if key in present] + sorted(present - set(terms))
    return [Category(key, term_label(site, vocabulary, key)) for key in ordered]


def record_year(site: Site, record: Record) -> int:
    return site.dates[record.id].year


# ---------------------------------------------------------------- observations

def gather_observations(site: Site) -> tuple[list[Observation], list[Problem]]:
    """Every reported figure: observations.yaml in file order, then aggregate records' statistics
    (public records only, newest first). Also warns about figures that cannot be placed or compared."""
    observations, problems = [], []
    for entity in site.entities.get("observation", {}).values():
        observation = _from_entity(entity)
        observations.append(observation)
        if observation.date is None:
            problems.append(Problem(entity.location, "period", "has no period or as_of date: it is shown "
                                    "undated and left out of charts over time",
                                    "add period: {start, end} or as_of: YYYY-MM-DD", WARNING))
    for record in site.by_kind.get("inspection_result", ()):
        for index, item in enumerate(record.fields.get("statistics", ())):
            observations.append(_from_record(record, index, item))
    series = site.entities.get("series", {})
    seen: dict[tuple, Observation] = {}
    for observation in observations:
        where = _location(site, observation)
        declared = series.get(observation.series)
        unit = declared.fields.get("unit") if declared else None
        if unit == "percent" and not 0 <= observation.value <= 100:
            problems.append(Problem(where, "value", f"{observation.value} is not a percentage",
                                    "percent series take values from 0 to 100", WARNING))
        if unit in ("count", "vnd") and (observation.value < 0 or observation.value != int(observation.value)):
            problems.append(Problem(where, "value", f"{observation.value} is not a whole number",
                                    f"a {unit} series takes whole numbers of 0 or more", WARNING))
        identity = (observation.series, observation.locality, observation.reporting_body, observation.period)
        other = seen.setdefault(identity, observation)
        if other is not observation and (other.value, other.qualifier) != (observation.value, observation.qualifier):
            problems.append(Problem(where, "value", f"{observation.series}: {observation.value} differs from "
                                    f"{other.value} given for the same place, body and period at "
                                    f"{_location(site, other)}",
                                    "keep one figure, or tell them apart by period or reporting_body", WARNING))
    return observations, problems


def _period_of(period: Mapping | None, as_of: dt.date | None) -> tuple:
    period = period or {}
    return (period.get("start"), period.get("end"), as_of or period.get("as_of"))


def _reference_date(period: tuple) -> dt.date | None:
    start, end, as_of = period
    return end or as_of or start


def _from_entity(entity: Entity) -> Observation:
    fields = entity.fields
    period = _period_of(fields.get("period"), fields.get("as_of"))
    source = fields.get("source", {})
    return Observation(entity.id, fields["series"], fields["value"], fields.get("qualifier", "exact"),
                       fields.get("locality"), fields.get("reporting_body"), period, _reference_date(period),
                       fields.get("period", {}).get("label"),
                       (fields["directive"],) if fields.get("directive") else (), None,
                       source.get("url"), source.get("title"), fields.get("note"))


def _from_record(record: Record, index: int, item: Mapping) -> Observation:
    """A record's figure; place, body, period, directive and source default to the record's own."""
    if item.get("period") or item.get("as_of"):
        period, label = _period_of(item.get("period"), item.get("as_of")), item.get("period", {}).get("label")
    else:
        period, label = _period_of(record.fields["period"], None), record.fields["period"].get("label")
    source = item.get("source") or record.fields["sources"][0]
    directives = (item["directive"],) if item.get("directive") else tuple(record.fields.get("directives", ()))
    return Observation(item.get("id") or f"{record.id}#{index + 1}", item["series"], item["value"],
                       item.get("qualifier", "exact"), item.get("locality") or record.fields["locality"],
                       item.get("reporting_body") or record.fields.get("inspecting_body"), period,
                       _reference_date(period), label, directives, record.id, source.get("url"),
                       source.get("title"), item.get("note"))


def _location(site: Site, observation: Observation):
    if observation.record:
        index = int(observation.key.rsplit("#", 1)[1]) - 1 if "#" in observation.key else 0
        return site.by_id[observation.record].where("statistics", index, "value")
    return site.entities["observation"][observation.key].location


def observation_cell(site: Site, observation: Observation) -> Cell:
    return Cell(observation.value, observation.qualifier, qualifier_label(site, observation.qualifier),
                (observation.record,) if observation.record else (), (observation.key,))


def observation_figure(site: Site, observation: Observation, label: Text | None = None) -> KeyFigure:
    series = site.entities.get("series", {}).get(observation.series)
    return KeyFigure(label or (dict(series.fields["label"]) if series else name_of(site, observation.series)),
                     observation.value, series.fields.get("unit", "count") if series else "count",
                     observation.qualifier, qualifier_label(site, observation.qualifier), "reported",
                     observation.period, observation.locality, observation.series,
                     (observation.record,) if observation.record else (), observation.source_url,
                     observation.source_title, f"{SECTION}/series/{observation.series}/")


def latest_by(observations: Iterable[Observation], key) -> list[Observation]:
    """The newest observation for each value of ``key(observation)`` (undated ones only when nothing else)."""
    best: dict = {}
    for observation in observations:
        group = key(observation)
        current = best.get(group)
        if current is None or _newer(observation, current):
            best[group] = observation
    return list(best.values())


def _newer(a: Observation, b: Observation) -> bool:
    da, db = a.date or dt.date.min, b.date or dt.date.min
    return (da, b.key) > (db, a.key)


def locality_depth(site: Site, identifier: str | None) -> int:
    """How many parents a locality has (a province or centrally run city is 0)."""
    depth, seen = 0, set()
    localities = site.entities.get("locality", {})
    while identifier in localities and identifier not in seen:
        seen.add(identifier)
        identifier = localities[identifier].fields.get("parent")
        depth += 1 if identifier else 0
    return depth if seen else 99
