"""Charts drawn at build time as inline, accessible SVG: grouped and stacked horizontal bars, lines.

No JavaScript. Every number is written beside its bar (or above its point), in the mark's
``<title>`` (shown on hover), in the chart's ``<desc>``, and in the data table the template puts
beside each chart. Horizontal positions are percentages of the chart's width and vertical ones
are pixels, so text keeps its size from a phone to a desktop. Colours are the Okabe-Ito palette
(distinguishable with colour blindness); from the second measure on, marks also carry a pattern
(stripes, dots, lines) or a marker shape so they stay apart when printed in greyscale.
Approximate values (nearly, over, about) get a dashed outline, a lighter fill or a hollow marker,
and their qualifier word. Pure: a chart and a language in, SVG text out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape
from typing import Callable

from .figures import Cell, Chart
from .present import pick

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
INK, MUTED, GRID = "#1b1f24", "#57606a", "#d0d7de"
MAX_CATEGORIES, MAX_CATEGORIES_COMPACT, MAX_MEASURES = 15, 8, len(PALETTE)
WHOLE_UNITS = ("count", "vnd")
PLOT, MIN_PLOT = 72.0, 45.0       # % of the width the longest bar may take; the rest is for its value
#: Text is measured against the narrowest chart drawn (a 360 px phone less the page margins), at about
#: CHAR_PX a character: what does not fit there is wrapped, thinned or given more room.
NARROW_PX, CHAR_PX = 320, 7.2
LABEL_CHARS = 42                  # category and legend labels longer than this wrap onto a second line
ROW, BAR, GAP, FONT = 19, 17, 3, 14
LINE_LEFT, LINE_RIGHT, LINE_HEIGHT, LABEL_GAP = 16.0, 94.0, 180, 30.0
UNIT_SUFFIX = {"percent": {"vi": "%", "en": "%"}, "vnd": {"vi": " đồng", "en": " VND"},
               "m2": {"vi": " m²", "en": " m²"}}
KIND_WORDS = {"bar": {"vi": "Biểu đồ cột ngang", "en": "Horizontal bar chart"},
              "stacked": {"vi": "Biểu đồ cột chồng", "en": "Stacked bar chart"},
              "line": {"vi": "Biểu đồ đường", "en": "Line chart"}}
APPROX_NOTE = {"vi": "Viền đứt: số ước tính (gần, hơn, khoảng)", "en": "Dashed: approximate (nearly, over, about)"}
TRUNCATED = {"vi": "Biểu đồ hiện {shown}/{total} mục; bảng bên dưới có đủ.",
             "en": "The chart shows {shown} of {total} items; the table below has them all."}
#: Short date patterns (CLDR) for axis labels and periods; the theme formats them with Babel.
DATE_PATTERNS = {"vi": "d/M/y", "en": "d MMM y"}
AS_OF = {"vi": "đến", "en": "as of"}


@dataclass(frozen=True)
class Formats:
    """How one language writes numbers (1.520 / 1,520) and short dates; given by the theme, which
    owns Babel. The defaults (plain digits, ISO dates) are for tests and tools."""

    lang: str
    number: Callable[[float], str] = str
    date: Callable[[dt.date], str] = dt.date.isoformat


# ---------------------------------------------------------------- words and numbers

def format_value(cell: Cell | None, unit: str, fmt: Formats) -> str:
    """``gần 200.000.000 đồng``, ``1,520``, ``86,5%``; an em dash for no figure."""
    if cell is None:
        return "—"
    text = fmt.number(cell.value) + UNIT_SUFFIX.get(unit, {}).get(fmt.lang, "")
    if cell.approximate and cell.qualifier_label:
        text = pick(cell.qualifier_label, fmt.lang)[0] + " " + text
    return text


def format_period(period, fmt: Formats) -> str:
    """``7/8/2023–7/8/2024`` or ``đến 31/3/2024``; empty when there is no date."""
    if not period:
        return ""
    start, end, as_of = period
    if start and end:
        return f"{fmt.date(start)}–{fmt.date(end)}"
    if as_of or end:
        return f"{AS_OF.get(fmt.lang, 'as of')} {fmt.date(as_of or end)}"
    return f"{fmt.date(start)}–" if start else ""


def category_text(category, fmt: Formats, with_period: bool = True) -> str:
    if category.date is not None:
        return fmt.date(category.date)
    text = pick(category.label, fmt.lang)[0]
    period = format_period(category.period, fmt) if with_period else ""
    return f"{text} · {period}" if text and period else text or period


def nice_scale(maximum: float, steps: int = 4, whole: bool = True) -> tuple[float, float]:
    """A round axis end and tick step at or above ``maximum``: 29 -> (30, 10), 1520 -> (1600, 400);
    with ``whole`` (counts, money) the step is never a fraction."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if whole and magnitude <= 1 else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    return step * math.ceil(maximum / step - 1e-9), step


def _num(value: float) -> str:
    """A coordinate with at most three decimals and no trailing zeros (stable across builds)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_share(text: str) -> float:
    """About how many % of the narrowest chart ``text`` takes."""
    return 100 * len(text) * CHAR_PX / NARROW_PX


def wrap_label(text: str, limit: int = LABEL_CHARS) -> list[str]:
    """One line, or two when ``text`` is longer than ``limit`` (cut after "·" or a space; the second
    line is clipped), so category and legend labels stay inside a phone's width."""
    if len(text) <= limit:
        return [text]
    cut = text.rfind(" · ", 0, limit + 1)
    if cut > 0:
        first, rest = text[:cut + 2], text[cut + 3:]
    else:
        cut = text.rfind(" ", 0, limit + 1)
        first, rest = (text[:cut], text[cut + 1:]) if cut > 0 else (text[:limit], text[limit:])
    return [first.rstrip(), _clip(rest.strip(), limit)]


def _tspans(lines: list[str], x: str, line_height: int) -> str:
    """The lines of a ``<text>`` at ``x``, each ``line_height`` px below the one before."""
    if len(lines) == 1:
        return escape(lines[0])
    return "".join(f'<tspan x="{x}" dy="{0 if i == 0 else line_height}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))


def tick_stride(step_share: float, labels: list[str]) -> int:
    """Label every n-th tick of a value axis (``labels`` of ticks ``step_share`` % apart) so that the
    labels do not run together on a phone; n divides the number of steps, so the axis end keeps its
    label: 0, 100.000.000, 200.000.000 or just 0 and 200.000.000."""
    steps = len(labels) - 1
    if steps < 1 or step_share <= 0:
        return 1
    needed = (max(text_share(label) for label in labels) + 3) / step_share
    return next((n for n in range(1, steps + 1) if n >= needed and steps % n == 0), steps)


# ---------------------------------------------------------------- drawing

def render_chart(chart: Chart, fmt: Formats, compact: bool = False) -> str:
    """The chart as an ``<svg role="img">`` with a title, a description and readable values."""
    lang = fmt.lang
    limit = MAX_CATEGORIES_COMPACT if compact else MAX_CATEGORIES
    shown = chart.categories[:limit] if chart.kind != "line" else chart.categories
    measures = chart.measures[:MAX_MEASURES]
    prefix = f"chart-{chart.id}"
    title = pick(chart.title, lang)[0]
    parts: list[str] = [_defs(prefix, len(measures))]
    y = 0
    y = _legend(parts, chart, measures, prefix, fmt, y)
    if chart.kind == "line":
        y = _lines(parts, chart, measures, fmt, y)
    else:
        y = _bars(parts, chart, measures, shown, prefix, fmt, y)
    if len(shown) < len(chart.categories):
        y += 6
        note = TRUNCATED.get(lang, TRUNCATED["en"]).format(shown=len(shown), total=len(chart.categories))
        parts.append(f'<text class="chart-note" x="0" y="{y + FONT}" fill="{MUTED}">{escape(note)}</text>')
        y += ROW
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" role="img" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" width="100%" height="{y + 4}" '
            f'font-size="{FONT}" data-chart="{escape(chart.id)}">'
            f'<title id="{prefix}-title">{escape(title)}</title>'
            f'<desc id="{prefix}-desc">{escape(describe(chart, fmt, shown, measures))}</desc>')
    return head + "".join(parts) + "</svg>"


def describe(chart: Chart, fmt: Formats, categories=None, measures=None) -> str:
    """The chart in words: its kind, title, summary and every plotted value."""
    lang = fmt.lang
    categories = chart.categories if categories is None else categories
    measures = chart.measures if measures is None else measures
    words = [f"{KIND_WORDS[chart.kind].get(lang, KIND_WORDS[chart.kind]['en'])}: {pick(chart.title, lang)[0]}."]
    if chart.summary:
        words.append(pick(chart.summary, lang)[0])
    index = {c.key: i for i, c in enumerate(chart.categories)}
    rows = []
    for category in categories:
        i = index[category.key]
        values = [f"{pick(m.label, lang)[0]} {format_value(chart.cells[k][i], chart.unit, fmt)}"
                  for k, m in enumerate(measures) if chart.cells[k][i] is not None]
        if values:
            rows.append(f"{category_text(category, fmt)}: {', '.join(values)}")
    words.append("; ".join(rows) + ".")
    return " ".join(words)


def _defs(prefix: str, count: int) -> str:
    """Patterns that tell measures apart in greyscale (the first measure is plain)."""
    shapes = ('<rect width="2.5" height="6" fill="#fff" fill-opacity="0.7"/>',
              '<circle cx="3" cy="3" r="1.4" fill="#fff" fill-opacity="0.8"/>',
              '<rect width="6" height="2" fill="#fff" fill-opacity="0.7"/>',
              '<rect width="2" height="6" fill="#fff" fill-opacity="0.7"/><rect width="6" height="2" fill="#fff" '
              'fill-opacity="0.7"/>')
    patterns = []
    for index in range(1, count):
        rotate = ' patternTransform="rotate(45)"' if index % 4 == 1 else ""
        patterns.append(f'<pattern id="{prefix}-p{index}" width="6" height="6" patternUnits="userSpaceOnUse"{rotate}>'
                        f'{shapes[(index - 1) % len(shapes)]}</pattern>')
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def _swatch(prefix: str, index: int, x: str, y: float, width: str, height: float, approximate: bool = False) -> str:
    colour = PALETTE[index % len(PALETTE)]
    outline = f' stroke="{INK}" stroke-width="1.2" stroke-dasharray="3 2"' if approximate else ""
    opacity = ' fill-opacity="0.45"' if approximate else ""
    marks = f'<rect x="{x}" y="{_num(y)}" width="{width}" height="{_num(height)}" fill="{colour}"{opacity}{outline}/>'
    if index:
        marks += f'<rect x="{x}" y="{_num(y)}" width="{width}" height="{_num(height)}" fill="url(#{prefix}-p{index})"/>'
    return marks


def _legend(parts: list[str], chart: Chart, measures, prefix: str, fmt: Formats, y: int) -> int:
    lang = fmt.lang
    rows = [(i, pick(m.label, lang)[0], False) for i, m in enumerate(measures)] if len(measures) > 1 else []
    if any(cell is not None and cell.approximate for row in chart.cells for cell in row):
        rows.append((0, APPROX_NOTE.get(lang, APPROX_NOTE["en"]), True))
    if not rows:
        return y
    parts.append('<g class="chart-legend">')
    for index, label, approximate in rows:
        if chart.kind == "line" and not approximate:
            parts.append(f'<line x1="0" x2="16" y1="{y + 8}" y2="{y + 8}" stroke="{PALETTE[index]}" '
                         f'stroke-width="2.5"/><svg x="8" y="{y + 8}" width="1" height="1" overflow="visible">'
                         f'{_marker(index, False)}</svg>')
        elif approximate and chart.kind == "line":
            parts.append(f'<svg x="8" y="{y + 8}" width="1" height="1" overflow="visible">{_marker(0, True)}</svg>')
        else:
            parts.append(_swatch(prefix, index, "0", y + 1, "16", 14, approximate))
        lines = wrap_label(label)
        parts.append(f'<text x="22" y="{y + 12}" fill="{INK}">{_tspans(lines, "22", ROW)}</text>')
        y += ROW * len(lines) + 2
    parts.append("</g>")
    return y + 6


def _bars(parts: list[str], chart: Chart, measures, shown, prefix: str, fmt: Formats, y: int) -> int:
    lang = fmt.lang
    stacked = chart.kind == "stacked"
    index = {c.key: i for i, c in enumerate(chart.categories)}
    if stacked:
        peak = max((chart.total(index[c.key]).value for c in shown if chart.total(index[c.key])), default=0)
    else:
        peak = max((cell.value for row in chart.cells[:len(measures)] for cell in
                    (row[index[c.key]] for c in shown) if cell is not None), default=0)
    axis_end, step = nice_scale(peak, whole=chart.unit in WHOLE_UNITS)
    plot = _plot_share(chart, measures, shown, index, fmt)
    scale = lambda value: plot * value / axis_end  # noqa: E731
    top = y
    rows: list[str] = []
    for category in shown:
        i = index[category.key]
        label = category_text(category, fmt)
        lines = wrap_label(label)
        rows.append(f'<text class="chart-category" x="0" y="{y + FONT}" fill="{INK}" stroke="#fff" stroke-width="4" '
                    f'paint-order="stroke">'
                    f'<title>{escape(label)}</title>{_tspans(lines, "0", ROW)}</text>')
        y += ROW * len(lines) + 1
        if stacked:
            start = 0.0
            for k, measure in enumerate(measures):
                cell = chart.cells[k][i]
                if cell is None or cell.value == 0:
                    continue
                width = scale(cell.value)
                inside = len(measures) > 1 and width >= max(9.0, text_share(format_value(cell, chart.unit, fmt)) + 2)
                rows.append(_mark(chart, category, measure, cell, fmt, prefix, k, start, width, y, BAR + 4,
                                  inside=inside))
                start += width
            total = chart.total(i)
            rows.append(f'<text class="chart-value" x="{_num(start)}%" dx="5" y="{y + BAR - 1}" fill="{INK}" '
                        f'font-weight="600">{escape(format_value(total, chart.unit, fmt))}</text>')
            y += BAR + 4 + GAP + 6
        else:
            for k, measure in enumerate(measures):
                cell = chart.cells[k][i]
                width = scale(cell.value) if cell is not None else 0
                rows.append(_mark(chart, category, measure, cell, fmt, prefix, k, 0.0, width, y, BAR))
                rows.append(f'<text class="chart-value" x="{_num(width)}%" dx="5" y="{y + BAR - 3}" fill="{INK}">'
                            f'{escape(format_value(cell, chart.unit, fmt))}</text>')
                y += BAR + GAP
            y += 6
    grid = []
    ticks = range(0, int(round(axis_end / step)) + 1)
    stride = tick_stride(scale(step), [fmt.number(tick * step) for tick in ticks])
    for tick in ticks:
        x = _num(scale(tick * step))
        grid.append(f'<line x1="{x}%" x2="{x}%" y1="{top}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        if tick % stride:
            continue  # too long to write at every tick on a phone; the grid line stays
        anchor = "start" if tick == 0 else "middle"
        grid.append(f'<text x="{x}%" y="{y + FONT + 2}" text-anchor="{anchor}" fill="{MUTED}">'
                    f'{escape(fmt.number(tick * step))}</text>')
    parts.append(f'<g class="chart-grid" aria-hidden="true">{"".join(grid)}</g>')
    parts.extend(rows)
    y += FONT + 8
    parts.append(f'<text class="chart-axis" x="{_num(plot / 2)}%" y="{y + FONT}" text-anchor="middle" fill="{MUTED}">'
                 f'{escape(_axis_title(chart.value_axis, chart.unit, lang))}</text>')
    return y + ROW


def _plot_share(chart: Chart, measures, shown, index, fmt: Formats) -> float:
    """The % of the width bars may take: :data:`PLOT`, less when the longest value written after a bar
    ("gần 200.000.000 đồng") would not fit beside it on a phone (never under :data:`MIN_PLOT`)."""
    if chart.kind == "stacked":
        cells = [chart.total(index[c.key]) for c in shown]
    else:
        cells = [row[index[c.key]] for row in chart.cells[:len(measures)] for c in shown]
    widest = max((text_share(format_value(cell, chart.unit, fmt)) for cell in cells if cell is not None), default=0)
    return max(MIN_PLOT, min(PLOT, 100 - widest - 3))


def _axis_title(axis, unit: str, lang: str) -> str:
    """The value axis' title with its unit ("Số lượng", "Phần trăm (%)", "Đồng"), the unit said once."""
    text = pick(axis, lang)[0]
    suffix = UNIT_SUFFIX.get(unit, {}).get(lang, "").strip()
    return f"{text} ({suffix})" if suffix and suffix.casefold() not in text.casefold() else text


def _mark(chart: Chart, category, measure, cell: Cell | None, fmt: Formats, prefix: str, k: int, start: float,
          width: float, y: int, height: int, inside: bool = False) -> str:
    """One bar or segment, with its value in a <title> and data attributes."""
    lang = fmt.lang
    value = format_value(cell, chart.unit, fmt)
    tip = f"{category_text(category, fmt)} – {pick(measure.label, lang)[0]}: {value}"
    attrs = (f'class="chart-mark{" approx" if cell is not None and cell.approximate else ""}" '
             f'data-category="{escape(category.key)}" data-measure="{escape(measure.key)}"')
    if cell is not None:
        attrs += f' data-value="{cell.value}" data-qualifier="{cell.qualifier}"'
    body = f"<title>{escape(tip)}</title>"
    if cell is not None and width > 0:
        body += _swatch(prefix, k, f"{_num(start)}%", y, f"{_num(max(width, 0.4))}%", height, cell.approximate)
        if inside:
            body += (f'<text x="{_num(start + width / 2)}%" y="{y + height - 5}" text-anchor="middle" fill="{INK}" '
                     f'stroke="#fff" stroke-width="3" paint-order="stroke" font-size="12" pointer-events="none">'
                     f'{escape(format_value(cell, chart.unit, fmt))}</text>')
    return f"<g {attrs}>{body}</g>"


def _marker(index: int, approximate: bool) -> str:
    """A point marker in px around (0, 0): circle, square, triangle, diamond ... so lines differ in greyscale."""
    colour = PALETTE[index % len(PALETTE)]
    fill = "#fff" if approximate else colour
    dash = ' stroke-dasharray="2 1.5"' if approximate else ""
    stroke = f'stroke="{colour if not approximate else INK}" stroke-width="1.8"{dash}'
    shape = index % 4
    if shape == 0:
        return f'<circle r="4.5" fill="{fill}" {stroke}/>'
    if shape == 1:
        return f'<rect x="-4" y="-4" width="8" height="8" fill="{fill}" {stroke}/>'
    if shape == 2:
        return f'<path d="M0 -5 L4.8 3.5 L-4.8 3.5 Z" fill="{fill}" {stroke}/>'
    return f'<path d="M0 -5.5 L5.5 0 L0 5.5 L-5.5 0 Z" fill="{fill}" {stroke}/>'


def _spaced(xs: list[float], gap: float) -> list[int]:
    """Indexes of the axis labels to write: the first and the last, and those between that stay at
    least ``gap`` % away from their neighbours (the first and last points are always far apart)."""
    if len(xs) < 2:
        return list(range(len(xs)))
    chosen, last = [0], len(xs) - 1
    for i in range(1, last):
        if xs[i] - xs[chosen[-1]] >= gap and xs[last] - xs[i] >= gap:
            chosen.append(i)
    return chosen + [last]


def _lines(parts: list[str], chart: Chart, measures, fmt: Formats, y: int) -> int:
    lang = fmt.lang
    categories = chart.categories
    peak = max((cell.value for row in chart.cells[:len(measures)] for cell in row if cell is not None), default=0)
    axis_end, step = nice_scale(peak, whole=chart.unit in WHOLE_UNITS)
    top, bottom = y + 8, y + 8 + LINE_HEIGHT
    ys = lambda value: bottom - (bottom - top) * value / axis_end  # noqa: E731
    dates = [c.date for c in categories]
    if len(categories) > 1 and all(dates):
        span = (dates[-1] - dates[0]).days or 1
        xs = [LINE_LEFT + (LINE_RIGHT - LINE_LEFT) * (d - dates[0]).days / span for d in dates]
    else:
        xs = [LINE_LEFT + (LINE_RIGHT - LINE_LEFT) * (i + 0.5) / len(categories) for i in range(len(categories))]
    grid = []
    for tick in range(0, int(round(axis_end / step)) + 1):
        gy = _num(ys(tick * step))
        grid.append(f'<line x1="0" x2="100%" y1="{gy}" y2="{gy}" stroke="{GRID}" stroke-width="1"/>'
                    f'<text x="0" y="{_num(ys(tick * step) - 3)}" fill="{MUTED}">'
                    f'{escape(fmt.number(tick * step))}</text>')
    for i in _spaced(xs, LABEL_GAP):
        last = i == len(categories) - 1 and i > 0
        grid.append(f'<text x="{_num(min(xs[i] + 3, 100) if last else xs[i])}%" y="{bottom + FONT + 6}" '
                    f'text-anchor="{"end" if last else "middle"}" fill="{MUTED}">'
                    f'{escape(category_text(categories[i], fmt))}</text>')
    parts.append(f'<g class="chart-grid" aria-hidden="true">{"".join(grid)}</g>')
    labelled = set(_spaced(xs, LABEL_GAP * 0.75)) if len(measures) <= 3 else set()  # values written beside points
    for k, measure in enumerate(measures):
        colour = PALETTE[k % len(PALETTE)]
        points = [(i, chart.cells[k][i]) for i in range(len(categories)) if chart.cells[k][i] is not None]
        for (i, a), (j, b) in zip(points, points[1:]):
            dash = ' stroke-dasharray="6 4"' if a.approximate or b.approximate else ""
            parts.append(f'<line x1="{_num(xs[i])}%" y1="{_num(ys(a.value))}" x2="{_num(xs[j])}%" '
                         f'y2="{_num(ys(b.value))}" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for i, cell in points:
            value = format_value(cell, chart.unit, fmt)
            tip = f"{category_text(categories[i], fmt)} – {pick(measure.label, lang)[0]}: {value}"
            last = i == len(categories) - 1 and i > 0
            anchor = "start" if i == 0 and len(categories) > 1 else "end" if last else "middle"
            label = "" if i not in labelled else (
                f'<text y="-9" x="{-6 if anchor == "start" else 6 if anchor == "end" else 0}" '
                f'text-anchor="{anchor}" fill="{INK}" stroke="#fff" stroke-width="3" '
                f'paint-order="stroke" font-size="12" pointer-events="none">{escape(value)}</text>')
            parts.append(f'<g class="chart-mark{" approx" if cell.approximate else ""}" '
                         f'data-category="{escape(categories[i].key)}" data-measure="{escape(measure.key)}" '
                         f'data-value="{cell.value}" data-qualifier="{cell.qualifier}"><title>{escape(tip)}</title>'
                         f'<svg x="{_num(xs[i])}%" y="{_num(ys(cell.value))}" width="1" height="1" overflow="visible">'
                         f'{_marker(k, cell.approximate)}{label}</svg></g>')
    y = bottom + FONT + 14
    parts.append(f'<text class="chart-axis" x="50%" y="{y + FONT}" text-anchor="middle" fill="{MUTED}">'
                 f'{escape(pick(chart.category_axis, lang)[0])} · '
                 f'{escape(_axis_title(chart.value_axis, chart.unit, lang))}</text>')
    return y + ROW
