"""The topic pages of /statistics/: inspections, commendations, emulation models, recommendations
follow-up and publication compliance. Each is a pure function ``(site, observations) -> StatPage``.

Reported figures (observations) are charted per locality and period, never added up; counted
figures come from the public records and say so in their summaries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from .figures import (COUNT_AXIS, SERIES_PLANNED, SERIES_UNANNOUNCED, YEAR_AXIS, Category, Chart, KeyFigure,
                      Measure, Observation, StatPage, T, check_stackable, counted_chart, make_chart, name_of,
                      observation_cell, ranked_categories, record_year, vocabulary_categories, vocabulary_measures,
                      year_categories)
from .kinds import AGGREGATE_CHAIN
from .present import publication_compliance
from .records import Record
from .site import Site

PLACE_PERIOD_AXIS = T("Địa bàn và kỳ báo cáo", "Locality and period")
LOCALITY_AXIS = T("Địa bàn", "Locality")
OLDEST_OPEN = 20
IN_FORCE = ("decided", "presented")
PENDING = ("proposed", "in_consultation")
STILL_OPEN = ("open", "in_progress")


def reported_chart(site: Site, observations: Sequence[Observation], chart_id: str, series_ids: Sequence[str],
                   title: Mapping, summary: Mapping, stack: bool = False) -> Chart | None:
    """Observations of ``series_ids`` side by side, one category per locality, body and period (newest
    first). Stacked only when the series count the same kind of subject and none is ``mixed``."""
    declared = site.entities.get("series", {})
    measures = [Measure(sid, dict(declared[sid].fields["label"]), declared[sid].fields["subject_kind"], "reported",
                        sid) for sid in series_ids if sid in declared]
    chosen = [o for o in observations if o.series in {m.key for m in measures}]
    if not chosen:
        return None
    groups: dict[str, list[Observation]] = {}
    for observation in chosen:
        key = "/".join("" if part is None else str(part)
                       for part in (observation.locality, observation.reporting_body, *observation.period))
        groups.setdefault(key, []).append(observation)
    places = Counter((group[0].locality, group[0].period) for group in groups.values())
    ordered = sorted(groups.items(), key=lambda item: (-(item[1][0].date or dt.date.min).toordinal(),
                                                       item[1][0].locality or "", item[0]))
    categories, values = [], {}
    for key, group in ordered:
        first = group[0]
        label = name_of(site, first.locality)
        if places[(first.locality, first.period)] > 1 and first.reporting_body:  # tell bodies apart
            body = name_of(site, first.reporting_body)
            label = {lang: f"{label[lang]} · {body.get(lang, body['vi'])}" for lang in label}
        categories.append(Category(key, label, first.period, first.locality))
        for observation in group:
            values.setdefault((observation.series, key), observation_cell(site, observation))
    units = {declared[m.key].fields.get("unit", "count") for m in measures}
    kind = "bar"
    if stack and len(units) == 1:
        try:
            check_stackable(measures)
            kind = "stacked"
        except ValueError:
            pass
    return make_chart(chart_id, kind, title, summary, PLACE_PERIOD_AXIS, COUNT_AXIS, categories, measures, values,
                      unit=units.pop() if len(units) == 1 else "count")


# ---------------------------------------------------------------- inspections

def inspections_page(site: Site, observations: Sequence[Observation]) -> StatPage:
    records = site.by_kind.get("inspection_result", ())
    single = [r for r in records if r.fields.get("grain") == "single"]
    charts = [
        reported_chart(site, observations, "reported-modes", (SERIES_PLANNED, SERIES_UNANNOUNCED),
                       T("Thanh tra, kiểm tra theo kế hoạch và đột xuất (số liệu báo cáo)",
                         "Planned and unannounced inspections (reported totals)"),
                       T("Số cuộc theo báo cáo tổng hợp của từng địa bàn, từng kỳ; các kỳ và địa bàn không cộng dồn.",
                         "Numbers of inspections as each locality's aggregate report gives them, period by period; "
                         "periods and localities are not added together."), stack=True),
        reported_chart(site, observations, "reported-subjects", AGGREGATE_CHAIN,
                       T("Tổ chức, cá nhân được kiểm tra, có vi phạm, bị kỷ luật (số liệu báo cáo)",
                         "Subjects inspected, found in violation and disciplined (reported totals)"),
                       T("Nguồn cộng chung tổ chức và cá nhân nên ba số được đặt cạnh nhau, không cộng với nhau.",
                         "The sources add organisations and individuals together, so the three figures stand side "
                         "by side and are never added up.")),
    ]
    modes = {r.id: r.fields.get("mode", "-") for r in single}
    mode_measures = vocabulary_measures(site, "inspection_mode", set(modes.values()), "case")
    by_year = [(modes[r.id], str(record_year(site, r)), r.id, 1) for r in single]
    by_place = [(modes[r.id], r.fields["locality"], r.id, 1) for r in single]
    counted_note = T(f"Đếm từ {len(single)} kết luận từng cuộc đăng trên trang này.",
                     f"Counted from the {len(single)} single conclusions published on this site.")
    if single:
        charts.append(counted_chart(
            "counted-modes-by-year", "stacked", T("Kết luận từng cuộc theo hình thức và năm",
                                                  "Single conclusions by mode and year"),
            counted_note, YEAR_AXIS, year_categories(record_year(site, r) for r in single), mode_measures, by_year))
        charts.append(counted_chart(
            "counted-modes-by-locality", "stacked", T("Kết luận từng cuộc theo hình thức và địa bàn",
                                                      "Single conclusions by mode and locality"),
            counted_note, LOCALITY_AXIS, ranked_categories(site, Counter(r.fields["locality"] for r in single)),
            mode_measures, by_place))
        subject_measures = [
            Measure("subjects", T("Tổ chức, cá nhân được thanh tra, kiểm tra", "Subjects inspected"), "mixed",
                    "counted"),
            Measure("violating", T("Thuộc kết luận có vi phạm", "In conclusions finding a violation"), "mixed",
                    "counted"),
            Measure("disciplined", T("Bị xử lý kỷ luật", "Disciplined"), "mixed", "counted"),
        ]
        subject_note = T(f"Đếm từ {len(single)} kết luận từng cuộc: đối tượng ghi trong kết luận, đối tượng của kết "
                         "luận có phát hiện vi phạm, và số người, tổ chức bị kỷ luật. Không cộng với số liệu báo cáo.",
                         f"Counted from the {len(single)} single conclusions: subjects named in them, subjects of "
                         "conclusions with a violation finding, and the number disciplined. Never added to the "
                         "reported totals.")
        for chart_id, title, category_of, categories in (
                ("counted-subjects-by-year", T("Đối tượng trong kết luận từng cuộc, theo năm",
                                               "Subjects of single conclusions by year"),
                 lambda r: str(record_year(site, r)), year_categories(record_year(site, r) for r in single)),
                ("counted-subjects-by-locality", T("Đối tượng trong kết luận từng cuộc, theo địa bàn",
                                                   "Subjects of single conclusions by locality"),
                 lambda r: r.fields["locality"], ranked_categories(site, _subjects_by_locality(single)))):
            charts.append(counted_chart(chart_id, "bar", title, subject_note,
                                        YEAR_AXIS if "year" in chart_id else LOCALITY_AXIS, categories,
                                        subject_measures, _subject_items(single, category_of)))
    figures = [KeyFigure(T("Kết luận từng cuộc", "Single conclusions"), len(single), records=tuple(modes)),
               *(KeyFigure(m.label, sum(1 for v in modes.values() if v == m.key),
                           records=tuple(i for i, v in modes.items() if v == m.key))
                 for m in mode_measures if m.key in ("planned", "unannounced")),
               KeyFigure(T("Báo cáo tổng hợp theo kỳ", "Aggregate reports"),
                         sum(1 for r in records if r.fields.get("grain") == "aggregate"),
                         records=tuple(r.id for r in records if r.fields.get("grain") == "aggregate"))]
    return StatPage("inspections", T("Thanh tra, kiểm tra, giám sát", "Inspections"),
                    T("Số liệu báo cáo tổng hợp (như nguồn công bố) và số đếm từ các kết luận từng cuộc, tách riêng.",
                      "Reported totals (as the sources publish them) and counts from single conclusions, kept apart."),
                    tuple(c for c in charts if c is not None), tuple(figures))


def _subject_items(single: Sequence[Record], category_of) -> list[tuple[str, str, str, int]]:
    items = []
    for record in single:
        category, subjects = category_of(record), len(record.fields.get("subjects", ()))
        items.append(("subjects", category, record.id, subjects))
        if any(f.get("class") == "violation" for f in record.fields.get("findings", ())):
            items.append(("violating", category, record.id, subjects))
        disciplined = sum(s.get("target_count", 1) for s in record.fields.get("sanctions", ()))
        if disciplined:
            items.append(("disciplined", category, record.id, disciplined))
    return items


def _subjects_by_locality(single: Sequence[Record]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for record in single:
        locality = record.fields["locality"]
        totals[locality] = totals.get(locality, 0) + len(record.fields.get("subjects", ()))
    return totals


# ---------------------------------------------------------------- commendations

RECIPIENT_MEASURES = (
    Measure("collective", T("Tập thể", "Collectives"), "organization", "counted"),
    Measure("individual", T("Cá nhân", "Individuals"), "individual", "counted"),
    Measure("household", T("Hộ gia đình", "Households"), "household", "counted"),
)
_COUNT_KEYS = {"collectives": "collective", "individuals": "individual", "households": "household"}


def recipient_counts(record: Record) -> Counter:
    """Recipients of a decision by kind, from its list or its ``recipient_counts``."""
    if "recipients" in record.fields:
        return Counter(r["kind"] for r in record.fields["recipients"])
    return Counter({_COUNT_KEYS[k]: v for k, v in record.fields.get("recipient_counts", {}).items() if v})


def commendations_page(site: Site, observations: Sequence[Observation]) -> StatPage:
    records = site.by_kind.get("commendation", ())
    in_force = [r for r in records if r.fields.get("state") in IN_FORCE]
    counts = {r.id: recipient_counts(r) for r in in_force}
    kinds = [m for m in RECIPIENT_MEASURES if any(c.get(m.key) for c in counts.values())] \
        or list(RECIPIENT_MEASURES[:2])
    decisions = Measure("decisions", T("Quyết định", "Decisions"), "case", "counted")
    note = T(f"Đếm từ {len(in_force)} quyết định khen thưởng còn hiệu lực (đã quyết định hoặc đã trao); quyết định bị "
             "hủy và đề nghị chưa quyết định không tính.",
             f"Counted from the {len(in_force)} commendation decisions in force (decided or presented); revoked "
             "decisions and pending proposals are not counted.")
    recipient_note = T(note["vi"] + " Tập thể và cá nhân không cộng với nhau.",
                       note["en"] + " Collectives and individuals are never added together.")
    charts = []
    if in_force:
        for facet, vocabulary, facet_vi, facet_en in (("form", "award_form", "hình thức", "form"),
                                                      ("level", "award_level", "cấp", "level")):
            categories = vocabulary_categories(site, vocabulary, {r.fields[facet] for r in in_force})
            axis = T(facet_vi.capitalize(), facet_en.capitalize())
            charts.append(counted_chart(f"decisions-by-{facet}", "bar",
                                        T(f"Quyết định khen thưởng theo {facet_vi}", f"Decisions by {facet_en}"),
                                        note, axis, categories, [decisions],
                                        [("decisions", r.fields[facet], r.id, 1) for r in in_force]))
            charts.append(counted_chart(f"recipients-by-{facet}", "bar",
                                        T(f"Tập thể và cá nhân được khen theo {facet_vi}",
                                          f"Collectives and individuals commended, by {facet_en}"),
                                        recipient_note, axis, categories, kinds,
                                        [(k, r.fields[facet], r.id, n) for r in in_force
                                         for k, n in counts[r.id].items()]))
        years = year_categories(record_year(site, r) for r in in_force)
        charts.append(counted_chart("decisions-by-year", "stacked", T("Quyết định khen thưởng theo năm và cấp",
                                                                      "Decisions by year and level"),
                                    note, YEAR_AXIS, years,
                                    vocabulary_measures(site, "award_level", {r.fields["level"] for r in in_force},
                                                        "case"),
                                    [(r.fields["level"], str(record_year(site, r)), r.id, 1) for r in in_force]))
        charts.append(counted_chart("recipients-by-year", "bar", T("Tập thể và cá nhân được khen theo năm",
                                                                   "Collectives and individuals commended, by year"),
                                    recipient_note, YEAR_AXIS, years, kinds,
                                    [(k, str(record_year(site, r)), r.id, n) for r in in_force
                                     for k, n in counts[r.id].items()]))
    revoked = [r.id for r in records if r.fields.get("state") == "revoked"]
    pending = [r.id for r in records if r.fields.get("state") in PENDING]
    figures = [KeyFigure(T("Quyết định còn hiệu lực", "Decisions in force"), len(in_force),
                         records=tuple(r.id for r in in_force))]
    for measure in kinds:
        figures.append(KeyFigure(measure.label, sum(c.get(measure.key, 0) for c in counts.values()),
                                 records=tuple(i for i, c in counts.items() if c.get(measure.key))))
    figures.append(KeyFigure(T("Quyết định đã bị hủy (không tính)", "Revoked decisions (not counted)"), len(revoked),
                             records=tuple(revoked)))
    figures.append(KeyFigure(T("Đề nghị, đang lấy ý kiến (không tính)", "Proposed or in consultation (not counted)"),
                             len(pending), records=tuple(pending)))
    return StatPage("commendations", T("Khen thưởng", "Commendations"),
                    T("Quyết định và đối tượng được khen theo hình thức, cấp và năm; tập thể và cá nhân tách riêng.",
                      "Decisions and recipients by form, level and year; collectives and individuals kept apart."),
                    tuple(charts), tuple(figures))


# ---------------------------------------------------------------- emulation models

def models_page(site: Site, observations: Sequence[Observation]) -> StatPage:
    models = site.by_kind.get("emulation_model", ())
    measure = Measure("models", T("Mô hình, cách làm", "Models"), "case", "counted")
    note = T(f"Đếm từ {len(models)} mô hình, cách làm đăng trên trang này.",
             f"Counted from the {len(models)} emulation models published on this site.")
    charts = []
    if models:
        for facet, vocabulary, title, axis in (
                ("field", "model_field", T("Mô hình, cách làm theo lĩnh vực", "Models by field"),
                 T("Lĩnh vực", "Field")),
                ("state", "model_state", T("Mô hình, cách làm theo tình trạng", "Models by state"),
                 T("Tình trạng", "State"))):
            charts.append(counted_chart(f"by-{facet}", "bar", title, note, axis,
                                        vocabulary_categories(site, vocabulary, {m.fields[facet] for m in models}),
                                        [measure], [("models", m.fields[facet], m.id, 1) for m in models]))
        charts.append(counted_chart("by-locality", "bar", T("Mô hình, cách làm theo địa bàn", "Models by locality"),
                                    note, LOCALITY_AXIS,
                                    ranked_categories(site, Counter(m.fields["locality"] for m in models)),
                                    [measure], [("models", m.fields["locality"], m.id, 1) for m in models]))
    replicated = [m for m in models if m.fields.get("replicated_in")]
    if replicated:
        places = Measure("places", T("Nơi nhân rộng", "Places replicated in"), "organization", "counted")
        charts.append(counted_chart(
            "replication", "bar",
            T("Mô hình được nhân rộng: số nơi áp dụng", "Replicated models: places adopting them"),
            T("Đếm từ trường hợp “nhân rộng tại” của từng mô hình.", "Counted from each model's “replicated in” list."),
            T("Mô hình", "Model"),
            [Category(m.id, name_of(site, m.id), ref=m.id) for m in
             sorted(replicated, key=lambda m: (-len(m.fields["replicated_in"]), m.id))],
            [places], [("places", m.id, m.id, len(m.fields["replicated_in"])) for m in replicated]))
    running = tuple(m.id for m in models if m.fields["state"] == "running")
    spread = tuple(sorted({m.id for m in replicated} | {m.id for m in models if m.fields["state"] == "replicated"}))
    figures = (KeyFigure(T("Mô hình, cách làm", "Emulation models"), len(models), records=tuple(m.id for m in models)),
               KeyFigure(T("Đang thực hiện", "Running"), len(running), records=running),
               KeyFigure(T("Được nhân rộng", "Replicated"), len(spread), records=spread),
               KeyFigure(T("Nơi nhân rộng", "Places replicated in"),
                         sum(len(m.fields["replicated_in"]) for m in replicated),
                         records=tuple(m.id for m in replicated)))
    return StatPage("models", T("Mô hình, cách làm hay", "Emulation models"),
                    T("Mô hình, cách làm theo lĩnh vực, tình trạng, địa bàn và việc nhân rộng.",
                      "Emulation models by field, state and locality, and their replication."), tuple(charts), figures)


# ---------------------------------------------------------------- recommendations follow-up

@dataclass(frozen=True)
class OpenRecommendation:
    """A recommendation not yet done, for the "oldest open" list."""

    record: str
    id: str
    text: Mapping
    to: str | None
    body: str
    status: str
    due: dt.date | None
    since: dt.date                 # due date, else the date of the conclusion
    status_date: dt.date | None
    overdue_days: int | None       # days past due at build time


def recommendations_page(site: Site, observations: Sequence[Observation]) -> StatPage:
    today = site.config.build_time.date()
    items = [(record, rec) for record in site.by_kind.get("inspection_result", ())
             for rec in record.fields.get("recommendations", ())]
    statuses = vocabulary_measures(site, "recommendation_status", {rec["status"] for _, rec in items}, "case")
    note = T(f"Đếm từ {len(items)} kiến nghị trong các kết luận đăng trên trang này, theo tình trạng cập nhật "
             "gần nhất.",
             f"Counted from the {len(items)} recommendations in the conclusions on this site, by their latest status.")
    charts = []
    if items:
        bodies = Counter(record.fields["inspecting_body"] for record, _ in items)
        charts.append(counted_chart("by-body", "stacked", T("Kiến nghị theo cơ quan thanh tra, kiểm tra và tình trạng",
                                                            "Recommendations by inspecting body and status"),
                                    note, T("Cơ quan thanh tra, kiểm tra", "Inspecting body"),
                                    ranked_categories(site, bodies), statuses,
                                    [(rec["status"], record.fields["inspecting_body"], record.id, 1)
                                     for record, rec in items]))
        charts.append(counted_chart("by-year", "stacked", T("Kiến nghị theo năm kết luận và tình trạng",
                                                            "Recommendations by year of the conclusion and status"),
                                    note, YEAR_AXIS, year_categories(record_year(site, r) for r, _ in items), statuses,
                                    [(rec["status"], str(record_year(site, record)), record.id, 1)
                                     for record, rec in items]))
    still_open = []
    for record, rec in items:
        if rec["status"] in STILL_OPEN:
            due = rec.get("due")
            still_open.append(OpenRecommendation(
                record.id, rec["id"], rec["text"], rec.get("to"), record.fields["inspecting_body"], rec["status"], due,
                due or site.dates[record.id], rec.get("status_date"),
                (today - due).days if due and due < today else None))
    still_open.sort(key=lambda o: (o.since, o.record, o.id))
    by_status = Counter(rec["status"] for _, rec in items)
    figures = [KeyFigure(T("Kiến nghị", "Recommendations"), len(items),
                         records=tuple(dict.fromkeys(r.id for r, _ in items)))]
    for measure in statuses:
        figures.append(KeyFigure(measure.label, by_status[measure.key],
                                 records=tuple(dict.fromkeys(r.id for r, x in items if x["status"] == measure.key))))
    figures.append(KeyFigure(T("Chưa xong và đã quá hạn", "Not done and past due"),
                             sum(1 for o in still_open if o.overdue_days is not None),
                             records=tuple(dict.fromkeys(o.record for o in still_open if o.overdue_days is not None))))
    return StatPage("recommendations", T("Theo dõi thực hiện kiến nghị", "Recommendations follow-up"),
                    T("Tình trạng thực hiện kiến nghị sau thanh tra, kiểm tra, theo cơ quan và năm; các kiến nghị chưa "
                      "xong lâu nhất được liệt kê.",
                      "How recommendations made after inspections are followed up, by inspecting body and year, with "
                      "the oldest ones still open."),
                    tuple(charts), tuple(figures), {"oldest_open": tuple(still_open[:OLDEST_OPEN]),
                                                    "open_count": len(still_open)})


# ---------------------------------------------------------------- publication compliance

@dataclass(frozen=True)
class PublicationRow:
    record: str
    signed: dt.date | None
    posted_on: dt.date | None
    posted_until: dt.date | None
    compliance: object | None      # present.Compliance


def publication_page(site: Site, observations: Sequence[Observation]) -> StatPage:
    today = site.config.build_time.date()
    assessed = [r for r in site.by_kind.get("inspection_result", ())
                if r.fields.get("regime") == "state_inspection" and r.fields.get("grain") == "single"]
    rows = [PublicationRow(r.id, r.get("conclusion", "signed"), r.get("publication", "posted_on"),
                           r.get("publication", "posted_until"), publication_compliance(r, today)) for r in assessed]
    rows.sort(key=lambda row: (-(row.signed or dt.date.min).toordinal(), row.record))
    year = {row.record: str((row.signed or site.dates[row.record]).year) for row in rows}
    timely = (Measure("on_time", T("Trong 10 ngày", "Within 10 days"), "case", "counted"),
              Measure("late", T("Quá 10 ngày", "Later than 10 days"), "case", "counted"),
              Measure("unknown", T("Không có ngày đăng", "No publication date recorded"), "case", "counted"))
    online = (Measure("long_enough", T("Từ 15 ngày trở lên", "15 days or more"), "case", "counted"),
              Measure("ongoing", T("Đang đăng, chưa đủ 15 ngày", "Still online, under 15 days so far"), "case",
                      "counted"),
              Measure("too_short", T("Gỡ xuống trước 15 ngày", "Taken down before 15 days"), "case", "counted"),
              Measure("unknown", T("Không có ngày đăng", "No publication date recorded"), "case", "counted"))
    note = T(f"Đếm từ {len(rows)} kết luận thanh tra nhà nước từng cuộc (Luật Thanh tra 2022, Điều 79; Nghị định "
             "43/2023/NĐ-CP, Điều 48-49).",
             f"Counted from the {len(rows)} single state inspection conclusions (Law on Inspection 2022, Art. 79; "
             "Decree 43/2023/NĐ-CP, Arts. 48-49).")
    charts = []
    if rows:
        years = year_categories(int(y) for y in year.values())
        charts.append(counted_chart("within-10-days", "stacked",
                                    T("Công khai kết luận trong 10 ngày kể từ ngày ký",
                                      "Published within 10 days of signing"),
                                    note, T("Năm ký kết luận", "Year the conclusion was signed"), years, timely,
                                    [(_timely(row), year[row.record], row.record, 1) for row in rows]))
        charts.append(counted_chart("online-15-days", "stacked",
                                    T("Thời gian đăng trên cổng thông tin (tối thiểu 15 ngày)",
                                      "Kept online for at least 15 days"),
                                    note, T("Năm ký kết luận", "Year the conclusion was signed"), years, online,
                                    [(_online(row), year[row.record], row.record, 1) for row in rows]))
    on_time = [row.record for row in rows if _timely(row) == "on_time"]
    long_enough = [row.record for row in rows if _online(row) == "long_enough"]
    figures = (KeyFigure(T("Kết luận thanh tra nhà nước từng cuộc", "Single state inspection conclusions"), len(rows),
                         records=tuple(row.record for row in rows)),
               KeyFigure(T("Công khai trong 10 ngày", "Published within 10 days"), len(on_time),
                         records=tuple(on_time)),
               KeyFigure(T("Đăng từ 15 ngày trở lên", "Online for 15 days or more"), len(long_enough),
                         records=tuple(long_enough)))
    return StatPage("publication", T("Công khai kết luận thanh tra", "Publication of inspection conclusions"),
                    T("Kết luận thanh tra nhà nước phải được công khai chậm nhất 10 ngày sau khi ký và đăng trên cổng "
                      "thông tin ít nhất 15 ngày liên tục.",
                      "A state inspection conclusion must be made public no later than 10 days after signing and stay "
                      "on the inspection body's portal for at least 15 consecutive days."),
                    tuple(charts), figures, {"rows": tuple(rows)})


def _timely(row: PublicationRow) -> str:
    if row.compliance is None:
        return "unknown"
    return "on_time" if row.compliance.on_time else "late"


def _online(row: PublicationRow) -> str:
    compliance = row.compliance
    if compliance is None or compliance.days_online is None:
        return "unknown"
    if compliance.long_enough:
        return "long_enough"
    return "ongoing" if compliance.still_online else "too_short"


TOPICS = (inspections_page, commendations_page, models_page, recommendations_page, publication_page)
