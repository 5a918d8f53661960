"""vocabularies.py and vocabularies.yaml: every vocabulary the kinds use is shipped, complete and overridable."""

import ast
from pathlib import Path

import pytest

import site_builder
from site_builder import kinds
from site_builder.schema import Enum, ListOf, Object
from site_builder.sources import SourceDocument
from site_builder.vocabularies import load_default_vocabularies, merge_vocabularies

KINDS_SOURCE = Path(site_builder.__file__).parent / "kinds.py"


def enum_names_in_source() -> set[str]:
    """Every ``Enum("name")`` written in kinds.py."""
    tree = ast.parse(KINDS_SOURCE.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Enum":
            assert node.args and isinstance(node.args[0], ast.Constant), ast.unparse(node)
            names.add(node.args[0].value)
    return names


def enum_names_in_declarations() -> set[str]:
    """Every Enum reachable from the declared kinds and entities (catches Enums built in loops)."""
    names, seen = set(), set()

    def walk(field_type):
        if id(field_type) in seen:
            return
        seen.add(id(field_type))
        if isinstance(field_type, Enum):
            names.add(field_type.vocabulary)
        elif isinstance(field_type, ListOf):
            walk(field_type.item)
        elif isinstance(field_type, Object):
            for declared in field_type.fields:
                walk(declared.type)

    for kind in kinds.KINDS.values():
        walk(kind.schema)
    for entity in kinds.ENTITIES.values():
        walk(entity.schema)
    return names


def test_every_vocabulary_used_by_the_kinds_is_shipped():
    shipped = set(load_default_vocabularies())
    used = enum_names_in_source() | enum_names_in_declarations()
    assert len(used) > 20
    assert sorted(used - shipped) == []


def test_every_shipped_vocabulary_is_used():
    assert sorted(set(load_default_vocabularies()) - enum_names_in_source()) == []


def test_every_term_has_both_labels():
    for name, vocabulary in load_default_vocabularies().items():
        assert vocabulary.label["vi"] and vocabulary.label["en"], name
        assert vocabulary.terms, name
        for value, term in vocabulary.terms.items():
            assert term.label["vi"].strip() and term.label["en"].strip(), (name, value)


def test_award_forms_say_which_recipients_they_fit():
    forms = load_default_vocabularies()["award_form"].terms
    assert {t.extra.get("recipient") for t in forms.values()} <= {None, "collective", "individual"}
    assert forms["tap_the_lao_dong_xuat_sac"].extra["recipient"] == "collective"
    assert forms["co_thi_dua_cap_bo_tinh"].extra["recipient"] == "collective"
    assert forms["chien_si_thi_dua_co_so"].extra["recipient"] == "individual"
    for value, term in forms.items():
        if value.startswith(("tap_the_", "co_thi_dua_")):
            assert term.extra.get("recipient") == "collective", value


def override(data, marks=None):
    return SourceDocument("content/data/vocabularies.yaml", "data", data, marks or {})


def test_a_project_can_add_and_relabel_values():
    defaults = load_default_vocabularies()
    merged, problems = merge_vocabularies(defaults, override({"model_state": {"values": {
        "paused": {"vi": "Tạm dừng", "en": "Paused"}, "running": {"vi": "Đang chạy", "en": "Running"}}}}))
    assert problems == []
    terms = merged["model_state"].terms
    assert terms["paused"].label == {"vi": "Tạm dừng", "en": "Paused"}
    assert terms["running"].label["vi"] == "Đang chạy"
    assert list(terms)[: len(defaults["model_state"].terms)] == list(defaults["model_state"].terms)
    assert defaults["model_state"].terms["running"].label["vi"] != "Đang chạy"  # defaults are not mutated


@pytest.mark.parametrize("data, expected", [
    ({"colours": {"values": {}}}, "content/data/vocabularies.yaml:3:1: colours: unknown vocabulary "
                                  "(only the shipped vocabularies can be extended)"),
    ({"model_state": {"values": {"x": {"vi": "X"}}}},
     "content/data/vocabularies.yaml:3:1: model_state.values.x: expected {vi: ..., en: ...} (give both labels)"),
    ({"model_state": "x"}, "content/data/vocabularies.yaml:3:1: model_state: expected "
                           "{label: {vi, en}, values: {key: {vi, en}}} (fix the shape)"),
])
def test_bad_overrides_are_problems(data, expected):
    _, problems = merge_vocabularies(load_default_vocabularies(), override(data, {(): (1, 1), (next(iter(data)),): (3, 1)}))
    assert [p.format() for p in problems] == [expected]
