"""The recipe: load -> validate -> index -> plan outputs -> render -> write.

``check`` runs the first half and returns every problem; ``build`` runs it all and raises
:class:`BuildFailed` (writing nothing) when there is any error. Output producers all have
the shape ``(site, theme) -> {output path: bytes}`` and are listed in :data:`PRODUCERS`.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import editor_schemas, headers, reuse, hosting, gitlog, history, open_data, sources, synonyms, urls, validate, vocabularies
from .collisions import is_safe_path, output_collisions, page_collisions
from .dependencies import map_dependencies
from .parallel import render_everywhere, start_rendering
from .config import SiteConfig, build_time_from, load_config
from .errors import BuildFailed, Problem, UsageError, has_errors, sorted_problems
from .pages import plan_pages
from .render import render_pages
from .search_index import search_files
from .chart_files import chart_files
from .site import Site, index_records
from .stat_pages import plan_statistics_pages
from .statistics import site_statistics
from .theme import Theme, load_theme, make_environments
from .writer import Staging


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the CLI to print."""

    output_dir: Path
    records: int
    pages: int
    files: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    up_to_date: bool = False  # nothing the build reads changed since the last one: nothing was written


def check(config: SiteConfig, memo: dict | None = None) -> tuple[list[Problem], Site | None]:
    """Load and validate everything; return all problems (sorted) and the site when error-free.

    ``memo`` (optional): caches kept between runs by the preview server, so that a run after an
    edit reads, converts and renders only the documents that changed (same result as without).
    """
    problems, site = check_content(config, memo)
    if site is None:
        return problems, None
    addresses = output_problems(site)
    if addresses:
        return sorted_problems(problems + addresses), None
    return problems, site


def check_content(config: SiteConfig, memo: dict | None = None) -> tuple[list[Problem], Site | None]:
    """The first half of :func:`check`: every file loaded, validated and indexed (no page planned)."""
    with collector_paused():
        return _check_content(config, memo)


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside: loading and validating make millions of objects and no
    garbage cycles, and every full collection would scan all of them again (a third of the time
    of a check at 10,000 records). Collections resume after, as they were."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_content(config: SiteConfig, memo: dict | None) -> tuple[list[Problem], Site | None]:
    memo_of = (lambda name: None) if memo is None else (lambda name: memo.setdefault(name, {}))
    loaded = sources.load_content(config.project_dir, memo_of("files"))
    vocabs, vocab_problems = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(),
                                                            loaded.vocabularies)
    synonym_groups, synonym_problems = synonyms.merge_synonyms(synonyms.load_default_synonyms(), loaded.synonyms)
    validated = validate.validate_content(loaded, vocabs, memo_of("documents"))
    problems = sorted_problems(vocab_problems + synonym_problems + validated.problems)
    if has_errors(problems):
        return problems, None
    site = index_records(config, vocabs, validated.records, validated.entities, validated.pages, memo_of("index"))
    return problems, replace(site, synonyms=synonym_groups)


def output_problems(site: Site) -> list[Problem]:
    """The second half of :func:`check`: addresses that cannot be had (an alias that cannot redirect,
    two pages at one address). Plans every page, once per site (the producers reuse the plan)."""
    return open_data.alias_problems(site) + page_collisions(plan_pages(site))


def html_pages(site: Site, theme: Theme, reused=frozenset()) -> tuple[dict[str, bytes], list[Problem]]:
    """Every HTML page but those in ``reused`` (unchanged since the last build: :mod:`reuse`),
    rendered through the theme on every core (:mod:`parallel`; the same bytes as one process)."""
    return render_everywhere(site, theme, [spec for spec in plan_pages(site) if spec.output not in reused])


def attachments(site: Site) -> dict[str, Path]:
    """Attachment files of public records, copied once, beside the record's default-language page."""
    copies = {}
    for record in site.by_id.values():
        if record.status == "withdrawn":
            continue
        page_path = urls.record_path(site.config, record.kind, record.id)
        for attachment in record.fields.get("attachments", ()):
            source = site.config.project_dir / record.source_dir / attachment["file"]
            copies[page_path + Path(attachment["file"]).name] = source
    return copies


def statistics_pages(site: Site, theme: Theme) -> tuple[dict[str, bytes], list[Problem]]:
    """The /statistics/ pages, and the CSV and JSON data of every chart (warnings about figures too)."""
    stats = site_statistics(site)
    pages, problems = render_pages(make_environments(site, theme), site, plan_statistics_pages(site, stats))
    return {**pages, **chart_files(site, stats)}, problems + list(stats.problems)


def schema_files(site: Site, theme: Theme) -> tuple[dict[str, bytes], list[Problem]]:
    """The JSON Schemas of records and data files under /schemas/, for editors' tools (public ids only)."""
    ids = editor_schemas.known_ids(site.by_id.values(), site.entities, public=True)
    schemas = editor_schemas.editor_schemas(site.vocabularies, ids, site.config.base_url)
    return {editor_schemas.SCHEMA_DIR + name: editor_schemas.schema_bytes(schema)
            for name, schema in schemas.items()}, []


def http_headers(site: Site, theme: Theme) -> tuple[dict[str, bytes], list[Problem]]:
    """``_headers`` for Netlify and Cloudflare Pages: security headers (CSP ...) and caching rules."""
    rules = hosting.header_rules(site.config.base_path)
    return {headers.HEADERS_FILE: headers.headers_file(site.config, rules)}, []


#: Output producers: each returns ({output path: bytes}, problems). Adding one is one line here.
PRODUCERS = (html_pages, statistics_pages, open_data.data_downloads, open_data.atom_feeds, open_data.discovery_files,
             schema_files, search_files, http_headers)


def build(config: SiteConfig, cache: bool = True) -> BuildReport:
    """Build the whole site into ``config.output_dir``; raise :class:`BuildFailed` on any error.

    ``cache``: keep what this build read and rendered in ``.site-builder-cache/`` and reuse what the
    last build left there (:mod:`reuse`; the output is the same bytes either way)."""
    started = time.perf_counter()
    _check_output_dir(config)
    theme = load_theme(config)
    if cache:
        stamp = reuse.input_stamp(config, theme.dirs)  # before reading anything: an edit now makes it stale
        last = reuse.up_to_date(config, stamp)
        if last is not None:
            return BuildReport(config.output_dir, last["records"], last["pages"], last["files"],
                               time.perf_counter() - started, list(last["warnings"]), up_to_date=True)
    memo = reuse.load_memo(config) if cache else None
    problems, site = check_content(config, memo)
    if site is None:
        raise BuildFailed(problems)
    site, history_problems = with_history(site)  # before planning: the history pages are pages too
    addresses = output_problems(site)
    if addresses:
        raise BuildFailed(sorted_problems(problems + addresses))
    problems.extend(history_problems)
    cached = reuse.plan_reuse(config, theme, site, map_dependencies(site, plan_pages(site))) if cache \
        else reuse.Reuse(reuse.cache_dir(config))
    staging = Staging(config.output_dir)  # the new output; the last one stays in place until it is complete
    gc.freeze()  # the checked site lives until the end: collections while producing need not scan it
    try:
        made_by, linked, written = _produce_all(site, theme, cached, staging, problems)
        attached = attachments(site)
        problems.extend(output_collisions(site, made_by + [("the theme", theme.asset_sources),
                                                           ("attachments", attached)]))
        if has_errors(problems):
            raise BuildFailed(problems)
        count = staging.commit({}, {**theme.asset_sources, **attached}, linked) + len(written)
    except BaseException:
        staging.discard()
        raise
    finally:
        gc.unfreeze()
    pages = sum(1 for path in [*linked, *written] if path.endswith(".html"))
    warnings = [p for p in problems if not p.is_error]
    if cache:
        reuse.save_cache(config, cached, memo)
        reuse.save_stamp(config, stamp, site.next_embargo_end,
                         {"records": len(site.by_id), "pages": pages, "files": count, "warnings": warnings})
    return BuildReport(config.output_dir, len(site.by_id), pages, count, time.perf_counter() - started, warnings)


def _produce_all(site: Site, theme: Theme, cached: reuse.Reuse, staging: Staging, problems: list[Problem]):
    """Every producer's outputs: ``(made_by, files to link from the last output, files written already)``.

    Worker processes render the HTML pages while this one makes the other producers' files, all
    writing into ``staging`` as they go (:mod:`parallel`): no producer's files wait in memory for
    the others. The pages whose inputs did not change, and the other producers' files when no
    content did, are taken from the last build (:mod:`reuse`). ``made_by`` lists each producer's
    outputs (no two may share a path)."""
    kept_pages = cached.reusable
    specs = [spec for spec in plan_pages(site) if spec.output not in kept_pages]
    kept = {producer.__name__: cached.outputs_of(producer.__name__) for producer in PRODUCERS
            if producer is not html_pages}
    kept = {name: found for name, found in kept.items() if found and found[0]}
    to_make = [producer for producer in PRODUCERS if producer is not html_pages and producer.__name__ not in kept]
    rendering = start_rendering(site, theme, specs, staging=staging)
    try:
        results = {name: ({}, links, found_problems) for name, (links, found_problems) in kept.items()}
        for producer in to_make:
            files, made_problems = producer(site, theme)
            staging.write({path: data for path, data in files.items() if is_safe_path(path)})  # others: reported
            results[producer.__name__] = (dict.fromkeys(files), {}, made_problems)
    except BaseException:
        _wait_quietly(rendering)  # the workers write into staging: let them finish before it is deleted
        raise
    pages, page_problems = rendering()
    results[html_pages.__name__] = (pages, dict(kept_pages), page_problems)
    made_by, linked, written = [], {}, {}
    for producer in PRODUCERS:
        name = producer.__name__
        produced, links, producer_problems = results[name]
        cached.made[name] = (sorted([*produced, *links]), list(producer_problems))
        written.update(produced)
        linked.update(links)
        made_by.append((name, {**produced, **links}))
        problems.extend(producer_problems)
    return made_by, linked, written


def _wait_quietly(waiting) -> None:
    try:
        waiting()
    except Exception:  # noqa: BLE001 - the error being raised already says what went wrong
        pass


def with_history(site: Site, log: gitlog.GitLog | None = None,
                 problems: list[Problem] | None = None) -> tuple[Site, list[Problem]]:
    """The site with each public record's change history from git (one ``git log`` and one
    ``git cat-file`` for the whole repository); unchanged outside git, and with a warning that
    says how to fix a shallow clone instead of wrong dates."""
    if log is None and problems is None:
        log, problems = gitlog.read_git_log(site.config.project_dir)
    if log is None:
        return site, list(problems or ())
    histories = history.record_histories(log)
    return replace(site, history={i: h for i, h in histories.items() if i in site.by_id}), list(problems or ())


def _check_output_dir(config: SiteConfig) -> None:
    """Refuse an output folder whose replacement would destroy the project."""
    output = config.output_dir.resolve()
    project = config.project_dir.resolve()
    if output == project or output in project.parents or (output / "site.yaml").exists() \
            or output == (project / "content") or (project / "content") in output.parents \
            or output == Path(output.anchor) or _holds_other_files(output):
        raise UsageError(f"--out {config.output_dir}: refusing to replace this folder; "
                         "give an empty folder or one that holds a previous build")


def _holds_other_files(output: Path) -> bool:
    """Whether ``output`` holds what a build would destroy: a git repository (a ``gh-pages``
    checkout), or files but no ``index.html`` of a previous build (``--out ~/Documents``)."""
    if not output.is_dir():
        return False
    visible = [p for p in output.iterdir() if not p.name.startswith(".")]  # .DS_Store does not count
    return (output / ".git").exists() or (bool(visible) and not (output / "index.html").is_file())


def load_project(project_dir: Path, *, output_dir=None, base_url=None, drafts=False,
                 environ=None, now: dt.datetime | None = None) -> SiteConfig:
    """The config of the project in ``project_dir`` (time from SOURCE_DATE_EPOCH when set)."""
    build_time = build_time_from(environ or {}, now or dt.datetime.now(dt.timezone.utc))
    return load_config(Path(project_dir), build_time=build_time, output_dir=output_dir, base_url=base_url,
                       drafts=drafts)
