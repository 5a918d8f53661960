"""Reading the project's git history: a fixed number of git processes for the whole repository.

- ``git rev-parse`` says whether the project is in a work tree and whether the clone is shallow
  (a shallow clone would give wrong "first published" dates, so it is reported with the fix);
- one ``git log --raw`` lists every commit that changed a record file, with the blob ids of the
  file before and after (renames followed with ``-M``), parsed by the pure :func:`parse_log`;
- one ``git cat-file --batch`` streams the contents of those blobs, for field-level changes.

Outside a git work tree (a downloaded archive, a build folder) there is simply no history.
"""

from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import WARNING, Problem, SourceLocation

#: The folders whose files hold records (the history is kept per record).
RECORD_PATHS = ("content/models", "content/commendations", "content/inspections")
NULL_BLOB = "0" * 40
_LOG_FORMAT = "%x1e%H%x1f%ct%x1f%B%x1f"
_GIT_CONFIG = ("-c", "core.quotepath=off", "-c", "log.showsignature=false", "-c", "diff.renames=true")


@dataclass(frozen=True)
class FileChange:
    """One file changed by a commit: ``status`` is A, M, D, R (renamed) or C (copied)."""

    status: str
    path: str                 # project-relative path after the commit
    old_path: str             # before (the same unless renamed or copied)
    old_blob: str             # NULL_BLOB when added
    new_blob: str             # NULL_BLOB when deleted


@dataclass(frozen=True)
class Commit:
    """A commit that changed record files. Author names are not kept: editors are not published."""

    sha: str
    timestamp: int            # committer time, seconds since the epoch
    message: str
    changes: tuple[FileChange, ...]


@dataclass(frozen=True)
class GitLog:
    """The record files' history, oldest commit first, and a way to read blob contents."""

    commits: tuple[Commit, ...]
    repository: Path | None = None   # the work tree's top folder (None for a log given as text)

    def read_blobs(self, shas: Iterable[str]) -> Iterator[tuple[str, str]]:
        """``(sha, text)`` for each blob, in the order asked, with one ``git cat-file --batch``."""
        return cat_blobs(self.repository, shas) if self.repository else iter(())


def read_git_log(project_dir: Path, paths: tuple[str, ...] = RECORD_PATHS) -> tuple[GitLog | None, list[Problem]]:
    """The history of ``paths`` in the project's repository; ``None`` outside git or on a shallow clone."""
    project_dir = Path(project_dir)
    try:
        probe = _git(project_dir, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository",
                     "--show-toplevel")
    except FileNotFoundError:
        return None, []  # git is not installed: build without history
    if probe.returncode != 0:
        error = probe.stderr.strip()
        if "not a git repository" in error:
            return None, []
        return None, [Problem(SourceLocation("."), "git", f"cannot read the git history: {error}",
                              "run git status in the project folder and fix what it says "
                              "(in a container: git config --global --add safe.directory '*')", WARNING)]
    inside, shallow, top = (probe.stdout.splitlines() + ["", "", ""])[:3]
    if inside != "true":
        return None, []
    if shallow == "true":
        return None, [shallow_problem()]
    existing = [p for p in paths if (project_dir / p).exists()]
    if not existing:
        return GitLog((), Path(top)), []
    log = _git(project_dir, "log", "-z", "--raw", "--no-abbrev", "-M", "--no-merges", "--relative",
               "--reverse", "--no-color", f"--format={_LOG_FORMAT}", "--", *existing)
    if log.returncode != 0:
        if "does not have any commits" in log.stderr:
            return GitLog((), Path(top)), []
        return None, [Problem(SourceLocation("."), "git", f"git log failed: {log.stderr.strip()}",
                              "run git log in the project folder and fix what it says", WARNING)]
    return GitLog(parse_log(log.stdout), Path(top)), []


def head_commit(project_dir: Path) -> str:
    """The commit checked out in the project's repository and whether the clone is shallow (what the
    history is read from); ``""`` outside git, without git or before the first commit."""
    try:
        probe = _git(Path(project_dir), "rev-parse", "--is-shallow-repository", "--verify", "--quiet", "HEAD")
    except FileNotFoundError:
        return ""
    return " ".join(probe.stdout.split()) if probe.returncode == 0 else ""


def shallow_problem() -> Problem:
    return Problem(SourceLocation("."), "git",
                   "the repository is a shallow clone, so the dates 'first published' and 'last updated' and "
                   "the change history would be wrong; they are left out of this build",
                   "fetch the whole history: with actions/checkout set 'fetch-depth: 0', "
                   "or run 'git fetch --unshallow'", WARNING)


def parse_log(text: str) -> tuple[Commit, ...]:
    """Commits from ``git log -z --raw --no-abbrev --format=<_LOG_FORMAT>`` output, in output order."""
    commits = []
    for chunk in text.split("\x1e")[1:]:
        sha, timestamp, rest = chunk.split("\x1f", 2)
        message, _, raw = rest.rpartition("\x1f")
        tokens = [t for t in raw.split("\0")]
        changes = []
        index = 0
        while index < len(tokens):
            token = tokens[index].lstrip("\n")
            index += 1
            if not token.startswith(":"):
                continue
            _, _, old_blob, new_blob, status = token[1:].split(" ", 4)
            if status[:1] in ("R", "C"):
                old_path, path = tokens[index], tokens[index + 1]
                index += 2
            else:
                old_path = path = tokens[index]
                index += 1
            changes.append(FileChange(status[:1], path, old_path, old_blob, new_blob))
        commits.append(Commit(sha, int(timestamp), message.strip(), tuple(changes)))
    return tuple(commits)


def cat_blobs(repository: Path, shas: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Stream blob contents (UTF-8 text) from one ``git cat-file --batch`` process."""
    shas = list(shas)
    if not shas:
        return
    process = subprocess.Popen(["git", *_GIT_CONFIG, "cat-file", "--batch"], cwd=repository,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=_environment())

    def feed():
        try:
            for start in range(0, len(shas), 1000):
                process.stdin.write("".join(s + "\n" for s in shas[start:start + 1000]).encode("ascii"))
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        out = process.stdout
        for sha in shas:
            header = out.readline().decode("ascii", "replace").split()
            if len(header) < 3 or header[1] == "missing":
                yield sha, ""
                continue
            size = int(header[2])
            data = out.read(size)
            out.read(1)  # the newline after the contents
            yield sha, data.decode("utf-8", "replace")
    finally:
        writer.join(timeout=5)
        process.stdout.close()
        process.wait()


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *_GIT_CONFIG, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=_environment())


def _environment() -> dict:
    """git without the user's pager, locale-dependent messages or a surprise ``GIT_DIR``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_CONFIG_NOSYSTEM",)}
    env.update(LC_ALL="C", GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0")
    return env
