"""Search synonyms: groups of words that search treats as one (UBND = Ủy ban nhân dân).

Shipped as data in ``synonyms.yaml`` beside this module; a project changes them in
``content/data/synonyms.yaml``: a project group replaces every shipped group it shares a member
with, and a group of one member removes the shipped group that holds it. Read at load time
(``build.check``) so that a bad file is reported with the other problems, by file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .errors import Problem
from .search_text import fold_word, words
from .sources import SourceDocument
from .yaml_source import location_of, parse_yaml

DEFAULTS_FILE = "synonyms.yaml"


@dataclass(frozen=True)
class SynonymGroup:
    """Words search treats as one. Every record containing a member is filed under ``key``."""

    members: tuple[str, ...]               # as written: ("UBND", "Ủy ban nhân dân")
    phrases: tuple[tuple[str, ...], ...]   # each member as folded words: (("ubnd",), ("uy", "ban", "nhan", "dan"))

    @property
    def key(self) -> str:
        """The index term of the group: ``=`` and the first member's folded words (``=ubnd``)."""
        return "=" + "-".join(self.phrases[0])


def load_default_synonyms() -> tuple[SynonymGroup, ...]:
    """The groups shipped with site-builder (they are valid: a test checks them)."""
    text = resources.files("site_builder").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    parsed = parse_yaml(text, DEFAULTS_FILE)
    groups, problems = _read(parsed.value, parsed.marks, DEFAULTS_FILE)
    assert not problems, problems
    return groups


def merge_synonyms(defaults: tuple[SynonymGroup, ...], override: SourceDocument | None):
    """The shipped groups changed by the project's file; returns ``(groups, problems)``."""
    if override is None:
        return defaults, []
    changes, problems = _read(override.data, override.marks, override.path, keep_single=True)
    replaced = {phrase for group in changes for phrase in group.phrases}
    kept = [g for g in defaults if not replaced.intersection(g.phrases)]
    return tuple(kept + [g for g in changes if len(g.members) > 1]), problems


def _read(data, marks: dict, path: str, keep_single: bool = False):
    problems: list[Problem] = []
    groups: list[SynonymGroup] = []
    owner: dict[tuple[str, ...], int] = {}

    def problem(field_path, message, hint):
        field = "synonyms" + "".join(f"[{part}]" for part in field_path)
        problems.append(Problem(location_of(marks, path, field_path), field, message, hint))

    if data is None:
        return (), problems
    if not isinstance(data, list):
        problem((), "expected a list of groups, one per line: - [UBND, Ủy ban nhân dân]",
                "see the shipped synonyms.yaml for the shape")
        return (), problems
    for index, members in enumerate(data):
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            problem((index,), "expected a list of words, e.g. [UBND, Ủy ban nhân dân]", "write the group in brackets")
            continue
        if len(members) < (1 if keep_single else 2):
            problem((index,), "needs at least two members", "add the acronym and its expansion")
            continue
        phrases = []
        for position, member in enumerate(members):
            phrase = tuple(fold_word(w) for w in words(member))
            if not phrase:
                problem((index, position), f"{member!r} has no letters or digits", "remove it")
            elif phrase in owner and owner[phrase] != index:
                line = location_of(marks, path, (owner[phrase],)).line
                problem((index, position), f"{member!r} is already in the group on line {line}",
                        "a word can be in one group only: merge the two groups")
            elif phrase not in phrases:
                owner[phrase] = index
                phrases.append(phrase)
        if phrases:
            groups.append(SynonymGroup(tuple(members), tuple(phrases)))
    return tuple(groups), problems
