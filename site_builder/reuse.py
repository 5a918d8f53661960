"""The build cache: which pages of the last build still hold, so a build renders only the others.

A page's *key* is a hash of everything it can depend on:

- the *fingerprint* of the build: site-builder's version and code, the theme's files, the
  config (with the day of ``build_time``: pages show dates, never the time of the build, and
  which embargoed records are public is part of the content) and every content file that is not
  a record (data files, vocabularies, free pages: the footer of every page shows their titles);
- the page's shape (:func:`dependencies.page_signature`: template, title, listed ids, pager, panels);
- for each record the page shows (:class:`dependencies.DependencyMap`), the bytes of the file that
  defines it and its change history.

Pages that summarise the whole site (``DependencyMap.always``) have no key and are always rendered.
The cache (``.site-builder-cache/`` in the project; safe to delete) remembers, per output path, the
key it was rendered with and the identity (inode, size, time) of the file written there; a page whose
key is unchanged and whose file in ``output/`` is untouched is hard-linked from the last output into
the new one instead of being rendered and written again. The check's memo (files read, documents
converted, Markdown rendered) is kept there too, under the same fingerprint. Cache files are signed
with a key kept outside the project (:func:`_key`): unpickling runs code, and a cached Markdown
rendering is trusted HTML, so a cache file committed to the repository is never read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, gitlog
from .config import SiteConfig
from .dependencies import DependencyMap, source_files
from .site import LAST_SITE

CACHE_DIR = ".site-builder-cache"
PAGES_FILE = "pages.pickle"
MEMO_FILE = "check-memo.pickle"
STAMP_FILE = "stamp.pickle"
FORMAT = 1  #: bump when what the cache holds changes shape
KEY_ENV = "SITE_BUILDER_CACHE_KEY"  #: a secret that signs cache files (CI); else a key in ~/.cache


@dataclass
class Reuse:
    """This build's page keys, and the outputs of the last build that may be linked as they are."""

    cache_dir: Path
    keys: dict[str, str] = field(default_factory=dict)          # output path -> key (pages that have one)
    reusable: dict[str, Path] = field(default_factory=dict)     # output path -> file of the last output
    site_key: str = ""                                          # the key of the whole content
    producers: dict[str, tuple] = field(default_factory=dict)   # producer -> (its files, problems) that hold
    made: dict[str, tuple] = field(default_factory=dict)        # producer -> (paths, problems) of this build

    def outputs_of(self, producer: str) -> tuple[dict[str, Path], list] | None:
        """The files (path -> file of the last output) and problems of a producer other than the
        HTML pages when nothing it reads changed since the last build, else ``None``."""
        return self.producers.get(producer)


def cache_dir(config: SiteConfig) -> Path:
    return config.project_dir / CACHE_DIR


def fingerprint(config: SiteConfig, theme_dirs, record_files: set[str]) -> str:
    """A hash of what every page depends on (see the module docstring)."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{_config_key(config)}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            _add_file(digest, path.relative_to(package).as_posix(), path)
    for theme_dir in theme_dirs:
        for path in sorted(Path(theme_dir).rglob("*")):
            if path.is_file():
                _add_file(digest, str(path), path)
    content = config.project_dir / "content"
    for path in sorted(content.rglob("*")) if content.is_dir() else ():
        rel = path.relative_to(config.project_dir).as_posix()
        if path.is_file() and rel not in record_files:
            _add_file(digest, rel, path)
    return digest.hexdigest()


def plan_reuse(config: SiteConfig, theme, site, dependency_map: DependencyMap) -> Reuse:
    """The key of every page that can have one, and which of them the last output already holds."""
    sources = source_files(site)
    record_files = {sources[i] for i in site.by_id if i in sources}
    base = fingerprint(config, theme.dirs, record_files)
    file_digests = {path: _file_digest(config.project_dir / path) for path in sorted(record_files)}
    id_digests = {i: f"{file_digests[sources[i]]}|{site.history.get(i)!r}" for i in site.by_id if i in sources}
    shows: dict[str, list[str]] = {}
    for identifier, outputs in dependency_map.outputs_by_id.items():
        for output in outputs:
            shows.setdefault(output, []).append(identifier)
    keys = {}
    for output, signature in dependency_map.signatures.items():
        if output in dependency_map.always:
            continue
        digest = hashlib.sha256(f"{base}|{signature!r}".encode())
        for identifier in sorted(shows.get(output, ())):
            digest.update(f"|{identifier}={id_digests.get(identifier, '')}".encode())
        keys[output] = digest.hexdigest()
    site_key = hashlib.sha256(f"{base}|{sorted(id_digests.items())!r}".encode()).hexdigest()
    reuse = Reuse(cache_dir(config), keys, site_key=site_key)
    previous = _load(reuse.cache_dir / PAGES_FILE)
    if not isinstance(previous, dict) or previous.get("output") != str(config.output_dir.resolve()):
        return reuse
    for output, (key, identity) in previous["pages"].items():
        if keys.get(output) == key:
            path = config.output_dir / output
            if _identity(path) == identity:
                reuse.reusable[output] = path
    if previous.get("site_key") == site_key:
        for producer, (outputs, problems) in previous["producers"].items():
            files = {output: config.output_dir / output for output in outputs}
            if all(_identity(path) == outputs[output] for output, path in files.items()):
                reuse.producers[producer] = (files, problems)
    return reuse


def save_cache(config: SiteConfig, reuse: Reuse, memo: dict) -> None:
    """After a successful write: record the key and file identity of every keyed page of the output,
    and the files and problems of the other producers (for a build where no content changed)."""
    pages = {}
    for output, key in reuse.keys.items():
        identity = _identity(config.output_dir / output)
        if identity is not None:
            pages[output] = (key, identity)
    producers = {name: ({path: _identity(config.output_dir / path) for path in paths}, problems)
                 for name, (paths, problems) in reuse.made.items()}
    _save(reuse.cache_dir / PAGES_FILE, {"output": str(config.output_dir.resolve()), "pages": pages,
                                         "site_key": reuse.site_key, "producers": producers})
    memo = {name: {key: value for key, value in table.items() if key != LAST_SITE} if isinstance(table, dict)
            else table for name, table in memo.items()}  # the last site is reused in memory only (same objects)
    _save(reuse.cache_dir / MEMO_FILE, {"version": (FORMAT, __version__, _config_key(config)), "memo": memo})


def load_memo(config: SiteConfig) -> dict:
    """The check's memo of the last build (files, documents, Markdown), or a new one."""
    memo = _load(cache_dir(config) / MEMO_FILE)
    if isinstance(memo, dict) and memo.get("version") == (FORMAT, __version__, _config_key(config)):
        return memo["memo"]
    return {}


def input_stamp(config: SiteConfig, theme_dirs) -> str:
    """A hash of everything a build reads, by identity rather than bytes (cheap at 100,000 files):
    site-builder's version and files, the config (to the day), the commit the history comes from,
    and the path, size, inode and times of every file of the theme and the project's content.
    Any save, copy, checkout or ``touch`` changes it."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{_config_key(config)}|"
                            f"{gitlog.head_commit(config.project_dir)}".encode())
    package = Path(__file__).resolve().parent
    for folder in (package, *theme_dirs, config.project_dir / "content"):
        digest.update(f"\n{folder}:".encode())
        _add_identities(digest, Path(folder))
    digest.update(repr(_identity(config.project_dir / "site.yaml")).encode())
    return digest.hexdigest()


def output_stamp(output_dir: Path) -> str:
    """A hash of the path and identity of every file in ``output_dir``: a file changed, added or
    removed by hand (or by ``serve``) changes it."""
    digest = hashlib.sha256()
    _add_identities(digest, output_dir)
    return digest.hexdigest()


def up_to_date(config: SiteConfig, stamp: str) -> dict | None:
    """What the last build reported, when it read the very inputs of ``stamp`` (:func:`input_stamp`),
    its output is untouched and no embargo has ended since; else ``None`` (build)."""
    saved = _load(cache_dir(config) / STAMP_FILE)
    if not isinstance(saved, dict) or saved.get("input") != stamp \
            or saved.get("output") != str(config.output_dir.resolve()):
        return None
    if saved["next_embargo_end"] is not None and config.build_time >= saved["next_embargo_end"]:
        return None
    if output_stamp(config.output_dir) != saved["output_stamp"]:
        return None
    return saved["report"]


def save_stamp(config: SiteConfig, stamp: str, next_embargo_end, report: dict) -> None:
    """After a successful build that read the inputs of ``stamp``: what :func:`up_to_date` compares."""
    _save(cache_dir(config) / STAMP_FILE, {"input": stamp, "output": str(config.output_dir.resolve()),
                                           "output_stamp": output_stamp(config.output_dir),
                                           "next_embargo_end": next_embargo_end, "report": report})


def _add_identities(digest, folder: Path) -> None:
    """Every file under ``folder`` (links not followed), sorted, as ``path size inode mtime ctime``."""
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            continue
        lines = []
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{prefix}{entry.name}/", entry.path))
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            lines.append(f"{prefix}{entry.name} {stat.st_size} {stat.st_ino} {stat.st_mtime_ns} {stat.st_ctime_ns}\n")
        digest.update("".join(lines).encode("utf-8", "surrogateescape"))


def _config_key(config: SiteConfig) -> str:
    """The config as the cache sees it: the build time to the day. Without ``SOURCE_DATE_EPOCH`` every
    build has its own time; keyed by the exact time, no build would ever reuse the last one."""
    day = config.build_time.replace(hour=0, minute=0, second=0, microsecond=0)
    return repr(replace(config, build_time=day))


def _identity(path: Path):
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _add_file(digest, name: str, path: Path) -> None:
    digest.update(f"|{name}=".encode())
    digest.update(hashlib.sha256(path.read_bytes()).digest())


def _load(path: Path):
    """A cache file this machine wrote, or ``None`` when missing, unreadable, from another version or
    not signed with this machine's key (never an error). Unpickling runs code, so a cache file that
    came with the project (committed to git, in a zip) must never be read: see :func:`_key`."""
    key = _key()
    try:
        data = path.read_bytes() if key else b""
    except OSError:
        return None
    signature, payload = data[:32], data[32:]
    if not key or len(data) < 32 or not hmac.compare_digest(signature, hmac.new(key, payload, "sha256").digest()):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a broken cache is a cache miss
        return None


def _key() -> bytes | None:
    """The key cache files are signed with: ``$SITE_BUILDER_CACHE_KEY`` (for CI, from a secret), else
    a random key made once in ``$XDG_CACHE_HOME/site-builder/cache-key`` (``~/.cache``), outside
    any project; ``None`` (no cache) when neither can be had."""
    secret = os.environ.get(KEY_ENV, "")
    if secret:
        return hashlib.sha256(secret.encode()).digest()
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "site-builder"
        path = folder / "cache-key"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(os.urandom(32))
            except FileExistsError:
                pass  # another build made it just now
        key = path.read_bytes()
    except (OSError, RuntimeError):
        return None
    return key if len(key) >= 32 else None


def _save(path: Path, value) -> None:
    """Write a cache file atomically; a cache that cannot be written is skipped (never an error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / ".gitignore").exists() or (path.parent / ".gitignore").write_text("*\n")
        key = _key()
        if key is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".tmp-", delete=False)
        with handle:
            handle.write(hmac.new(key, payload, "sha256").digest() + payload)  # see _load
        os.replace(handle.name, path)
    except OSError:
        pass
