"""The questions ``site-builder new`` asks in a terminal, generated from the kind declaration.

Every required field is asked for, in the declaration's order, with its Vietnamese and English
label and help; vocabularies are numbered menus with their labels; references are found by
typing part of a name or id (diacritics optional: "hoang mai" finds "Quận Hoàng Mai"); dates,
numbers and patterns are checked by the same field types as ``check``, and a wrong answer is
asked again with the reason. Fields that depend on another answer follow it: a single inspection
asks for its mode and subjects, an aggregate one for its figures; a commendation asks for its
recipients or their numbers, and a revocation when the state is revoked. Optional fields stay in
the file as comments, so nothing needs copying from an old record.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Mapping

from .kinds import COMMON_FIELDS, KINDS, PERIOD, SOURCE, RecordKind
from .records import Entity
from .schema import (INVALID, Boolean, Checker, Date, Enum, Field, FieldType, ListOf, Object, Ref, Text)
from .text import fold, slugify

Ask = Callable[[str], str]

#: Optional fields worth asking for: an editor may press Enter to skip them.
OPTIONAL_ASKED = ("summary", "tags")
SOURCE_ASKED = ("url", "title", "publisher", "published")
MATCHES_SHOWN = 10


class Cancelled(Exception):
    """The editor gave up (Ctrl+D, or "q")."""


class Prompter:
    """Asks for one record's fields; ``ask`` reads an answer (``input``), ``say`` prints."""

    def __init__(self, vocabularies, entities: Mapping[str, list[Entity]], record_ids: Mapping[str, list[str]],
                 ask: Ask = input, say: Callable[[str], None] = print, today: dt.date | None = None) -> None:
        self.vocabularies = vocabularies
        self.entities = entities
        self.record_ids = record_ids
        self.ask_raw = ask
        self.say = say
        self.today = today or dt.date.today()

    # ---------------------------------------------------------------- the record

    def kind(self) -> str:
        names = list(KINDS)
        self.say("Loại hồ sơ · Kind of record:")
        for number, name in enumerate(names, 1):
            self.say(f"  {number}. {KINDS[name].label['vi']} · {KINDS[name].label['en']} ({name})")
        while True:
            answer = self.ask("Chọn · Choose [1-3]: ").strip()
            if answer.isdigit() and 1 <= int(answer) <= len(names):
                return names[int(answer) - 1]
            if answer in KINDS:
                return answer
            self.say("  Gõ 1, 2 hoặc 3 · Type 1, 2 or 3.")

    def record(self, kind: RecordKind, title: str | None = None, identifier: str | None = None) -> dict:
        """The answers for a new record of ``kind``: field -> value as it will be written."""
        answers: dict = {}
        self.say(f"\n{kind.label['vi']} · {kind.label['en']}. (*) bắt buộc · required; Enter bỏ qua · skips; "
                 "q thoát · quits.")
        title = title or self.text_answer("Tiêu đề · Title", required=True)
        answers["title"] = title
        proposed = identifier or slugify(title)
        while True:
            chosen = self.ask(f"Mã (địa chỉ trang) · Id (the page address) [{proposed}]: ").strip() or proposed
            if chosen and self._valid(Field("id", KINDS[kind.name].schema.by_name["id"].type, {}, ""), chosen):
                answers["id"] = chosen
                break
        fields = {f.name: f for f in COMMON_FIELDS + kind.fields}
        order = ["summary", "locality", "units", "period"] + [f.name for f in kind.fields] + \
            ["directives", "theme", "tags", "sources"]
        for name in order:
            declared = fields[name]
            needed = declared.required or name in OPTIONAL_ASKED or name in self._needed(kind, answers)
            if name in answers or not needed:
                continue
            if name == "recipients" or name == "recipient_counts":
                continue  # asked together, below
            value = self.field(declared, required=declared.required or name in self._needed(kind, answers))
            if value is not None:
                answers[name] = value
            if kind.name == "commendation" and name == "state":
                self._recipients(fields, answers)
                if value == "revoked":
                    answers["revocation"] = self.field(fields["revocation"], required=True)
        for name in self._needed(kind, answers):
            if name not in answers:
                answers[name] = self.field(fields[name], required=True)
        answers["published"] = self.today
        answers["status"] = "draft"
        return answers

    def _needed(self, kind: RecordKind, answers: dict) -> tuple[str, ...]:
        """Fields required by the kind's rules, given the answers so far."""
        if kind.name == "inspection_result":
            return {"single": ("mode", "subjects"), "aggregate": ("statistics",)}.get(answers.get("grain"), ())
        return ()

    def _recipients(self, fields: dict[str, Field], answers: dict) -> None:
        self.say("Người, tập thể được khen · Recipients:\n"
                 "  1. liệt kê từng người, tập thể · list them\n"
                 "  2. chỉ ghi số lượng · give only their numbers")
        while True:
            answer = self.ask("Chọn · Choose [1-2]: ").strip()
            if answer in ("1", "2"):
                break
        name = "recipients" if answer == "1" else "recipient_counts"
        answers[name] = self.field(fields[name], required=True)

    # ---------------------------------------------------------------- one field

    def field(self, declared: Field, required: bool, prefix: str = ""):
        """Ask for ``declared``; ``None`` when skipped."""
        label = f"{prefix}{declared.label['vi']} · {declared.label['en']}"
        field_type = declared.type
        if field_type is PERIOD:
            return self.period(label, required)
        if isinstance(field_type, Enum):
            return self.choice(label, field_type, required)
        if isinstance(field_type, Ref):
            return self.reference(label, field_type, required)
        if isinstance(field_type, ListOf):
            return self.items(label, declared, required)
        if isinstance(field_type, Object):
            return self.mapping(label, field_type, required, SOURCE_ASKED if field_type is SOURCE else None)
        if isinstance(field_type, Boolean):
            answer = self.ask(f"{label} [c/k · y/n]: ").strip().lower()
            if answer in ("c", "có", "y", "yes"):
                return True
            return False if answer in ("k", "không", "n", "no") else None
        hint = f" ({declared.help})" if declared.help else ""
        default = self.today if isinstance(field_type, Date) and required else None
        while True:
            shown = f" [{default}]" if default else ""
            answer = self.ask(f"{label}{' (*)' if required else ''}{hint}{shown}: ").strip()
            if not answer:
                if default:
                    return default
                if not required:
                    return None
                self.say("  Bắt buộc · Required.")
                continue
            value = self._converted(field_type, answer)
            if value is not INVALID:
                return answer if isinstance(field_type, Text) else value  # text as typed, others converted

    def text_answer(self, label: str, required: bool) -> str:
        while True:
            answer = self.ask(f"{label}{' (*)' if required else ''}: ").strip()
            if answer or not required:
                return answer
            self.say("  Bắt buộc · Required.")

    def choice(self, label: str, field_type: Enum, required: bool):
        terms = list(self.vocabularies[field_type.vocabulary].terms.values())
        self.say(f"{label}{' (*)' if required else ''}:")
        for number, term in enumerate(terms, 1):
            self.say(f"  {number:>2}. {term.label['vi']} · {term.label['en']} ({term.value})")
        while True:
            skip = "" if required else ", Enter bỏ qua · skips"
            answer = self.ask(f"Chọn · Choose [1-{len(terms)}]{skip}: ").strip()
            if not answer and not required:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(terms):
                return terms[int(answer) - 1].value
            value = self._converted(field_type, answer)
            if value is not INVALID:
                return value

    def reference(self, label: str, field_type: Ref, required: bool):
        candidates = self._candidates(field_type.targets)
        while True:
            mark = " (*)" if required else ""
            answer = self.ask(f"{label}{mark} — gõ vài chữ để tìm · type to search: ").strip()
            if not answer:
                if not required:
                    return None
                self.say("  Bắt buộc · Required.")
                continue
            if answer in candidates:
                return answer
            words = fold(answer).split()
            found = [i for i, name in candidates.items() if all(w in fold(i) + " " + fold(name) for w in words)]
            if not found:
                self.say("  Không thấy · Nothing found; thử chữ khác · try other words.")
                continue
            for number, identifier in enumerate(found[:MATCHES_SHOWN], 1):
                self.say(f"  {number:>2}. {candidates[identifier]} ({identifier})")
            if len(found) > MATCHES_SHOWN:
                self.say(f"  … {len(found) - MATCHES_SHOWN} nữa · more: gõ thêm chữ · type more.")
            shown = min(len(found), MATCHES_SHOWN)
            pick = self.ask(f"Chọn · Choose [1-{shown}], Enter tìm lại · searches again: ").strip()
            if pick.isdigit() and 1 <= int(pick) <= shown:
                return found[int(pick) - 1]

    def items(self, label: str, declared: Field, required: bool) -> list | None:
        field_type: ListOf = declared.type
        minimum = max(field_type.min_items, 1 if required else 0)
        result = []
        item = Field(declared.name, field_type.item, declared.label, declared.help)
        while True:
            number = len(result) + 1
            if len(result) >= minimum:
                question = f"{label}: thêm mục thứ {number}? · add item {number}? [c/K · y/N]: "
                more = self.ask(question).strip().lower()
                if more not in ("c", "có", "y", "yes"):
                    return result or None
            value = self.field(item, required=True, prefix=f"[{number}] ")
            if value is not None:
                result.append(value)

    def mapping(self, label: str, field_type: Object, required: bool, asked=None) -> dict | None:
        self.say(f"{label}{' (*)' if required else ''}:")
        result = {}
        grouped = {n for group in field_type.one_of for n in group}
        for declared in field_type.fields:  # the required fields first (a recipient's kind, then who)
            if declared.required and declared.name not in grouped:
                result[declared.name] = self.field(declared, required=True, prefix="  ")
        for group in field_type.one_of:
            names = [n for n in group if n in field_type.by_name]
            self.say("  " + " / ".join(f"{i}. {field_type.by_name[n].label['vi']} ({n})"
                                       for i, n in enumerate(names, 1)))
            while True:
                answer = self.ask(f"  Chọn · Choose [1-{len(names)}]: ").strip()
                if answer.isdigit() and 1 <= int(answer) <= len(names):
                    chosen = field_type.by_name[names[int(answer) - 1]]
                    result[chosen.name] = self.field(chosen, required=True, prefix="  ")
                    break
        for declared in field_type.fields:
            if declared.name not in result and declared.name not in grouped and asked and declared.name in asked:
                value = self.field(declared, required=False, prefix="  ")
                if value is not None:
                    result[declared.name] = value
        return result or None

    def period(self, label: str, required: bool) -> dict | None:
        mark = " (*)" if required else ""
        self.say(f"{label}{mark}: từ ngày … đến ngày …, hoặc tính đến ngày · "
                 "from … to …, or as of a date")
        start = self.field(Field("start", Date(), {"vi": "Từ ngày", "en": "From"}, "YYYY-MM-DD"), required=False,
                           prefix="  ")
        if start:
            end = self.field(Field("end", Date(), {"vi": "Đến ngày", "en": "To"}, "YYYY-MM-DD"), required=False,
                             prefix="  ")
            return {"start": start, **({"end": end} if end else {})}
        as_of = self.field(Field("as_of", Date(), {"vi": "Tính đến ngày", "en": "As of"}, "YYYY-MM-DD"),
                           required=required, prefix="  ")
        return {"as_of": as_of} if as_of else None

    # ---------------------------------------------------------------- helpers

    def ask(self, question: str) -> str:
        try:
            answer = self.ask_raw(question)
        except EOFError:
            raise Cancelled() from None
        if answer.strip().lower() in ("q", ":q", "quit", "thoat", "thoát"):
            raise Cancelled()
        return answer

    def _converted(self, field_type: FieldType, answer: str):
        checker = Checker(self.vocabularies)
        raw = answer
        if isinstance(field_type, Date):
            try:
                raw = dt.date.fromisoformat(answer)
            except ValueError:
                raw = answer
        elif field_type.kind in ("integer", "number"):
            cleaned = answer.replace(".", "").replace(" ", "") if answer.count(".") > 1 else answer
            try:
                raw = int(cleaned)
            except ValueError:
                try:
                    raw = float(cleaned)
                except ValueError:
                    raw = answer
        value = field_type.convert(raw, (), checker)
        errors = [i for i in checker.issues if i.severity == "error"]
        if errors or value is INVALID:
            issue = errors[0] if errors else None
            hint = f" ({issue.hint})" if issue and issue.hint else ""
            self.say(f"  {issue.message if issue else 'not valid'}{hint}")
            return INVALID
        return value

    def _valid(self, declared: Field, answer: str) -> bool:
        return self._converted(declared.type, answer) is not INVALID

    def _candidates(self, targets) -> dict[str, str]:
        """id -> name, for the types a reference may point at."""
        found = {}
        for target in targets:
            for entity in self.entities.get(target, ()):
                fields = entity.fields
                name = fields.get("name") or fields.get("label") or fields.get("number") or fields.get("text") or ""
                name = name.get("vi", "") if isinstance(name, dict) else str(name)
                until = fields.get("valid_to")
                found[entity.id] = name + (f" (đến · until {until})" if until else "")
            for identifier in self.record_ids.get(target, ()):
                found.setdefault(identifier, identifier)
        return found

