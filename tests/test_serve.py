"""The preview server over HTTP on 127.0.0.1: edits are rebuilt, errors are shown, nothing leaks.

Each test starts ``PreviewServer`` on a free port in this process, edits files of a fixture copy
and reads pages over HTTP, waiting (up to a generous limit) for the rebuild to land; nothing here
measures speed.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder.serve import PreviewServer, resolve_output_file, safe_request_path

MODEL = "content/models/dong-anh-5-ro.md"
PAGE = "/models/dong-anh-5-ro/"
PATIENCE = 60  # seconds a rebuild may take on a slow, busy machine


@pytest.fixture
def preview(fixture_site):
    project = fixture_site("each-kind")
    (project / "secret.txt").write_text("do not serve me\n", encoding="utf-8")
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    server = PreviewServer(config, "127.0.0.1", 0, with_history=False, log=lambda *a, **k: None).start()
    yield server
    server.stop()


def request(server: PreviewServer, path: str, method: str = "GET", host: str | None = None,
            headers: dict | None = None) -> tuple[int, dict, str]:
    address, port = server.server.server_address[:2]
    connection = http.client.HTTPConnection(address, port, timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def wait_for(check, what: str):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def edit(server: PreviewServer, rel: str, old: str, new: str) -> None:
    path = Path(server.config.project_dir) / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_binds_the_loopback_address_by_default(preview):
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://127.0.0.1:")


def test_a_saved_record_is_rebuilt_and_served(preview):
    status, headers, body = request(preview, PAGE)
    assert status == 200 and "/__site-builder__/reload.js" in body
    assert "Content-Security-Policy" in {k.title(): v for k, v in headers.items()}
    assert "script-src 'self'" in headers["content-security-policy"] and "unsafe-inline" not in \
        headers["content-security-policy"]
    edit(preview, MODEL, "\n---\n", "\n---\nĐoạn văn vừa được lưu.\n\n")
    wait_for(lambda: "Đoạn văn vừa được lưu." in request(preview, PAGE)[2], "the edited page")
    output = Path(preview.config.output_dir) / "models/dong-anh-5-ro/index.html"
    assert "Đoạn văn vừa được lưu." in output.read_text(encoding="utf-8")
    assert "reload.js" not in output.read_text(encoding="utf-8")  # injected when served, never written


def test_a_data_file_change_reaches_the_pages_that_use_it(preview):
    edit(preview, "content/data/localities.yaml", "Đông Anh", "Đông Anh (tên cũ)")
    wait_for(lambda: "Đông Anh (tên cũ)" in request(preview, PAGE)[2], "the new locality name on the record")


def test_invalid_content_shows_the_problems_instead_of_pages_and_keeps_output(preview):
    output = Path(preview.config.output_dir) / "models/dong-anh-5-ro/index.html"
    good = output.read_bytes()
    edit(preview, MODEL, "locality: huyen-dong-anh", "locality: huyen-dong-anhh")
    status, _, body = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(request(preview, PAGE)), "the error page")
    assert f"{MODEL}:" in body and "locality" in body and "huyen-dong-anh" in body  # path:line, field, the fix
    assert "did you mean" in body and 'data-ok="false"' in body
    assert request(preview, "/")[0] == 500  # every page, not only the broken record's
    assert output.read_bytes() == good  # output/ keeps the last good build
    css = next((Path(preview.config.output_dir) / "static").glob("style.*.css")).name
    assert request(preview, f"/static/{css}")[0] == 200  # assets are still served
    status_json = json.loads(request(preview, "/__site-builder__/status")[2])
    assert status_json["ok"] is False and status_json["problems"][0]["field"] == "locality"
    edit(preview, MODEL, "locality: huyen-dong-anhh", "locality: huyen-dong-anh")
    wait_for(lambda: request(preview, PAGE)[0] == 200, "the page to come back")


def test_the_server_survives_a_burst_of_saves(preview):
    path = Path(preview.config.project_dir) / MODEL
    original = path.read_text(encoding="utf-8")
    for number in range(30):
        path.write_text(original.replace("\n---\n", f"\n---\nLần lưu số {number}.\n\n", 1), encoding="utf-8")
        if number % 7 == 3:  # a broken save in the middle of the burst
            path.write_text(original.replace("locality:", "locality: [", 1), encoding="utf-8")
    path.write_text(original.replace("\n---\n", "\n---\nLần lưu cuối cùng.\n\n", 1), encoding="utf-8")
    wait_for(lambda: "Lần lưu cuối cùng." in request(preview, PAGE)[2], "the last save")
    assert "Lần lưu số" not in request(preview, PAGE)[2]


def test_change_events_name_the_pages_that_changed(preview):
    address, port = preview.server.server_address[:2]
    stream = socket.create_connection((address, port), timeout=PATIENCE)
    stream.sendall(f"GET /__site-builder__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"hello" not in received:
        received += stream.recv(4096)
    edit(preview, MODEL, "\n---\n", "\n---\nSự kiện thay đổi.\n\n")
    while PAGE.encode() not in received.split(b"hello", 1)[1]:
        chunk = stream.recv(4096)
        assert chunk, "the event stream closed"
        received += chunk
    stream.close()
    assert b"text/event-stream" in received


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/%252e%252e/secret.txt",
    "/static/../../secret.txt", "/models/..%5c..%5csecret.txt", "//secret.txt", "/.%2e/secret.txt",
    "/%00/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/site.yaml", "/content/models/dong-anh-5-ro.md",
])
def test_nothing_outside_the_output_is_served(preview, path):
    status, _, body = request(preview, path)
    assert status in (400, 404) and "do not serve me" not in body and "locality:" not in body


def test_links_that_lead_outside_the_output_are_refused(preview):
    output = Path(preview.config.output_dir)
    (output / "leak.txt").symlink_to(Path(preview.config.project_dir) / "secret.txt")
    (output / "leakdir").symlink_to(Path(preview.config.project_dir))
    assert request(preview, "/leak.txt")[0] == 404
    assert request(preview, "/leakdir/secret.txt")[0] == 404


def test_only_get_and_head_and_only_loopback_host_names(preview):
    assert request(preview, PAGE, "POST")[0] == 405
    assert request(preview, PAGE, "PUT")[0] == 405
    status, headers, body = request(preview, PAGE, "HEAD")
    assert status == 200 and body == "" and int(headers["content-length"]) > 0
    assert request(preview, PAGE, host="evil.example")[0] == 403  # DNS rebinding
    assert request(preview, PAGE, host="localhost")[0] == 200


def test_folders_redirect_to_their_slash_and_unknown_pages_get_the_404_page(preview):
    status, headers, _ = request(preview, "/models/dong-anh-5-ro")
    assert status == 302 and headers["location"] == "/models/dong-anh-5-ro/"
    status, _, body = request(preview, "/khong-co-trang-nay/")
    assert status == 404 and "reload.js" in body
    assert request(preview, "/en/khong-co/")[0] == 404


def test_the_request_path_checks():
    assert safe_request_path("/models/a/") == "/models/a/"
    assert safe_request_path("/models/%C4%91/") == "/models/đ/"
    for bad in ("/../a", "/a/./b", "/a//b", "/.git/config", "/a%5cb", "/%ff", "/a%00", "relative"):
        assert safe_request_path(bad) is None, bad
    assert safe_request_path("/.well-known/security.txt") == "/.well-known/security.txt"


def test_resolve_output_file(tmp_path):
    (tmp_path / "out/models/a").mkdir(parents=True)
    (tmp_path / "out/models/a/index.html").write_text("x")
    assert resolve_output_file(tmp_path / "out", "models/a/") == tmp_path.resolve() / "out/models/a/index.html"
    assert resolve_output_file(tmp_path / "out", "models/a") == "directory"
    assert resolve_output_file(tmp_path / "out", "models/b/") is None


def test_a_sub_path_base_url_is_served_under_its_path(fixture_site):
    project = fixture_site("each-kind")
    config = build_module.load_project(project, base_url="https://example.org/minh-bach/",
                                       environ={"SOURCE_DATE_EPOCH": "1750000000"})
    server = PreviewServer(config, "127.0.0.1", 0, with_history=False, log=lambda *a, **k: None).start()
    try:
        assert server.url.endswith("/minh-bach/")
        status, headers, _ = request(server, "/")
        assert status == 302 and headers["location"] == "/minh-bach/"
        status, _, body = request(server, "/minh-bach" + PAGE)
        assert status == 200 and 'href="/minh-bach/models/"' in body
        assert request(server, PAGE)[0] == 404
    finally:
        server.stop()


def test_port_in_use_is_a_usage_error(preview):
    from site_builder.errors import UsageError
    with pytest.raises(UsageError, match="--port"):
        PreviewServer(preview.config, "127.0.0.1", preview.server.server_address[1], with_history=False)


def test_the_cli_refuses_a_bad_port(run_cli):
    code, _, err = run_cli(["serve", ".", "--port", "70000"])
    assert code == 2 and "--port" in err



def test_the_pages_browsers_ask_for_are_the_ones_an_edit_renders_first(preview):
    assert request(preview, "/models/dong-anh-5-ro/")[0] == 200
    assert request(preview, "/en/")[0] == 200
    assert request(preview, "/static/../secret.txt")[0] == 404  # never served, never remembered
    assert preview.preview.watched()[:2] == ["en/index.html", "models/dong-anh-5-ro/index.html"]
    assert preview.preview.rebuilder.watched() == preview.preview.watched()
