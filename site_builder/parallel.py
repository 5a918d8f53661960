"""Rendering pages on every core: the same pure render function, run in forked worker processes.

:func:`render.render_pages` is a pure function of the site, the theme and the page specs, so the
specs can be split into shares, each rendered by a forked copy of this process (which inherits the
site and the compiled templates without pickling them), and the results merged in the order of the
specs. The output is the same bytes as one :func:`render.render_pages` call over every spec; a test
proves it. Where ``fork`` is not available, or the work is too small to pay for a process, or
``SITE_BUILDER_JOBS=1``, everything is rendered in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
import traceback
from typing import Callable

from .collisions import page_collisions
from .render import render_pages
from .theme import make_environments
from .writer import Staging

#: Fewer pages than this per extra worker are rendered here: a fork costs more than it saves.
MIN_PAGES_PER_WORKER = 200
#: Pages rendered before they are written out, when writing into the new output (memory stays flat).
WRITE_CHUNK = 500


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
    rendered by up to ``workers`` processes."""
    return start_rendering(site, theme, specs, workers)()


def start_rendering(site, theme, specs, workers: int | None = None,
                    staging: Staging | None = None) -> Callable[[], tuple[dict, list]]:
    """Start rendering ``specs`` in forked workers; return the function that waits for the result.

    Meanwhile this process is free for other work (the build's other producers): the workers' answers
    are read by a thread per worker, so no worker waits on a full pipe. With one process (or no
    ``fork``), the pages are rendered when the result is asked for.

    With ``staging`` (the new output being written), each worker writes its pages there as it goes,
    a few hundred at a time, and the result maps each page written to ``None`` instead of its bytes:
    no page is sent back or held in memory."""
    workers = min(worker_count() if workers is None else workers, max(1, len(specs) // MIN_PAGES_PER_WORKER))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: _render(site, theme, specs, staging)
    shares = [specs[i::workers] for i in range(workers)]  # interleaved: each share gets every kind of page
    context = multiprocessing.get_context("fork")
    frozen = gc.get_freeze_count() > 0  # by the build, until its end
    gc.freeze()  # the site is shared with the workers: keep the collector from copying every page of it
    children = []
    try:
        for share in shares:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_render_share, args=(site, theme, share, sender, staging),
                                      daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver, threading.Thread(target=_receive, args=(receiver, answer := []),
                                                                 daemon=True), answer))
    finally:
        if not frozen:
            gc.unfreeze()
    for _, _, reader, _ in children:  # started once every worker is forked: no fork with a thread running
        reader.start()

    def result() -> tuple[dict, list]:
        try:
            for _, _, reader, _ in children:  # every answer first: a failed worker must not cut the others short
                reader.join()
            results = []
            for process, receiver, reader, answer in children:
                if not answer:
                    raise RuntimeError("a render worker stopped without an answer (killed, or out of memory?)")
                outcome, payload = answer[0]
                if outcome == "error":
                    raise RuntimeError(f"a render worker failed:\n{payload}")
                results.append(payload)
        finally:
            for process, receiver, reader, _ in children:
                receiver.close()
                process.join()
        by_path = {}
        for files, _ in results:
            by_path.update(files)
        problems = dict.fromkeys(problem for _, share_problems in results for problem in share_problems)
        collisions = page_collisions(specs)
        return ({spec.output: by_path[spec.output] for spec in specs if spec.output in by_path},
                [p for p in problems if p not in collisions] + collisions)

    return result


def _receive(receiver, answer: list) -> None:
    """In a thread of the parent: a worker's answer, unpickled into ``answer`` (left empty if it died)."""
    try:
        answer.append(pickle.loads(receiver.recv_bytes()))
    except (EOFError, OSError):
        pass


def _render(site, theme, specs, staging: Staging | None) -> tuple[dict, list]:
    """Render ``specs`` here: their bytes, or (with ``staging``) written a chunk at a time, ``None`` each."""
    environments = make_environments(site, theme)
    if staging is None:
        return render_pages(environments, site, specs)
    written: dict[str, None] = {}
    problems: dict = {}
    for start in range(0, len(specs), WRITE_CHUNK):
        files, chunk_problems = render_pages(environments, site, specs[start:start + WRITE_CHUNK])
        staging.write(files)
        written.update(dict.fromkeys(files))
        problems.update(dict.fromkeys(p for p in chunk_problems if p not in problems))
    collisions = page_collisions(specs)  # across chunks; each chunk reported its own
    return written, [p for p in problems if p not in collisions] + collisions


def _render_share(site, theme, share, sender, staging: Staging | None = None) -> None:
    """In a worker: render one share and send ``("ok", (files, problems))`` back (or the traceback)."""
    try:
        result = ("ok", _render(site, theme, share, staging))
    except BaseException:  # noqa: BLE001 - the parent reports it; a worker must never hang the build
        result = ("error", traceback.format_exc())
    try:
        sender.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sender.close()
        os._exit(0)  # skip the inherited atexit handlers and buffers of the parent
