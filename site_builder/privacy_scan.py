"""The privacy linter on any files, for the pre-commit hook: personal data never reaches git.

Records and data files (``.md``, ``.yaml``) are read as the build reads them, so forbidden keys
(``ngay_sinh``, ``cccd`` ...) and ID-card numbers, phone numbers and dates of birth are reported
at their line and field; any other text file is scanned line by line. What the build's privacy
check reports (``privacy``) is what this reports, so a commit that passes here passes there.
Binary files (PDF scans, images) cannot be read and are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from . import privacy
from .errors import Problem, SourceLocation
from .sources import read_text
from .yaml_source import YamlProblems, dotted, location_of, parse_yaml

STRUCTURED = {".md", ".markdown", ".yaml", ".yml"}
TEXT = {".txt", ".csv", ".json", ".html", ".htm", ".xml", ".po", ".toml", ".ini", ".cfg", ".tsv", ".rst"}


def scan_files(paths: Iterable[Path], root: Path = Path(".")) -> list[Problem]:
    """Every personal-data problem in ``paths`` (shown relative to ``root``)."""
    problems: list[Problem] = []
    for path in paths:
        path = Path(path)
        suffix = path.suffix.lower()
        if not path.is_file() or (suffix not in STRUCTURED | TEXT and suffix):
            continue
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        read_problems: list[Problem] = []
        text = read_text(path, rel, read_problems)
        if text is None:
            continue  # empty, binary or not UTF-8: nothing a person could read as text
        if suffix in STRUCTURED:
            problems.extend(_scan_structured(text, rel, suffix))
        else:
            problems.extend(_scan_lines(text, rel, 1))
    return problems


def _scan_structured(text: str, rel: str, suffix: str) -> list[Problem]:
    body, body_line, front, front_line = "", 0, text, 1
    if suffix in (".md", ".markdown"):
        lines = text.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None) \
            if lines and lines[0].rstrip() == "---" else None
        if end is None:
            return _scan_lines(text, rel, 1)
        front, front_line = "\n".join(lines[1:end]), 2
        body, body_line = "\n".join(lines[end + 1:]), end + 2
    try:
        parsed = parse_yaml(front, rel, front_line)
    except YamlProblems:
        return _scan_lines(text, rel, 1)  # check reports the syntax; personal data is still found
    issues = privacy.check_keys(parsed.value) + privacy.check_strings(parsed.value)
    found = [Problem(location_of(parsed.marks, rel, issue.path, front_line), dotted(issue.path), issue.message,
                     issue.hint) for issue in issues]
    return found + (_scan_lines(body, rel, body_line) if body else [])


def _scan_lines(text: str, rel: str, first_line: int) -> list[Problem]:
    return [Problem(SourceLocation(rel, line), "", message, hint)
            for line, message, hint in privacy.line_of_match(text, first_line)]
