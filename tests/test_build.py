"""End to end: the each-kind site built once, checked page by page and link by link."""

import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from site_builder import build as build_module
from site_builder.errors import BuildFailed
from tests.conftest import build_fixture, tree

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}

RECORDS = {"models": ["dong-anh-5-ro", "mo-hinh-da-go"],
           "commendations": ["cd-bang-khen-dong-anh", "cd-giay-khen-so-luong", "cd-bang-khen-da-huy"],
           "inspections": ["tt-tai-chinh-2025", "kt-dang-tong-hop-2024"]}
ENTITIES = {"units": ["ubnd-tp-ha-noi", "thanh-tra-tp-ha-noi", "thanh-uy-ha-noi", "ubnd-huyen-dong-anh"],
            "localities": ["ha-noi", "huyen-dong-anh"], "documents": ["ct-24-tu-ha-noi-2023"],
            "themes": ["ha-noi-2024-chu-de-nam"]}
HIDDEN = ["ban-nhap-zq", "cam-cong-bo-zq", "Bản nháp chưa công bố", "Kết quả chưa được công bố", "bí mật zq",
          "cấm công bố zq", "Lê Văn Cường", "Trần Thị Bình"]


def build_into(project: Path, output: Path, **options) -> Path:
    config = build_module.load_project(project, output_dir=output, environ=EPOCH, **options)
    build_module.build(config)
    return output



def html_files(root: Path) -> dict[str, str]:
    return {rel: data.decode("utf-8") for rel, data in tree(root).items() if rel.endswith(".html")}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def broken_links(root: Path, base_url: str = "https://example.org/") -> list[str]:
    """Every internal href/src (root-relative, relative or under base_url) that names no file or no anchor."""
    base_path = urlsplit(base_url).path
    pages = {rel: parse(html) for rel, html in html_files(root).items()}
    broken = []
    for rel, page in sorted(pages.items()):
        page_url = base_path + rel.removesuffix("index.html")
        for link in page.links:
            if link.startswith(base_url):
                link = base_path + link[len(base_url):]
            scheme = urlsplit(link).scheme
            if scheme or link.startswith("//"):
                continue  # external (https:, mailto:)
            target, fragment = urldefrag(link)
            if not target:
                target = page_url
            elif not target.startswith("/"):
                target = urljoin(page_url, target)
            if not target.startswith(base_path):
                broken.append(f"{rel}: {link} (outside {base_path})")
                continue
            file = target[len(base_path):]
            if file == "" or file.endswith("/"):
                file += "index.html"
            if not (root / file).is_file():
                broken.append(f"{rel}: {link}")
            elif fragment and file in pages and fragment not in pages[file].ids:
                broken.append(f"{rel}: {link} (no id {fragment!r})")
    return broken


# ---------------------------------------------------------------- pages at the contract's addresses

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_pages_exist_at_the_contract_urls(built_site, prefix):
    expected = ["index.html", "404.html" if not prefix else "en/404.html", "gioi-thieu/index.html",
                "years/index.html", "years/2023/index.html", "years/2024/index.html", "years/2025/index.html"]
    expected = [e if e.startswith("en/") else prefix + e for e in expected]
    for section, ids in RECORDS.items():
        expected.append(f"{prefix}{section}/index.html")
        expected += [f"{prefix}{section}/{i}/index.html" for i in ids]
    for section, ids in ENTITIES.items():
        expected.append(f"{prefix}{section}/index.html")
        expected += [f"{prefix}{section}/{i}/index.html" for i in ids]
    missing = [path for path in expected if not (built_site / path).is_file()]
    assert missing == []


def test_attachments_are_copied_beside_the_record(built_site):
    assert (built_site / "models/dong-anh-5-ro/quy-che-5-ro.pdf").read_bytes() == \
        (FIXTURES / "each-kind/content/models/quy-che-5-ro.pdf").read_bytes()
    assert "/models/dong-anh-5-ro/quy-che-5-ro.pdf" in (built_site / "en/models/dong-anh-5-ro/index.html").read_text()


def test_static_assets_are_fingerprinted(built_site):
    names = sorted(p.name for p in (built_site / "static").rglob("*") if p.is_file())
    assert [n for n in names if not re.fullmatch(r"[\w-]+\.[0-9a-f]{10}\.\w+", n)] == []
    assert {n.split(".")[0] for n in names} >= {"favicon", "print", "style"}


def test_drafts_and_embargoed_records_appear_in_no_output_file(built_site):
    leaks = [f"{rel}: {needle}" for rel, data in tree(built_site).items()
             for needle in HIDDEN if needle.encode() in data]
    assert leaks == []


def test_drafts_are_built_only_with_the_drafts_option(fixture_site, tmp_path):
    output = build_into(fixture_site("each-kind"), tmp_path / "out", drafts=True)
    assert "Bản nháp chưa công bố zq" in (output / "models/ban-nhap-zq/index.html").read_text()
    assert not any(b"cam-cong-bo-zq" in data for data in tree(output).values())  # embargo holds


def test_withdrawn_record_has_a_tombstone_and_is_in_no_listing(built_site):
    for prefix, reason in (("", "Gỡ bỏ vì trùng với hồ sơ dong-anh-5-ro."),
                           ("en/", "Withdrawn: it duplicated the record dong-anh-5-ro.")):
        page = (built_site / f"{prefix}models/mo-hinh-da-go/index.html").read_text()
        assert reason in page
        assert "Nội dung cũ của hồ sơ đã gỡ." not in page  # the withdrawn body is not published
    mentions = sorted(rel for rel, html in html_files(built_site).items() if "mo-hinh-da-go" in html)
    assert mentions == ["en/models/mo-hinh-da-go/index.html", "models/mo-hinh-da-go/index.html"]


def test_revoked_award_stays_visible_and_listed(built_site):
    page = (built_site / "commendations/cd-bang-khen-da-huy/index.html").read_text()
    assert "Hồ sơ đề nghị không đúng quy định." in page
    assert "/commendations/cd-bang-khen-da-huy/" in (built_site / "commendations/index.html").read_text()


def test_numbers_follow_the_language(built_site):
    vi = (built_site / "inspections/kt-dang-tong-hop-2024/index.html").read_text()
    en = (built_site / "en/inspections/kt-dang-tong-hop-2024/index.html").read_text()
    assert '<data value="1520">1.520</data>' in vi and '<data value="3313">3.313</data>' in vi
    assert '<data value="1520">1,520</data>' in en and '<data value="3313">3,313</data>' in en
    assert '<data value="1520">1.520</data>' in (built_site / "commendations/cd-giay-khen-so-luong/index.html").read_text()


def test_people_are_named_as_their_policy_allows(built_site):
    page = (built_site / "commendations/cd-bang-khen-dong-anh/index.html").read_text()
    assert "Nguyễn Văn An" in page and "T. T. B." in page


def test_dissolved_unit_says_what_it_became(built_site):
    page = (built_site / "en/models/dong-anh-5-ro/index.html").read_text()
    now_part = re.search(r'<span class="now-part">(.*?)</span>', page, re.S)
    assert now_part and "/en/units/ubnd-tp-ha-noi/" in now_part.group(1)


def test_a_one_day_period_shows_its_date_once(fixture_site, tmp_path):
    project = fixture_site("minimal")
    record = project / "content/models/mot-cua.md"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "period: {start: 2024-01-01}", "period: {start: 2024-10-15, end: 2024-10-15}"), encoding="utf-8")
    page = (build_fixture(project, tmp_path / "out") / "models/mot-cua/index.html").read_text(encoding="utf-8")
    period = re.search(r'<div class="field field-period">(.*?)</div>', page, re.S).group(1)
    assert period.count("<time") == 1 and "15 tháng 10 năm 2024" in period


def test_lists_in_a_record_label_each_cell_for_phones(built_site):
    """Each cell of a list in a record names its column (data-label), so on a phone a row reads as a card."""
    page = (built_site / "en/inspections/tt-tai-chinh-2025/index.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table class="card-rows">.*?</table>', page, re.S)
    assert tables
    for table in tables:
        columns = re.findall(r'<th scope="col">(.*?)</th>', table)
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
            labels = re.findall(r'<td(?: data-label="([^"]*)"| class="blank")>', row)
            assert len(labels) == len(columns) and all(not label or label in columns for label in labels)


def test_every_page_has_lang_and_hreflang_alternates(built_site):
    problems = []
    for rel, html in html_files(built_site).items():
        page = parse(html)
        lang = "en" if rel.startswith("en/") else "vi"
        if page.html_lang != lang:
            problems.append(f"{rel}: <html lang={page.html_lang!r}>")
        path = rel.removeprefix("en/").removesuffix("index.html")
        want = {"vi": f"https://example.org/{path}", "en": f"https://example.org/en/{path}",
                "x-default": f"https://example.org/{path}"}
        if page.alternates != want:
            problems.append(f"{rel}: alternates {page.alternates}")
    assert problems == []


def test_every_internal_link_resolves(built_site):
    assert broken_links(built_site) == []


def test_the_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="/a/">ok</a><a href="/b/">no</a><a href="#x">no</a>'
                                         '<a href="https://example.org/a/#top">anchor</a><a href="a/">rel</a>')
    (tmp_path / "a/index.html").write_text('<h1 id="top">A</h1><a href="../c.css">no</a>')
    assert broken_links(tmp_path) == ["a/index.html: ../c.css", "index.html: /b/", "index.html: #x (no id 'x')"]


# ---------------------------------------------------------------- base URL with a sub-path

@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(FIXTURES / "each-kind", root / "project")
    return build_into(root / "project", root / "out", base_url="https://example.org/minh-bach/")


def test_a_sub_path_base_url_prefixes_every_root_relative_link(subpath_site):
    wrong = []
    for rel, html in html_files(subpath_site).items():
        for link in parse(html).links:
            if link.startswith("/") and not link.startswith("/minh-bach/"):
                wrong.append(f"{rel}: {link}")
            if link.startswith("https://example.org/") and not link.startswith("https://example.org/minh-bach/"):
                wrong.append(f"{rel}: {link}")
    assert wrong == []
    assert broken_links(subpath_site, "https://example.org/minh-bach/") == []


# ---------------------------------------------------------------- reproducible and atomic

def test_two_builds_are_byte_identical(built_site, tmp_path):
    """A second build, from a copy at another path and at another time, gives the same bytes."""
    second = tmp_path / "elsewhere" / "other-name"
    shutil.copytree(FIXTURES / "each-kind", second)
    a = tree(built_site)
    b = tree(build_into(second, tmp_path / "out-b"))
    assert len(a) > 50
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_failing_build_leaves_the_previous_output_untouched(fixture_site, tmp_path):
    project = fixture_site("each-kind")
    output = build_into(project, tmp_path / "out")
    before = tree(output)
    (project / "content/models/hong.md").write_text("---\nid: hong\ntitle: [\n---\n", encoding="utf-8")
    (project / "content/models/dong-anh-5-ro.md").unlink()
    with pytest.raises(BuildFailed):
        build_into(project, output)
    assert tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["each-kind", "out"]


def test_the_output_folder_may_not_be_the_project(fixture_site):
    project = fixture_site("minimal")
    for output in (project, project / "content", project / "content" / "models", project.parent):
        config = build_module.load_project(project, output_dir=output, environ=EPOCH)
        with pytest.raises(build_module.UsageError, match="refusing to replace this folder"):
            build_module.build(config)
    assert (project / "content/models/mot-cua.md").is_file()


# ---------------------------------------------------------------- Vietnamese text

def test_vietnamese_text_is_published_as_nfc(tmp_path):
    shutil.copytree(FIXTURES / "vietnamese-text", tmp_path / "project")
    output = build_into(tmp_path / "project", tmp_path / "out")
    pages = html_files(output)
    assert all(unicodedata.is_normalized("NFC", html) for html in pages.values())
    assert "Mê Linh: kiểm tra đột xuất một cửa" in pages["models/me-linh-nfd/index.html"]
    assert "Hòa Bình" in pages["models/me-linh-nfd/index.html"]
    assert "Đỗ Đức Định: Ủy ban Đông Anh, Quỳnh Lưu, Đắk Lắk, ữ ỹ ặ ẫ ỗ" in pages["models/do-duc-dinh-nfc/index.html"]
    assert "Dòng hai." in pages["models/ung-hoa-crlf/index.html"]
    assert "\r" not in pages["models/ung-hoa-crlf/index.html"]
    assert "Bảo Yên: tệp có BOM (Notepad)" in pages["models/bao-yen-bom/index.html"]
    assert "\ufeff" not in "".join(pages.values())
    assert "Tiếng Việt đầy đủ dấu: Đắk Lắk" in pages["index.html"]


# ---------------------------------------------------------------- golden output of the minimal site
