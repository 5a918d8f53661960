"""Series pages, the small statistics panels of unit, locality and document pages, and the home
page's headline figures. Pure: site and observations in, values out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Sequence

from .figures import (COUNT_AXIS, SECTION, YEAR_AXIS, Category, Chart, KeyFigure, Measure, Observation, Panel,
                      StatPage, T, counted_chart, latest_by, locality_depth, make_chart, name_of, observation_cell,
                      observation_figure, record_year, vocabulary_categories, year_categories)
from .kinds import KINDS
from .overviews import STILL_OPEN, recipient_counts
from .records import Entity
from .site import Site

HEADLINES = 8
MAX_LINES = 6                  # localities drawn over time on a series page (all are in its figures table)
DATE_AXIS = T("Ngày số liệu", "Date of the figure")
KIND_MEASURES = tuple(Measure(name, dict(kind.plural), "case", "counted") for name, kind in KINDS.items())


# ---------------------------------------------------------------- series

def series_page(site: Site, series: Entity, observations: Sequence[Observation]) -> StatPage:
    """A series: its figures over time (one line per locality) and the latest figure of each locality."""
    fields = series.fields
    own = sorted((o for o in observations if o.series == series.id),
                 key=lambda o: (-(o.date or dt.date.min).toordinal(), o.locality or "", o.key))
    def measure_for(locality):
        return Measure(locality or "-", name_of(site, locality), fields["subject_kind"], "reported", series.id)

    unit, charts = fields["unit"], []
    dated = [o for o in own if o.date]
    places: dict[str | None, set] = {}
    for observation in dated:
        places.setdefault(observation.locality, set()).add(observation.date)
    if any(len(dates) > 1 for dates in places.values()):
        ranked = sorted(places, key=lambda loc: (-len(places[loc]), locality_depth(site, loc), loc or ""))
        localities = [loc for loc in ranked if len(places[loc]) > 1][:MAX_LINES]
        dates = sorted({d for loc in localities for d in places[loc]})
        values = {}
        for observation in sorted(dated, key=lambda o: o.key):
            if observation.locality in localities:
                values.setdefault((observation.locality or "-", observation.date.isoformat()),
                                  observation_cell(site, observation))
        left_out = len(places) - len(localities)
        charts.append(make_chart(
            "over-time", "line", T(f"{fields['label']['vi']}: diễn biến theo thời gian",
                                   f"{fields['label'].get('en', fields['label']['vi'])} over time"),
            T("Mỗi đường là một địa bàn có số liệu từ hai thời điểm trở lên; điểm là ngày cuối kỳ hoặc ngày chốt số "
              "liệu. Các địa bàn không cộng dồn." + (f" Hiện {len(localities)} địa bàn có nhiều số liệu nhất; "
                                                      "mọi số liệu có trong bảng cuối trang." if left_out else ""),
              "One line per locality with figures for two dates or more; each point is the end of a period or the "
              "date of the figure. Localities are not added together." + (
                  f" Showing the {len(localities)} localities with the most figures; every figure is in the table "
                  "at the end of the page." if left_out else "")),
            DATE_AXIS, _value_axis(site, unit), [Category(d.isoformat(), {}, date=d) for d in dates],
            [measure_for(loc) for loc in localities], values, unit=unit))
    latest = latest_by(own, key=lambda o: o.locality)
    if latest:
        latest.sort(key=lambda o: (-o.value, o.locality or "", o.key))
        measure = Measure(series.id, dict(fields["label"]), fields["subject_kind"], "reported", series.id)
        charts.append(make_chart(
            "by-locality", "bar", T(f"{fields['label']['vi']}: số liệu mới nhất của từng địa bàn",
                                    f"{fields['label'].get('en', fields['label']['vi'])}: latest figure by locality"),
            T("Số liệu gần nhất của mỗi địa bàn, kèm kỳ báo cáo; các địa bàn có thể lồng nhau nên không cộng dồn.",
              "The latest figure of each locality with its period; localities may contain one another, so they "
              "are not added up."),
            T("Địa bàn", "Locality"), _value_axis(site, unit),
            [Category(o.locality or "-", name_of(site, o.locality), o.period, o.locality) for o in latest],
            [measure], {(series.id, o.locality or "-"): observation_cell(site, o) for o in latest}, unit=unit))
    return StatPage(f"series/{series.id}", dict(fields["label"]), dict(fields.get("definition") or {}),
                    tuple(charts), (), {"series": series, "observations": tuple(own)})


def _value_axis(site: Site, unit: str) -> dict:
    found = site.vocabularies["series_unit"].terms.get(unit) if "series_unit" in site.vocabularies else None
    return dict(found.label) if found else dict(COUNT_AXIS)


# ---------------------------------------------------------------- entity panels

def entity_panels(site: Site, observations: Sequence[Observation]) -> dict[str, Panel]:
    """Panels for the units, localities and documents that have records or figures to show."""
    by_locality, by_body, by_directive = {}, {}, {}
    for observation in observations:
        by_locality.setdefault(observation.locality, []).append(observation)
        by_body.setdefault(observation.reporting_body, []).append(observation)
        for directive in observation.directives:
            by_directive.setdefault(directive, []).append(observation)
    inspections = site.by_kind.get("inspection_result", ())
    inspected_by: dict[str, list] = {}
    for record in inspections:
        inspected_by.setdefault(record.fields["inspecting_body"], []).append(record)
    issued_by: dict[str, list] = {}
    for record in site.by_kind.get("commendation", ()):
        issued_by.setdefault(record.fields["decision"]["issuer"], []).append(record)
    panels = {}
    for type_name, reported_of, key in (("locality", by_locality, lambda o: o.series),
                                        ("unit", by_body, lambda o: o.series),
                                        ("document", by_directive, lambda o: (o.series, o.locality))):
        for entity in site.entities.get(type_name, {}).values():
            records = site.referrers.get(entity.id, ())
            reported = sorted(latest_by(reported_of.get(entity.id, ()), key), key=lambda o: _series_order(site, o))
            charts = [_records_by_year(site, records)] if records else []
            counts = [KeyFigure(m.label, n, records=tuple(r.id for r in records if r.kind == m.key))
                      for m in KIND_MEASURES if (n := sum(1 for r in records if r.kind == m.key))]
            figures = []
            if type_name == "unit":
                figures = _unit_figures(site, entity, inspected_by.get(entity.id, ()), issued_by.get(entity.id, ()))
                recommendations = _recommendations_chart(site, inspected_by.get(entity.id, ()))
                charts += [recommendations] if recommendations else []
            panel = Panel(tuple(counts), tuple(figures), tuple(reported), tuple(charts))
            if panel:
                panels[entity.id] = panel
    return panels


def _series_order(site: Site, observation: Observation) -> tuple:
    order = list(site.entities.get("series", {}))
    index = order.index(observation.series) if observation.series in order else len(order)
    return (index, observation.locality or "", observation.key)


def _records_by_year(site: Site, records) -> Chart:
    kinds = [m for m in KIND_MEASURES if any(r.kind == m.key for r in records)]
    return counted_chart("records-by-year", "stacked", T("Hồ sơ theo năm", "Records by year"),
                         T(f"Đếm từ {len(records)} hồ sơ liên quan đăng trên trang này.",
                           f"Counted from the {len(records)} related records on this site."),
                         YEAR_AXIS, year_categories(record_year(site, r) for r in records), kinds,
                         [(r.kind, str(record_year(site, r)), r.id, 1) for r in records])


def _unit_figures(site: Site, unit: Entity, inspections, decisions) -> list[KeyFigure]:
    figures = []
    if inspections:
        figures.append(KeyFigure(T("Cuộc thanh tra, kiểm tra do đơn vị tiến hành", "Inspections it carried out"),
                                 len(inspections), records=tuple(r.id for r in inspections)))
        made = [rec for r in inspections for rec in r.fields.get("recommendations", ())]
        still_open = [r.id for r in inspections for rec in r.fields.get("recommendations", ())
                      if rec["status"] in STILL_OPEN]
        if made:
            figures.append(KeyFigure(T("Kiến nghị chưa thực hiện xong", "Recommendations not yet done"),
                                     len(still_open), records=tuple(dict.fromkeys(still_open)),
                                     link=f"{SECTION}/recommendations/"))
    in_force = [r for r in decisions if r.fields.get("state") in ("decided", "presented")]
    if in_force:
        counts = Counter()
        for record in in_force:
            counts.update(recipient_counts(record))
        figures.append(KeyFigure(T("Quyết định khen thưởng đã ban hành (còn hiệu lực)", "Commendation decisions issued "
                                   "(in force)"), len(in_force), records=tuple(r.id for r in in_force)))
        for kind, label in (("collective", T("Tập thể được khen", "Collectives commended")),
                            ("individual", T("Cá nhân được khen", "Individuals commended")),
                            ("household", T("Hộ gia đình được khen", "Households commended"))):
            if counts.get(kind):
                figures.append(KeyFigure(label, counts[kind], records=tuple(
                    r.id for r in in_force if recipient_counts(r).get(kind))))
    return figures


def _recommendations_chart(site: Site, inspections) -> Chart | None:
    items = [(rec["status"], record.id) for record in inspections for rec in record.fields.get("recommendations", ())]
    if not items:
        return None
    measure = Measure("recommendations", T("Kiến nghị", "Recommendations"), "case", "counted")
    return counted_chart("recommendations", "bar", T("Kiến nghị theo tình trạng thực hiện",
                                                     "Recommendations by status"),
                         T(f"Đếm từ {len(items)} kiến nghị trong các kết luận của đơn vị.",
                           f"Counted from the {len(items)} recommendations in the unit's conclusions."),
                         T("Tình trạng", "Status"),
                         vocabulary_categories(site, "recommendation_status", {s for s, _ in items}), [measure],
                         [("recommendations", status, record, 1) for status, record in items])


# ---------------------------------------------------------------- headlines

def headlines(site: Site, observations: Sequence[Observation], limit: int = HEADLINES) -> tuple[KeyFigure, ...]:
    """The home page's figures: the latest sourced figure of each series in each locality, widest
    localities first (provinces and cities), then in the order of series.yaml; figures from the same
    source, place and period stay together (the page shows their source once)."""
    sourced = [o for o in observations if o.record or o.source_url]
    latest = latest_by(sourced, key=lambda o: (o.series, o.locality))
    latest.sort(key=lambda o: (locality_depth(site, o.locality), *_series_order(site, o)))
    chosen = latest[:limit]
    group = lambda o: (o.record or o.source_url, o.locality, o.period)  # noqa: E731 - figures of one source together
    first = {}
    for index, observation in enumerate(chosen):
        first.setdefault(group(observation), index)
    chosen.sort(key=lambda o: first[group(o)])
    return tuple(observation_figure(site, o) for o in chosen)
