"""``site-builder serve``: preview the site on 127.0.0.1, rebuilding what each save affects.

- The output is rebuilt by :class:`rebuild.Rebuilder` (the record's own pages first, then the
  listings and facets that include it, then downloads and feeds) and open pages reload by
  themselves: a small external script (no inline code, so a strict CSP holds) listens to
  ``/__site-builder__/events`` and reloads the page when its file changed.
- While the content has errors, every page is replaced by the list of problems (file:line,
  field, message, fix), served from memory; ``output/`` keeps the last good build.
- Only files inside the output folder are served, only to loopback host names by default
  (:mod:`preview_http` answers the requests).
- Files are watched with the operating system's notifications (watchdog), with polling as a
  fallback; bursts of saves (a ``git checkout``) are gathered into one rebuild.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

from .config import SiteConfig
from .errors import UsageError
from .preview_http import make_server
from .preview_http import problems_page, resolve_output_file, safe_request_path
from .rebuild import GIT_MARKER, Outcome, Rebuilder

__all__ = ["Preview", "PreviewServer", "serve", "watch",
           "problems_page", "resolve_output_file", "safe_request_path"]  # the last three from preview_http

VIEWED_PAGES = 20         #: pages browsers asked for that an edit renders first
QUIET_SECONDS = 0.02      #: a burst of saves ends when nothing changed for this long ...
BURST_LIMIT_SECONDS = 0.5  #: ... or when it has lasted this long
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".crdownload", ".part")


class Preview:
    """The preview: a rebuilder, its last outcome, and the generation counter pages listen to."""

    def __init__(self, config: SiteConfig, rebuilder: Rebuilder, log=print) -> None:
        self.config = config
        self.rebuilder = rebuilder
        self.log = log
        self.lock = threading.Condition()
        self.generation = 0
        self.outcome: Outcome | None = None
        self.events: list[dict] = []          # recent change events, for the event streams
        self.pending: set[str] = set()
        self.last_change = 0.0
        self.first_change = 0.0
        self.stopping = False
        self.building = False
        self.streams = 0
        self.viewed: OrderedDict[str, None] = OrderedDict()  # output paths of pages served, latest last

    def saw(self, output: str) -> None:
        """A browser asked for the page ``output``: after an edit it is rendered first (see :meth:`watched`)."""
        with self.lock:
            self.viewed.pop(output, None)
            self.viewed[output] = None
            while len(self.viewed) > VIEWED_PAGES:
                self.viewed.popitem(last=False)

    def watched(self) -> list[str]:
        """The pages browsers asked for lately, the latest first: the ones an editor is looking at."""
        with self.lock:
            return list(reversed(self.viewed))

    # ---------------------------------------------------------------- building

    def changed(self, paths) -> None:
        """Called by the watcher with project-relative paths."""
        now = time.monotonic()
        with self.lock:
            if not self.pending:
                self.first_change = now
            self.pending.update(paths)
            self.last_change = now
            self.lock.notify_all()

    def build_forever(self) -> None:
        """Rebuild after each burst of changes, until :meth:`stop` (the first build is done before)."""
        while True:
            with self.lock:
                while not self.stopping and not self._burst_over():
                    self.lock.wait(timeout=QUIET_SECONDS if self.pending else 1.0)
                if self.stopping:
                    return
                paths, self.pending = self.pending, set()
            self.rebuild(paths)

    def _burst_over(self) -> bool:
        now = time.monotonic()
        return bool(self.pending) and (now - self.last_change >= QUIET_SECONDS
                                       or now - self.first_change >= BURST_LIMIT_SECONDS)

    def rebuild(self, paths) -> Outcome:
        self.building = True
        try:
            outcome = self.rebuilder.rebuild(paths, on_written=self._announce,
                                             interrupted=lambda: bool(self.pending) or self.stopping)
        finally:
            self.building = False
        with self.lock:
            was_ok = self.outcome.ok if self.outcome else None
            self.outcome = outcome
            if was_ok is not outcome.ok:
                self._publish({"ok": outcome.ok, "paths": None})
        self._report(outcome, paths)
        return outcome

    def _announce(self, outputs: set[str]) -> None:
        with self.lock:
            self._publish({"ok": True, "paths": sorted(self.url_of(p) for p in outputs)})

    def _publish(self, event: dict) -> None:
        """Under the lock: a new generation, told to every open page."""
        self.generation += 1
        event["generation"] = self.generation
        self.events = (self.events + [event])[-100:]
        self.lock.notify_all()

    def url_of(self, output: str) -> str:
        base = self.config.base_path
        return base + (output[: -len("index.html")] if output.endswith("index.html") else output)

    def _report(self, outcome: Outcome, paths) -> None:
        what = ", ".join(sorted(paths)[:3]) + (" …" if len(paths) > 3 else "") if paths else "first build"
        for problem in outcome.problems:
            self.log(problem.format(), file=sys.stderr)
        if not outcome.ok:
            errors = sum(1 for p in outcome.problems if p.is_error)
            self.log(f"{what}: {errors} error(s); the browser shows them until they are fixed "
                     f"(output/ keeps the last good build).", file=sys.stderr)
            return
        kind = "everything" if outcome.full else "partial"
        note = " (downloads, feeds and statistics follow)" if self.rebuilder.background and \
            not outcome.full else " (downloads and feeds wait for the next save)" if outcome.interrupted else ""
        steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in outcome.timings.items())
        self.log(f"{what}: rendered {outcome.rendered} page(s) ({kind}), {len(outcome.written)} file(s) changed, "
                 f"{len(outcome.removed)} removed, in {outcome.seconds:.2f} s ({steps}){note}.")

    def rebuilder_busy(self) -> bool:
        """Whether a rebuild is running (or saves wait for one, or downloads and feeds are being made)."""
        return self.building or bool(self.pending) or self.rebuilder.busy()

    def finished_later(self, outcome: Outcome) -> None:
        """Step 3 (downloads, feeds, statistics) finished in the background."""
        if not outcome.ok:
            with self.lock:
                self.outcome = outcome
                self._publish({"ok": False, "paths": None})
            self._report(outcome, ["downloads, feeds and statistics"])
        elif outcome.written:
            self.log(f"downloads, feeds and statistics: {len(outcome.written)} file(s) changed, "
                     f"{len(outcome.removed)} removed, in {outcome.seconds:.2f} s.")

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            self.lock.notify_all()

    # ---------------------------------------------------------------- what the handler reads

    def snapshot(self) -> tuple[int, Outcome | None]:
        with self.lock:
            return self.generation, self.outcome

    def wait_for_event(self, after: int, timeout: float) -> list[dict]:
        with self.lock:
            self.lock.wait_for(lambda: self.generation > after or self.stopping, timeout=timeout)
            return [e for e in self.events if e["generation"] > after]


def watch(preview: Preview, config: SiteConfig, interval: float = 1.0):
    """Start watching content/, themes/, site.yaml and the git reflog; returns the observer."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    project = Path(config.project_dir).resolve()
    git_logs = _git_logs_dir(project)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write") or \
                    (event.is_directory and event.event_type == "modified"):
                return
            found = set()
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                rel = _project_path(project, git_logs, os.fsdecode(raw)) if raw else None
                if rel:
                    found.add(rel)
            if found:
                preview.changed(found)

    targets = [(project, False)] + [(project / name, True) for name in ("content", "themes")
                                    if (project / name).is_dir()]
    if git_logs is not None:
        targets.append((git_logs, False))
    for observer_class in (Observer, PollingObserver):
        observer = observer_class() if observer_class is Observer else observer_class(timeout=interval)
        try:
            for folder, recursive in targets:
                observer.schedule(Handler(), str(folder), recursive=recursive)
            observer.start()
            return observer
        except OSError as exc:  # e.g. the inotify watch limit: poll instead
            print(f"File notifications are not available ({exc}); checking for changes every {interval:g} s.",
                  file=sys.stderr)
    raise UsageError("cannot watch the project folder for changes")


def _git_logs_dir(project: Path) -> Path | None:
    for folder in (project, *project.parents):
        if (folder / ".git" / "logs").is_dir():
            return folder / ".git" / "logs"
        if (folder / ".git").exists():
            return None
    return None


def _project_path(project: Path, git_logs: Path | None, raw: str) -> str | None:
    path = Path(raw)
    if git_logs is not None and path == git_logs / "HEAD":
        return GIT_MARKER
    try:
        rel = path.relative_to(project).as_posix()
    except ValueError:
        return None
    name = path.name
    if name.startswith((".#", "#")) or name.endswith(IGNORED_SUFFIXES) or name == "4913":
        return None
    if rel == "site.yaml" or rel.startswith(("content/", "themes/")):
        return rel
    if rel in ("content", "themes"):
        return rel + "/"
    return None


class PreviewServer:
    """Everything ``serve`` runs, startable and stoppable in-process (tests use port 0)."""

    def __init__(self, config: SiteConfig, host: str = "127.0.0.1", port: int = 8000, *, with_history: bool = True,
                 reload_config=None, log=print) -> None:
        self.config = config
        rebuilder = Rebuilder(config, with_history=with_history, options=reload_config, background=True,
                              on_background=lambda outcome: self.preview.finished_later(outcome),
                              watched=lambda: self.preview.watched())
        self.preview = Preview(config, rebuilder, log)
        self.server = make_server(self.preview, host, port)
        self.observer = None
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.config.base_path}"

    def start(self, *, serve_in_thread: bool = True) -> "PreviewServer":
        self.preview.rebuild(())
        self.observer = watch(self.preview, self.config)
        self.threads = [threading.Thread(target=self.preview.build_forever, daemon=True, name="rebuild")]
        if serve_in_thread:
            self.threads.append(threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                                 daemon=True, name="http"))
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.preview.stop()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
        self.server.shutdown() if len(self.threads) > 1 else None
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=10)


def serve(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000, *, with_history: bool = True,
          reload_config=None) -> int:
    """Build, serve and rebuild until Ctrl+C; returns the exit code."""
    server = PreviewServer(config, host, port, with_history=with_history, reload_config=reload_config)
    print("Building…")
    server.start(serve_in_thread=False)
    print(f"Serving {config.output_dir} at {server.url} (Ctrl+C to stop)")
    if host not in ("127.0.0.1", "::1", "localhost"):
        print(f"Warning: listening on {host}: other computers on the network can open the preview.",
              file=sys.stderr)
    try:
        server.server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.stop()
    return 0
