"""Statistics end to end: every plotted number recomputed by brute force from the raw content files.

The ``statistics`` fixture site is built once. For every chart's JSON download the expected numbers
are recomputed here straight from the YAML files (public records only, with simple loops that share
no code with ``site_builder``), then the chart's table and SVG in both languages are read back and
compared with the download.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from site_builder import build as build_module
from site_builder.figures import Measure, check_stackable, combine_qualifiers
from site_builder.statistics import compute_statistics

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "statistics"
REPO = Path(__file__).parents[1]
EPOCH = "1750000000"                                     # 2025-06-15
TODAY = dt.date(2025, 6, 15)
KIND_FOLDERS = {"models": "emulation_model", "commendations": "commendation", "inspections": "inspection_result"}


# ---------------------------------------------------------------- building

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("statistics-site")
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    config = build_module.load_project(project, output_dir=root / "out", environ={"SOURCE_DATE_EPOCH": EPOCH})
    build_module.build(config)
    return root / "out"


def chart_documents(out: Path) -> dict[str, dict]:
    """Every chart's JSON download: ``{"statistics/inspections/reported-modes": document}``."""
    found = {}
    for path in sorted(out.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and {"chart", "rows", "measures", "categories"} <= set(document):
            found[path.relative_to(out).as_posix().removesuffix(".json")] = document
    return found


# ---------------------------------------------------------------- the content, read by hand

def load_raw(project: Path) -> dict:
    """Records (public, listed) and data files, read with PyYAML alone."""
    records = []
    for folder, kind in KIND_FOLDERS.items():
        for path in sorted((project / "content" / folder).rglob("*")):
            if path.suffix == ".yaml":
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                items = data["records"] if "records" in data else [data]
            elif path.suffix == ".md":
                front = path.read_text(encoding="utf-8").split("---\n")[1]
                items = [yaml.safe_load(front)]
            else:
                continue
            records += [dict(item, kind=kind) for item in items]
    now = dt.datetime(2025, 6, 15, tzinfo=dt.timezone.utc)

    def public(record):
        embargo = record.get("embargo_until")
        if embargo is not None:
            embargo = embargo if isinstance(embargo, dt.datetime) else dt.datetime.combine(embargo, dt.time())
            if (embargo if embargo.tzinfo else embargo.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))) > now:
                return False
        return record.get("status", "published") not in ("draft", "withdrawn")

    data = {name: yaml.safe_load((project / "content" / "data" / f"{name}.yaml").read_text(encoding="utf-8")) or []
            for name in ("series", "observations", "units", "localities", "documents")}
    return {"records": [r for r in records if public(r)], **data}


def record_year(record) -> int:
    own = (record.get("decision") or {}).get("date") or (record.get("conclusion") or {}).get("signed")
    period = record["period"]
    return (own or period.get("end") or period.get("as_of") or period.get("start") or record["published"]).year


def observations(raw) -> list[dict]:
    """Every reported figure with its place, body and period (a record's figure takes the record's)."""
    found = []
    for item in raw["observations"]:
        period = item.get("period") or {}
        found.append({"key": item.get("id"), "series": item["series"], "value": item["value"],
                      "qualifier": item.get("qualifier", "exact"), "locality": item.get("locality"),
                      "body": item.get("reporting_body"),
                      "period": (period.get("start"), period.get("end"), item.get("as_of") or period.get("as_of"))})
    for record in raw["records"]:
        for item in record.get("statistics", ()):
            period = item.get("period") or ({} if item.get("as_of") else record["period"])
            found.append({"key": None, "series": item["series"], "value": item["value"],
                          "qualifier": item.get("qualifier", "exact"),
                          "locality": item.get("locality") or record["locality"],
                          "body": item.get("reporting_body") or record["inspecting_body"],
                          "period": (period.get("start"), period.get("end"), item.get("as_of") or period.get("as_of"))})
    return found


def place_key(o) -> str:
    return "/".join("" if v is None else str(v) for v in (o["locality"], o["body"], *o["period"]))


def reference(o):
    start, end, as_of = o["period"]
    return end or as_of or start


def zero_filled(counts: dict, categories, measures) -> dict:
    return {(c, m): (counts.get((c, m), 0), "exact") for c in categories for m in measures}


def count_by(items) -> dict:
    counts = Counter()
    for category, measure, amount in items:
        counts[(str(category), measure)] += amount
    return counts


def counted(items) -> dict:
    """Zero-filled counts over every category and measure that occur."""
    items = list(items)
    counts = count_by(items)
    return zero_filled(counts, {str(c) for c, _, _ in items}, {m for _, m, _ in items})


def recipients(record) -> Counter:
    if "recipients" in record:
        return Counter(r["kind"] for r in record["recipients"])
    names = {"collectives": "collective", "individuals": "individual", "households": "household"}
    return Counter({names[k]: v for k, v in record["recipient_counts"].items() if v})


def refers_to(value, identifier) -> bool:
    if isinstance(value, str):
        return value == identifier
    if isinstance(value, dict):
        return any(refers_to(v, identifier) for k, v in value.items() if k not in ("id", "kind"))
    if isinstance(value, list):
        return any(refers_to(v, identifier) for v in value)
    return False


def expected_numbers(raw) -> dict[str, dict]:
    """``{chart path: {(category, measure): (value, qualifier)}}`` for every chart the site should draw."""
    records = raw["records"]
    inspections = [r for r in records if r["kind"] == "inspection_result"]
    single = [r for r in inspections if r["grain"] == "single"]
    obs = observations(raw)
    expected = {}

    def reported(series_ids):
        return {(place_key(o), o["series"]): (o["value"], o["qualifier"]) for o in obs if o["series"] in series_ids}

    page = "statistics/inspections/"
    expected[page + "reported-modes"] = reported({"inspections-planned", "inspections-unannounced"})
    expected[page + "reported-subjects"] = reported({"subjects-inspected", "subjects-violating",
                                                     "subjects-disciplined"})
    expected[page + "counted-modes-by-year"] = counted((record_year(r), r["mode"], 1) for r in single)
    expected[page + "counted-modes-by-locality"] = counted((r["locality"], r["mode"], 1) for r in single)
    for suffix, category in (("year", record_year), ("locality", lambda r: r["locality"])):
        items = []
        for r in single:
            items.append((category(r), "subjects", len(r["subjects"])))
            violation = any(f["class"] == "violation" for f in r.get("findings", ()))
            items.append((category(r), "violating", len(r["subjects"]) if violation else 0))
            items.append((category(r), "disciplined", sum(s.get("target_count", 1) for s in r.get("sanctions", ()))))
        expected[page + f"counted-subjects-by-{suffix}"] = counted(items)

    page = "statistics/commendations/"
    in_force = [r for r in records if r["kind"] == "commendation" and r["state"] in ("decided", "presented")]
    kinds = {k for r in in_force for k, n in recipients(r).items() if n}
    for facet in ("form", "level"):
        expected[page + f"decisions-by-{facet}"] = counted((r[facet], "decisions", 1) for r in in_force)
        counts = count_by((r[facet], k, n) for r in in_force for k, n in recipients(r).items())
        expected[page + f"recipients-by-{facet}"] = zero_filled(counts, {r[facet] for r in in_force}, kinds)
    expected[page + "decisions-by-year"] = counted((record_year(r), r["level"], 1) for r in in_force)
    counts = count_by((record_year(r), k, n) for r in in_force for k, n in recipients(r).items())
    expected[page + "recipients-by-year"] = zero_filled(counts, {str(record_year(r)) for r in in_force}, kinds)

    page = "statistics/models/"
    models = [r for r in records if r["kind"] == "emulation_model"]
    for facet in ("field", "state", "locality"):
        expected[page + f"by-{facet}"] = counted((m[facet], "models", 1) for m in models)
    expected[page + "replication"] = counted((m["id"], "places", len(m["replicated_in"]))
                                             for m in models if m.get("replicated_in"))

    page = "statistics/recommendations/"
    made = [(r, rec) for r in inspections for rec in r.get("recommendations", ())]
    expected[page + "by-body"] = counted((r["inspecting_body"], rec["status"], 1) for r, rec in made)
    expected[page + "by-year"] = counted((record_year(r), rec["status"], 1) for r, rec in made)

    page = "statistics/publication/"
    timely, online = [], []
    for r in single:
        if r["regime"] != "state_inspection":
            continue
        signed = (r.get("conclusion") or {}).get("signed")
        posted = (r.get("publication") or {}).get("posted_on")
        until = (r.get("publication") or {}).get("posted_until")
        year = (signed or dt.date(record_year(r), 1, 1)).year
        if not (signed and posted):
            timely.append((year, "unknown", 1))
            online.append((year, "unknown", 1))
            continue
        timely.append((year, "on_time" if 0 <= (posted - signed).days <= 10 else "late", 1))
        days = ((until or TODAY) - posted).days + 1
        online.append((year, "long_enough" if days >= 15 else "ongoing" if until is None else "too_short", 1))
    measures_timely = ("on_time", "late", "unknown")
    measures_online = ("long_enough", "ongoing", "too_short", "unknown")
    expected[page + "within-10-days"] = zero_filled(count_by(timely), {str(y) for y, _, _ in timely}, measures_timely)
    expected[page + "online-15-days"] = zero_filled(count_by(online), {str(y) for y, _, _ in online}, measures_online)

    for series in raw["series"]:
        own = [o for o in obs if o["series"] == series["id"]]
        page = f"statistics/series/{series['id']}/"
        latest = {}
        for o in own:
            if o["locality"] not in latest or reference(o) > reference(latest[o["locality"]]):
                latest[o["locality"]] = o
        if latest:
            expected[page + "by-locality"] = {(loc or "-", series["id"]): (o["value"], o["qualifier"])
                                             for loc, o in latest.items()}
        dates = defaultdict(set)
        for o in own:
            dates[o["locality"]].add(reference(o))
        drawn = sorted((loc for loc, d in dates.items() if len(d) > 1), key=lambda loc: (-len(dates[loc]), loc))[:6]
        if drawn:  # at most six lines, the localities with the most dates (the fixture has no ties on depth)
            expected[page + "over-time"] = {(reference(o).isoformat(), o["locality"] or "-"):
                                            (o["value"], o["qualifier"]) for o in own if o["locality"] in drawn}

    listed = records  # withdrawn, draft and embargoed ones are already out
    for folder, table in (("localities", "localities"), ("units", "units"), ("documents", "documents")):
        for entity in raw[table]:
            related = [r for r in listed if refers_to({k: v for k, v in r.items() if k != "id"}, entity["id"])]
            if related:
                expected[f"{folder}/{entity['id']}/records-by-year"] = counted(
                    (record_year(r), r["kind"], 1) for r in related)
            if folder == "units":
                own = [rec for r in inspections if r["inspecting_body"] == entity["id"]
                       for rec in r.get("recommendations", ())]
                if own:
                    expected[f"units/{entity['id']}/recommendations"] = counted(
                        (rec["status"], "recommendations", 1) for rec in own)
    return expected


def plotted(document) -> dict:
    return {(row["category"], row["measure"]): (row["value"], row["qualifier"]) for row in document["rows"]}


# ---------------------------------------------------------------- the numbers

def test_every_chart_number_is_recomputed_by_brute_force(built):
    expected = expected_numbers(load_raw(FIXTURE))
    drawn = chart_documents(built)
    assert sorted(drawn) == sorted(expected), "charts drawn differ from the charts the content calls for"
    for path, document in drawn.items():
        assert plotted(document) == expected[path], path


def test_the_fixture_covers_what_the_checks_are_about(built):
    """Guard the fixture: approximate values, a mixed series, zero cells and excluded records all occur."""
    drawn = chart_documents(built)
    qualifiers = {row["qualifier"] for d in drawn.values() for row in d["rows"]}
    assert {"exact", "over", "under", "approx"} <= qualifiers
    assert any(m["subject_kind"] == "mixed" for d in drawn.values() for m in d["measures"])
    assert any(row["value"] == 0 for d in drawn.values() for row in d["rows"])
    text = "".join(p.read_text(encoding="utf-8") for p in built.rglob("*.json") if "statistics" in p.parts)
    for hidden in ("999999", "tt-cam-cong-bo", "tt-da-go", "de-an-nhap"):
        assert hidden not in text, f"{hidden}: a draft, embargoed or withdrawn record was counted"


def test_reported_figures_are_never_added_up(built):
    for path, document in chart_documents(built).items():
        reported = {m["id"] for m in document["measures"] if m["basis"] == "reported"}
        for row in document["rows"]:
            if row["measure"] in reported:
                assert len(row["observations"]) == 1, f"{path}: {row} adds several reported figures"
        if document["kind"] == "stacked":
            kinds = {m["subject_kind"] for m in document["measures"]}
            assert len(kinds) == 1 and "mixed" not in kinds, f"{path} stacks {kinds}"


def test_counted_numbers_name_their_records(built):
    documents = chart_documents(built)
    rows = {(row["category"], row["measure"]): row for row in documents["statistics/models/by-field"]["rows"]}
    assert rows[("admin_reform", "models")]["records"] == ["cach-lam-so-hoa", "mo-hinh-mot-cua"]
    csv_text = (built / "statistics/models/by-field.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and b"\r\n" in csv_text
    assert "cach-lam-so-hoa | mo-hinh-mot-cua" in csv_text.decode("utf-8-sig")


def test_mixed_series_cannot_be_stacked():
    mixed = Measure("a", {"vi": "a"}, "mixed", "reported")
    with pytest.raises(ValueError):
        check_stackable([mixed])
    with pytest.raises(ValueError):
        check_stackable([Measure("o", {"vi": "o"}, "organization", "counted"),
                         Measure("i", {"vi": "i"}, "individual", "counted")])
    check_stackable([Measure("p", {"vi": "p"}, "case", "counted"), Measure("u", {"vi": "u"}, "case", "counted")])


@pytest.mark.parametrize("parts, total", [(["exact", "exact"], "exact"), (["exact", "under"], "under"),
                                          (["over", "over", "exact"], "over"), (["under", "over"], "approx"),
                                          (["approx", "exact"], "approx")])
def test_a_sum_keeps_the_qualifier_of_its_parts(parts, total):
    assert combine_qualifiers(parts) == total


# ---------------------------------------------------------------- the pages: table and SVG agree with the data

class _ChartPage(HTMLParser):
    """Collects, per chart id, the SVG marks' and the table cells' (category, measure) -> value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svg: dict[str, dict] = defaultdict(dict)
        self.table: dict[str, dict] = defaultdict(dict)
        self._svg = self._table = self._row = None
        self._depth, self._svg_depth = 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._depth += 1
        if tag == "svg" and "data-chart" in attrs:
            self._svg, self._svg_depth = attrs["data-chart"], self._depth
        elif tag == "g" and self._svg and "data-value" in attrs:
            self.svg[self._svg][(attrs["data-category"], attrs["data-measure"])] = (
                float(attrs["data-value"]), attrs["data-qualifier"], "approx" in attrs.get("class", ""))
        elif tag == "table" and "data-chart" in attrs:
            self._table = attrs["data-chart"]
        elif tag == "tr" and self._table:
            self._row = attrs.get("data-category")
        elif tag == "td" and self._table and self._row is not None and "data-measure" in attrs \
                and "data-value" in attrs:
            self.table[self._table][(self._row, attrs["data-measure"])] = (
                float(attrs["data-value"]), attrs["data-qualifier"])

    def handle_endtag(self, tag):
        if tag == "svg":
            if self._depth == self._svg_depth:
                self._svg = None
            self._depth -= 1
        elif tag == "table":
            self._table = None


def _svg_blocks(html: str) -> list[str]:
    """The outer chart SVGs of a page (they contain nested <svg> markers, so match by depth)."""
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"<svg\b[^>]*>|</svg>", html):
        if match.group().startswith("</"):
            depth -= 1
            if depth == 0:
                blocks.append(html[start:match.end()])
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    return [b for b in blocks if 'role="img"' in b.split(">", 1)[0]]


def _page_of(out: Path, chart_path: str, lang: str) -> Path:
    folder = chart_path.rsplit("/", 1)[0]
    return out / (folder if lang == "vi" else f"{lang}/{folder}") / "index.html"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tables_and_svg_show_the_downloaded_numbers(built, lang):
    for path, document in chart_documents(built).items():
        html = _page_of(built, path, lang).read_text(encoding="utf-8")
        parser = _ChartPage()
        parser.feed(html)
        rows = {key: (float(value), qualifier) for key, (value, qualifier) in plotted(document).items()}
        assert parser.table[document["chart"]] == rows, f"{lang} {path}: table"
        limit = 15 if path.startswith("statistics/") else 8  # entity pages draw small charts
        shown = {c["id"] for c in document["categories"][:limit]} if document["kind"] != "line" \
            else {c["id"] for c in document["categories"]}
        marks = {key: (value, qualifier) for key, (value, qualifier, _) in parser.svg[document["chart"]].items()}
        drawn = {k: v for k, v in rows.items() if k[0] in shown and not (document["kind"] == "stacked" and v[0] == 0)}
        assert marks == drawn, f"{lang} {path}: svg (zero segments of a stacked bar are not drawn)"
        for (value, qualifier, dashed) in parser.svg[document["chart"]].values():
            assert dashed == (qualifier != "exact"), f"{lang} {path}: approximate marks are drawn apart"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_is_valid_accessible_svg(built, lang):
    words = {"vi": ("gần", "hơn", "khoảng"), "en": ("nearly", "over", "about")}[lang]
    pages = [p for p in built.rglob("index.html") if (p.relative_to(built).parts[0] == "en") == (lang == "en")]
    seen = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for block in _svg_blocks(html):
            seen += 1
            root = ET.fromstring(block)
            ns = "{http://www.w3.org/2000/svg}"
            assert root.get("role") == "img"
            title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
            assert title is not None and title.text.strip() and desc is not None and desc.text.strip()
            assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            assert html.count(f'id="{title.get("id")}"') == 1, f"{page}: duplicate chart ids"
            assert "style=" not in block and "<script" not in block
            for mark in root.iter(f"{ns}g"):
                if mark.get("data-value") is not None:
                    tip = mark.find(f"{ns}title")
                    assert tip is not None and tip.text, "every value is readable on hover"
                    if mark.get("data-qualifier") != "exact":
                        assert any(word in tip.text for word in words), tip.text
    assert seen > 40


def test_axis_labels_and_numbers_follow_the_page_language(built):
    vi = (built / "statistics/series/cadres-registered/index.html").read_text(encoding="utf-8")
    en = (built / "en/statistics/series/cadres-registered/index.html").read_text(encoding="utf-8")
    assert "88.578" in vi and "hơn 80.000" in vi and "Ngày số liệu" in vi
    assert "88,578" in en and "over 80,000" in en and "Date of the figure" in en
    assert "gần 200.000.000 đồng" in (built / "statistics/series/funds-raised/index.html").read_text(encoding="utf-8")
    assert "86.5%" in (built / "en/statistics/series/satisfaction/index.html").read_text(encoding="utf-8")


def test_downloads_are_linked_from_their_page_and_exist(built):
    html = (built / "en/statistics/inspections/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="/sub/(statistics/inspections/[a-z0-9-]+\.(?:csv|json))"', html)
    assert links and all((built / link).is_file() for link in links)
    hoang = (built / "localities/huyen-b/index.html").read_text(encoding="utf-8")
    assert 'href="/sub/localities/huyen-b/records-by-year.csv"' in hoang


def test_statistics_output_is_reproducible(tmp_path):
    outputs = []
    for name in ("a", "b"):
        project = tmp_path / f"project-{name}"
        shutil.copytree(FIXTURE, project)
        config = build_module.load_project(project, output_dir=tmp_path / f"out-{name}",
                                           environ={"SOURCE_DATE_EPOCH": EPOCH})
        build_module.build(config)
        root = tmp_path / f"out-{name}"
        outputs.append({p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                        if p.is_file() and ("statistics" in p.parts or p.suffix in (".csv", ".json"))})
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- figures that cannot be placed

def test_doubtful_figures_are_warnings_with_file_and_line(fixture_site):
    project = fixture_site("statistics")
    extra = ("\n- series: satisfaction\n  value: 120\n  locality: tinh-d\n  as_of: 2024-12-31\n"
             "- series: cadres-registered\n  value: 12\n  locality: huyen-c\n"
             "- series: funds-raised\n  value: 150000000\n  qualifier: under\n  locality: huyen-c\n"
             "  period: {start: 2024-01-01, end: 2024-12-31}\n")
    path = project / "content" / "data" / "observations.yaml"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    config = build_module.load_project(project, output_dir=project.parent / "out", environ={"SOURCE_DATE_EPOCH": EPOCH})
    report = build_module.build(config)
    messages = [p.format() for p in report.warnings if p.location.path == "content/data/observations.yaml"]
    assert f"content/data/observations.yaml:{lines + 2}:3: warning: value: 120 is not a percentage " \
           "(percent series take values from 0 to 100)" in messages
    assert any(m.startswith(f"content/data/observations.yaml:{lines + 6}:3: warning: period: has no period or "
                            "as_of date") for m in messages), messages
    assert any(f":{lines + 9}:" in m and "differs from 200000000" in m for m in messages), messages


# ---------------------------------------------------------------- the sample content

def test_the_sample_site_shows_the_seed_figures():
    config = build_module.load_project(REPO, environ={"SOURCE_DATE_EPOCH": "1767225600"})
    problems, site = build_module.check(config)
    assert site is not None, [p.format() for p in problems if p.is_error]
    stats = compute_statistics(site)
    values = {(o.series, o.locality): o.value for o in stats.observations}
    assert values[("inspections-planned", "quan-hoang-mai")] == 20
    assert values[("inspections-unannounced", "quan-hoang-mai")] == 29
    assert [values[(s, "ha-noi")] for s in ("party-inspections-supervisions", "subjects-inspected",
                                            "subjects-violating", "subjects-disciplined")] == [1520, 3313, 873, 368]
    assert values[("units-registering-models", "tinh-lao-cai-truoc-2025")] == 633
    assert values[("cadres-registered-example", "tinh-lao-cai-truoc-2025")] == 88578
    headline = {f.value: f for f in stats.headlines}
    assert headline[1520].records == ("ha-noi-kiem-tra-giam-sat-dang-1-nam-ct24",)
    assert {p.slug for p in stats.pages} >= {"", "inspections", "commendations", "models", "recommendations",
                                             "publication", "series/subjects-inspected"}


# ---------------------------------------------------------------- downloads agree with the open-data exports

def _csv_rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), path
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_reported_figures_download_agrees_with_the_open_data_export(built):
    """/statistics/observations.csv holds every figure of /data/observations.csv with the same values in the
    columns both have (its as_of in period.as_of), then the figures of aggregate records, and every reported
    number of a chart points at one of its rows."""
    exported = _csv_rows(built / "data" / "observations.csv")
    figures = {row["id"]: row for row in _csv_rows(built / "statistics" / "observations.csv")}
    shared = (set(exported[0]) & set(next(iter(figures.values())))) - {"period.as_of", "qualifier"}
    assert {"series", "value", "locality", "locality.name", "reporting_body", "period.start",
            "source.url", "note.vi"} <= shared
    for row in exported:
        figure = figures[row["id"]]
        assert {c: figure[c] for c in shared} == {c: row[c] for c in shared}, row["id"]
        assert figure["period.as_of"] == (row["period.as_of"] or row["as_of"]), row["id"]
        assert figure["qualifier"] == (row["qualifier"] or "exact"), row["id"]  # the export keeps it as written
    raw = load_raw(FIXTURE)
    from_records = [f"{r['id']}#{n}" for r in raw["records"] for n, _ in enumerate(r.get("statistics", ()), 1)]
    assert from_records and set(figures) == {row["id"] for row in exported} | set(from_records)
    as_json = json.loads((built / "statistics" / "observations.json").read_text(encoding="utf-8"))["observations"]
    assert [row["id"] for row in as_json] == list(figures)
    for path, document in chart_documents(built).items():
        for row in document["rows"]:
            assert set(row["observations"]) <= set(figures), path
