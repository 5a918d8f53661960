"""``site-builder serve``: build, serve the output on 127.0.0.1 and rebuild when a file changes.

On bad content the server keeps running, prints every problem and keeps serving the last
good build (the editor-workflow issue adds in-browser error pages and partial rebuilds).
"""

from __future__ import annotations

import sys

from .build import build
from .config import SiteConfig
from .errors import BuildFailed, UsageError


def _rebuild(config: SiteConfig) -> bool:
    try:
        report = build(config)
    except BuildFailed as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print("Build failed; still serving the last good site.", file=sys.stderr)
        return False
    except UsageError as exc:
        print(f"site-builder: {exc}", file=sys.stderr)
        return False
    print(f"Rebuilt {report.pages} pages in {report.seconds:.2f} s.")
    return True


def serve(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve until interrupted; returns the exit code."""
    from livereload import Server

    _rebuild(config)
    if not config.output_dir.is_dir():
        print("Nothing to serve yet: fix the problems above and save again.", file=sys.stderr)
        config.output_dir.mkdir(parents=True, exist_ok=True)
    server = Server()
    for watched in ("content", "themes", "site.yaml"):
        path = config.project_dir / watched
        if path.exists():
            server.watch(str(path), lambda: _rebuild(config))
    print(f"Serving {config.output_dir} at http://{host}:{port}/ (Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(config.output_dir), open_url_delay=None)
    return 0
