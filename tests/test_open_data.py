"""Open data, feeds and discovery, checked on a built site.

The ``each-kind`` fixture (it has an embargoed, a draft and a withdrawn record, people under each
``publish`` policy and an attachment) plus two files written here: an embargoed commendation that a
public model claims as its recognition, and that model's ``aliases``. Built once for the module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from jsonschema import Draft202012Validator

from site_builder import tables
from site_builder.kinds import KINDS

from conftest import FIXTURES, build_fixture

BASE = "https://example.org/"
EMBARGOED = ("cam-cong-bo-zq", "khen-bi-mat-zq")
DRAFT = "ban-nhap-zq"
WITHDRAWN = "mo-hinh-da-go"

SECRET_COMMENDATION = """\
---
id: khen-bi-mat-zq
title: "Quyết định khen thưởng chưa được công bố zq"
locality: ha-noi
units: [ubnd-tp-ha-noi]
period: {as_of: 2024-12-31}
sources:
  - url: https://bao.example.vn/nguon/khen-bi-mat
published: 2025-01-05
aliases: [khen-cu-zq, /cu/khen-zq/]
embargo_until: 2099-01-01T08:00:00
decision: {number: "99/QĐ-UBND", date: 2024-12-30, issuer: ubnd-tp-ha-noi}
form: bang_khen
level: ministry_province
recipient_counts: {collectives: 1}
state: decided
---
Khen thưởng bí mật zq.
"""

RENAMED_MODEL = """\
---
id: mo-hinh-doi-ten
title: {vi: "Mô hình “Dân vận khéo” ở Đông Anh (đã đổi tên)", en: "Skilled mass mobilisation in Dong Anh (renamed)"}
summary: {vi: "Hồ sơ đã đổi mã; địa chỉ cũ vẫn dẫn tới đây.", en: "The record was renamed; its old address still leads here."}
locality: huyen-dong-anh
units: [ubnd-huyen-dong-anh]
period: {start: 2024-02-01, end: 2024-11-30}
tags: ["dân vận", "đổi tên"]
sources:
  - url: https://bao.example.vn/nguon/doi-ten
published: 2024-12-10
aliases: [mo-hinh-ten-cu, /cu/duong-dan-cu/]
category: mo_hinh
field: mass_mobilisation
owner_units: [ubnd-huyen-dong-anh]
state: running
recognition: [cd-bang-khen-dong-anh, khen-bi-mat-zq]
---
Nội dung mô hình đổi tên.
"""


def make_project(root: Path) -> Path:
    project = root / "open-data"
    shutil.copytree(FIXTURES / "each-kind", project)
    (project / "content" / "commendations" / "khen-bi-mat-zq.md").write_text(SECRET_COMMENDATION, encoding="utf-8")
    (project / "content" / "models" / "mo-hinh-doi-ten.md").write_text(RENAMED_MODEL, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("open-data")
    return build_fixture(make_project(root), root / "output")


def all_files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def validator(path: Path) -> Draft202012Validator:
    schema = load(path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_of(validator_, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator_.iter_errors(instance)]


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- JSON, CSV and schemas

DATASETS = ("emulation_model", "commendation", "inspection_result",
            "units", "localities", "documents", "themes", "series", "observations")


def test_every_dataset_has_json_csv_and_schemas(out):
    for stem in DATASETS:
        for name in (f"data/{stem}.json", f"data/{stem}.csv", f"data/schemas/{stem}.schema.json",
                     f"data/schemas/{stem}.csv.schema.json"):
            assert (out / name).is_file(), name
    for kind in KINDS:
        assert (out / f"data/schemas/{kind}.record.schema.json").is_file()
    assert not (out / "data" / "people.json").exists()  # personal data is never a table


def test_every_exported_json_file_validates_against_its_published_schema(out):
    checked = 0
    for stem in DATASETS:
        data = load(out / f"data/{stem}.json")
        assert errors_of(validator(out / f"data/schemas/{stem}.schema.json"), data) == []
        checked += 1
    for kind in KINDS:
        record_validator = validator(out / f"data/schemas/{kind}.record.schema.json")
        for item in load(out / f"data/{kind}.json"):
            path = out / urlsplit(item["data_url"]).path.lstrip("/")
            one = load(path)
            assert one == item, f"{path} differs from its line in {kind}.json"
            assert errors_of(record_validator, one) == [], path
            checked += 1
    assert checked > 12


def test_schemas_reject_what_the_site_would_never_publish(out):
    record_validator = validator(out / "data/schemas/commendation.record.schema.json")
    good = load(out / "commendations/cd-bang-khen-dong-anh/cd-bang-khen-dong-anh.json")
    assert errors_of(record_validator, good) == []
    for broken in ({**good, "form": "bang_khenn"}, {**good, "secret": 1},
                   {**good, "locality": "ha-noi"}, {key: v for key, v in good.items() if key != "decision"}):
        assert errors_of(record_validator, broken) != []


def test_each_csv_opens_with_the_csv_module_one_row_per_record(out):
    for kind in KINDS:
        rows = read_csv(out / f"data/{kind}.csv")
        items = load(out / f"data/{kind}.json")
        assert len(rows) == len(items) > 0
        assert [r["id"] for r in rows] == [i["id"] for i in items]
        header = next(csv.reader(io.StringIO((out / f"data/{kind}.csv").read_text(encoding="utf-8-sig"))))
        assert header == [c.name for c in tables.record_columns(kind)]
        row_validator = validator(out / f"data/schemas/{kind}.csv.schema.json")
        for row in rows:
            assert errors_of(row_validator, row) == [], row["id"]
    expected = {"emulation_model": 3, "commendation": 3, "inspection_result": 2}  # withdrawn included
    assert {kind: len(read_csv(out / f"data/{kind}.csv")) for kind in KINDS} == expected
    for stem in DATASETS[3:]:
        rows = read_csv(out / f"data/{stem}.csv")
        assert len(rows) == len(load(out / f"data/{stem}.json"))
        row_validator = validator(out / f"data/schemas/{stem}.csv.schema.json")
        assert [errors_of(row_validator, row) for row in rows if errors_of(row_validator, row)] == []


def test_csv_cells_follow_the_documented_layout(out):
    rows = {r["id"]: r for r in read_csv(out / "data/emulation_model.csv")}
    renamed = rows["mo-hinh-doi-ten"]
    assert renamed["title.vi"] == "Mô hình “Dân vận khéo” ở Đông Anh (đã đổi tên)"
    assert renamed["title.en"] == "Skilled mass mobilisation in Dong Anh (renamed)"
    assert renamed["locality"] == "huyen-dong-anh" and renamed["locality.name"] == "Huyện Đông Anh"
    assert renamed["tags"] == "dân vận | đổi tên"
    assert renamed["field"] == "mass_mobilisation" and renamed["field.label"] == "Dân vận"
    assert renamed["recognition"] == "cd-bang-khen-dong-anh"  # the embargoed one is left out
    assert renamed["url"] == BASE + "models/mo-hinh-doi-ten/"
    sources = json.loads(renamed["sources"])
    assert sources == [{"url": "https://bao.example.vn/nguon/doi-ten"}]
    assert "body" not in renamed  # the long text is only in the JSON


def test_withdrawn_record_is_only_its_tombstone(out):
    data = load(out / f"models/{WITHDRAWN}/{WITHDRAWN}.json")
    assert set(data) == {"id", "kind", "title", "status", "published", "corrections", "url", "data_url"}
    assert data["status"] == "withdrawn"
    assert data["corrections"][0]["note"]["vi"].startswith("Gỡ bỏ")
    row = {r["id"]: r for r in read_csv(out / "data/emulation_model.csv")}[WITHDRAWN]
    filled = {k for k, v in row.items() if v}
    assert filled <= {"id", "url", "data_url", "title.vi", "title.en", "status", "status.label", "published",
                      "corrections"}
    assert row["category"] == "" and row["locality"] == ""
    assert "Nội dung cũ" not in (out / "data/emulation_model.json").read_text(encoding="utf-8")


def test_people_appear_only_as_their_publish_policy_allows(out):
    decision = load(out / "commendations/cd-bang-khen-dong-anh/cd-bang-khen-dong-anh.json")
    people = [r["person"] for r in decision["recipients"] if "person" in r]
    assert {"id": "nguyen-van-a", "name": {"vi": "Nguyễn Văn An"}} in people
    assert {"name": {"vi": "T. T. B."}} in people          # initials: no id (ids are folded names)
    assert {"name": None} in people                        # not named
    # the open data: data/, the per-record files, feeds and sitemaps (schemas/ is the editors' input schemas)
    everything = b"".join(p.read_bytes() for name, p in all_files(out).items()
                          if p.suffix in (".json", ".csv", ".xml") and not name.startswith("schemas/"))
    for secret in ("tran-thi-b", "Trần Thị Bình", "le-van-c", "Lê Văn Cường"):
        assert secret.encode() not in everything, secret


def test_references_carry_id_name_and_url(out):
    model = load(out / "models/mo-hinh-doi-ten/mo-hinh-doi-ten.json")
    assert model["locality"] == {"id": "huyen-dong-anh", "name": {"vi": "Huyện Đông Anh", "en": "Dong Anh District"},
                                 "url": BASE + "localities/huyen-dong-anh/"}
    assert [r["id"] for r in model["recognition"]] == ["cd-bang-khen-dong-anh"]
    assert model["url"] == {"vi": BASE + "models/mo-hinh-doi-ten/", "en": BASE + "en/models/mo-hinh-doi-ten/"}
    assert model["aliases"] == ["mo-hinh-ten-cu", "/cu/duong-dan-cu/"]


def test_attachments_are_published_with_their_address(out):
    model = load(out / "models/dong-anh-5-ro/dong-anh-5-ro.json")
    for attachment in model["attachments"]:
        path = urlsplit(attachment["url"]).path.lstrip("/")
        assert (out / path).is_file(), path


SPREADSHEET_MODEL = """\
---
id: mo-hinh-bang-tinh
title: {vi: '=HYPERLINK("https://lua.example/","Bấm vào đây")', en: "@SUM(A1:A9)"}
summary:
  vi: |-
    Dòng một, có dấu phẩy; và "ngoặc kép".
    Dòng hai: Đông Anh.
locality: huyen-dong-anh
units: [ubnd-huyen-dong-anh]
period: {start: 2024-02-01, end: 2024-11-30}
tags: ["-5", "+cộng điểm", "bình thường"]
sources:
  - url: https://bao.example.vn/nguon/bang-tinh
published: 2024-12-11
category: mo_hinh
field: mass_mobilisation
owner_units: [ubnd-huyen-dong-anh]
state: running
---
Nội dung.
"""


def test_csv_opens_in_a_spreadsheet_as_written(tmp_path):
    """Read the bytes the way Excel does on a double click: BOM, comma, CRLF rows, quoted cells that may
    hold commas, quotes and line breaks, and no cell that a spreadsheet would run as a formula."""
    project = make_project(tmp_path)
    (project / "content/models/mo-hinh-bang-tinh.md").write_text(SPREADSHEET_MODEL, encoding="utf-8")
    out = build_fixture(project, tmp_path / "output")
    raw = (out / "data/emulation_model.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,url,data_url,title.vi,title.en,")  # BOM: Excel reads UTF-8
    columns = [c.name for c in tables.record_columns("emulation_model")]
    assert raw[3:].split(b"\r\n", 1)[0].decode("utf-8") == ",".join(columns)
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert len(rows) == 1 + len(load(out / "data/emulation_model.json")) and {len(r) for r in rows} == {len(columns)}
    assert text.count("\r\n") == len(rows) and "\r" not in text.replace("\r\n", "")  # a line break in a cell is LF
    row = dict(zip(columns, next(r for r in rows if r[0] == "mo-hinh-bang-tinh")))
    summary = 'Dòng một, có dấu phẩy; và "ngoặc kép".\nDòng hai: Đông Anh.'
    assert row["summary.vi"] == summary
    assert '"Dòng một, có dấu phẩy; và ""ngoặc kép"".\nDòng hai: Đông Anh."' in text  # quoted, quotes doubled
    assert row["title.vi"] == "'" + '=HYPERLINK("https://lua.example/","Bấm vào đây")' and row["title.en"] == "'@SUM(A1:A9)"
    assert row["tags"] == "'-5 | +cộng điểm | bình thường"
    data = load(out / "models/mo-hinh-bang-tinh/mo-hinh-bang-tinh.json")
    assert data["title"]["vi"].startswith("=HYPERLINK(") and data["summary"]["vi"] == summary  # JSON keeps the text
    localities = {r["id"]: r for r in read_csv(out / "data/localities.csv")}
    assert localities["ha-noi"]["code.value"] == "01"  # leading zero kept in the file (docs: open as text)
    number = re.compile(r"[+-]?(\d+([.,]\d+)*|\.\d+)([eE][+-]?\d+)?")
    for path in sorted((out / "data").glob("*.csv")):
        for cells in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")):
            formulas = [c for c in cells if c.lstrip("\t\r")[:1] in ("=", "+", "-", "@") and not number.fullmatch(c)]
            assert formulas == [], f"{path.name}: {formulas}"


# ---------------------------------------------------------------- embargo and drafts

def test_embargoed_and_draft_records_are_absent_from_every_output_file(out):
    leaks = []
    for name, path in all_files(out).items():
        data = path.read_bytes()
        for secret in (*EMBARGOED, DRAFT, "zq"):
            if secret.encode() in data or secret in name:
                leaks.append(f"{name}: {secret}")
    assert leaks == []


def test_withdrawn_content_is_absent_from_every_output_file(out):
    """Only the tombstone is left: the old body and its source appear in no page, feed or file."""
    everything = {name: path.read_bytes() for name, path in all_files(out).items()}
    assert any(WITHDRAWN.encode() in data for data in everything.values())  # the tombstone itself is there
    for secret in ("Nội dung cũ", "nguon/da-go"):
        assert [name for name, data in everything.items() if secret.encode() in data] == [], secret
    feeds = [name for name in everything if name.endswith("feed.xml")]
    assert feeds and [name for name in feeds if WITHDRAWN.encode() in everything[name]] == []


# ---------------------------------------------------------------- catalogue

def test_catalog_describes_every_distribution(out):
    catalog = load(out / "data/catalog.json")
    assert catalog["@type"] == "dcat:Catalog"
    for key in ("dct:title", "dct:description", "dct:publisher", "dct:license", "dct:temporal", "dct:spatial",
                "dct:modified", "dcat:dataset"):
        assert catalog[key], key
    assert catalog["dct:temporal"]["dcat:startDate"]["@value"] <= catalog["dct:temporal"]["dcat:endDate"]["@value"]
    assert {s["@id"] for s in catalog["dct:spatial"]} == {BASE + "localities/ha-noi/"}
    urls_ = set()
    for dataset in catalog["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            urls_.add(url)
            path = out / urlsplit(url).path.lstrip("/")
            assert path.is_file(), url
            if "dcat:byteSize" in distribution:
                assert int(distribution["dcat:byteSize"]["@value"]) == path.stat().st_size, url
            if "dct:conformsTo" in distribution:
                assert (out / urlsplit(distribution["dct:conformsTo"]["@id"]).path.lstrip("/")).is_file()
    published = {BASE + name for name in all_files(out) if name.startswith("data/") and name.endswith((".json", ".csv"))
                 and name != "data/catalog.json"}
    assert published <= urls_, sorted(published - urls_)


# ---------------------------------------------------------------- feeds

def test_every_feed_parses_with_a_real_feed_parser(out):
    feeds = [name for name in all_files(out) if name.endswith("feed.xml")]
    # site + 3 kinds + 4 units + 2 localities + 1 document + 1 theme, in two languages
    assert len(feeds) == 2 * (1 + 3 + 4 + 2 + 1 + 1)
    for name in feeds:
        parsed = feedparser.parse((out / name).read_bytes())
        assert not parsed.bozo, f"{name}: {parsed.bozo_exception}"
        assert parsed.version == "atom10"
        assert parsed.feed.title and parsed.feed.updated
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.published and entry.updated, name
            assert {t.term for t in entry.tags} & set(KINDS), name


def test_feed_entries_carry_summary_dates_and_kind(out):
    parsed = feedparser.parse((out / "models/feed.xml").read_bytes())
    ids = [e.id for e in parsed.entries]
    assert BASE + "models/mo-hinh-doi-ten/" in ids
    assert BASE + f"models/{WITHDRAWN}/" not in ids     # withdrawn records are in no listing
    entry = next(e for e in parsed.entries if e.id == BASE + "models/mo-hinh-doi-ten/")
    assert entry.summary == "Hồ sơ đã đổi mã; địa chỉ cũ vẫn dẫn tới đây."
    assert entry.published.startswith("2024-12-10T00:00:00+07:00")
    assert "emulation_model" in [t.term for t in entry.tags]
    english = feedparser.parse((out / "en/models/feed.xml").read_bytes())
    entry = next(e for e in english.entries if e.id == BASE + "models/mo-hinh-doi-ten/")
    assert entry.title == "Skilled mass mobilisation in Dong Anh (renamed)"
    assert entry.link == BASE + "en/models/mo-hinh-doi-ten/"
    locality = feedparser.parse((out / "localities/huyen-dong-anh/feed.xml").read_bytes())
    assert BASE + "models/mo-hinh-doi-ten/" in [e.id for e in locality.entries]
    unit = feedparser.parse((out / "units/thanh-tra-tp-ha-noi/feed.xml").read_bytes())
    assert BASE + "inspections/tt-tai-chinh-2025/" in [e.id for e in unit.entries]
    assert BASE + "models/mo-hinh-doi-ten/" not in [e.id for e in unit.entries]


def test_pages_link_their_feeds_and_data(out):
    def links(page: str, rel_type: str) -> list[str]:
        html = (out / page).read_text(encoding="utf-8")
        return re.findall(rf'<link rel="alternate" type="{re.escape(rel_type)}"[^>]* href="([^"]+)"', html)

    assert links("index.html", "application/atom+xml") == ["/feed.xml"]
    assert links("en/models/index.html", "application/atom+xml") == ["/en/feed.xml", "/en/models/feed.xml"]
    assert links("localities/huyen-dong-anh/index.html", "application/atom+xml")[-1] == \
        "/localities/huyen-dong-anh/feed.xml"
    assert links("documents/ct-24-tu-ha-noi-2023/index.html", "application/atom+xml")[-1] == \
        "/documents/ct-24-tu-ha-noi-2023/feed.xml"
    assert links("en/models/mo-hinh-doi-ten/index.html", "application/json") == \
        ["/models/mo-hinh-doi-ten/mo-hinh-doi-ten.json"]
    for page in ("index.html", "en/models/index.html", "localities/huyen-dong-anh/index.html",
                 "models/mo-hinh-doi-ten/index.html"):
        for href in links(page, "application/atom+xml") + links(page, "application/json"):
            assert (out / href.lstrip("/")).is_file(), href


# ---------------------------------------------------------------- sitemap, robots, XML

def test_every_xml_file_parses(out):
    names = [name for name in all_files(out) if name.endswith(".xml")]
    assert "sitemap.xml" in names
    for name in names:
        ET.parse(out / name)


def test_every_sitemap_url_exists_and_every_indexable_page_is_listed(out):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs)) > 20
    for loc in locs:
        assert loc.startswith(BASE)
        path = urlsplit(loc).path.lstrip("/")
        target = out / path / "index.html" if path.endswith("/") or not path else out / path
        assert target.is_file(), loc
        assert b'<meta name="robots" content="noindex">' not in target.read_bytes(), loc
    for alternate in root.findall("s:url/x:link", ns):
        assert alternate.get("href") in locs
    for page in ("models/mo-hinh-doi-ten/", "en/models/mo-hinh-doi-ten/", "data/", "en/data/",
                 "localities/huyen-dong-anh/", "years/", "statistics/", "en/statistics/"):
        assert BASE + page in locs, page
    assert BASE + "models/mo-hinh-ten-cu/" not in locs  # redirects are not pages
    indexable = {BASE + name.removesuffix("index.html") for name, path in all_files(out).items()
                 if name.endswith("index.html") and b'<meta name="robots" content="noindex">' not in path.read_bytes()}
    assert sorted(indexable - set(locs)) == []
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


# ---------------------------------------------------------------- aliases

def test_aliases_become_redirect_pages_and_a_redirects_file(out):
    for old, lang_prefix in (("models/mo-hinh-ten-cu/", ""), ("cu/duong-dan-cu/", ""), ("models/mo-hinh-ten-cu/", "en/")):
        html = (out / lang_prefix / old / "index.html").read_text(encoding="utf-8")
        target = f"/{lang_prefix}models/mo-hinh-doi-ten/"
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="https://example.org{target}">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert f'href="{target}"' in html
    lines = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/models/mo-hinh-ten-cu/ /models/mo-hinh-doi-ten/ 301" in lines
    assert "/en/cu/duong-dan-cu/ /en/models/mo-hinh-doi-ten/ 301" in lines


def test_bad_aliases_are_reported_by_check_with_file_line_and_field(tmp_path, run_cli):
    project = make_project(tmp_path)
    page = project / "content" / "models" / "mo-hinh-doi-ten.md"
    text = page.read_text(encoding="utf-8").replace("aliases: [mo-hinh-ten-cu, /cu/duong-dan-cu/]",
                                                    "aliases: [dong-anh-5-ro, /data/x/, mo-hinh-ten-cu, /feed.xml]")
    page.write_text(text, encoding="utf-8")
    other = project / "content" / "models" / "dong-anh-5-ro.md"
    other.write_text(other.read_text(encoding="utf-8").replace("---\n", "---\naliases: [mo-hinh-ten-cu]\n", 1),
                     encoding="utf-8")
    code, stdout, stderr = run_cli(["check", project])
    output = stdout + stderr
    assert code == 1, output
    assert "content/models/mo-hinh-doi-ten.md:" in output
    assert "aliases[0]: 'dong-anh-5-ro' is the address of an existing page (/models/dong-anh-5-ro/)" in output
    assert "aliases[1]: '/data/x/' is inside a folder the site generates" in output
    assert "is already an alias of 'dong-anh-5-ro'" in output
    assert "aliases[3]: '/feed.xml' is not the address of a page" in output


# ---------------------------------------------------------------- head: canonical, Open Graph, JSON-LD

def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_record_and_entity_pages_carry_json_ld_open_graph_and_canonical(out):
    html = (out / "commendations/cd-bang-khen-dong-anh/index.html").read_text(encoding="utf-8")
    data = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
    assert data["legislationPassedBy"]["@type"] == "GovernmentOrganization"
    assert data["legislationIdentifier"]
    assert '<link rel="canonical" href="https://example.org/commendations/cd-bang-khen-dong-anh/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert '<meta property="og:url" content="https://example.org/commendations/cd-bang-khen-dong-anh/">' in html
    assert json_ld((out / "inspections/tt-tai-chinh-2025/index.html").read_text(encoding="utf-8"))["@type"] == "Report"
    assert json_ld((out / "en/models/mo-hinh-doi-ten/index.html").read_text(encoding="utf-8"))["inLanguage"] == "en"
    unit = json_ld((out / "units/ubnd-huyen-dong-anh/index.html").read_text(encoding="utf-8"))
    assert unit["@type"] == "GovernmentOrganization" and unit["dissolutionDate"] == "2025-06-30"
    assert json_ld((out / "localities/ha-noi/index.html").read_text(encoding="utf-8"))["@type"] == "AdministrativeArea"
    data_page = json_ld((out / "data/index.html").read_text(encoding="utf-8"))
    assert data_page["@type"] == "DataCatalog" and len(data_page["dataset"]) == len(DATASETS)


def test_json_ld_cannot_close_its_script_block():
    from site_builder.structured_data import script_json

    text = script_json({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


# ---------------------------------------------------------------- the data page

def test_data_page_links_every_download_in_both_languages(out):
    for page in ("data/index.html", "en/data/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        hrefs = set(re.findall(r'href="(/data/[^"#]+)"', html))
        expected = {"/" + name for name in all_files(out) if name.startswith("data/") and name != "data/index.html"}
        assert expected <= hrefs, sorted(expected - hrefs)
        assert "style=" not in html and "<script>" not in html
    assert 'href="/data/"' in (out / "index.html").read_text(encoding="utf-8")  # navigation and footer
    assert "Dữ liệu mở" in (out / "data/index.html").read_text(encoding="utf-8")
    assert "Open data" in (out / "en/data/index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- reproducible

def test_two_builds_give_identical_open_data_bytes(out, tmp_path):
    again = build_fixture(make_project(tmp_path), tmp_path / "again")
    first, second = all_files(out), all_files(again)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert differing == []


def test_everything_follows_a_sub_path_base_url(tmp_path):
    base = "https://example.github.io/minh-bach/"
    out = build_fixture(make_project(tmp_path), tmp_path / "sub", base_url=base)
    locs = re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(base) for loc in locs)
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    feed = feedparser.parse((out / "models/feed.xml").read_bytes())
    assert feed.feed.links[0].href == base + "models/feed.xml"
    assert all(e.link.startswith(base) for e in feed.entries)
    assert load(out / "models/mo-hinh-doi-ten/mo-hinh-doi-ten.json")["data_url"] == \
        base + "models/mo-hinh-doi-ten/mo-hinh-doi-ten.json"
    assert "/minh-bach/models/mo-hinh-ten-cu/ /minh-bach/models/mo-hinh-doi-ten/ 301" in \
        (out / "_redirects").read_text(encoding="utf-8").splitlines()
    html = (out / "data/index.html").read_text(encoding="utf-8")
    assert 'href="/minh-bach/data/commendation.csv"' in html
    assert 'href="/data/' not in html
    record = (out / "models/mo-hinh-doi-ten/index.html").read_text(encoding="utf-8")
    assert 'href="/minh-bach/models/mo-hinh-doi-ten/mo-hinh-doi-ten.json"' in record
    catalog = load(out / "data/catalog.json")
    assert catalog["@id"] == base + "data/catalog.json"


# ---------------------------------------------------------------- the sample site

def test_the_sample_sites_data_and_feeds_follow_their_schemas():
    """The repository's own content (more varied than the fixture), producers run in memory."""
    from site_builder import build as build_module, exports, open_data
    from site_builder.theme import load_theme

    config = build_module.load_project(Path(__file__).parent.parent, environ={"SOURCE_DATE_EPOCH": "1767225600"})
    problems, site = build_module.check(config)
    assert site is not None, problems
    theme = load_theme(config)
    files, _ = open_data.data_downloads(site, theme)

    def published_validator(path: str) -> Draft202012Validator:
        schema = json.loads(files[path])
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    for type_name in (*KINDS, *exports.REFERENCE_DATA):
        paths = exports.dataset_paths(type_name)
        data = json.loads(files[paths["json"]])
        assert errors_of(published_validator(paths["json_schema"]), data) == [], type_name
        rows = list(csv.DictReader(io.StringIO(files[paths["csv"]].decode("utf-8-sig"), newline="")))
        assert [row["id"] for row in rows] == [item.get("id", "") for item in data], type_name
        row_validator = published_validator(paths["csv_schema"])
        assert [e for row in rows for e in errors_of(row_validator, row)] == [], type_name
        if type_name in KINDS:
            assert data, type_name
            record_validator = published_validator(paths["record_schema"])
            for item in data:
                assert json.loads(files[urlsplit(item["data_url"]).path.lstrip("/")]) == item
                assert errors_of(record_validator, item) == [], item["id"]
    feeds, _ = open_data.atom_feeds(site, theme)
    assert [name for name, xml in feeds.items() if feedparser.parse(xml).bozo] == []
