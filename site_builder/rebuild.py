"""Incremental builds for the preview server: after an edit, redo only what the edit affects.

The recipe is :func:`build.build`'s, with its caches kept between runs (files that did not change
are not read, converted or rendered again) and the output written in three steps, each announced
to the browsers as soon as it is on disk:

1. the pages of the records that changed (so the page being edited reloads first);
2. every other HTML page the edit affects, found by comparing the dependency maps of the last
   build and this one (:mod:`dependencies`): listings, entity pages, facets, summaries;
3. the other producers (statistics, downloads, feeds...), whose files are written only where
   their bytes changed; a newer edit interrupts this step, and the next run redoes it.

A run with errors changes nothing on disk and keeps the last good state, so the next good run
is compared with it. The first run, and any change to ``site.yaml``, the theme, the vocabularies
or the free pages' titles (the footer of every page), renders everything.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

from . import build, dependencies, gitlog, history, pages, render, theme, writer
from .config import SiteConfig
from .errors import BuildFailed, Problem, UsageError, has_errors, sorted_problems
from .records import Record
from .site import Site, record_references

#: Paths (relative to the project) whose change means "read the git history again".
GIT_MARKER = ".git"
#: Pages rendered, written and announced together when an edit affects many.
CHUNK = 200


@dataclass
class Outcome:
    """What one run did: ``ok`` is False when the content or a template has errors."""

    ok: bool
    problems: list[Problem]
    written: set[str] = field(default_factory=set)     # outputs whose bytes changed (or were copied)
    removed: set[str] = field(default_factory=set)
    rendered: int = 0
    full: bool = False
    seconds: float = 0.0
    interrupted: bool = False
    timings: dict = field(default_factory=dict)          # step -> seconds since the start of the run


@dataclass
class _State:
    """The last good build: what the next one is compared with."""

    site: Site
    dependency_map: dependencies.DependencyMap
    chrome: tuple
    producer_outputs: set[str]         # outputs of the producers other than the HTML pages
    copies: dict[str, tuple]           # output path -> (source, stat key) of copied files
    record_outputs: dict[str, str] = field(default_factory=dict)  # output of a record's page -> record id


class Rebuilder:
    """A build session: call :meth:`rebuild` with the project-relative paths that changed."""

    def __init__(self, config: SiteConfig, *, with_history: bool = True,
                 options: Callable[[], SiteConfig] | None = None, background: bool = False,
                 on_background: Callable[[Outcome], None] = lambda outcome: None,
                 watched: Callable[[], list[str]] = lambda: []) -> None:
        self.config = config
        #: The pages browsers are looking at (latest first): an edit that affects them renders them first.
        self.watched = watched
        #: Step 3 in a thread of its own (the preview server): the next save need not wait for it.
        self.background = background
        self.on_background = on_background
        self.lock = threading.Lock()        # guards the digests and step 3's writes
        self.generation = 0                 # a newer run makes a step 3 still running stale
        self.producer_thread: threading.Thread | None = None
        self.digests: dict[str, bytes] = {}  # output path -> digest of the bytes on disk
        self.reload_config = options            # re-reads site.yaml (keeps command-line options)
        self.memo: dict = {}
        self.dependency_memo: dict = {}
        self.state: _State | None = None
        self.theme: theme.Theme | None = None
        self.with_history = with_history
        self.histories: dict | None = None
        self.collecting = True              # whether the garbage collector was on when the run started
        self.history_problems: list[Problem] = []

    def rebuild(self, changed: Iterable[str] = (), *, on_written: Callable[[set[str]], None] = lambda paths: None,
                interrupted: Callable[[], bool] = lambda: False) -> Outcome:
        """Bring ``config.output_dir`` up to date after ``changed`` files; never raises for bad content.

        The cyclic garbage collector waits until the edited record's pages are written: at 10,000
        records one full collection takes most of a second, longer than the rest of that step."""
        self.collecting = gc.isenabled()
        gc.disable()
        try:
            return self._rebuild(changed, on_written, interrupted)
        finally:
            if self.collecting:
                gc.enable()

    def _rebuild(self, changed: Iterable[str], on_written, interrupted) -> Outcome:
        started = time.perf_counter()
        with self.lock:
            self.generation += 1
        changed = set(changed)
        full = self.state is None
        try:
            if "site.yaml" in changed and self.reload_config is not None:
                self.config, full = self.reload_config(), True
                self.memo.clear()
            if self.theme is None or any(p.startswith("themes/") for p in changed):
                self.theme, full = theme.load_theme(self.config), True
            if self.histories is None or GIT_MARKER in changed:
                self._read_history()
            problems, site = build.check_content(self.config, self.memo)  # addresses: in _render
            checked = time.perf_counter() - started
        except BuildFailed as exc:
            return Outcome(False, exc.problems, seconds=time.perf_counter() - started)
        except UsageError as exc:
            return Outcome(False, [_usage_problem(exc)], seconds=time.perf_counter() - started)
        if site is None:
            return Outcome(False, problems, seconds=time.perf_counter() - started)
        site = replace(site, history={i: h for i, h in self.histories.items() if i in site.by_id})
        problems = sorted_problems(problems + self.history_problems)
        outcome = Outcome(True, problems, full=full, timings={"check": checked})
        self.started = started
        try:
            self._render(site, outcome, full, on_written, interrupted)
        except OSError as exc:
            outcome.ok = False
            outcome.problems = sorted_problems(outcome.problems + [Problem(
                _location(str(self.config.output_dir)), "", f"cannot write the output: {exc}",
                "check that the folder is writable and the disk is not full")])
        outcome.seconds = time.perf_counter() - started
        return outcome

    # ---------------------------------------------------------------- the three steps

    def _render(self, site: Site, outcome: Outcome, full: bool, on_written, interrupted) -> None:
        previous = self.state
        chrome = _chrome(site)
        full = full or previous is None or previous.chrome != chrome
        outcome.full = full
        environments = theme.make_environments(site, self.theme)
        changed = set() if full else dependencies.changed_ids(previous.site, site) | _history_changes(
            previous.site, site)
        digests = self.digests
        early: set[str] = set()
        reused_plans: set[str] = set()  # outputs written from the last build's plan (step 1b)

        records = changed & (previous.site.by_id.keys() | site.by_id.keys()) if changed else set()
        edited = bool(changed) and _same_addresses(previous.site, site, records)
        if edited:  # 1. the pages of the records that changed, and the record pages browsers are looking at
            # that the change affects (a renamed locality): their addresses did not change and were checked
            affected = _affected(previous.dependency_map, changed)
            shown = {previous.record_outputs[o] for o in self.watched() if o in previous.record_outputs and o in affected}
            first = (records | shown) & site.by_id.keys()
            early = self._record_pages(site, environments, first, outcome, on_written) if first else set()
            if early is None:
                return
            if _same_listings(previous.site, site, changed):
                # 1b. the listings that show them: planned as before, so last build's plan is reused
                listings = self._listing_pages(previous, site, environments, changed, early, outcome, on_written)
                if listings is None:
                    return
                early |= listings
                reused_plans = listings
        if self.collecting:
            gc.enable()  # the edited record's pages are out (or there are none): collect as usual from here
        if self._failed(outcome, build.output_problems(site)):  # plans every page, once per site
            return
        if not full and changed and not edited:
            early = self._record_pages(site, environments, changed, outcome, on_written)
            if early is None:
                return

        # 2. every HTML page the change affects
        specs = pages.plan_pages(site)
        new_map = dependencies.map_dependencies(site, specs, self.dependency_memo)
        if full:
            wanted = set(new_map.signatures)
            gone = set(previous.dependency_map.signatures) - wanted if previous else set()
        else:
            wanted, gone = dependencies.outputs_to_render(previous.dependency_map, new_map, changed)
        planned_before = previous.dependency_map.signatures if previous else {}
        done = {output for output in early if output not in reused_plans
                or new_map.signatures.get(output) == planned_before.get(output)}  # a panel may have changed
        todo = [spec for spec in specs if spec.output in wanted and spec.output not in done]
        html: dict[str, bytes] = {}
        if previous is not None and not full and len(todo) > CHUNK:
            # many pages (a renamed unit): pages about one record or entity first, each chunk on disk
            # and announced as soon as it is rendered
            rank = {output: n for n, output in enumerate(self.watched())}  # what browsers show first
            todo.sort(key=lambda spec: (rank.get(spec.output, len(rank)),
                                        spec.template not in ("record.html", "entity.html", "history.html")))
            for start in range(0, len(todo), CHUNK):
                chunk, problems = render.render_pages(environments, site, todo[start:start + CHUNK])
                if self._failed(outcome, problems):
                    return
                written = self._write(chunk, {}, set(), digests, outcome)
                if written:
                    on_written(written)
        else:
            html, problems = render.render_pages(environments, site, todo)
            if self._failed(outcome, problems):
                return
        outcome.rendered += len(todo)
        copies = self._copies(site)

        if previous is None:  # the first run writes a whole new output folder, in one swap
            produced = self._produce(site, outcome, lambda: False)
            if produced is None:
                return
            files = {**html, **produced}
            writer.write_output(self.config.output_dir, files, {p: c[0] for p, c in copies.items()})
            with self.lock:
                digests.clear()
                digests.update((path, _digest(data)) for path, data in files.items())
            outcome.written = set(files) | set(copies)
            self.state = _State(site, new_map, chrome, set(produced), copies, _record_outputs(specs))
            return

        copied = {p: c[0] for p, c in copies.items() if previous.copies.get(p) != c}
        removed = gone | (previous.copies.keys() - copies.keys())
        written = self._write(html, copied, removed, digests, outcome)
        outcome.timings["pages"] = time.perf_counter() - self.started
        if written or removed:
            on_written(written | removed)
        self.state = _State(site, new_map, chrome, previous.producer_outputs, copies, _record_outputs(specs))

        # 3. the other producers (statistics, downloads, feeds ...)
        if not self.background:
            self._other_outputs(site, new_map, outcome, on_written, interrupted, self.generation, self.started)
            return
        earlier, generation = self.producer_thread, self.generation

        def later() -> None:
            if earlier is not None:
                earlier.join()  # one step 3 computes at a time; a stale one stops after its producer
            result, started = Outcome(True, []), time.perf_counter()
            self._other_outputs(site, new_map, result, on_written, interrupted, generation, started)
            if generation == self.generation or not result.ok:
                result.seconds = time.perf_counter() - started
                self.on_background(result)

        self.producer_thread = threading.Thread(target=later, daemon=True, name="other-outputs")
        self.producer_thread.start()

    def _record_pages(self, site: Site, environments, changed: set[str], outcome: Outcome,
                      on_written) -> set[str] | None:
        """Step 1: render and write the pages of the changed records; their outputs, or ``None`` on errors."""
        specs = [spec for identifier in sorted(changed) if identifier in site.by_id
                 for lang in site.config.languages
                 for spec in pages.record_pages(site, site.by_id[identifier], lang)]
        return self._early_pages(site, environments, specs, "records", outcome, on_written)

    def _listing_pages(self, previous: _State, site: Site, environments, changed: set[str], written: set[str],
                       outcome: Outcome, on_written) -> set[str] | None:
        """Step 1b: the other pages of the last build that show the changed records (listings, entity
        pages, the pages of records they point at, the home page's latest), rendered from the last
        build's plan with the records swapped for their new versions; their outputs, or ``None``.

        Only when :func:`_same_listings` holds: then every listing has the same records in the same
        order as before, and a plan made now would differ at most in figures (a statistics panel,
        the home page's headlines), which step 2 compares and renders again where they changed."""
        old_specs = pages.plan_pages(previous.site)  # remembered with the last site: not planned again
        shows = _affected(previous.dependency_map, changed) | {
            spec.output for spec in old_specs
            if spec.output in previous.dependency_map.always and _mentions(spec.data, changed)}
        specs = [_swapped(spec, site, changed) for spec in old_specs
                 if spec.output in shows and spec.output not in written]
        return self._early_pages(site, environments, specs, "listings", outcome, on_written)

    def _early_pages(self, site: Site, environments, specs, step: str, outcome: Outcome,
                     on_written) -> set[str] | None:
        """Render ``specs``, write those whose bytes changed and announce them, and time ``step``:
        the outputs, or ``None`` on errors."""
        files, problems = render.render_pages(environments, site, specs)
        if self._failed(outcome, problems):
            return None
        outcome.rendered += len(specs)
        written = self._write(files, {}, set(), self.digests, outcome)
        outcome.timings[step] = time.perf_counter() - self.started
        if written:
            on_written(written)
        return set(files)

    def _other_outputs(self, site: Site, new_map, outcome: Outcome, on_written, interrupted, generation,
                       started: float) -> None:
        """Step 3: every producer but the HTML pages; files written only where their bytes changed."""
        def stale() -> bool:
            return generation != self.generation or interrupted()

        produced = self._produce(site, outcome, stale)
        if produced is None:
            return
        with self.lock:
            if generation != self.generation:
                outcome.interrupted = True
                return
            removed = self.state.producer_outputs - produced.keys() - new_map.signatures.keys()
            written = self._write(produced, {}, removed, self.digests, outcome, locked=True)
            self.state.producer_outputs = set(produced)
        outcome.timings["other outputs"] = time.perf_counter() - started
        if written or removed:
            on_written(written | removed)

    def busy(self) -> bool:
        """Whether step 3 of a run is still working in the background."""
        return self.producer_thread is not None and self.producer_thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Until step 3 of the last run is done (tests and benchmarks)."""
        if self.producer_thread is not None:
            self.producer_thread.join(timeout)

    def _produce(self, site: Site, outcome: Outcome, interrupted) -> dict[str, bytes] | None:
        """The outputs of every producer but the HTML pages; ``None`` when interrupted or failed."""
        produced: dict[str, bytes] = {}
        for producer in build.PRODUCERS:
            if producer is build.html_pages:
                continue
            if interrupted():
                outcome.interrupted = True
                return None
            files, problems = producer(site, self.theme)
            if self._failed(outcome, problems):
                return None
            produced.update(files)
        return produced

    def _write(self, files: dict[str, bytes], copies: dict[str, Path], removed: set[str], digests,
               outcome: Outcome, locked: bool = False) -> set[str]:
        if not locked:
            with self.lock:
                return self._write(files, copies, removed, digests, outcome, locked=True)
        fresh = {}
        for path, data in files.items():
            digest = _digest(data)
            if digests.get(path) != digest:
                fresh[path] = data
                digests[path] = digest
        for path in removed:
            digests.pop(path, None)
        writer.update_output(self.config.output_dir, fresh, copies, removed)
        written = set(fresh) | set(copies)
        outcome.written |= written
        outcome.removed |= removed
        return written

    def _failed(self, outcome: Outcome, problems: list[Problem]) -> bool:
        if has_errors(problems):
            outcome.ok = False
        outcome.problems = sorted_problems(outcome.problems + problems)
        return not outcome.ok

    def _copies(self, site: Site) -> dict[str, tuple]:
        found = {}
        for path, source in {**self.theme.asset_sources, **build.attachments(site)}.items():
            try:
                stat = os.stat(source)
            except OSError:
                continue
            found[path] = (Path(source), (stat.st_size, stat.st_mtime_ns, stat.st_ino))
        return found

    def _read_history(self) -> None:
        self.histories, self.history_problems = {}, []
        if not self.with_history:
            return
        log, problems = gitlog.read_git_log(self.config.project_dir)
        self.history_problems = problems
        if log is not None:
            self.histories = history.record_histories(log)


def _chrome(site: Site) -> tuple:
    """What every page shows besides its own content: settings, vocabularies, the free pages' titles."""
    return (site.config, site.vocabularies, tuple((p.id, repr(p.fields.get("title"))) for p in site.pages))


def _record_outputs(specs) -> dict[str, str]:
    return {spec.output: spec.data["record"].id for spec in specs if spec.template == "record.html"}


def _affected(dependency_map: dependencies.DependencyMap, changed: set[str]) -> set[str]:
    """The outputs of the last build that show one of the ``changed`` ids."""
    return {output for identifier in changed for output in dependency_map.outputs_by_id.get(identifier, ())}


def _same_addresses(old: Site, new: Site, changed: set[str]) -> bool:
    """Whether the ``changed`` records all existed before and keep their pages' addresses and their
    aliases: then the last good build's check of every address (no alias or page taken twice)
    still holds for them, and their pages can be written before every page is planned again."""
    for identifier in changed:
        before, after = old.by_id.get(identifier), new.by_id.get(identifier)
        if before is None or after is None or before.fields.get("aliases") != after.fields.get("aliases"):
            return False
        for lang in new.config.languages:
            if [s.output for s in pages.record_pages(old, before, lang)] != \
                    [s.output for s in pages.record_pages(new, after, lang)]:
                return False
    return True


def _same_listings(old: Site, new: Site, changed: set[str]) -> bool:
    """Whether every listing, year, entity page and record page lists the same records in the same
    order as in the last build: only records changed, each keeps its status, date and references,
    and the listed records and their order are the same."""
    for identifier in changed:
        before, after = old.by_id.get(identifier), new.by_id.get(identifier)
        if before is None or after is None or before.status != after.status \
                or old.dates.get(identifier) != new.dates.get(identifier) \
                or record_references(before) != record_references(after):
            return False
    return len(old.records) == len(new.records) and all(
        a.id == b.id for a, b in zip(old.records, new.records))


def _mentions(value, ids: set[str]) -> bool:
    """Whether a page's planned values hold one of the records ``ids`` (in tuples and mappings)."""
    if isinstance(value, Record):
        return value.id in ids
    if isinstance(value, (tuple, list)):
        return any(_mentions(item, ids) for item in value)
    if isinstance(value, Mapping):
        return any(_mentions(item, ids) for item in value.values())
    return False


def _swapped(spec: pages.PageSpec, site: Site, ids: set[str]) -> pages.PageSpec:
    """``spec`` with the records ``ids`` replaced by their versions in ``site``."""
    def swap(value):
        if isinstance(value, Record):
            return site.by_id[value.id] if value.id in ids else value
        if isinstance(value, (tuple, list)):
            return type(value)(swap(item) for item in value)
        if isinstance(value, Mapping):
            return {key: swap(item) for key, item in value.items()}
        return value
    return replace(spec, data={key: swap(value) for key, value in spec.data.items()})


def _history_changes(old: Site, new: Site) -> set[str]:
    if old.history is new.history:
        return set()
    return {i for i in old.history.keys() | new.history.keys()
            if old.history.get(i) is not new.history.get(i) and old.history.get(i) != new.history.get(i)}


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _location(path: str):
    from .errors import SourceLocation
    return SourceLocation(path)


def _usage_problem(exc: UsageError) -> Problem:
    from .errors import SourceLocation
    return Problem(SourceLocation("site.yaml"), "", str(exc), "fix the setting, then save again")
