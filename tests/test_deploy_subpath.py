"""Sub-path hosting, end to end: a site built for ``https://example.github.io/minh-bach/`` is served
under ``/minh-bach/`` on 127.0.0.1 (as GitHub Pages serves a project site) and crawled over HTTP
from every page: every internal link, asset, feed and feed entry, sitemap entry, search index
address, data download and redirect must answer 200 and carry the sub-path.

The HTML link parser is the one of ``test_build.py`` (extended here with ``srcset``, meta refresh
and ``content`` addresses); this file adds the HTTP server and the crawl of the other formats.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import pytest

from test_build import _Links

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
BASE_URL = "https://example.github.io/minh-bach/"
PREFIX = "/minh-bach/"
EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}


# ---------------------------------------------------------------- serving under a sub-path

class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the output folder at ``/minh-bach/`` and nothing anywhere else (404)."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if not unquote(path).startswith(PREFIX):
            return str(Path(self.directory) / ".no-such-file-outside-the-sub-path")
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True


def serve_under_subpath(root: Path):
    """Start a server for ``root`` on 127.0.0.1 (free port); returns ``(origin, stop)``."""
    server = _Server(("127.0.0.1", 0), partial(_SubPathHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    return f"http://127.0.0.1:{server.server_address[1]}", stop


# ---------------------------------------------------------------- finding references

#: Attributes holding an address a script fetches (search.html's ``<script data-base data-index>``).
SCRIPT_ADDRESSES = ("data-base", "data-index")


class _Page(_Links):
    """test_build's parser, plus the addresses it does not look at."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        attrs = dict(attrs)
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(candidate.split()[0])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            found = re.search(r"url=(.+)$", attrs.get("content") or "", re.I)
            if found:
                self.links.append(found.group(1).strip().strip("'\""))
        if tag == "meta" and (attrs.get("content") or "").startswith(("http://", "https://", "/")):
            self.links.append(attrs["content"])
        for name in SCRIPT_ADDRESSES:  # where the search script fetches its index from
            if attrs.get(name):
                self.links.append(attrs[name])


ABSOLUTE = re.compile(re.escape("https://example.github.io") + r"/[^\s\"'<>)\]\\,|]*")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def references(path: str, content_type: str, body: bytes) -> list[str]:
    """The addresses one fetched file refers to, as written: absolute, root-relative or relative to ``path``."""
    text = body.decode("utf-8", "replace")
    links: list[str] = []
    if "html" in content_type:
        page = _Page()
        page.feed(text)
        links += page.links
    elif path.endswith(".css"):
        links += [u for u in CSS_URL.findall(text) if not u.startswith("data:")]
    elif path.endswith("_redirects"):
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                links += line.split()[:2]  # the old address (a redirect page) and the new one
    elif path.endswith(".json") and "/search-index/" in path:
        links += _search_index_paths(json.loads(text))
    # canonical, alternates, feeds, sitemap, robots, catalogue; JSON-LD "@id"s name things (#record)
    # rather than places in the page, so their fragments are not checked
    links += [found.split("#")[0] for found in ABSOLUTE.findall(text)]
    return links


def _search_index_paths(value) -> list[str]:
    """Addresses in the search index, written from the site root without a slash ("en/models/x/",
    "search-index/en/abc/t/0.bin"): the page paths (ending in /) and the index files."""
    found = []
    if isinstance(value, dict):
        for item in value.values():
            found += _search_index_paths(item)
    elif isinstance(value, list):
        for item in value:
            found += _search_index_paths(item)
    elif isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9._~/-]*/|search-index/[a-z0-9._/-]*\.[a-z]+", value):
        if not value.startswith("search-index/") or not value.endswith("/"):
            found.append(PREFIX + value)
    return found


# ---------------------------------------------------------------- the crawl

def crawl_served(root: Path) -> tuple[dict[str, int], list[str]]:
    """:func:`crawl` of ``root`` served under the sub-path on 127.0.0.1 (the server stops after)."""
    origin, stop = serve_under_subpath(root)
    try:
        return crawl(root, origin)
    finally:
        stop()


def crawl(root: Path, origin: str) -> tuple[dict[str, int], list[str]]:
    """Fetch every page of ``root`` and everything it refers to; returns ``(counts, broken)``."""
    seeds = [PREFIX + p.relative_to(root).as_posix().removesuffix("index.html")
             for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in (".html", ".xml", ".txt")
             or p.name in ("_redirects", "manifest.json", "catalog.json")]
    queue = list(dict.fromkeys(seeds))
    seen = set(queue)
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    broken: list[str] = []
    fetched = followed = 0
    while queue:
        path = queue.pop(0)
        try:
            with urllib.request.urlopen(origin + quote(path, safe="/%~"), timeout=10) as response:
                body, content_type, final = response.read(), response.headers.get("Content-Type", ""), response.url
        except urllib.error.HTTPError as error:
            broken.append(f"{path}: HTTP {error.code}")
            continue
        fetched += 1
        final_path = urlsplit(final).path
        if not final_path.startswith(PREFIX):
            broken.append(f"{path}: redirected out of the sub-path to {final_path}")
        links = references(final_path, content_type, body)
        if "html" in content_type:
            page = _Page()
            page.feed(body.decode("utf-8", "replace"))
            ids[final_path] = page.ids
        for link in links:
            target = _local(final_path, link)
            if target is None:
                continue
            if target.startswith("!"):
                broken.append(f"{path}: {link} ({target[1:]})")
                continue
            followed += 1
            target, fragment = urldefrag(target)
            if fragment:
                fragments.append((path, target, fragment))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for source, target, fragment in fragments:
        if target in ids and unquote(fragment) not in ids[target]:
            broken.append(f"{source}: {target}#{fragment} (no such id)")
    return {"files": fetched, "links": followed}, sorted(set(broken))


def _local(page_path: str, link: str) -> str | None:
    """The local path a link leads to, ``None`` for other sites, ``"!reason"`` for a wrong one."""
    if link.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    if link.startswith(BASE_URL):
        return PREFIX + link[len(BASE_URL):]
    if link.startswith("https://example.github.io"):
        return "!outside the sub-path"
    if urlsplit(link).scheme or link.startswith("//"):
        return None  # another site (sources, licences)
    target = urljoin(page_path, link)
    if urlsplit(target).path.startswith(PREFIX):
        return target
    return "!no sub-path" if link.startswith("/") else "!outside the sub-path"


# ---------------------------------------------------------------- the sites

def _build(project: Path, output: Path, **options) -> Path:
    from site_builder import build as build_module

    config = build_module.load_project(project, output_dir=output, environ=EPOCH, base_url=BASE_URL, **options)
    build_module.build(config)
    return output


def _add_aliases(project: Path) -> None:
    """Give a record two old addresses (an old id and an old path), so the build writes redirects."""
    record = project / "content/models/dong-anh-5-ro.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("id: dong-anh-5-ro\n", "id: dong-anh-5-ro\naliases: [quy-che-5-ro-cu, "
                                   "/tin-tuc/dong-anh-5-ro/]\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def each_kind_subpath(tmp_path_factory):
    root = tmp_path_factory.mktemp("subpath-each-kind")
    shutil.copytree(FIXTURES / "each-kind", root / "project")
    _add_aliases(root / "project")
    return _build(root / "project", root / "out")


def test_the_fixture_has_redirects_feeds_attachments_and_a_search_index(each_kind_subpath):
    out = each_kind_subpath
    assert "/minh-bach/tin-tuc/dong-anh-5-ro/ /minh-bach/models/dong-anh-5-ro/ 301" in \
        (out / "_redirects").read_text()
    assert (out / "models/quy-che-5-ro-cu/index.html").is_file()
    assert (out / "feed.xml").is_file() and (out / "models/dong-anh-5-ro/quy-che-5-ro.pdf").is_file()
    assert list((out / "search-index").rglob("manifest.json"))


def test_every_reference_of_every_page_resolves_under_the_sub_path(each_kind_subpath):
    counts, broken = crawl_served(each_kind_subpath)
    assert broken == []
    pages = sum(1 for _ in each_kind_subpath.rglob("*.html"))
    assert counts["files"] > pages and counts["links"] > 20 * pages, counts


def test_the_statistics_fixture_resolves_under_the_sub_path(tmp_path):
    shutil.copytree(FIXTURES / "statistics", tmp_path / "project")
    out = _build(tmp_path / "project", tmp_path / "out")
    counts, broken = crawl_served(out)
    assert broken == []
    assert counts["files"] > 20


def test_the_crawler_finds_what_is_broken(tmp_path):
    """The crawl must be able to fail: a missing page, a link without the sub-path, a wrong anchor,
    a feed entry to nowhere, a redirect target that is not there, a stylesheet's missing image, a
    search index address without the sub-path."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="s.css"><a href="/minh-bach/a/">ok</a><a href="/a/">no prefix</a>'
        '<a href="a/#nope">anchor</a><a href="https://example.github.io/other/">other site</a>'
        '<link rel="alternate" type="application/atom+xml" href="https://example.github.io/minh-bach/feed.xml">',
        encoding="utf-8")
    (tmp_path / "a/index.html").write_text(
        '<h1 id="top">A</h1><img srcset="../missing.png 2x">'
        '<script data-base="/minh-bach/" data-index="/search-index/vi/manifest.json"></script>', encoding="utf-8")
    (tmp_path / "s.css").write_text("body{background:url(img/bg.png)}", encoding="utf-8")
    (tmp_path / "feed.xml").write_text('<feed><entry><link href="https://example.github.io/minh-bach/gone/"/>'
                                       "</entry></feed>", encoding="utf-8")
    (tmp_path / "_redirects").write_text("/minh-bach/old/ /minh-bach/new/ 301\n", encoding="utf-8")
    _, broken = crawl_served(tmp_path)
    assert broken == [
        "/minh-bach/: /a/ (no sub-path)",
        "/minh-bach/: /minh-bach/a/#nope (no such id)",
        "/minh-bach/: https://example.github.io/other/ (outside the sub-path)",
        "/minh-bach/a/: /search-index/vi/manifest.json (no sub-path)",
        "/minh-bach/gone/: HTTP 404",
        "/minh-bach/img/bg.png: HTTP 404",
        "/minh-bach/missing.png: HTTP 404",
        "/minh-bach/new/: HTTP 404",
        "/minh-bach/old/: HTTP 404",
    ]


def test_nothing_is_served_outside_the_sub_path(each_kind_subpath):
    origin, stop = serve_under_subpath(each_kind_subpath)
    try:
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(origin + "/index.html", timeout=10)
        assert raised.value.code == 404
        with urllib.request.urlopen(origin + "/minh-bach/index.html", timeout=10) as response:
            assert response.status == 200
    finally:
        stop()
