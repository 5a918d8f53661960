"""What reaches a reader: sanitized Markdown, escaped values in every output, checked addresses,
no two outputs at one path, and the ``_headers`` file with the security headers.

The browser half (every page of the hostile site in Chromium) is ``tests/browser/test_xss.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from site_builder import collisions, headers
from site_builder.config import SiteConfig
from site_builder.markdown_html import to_html
from site_builder.markdown_limits import MAX_BRACKET_WORK, check_markdown
from site_builder.schema import Checker, Url
from site_builder.spreadsheet import safe_cell

sys.path.insert(0, str(Path(__file__).parent))
from conftest import FIXTURES, build_fixture  # noqa: E402
from xss_corpus import (MARKDOWN_VECTORS, REJECTED_URLS, URL_VECTORS, VECTORS, hostile_fields,  # noqa: E402
                        html_findings, make_xss_project, output_findings)


# ---------------------------------------------------------------- the sanitizer

@pytest.mark.parametrize("vector", VECTORS + MARKDOWN_VECTORS)
def test_no_vector_survives_the_markdown_sanitizer(vector):
    assert html_findings(to_html(vector)) == []


@pytest.mark.parametrize("markdown, kept", [
    ("![a](x.png)", '<img alt="a" src="x.png">'),
    ("![a](scans/qd-12.jpg)", '<img alt="a" src="scans/qd-12.jpg">'),
    ("![a](https://tracker.example/p.png)", '<a href="https://tracker.example/p.png" rel="noopener noreferrer nofollow">a</a>'),
    ("![a](//tracker.example/p.png)", '<a href="//tracker.example/p.png" rel="noopener noreferrer nofollow">a</a>'),
    ("![a](javascript:alert(1))", '<a rel="noopener noreferrer nofollow">a</a>'),
    ('<img src="/\\tracker.example/p.png">', "<img>"),
    ('<img src=" https://tracker.example/p.png">', "<img>"),
])
def test_images_only_from_the_site_itself(markdown, kept):
    """A Markdown image from elsewhere becomes a link the reader may follow; a raw one loses its address."""
    assert kept in to_html(markdown)


def test_a_body_cannot_take_an_id_or_a_class_of_the_page():
    html = to_html('<div class="skip-link notice" id="main">x</div>\n\n<li id="search-app">y</li>')
    assert 'id="main"' not in html and "skip-link" not in html and "search-app" not in html


def test_footnotes_keep_their_ids_and_class():
    html = to_html("Văn bản[^1].\n\n[^1]: Ghi chú.")
    assert 'id="fnref:1"' in html and 'id="fn:1"' in html and '<div class="footnote">' in html
    assert 'href="#fn:1"' in html


def test_a_body_too_deep_for_markdown_becomes_escaped_text_not_a_crash():
    html = to_html("1. " * 600 + "<script>alert(1)</script>")
    assert html.startswith("<pre>") and "&lt;script&gt;" in html and "<script>" not in html
    assert to_html("Xin **chào**") == "<p>Xin <strong>chào</strong></p>"  # the next body is not harmed


# ---------------------------------------------------------------- what check says about bodies

def _findings(body: str) -> list[tuple[int, str, str]]:
    return [(line, message, severity) for line, message, _, severity in check_markdown(body)]


def test_ordinary_text_has_no_findings():
    body = ("Xem [Quyết định 12/QĐ-UBND](https://example.org/qd-12) và ![ảnh](anh.jpg).\n\n"
            "- một\n    - hai\n\n> trích dẫn [1] và [2]\n\n```html\n<script>shown as code</script>\n```\n"
            "`<iframe>` in code is fine\n")
    assert _findings(body) == []


@pytest.mark.parametrize("body, line, start", [
    ("x\n\n" + "\n".join("    " * i + "- x" for i in range(30)), 28, "is indented 104 columns"),
    ("1. " * 150 + "x", 0, "starts with 150 list or quote markers"),
    ("a\n\n" + "[" * 200 + "x" * 20_000, 2, "has 200 '[' without a matching ']'"),
    ("[" * 2_000 + "x" + "](y)" * 2_000, 0, "has so many brackets [ ], or brackets nested so deeply"),
])
def test_bodies_that_would_stall_markdown_are_errors(body, line, start):
    found = _findings(body)
    assert found[0][0] == line and found[0][1].startswith(start) and found[0][2] == "error", found


def test_the_bracket_limit_leaves_room_for_real_text():
    body = "\n\n".join(f"Đoạn {n}: xem [văn bản {n}](https://example.org/{n}) [ghi chú]." for n in range(5000))
    assert _findings(body) == []
    assert MAX_BRACKET_WORK >= 200_000


@pytest.mark.parametrize("body, message", [
    ("<script>alert(1)</script>", "raw HTML <script> is removed from the page"),
    ("<IFRAME src=x>", "raw HTML <iframe> is removed from the page"),
    ('<p onclick="x()">a</p>', "event handlers in raw HTML (onclick=, onerror= ...) are removed"),
    ('<p style="color:red">a</p>', "style= attributes are removed"),
    ("[a](javascript:alert(1))", "links to javascript:, vbscript: or data: addresses are removed"),
    ("[a](jav\tascript:alert(1))", "links to javascript:, vbscript: or data: addresses are removed"),
    ("[x]: data:text/html,hi", "links to javascript:, vbscript: or data: addresses are removed"),
    ("![a](https://tracker.example/p.png)", "images from other sites are not loaded"),
    ('<img src="//tracker.example/p.png">', "images from other sites are not loaded"),
])
def test_what_the_sanitizer_removes_is_a_warning(body, message):
    found = _findings("Văn bản.\n\n" + body)
    assert found and found[0][0] == 2 and found[0][1].startswith(message) and found[0][2] == "warning"


# ---------------------------------------------------------------- addresses

@pytest.mark.parametrize("url", REJECTED_URLS)
def test_hostile_addresses_are_refused(url):
    checker = Checker({})
    Url().convert(url, ("sources", 0, "url"), checker)
    assert [issue.path for issue in checker.issues] == [("sources", 0, "url")]


@pytest.mark.parametrize("url", URL_VECTORS + ("https://thanhtra.gov.vn/tin-tức/kết-luận?id=12#p2",
                                               "http://localhost:8000/", "https://[2001:db8::1]/"))
def test_real_addresses_pass(url):
    checker = Checker({})
    assert Url().convert(url, ("url",), checker) == url and checker.issues == []


def test_a_hostile_source_address_is_reported_at_its_line(fixture_site, run_cli):
    project = fixture_site("minimal")
    record = project / "content/models/mot-cua.md"
    text = record.read_text(encoding="utf-8")
    line = text[: text.index("  - url: ")].count("\n") + 1
    record.write_text(re.sub(r"  - url: \S+", "  - url: javascript:alert(1)", text, count=1), encoding="utf-8")
    code, out, _ = run_cli(["check", project])
    assert code == 1
    assert re.search(rf'^content/models/mot-cua.md:{line}:\d+: sources\[0\]\.url: expected a web address '
                     r'starting with https://, got "javascript:alert\(1\)"', out, re.M), out


def test_a_hostile_attachment_name_is_escaped_in_the_page_and_encoded_in_the_data(fixture_site, run_cli, tmp_path):
    import json
    from urllib.parse import unquote, urlsplit

    project = fixture_site("minimal")
    name = "Quyết định 12 '\"><svg onload=alert(1)>.pdf"
    (project / "content/models" / name).write_bytes(b"%PDF-1.4")
    record = project / "content/models/mot-cua.md"
    quoted = name.replace("'", "''")
    record.write_text(record.read_text(encoding="utf-8").replace(
        "state: running\n", f"state: running\nattachments: [{{file: '{quoted}'}}]\n"), encoding="utf-8")
    code, _, err = run_cli(["build", project, "--out", tmp_path / "out"])
    assert code == 0, err
    url = json.loads((tmp_path / "out/models/mot-cua/mot-cua.json").read_text(encoding="utf-8"))["attachments"][0]["url"]
    path = urlsplit(url).path
    assert path.endswith("/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012%20%27%22%3E%3Csvg%20onload%3Dalert%281%29%3E.pdf")
    assert (tmp_path / "out" / unquote(path).lstrip("/")).is_file()
    page = (tmp_path / "out/models/mot-cua/index.html").read_text(encoding="utf-8")
    assert f'href="{path}"' in page and html_findings(page) == []


# ---------------------------------------------------------------- every output of a hostile site

@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = make_xss_project(root / "project")
    return build_fixture(project, root / "output")


def test_the_hostile_project_has_a_vector_in_every_text_and_address_field(hostile_output):
    """Fields the sample leaves out (``archive_url``, ``decision.signer``, attachment titles, figures
    ...) are added, so that no declared text or address field escapes the corpus."""
    import yaml

    from site_builder.kinds import ENTITIES, KINDS

    content = hostile_output.parent / "project/content"
    missing = []
    sources = [(k.name, k.schema, sorted((content / k.folder).glob("*.[my]*"))) for k in KINDS.values()] + \
        [(e.name, e.schema, [content / "data" / e.file]) for e in ENTITIES.values()]
    for name, schema, files in sources:
        present = set()
        for path in files:
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text.split("---\n", 2)[1] if path.suffix == ".md" else text)
            items = data["records"] if isinstance(data, dict) and "records" in data else \
                data if isinstance(data, list) else [data]
            for item in items:
                present |= hostile_fields(schema, item)
        missing += [f"{name}: {'.'.join(field)}" for field in sorted(hostile_fields(schema) - present)]
    assert missing == []


def test_every_output_of_the_hostile_site_is_clean(hostile_output):
    findings, counts = output_findings(hostile_output)
    assert findings == []
    for kind in (".html", ".xml", ".json", ".csv"):  # pages, feeds, data and JSON-LD, tables
        assert counts.get(kind, 0) > 0, f"no {kind} output was scanned: {counts}"


def test_the_vectors_reached_every_kind_of_output(hostile_output):
    """Proof that the clean result above is escaping at work: the vectors are there, as text."""
    texts = {suffix: "".join(p.read_text(encoding="utf-8", errors="replace") for p in hostile_output.rglob("*" + suffix))
             for suffix in (".html", ".xml", ".json", ".csv")}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts[".html"]
    assert "<script>alert(1)</script>" in texts[".json"] or "\\u003cscript\\u003ealert(1)" in texts[".json"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts[".xml"]
    assert "'=HYPERLINK(" in texts[".csv"]  # shown as text by spreadsheets, not run


def test_the_scanner_finds_what_it_looks_for():
    bad = ['<script>alert(1)</script>', '<p onclick="x()">', '<a href=" JaVaScRiPt:x">', '<iframe src=x>',
           '<p style="x">', '<base href="/">', '<meta http-equiv="refresh" content="0">', '<svg><style>',
           '<script type="application/ld+json">{"a": "</script>"}</script>', "<p>4267635650</p>",
           '<img src="data:image/png;base64,AAAA">', '<script src="https://cdn.example/x.js"></script>']
    for html in bad:
        assert html_findings(html), html
    assert html_findings('<script src="/static/search.js"></script><a href="/x">x</a>') == []


def test_the_sample_site_has_no_inline_code(built_site):
    """Every page of a built site works under ``script-src 'self'; style-src 'self'``."""
    findings, counts = output_findings(built_site)
    assert findings == [] and counts[".html"] > 20


def test_csv_cells_never_start_a_formula():
    assert [safe_cell(v) for v in ("=1+1", "+cmd", "-alert(1)", "@SUM(A1)", "\t=x", "-5", "+84", "1.5", "-", 7,
                                   "Hà Nội")] == \
        ["'=1+1", "'+cmd", "'-alert(1)", "'@SUM(A1)", "'\t=x", "-5", "+84", "1.5", "-", 7, "Hà Nội"]


# ---------------------------------------------------------------- outputs at the same path

def test_two_pages_at_one_address_are_an_error_at_the_source(fixture_site, run_cli):
    project = fixture_site("minimal")
    (project / "content/pages").mkdir()
    (project / "content/pages/units.md").write_text("---\nid: units\ntitle: Đơn vị\n---\nx\n", encoding="utf-8")
    code, out, _ = run_cli(["check", project])
    assert code == 1
    assert "content/pages/units.md:2:1: id: the free page 'units' and the entities page would both be the page " \
           "/units/, one replacing the other (give one of them another id or file name)" in out


def test_output_collisions_find_exact_case_and_folder_clashes(built_site_object):
    site = built_site_object
    found = collisions.output_collisions(site, [
        ("feeds", {"feed.xml": b"", "Data/x.csv": b""}),
        ("exports", {"feed.xml": b"", "data/y.csv": b"", "models": b""}),
        ("pages", {"models/index.html": b"", "caf\u00e9/index.html": b"", "cafe\u0301/index.html": b""}),
    ])
    messages = sorted(p.message for p in found)
    assert any("'feed.xml' is made by both feeds and exports" in m for m in messages)
    assert any("'models' would have to be a file and a folder at once" in m for m in messages)
    assert any("differ only in upper and lower case" in m and "data" in m.lower() for m in messages)
    assert any("café" in m or "cafe\u0301" in m for m in messages)
    assert len(found) == 4


@pytest.fixture
def built_site_object(fixture_site):
    from site_builder import build as build_module

    config = build_module.load_project(fixture_site("minimal"), environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, site = build_module.check(config)
    assert site is not None, problems
    return site


# ---------------------------------------------------------------- the _headers file

def _config(base_url: str) -> SiteConfig:
    from site_builder import build as build_module

    return build_module.load_project(FIXTURES / "minimal", base_url=base_url, environ={"SOURCE_DATE_EPOCH": "1"})


def test_headers_file_sends_the_security_headers(built_site):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[2] == "/*"
    policy = next(line for line in lines if line.startswith("  Content-Security-Policy: "))
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
                      "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
                      "require-trusted-types-for 'script'", "upgrade-insecure-requests"):
        assert directive in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    for header in ("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "X-Frame-Options: DENY",
                   "Cross-Origin-Opener-Policy: same-origin", "Strict-Transport-Security: max-age=31536000",
                   "Permissions-Policy: accelerometer=()"):
        assert f"  {header}" in text
    assert "/static/*\n  Cache-Control: public, max-age=31536000, immutable" in text


def test_plain_http_sites_get_no_https_only_headers():
    text = headers.headers_file(_config("http://intranet.example/")).decode()
    assert "Strict-Transport-Security" not in text and "upgrade-insecure-requests" not in text
    assert "X-Content-Type-Options: nosniff" in text


def test_the_headers_cannot_be_split_by_a_base_url():
    for base_url in ("https://example.org/\r\nSet-Cookie: x=1", "https://example.org/ x"):
        with pytest.raises(Exception):
            _config(base_url)


def test_an_output_path_that_leaves_the_output_folder_is_refused(built_site_object):
    found = collisions.output_collisions(built_site_object, [("rogue", {"../../.bashrc": b"", "/etc/x": b"",
                                                                       "a/./b": b"", "c:d": b"", "ok.txt": b""})])
    assert len(found) == 4 and all("would be written outside the output folder" in p.message for p in found)


def test_build_refuses_two_producers_writing_one_file(fixture_site, tmp_path, monkeypatch, run_cli):
    from site_builder import build as build_module

    def twin(site, theme):
        return {"_headers": b"# another\n"}, []

    monkeypatch.setattr(build_module, "PRODUCERS", build_module.PRODUCERS + (twin,))
    code, _, err = run_cli(["build", fixture_site("minimal"), "--out", tmp_path / "out"])
    assert code == 1 and "the output '_headers' is made by both http_headers and twin" in err
    assert not (tmp_path / "out").exists()
