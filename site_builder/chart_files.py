"""The data behind every chart, as files to download: CSV (UTF-8 with BOM, for Excel) and JSON.

Each chart's files sit beside its page in the default language's tree (``statistics/inspections/
reported-modes.csv``, ``localities/ha-noi/records-by-year.json``), one row per plotted number,
with the same numbers as the chart and its table. ``statistics/observations.csv|json`` holds every
reported figure, with the place, body, period and source an aggregate record's figure takes from
its record filled in (``data/observations.csv`` of the open-data exports holds only the file
``observations.yaml``, as written). The files follow the exports' conventions: UTF-8 with a BOM and
CRLF for CSV, sorted keys for JSON, dotted column names (``period.start``, ``note.vi``), ids for
references with their Vietnamese name in ``<field>.name``, lists joined by `` | ``, ISO dates, and
an empty ``.en`` cell where no English text exists.
"""

from __future__ import annotations

import csv
import io
import json

from . import urls
from .figures import Chart, Observation
from .site import Site
from .spreadsheet import safe_cell
from .statistics import Statistics

CHART_COLUMNS = ("chart", "category", "category.label.vi", "category.label.en", "category.period.start",
                 "category.period.end", "category.period.as_of", "measure", "measure.label.vi", "measure.label.en",
                 "measure.subject_kind", "measure.basis", "measure.series", "value", "qualifier", "unit", "records",
                 "observations")
OBSERVATION_COLUMNS = ("id", "series", "series.name", "series.unit", "series.subject_kind", "value", "qualifier",
                       "locality", "locality.name", "reporting_body", "reporting_body.name", "period.start",
                       "period.end", "period.as_of", "period.label.vi", "period.label.en", "reference_date",
                       "directives", "record", "source.url", "note.vi", "note.en")
#: As in the open-data exports (``exports.LIST_SEPARATOR``): lists in one CSV cell.
LIST_SEPARATOR = " | "


def chart_files(site: Site, stats: Statistics) -> dict[str, bytes]:
    """``{output path: bytes}`` for the CSV and JSON of every chart, and of all observations."""
    files: dict[str, bytes] = {}
    places = [(page.path, page.charts) for page in stats.pages]
    for identifier, panel in sorted(stats.panels.items()):
        entity = site.entity(identifier)
        places.append((urls.record_path(site.config, entity.type, identifier), panel.charts))
    for path, charts in places:
        for chart in charts:
            files[f"{path}{chart.id}.csv"] = to_csv(CHART_COLUMNS, chart_rows(chart))
            files[f"{path}{chart.id}.json"] = to_json(chart_document(chart, path))
    rows = [observation_row(site, o) for o in stats.observations]
    files["statistics/observations.csv"] = to_csv(OBSERVATION_COLUMNS, rows)
    files["statistics/observations.json"] = to_json({"observations": rows})
    for page in stats.pages:
        if "observations" in page.extra:
            own = [observation_row(site, o) for o in page.extra["observations"]]
            files[f"{page.path}observations.csv"] = to_csv(OBSERVATION_COLUMNS, own)
            files[f"{page.path}observations.json"] = to_json({"observations": own})
    return files


def chart_rows(chart: Chart) -> list[dict]:
    """One row per plotted number (cells without a figure are left out)."""
    rows = []
    for k, measure in enumerate(chart.measures):
        for i, category in enumerate(chart.categories):
            cell = chart.cells[k][i]
            if cell is None:
                continue
            start, end, as_of = category.period or (None, None, category.date)
            rows.append({
                "chart": chart.id, "category": category.key,
                "category.label.vi": _text(category.label, "vi") or _iso(category.date),
                "category.label.en": _text(category.label, "en") or _iso(category.date),
                "category.period.start": _iso(start), "category.period.end": _iso(end),
                "category.period.as_of": _iso(as_of), "measure": measure.key,
                "measure.label.vi": _text(measure.label, "vi"), "measure.label.en": _text(measure.label, "en"),
                "measure.subject_kind": measure.subject_kind, "measure.basis": measure.basis,
                "measure.series": measure.series or "", "value": cell.value, "qualifier": cell.qualifier,
                "unit": chart.unit, "records": LIST_SEPARATOR.join(cell.records),
                "observations": LIST_SEPARATOR.join(cell.observations)})
    return rows


def chart_document(chart: Chart, path: str) -> dict:
    """A chart's JSON: what it shows, its categories and measures, and its rows."""
    return {
        "chart": chart.id, "page": path, "kind": chart.kind, "unit": chart.unit,
        "title": dict(chart.title), "summary": dict(chart.summary),
        "category_axis": dict(chart.category_axis), "value_axis": dict(chart.value_axis),
        "notes": [dict(note) for note in chart.notes],
        "measures": [{"id": m.key, "label": dict(m.label), "subject_kind": m.subject_kind, "basis": m.basis,
                      "series": m.series} for m in chart.measures],
        "categories": [{"id": c.key, "label": dict(c.label), "ref": c.ref, "date": _iso(c.date) or None,
                        "period": _period(c.period)} for c in chart.categories],
        "rows": [{"category": c.key, "measure": m.key, "value": cell.value, "qualifier": cell.qualifier,
                  "records": list(cell.records), "observations": list(cell.observations)}
                 for k, m in enumerate(chart.measures) for i, c in enumerate(chart.categories)
                 if (cell := chart.cells[k][i]) is not None],
    }


def observation_row(site: Site, observation: Observation) -> dict:
    """An observation with the defaults it took from its record (place, body, period, source) filled in."""
    declared = site.entities.get("series", {}).get(observation.series)
    start, end, as_of = observation.period
    return {
        "id": observation.key, "series": observation.series,
        "series.name": _text(declared.fields["label"], "vi") if declared else "",
        "series.unit": declared.fields.get("unit", "") if declared else "",
        "series.subject_kind": declared.fields.get("subject_kind", "") if declared else "",
        "value": observation.value, "qualifier": observation.qualifier,
        "locality": observation.locality or "", "locality.name": _name(site, observation.locality),
        "reporting_body": observation.reporting_body or "",
        "reporting_body.name": _name(site, observation.reporting_body),
        "period.start": _iso(start), "period.end": _iso(end), "period.as_of": _iso(as_of),
        "period.label.vi": _text(observation.period_label, "vi"),
        "period.label.en": _text(observation.period_label, "en"), "reference_date": _iso(observation.date),
        "directives": LIST_SEPARATOR.join(observation.directives), "record": observation.record or "",
        "source.url": observation.source_url or "", "note.vi": _text(observation.note, "vi"),
        "note.en": _text(observation.note, "en")}


def to_csv(columns, rows) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the diacritics), CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: safe_cell(cell) for name, cell in row.items()} for row in rows)  # no formulas
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _text(value, lang: str) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value if lang == "vi" else ""
    return value.get(lang, "")


def _name(site: Site, identifier: str | None) -> str:
    """The Vietnamese name of an entity, as the open-data exports' ``.name`` columns give it."""
    if not identifier:
        return ""
    entity = site.entity(identifier)
    return _text(entity.fields.get("name"), "vi") if entity else ""


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _period(period) -> dict | None:
    if not period:
        return None
    start, end, as_of = period
    return {"start": _iso(start) or None, "end": _iso(end) or None, "as_of": _iso(as_of) or None}
