"""The preview server in Chromium: an open page reloads by itself after a save, shows the problems
while the content is invalid and comes back when they are fixed, all under the strict CSP the
preview sends (no inline script). The server runs in this process on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder.serve import PreviewServer

from .helpers import DESKTOP, PHONE

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sites" / "each-kind"
MODEL = "content/models/dong-anh-5-ro.md"
PATIENCE_MS = 60_000  # a rebuild on a slow, busy machine; nothing here measures speed


@pytest.fixture
def preview(tmp_path):
    project = tmp_path / "each-kind"
    shutil.copytree(FIXTURE, project)
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    server = PreviewServer(config, "127.0.0.1", 0, with_history=False, log=lambda *a, **k: None).start()
    yield server
    server.stop()


def edit(server: PreviewServer, old: str, new: str) -> None:
    path = Path(server.config.project_dir) / MODEL
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_open_page_follows_saves_errors_and_fixes(preview, new_page, screenshot_dir):
    page = new_page(DESKTOP, js=True)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    page.goto(preview.url + "models/dong-anh-5-ro/")
    for _ in range(PATIENCE_MS // 100):  # the page's reload script has connected to the event stream
        if preview.preview.streams:
            break
        page.wait_for_timeout(100)
    assert preview.preview.streams == 1

    edit(preview, "\n---\n", "\n---\nĐoạn văn mới, hiện ra không cần tải lại trang.\n\n")
    page.get_by_text("Đoạn văn mới, hiện ra không cần tải lại trang.").wait_for(timeout=PATIENCE_MS)

    edit(preview, "locality: huyen-dong-anh", "locality: huyen-dong-anhh")
    page.get_by_role("heading", name="Nội dung có lỗi, chưa thể hiển thị trang").wait_for(timeout=PATIENCE_MS)
    problem = page.locator(".problem").first
    assert MODEL in problem.inner_text() and "locality" in problem.inner_text()
    assert "huyen-dong-anh" in problem.locator(".hint").inner_text()
    page.screenshot(path=str(screenshot_dir / "serve-problems-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "serve-problems-phone.png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # long paths wrap instead of widening the page

    edit(preview, "locality: huyen-dong-anhh", "locality: huyen-dong-anh")
    page.get_by_text("Đoạn văn mới, hiện ra không cần tải lại trang.").wait_for(timeout=PATIENCE_MS)
    assert page.locator("h1").first.inner_text() != "Nội dung có lỗi, chưa thể hiển thị trang"
    assert refused == []  # nothing broke the Content-Security-Policy


def test_the_preview_works_without_javascript(preview, new_page):
    page = new_page(DESKTOP, js=False)
    page.goto(preview.url + "models/dong-anh-5-ro/")
    assert page.locator("h1").first.inner_text()
    edit(preview, "\n---\n", "\n---\nĐã lưu khi tắt JavaScript.\n\n")
    for _ in range(600):  # reload by hand until the rebuild lands
        page.reload()
        if page.get_by_text("Đã lưu khi tắt JavaScript.").count():
            break
        page.wait_for_timeout(100)
    assert page.get_by_text("Đã lưu khi tắt JavaScript.").count() == 1
