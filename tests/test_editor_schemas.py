"""The JSON Schemas editors get agree with ``check``.

- every record, data file, page and ``site.yaml`` of the sample project and of the good fixture
  sites validates against its schema;
- in each broken fixture, every problem that JSON Schema can state is flagged by the schema at the
  same field; the few it cannot state (duplicate ids across files, personal data inside text,
  YAML syntax, which the editor's YAML parser reports itself) are listed here explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from site_builder import build as build_module
from site_builder import editor_schemas, sources, validate, vocabularies
from site_builder.kinds import ENTITIES, KIND_BY_FOLDER

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "sites"
GOOD = [ROOT, FIXTURES / "each-kind", FIXTURES / "minimal", FIXTURES / "vietnamese-text"]


def project_schemas(project: Path) -> dict[str, dict]:
    loaded = sources.load_content(project)
    vocabs, _ = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(), loaded.vocabularies)
    validated = validate.validate_content(loaded, vocabs)
    return editor_schemas.editor_schemas(vocabs, editor_schemas.known_ids(validated.records, validated.entities))


def as_json(value):
    """YAML values as an editor's YAML 1.2 language server sees them: dates are strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def documents(project: Path, schemas: dict[str, dict]):
    """(file, schema, instance, prefix) for every YAML document an editor writes."""
    yield "site.yaml", schemas["site.schema.json"], load(project / "site.yaml"), ()
    for path in sorted((project / "content").rglob("*")):
        rel = path.relative_to(project).as_posix()
        folder = path.relative_to(project / "content").parts[0]
        if path.suffix not in (".md", ".yaml", ".yml") or path.stem == "vocabularies":
            continue
        value = front_matter(path) if path.suffix == ".md" else load(path)
        if folder == "data":
            entity = next((e for e in ENTITIES.values() if e.file == path.stem + ".yaml"), None)
            if entity is not None:
                yield rel, schemas[f"{path.stem}.schema.json"], value, ()
        elif folder == "pages":
            yield rel, schemas["page.schema.json"], value, ()
        elif folder in KIND_BY_FOLDER:
            file_schema = schemas[f"{KIND_BY_FOLDER[folder].name}.schema.json"]
            yield rel, file_schema, value, ()


def load(path: Path):
    return as_json(yaml.safe_load(path.read_text(encoding="utf-8-sig")))


def front_matter(path: Path):
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return as_json(yaml.safe_load("\n".join(lines[1:end])))


def validator(schema: dict):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("project", GOOD, ids=lambda p: p.name or "sample")
def test_every_document_of_the_good_sites_validates(project):
    schemas = project_schemas(project)
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    failures = [f"{rel}: {'/'.join(map(str, e.absolute_path))}: {e.message[:120]}"
                for rel, schema, instance, _ in documents(project, schemas)
                for e in validator(schema).iter_errors(instance)]
    assert failures == []


def error_paths(schema: dict, instance) -> set[tuple]:
    """Every field path the schema flags, the missing or unexpected field included."""
    found: set[tuple] = set()

    def visit(error):
        path = tuple(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            found.update(path + (name,) for name in error.validator_value if name not in error.instance)
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            found.update(path + (name,) for name in error.instance if name not in allowed)
        else:
            found.add(path)
        for inner in error.context or ():
            visit(inner)

    for error in validator(schema).iter_errors(instance):
        visit(error)
    return found


def dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


#: What JSON Schema cannot state: ``check`` alone finds these.
NOT_IN_SCHEMA = (
    ("id", "is already used by"),            # ids are unique across all files
    ("", "looks like"),                      # personal data inside text (phone, ID-card numbers, birth dates)
    ("", "personal data"),                   # a forbidden key: the schema flags it as an unknown field instead
)


@pytest.mark.parametrize("fixture", ["broken-fields", "broken-refs", "broken-privacy"])
def test_broken_fixtures_fail_the_schema_for_the_reasons_check_gives(fixture):
    project = FIXTURES / fixture
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, _ = build_module.check(config)
    schemas = project_schemas(project)
    flagged: dict[str, set[str]] = {}
    for rel, schema, instance, _ in documents(project, schemas):
        paths = error_paths(schema, instance)
        if isinstance(instance, list):  # a data file: a problem's field is relative to its entry
            paths |= {p[1:] for p in paths if p and isinstance(p[0], int)}
        flagged[rel] = {dotted(p) for p in paths}
    missed = []
    for problem in problems:
        if not problem.is_error or problem.field == "body":
            continue
        if any(problem.message.find(text) >= 0 and (not field or problem.field == field)
               for field, text in NOT_IN_SCHEMA):
            continue
        found = flagged.get(problem.location.path, set())
        if not any(f == problem.field or problem.field.startswith(f + ".") or f.startswith(problem.field + ".")
                   or f.startswith(problem.field + "[") for f in found if f):
            missed.append(f"{problem.format()}  — schema flags: {sorted(found)}")
    assert missed == []


def test_broken_yaml_is_broken_for_the_editor_too():
    project = FIXTURES / "broken-front-matter"
    config = build_module.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, _ = build_module.check(config)
    for path in sorted({p.location.path for p in problems}):
        text = (project / path).read_text(encoding="utf-8")
        with pytest.raises(Exception):  # noqa: B017 - any parse failure: no front matter, bad YAML ...
            value = front_matter(project / path) if path.endswith(".md") else load(project / path)
            if "duplicate" in " ".join(p.message for p in problems if p.location.path == path):
                yaml.load(text.split("---")[1], Loader=_StrictLoader)  # YAML language servers reject them
            if value is None or not isinstance(value, dict):
                raise ValueError("empty")


class _StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        keys = [k.value for k, _ in node.value]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


def test_published_schemas_name_only_public_people_and_records(built_site):
    schema = json.loads((built_site / "schemas/commendation.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/schemas/commendation.schema.json")
    text = json.dumps(schema, ensure_ascii=False)
    assert "ban-nhap-zq" not in text  # a draft record
    person_enum = schema["anyOf"][0]["properties"]["decision"]["properties"]["signer"]["properties"]["person"]["enum"]
    source = yaml.safe_load((FIXTURES / "each-kind/content/data/people.yaml").read_text(encoding="utf-8"))
    named = sorted(p["id"] for p in source if p.get("publish") == "full_name")
    assert len(named) < len(source)  # the fixture has people who are not named in full ...
    assert person_enum == named      # ... and their ids (folded names) are not published


def test_the_schema_command_writes_schemas_and_vscode_settings(run_cli, fixture_site):
    project = fixture_site("each-kind")
    code, out, _ = run_cli(["schema", project])
    assert code == 0 and '"yaml.schemas"' in out
    written = sorted(p.name for p in (project / "schemas").iterdir())
    assert "commendation.schema.json" in written and "site.schema.json" in written and "vscode-settings.json" in written
    settings = json.loads((project / "schemas/vscode-settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/units.schema.json"][0] == "content/data/units.yaml"
    units = json.loads((project / "schemas/emulation_model.schema.json").read_text(encoding="utf-8"))
    assert "ubnd-huyen-dong-anh" in units["anyOf"][0]["properties"]["units"]["items"]["enum"]
    assert run_cli(["schema", project / "nowhere"])[0] == 2
