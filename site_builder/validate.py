"""Validation: source documents in, records and entities out, with every problem of the run.

Each document is converted against its kind's declaration; problems get file, line and
field from the YAML marks. Checks that need everything loaded (unique ids, references,
validity dates of units and localities, attachments) run after all documents.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from dataclasses import dataclass, field

from . import markdown_limits, privacy
from .errors import WARNING, Problem, SourceLocation
from .kinds import ENTITIES, KINDS, KIND_BY_FOLDER, F
from .records import Entity, FreePage, Record
from .schema import INVALID, Checker, Id, Issue, Object, RefUse, String, Text, suggest
from .sources import LoadedContent, SourceDocument
from .yaml_source import dotted

PAGE_SCHEMA = Object((
    F("id", Id(), "Mã", "Id", required=True),
    F("title", Text(), "Tiêu đề", "Title", required=True),
    F("summary", Text(max_length=300), "Tóm tắt", "Summary"),
    F("body_en", String(max_length=1_000_000), "Nội dung tiếng Anh", "English text"),
    F("body", String(max_length=1_000_000), "Nội dung", "Text"),
))
TARGET_LABELS = {**{name: kind.label["en"].lower() for name, kind in KINDS.items()},
                 **{name: entity.label["en"].lower() for name, entity in ENTITIES.items()}}


@dataclass
class ValidatedContent:
    """Records, entities and pages that passed, plus every problem found (errors and warnings)."""

    records: list[Record] = field(default_factory=list)
    entities: dict[str, list[Entity]] = field(default_factory=dict)  # type -> entities in file order
    pages: list[FreePage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Pending:
    document: SourceDocument
    refs: list[RefUse]


def validate_content(loaded: LoadedContent, vocabularies, memo: dict | None = None) -> ValidatedContent:
    """Validate everything in ``loaded``; never raises for bad content.

    ``memo`` (optional, owned by the caller, e.g. the preview server) keeps the per-document work
    (conversion, privacy scan, the built :class:`Record`) between runs, keyed by the document
    object, which :func:`sources.load_content` reuses for unchanged files; the checks that need
    everything (ids, references, validity, attachments) always run. It empties itself when the
    vocabularies change.
    """
    result = ValidatedContent(problems=list(loaded.problems))
    for settings in (loaded.vocabularies, loaded.synonyms):  # personal data has no place there either
        if settings is not None:
            issues = privacy.check_keys(settings.data) + privacy.check_strings(settings.data)
            result.problems.extend(_to_problem(settings, issue) for issue in issues)
    pending: list[_Pending] = []
    ids: dict[str, tuple[str, SourceDocument]] = {}  # id -> (type, the document that defines it first)
    with_errors: dict[str, str] = {}  # id -> type, of documents left out for their own errors
    if memo is not None and memo.get(_VOCABULARIES) != vocabularies:
        memo.clear()
    used: dict = {_VOCABULARIES: vocabularies}

    def remembered(document: SourceDocument, name: str, compute):
        """``compute()``, done once per document object while a memo keeps it."""
        entry = used.get(id(document))
        if entry is None:
            entry = memo.get(id(document)) if memo is not None else None
            if entry is None or entry["document"] is not document:
                entry = {"document": document}
            used[id(document)] = entry
        if name not in entry:
            entry[name] = compute()
        return entry[name]

    def convert(document: SourceDocument, schema: Object):
        problems, value, refs = remembered(document, "converted", lambda: _convert(document, schema, vocabularies))
        result.problems.extend(problems)
        pending.append(_Pending(document, refs))  # a typo in a reference shows up with the other errors
        return value

    def left_out(document: SourceDocument, type_name: str) -> None:
        """Remember the id of a document dropped for its own errors: references to it are not reported too."""
        if isinstance(document.data.get("id"), str):
            with_errors.setdefault(document.data["id"], type_name)

    def claim_id(identifier: str, type_name: str, document: SourceDocument) -> bool:
        if identifier in ids:
            other_type, other = ids[identifier]
            result.problems.append(Problem(document.location(("id",)), "id", f"{identifier!r} is already used by "
                                           f"the {TARGET_LABELS.get(other_type, other_type)} at "
                                           f"{other.location(('id',))}",
                                           "ids are unique across all records and data files; choose another"))
            return False
        ids[identifier] = (type_name, document)  # where it is defined: looked up only for a problem
        return True

    for file_name, documents in loaded.data.items():
        entity_type = next((e for e in ENTITIES.values() if e.file == file_name), None)
        if entity_type is None:
            known = ", ".join(e.file for e in ENTITIES.values())
            result.problems.append(Problem(SourceLocation(f"content/data/{file_name}"), "", "unknown data file",
                                           f"data files are {known} and vocabularies.yaml"))
            continue
        entities = result.entities.setdefault(entity_type.name, [])
        for document in documents:
            value = convert(document, entity_type.schema)
            if value is None:
                left_out(document, entity_type.name)
                continue
            if entity_type.name == "person":
                result.problems.extend(_to_problem(document, issue) for issue in privacy.check_person(value))
            identifier = value.get("id") or f"{entity_type.name}-{document.index}"
            if "id" in value and not claim_id(identifier, entity_type.name, document):
                continue
            entities.append(remembered(document, "entity", lambda: Entity(entity_type.name, identifier, value,
                                                                          document.location())))
    for name in ENTITIES:
        result.entities.setdefault(name, [])

    for document in loaded.records:
        kind = KIND_BY_FOLDER[document.folder]
        declared = document.data.get("kind")
        if declared is not None and declared != kind.name:
            hint = f"this folder holds {kind.name} records; move the file or fix kind"
            result.problems.append(Problem(document.location(("kind",)), "kind",
                                           f"{declared!r} does not match the folder {document.folder}/", hint))
            left_out(document, kind.name)
            continue
        if document.path.endswith(".md") and "body" in document.data:
            result.problems.append(Problem(document.location(("body",)), "body", "the body is given twice",
                                           "in a Markdown file the text goes below the closing '---'"))
            left_out(document, kind.name)
            continue
        value = convert(document, kind.schema)
        # the body is checked even when the fields have errors
        result.problems.extend(remembered(document, "body", lambda: _body_problems(document, document.body)))
        if value is None:
            left_out(document, kind.name)
            continue
        if not claim_id(value["id"], kind.name, document):
            continue
        result.problems.extend(remembered(document, "body_en", lambda: _body_problems(
            document, value.get("body_en", ""), ("body_en",))))
        result.records.append(remembered(document, "record", lambda: Record(
            kind.name, value["id"], value, document.body, value.get("body_en", ""), document.location(),
            posixpath.dirname(document.path), document.marks)))

    page_ids: set[str] = set()
    for document in loaded.pages:
        value = convert(document, PAGE_SCHEMA)
        result.problems.extend(remembered(document, "body", lambda: _body_problems(document, document.body)))
        if value is None:
            continue
        result.problems.extend(remembered(document, "body_en", lambda: _body_problems(
            document, value.get("body_en", ""), ("body_en",))))
        if value["id"] in page_ids:
            result.problems.append(Problem(document.location(("id",)), "id", f"page {value['id']!r} exists twice",
                                           "give each page its own id"))
            continue
        page_ids.add(value["id"])
        result.pages.append(remembered(document, "page", lambda: FreePage(
            value["id"], value, document.body, value.get("body_en", ""), document.location())))

    references, used[_REFERENCES] = _check_refs(pending, ids, with_errors, _unreadable_types(loaded.problems),
                                                memo.get(_REFERENCES) if memo is not None else None)
    result.problems.extend(references)
    validity, used[_VALIDITY] = _check_validity(result.records, result.entities,
                                                memo.get(_VALIDITY) if memo is not None else None)
    result.problems.extend(validity)
    result.problems.extend(_check_attachments(result.records, loaded.attachments))
    if memo is not None:
        memo.clear()
        memo.update(used)
    return result


_VOCABULARIES = "vocabularies"  #: the memo's key for the vocabularies its entries were made with
_VALIDITY = "validity"  #: the memo's key for the validity warnings of each record (see _check_validity)
_REFERENCES = "references"  #: the memo's key for the reference problems of each document (see _check_refs)


def _convert(document: SourceDocument, schema: Object, vocabularies) -> tuple[list[Problem], object, list[RefUse]]:
    """One document against its schema and the privacy linter: (problems, value or None, references)."""
    checker = Checker(vocabularies)
    forbidden = privacy.check_keys(document.data)
    data = privacy.without_forbidden_keys(document.data) if forbidden else document.data
    checker.issues.extend(forbidden)  # reported once, not again as unknown fields or suspicious values
    checker.issues.extend(privacy.check_strings(data))
    value = schema.convert(data, (), checker)
    problems = [_to_problem(document, issue) for issue in checker.issues]
    if any(i.severity != WARNING for i in checker.issues) or value is INVALID:
        return problems, None, checker.refs
    return problems, value, checker.refs


def _body_problems(document: SourceDocument, body: str, field_path=()) -> list[Problem]:
    problems: list[Problem] = []
    _check_body(document, body, problems, field_path)
    return problems


def _to_problem(document: SourceDocument, issue: Issue) -> Problem:
    return Problem(document.location(issue.at or issue.path), dotted(issue.path), issue.message, issue.hint,
                   issue.severity)


def _check_body(document: SourceDocument, body: str, problems: list[Problem], field_path=()) -> None:
    if not body:
        return
    for offset, message, hint, severity in markdown_limits.check_markdown(body):
        location = document.location(field_path) if field_path else \
            SourceLocation(document.path, (document.body_line or document.line) + offset)
        problems.append(Problem(location, dotted(field_path) if field_path else "body", message, hint, severity))
    if field_path or not document.path.endswith(".md"):
        return  # a body written as a YAML value was scanned with the other values
    for line, message, hint in privacy.line_of_match(body, document.body_line or document.line):
        problems.append(Problem(SourceLocation(document.path, line), "body", message, hint))


def _unreadable_types(problems: list[Problem]) -> dict[str, str]:
    """Entity types and record kinds with a file that could not be read: type -> the first such file.

    Errors found while reading (YAML syntax, duplicate keys, encoding ...) leave the file's entries out.
    """
    files = {entity.file: name for name, entity in ENTITIES.items()}
    unreadable: dict[str, str] = {}
    for problem in sorted((p for p in problems if p.is_error), key=Problem.sort_key):
        parts = problem.location.path.split("/")
        if len(parts) < 3 or parts[0] != "content":
            continue
        kind = KIND_BY_FOLDER.get(parts[1])
        type_name = files.get(parts[2]) if parts[1] == "data" else kind.name if kind else None
        if type_name:
            unreadable.setdefault(type_name, problem.location.path)
    return unreadable


def _check_refs(pending: list[_Pending], ids: dict, with_errors: dict[str, str] | None = None,
                unreadable: dict[str, str] | None = None, last=None) -> tuple[list[Problem], tuple]:
    """Unknown or mistyped references, with "did you mean"; and what the next run may reuse.

    A reference to a document left out for its own errors (``with_errors``: id -> type) is not
    reported again; nor is an unknown reference to a type that has a file that could not be read
    (``unreadable``: type -> file): one warning on that file counts them instead. Otherwise one
    broken line in units.yaml would bury itself under an error, with a wrong "did you mean", at
    every record that names a unit.

    ``last`` (the preview server's memo): each document's findings are kept while the document is
    the same object and every id, with its type, is the same as then.
    """
    with_errors, unreadable = with_errors or {}, unreadable or {}
    id_types = {identifier: type_name for identifier, (type_name, _) in ids.items()}
    context = (id_types, with_errors, unreadable)
    last_context, last_found = last if last is not None else (None, {})
    if last_context != context:
        last_found = {}
    problems, found, unchecked = [], {}, {}  # unchecked: type whose file could not be read -> references
    by_type: dict[str, list[str]] = {}  # the ids by type, for "did you mean": only once something is wrong
    for item in pending:
        hit = last_found.get(id(item.document))
        if hit is None or hit[0] is not item.document:
            hit = (item.document, *_document_refs(item, id_types, with_errors, unreadable, by_type))
        found[id(item.document)] = hit
        problems.extend(hit[1])
        for type_name, count in hit[2].items():
            unchecked[type_name] = unchecked.get(type_name, 0) + count
    for type_name, count in sorted(unchecked.items()):
        problems.append(Problem(SourceLocation(unreadable[type_name]), "",
                                f"{count} reference(s) to {TARGET_LABELS[type_name]} ids not checked, because this "
                                "file could not be read", "fix its errors; the references are checked again then",
                                WARNING))
    return problems, (context, found)


def _document_refs(item: _Pending, id_types: dict[str, str], with_errors: dict[str, str],
                   unreadable: dict[str, str], by_type: dict[str, list[str]]) -> tuple[list[Problem], dict]:
    """The problems of one document's references, and its references left unchecked, by type."""
    problems, unchecked = [], {}
    for ref in item.refs:
        found = id_types.get(ref.id)
        if found in ref.targets:
            continue
        if not found and with_errors.get(ref.id) in ref.targets:
            continue
        blind = [t for t in ref.targets if t in unreadable] if not found else []
        if blind:
            unchecked[blind[0]] = unchecked.get(blind[0], 0) + 1
            continue
        if not by_type:
            for identifier, type_name in id_types.items():
                by_type.setdefault(type_name, []).append(identifier)
        wanted = " or ".join(TARGET_LABELS.get(t, t) for t in ref.targets)
        location = item.document.location(ref.path)
        if found:
            problems.append(Problem(location, dotted(ref.path), f"{ref.id!r} is a {TARGET_LABELS[found]}, "
                                    f"not a {wanted}", f"use the id of a {wanted}"))
            continue
        candidates = [i for t in ref.targets for i in by_type.get(t, ())]
        close = suggest(ref.id, candidates)
        hint = f"did you mean {close[0]!r}?" if close else \
            "add it to content/data/" + " or ".join(ENTITIES[t].file for t in ref.targets if t in ENTITIES) + \
            " or check the spelling"
        problems.append(Problem(location, dotted(ref.path), f"unknown {wanted} {ref.id!r}", hint))
    return problems, unchecked


def record_span(record: Record) -> tuple[dt.date, dt.date] | None:
    """The first and last day a record's period covers."""
    period = record.fields.get("period", {})
    start = period.get("start") or period.get("as_of")
    end = period.get("end") or period.get("as_of") or start
    return (start, end) if start else None


def _check_validity(records: list[Record], entities: dict[str, list[Entity]],
                    last=None) -> tuple[list[Problem], tuple]:
    """Warn when a record names a unit or locality that did not exist during its period.

    Returns the warnings and what the next run may reuse (``last``): each record's warnings, kept
    while the record is the same object and the units and locality it names are unchanged (the
    preview server's memo: a renamed locality checks again only the records that name it)."""
    known = {e.id: e for name in ("unit", "locality") for e in entities.get(name, ())}
    last_known, last_warnings = last if last is not None else ({}, {})
    changed = {i for i in known.keys() | last_known.keys()  # by value: a saved file gives new objects
               if known.get(i) is not last_known.get(i) and known.get(i) != last_known.get(i)}
    problems, warnings = [], {}
    for record in records:
        hit = last_warnings.get(id(record))
        if hit is None or hit[0] is not record or (changed and not changed.isdisjoint(_named(record))):
            hit = (record, _record_validity(record, known))
        warnings[id(record)] = hit
        problems.extend(hit[1])
    return problems, (known, warnings)


def _named(record: Record) -> list[str]:
    """The ids of the locality and units a record names (those whose validity is checked)."""
    return [record.fields.get("locality"), *record.fields.get("units", ())]


def _record_validity(record: Record, known: dict[str, Entity]) -> list[Problem]:
    span = record_span(record)
    if span is None:
        return []
    problems = []
    named = [(("locality",), record.fields.get("locality"))] + \
            [(("units", i), unit) for i, unit in enumerate(record.fields.get("units", ()))]
    for field_path, identifier in named:
        entity = known.get(identifier)
        if entity is None or entity.valid_during(*span):
            continue
        valid_from, valid_to = entity.fields.get("valid_from"), entity.fields.get("valid_to")
        existed = " ".join(part for part in (f"from {valid_from}" if valid_from else "",
                                             f"until {valid_to}" if valid_to else "") if part)
        problems.append(Problem(record.where(*field_path), dotted(field_path),
                                f"{identifier!r} did not exist during the record's period "
                                f"({span[0]} to {span[1]}); it existed {existed}",
                                "check the period, or name the unit or locality of that time", WARNING))
    return problems


def fold_name(name: str) -> str:
    """A file name as case-insensitive disks and hosts compare it."""
    return unicodedata.normalize("NFC", name).casefold()


def _check_attachments(records: list[Record], attachments: dict[str, int]) -> list[Problem]:
    problems = []
    for record in records:
        published_as: dict[str, str] = {}  # the name an attachment gets beside the page, folded -> file
        for index, attachment in enumerate(record.fields.get("attachments", ())):
            name = attachment["file"]
            field_name = f"attachments[{index}].file"
            same = published_as.setdefault(fold_name(name.rsplit("/", 1)[-1]), name)
            if same != name:
                problems.append(Problem(record.where("attachments", index, "file"), field_name,
                                        f"{name!r} would be published under the same name as {same!r}",
                                        "rename one of the files; upper and lower case do not count as different"))
                continue
            if name.startswith("/") or "\\" in name or ".." in name.split("/"):
                problems.append(Problem(record.where("attachments", index, "file"), field_name, f"{name!r} must be a file name beside the record",
                                        "put the file in the record's folder and write its name only"))
                continue
            path = posixpath.normpath(posixpath.join(record.source_dir, name))
            if path not in attachments:
                problems.append(Problem(record.where("attachments", index, "file"), field_name, f"file {path!r} not found",
                                        "add the file beside the record or fix the name"))
    return problems
