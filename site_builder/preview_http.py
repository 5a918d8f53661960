"""The preview server's HTTP side: what ``site-builder serve`` answers, and what it refuses.

- Files come only from inside the output folder (:func:`safe_request_path`,
  :func:`resolve_output_file`): no ``..`` or ``.`` segments, no hidden names, no empty segments,
  no backslashes, control characters, invalid UTF-8 or double percent-encoding, and no links
  that resolve outside the folder. Only GET and HEAD. On a loopback address, only requests whose
  ``Host`` is a loopback name, so a web page cannot reach the preview through DNS rebinding.
- HTML pages get the reload script (an external file: the strict CSP sent with every response
  holds); while the content has errors they are replaced by :func:`problems_page`.
- ``/__site-builder__/events`` is a Server-Sent Events stream of change events,
  ``/__site-builder__/status`` the current problems as JSON.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import posixpath
import socket
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import Problem, UsageError

PREFIX = "/__site-builder__/"
MAX_EVENT_STREAMS = 64
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


class _Handler(BaseHTTPRequestHandler):
    server_version = "site-builder-preview"
    protocol_version = "HTTP/1.1"
    preview = None  # the serve.Preview, set on the subclass made by make_server
    head = False      # a HEAD request: headers only

    def log_message(self, format, *args) -> None:  # noqa: A002 - the name is the standard library's
        pass  # rebuilds are reported instead of every request

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _not_allowed(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"Method not allowed\n", "text/plain; charset=utf-8",
                   extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _respond(self, head: bool) -> None:
        self.head = head
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden: unknown Host\n", "text/plain; charset=utf-8")
            return
        raw_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if raw_path.startswith(PREFIX):
            self._internal(raw_path[len(PREFIX):])
            return
        path = safe_request_path(raw_path)
        if path is None:
            self._not_found()
            return
        base = self.preview.config.base_path
        if not path.startswith(base):
            if path == "/" or base.startswith(path.rstrip("/") + "/"):
                self._redirect(base)
            else:
                self._not_found()
            return
        rel = path[len(base):]
        _, outcome = self.preview.snapshot()
        is_page = rel == "" or rel.endswith("/") or rel.endswith(".html") or "." not in rel.rsplit("/", 1)[-1]
        if outcome is not None and not outcome.ok and is_page:
            self._problems_page(outcome)
            return
        target = resolve_output_file(self.preview.config.output_dir, rel)
        if target == "directory":
            self._redirect(path + "/")
        elif target is None:
            self._not_found(rel)
        else:
            self._file(target, HTTPStatus.OK)

    def _host_allowed(self) -> bool:
        bound = self.server.server_address[0]
        if bound not in ("127.0.0.1", "::1", "localhost"):
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]", 1)[0] + "]"
        return name in LOOPBACK_NAMES or name.endswith(".localhost")

    def _internal(self, name: str) -> None:
        if name == "reload.js":
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        elif name == "preview.css":
            self._send(HTTPStatus.OK, PREVIEW_CSS.encode(), "text/css; charset=utf-8")
        elif name == "events":
            self._events()
        elif name == "status":
            generation, outcome = self.preview.snapshot()
            body = {"generation": generation, "ok": bool(outcome and outcome.ok),
                    "problems": [p.as_dict() for p in outcome.problems] if outcome else []}
            self._send(HTTPStatus.OK, json.dumps(body, ensure_ascii=False, sort_keys=True).encode(),
                       "application/json; charset=utf-8")
        else:
            self._not_found()

    def _events(self) -> None:
        """A Server-Sent Events stream: a first message with the generation, then every change."""
        preview = self.preview
        with preview.lock:
            if preview.streams >= MAX_EVENT_STREAMS:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"Too many open pages\n", "text/plain; charset=utf-8")
                return
            preview.streams += 1
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            if self.head:
                return
            generation, outcome = preview.snapshot()
            self._event({"generation": generation, "ok": bool(outcome and outcome.ok), "hello": True})
            while not preview.stopping:
                events = preview.wait_for_event(generation, timeout=15)
                if not events:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                for event in events:
                    self._event(event)
                generation = events[-1]["generation"]
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass
        finally:
            with preview.lock:
                preview.streams -= 1
            self.close_connection = True

    def _event(self, event: dict) -> None:
        self.wfile.write(b"data: " + json.dumps(event, sort_keys=True).encode() + b"\n\n")
        self.wfile.flush()

    def _problems_page(self, outcome) -> None:
        generation, _ = self.preview.snapshot()
        body = problems_page(outcome.problems, self.preview.config.project_dir, generation)
        self._send(HTTPStatus.INTERNAL_SERVER_ERROR, body, "text/html; charset=utf-8")

    def _not_found(self, rel: str = "") -> None:
        config = self.preview.config
        language = rel.split("/", 1)[0] if "/" in rel else ""
        candidates = ([f"{language}/404.html"] if language in config.languages[1:] else []) + ["404.html"]
        for candidate in candidates:
            target = resolve_output_file(config.output_dir, candidate)
            if isinstance(target, Path):
                self._file(target, HTTPStatus.NOT_FOUND)
                return
        self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(HTTPStatus.FOUND, b"", "text/plain; charset=utf-8",
                   extra={"Location": urllib.parse.quote(location, safe="/%")})

    def _file(self, target: Path, status: HTTPStatus) -> None:
        try:
            data = target.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")
            return
        content_type = content_type_of(target.name)
        if content_type.startswith("text/html"):
            if status == HTTPStatus.OK:  # a page a browser shows: an edit renders it first
                self.preview.saw(target.resolve().relative_to(self.preview.config.output_dir.resolve()).as_posix())
            generation, _ = self.preview.snapshot()
            data = inject_reload(data, generation, ok=True)
        self._send(status, data, content_type)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", CSP)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not self.head:
            self.wfile.write(body)


def safe_request_path(raw: str) -> str | None:
    """The decoded URL path when it is safe to map onto the output folder, else ``None``:
    no ``..`` or ``.`` segments, no hidden names, no empty segments, no backslashes or control
    characters, and valid UTF-8, whatever the percent-encoding."""
    if not raw.startswith("/"):
        return None
    try:
        path = urllib.parse.unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "%" in path and path != urllib.parse.unquote(path):
        return None  # double encoding: refuse instead of guessing
    if any(ord(c) < 32 or c in "\\\x7f" for c in path):
        return None
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "" and not last:
            return None
        if segment.startswith(".") and segment != ".well-known":
            return None
    return path


def resolve_output_file(output_dir: Path, rel: str):
    """The file under ``output_dir`` that serves ``rel``, ``"directory"`` for a folder without a
    trailing slash, or ``None``; links that lead outside the folder are refused."""
    root = os.path.realpath(output_dir)
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    candidate = os.path.realpath(os.path.join(root, *rel.split("/")))
    if os.path.commonpath([root, candidate]) != root or candidate == root:
        return None
    if os.path.isdir(candidate):
        return "directory" if os.path.isfile(os.path.join(candidate, "index.html")) else None
    return Path(candidate) if os.path.isfile(candidate) else None


def content_type_of(name: str) -> str:
    types = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
             ".svg": "image/svg+xml", ".xml": "application/xml", ".atom": "application/atom+xml",
             ".csv": "text/csv", ".txt": "text/plain", ".webmanifest": "application/manifest+json",
             ".geojson": "application/geo+json"}
    suffix = posixpath.splitext(name)[1].lower()
    found = types.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    text = found.startswith("text/") or found.endswith(("json", "xml", "javascript"))
    return found + "; charset=utf-8" if text else found


def inject_reload(page: bytes, generation: int, ok: bool) -> bytes:
    """The page with the reload script before ``</body>`` (an external script: no inline code)."""
    tag = (f'<script src="{PREFIX}reload.js" data-generation="{generation}" data-ok="{"true" if ok else "false"}" '
           f'defer></script>').encode()
    index = page.rfind(b"</body>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def problems_page(problems: list[Problem], project_dir: Path, generation: int) -> bytes:
    """The page shown instead of every page while the content has errors."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    items = []
    for problem in errors + warnings:
        where = html.escape(str(problem.location))
        absolute = (Path(project_dir).resolve() / problem.location.path).as_posix()
        line, column = problem.location.line or 1, problem.location.column or 1
        link = f"vscode://file{urllib.parse.quote(absolute)}:{line}:{column}"
        level = "error" if problem.is_error else "warning"
        items.append(
            f'<li class="problem {level}"><p><a class="where" href="{html.escape(link)}"><code>{where}</code></a>'
            + (' <span class="label">Cảnh báo · warning</span>' if level == "warning" else "")
            + (f' <strong class="field">{html.escape(problem.field)}</strong>' if problem.field else "")
            + f'</p><p class="message">{html.escape(problem.message)}</p>'
            + (f'<p class="hint"><span>Cách sửa · Fix:</span> {html.escape(problem.hint)}</p>'
               if problem.hint else "")
            + "</li>")
    page = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Nội dung có lỗi · The content has errors</title>
<link rel="stylesheet" href="{PREFIX}preview.css">
</head>
<body>
<main>
<h1>Nội dung có lỗi, chưa thể hiển thị trang</h1>
<p class="lead" lang="en">The content has errors: pages are shown again as soon as they are fixed.</p>
<p class="summary">{len(errors)} lỗi, {len(warnings)} cảnh báo ·
{len(errors)} error(s), {len(warnings)} warning(s).
Thư mục output/ vẫn giữ bản dựng tốt gần nhất · output/ keeps the last good build.</p>
<ol class="problems">
{chr(10).join(items)}
</ol>
<p class="muted">Sửa tệp rồi lưu lại: trang này tự tải lại ·
Fix the file and save: this page reloads by itself.</p>
</main>
</body>
</html>
"""
    return inject_reload(page.encode("utf-8"), generation, ok=False)


RELOAD_JS = """// site-builder preview: reload this page when its file changes (Server-Sent Events).
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script.getAttribute("data-generation"));
  var ok = script.getAttribute("data-ok") === "true";
  var here = decodeURI(location.pathname);
  var source = new EventSource("%(prefix)sevents");
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    if (event.hello) {
      if (event.generation !== generation) { location.reload(); }
      return;
    }
    if (event.ok !== ok || event.paths === null || event.paths.indexOf(here) >= 0 ||
        event.paths.indexOf(here + "index.html") >= 0) {
      source.close();
      location.reload();
      return;
    }
    generation = event.generation;
  };
})();
""" % {"prefix": PREFIX}

PREVIEW_CSS = """body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; color: #8a1c1c; margin: 0 0 .5rem; }
.lead, .summary, .muted { color: #444; }
.problems { padding-left: 1.5rem; }
.problem { margin: 0 0 1rem; padding: .5rem .75rem; border-left: 4px solid #b3261e; background: #fdf3f2; }
.problem.warning { border-left-color: #8a6100; background: #fdf8ec; }
.problem p { margin: .15rem 0; overflow-wrap: anywhere; }
.where code { font-size: .95rem; }
.field { font-family: ui-monospace, monospace; }
.hint span { font-weight: 600; }
a { color: #0b57d0; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #eee; }
  .problem { background: #2a1715; } .problem.warning { background: #2a2412; }
  .lead, .summary, .muted { color: #bbb; } a { color: #8ab4f8; } h1 { color: #f28b82; }
}
"""


def make_server(preview, host: str, port: int) -> ThreadingHTTPServer:
    """The HTTP server (not started); port 0 picks a free port."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    server_class = type("Server", (ThreadingHTTPServer,), {
        "daemon_threads": True, "allow_reuse_address": True, "request_queue_size": 128,
        "address_family": socket.AF_INET6 if ":" in host else socket.AF_INET})
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                         f"choose another port with --port") from None
