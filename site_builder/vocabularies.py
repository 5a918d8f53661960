"""The controlled vocabularies: shipped defaults, overridden by ``content/data/vocabularies.yaml``."""

from __future__ import annotations

from importlib import resources

from .errors import Problem
from .schema import Term, Vocabulary
from .sources import SourceDocument
from .yaml_source import location_of, parse_yaml

DEFAULTS_FILE = "vocabularies.yaml"


def load_default_vocabularies() -> dict[str, Vocabulary]:
    """The vocabularies shipped with site-builder (they are valid: a test checks them)."""
    text = resources.files("site_builder").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    vocabularies, problems = _read(parse_yaml(text, DEFAULTS_FILE).value, {}, DEFAULTS_FILE, {})
    assert not problems, problems
    return vocabularies


def merge_vocabularies(defaults: dict[str, Vocabulary], override: SourceDocument | None):
    """``defaults`` with the project's additions and relabellings; returns (vocabularies, problems)."""
    if override is None:
        return defaults, []
    return _read(override.data, override.marks, override.path, defaults)


def _read(data, marks: dict, path: str, base: dict[str, Vocabulary]):
    problems: list[Problem] = []
    result = dict(base)

    def problem(field_path, message, hint):
        problems.append(Problem(location_of(marks, path, field_path), ".".join(map(str, field_path)), message, hint))

    if not isinstance(data, dict):
        problem((), "expected one entry per vocabulary", "see the shipped vocabularies.yaml for the shape")
        return result, problems
    for name, spec in data.items():
        known = base.get(name)
        if not isinstance(spec, dict) or not isinstance(spec.get("values", {}), dict):
            problem((name,), "expected {label: {vi, en}, values: {key: {vi, en}}}", "fix the shape")
            continue
        if known is None and base:
            problem((name,), "unknown vocabulary", "only the shipped vocabularies can be extended")
            continue
        label = spec.get("label", known.label if known else None)
        if not _is_label(label):
            problem((name, "label"), "expected {vi: ..., en: ...}", "give both labels")
            continue
        terms = dict(known.terms) if known else {}
        for value, term in spec.get("values", {}).items():
            if not isinstance(term, dict) or not _is_label(term):
                problem((name, "values", value), "expected {vi: ..., en: ...}", "give both labels")
                continue
            extra = {k: v for k, v in term.items() if k not in ("vi", "en")}
            terms[value] = Term(value, {"vi": term["vi"], "en": term["en"]}, extra)
        result[name] = Vocabulary(name, {"vi": label["vi"], "en": label["en"]}, terms)
    return result, problems


def _is_label(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("vi"), str) and isinstance(value.get("en"), str)
