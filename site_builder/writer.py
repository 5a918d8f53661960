"""Writing the site: the only module that writes to disk.

The build goes to a temporary sibling of ``output/`` and replaces it only when complete,
so a failed (or killed) build leaves the last good site untouched: on Linux the two folders
are exchanged in one atomic step, so a kill at any moment leaves the old or the new output,
complete. Leftovers of killed builds are removed on the next run.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Mapping

TEMP_PREFIX = ".site-builder-tmp-"
OLD_PREFIX = ".site-builder-old-"


def write_output(output_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path],
                 links: Mapping[str, Path] | None = None) -> int:
    """Write ``files`` (path -> bytes) and ``copies`` (path -> source file) as the new ``output_dir``.

    ``links`` (path -> file of the previous output whose bytes still hold, from the build cache) are
    hard-linked into the new output instead of being written again (copied where links fail).
    Returns the number of files written. The old output is replaced in one rename.
    """
    staging = Staging(output_dir)
    try:
        return staging.commit(files, copies, links)
    except BaseException:
        staging.discard()
        raise


class Staging:
    """A new output being written: a temporary sibling of ``output_dir``, put in its place by
    :meth:`commit` or deleted by :meth:`discard`. Forked render workers :meth:`write` their pages
    into it while the build goes on; nothing is visible in ``output_dir`` before the commit."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = Path(output_dir).resolve()
        parent = self.output_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.output_dir)
        self.temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + self.output_dir.name + "-", dir=parent))
        self.made: set[Path] = set()  # folders made by this process (another may make the same: no error)

    def write(self, files: Mapping[str, bytes]) -> None:
        for rel, data in sorted(files.items()):
            _target(self.temp, rel, self.made).write_bytes(data)

    def commit(self, files: Mapping[str, bytes], copies: Mapping[str, Path],
               links: Mapping[str, Path] | None = None) -> int:
        """Write the rest (as :func:`write_output` does) and swap the new output in; the number of
        files given here."""
        self.write(files)
        for rel, source in sorted(copies.items()):
            shutil.copyfile(source, _target(self.temp, rel, self.made))
        for rel, source in sorted((links or {}).items()):
            target = _target(self.temp, rel, self.made)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        os.chmod(self.temp, 0o755)
        _swap(self.temp, self.output_dir)
        return len(files) + len(copies) + len(links or {})

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def remove_leftovers(output_dir: Path) -> None:
    """Clean up after a killed build: put a previous output back if only its moved-away copy is
    left (a kill between the two renames of :func:`_swap`), then delete the temporary folders."""
    parent = output_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(OLD_PREFIX + output_dir.name + "-*"), key=lambda p: p.stat().st_mtime_ns)
    if olds and not output_dir.exists() and not output_dir.is_symlink():
        os.rename(olds.pop(), output_dir)
    for prefix in (TEMP_PREFIX, OLD_PREFIX):
        for leftover in parent.glob(prefix + output_dir.name + "-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def _target(root: Path, rel: str, made: set[Path]) -> Path:
    if rel.startswith("/") or "\\" in rel or ".." in rel.split("/"):  # the build reports these first
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    target = root / rel
    folder = target.parent
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)
    return target


def _swap(new: Path, output_dir: Path) -> None:
    """Put ``new`` in place of ``output_dir`` (never a half-written or missing output).

    Where the system can exchange two folders in one step (Linux ``renameat2``), a kill at any
    moment leaves either the old or the new output in place. Elsewhere two renames are used; a
    kill between them leaves the old output in an ``.site-builder-old-`` folder, which
    :func:`remove_leftovers` puts back on the next run.
    """
    if not output_dir.exists():
        os.rename(new, output_dir)
        return
    if _exchange(new, output_dir):  # ``new`` now holds the previous output
        shutil.rmtree(new, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX + output_dir.name + "-", dir=output_dir.parent))
    os.rmdir(old)
    os.rename(output_dir, old)
    try:
        os.rename(new, output_dir)
    except BaseException:
        os.rename(old, output_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.lru_cache(maxsize=1)
def _renameat2():
    """libc's ``renameat2`` (Linux, glibc 2.28 and later), or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; ``False`` where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False  # not supported here: fall back to two renames
    raise OSError(error, os.strerror(error), str(second))


def update_output(output_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path],
                  removed=()) -> int:
    """Change an existing ``output_dir`` in place (the preview server's partial rebuilds): write
    ``files`` and ``copies``, each through a temporary file renamed over the old one (a reader
    sees the old file or the new one, never half of one), and delete the ``removed`` paths and
    the folders they leave empty. Returns the number of files written."""
    output_dir = Path(output_dir).resolve()
    made: set[Path] = set()
    for rel, data in sorted(files.items()):
        _replace(_target(output_dir, rel, made), lambda handle, data=data: handle.write(data))
    for rel, source in sorted(copies.items()):
        _replace(_target(output_dir, rel, made), lambda handle, source=source: _copy_into(source, handle))
    folders = set()
    for rel in removed:
        target = output_dir / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
        folders.add(target.parent)
    _remove_empty_folders(output_dir, folders)
    return len(files) + len(copies)


def _remove_empty_folders(output_dir: Path, folders: set[Path]) -> None:
    """Remove the ``folders`` (and then their parents) that are empty, deepest first, up to
    ``output_dir``. Each folder is tried once: removing a whole search index (thousands of files
    in one folder) must not list that folder once per file."""
    pending = set(folders)
    while pending:
        deepest = max(len(folder.parts) for folder in pending)
        level = {folder for folder in pending if len(folder.parts) == deepest}
        pending -= level
        for folder in sorted(level):
            if folder == output_dir or output_dir not in folder.parents:
                continue
            try:
                folder.rmdir()
            except OSError:  # not empty (or already gone): its parents stay too
                continue
            pending.add(folder.parent)


def _replace(target: Path, write) -> None:
    handle = tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=".tmp-", delete=False)
    try:
        with handle:
            write(handle)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _copy_into(source: Path, handle) -> None:
    with open(source, "rb") as original:
        shutil.copyfileobj(original, handle)
