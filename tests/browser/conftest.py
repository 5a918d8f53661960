"""Fixtures of the browser suite: the sample site built once, a local HTTP server, headless Chromium.

The site is built from the repository's own sample project (``site.yaml`` and ``content/`` at
the top of the repository) into a temporary folder: nothing is written into the repository.
Chromium is Debian's ``/usr/bin/chromium``, driven by Playwright; no browser is ever
downloaded. Without it the suite is skipped, or fails when ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .helpers import DESKTOP, ENTITY_SECTIONS, KIND_SECTIONS, REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Fixed build time, so dates on the pages do not depend on when the tests run.
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
#: How often a build of the sample failing with content errors is tried (the content may be mid-edit); not in CI.
BUILD_ATTEMPTS = 1 if os.environ.get("CI") else 3
BUILD_RETRY_SECONDS = 60


# --- building ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _source_date_epoch():
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_site(project: Path, out: Path) -> Path:
    """Build ``project`` into ``out`` with the CLI, in-process; fail the test with the problems."""
    from site_builder.cli import main

    messages = ""
    for attempt in range(BUILD_ATTEMPTS):
        if attempt:
            time.sleep(BUILD_RETRY_SECONDS)
        stdout, stderr = io.StringIO(), io.StringIO()
        with _source_date_epoch(), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(["build", str(project), "--out", str(out)])
            except Exception:  # noqa: BLE001 - a crash is reported like a failed build, with its traceback
                code = "crash"
                traceback.print_exc(file=stderr)
        if code == 0 and (out / "index.html").is_file():
            return out
        messages = f"exit code {code}\n{stderr.getvalue()}{stdout.getvalue()}"
        if code != 1:  # only content errors (exit 1) may go away by waiting; code is not re-imported
            break
    pytest.fail(f"building the sample site {project} failed after {attempt + 1} attempt(s): {messages}",
                pytrace=False)


@dataclass(frozen=True)
class Served:
    """A built site served over HTTP."""

    root: Path      # the output folder
    base: str       # http://127.0.0.1:PORT  (no trailing slash)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def path_of(self, url: str) -> str:
        """``/en/units/x/`` for ``http://127.0.0.1:PORT/en/units/x/``."""
        assert url.startswith(self.base), url
        return url[len(self.base):]

    def records(self, kind: str, lang: str = "vi") -> list[str]:
        """Paths of the record pages of ``kind`` (by the folders in the output), sorted."""
        return self._children(KIND_SECTIONS[kind], lang)

    def entities(self, entity_type: str, lang: str = "vi") -> list[str]:
        return self._children(ENTITY_SECTIONS[entity_type], lang)

    def years(self, lang: str = "vi") -> list[str]:
        return self._children("years", lang)

    def free_pages(self, lang: str = "vi") -> list[str]:
        """Paths of the free pages: one per ``content/pages/<id>.md`` of the sample, when built."""
        ids = sorted(p.stem for p in (REPO_ROOT / "content" / "pages").glob("*.md"))
        return [f"{_prefix(lang)}/{i}/" for i in ids if (self.root / i / "index.html").is_file()]

    def _children(self, section: str, lang: str) -> list[str]:
        folder = self.root / section
        return sorted(f"{_prefix(lang)}/{section}/{d.name}/" for d in folder.iterdir()
                      if d.is_dir() and d.name != "page" and (d / "index.html").is_file())


def _prefix(lang: str) -> str:
    return "" if lang == "vi" else f"/{lang}"


class _QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}  # sent with every response (a CSP, the site's _headers)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Stay quiet when the browser drops a connection (a navigation cancels the favicon)."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path, headers: dict[str, str] | None = None):
    """Serve ``root`` on 127.0.0.1 on a free port, in a thread, sending ``headers`` with every
    response; shut down on exit."""
    handler = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="browser-test-http", daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's sample project built once per session into a temporary folder."""
    return build_site(REPO_ROOT, tmp_path_factory.mktemp("sample-site") / "out")


@pytest.fixture(scope="session")
def site(built_site) -> Served:
    with serve(built_site) as served:
        yield served


@pytest.fixture(scope="session")
def paginated_site(tmp_path_factory) -> Served:
    """A copy of the sample project with ``page_size: 3``, so every listing has several pages."""
    project = tmp_path_factory.mktemp("paginated-project")
    shutil.copytree(REPO_ROOT / "content", project / "content")
    # themes/ is not copied: the repository's themes/default is the built-in theme, found anyway.
    settings = (REPO_ROOT / "site.yaml").read_text(encoding="utf-8")
    if re.search(r"^page_size:", settings, re.M):
        settings = re.sub(r"^page_size:.*$", "page_size: 3", settings, flags=re.M)
    else:
        settings = settings.rstrip("\n") + "\npage_size: 3\n"
    (project / "site.yaml").write_text(settings, encoding="utf-8")
    out = build_site(project, tmp_path_factory.mktemp("paginated-site") / "out")
    with serve(out) as served:
        yield served


# --- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        message = (f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium); "
                   "the browser tests never download a browser")
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser):
    """``new_page(viewport, js=False)``: a page in a fresh context, closed after the test.

    JavaScript is off unless asked for: the site must work fully without it.
    """
    contexts = []

    def make(viewport=DESKTOP, js: bool = False, **options):
        context = browser.new_context(viewport=viewport, java_script_enabled=js, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where screenshots go, for a look by eye: $BROWSER_SCREENSHOTS_DIR, else a fixed temporary folder.

    Not pytest's own temporary folder: that one is pruned after a few runs of any test suite.
    """
    path = Path(os.environ.get("BROWSER_SCREENSHOTS_DIR")
                or Path(tempfile.gettempdir()) / "site-builder-browser-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.png"):
        old.unlink()
    return path
