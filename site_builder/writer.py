"""Writing the site: the only module that writes to disk.

The build goes to a temporary sibling of ``output/`` and replaces it only when complete,
so a failed (or killed) build leaves the last good site untouched. Leftovers of killed
builds are removed on the next run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

TEMP_PREFIX = ".site-builder-tmp-"
OLD_PREFIX = ".site-builder-old-"


def write_output(output_dir: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> int:
    """Write ``files`` (path -> bytes) and ``copies`` (path -> source file) as the new ``output_dir``.

    Returns the number of files written. The old output is replaced in one rename.
    """
    output_dir = Path(output_dir).resolve()
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output_dir)
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + output_dir.name + "-", dir=parent))
    try:
        made: set[Path] = set()
        for rel, data in sorted(files.items()):
            target = _target(temp, rel, made)
            target.write_bytes(data)
        for rel, source in sorted(copies.items()):
            target = _target(temp, rel, made)
            shutil.copyfile(source, target)
        os.chmod(temp, 0o755)
        _swap(temp, output_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return len(files) + len(copies)


def remove_leftovers(output_dir: Path) -> None:
    """Delete temporary folders that a killed build left beside ``output_dir``."""
    parent = output_dir.parent
    if not parent.is_dir():
        return
    for prefix in (TEMP_PREFIX, OLD_PREFIX):
        for leftover in parent.glob(prefix + output_dir.name + "-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def _target(root: Path, rel: str, made: set[Path]) -> Path:
    target = root / rel
    folder = target.parent
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)
    return target


def _swap(new: Path, output_dir: Path) -> None:
    """Put ``new`` in place of ``output_dir`` with renames only (never a half-written output)."""
    if not output_dir.exists():
        os.rename(new, output_dir)
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
    for rel in sorted(removed, reverse=True):
        target = output_dir / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
        folder = target.parent
        while folder != output_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return len(files) + len(copies)


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
