"""Finding content files and reading them into :class:`SourceDocument` values.

Knows the layout of ``content/`` (records by folder, ``pages/``, ``data/``, attachments)
but nothing of the kinds' fields. Reading is strict and never raises for bad content:
every unreadable file becomes a :class:`Problem`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WARNING, Problem, SourceLocation
from .text import INVISIBLE, invisible_character, nfc
from .yaml_source import ParsedYaml, YamlProblems, parse_yaml

RECORD_FOLDERS = ("models", "commendations", "inspections")
PAGES_FOLDER = "pages"
DATA_FOLDER = "data"
TEXT_SUFFIXES = {".md", ".yaml", ".yml"}
ATTACHMENT_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".doc", ".docx", ".xls", ".xlsx",
                       ".odt", ".ods", ".csv", ".txt", ".zip"}
MAX_TEXT_BYTES = 2 * 1024 * 1024        #: a content file larger than this is refused
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceDocument:
    """One record, page or entity as written: values, their marks and the Markdown body."""

    path: str                 # project-relative POSIX path of the file
    folder: str               # first folder under content/: models, pages, data ...
    data: dict
    marks: dict               # field path -> (line, column), relative to this document
    body: str = ""
    body_line: int = 0        # line where the body starts (0 = none)
    line: int = 1             # line where the document starts in its file
    index: int | None = None  # position in a bulk file or data list

    def location(self, field_path: tuple = ()) -> SourceLocation:
        from .yaml_source import location_of
        return location_of(self.marks, self.path, field_path, self.line)


@dataclass
class LoadedContent:
    """Everything read from ``content/``, in sorted file order."""

    records: list[SourceDocument] = field(default_factory=list)
    pages: list[SourceDocument] = field(default_factory=list)
    data: dict[str, list[SourceDocument]] = field(default_factory=dict)   # file name -> entities
    vocabularies: SourceDocument | None = None
    synonyms: SourceDocument | None = None                                # content/data/synonyms.yaml
    attachments: dict[str, int] = field(default_factory=dict)             # path -> size in bytes
    problems: list[Problem] = field(default_factory=list)


def load_content(project_dir: Path, cache: dict | None = None) -> LoadedContent:
    """Read every file under ``project_dir/content`` (sorted, so runs are reproducible).

    ``cache`` (optional, owned by the caller, e.g. the preview server) keeps what each text file
    gave, keyed by its project-relative path with its size, times and inode: a file that did not
    change is not read again, and the same :class:`SourceDocument` objects come back.
    """
    content_dir = Path(project_dir) / "content"
    loaded = LoadedContent()
    if not content_dir.is_dir():
        loaded.problems.append(Problem(SourceLocation("content"), "", "the content folder is missing",
                                       "create content/ with models/, commendations/, inspections/ and data/"))
        return loaded
    root = content_dir.resolve()
    seen: set[str] = set()
    for full, inner, stat in _walk(str(content_dir)):
        rel = "content/" + inner
        folder = inner.split("/", 1)[0] if "/" in inner else ""
        unreadable_name = _name_problem(rel)
        if unreadable_name is not None:
            loaded.problems.append(unreadable_name)
            continue
        if stat is None:  # not a plain file: a link, a pipe ...
            unusable = _unusable(Path(full), rel, root)
            if unusable is not None:
                loaded.problems.append(unusable)
                continue
        suffix = os.path.splitext(inner)[1].lower()
        if suffix in TEXT_SUFFIXES:
            if cache is None:
                _load_text_file(Path(full), rel, folder, loaded)
            else:
                _load_cached(full, rel, folder, loaded, cache, seen, stat)
            continue
        path = Path(full)
        if suffix in ATTACHMENT_SUFFIXES:
            size = _size(path)
            if size > MAX_ATTACHMENT_BYTES:
                loaded.problems.append(Problem(SourceLocation(rel), "", f"is {size:,} bytes, more than the "
                                               f"{MAX_ATTACHMENT_BYTES:,} allowed for an attachment",
                                               "link to the file where it is published instead"))
            else:
                loaded.attachments[rel] = size
        elif not path.name.startswith("."):
            loaded.problems.append(Problem(SourceLocation(rel), "", f"unknown kind of file ({suffix or 'no suffix'})",
                                           "records are .md or .yaml; attachments are "
                                           + ", ".join(sorted(ATTACHMENT_SUFFIXES)), WARNING))
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    return loaded


def _load_cached(path: str, rel: str, folder: str, loaded: LoadedContent, cache: dict, seen: set,
                 stat: os.stat_result | None = None) -> None:
    """What ``rel`` gave last time, unless its size, times or inode changed since."""
    try:
        stat = stat or os.stat(path)
    except OSError:  # deleted since the folder was listed: read (and report) without the cache
        _load_text_file(Path(path), rel, folder, loaded)
        return
    key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    seen.add(rel)
    hit = cache.get(rel)
    if hit is None or hit[0] != key:
        part = LoadedContent()
        _load_text_file(Path(path), rel, folder, part)
        hit = cache[rel] = (key, part)
    part = hit[1]
    loaded.records.extend(part.records)
    loaded.pages.extend(part.pages)
    loaded.data.update(part.data)
    loaded.problems.extend(part.problems)
    if part.vocabularies is not None:
        loaded.vocabularies = part.vocabularies
    if part.synonyms is not None:
        loaded.synonyms = part.synonyms


def _walk(content_dir: str):
    """``(path, path under content/, lstat)`` of every file under ``content_dir`` and every link to a
    folder (not followed): a folder's files by name, then its folders by name (as ``os.walk``);
    folders whose name starts with a dot are skipped. ``lstat`` is ``None`` unless it is a plain file
    (links and the rest are looked at by :func:`_unusable`)."""
    stack = [(content_dir, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        files, folders = [], []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder and entry.name.startswith("."):
                continue
            (files if not is_folder or entry.is_symlink() else folders).append(entry)
        for entry in sorted(files, key=lambda e: e.name):
            stat = None
            try:
                if entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
            except OSError:
                pass
            yield entry.path, prefix + entry.name, stat
        stack.extend((entry.path, f"{prefix}{entry.name}/") for entry in sorted(folders, key=lambda e: e.name,
                                                                                 reverse=True))


#: A character that cannot be shown on one line of a report (see :func:`_name_problem`).
_BAD_NAME = re.compile("[\t\n\r\udc80-\udcff]|" + INVISIBLE.pattern)


def _name_problem(rel: str) -> Problem | None:
    """A problem if the path ``rel`` cannot be shown on one line of a report: a line end, tab or
    :data:`~.text.INVISIBLE` character in a file or folder name (a name with an escape sequence
    would also reach the terminal), or bytes that are not UTF-8 (kept by Python as U+DC80-U+DCFF)."""
    if _BAD_NAME.search(rel) is None:  # every name of every walk passes here: one search, no loop
        return None

    def bad(char: str) -> bool:
        return _BAD_NAME.match(char) is not None

    shown = "".join((f"\\x{ord(c) - 0xdc00:02x}" if c >= "\udc80" else ascii(c)[1:-1]) if bad(c) else c
                    for c in rel)
    first = next(c for c in rel if bad(c))
    what = "bytes that are not UTF-8" if first >= "\udc80" else invisible_character(first)[0]
    return Problem(SourceLocation(shown), "", f"the file or folder name contains {what}",
                   "rename it with letters, digits, '-' and '.'; the name is shown here with the character escaped")


def _unusable(path: Path, rel: str, root: Path) -> Problem | None:
    """Why ``path`` cannot be read as content (a link leaving content/, a broken link, a link to
    a folder, a pipe or device), or ``None`` for a regular file."""
    if path.is_symlink():
        if not path.exists():
            return Problem(SourceLocation(rel), "", "is a broken link",
                           "delete the link, or copy the file it should point to into content/")
        if not _inside(path.resolve(), root):
            what = "folder" if path.is_dir() else "file"
            return Problem(SourceLocation(rel), "", f"is a link to a {what} outside content/",
                           f"copy the {what} into content/ instead of linking to it")
        if path.is_dir():
            return Problem(SourceLocation(rel), "", "is a link to a folder; links to folders are not followed",
                           "its files are read where they really are; delete the link", WARNING)
    if not path.is_file():
        return Problem(SourceLocation(rel), "", "is not a regular file (a pipe, socket or device)",
                       "delete it; content/ holds only text files and attachments")
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when the file is read


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _load_text_file(path: Path, rel: str, folder: str, loaded: LoadedContent) -> None:
    if folder not in RECORD_FOLDERS + (PAGES_FOLDER, DATA_FOLDER):
        loaded.problems.append(Problem(SourceLocation(rel), "", "is outside the known folders",
                                       "put records in content/models, content/commendations or content/inspections, "
                                       "pages in content/pages and data files in content/data"))
        return
    text = read_text(path, rel, loaded.problems)
    if text is None:
        return
    if folder == DATA_FOLDER:
        if path.stem == "synonyms":
            parsed = _parse(text, rel, 1, loaded.problems)
            if parsed is not None:
                loaded.synonyms = SourceDocument(rel, folder, parsed.value, parsed.marks)
            return
        if path.stem == "vocabularies":
            parsed = _parse(text, rel, 1, loaded.problems)
            if parsed is not None:
                loaded.vocabularies = SourceDocument(rel, folder, parsed.value or {}, parsed.marks)
            return
        loaded.data[path.stem + ".yaml"] = list(_split_list(text, rel, folder, loaded.problems))
        return
    if path.suffix.lower() == ".md":
        document = _split_front_matter(text, rel, folder, loaded.problems)
        documents = [document] if document else []
    else:
        documents = list(_split_yaml_records(text, rel, folder, loaded.problems))
    (loaded.pages if folder == PAGES_FOLDER else loaded.records).extend(documents)


def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    """The file as NFC text with LF line ends, or ``None`` after reporting why it cannot be read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES + 1)
            size = max(len(raw), os.fstat(handle.fileno()).st_size)
    except OSError as exc:
        problems.append(Problem(SourceLocation(rel), "", f"cannot be read: {exc.strerror or exc}",
                                "check that the file exists and that you may read it"))
        return None
    if size > MAX_TEXT_BYTES:
        problems.append(Problem(SourceLocation(rel), "", f"is {size:,} bytes, more than the {MAX_TEXT_BYTES:,} "
                                "allowed for a content file", "split it into several files"))
        return None
    if b"\x00" in raw:
        problems.append(Problem(SourceLocation(rel), "", "is a binary file, not text",
                                "records must be Markdown or YAML text saved as UTF-8"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(SourceLocation(rel, line, column), "", "is not UTF-8 text",
                                "save the file with UTF-8 encoding (in Word: Save As, Plain Text, Unicode UTF-8)"))
        return None
    if not text.strip():
        problems.append(Problem(SourceLocation(rel, 1), "", "is empty", "write the record or delete the file"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    invisible = INVISIBLE.search(text)
    if invisible:
        line = text.count("\n", 0, invisible.start()) + 1
        column = invisible.start() - (text.rfind("\n", 0, invisible.start()) + 1) + 1
        what, hint = invisible_character(invisible.group())
        problems.append(Problem(SourceLocation(rel, line, column), "", f"contains {what}, which is invisible", hint))
        return None
    return nfc(text)


def _parse(text: str, rel: str, first_line: int, problems: list[Problem]) -> ParsedYaml | None:
    try:
        return parse_yaml(text, rel, first_line)
    except YamlProblems as exc:
        problems.extend(exc.problems)
        return None


def _split_front_matter(text: str, rel: str, folder: str, problems: list[Problem]) -> SourceDocument | None:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(Problem(SourceLocation(rel, 1), "", "has no front matter",
                                "start the file with a line '---', the fields, then another '---' line"))
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    else:
        problems.append(Problem(SourceLocation(rel, 1), "", "the front matter is not closed",
                                "add a line '---' after the last field"))
        return None
    parsed = _parse("\n".join(lines[1:end]), rel, 2, problems)
    if parsed is None:
        return None
    if not isinstance(parsed.value, dict):
        problems.append(Problem(SourceLocation(rel, 2), "", "the front matter must be 'field: value' lines",
                                "write one 'name: value' per line between the '---' lines"))
        return None
    rest = lines[end + 1:]
    skipped = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
    body = "\n".join(rest[skipped:]).rstrip()
    body_line = end + 2 + skipped
    marks = dict(parsed.marks)
    marks.setdefault((), (2, 1))
    return SourceDocument(rel, folder, parsed.value, marks, body, body_line if body else 0, 2)


def _split_yaml_records(text: str, rel: str, folder: str, problems: list[Problem]):
    parsed = _parse(text, rel, 1, problems)
    if parsed is None:
        return
    value = parsed.value
    if isinstance(value, dict) and set(value) == {"records"}:
        if not isinstance(value["records"], list):
            problems.append(Problem(SourceLocation(rel, *parsed.marks.get(("records",), (1, 1))), "records",
                                    "expected a list of records", "write one '- id: ...' item per record"))
            return
        yield from _items(value["records"], ("records",), parsed.marks, rel, folder, problems)
        return
    if not isinstance(value, dict):
        problems.append(Problem(SourceLocation(rel, 1), "", "a record file must be 'field: value' lines",
                                "write one record, or a list under 'records:'"))
        return
    marks = dict(parsed.marks)
    marks.setdefault((), (1, 1))
    body = value.get("body", "") if isinstance(value.get("body"), str) else ""
    body_line = parsed.marks.get(("body",), (0, 0))[0]
    yield SourceDocument(rel, folder, value, marks, body, body_line, 1)


def _split_list(text: str, rel: str, folder: str, problems: list[Problem]):
    parsed = _parse(text, rel, 1, problems)
    if parsed is None:
        return
    value = parsed.value
    prefix: tuple = ()
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list):
        prefix = (next(iter(value)),)
        value = value[prefix[0]]
    if not isinstance(value, list):
        problems.append(Problem(SourceLocation(rel, 1), "", "a data file must be a list",
                                "write one '- id: ...' item per entry"))
        return
    yield from _items(value, prefix, parsed.marks, rel, folder, problems)


def _items(items: list, prefix: tuple, marks: dict, rel: str, folder: str, problems: list[Problem]):
    """Split a list of mappings into documents, each with its own marks (one pass over the marks)."""
    per_item: dict[int, dict] = {}
    depth = len(prefix)
    for path, mark in marks.items():
        if len(path) > depth and path[:depth] == prefix and isinstance(path[depth], int):
            per_item.setdefault(path[depth], {})[path[depth + 1:]] = mark
    for index, item in enumerate(items):
        item_marks = per_item.get(index, {})
        line = item_marks.get((), (1, 1))[0]
        if not isinstance(item, dict):
            problems.append(Problem(SourceLocation(rel, line), f"[{index}]", "expected 'field: value' lines",
                                    "start each entry with '- id: ...'"))
            continue
        body = item.get("body", "") if isinstance(item.get("body"), str) else ""
        body_line = item_marks.get(("body",), (0, 0))[0]
        yield SourceDocument(rel, folder, item, item_marks, body, body_line, line, index)
