"""``site-builder serve`` is a local preview, not a way into the editor's computer.

The real command runs in a child process on a free port. It must listen on 127.0.0.1 only,
answer only with files inside the output folder (whatever the spelling of ``..``, the
percent-encoding or the links placed in the output), refuse other methods and foreign
``Host`` names (DNS rebinding), and keep answering through a burst of concurrent requests.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
SECRET = "bí-mật-không-được-lộ-7f3a"  # in site.yaml and in a file beside the project


def _raw_get(port: int, target: str, host: str = "127.0.0.1", method: str = "GET") -> tuple[int, bytes]:
    """Send a request line exactly as written (no client-side normalisation); (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"{method} {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
                           .encode("latin-1"))
        data = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    project = root / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    with open(project / "site.yaml", "a", encoding="utf-8") as settings:
        settings.write(f"# {SECRET}\n")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", str(project), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1750000000", "PYTHONUNBUFFERED": "1"})
    port, seen = None, []
    deadline = time.monotonic() + 120
    while port is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
    if port is None:
        process.kill()
        pytest.fail("site-builder serve did not start: " + "".join(seen))
    output = project / "output"
    os.symlink(root / "secret.txt", output / "leak.txt")
    os.symlink(root, output / "leak-folder")
    try:
        yield {"port": port, "process": process, "output": output, "project": project}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_preview_serves_the_site(preview):
    status, body = _raw_get(preview["port"], "/")
    assert status == 200 and b"<html" in body


def test_it_listens_on_the_loopback_address_only(preview):
    port = preview["port"]
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if os.path.exists(table):
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    listening.append(local.rsplit(":", 1)[0])
    if not listening:
        pytest.skip("no /proc/net/tcp to read the listening address from")
    assert listening == ["0100007F"], f"listening on {listening} (0100007F is 127.0.0.1)"


TRAVERSALS = [
    "/../site.yaml", "/../../secret.txt", "/%2e%2e/site.yaml", "/%2E%2E/%2E%2E/secret.txt", "/%2e%2e%2fsite.yaml",
    "/..%2fsite.yaml", "/..%2f..%2fsecret.txt", "/%252e%252e/site.yaml", "/%252e%252e%252fsite.yaml",
    "/..%5csite.yaml", "/..\\site.yaml", "/static/..%2f..%2fsite.yaml", "/models/../../site.yaml",
    "/.%2e/site.yaml", "/%2e./site.yaml", "/..;/site.yaml", "/%c0%ae%c0%ae/site.yaml", "/%e0%80%ae%e0%80%ae/site.yaml",
    "//etc/passwd", "/%2f%2fetc%2fpasswd", "/%2fetc%2fpasswd", "///../site.yaml", "/./../site.yaml",
    "/..%00/site.yaml", "/site.yaml%00.html", "/leak.txt", "/leak-folder/secret.txt", "/leak-folder/project/site.yaml",
    "http://127.0.0.1/../site.yaml", "/.git/config", "/..", "/%2e%2e",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_nothing_outside_the_output_is_served(preview, target):
    status, body = _raw_get(preview["port"], target)
    assert SECRET.encode() not in body and b"root:" not in body and b"[core]" not in body
    assert status in (301, 302, 400, 403, 404), status


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT"])
def test_only_get_and_head(preview, method):
    status, _ = _raw_get(preview["port"], "/", method=method)
    assert status in (400, 405, 501)
    assert (preview["output"] / "index.html").is_file()


def test_foreign_host_names_are_refused(preview):
    """A web page on another site cannot read the preview by pointing its own name at 127.0.0.1."""
    status, body = _raw_get(preview["port"], "/", host="evil.example")
    assert status == 403 and b"<html" not in body
    assert _raw_get(preview["port"], "/", host="localhost")[0] == 200


def test_a_burst_of_concurrent_requests(preview):
    port = preview["port"]
    paths = ["/", "/models/", "/models/mot-cua/", "/en/", "/units/", "/404-not-here/", "/../site.yaml",
             "/static/" + next((preview["output"] / "static").iterdir()).name]

    def fetch(index: int) -> int:
        return _raw_get(port, paths[index % len(paths)])[0]

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        statuses = list(pool.map(fetch, range(800)))
    elapsed = time.monotonic() - started
    assert statuses.count(0) == 0, "some requests got no answer"
    assert set(statuses) <= {200, 301, 302, 404}
    assert _raw_get(port, "/")[0] == 200 and preview["process"].poll() is None
    print(f"\n800 requests, 64 at a time: {elapsed:.2f} s")


def test_half_open_connections_do_not_block_others(preview):
    """Slow clients that send nothing hold a thread each, not the whole server."""
    port = preview["port"]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(50)]
    try:
        assert _raw_get(port, "/models/")[0] == 200
    finally:
        for connection in idle:
            connection.close()
