"""charts.py: SVG drawing of charts, unit by unit, on small hand-made charts."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from site_builder import charts
from site_builder.figures import Category, Cell, Measure, make_chart

NS = "{http://www.w3.org/2000/svg}"
VI = charts.Formats("vi", lambda v: f"{v:,}".replace(",", "."), lambda d: f"{d.day}/{d.month}/{d.year}")
EN = charts.Formats("en", lambda v: f"{v:,}", lambda d: d.isoformat())
NEARLY = {"vi": "gần", "en": "nearly"}


def chart(kind="bar", categories=3, measures=1, unit="count", subject_kind="case", values=None, dates=False):
    cats = [Category(f"c{i}", {"vi": f"Địa bàn {i}", "en": f"Place {i}"},
                     date=dt.date(2024, 1 + i, 1) if dates else None) for i in range(categories)]
    meas = [Measure(f"m{k}", {"vi": f"Chỉ tiêu {k}", "en": f"Measure {k}"}, subject_kind, "counted")
            for k in range(measures)]
    values = values if values is not None else {(m.key, c.key): Cell((i + 1) * (k + 1) * 10)
                                                for k, m in enumerate(meas) for i, c in enumerate(cats)}
    return make_chart("test", kind, {"vi": "Tiêu đề", "en": "Title"}, {"vi": "Tóm tắt", "en": "Summary"},
                      {"vi": "Địa bàn", "en": "Place"}, {"vi": "Số lượng", "en": "Number"}, cats, meas, values,
                      unit=unit)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("maximum, expected", [(0, (1, 1)), (2, (2, 1)), (5, (6, 2)), (29, (30, 10)),
                                               (1520, (2000, 500)), (88578, (100000, 25000))])
def test_nice_scale_gives_round_whole_ticks(maximum, expected):
    assert charts.nice_scale(maximum) == expected


def test_fractional_ticks_only_for_fractional_units():
    assert charts.nice_scale(2, whole=False) == (2, 0.5)


@pytest.mark.parametrize("fmt, cell, unit, text", [
    (VI, Cell(200000000, "under", NEARLY), "vnd", "gần 200.000.000 đồng"),
    (EN, Cell(200000000, "under", NEARLY), "vnd", "nearly 200,000,000 VND"),
    (EN, Cell(86.5), "percent", "86.5%"),
    (VI, None, "count", "—"),
    (VI, Cell(1520), "count", "1.520"),
])
def test_values_keep_their_qualifier_and_unit(fmt, cell, unit, text):
    assert charts.format_value(cell, unit, fmt) == text


@pytest.mark.parametrize("kind", ["bar", "stacked", "line"])
@pytest.mark.parametrize("fmt", [VI, EN], ids=["vi", "en"])
def test_every_kind_is_valid_accessible_svg(kind, fmt):
    svg = charts.render_chart(chart(kind, measures=3, dates=kind == "line"), fmt)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert root.find(f"{NS}title").text == ("Tiêu đề" if fmt is VI else "Title")
    desc = root.find(f"{NS}desc").text
    marks = [g for g in root.iter(f"{NS}g") if g.get("data-value") is not None]
    assert len(marks) == 9
    for mark in marks:
        assert mark.find(f"{NS}title").text.endswith(charts.format_value(Cell(float(mark.get("data-value"))
                                                                             if "." in mark.get("data-value")
                                                                             else int(mark.get("data-value"))),
                                                                        "count", fmt))
    assert "90" in desc and ("Chỉ tiêu 2" in desc if fmt is VI else "Measure 2" in desc)
    assert "style=" not in svg and "<script" not in svg
    assert charts.render_chart(chart(kind, measures=3, dates=kind == "line"), fmt) == svg, "deterministic"


def test_patterns_tell_measures_apart_and_their_ids_are_prefixed():
    svg = charts.render_chart(chart("stacked", measures=3), VI)
    ids = re.findall(r'<pattern id="([^"]+)"', svg)
    assert ids == ["chart-test-p1", "chart-test-p2"]
    assert svg.count('fill="url(#chart-test-p1)"') == 3 + 1  # three segments and the legend swatch


def test_approximate_values_are_dashed_and_labelled():
    values = {("m0", "c0"): Cell(10), ("m0", "c1"): Cell(20, "under", NEARLY), ("m0", "c2"): Cell(30)}
    svg = charts.render_chart(chart(values=values), EN)
    root = parse(svg)
    approx = [g for g in root.iter(f"{NS}g") if "approx" in (g.get("class") or "")]
    assert [g.get("data-category") for g in approx] == ["c1"]
    assert 'stroke-dasharray="3 2"' in svg and "nearly 20" in svg
    assert "Dashed: approximate" in svg


def test_stacked_totals_carry_the_qualifier_of_their_parts():
    values = {("m0", "c0"): Cell(10), ("m1", "c0"): Cell(5, "under", NEARLY)}
    c = chart("stacked", categories=1, measures=2, values=values)
    assert c.total(0).value == 15 and c.total(0).qualifier == "under"
    assert "nearly 15" in charts.render_chart(c, EN)


def test_long_charts_draw_the_first_categories_and_say_so():
    svg = charts.render_chart(chart(categories=20), EN)
    assert len([g for g in parse(svg).iter(f"{NS}g") if g.get("data-value")]) == charts.MAX_CATEGORIES
    assert "The chart shows 15 of 20 items" in svg
    small = charts.render_chart(chart(categories=20), VI, compact=True)
    assert "Biểu đồ hiện 8/20 mục" in small


def test_empty_and_single_point_charts_still_draw():
    parse(charts.render_chart(chart(categories=0), VI))
    parse(charts.render_chart(chart("line", categories=1, dates=True), VI))
    zeros = {("m0", f"c{i}"): Cell(0) for i in range(3)}
    svg = charts.render_chart(chart(values=zeros), EN)
    assert svg.count('data-value="0"') == 3


def test_line_charts_space_points_by_date_and_skip_crowded_labels():
    cats = [Category(d.isoformat(), {}, date=d) for d in (dt.date(2023, 1, 1), dt.date(2023, 1, 10),
                                                          dt.date(2024, 1, 1))]
    meas = [Measure("a", {"vi": "A", "en": "A"}, "individual", "reported")]
    values = {("a", c.key): Cell(i + 1) for i, c in enumerate(cats)}
    c = make_chart("t", "line", {"en": "T"}, {"en": "S"}, {"en": "D"}, {"en": "N"}, cats, meas, values)
    svg = charts.render_chart(c, EN)
    xs = [float(x) for x in re.findall(r'<svg x="([0-9.]+)%"', svg)]
    assert xs[0] == charts.LINE_LEFT and xs[-1] == charts.LINE_RIGHT and xs[1] - xs[0] < 3
    labels = re.findall(r'text-anchor="(?:middle|end)" fill="#57606a">(\d{4}-\d\d-\d\d)</text>', svg)
    assert labels == ["2023-01-01", "2024-01-01"], "the crowded middle date is left to the table"


# ---------------------------------------------------------------- fitting a phone (text measured by charts.text_share)

def _money_chart(kind="bar"):
    values = {("m0", "c0"): Cell(200000000, "under", NEARLY), ("m0", "c1"): Cell(150000000)}
    return chart(kind, categories=2, unit="vnd", values=values)


def test_long_values_get_room_beside_the_longest_bar():
    svg = charts.render_chart(_money_chart(), EN)
    widths = [float(w.rstrip("%")) for w in re.findall(r'<g class="chart-mark[^>]*>.*?<rect [^>]*width="([0-9.]+%)"',
                                                        svg)]
    label = "nearly 200,000,000 VND"
    assert label in svg
    assert max(widths) + charts.text_share(label) <= 100, "the value written after the bar fits the phone's width"
    assert max(widths) >= charts.MIN_PLOT
    short = charts.render_chart(chart(), EN)
    assert 'width="72%"' in short, "short values keep the full plot width"


def test_value_axis_labels_do_not_run_together():
    root = parse(charts.render_chart(_money_chart(), VI))
    grid = next(g for g in root.iter(f"{NS}g") if g.get("class") == "chart-grid")
    ticks = [(float(t.get("x").rstrip("%")), t.text) for t in grid.iter(f"{NS}text")]
    lines = [line for line in grid.iter(f"{NS}line")]
    assert [text for _, text in ticks] == ["0", "200.000.000"], "the axis end keeps its label"
    assert len(lines) == 5, "every tick keeps its grid line"
    for (x1, a), (x2, b) in zip(ticks, ticks[1:]):
        assert x2 - x1 >= (charts.text_share(a) + charts.text_share(b)) / 2


@pytest.mark.parametrize("share, labels, stride", [(18.0, ["0", "10", "20", "30", "40"], 1),
                                                   (13.0, ["0", "50.000", "100.000", "150.000", "200.000"], 2),
                                                   (10.0, ["0", "5.000.000", "10.000.000", "15.000.000"], 3),
                                                   (0.0, ["0"], 1)])
def test_tick_stride_divides_the_steps(share, labels, stride):
    assert charts.tick_stride(share, labels) == stride


@pytest.mark.parametrize("text, lines", [
    ("Huyện C", ["Huyện C"]),
    ("Tỉnh Lào Cai (trước ngày 01/7/2025) · đến 31/3/2024", ["Tỉnh Lào Cai (trước ngày 01/7/2025) ·", "đến 31/3/2024"]),
    ("Ban Thường vụ Huyện ủy Ứng Hòa và Ủy ban Kiểm tra Huyện ủy Ứng Hòa",
     ["Ban Thường vụ Huyện ủy Ứng Hòa và Ủy ban", "Kiểm tra Huyện ủy Ứng Hòa"]),
    ("x" * 100, ["x" * 42, "x" * 41 + "…"]),
])
def test_long_labels_wrap_onto_a_second_line(text, lines):
    assert charts.wrap_label(text) == lines
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)


def test_a_wrapped_category_label_keeps_its_full_text_on_hover():
    long = "Tỉnh Lào Cai (trước ngày 01/7/2025) · đến 31/3/2024"
    c = make_chart("t", "bar", {"vi": "T"}, {"vi": "S"}, {"vi": "Địa bàn"}, {"vi": "Số lượng"},
                   [Category("a", {"vi": long})], [Measure("m", {"vi": "M"}, "case", "counted")],
                   {("m", "a"): Cell(5)})
    label = next(t for t in parse(charts.render_chart(c, VI)).iter(f"{NS}text") if t.get("class") == "chart-category")
    assert label.find(f"{NS}title").text == long
    assert [span.text for span in label.iter(f"{NS}tspan")] == charts.wrap_label(long)


@pytest.mark.parametrize("axis, unit, lang, title", [({"vi": "Đồng"}, "vnd", "vi", "Đồng"),
                                                     ({"en": "VND"}, "vnd", "en", "VND"),
                                                     ({"vi": "Số tiền"}, "vnd", "vi", "Số tiền (đồng)"),
                                                     ({"en": "Percent (%)"}, "percent", "en", "Percent (%)"),
                                                     ({"vi": "Số lượng"}, "count", "vi", "Số lượng")])
def test_the_value_axis_says_its_unit_once(axis, unit, lang, title):
    assert charts._axis_title(axis, unit, lang) == title
