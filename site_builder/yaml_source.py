"""YAML parsing that keeps a line and column for every key: the only module that touches PyYAML.

PyYAML's ``safe_load`` forgets where values came from and silently keeps the last of two
duplicate keys. Here the document is composed into nodes (with the C parser when
available) and turned into plain Python values by hand, recording the position of
every mapping key and list item, and reporting duplicate keys instead of hiding them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Problem, SourceLocation
from .text import INVISIBLE, invisible_character

try:  # the C parser is ~10x faster; the pure-Python one gives the same nodes and marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

#: Values built from one file, at most: stops "billion laughs" alias bombs.
MAX_NODES = 200_000
#: How deeply lists and mappings may nest. Checked on the parser's events before anything is
#: built: a file of 50,000 "[" would otherwise overflow the composer's stack and kill the process.
MAX_DEPTH = 50
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)

Path = tuple  # a field path such as ("recipients", 0, "unit")
_PLAIN_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_find_invisible = INVISIBLE.search  # called for every key and value


@dataclass(frozen=True)
class ParsedYaml:
    """Plain Python values plus the (line, column) of each field path inside them."""

    value: object
    marks: dict = field(default_factory=dict)


class YamlProblems(Exception):
    """The text is not usable YAML; carries the problems found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


def parse_yaml(text: str, path: str, first_line: int = 1) -> ParsedYaml:
    """Parse ``text`` (from file ``path``, starting at line ``first_line``) into values and marks.

    Raises :class:`YamlProblems` for syntax errors, duplicate keys, unsupported tags, lists and
    mappings nested deeper than :data:`MAX_DEPTH` and documents that expand to more than
    :data:`MAX_NODES` values.
    """
    try:
        too_deep = _nesting_problem(text, path, first_line)
        node = yaml.compose(text, Loader=_Loader) if too_deep is None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_syntax_problem(exc, text, path, first_line)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark are rare
        raise YamlProblems([Problem(SourceLocation(path, first_line), "", f"invalid YAML: {exc}")]) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        too_deep = Problem(SourceLocation(path, first_line), "", f"nests more than {MAX_DEPTH} levels deep",
                           "flatten the structure")
    if too_deep is not None:
        raise YamlProblems([too_deep])
    builder = _Builder(path, first_line)
    value = builder.build(node, ()) if node is not None else None
    if builder.problems:
        raise YamlProblems(builder.problems)
    return ParsedYaml(value, builder.marks)


def _nesting_problem(text: str, path: str, first_line: int) -> Problem | None:
    """A problem where lists and mappings first nest deeper than :data:`MAX_DEPTH`, else ``None``."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return Problem(SourceLocation(path, mark.line + first_line, mark.column + 1), "",
                               f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                               "flatten the structure: records need only a few levels")
        elif isinstance(event, _CLOSING):
            depth -= 1
    return None


def location_of(marks: dict, path: str, field_path: Path, default_line: int = 1) -> SourceLocation:
    """The location of ``field_path``, or of its nearest recorded parent."""
    probe = tuple(field_path)
    while probe:
        if probe in marks:
            line, column = marks[probe]
            return SourceLocation(path, line, column)
        probe = probe[:-1]
    if () in marks:
        line, column = marks[()]
        return SourceLocation(path, line, column)
    return SourceLocation(path, default_line, 0)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    unclosed = bool(exc.context_mark and exc.problem and "end of stream" in exc.problem)
    if unclosed:  # an unclosed quote: point where it opens, not past the last line
        mark = exc.context_mark
    bad_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    line = (mark.line + first_line) if mark else first_line
    column = (mark.column + 1) if mark else 0
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{exc.context}, {message}"
    hint = "check the indentation and quoting on this line or the one before"
    if "\t" in bad_line[: (mark.column + 1) if mark else None] or "\\t" in message:
        hint = "indent with spaces, not tabs"
    elif unclosed:
        hint = "close the quote that starts here"
    elif "mapping values are not allowed" in message:
        hint = 'check the indentation of this line, or put text that contains ": " inside quotes'
    elif "expected a single document" in message:
        hint = "a YAML file holds one record; list several under 'records:' instead of separating them with ---"
    return Problem(SourceLocation(path, line, column), "", f"invalid YAML: {message}", hint)


class _Builder:
    """Turns a node tree into values, recording marks and collecting problems."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.marks: dict = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def _loc(self, node) -> tuple[int, int]:
        return (node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def build(self, node, path: Path):
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                line, col = self._loc(node)
                self.problems.append(Problem(
                    SourceLocation(self.path, line, col), "",
                    f"the document expands to more than {MAX_NODES:,} values",
                    "remove YAML anchors and aliases (&name / *name) or split the file"))
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in _PLAIN_TAGS:  # e.g. !!python/object/apply on a list: never ignore it silently
            line, col = self._loc(node)
            self.problems.append(Problem(SourceLocation(self.path, line, col), _dotted(path),
                                         f"unsupported tag {node.tag!r}", "remove the tag, the word that starts with !"))
            return None
        if isinstance(node, SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.marks[path + (index,)] = self._loc(child)
                items.append(self.build(child, path + (index,)))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return None  # pragma: no cover - PyYAML has only these three node kinds

    def _mapping(self, node: MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = self._loc(key_node)
                self.problems.append(Problem(SourceLocation(self.path, line, col), "", "merge keys (<<) are not supported",
                                             "write the fields out in full"))
                continue
            if not isinstance(key_node, ScalarNode):
                line, col = self._loc(key_node)
                self.problems.append(Problem(SourceLocation(self.path, line, col), "", "a key must be plain text",
                                             "use a simple name before the colon"))
                continue
            key = key_node.value
            key_path = path + (key,)
            line, col = self._loc(key_node)
            if _find_invisible(key) is not None:
                self._invisible(key, key_node, path)
                continue
            if key in result:
                first_line, _ = self.marks[key_path]
                self.problems.append(Problem(
                    SourceLocation(self.path, line, col), _dotted(key_path),
                    f"duplicate key (already set on line {first_line})",
                    "keep one of the two; YAML would silently use the last"))
                continue
            self.marks[key_path] = (line, col)
            result[key] = self.build(value_node, key_path)
        return result

    def _invisible(self, text: str, node: ScalarNode, path: Path) -> None:
        """A problem for the first :data:`~.text.INVISIBLE` character in ``text``. A content file
        has none (``sources.read_text``), but a quoted escape such as ``"\\u202e"`` or ``"\\x1b"``
        makes one."""
        line, col = self._loc(node)
        char = _find_invisible(text).group()
        escape = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        what, hint = invisible_character(char)
        self.problems.append(Problem(SourceLocation(self.path, line, col), _dotted(path),
                                     f"contains {what}, which is invisible",
                                     f"{hint}; between quotes it may be written as {escape}"))

    def _scalar(self, node: ScalarNode, path: Path):
        if _find_invisible(node.value) is not None:
            self._invisible(node.value, node, path)
            return None
        try:
            return self.constructor.construct_object(node)
        except (ConstructorError, ValueError, TypeError, OverflowError) as exc:
            line, col = self._loc(node)
            reason = getattr(exc, "problem", None) or str(exc)
            hint = "quote it if it is meant as text"
            if node.tag.endswith(":timestamp"):
                hint = "use a real calendar date as YYYY-MM-DD"
            elif node.tag.endswith(":int"):
                reason = f"a number of {len(node.value):,} digits is too long"
            self.problems.append(Problem(SourceLocation(self.path, line, col), "",
                                         f"cannot read value {_shortened(node.value)!r}: {_shortened(reason)}",
                                         hint))
            return None


def _shortened(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message (a 2 MB value must not fill the screen)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted(path: Path) -> str:
    """``("recipients", 0, "unit") -> "recipients[0].unit"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


dotted = _dotted


def load_plain(text: str):
    """Plain values of a YAML text, without marks or checks (fast, C parser): for reading old
    versions of files from git history, never for content being built. Raises ``ValueError``."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
