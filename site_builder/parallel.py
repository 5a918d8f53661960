"""Rendering pages on every core: the same pure render function, run in forked worker processes.

:func:`render.render_pages` is a pure function of the site, the theme and the page specs, so the
specs can be split into shares, each rendered by a forked copy of this process (which inherits the
site and the compiled templates without pickling them), and the results merged in the order of the
specs. The output is the same bytes as one :func:`render.render_pages` call over every spec; a test
proves it. Where ``fork`` is not available, or the work is too small to pay for a process, or
``SITE_BUILDER_JOBS=1``, everything is rendered in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import traceback

from .collisions import page_collisions
from .render import render_pages
from .theme import make_environments

#: Fewer pages than this per extra worker are rendered here: a fork costs more than it saves.
MIN_PAGES_PER_WORKER = 200


def worker_count() -> int:
    """How many processes may render: ``SITE_BUILDER_JOBS`` when set (1 = no pool), else the usable cores."""
    wanted = os.environ.get("SITE_BUILDER_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_everywhere(site, theme, specs, workers: int | None = None):
    """``({output path: bytes}, problems)`` of ``specs``, as :func:`render.render_pages` gives them,
    rendered by up to ``workers`` processes (this one included)."""
    workers = min(worker_count() if workers is None else workers, max(1, len(specs) // MIN_PAGES_PER_WORKER))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return render_pages(make_environments(site, theme), site, specs)
    shares = [specs[i::workers] for i in range(workers)]  # interleaved: each share gets every kind of page
    context = multiprocessing.get_context("fork")
    children = []
    for share in shares[1:]:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_render_share, args=(site, theme, share, sender), daemon=True)
        process.start()
        sender.close()
        children.append((process, receiver))
    results = [render_pages(make_environments(site, theme), site, shares[0])]
    try:
        for process, receiver in children:
            try:
                outcome, payload = pickle.loads(receiver.recv_bytes())
            except EOFError:
                raise RuntimeError("a render worker stopped without an answer (killed, or out of memory?)")
            if outcome == "error":
                raise RuntimeError(f"a render worker failed:\n{payload}")
            results.append(payload)
    finally:
        for process, receiver in children:
            receiver.close()
            process.join()
    by_path = {}
    for files, _ in results:
        by_path.update(files)
    problems = dict.fromkeys(problem for _, share_problems in results for problem in share_problems)
    collisions = page_collisions(specs)
    return ({spec.output: by_path[spec.output] for spec in specs if spec.output in by_path},
            [p for p in problems if p not in collisions] + collisions)


def _render_share(site, theme, share, sender) -> None:
    """In a worker: render one share and send ``("ok", (files, problems))`` back (or the traceback)."""
    try:
        result = ("ok", render_pages(make_environments(site, theme), site, share))
    except BaseException:  # noqa: BLE001 - the parent reports it; a worker must never hang the build
        result = ("error", traceback.format_exc())
    try:
        sender.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sender.close()
        os._exit(0)  # skip the inherited atexit handlers and buffers of the parent

