"""Write docs/content-reference.md from the one declaration of kinds, entities and vocabularies.

Usage: python scripts/content_reference.py > docs/content-reference.md
A test fails when the committed file differs from what this prints.
"""

from __future__ import annotations

from site_builder.kinds import COMMON_FIELDS, ENTITIES, KINDS
from site_builder.schema import Enum, FieldType, ListOf, Object, Ref
from site_builder.vocabularies import load_default_vocabularies


def type_name(field_type: FieldType) -> str:
    if isinstance(field_type, ListOf):
        return f"list of {type_name(field_type.item)}"
    if isinstance(field_type, Ref):
        return "ref → " + " or ".join(field_type.targets)
    if isinstance(field_type, Enum):
        return f"one of [{field_type.vocabulary}](#{field_type.vocabulary})"
    if isinstance(field_type, Object):
        return "mapping"
    return field_type.kind


def field_rows(fields, prefix: str = "") -> list[str]:
    rows = []
    for declared in fields:
        name = prefix + declared.name
        req = "yes" if declared.required else ""
        label = f"{declared.label['vi']} / {declared.label['en']}"
        rows.append(f"| `{name}` | {type_name(declared.type)} | {req} | {label} | {declared.help} |")
        inner = declared.type.item if isinstance(declared.type, ListOf) else declared.type
        if isinstance(inner, Object):
            rows.extend(field_rows(inner.fields, name + ("[]." if isinstance(declared.type, ListOf) else ".")))
    return rows


def main() -> None:
    out = ["# Content reference", "",
           "Generated from `site_builder/kinds.py` and `site_builder/vocabularies.yaml` by",
           "`python scripts/content_reference.py > docs/content-reference.md`. Do not edit by hand.", ""]
    header = ["| field | type | required | label (vi / en) | help |", "|---|---|---|---|---|"]
    out += ["## Fields common to every record", ""] + header + field_rows(COMMON_FIELDS) + [""]
    for kind in KINDS.values():
        out += [f"## {kind.label['en']} (`{kind.name}`, `content/{kind.folder}/`)", ""]
        out += header + field_rows(kind.fields) + [""]
    for entity in ENTITIES.values():
        out += [f"## {entity.label['en']} (`content/data/{entity.file}`)", ""]
        out += header + field_rows(entity.fields) + [""]
    out += ["## Vocabularies", "",
            "Override or extend labels in `content/data/vocabularies.yaml` (same shape).", ""]
    for name, vocabulary in load_default_vocabularies().items():
        out += [f"### {name}", "", f"{vocabulary.label['vi']} / {vocabulary.label['en']}", "",
                "| value | vi | en |", "|---|---|---|"]
        out += [f"| `{t.value}` | {t.label['vi']} | {t.label['en']} |" for t in vocabulary.terms.values()] + [""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
