"""``site-builder new``: a skeleton record generated from the kind declaration.

The skeleton validates as written (references point at the project's own data, the
status is ``draft`` so nothing is published by accident) and lists every optional
field as a comment with its label and allowed values, so an editor never copies an old file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .kinds import COMMON_FIELDS, KINDS, RecordKind
from .schema import Enum, Field, FieldType, ListOf, Object, Ref, Text
from .text import slugify

#: Fields a kind's rules need for the first value of their vocabulary (grain: single ...).
RULE_FIELDS = {"inspection_result": ("mode", "subjects"), "commendation": ("recipients",)}


def skeleton_text(kind: RecordKind, title: str, identifier: str, today: dt.date, vocabularies,
                  first_ids: dict[str, str], answers: dict | None = None) -> str:
    """The Markdown file for a new record of ``kind``; ``answers`` (field -> value, from the
    prompts of ``site-builder new``) replace the placeholders and write optional fields out."""
    lines = ["---", f"# {kind.label['vi']} / {kind.label['en']}. Fields marked (*) are required.",
             "# Trạng thái 'draft': chưa công bố. Set status: published when the record is ready."]
    values = {"id": identifier, "title": {"vi": title}, "status": "draft", "published": today,
              "period": {"start": today},
              "sources": [{"url": "https://example.org/thay-bang-duong-dan-nguon", "title": {"vi": "…"}}]}
    values.update(answers or {})
    extra = RULE_FIELDS.get(kind.name, ()) if not answers else ()
    for declared in COMMON_FIELDS + kind.fields:
        if declared.name in ("body", "body_en"):
            continue
        required = declared.required or declared.name in extra or declared.name in values
        lines.append(_field_line(declared, required, required, values, today, vocabularies, first_ids))
    lines += ["---", "", "Nội dung (Markdown, tiếng Việt): tóm lược nguồn bằng lời của bạn, nêu rõ số liệu và nguồn.", ""]
    return "\n".join(lines)


def _comment(declared: Field, vocabularies) -> str:
    text = f"{declared.label['vi']} / {declared.label['en']}"
    if declared.help:
        text += f": {declared.help}"
    field_type = declared.type.item if isinstance(declared.type, ListOf) else declared.type
    if isinstance(field_type, Enum):
        text += " — " + ", ".join(vocabularies[field_type.vocabulary].terms)
    return text


def _placeholder(field_type: FieldType, today: dt.date, vocabularies, first_ids: dict[str, str]):
    if isinstance(field_type, Ref):
        return next((first_ids[t] for t in field_type.targets if t in first_ids), "")
    if isinstance(field_type, Enum):
        return next(iter(vocabularies[field_type.vocabulary].terms))
    if isinstance(field_type, ListOf):
        return [_placeholder(field_type.item, today, vocabularies, first_ids)]
    if isinstance(field_type, Object):
        result = {f.name: _placeholder(f.type, today, vocabularies, first_ids) for f in field_type.fields
                  if f.required}
        for group in field_type.one_of:
            result[group[0]] = _placeholder(field_type.by_name[group[0]].type, today, vocabularies, first_ids)
        return result
    if isinstance(field_type, Text):
        return {"vi": "…"}
    skeleton = field_type.skeleton()
    return today if isinstance(skeleton, dt.date) else skeleton


def _dump(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=10_000).strip().removesuffix("...").strip()


def new_record(project_dir: Path, kind_name: str, title: str, today: dt.date, vocabularies,
               entities: dict[str, list], identifier: str | None = None, answers: dict | None = None) -> Path:
    """Write ``content/<folder>/<id>.md``; refuse to overwrite. Returns the new file's path."""
    kind = KINDS[kind_name]
    identifier = identifier or slugify(title)
    if not identifier:
        raise ValueError("the title gives no id; pass one with --id")
    target = Path(project_dir) / "content" / kind.folder / f"{identifier}.md"
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another title or --id")
    first_ids = {name: items[0].id for name, items in entities.items() if items}
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(skeleton_text(kind, title, identifier, today, vocabularies, first_ids, answers))
    return target


def _field_line(declared, written: bool, marked: bool, values: dict, today: dt.date, vocabularies,
                first_ids: dict[str, str]) -> str:
    """One field of a skeleton: ``name: value  # (*) what it is`` when ``written`` (a placeholder where
    ``values`` has none; ``(*)`` when ``marked`` required), else the same as a comment to fill in."""
    comment = _comment(declared, vocabularies)
    if not written:
        return f"# {declared.name}: {comment}"
    value = values.get(declared.name)
    if value is None:
        value = _placeholder(declared.type, today, vocabularies, first_ids)
    return f"{declared.name}: {_dump(value)}  # {'(*) ' if marked else ''}{comment}"


def entity_skeleton(entity_type, values: dict, today: dt.date, vocabularies, first_ids: dict[str, str],
                    commented: bool = False) -> str:
    """One item of a data file (``units.yaml`` ...) generated from the entity declaration: the
    required fields with ``values`` (placeholders where missing), the optional ones as comments;
    ``commented`` turns the whole item into an example to copy (for a file that starts empty)."""
    lines = []
    for declared in entity_type.fields:
        lines.append(_field_line(declared, declared.required or declared.name in values, declared.required,
                                 values, today, vocabularies, first_ids))
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))  # a YAML item starts with a key
    lines = ["- " + lines[first]] + ["  " + line for line in lines[:first] + lines[first + 1:]]
    return "\n".join("# " + line if commented else line for line in lines) + "\n"
