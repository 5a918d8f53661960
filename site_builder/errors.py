"""Problems found in content, and the exceptions that carry them.

Every bad input becomes a :class:`Problem` that names the file, the line, the field and
how to fix it. A run collects all of them and reports them together, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a source file: project-relative POSIX path, 1-based line and column (0 = unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: where, which field, what, and how to fix it."""

    location: SourceLocation
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple:
        return (self.location, self.field, self.message)

    def format(self) -> str:
        """``path:line:col: field: message (hint)``, with ``warning:`` before warnings."""
        parts = [str(self.location)]
        if self.severity != ERROR:
            parts.append(self.severity)
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


def sorted_problems(problems) -> list[Problem]:
    """Problems in reading order: by path, line, column, then field."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems) -> bool:
    return any(p.is_error for p in problems)


class SiteBuilderError(Exception):
    """Base of the errors site-builder raises on purpose; each carries its CLI exit code."""

    exit_code = 1


class BuildFailed(SiteBuilderError):
    """The content has errors: nothing was written."""

    def __init__(self, problems) -> None:
        self.problems = sorted_problems(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{errors} error(s) in the content")


class UsageError(SiteBuilderError):
    """The command was called wrongly (bad option, missing project)."""

    exit_code = 2


@dataclass
class ProblemList:
    """An append-only collector of problems, injected where problems are found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, location: SourceLocation, field_name: str, message: str, hint: str = "",
            severity: str = ERROR) -> None:
        self.items.append(Problem(location, field_name, message, hint, severity))

    def extend(self, problems) -> None:
        self.items.extend(problems)
