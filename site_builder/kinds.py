"""The record kinds and reference entities, declared once, as data.

Validation, ``site-builder new``, the detail pages' field lists and (later) exports and
search all read these declarations. Field names are the content contract
(``CONTENT_MODEL.md``): do not rename them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

from .schema import (Boolean, Checker, Date, DateTime, Enum, Field, Id, Integer, ListOf, Number, Object, Ref,
                     String, Text, Url, warn)

RECORD = ("emulation_model", "commendation", "inspection_result")
#: An alias is an old id of the same kind (``old-id``) or an old site path (``/models/old-id/``).
ALIAS_PATTERN = r"^([a-z0-9]+(-[a-z0-9]+)*|/[A-Za-z0-9][A-Za-z0-9._~/-]*)$"


def L(vi: str, en: str) -> dict:
    """A label in both languages."""
    return {"vi": vi, "en": en}


def F(name: str, type_, vi: str, en: str, help: str = "", required: bool = False) -> Field:
    return Field(name, type_, L(vi, en), help, required)


# ---------------------------------------------------------------- shared shapes

def _period_rule(value: dict, path: tuple, checker: Checker) -> None:
    if "start" not in value and "as_of" not in value:
        checker.report(path, "needs start (with optional end) or as_of",
                       "write {start: 2023-08-07, end: 2024-08-07} or {as_of: 2024-03-31}")
    if "start" in value and "end" in value and value["end"] < value["start"]:
        checker.report(path + ("end",), f"ends ({value['end']}) before it starts ({value['start']})",
                       "swap start and end")


PERIOD = Object((
    F("start", Date(), "Từ ngày", "From"),
    F("end", Date(), "Đến ngày", "To"),
    F("as_of", Date(), "Tính đến ngày", "As of"),
    F("label", Text(), "Mô tả thời gian", "Period label"),
), rules=(_period_rule,))

SPAN = Object((
    F("start", Date(), "Từ ngày", "From", required=True),
    F("end", Date(), "Đến ngày", "To"),
), rules=(_period_rule,))

SOURCE = Object((
    F("url", Url(), "Địa chỉ", "Address", "the web address of the article or document", required=True),
    F("title", Text(), "Tiêu đề", "Title"),
    F("publisher", Text(), "Nơi đăng", "Publisher"),
    F("published", Date(), "Ngày đăng", "Published"),
    F("retrieved", Date(), "Ngày truy cập", "Retrieved"),
    F("language", Enum("language"), "Ngôn ngữ", "Language"),
    F("is_translation", Boolean(), "Là bản dịch", "Is a translation"),
    F("original_url", Url(), "Bản gốc", "Original"),
    F("archive_url", Url(), "Bản lưu", "Archived copy"),
))

SIGNER = Object((
    F("name", String(), "Người ký", "Signed by"),
    F("position", Text(), "Chức vụ", "Position"),
    F("person", Ref("person"), "Người ký", "Signed by"),
))

OBSERVATION_FIELDS = (
    F("id", Id(), "Mã", "Id"),
    F("series", Ref("series"), "Chỉ tiêu", "Series", "the id of a series in series.yaml", required=True),
    F("value", Number(), "Giá trị", "Value", "a number; money in VND", required=True),
    F("qualifier", Enum("qualifier"), "Mức chính xác", "Qualifier"),
    F("locality", Ref("locality"), "Địa bàn", "Locality"),
    F("reporting_body", Ref("unit"), "Cơ quan báo cáo", "Reporting body"),
    F("period", PERIOD, "Thời gian", "Period"),
    F("as_of", Date(), "Tính đến ngày", "As of"),
    F("directive", Ref("document"), "Văn bản", "Directive"),
    F("source", SOURCE, "Nguồn", "Source"),
    F("note", Text(), "Ghi chú", "Note"),
)


def _observation_rule(value: dict, path: tuple, checker: Checker) -> None:
    if "period" in value and "as_of" in value:
        checker.report(path, "has both period and as_of", "keep one of them")


OBSERVATION = Object(OBSERVATION_FIELDS, rules=(_observation_rule,))

# ---------------------------------------------------------------- fields common to all record kinds

COMMON_FIELDS = (
    F("id", Id(), "Mã", "Id", "the permanent id used in the address, e.g. dong-anh-5-ro", required=True),
    F("title", Text(), "Tiêu đề", "Title", required=True),
    F("summary", Text(max_length=300), "Tóm tắt", "Summary", "at most 300 characters"),
    F("locality", Ref("locality"), "Địa bàn", "Locality", "the id of a locality in localities.yaml", required=True),
    F("units", ListOf(Ref("unit"), min_items=1), "Cơ quan, đơn vị", "Units",
      "ids of units in units.yaml", required=True),
    F("period", PERIOD, "Thời gian", "Period", "{start, end} or {as_of}", required=True),
    F("directives", ListOf(Ref("document")), "Thực hiện văn bản", "Implements"),
    F("theme", Ref("theme"), "Chủ đề năm", "Annual theme"),
    F("tags", ListOf(String(max_length=80)), "Từ khóa", "Keywords"),
    F("sources", ListOf(SOURCE, min_items=1), "Nguồn", "Sources", "where the facts come from", required=True),
    F("published", Date(), "Ngày đăng trên trang", "Published on this site", required=True),
    F("embargo_until", DateTime(), "Chưa công bố trước", "Embargoed until"),
    F("status", Enum("record_status"), "Trạng thái hồ sơ", "Record status"),
    F("corrections", ListOf(Object((
        F("date", Date(), "Ngày", "Date", required=True),
        F("note", Text(), "Nội dung đính chính", "Note", required=True),
    ))), "Đính chính", "Corrections"),
    F("attachments", ListOf(Object((
        F("file", String(), "Tệp", "File", "a file name beside the record", required=True),
        F("title", Text(), "Tên tệp", "Title"),
        F("sha256", String(r"^[0-9a-f]{64}$", "64 hexadecimal digits"), "SHA-256", "SHA-256"),
    ))), "Tệp đính kèm", "Attachments"),
    F("aliases", ListOf(String(ALIAS_PATTERN, "old-id or /models/old-id/", max_length=300)),
      "Địa chỉ cũ", "Former addresses",
      "old ids of this kind, or old paths like /models/old-id/, that redirect here after a rename or merge"),
    F("body", String(max_length=1_000_000), "Nội dung", "Text", "Markdown (YAML records only)"),
    F("body_en", String(max_length=1_000_000), "Nội dung tiếng Anh", "English text", "Markdown in English"),
)

# ---------------------------------------------------------------- emulation model

MODEL_FIELDS = (
    F("category", Enum("model_category"), "Loại", "Category", required=True),
    F("field", Enum("model_field"), "Lĩnh vực", "Field", required=True),
    F("owner_units", ListOf(Ref("unit"), min_items=1), "Đơn vị thực hiện", "Run by", required=True),
    F("programme", ListOf(Ref("document")), "Chương trình, phong trào", "Programme"),
    F("state", Enum("model_state"), "Tình trạng", "State", required=True),
    F("coverage", Object((
        F("count", Integer(), "Số đã triển khai", "Count", required=True),
        F("of", Integer(minimum=1), "Trên tổng số", "Out of"),
        F("label", Text(), "Đơn vị tính", "Of what"),
    ), rules=(lambda v, p, c: c.report(p + ("count",), f"{v['count']} is more than the total {v['of']}",
                                       "check the two figures")
              if "of" in v and "count" in v and v["count"] > v["of"] else None,)),
      "Phạm vi", "Coverage"),
    F("results", ListOf(Object((
        F("indicator", Text(), "Chỉ tiêu", "Indicator", required=True),
        F("value", Number(), "Giá trị", "Value", required=True),
        F("unit", Text(), "Đơn vị tính", "Unit"),
        F("qualifier", Enum("qualifier"), "Mức chính xác", "Qualifier"),
        F("as_of", Date(), "Tính đến ngày", "As of"),
        F("note", Text(), "Ghi chú", "Note"),
    ))), "Kết quả", "Results"),
    F("replicated_in", ListOf(Ref("locality", "unit")), "Nhân rộng tại", "Replicated in"),
    F("recognition", ListOf(Ref("commendation")), "Được khen thưởng", "Recognised by"),
)

# ---------------------------------------------------------------- commendation

RECIPIENT = Object((
    F("kind", Enum("recipient_kind"), "Loại", "Kind", required=True),
    F("unit", Ref("unit"), "Tập thể", "Collective"),
    F("person", Ref("person"), "Cá nhân", "Person"),
    F("name", Text(), "Tên", "Name"),
    F("position_at_time", Text(), "Chức vụ khi khen", "Position at the time"),
    F("achievement", Text(), "Thành tích", "Achievement"),
    F("amount_vnd", Integer(), "Tiền thưởng (đồng)", "Reward (VND)"),
    F("posthumous", Boolean(), "Truy tặng", "Posthumous"),
), one_of=(("unit", "person", "name"),))


def _commendation_rule(value: dict, path: tuple, checker: Checker) -> None:
    if ("recipients" in value) == ("recipient_counts" in value):
        checker.report(path + ("recipients",), "needs recipients or recipient_counts (exactly one)",
                       "list the recipients, or give their numbers in recipient_counts")
    form = checker.vocabularies["award_form"].terms.get(value.get("form"))
    fits = form.extra.get("recipient") if form else None
    for index, recipient in enumerate(value.get("recipients", ())):
        kind = recipient.get("kind")
        if fits == "collective" and kind in ("individual", "household"):
            checker.report(path + ("recipients", index, "kind"), f"the form {value['form']!r} is only for collectives",
                           "use an individual title, or list a collective here")
        elif fits == "individual" and kind in ("collective", "household"):
            checker.report(path + ("recipients", index, "kind"), f"the form {value['form']!r} is only for individuals",
                           "use a collective title, or list an individual here")
    counts = value.get("recipient_counts", {})
    if fits == "collective" and counts.get("individuals"):
        checker.report(path + ("recipient_counts", "individuals"), f"the form {value['form']!r} is only for collectives",
                       "remove the individuals or change the form")
    if fits == "individual" and (counts.get("collectives") or counts.get("households")):
        checker.report(path + ("recipient_counts", "collectives"), f"the form {value['form']!r} is only for individuals",
                       "remove the collectives or change the form")
    if value.get("state") == "revoked" and "revocation" not in value:
        checker.report(path + ("revocation",), "is required when state is revoked",
                       "add revocation: {decision, date, ground}", at=path + ("state",))
    if value.get("state") != "revoked" and "revocation" in value:
        checker.report(path + ("state",), "has a revocation but state is not revoked", "set state: revoked")


COMMENDATION_FIELDS = (
    F("decision", Object((
        F("number", String(example="1234/QĐ-UBND"), "Số quyết định", "Decision number", required=True),
        F("date", Date(), "Ngày quyết định", "Decision date", required=True),
        F("issuer", Ref("unit"), "Cơ quan quyết định", "Issued by", required=True),
        F("signer", SIGNER, "Người ký", "Signed by"),
        F("url", Url(), "Văn bản", "Document"),
    )), "Quyết định", "Decision", "{number, date, issuer, signer}", required=True),
    F("award_type", Enum("award_type"), "Loại hình khen thưởng", "Type of award"),
    F("form", Enum("award_form"), "Hình thức", "Form of award", required=True),
    F("form_detail", Text(), "Chi tiết hình thức", "Form detail"),
    F("level", Enum("award_level"), "Cấp khen thưởng", "Level", required=True),
    F("recipients", ListOf(RECIPIENT, min_items=1), "Đối tượng được khen", "Recipients"),
    F("recipient_counts", Object((
        F("individuals", Integer(), "Cá nhân", "Individuals"),
        F("collectives", Integer(), "Tập thể", "Collectives"),
        F("households", Integer(), "Hộ gia đình", "Households"),
    )), "Số lượng được khen", "Number of recipients"),
    F("campaign", Ref("document"), "Phong trào, đợt thi đua", "Campaign"),
    F("state", Enum("commendation_state"), "Tình trạng", "State", required=True),
    F("revocation", Object((
        F("decision", String(example="56/QĐ-UBND"), "Quyết định hủy", "Revoking decision", required=True),
        F("date", Date(), "Ngày hủy", "Date", required=True),
        F("ground", Text(), "Lý do", "Ground", required=True),
    )), "Hủy bỏ khen thưởng", "Revocation"),
)

# ---------------------------------------------------------------- inspection result

SUBJECT = Object((
    F("unit", Ref("unit"), "Đơn vị", "Unit"),
    F("person", Ref("person"), "Cá nhân", "Person"),
    F("name", Text(), "Tên", "Name"),
    F("kind", Enum("subject_kind"), "Loại", "Kind", required=True),
), one_of=(("unit", "person", "name"),))

AGGREGATE_CHAIN = ("subjects-inspected", "subjects-violating", "subjects-disciplined")


def _inspection_rule(value: dict, path: tuple, checker: Checker) -> None:
    if value.get("grain") == "single":
        for name in ("mode", "subjects"):
            if name not in value:
                checker.report(path + (name,), "is required for a single inspection (grain: single)",
                               f"add '{name}:'", at=path + ("grain",))
    if value.get("grain") == "aggregate" and "statistics" not in value:
        checker.report(path + ("statistics",), "is required for an aggregate report (grain: aggregate)",
                       "add the figures as statistics: [{series, value}]", at=path + ("grain",))
    figures = {o["series"]: o["value"] for o in value.get("statistics", ())
               if o.get("series") in AGGREGATE_CHAIN and "value" in o}  # a wrong value was reported already
    given = [name for name in AGGREGATE_CHAIN if name in figures]  # skip a missing middle figure
    for bigger, smaller in zip(given, given[1:]):
        if figures[smaller] > figures[bigger]:
            warn(checker, path + ("statistics",), f"{smaller} ({figures[smaller]}) is more than {bigger} "
                 f"({figures[bigger]})", "check the figures against the source")
    publication = value.get("publication", {})
    if "posted_on" in publication and "posted_until" in publication and \
            publication["posted_until"] < publication["posted_on"]:
        checker.report(path + ("publication", "posted_until"), "is before posted_on", "check the two dates")


INSPECTION_FIELDS = (
    F("regime", Enum("inspection_regime"), "Loại hình", "Regime", required=True),
    F("grain", Enum("inspection_grain"), "Phạm vi kết quả", "Grain",
      "single (one conclusion) or aggregate (a period's totals)", required=True),
    F("inspecting_body", Ref("unit"), "Cơ quan thanh tra, kiểm tra", "Inspecting body", required=True),
    F("mode", Enum("inspection_mode"), "Hình thức", "Mode"),
    F("decision", Ref("document"), "Quyết định thanh tra", "Opening decision"),
    F("subjects", ListOf(SUBJECT, min_items=1), "Đối tượng", "Inspected"),
    F("content", Text(), "Nội dung", "Scope"),
    F("period_covered", SPAN, "Thời kỳ thanh tra", "Period covered"),
    F("conclusion", Object((
        F("number", String(example="12/KL-TTr"), "Số kết luận", "Number", required=True),
        F("signed", Date(), "Ngày ký", "Signed", required=True),
        F("signer", SIGNER, "Người ký", "Signed by"),
        F("url", Url(), "Văn bản", "Document"),
        F("file", String(), "Tệp", "File"),
    )), "Kết luận", "Conclusion"),
    F("findings", ListOf(Object((
        F("text", Text(), "Nội dung", "Finding", required=True),
        F("class", Enum("finding_class"), "Loại", "Class", required=True),
    ))), "Phát hiện", "Findings"),
    F("financial", Object((
        F("to_recover_vnd", Integer(), "Kiến nghị thu hồi (đồng)", "To recover (VND)"),
        F("recovered_vnd", Integer(), "Đã thu hồi (đồng)", "Recovered (VND)"),
        F("land_m2", Number(), "Đất (m²)", "Land (m²)"),
        F("qualifier", Enum("qualifier"), "Mức chính xác", "Qualifier"),
    )), "Tài chính", "Financial"),
    F("sanctions", ListOf(Object((
        F("form", Enum("sanction_form"), "Hình thức kỷ luật", "Form", required=True),
        F("target_count", Integer(minimum=1), "Số người, tổ chức", "Number disciplined"),
        F("unit", Ref("unit"), "Tổ chức", "Organisation"),
        F("person", Ref("person"), "Cá nhân", "Person"),
        F("by", Ref("unit"), "Cơ quan quyết định", "Decided by"),
        F("date", Date(), "Ngày", "Date"),
    ), one_of=(("target_count", "unit", "person"),))), "Xử lý kỷ luật", "Discipline"),
    F("recommendations", ListOf(Object((
        F("id", String(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "r1"), "Số", "No.", required=True),
        F("text", Text(), "Kiến nghị", "Recommendation", required=True),
        F("to", Ref("unit"), "Gửi", "To"),
        F("due", Date(), "Hạn", "Due"),
        F("status", Enum("recommendation_status"), "Tình trạng", "Status", required=True),
        F("status_date", Date(), "Cập nhật", "Status date"),
    ))), "Kiến nghị", "Recommendations"),
    F("publication", Object((
        F("posted_on", Date(), "Ngày đăng công khai", "Posted on"),
        F("posted_until", Date(), "Đăng đến ngày", "Posted until"),
        F("portal_url", Url(), "Cổng thông tin", "Portal"),
        F("other_forms", ListOf(Enum("publication_form")), "Hình thức khác", "Other forms"),
    )), "Công khai kết luận", "Publication"),
    F("statistics", ListOf(OBSERVATION, min_items=1), "Số liệu", "Figures"),
)


# ---------------------------------------------------------------- the declarations

@dataclass(frozen=True)
class RecordKind:
    """A record kind: where its files live, its labels, its fields and cross-field rules."""

    name: str
    folder: str                     # under content/, and the URL section
    label: Mapping[str, str]        # singular
    plural: Mapping[str, str]
    fields: tuple[Field, ...]
    rules: tuple = ()
    date_paths: tuple[tuple[str, ...], ...] = ()  # the record's own date, before period and published

    @cached_property
    def schema(self) -> Object:
        """Common fields plus this kind's own, as one mapping type."""
        return Object(COMMON_FIELDS + self.fields, rules=self.rules, extra_keys=("kind",))


@dataclass(frozen=True)
class EntityType:
    """A reference entity kept in one data file (units.yaml ...); ``section`` is its URL section."""

    name: str
    file: str
    label: Mapping[str, str]
    plural: Mapping[str, str]
    fields: tuple[Field, ...]
    section: str | None = None
    id_required: bool = True

    @cached_property
    def schema(self) -> Object:
        return Object(self.fields)


KINDS: dict[str, RecordKind] = {k.name: k for k in (
    RecordKind("emulation_model", "models", L("Mô hình, cách làm hay", "Emulation model"),
               L("Mô hình, cách làm hay", "Emulation models"), MODEL_FIELDS),
    RecordKind("commendation", "commendations", L("Quyết định khen thưởng", "Commendation"),
               L("Khen thưởng", "Commendations"), COMMENDATION_FIELDS, (_commendation_rule,),
               date_paths=(("decision", "date"),)),
    RecordKind("inspection_result", "inspections", L("Kết quả thanh tra, kiểm tra", "Inspection result"),
               L("Thanh tra, kiểm tra, giám sát", "Inspections"), INSPECTION_FIELDS, (_inspection_rule,),
               date_paths=(("conclusion", "signed"),)),
)}

KIND_BY_FOLDER = {k.folder: k for k in KINDS.values()}


# ---------------------------------------------------------------- search (read by search_index.py)

@dataclass(frozen=True)
class SearchFacet:
    """A filter of the search page, shown with counts. ``path`` is the field it reads (a vocabulary
    term, a Ref or a list of Refs); ``kind`` and ``year`` have none: the record's kind, and the year of
    the date it is filed by. ``name`` is the URL parameter: ``/search/?locality=huyen-dong-anh``."""

    name: str
    label: Mapping[str, str]
    path: tuple[str, ...] = ()
    kinds: tuple[str, ...] = RECORD   # the record kinds that carry it


SEARCH_FACETS: tuple[SearchFacet, ...] = (
    SearchFacet("kind", L("Loại hồ sơ", "Record type")),
    SearchFacet("year", L("Năm", "Year")),
    SearchFacet("locality", L("Địa bàn", "Locality"), ("locality",)),
    SearchFacet("unit", L("Cơ quan, đơn vị", "Unit"), ("units",)),
    SearchFacet("form", L("Hình thức khen thưởng", "Form of award"), ("form",), ("commendation",)),
    SearchFacet("level", L("Cấp khen thưởng", "Level of award"), ("level",), ("commendation",)),
    SearchFacet("regime", L("Loại hình thanh tra, kiểm tra", "Inspection regime"), ("regime",),
                ("inspection_result",)),
    SearchFacet("mode", L("Hình thức thanh tra, kiểm tra", "Inspection mode"), ("mode",), ("inspection_result",)),
    SearchFacet("directive", L("Thực hiện văn bản", "Directive"), ("directives",)),
)

#: Fields whose words weigh most in search: the title and the keywords.
SEARCH_STRONG_FIELDS: tuple[tuple[str, ...], ...] = (("title",), ("tags",))
#: The numbers of a record's own documents: typed in full (1234/QĐ-UBND), they find the record first.
SEARCH_NUMBER_FIELDS: tuple[tuple[str, ...], ...] = (("decision", "number"), ("conclusion", "number"),
                                                     ("revocation", "decision"))
#: Fields search does not read: addresses, files, internal states; the bodies are read separately.
SEARCH_SKIPPED_FIELDS = ("id", "sources", "attachments", "aliases", "corrections", "embargo_until", "status",
                         "body", "body_en")

_VALIDITY = (F("valid_from", Date(), "Hiệu lực từ", "Existed from"), F("valid_to", Date(), "Đến", "Until"))

ENTITIES: dict[str, EntityType] = {e.name: e for e in (
    EntityType("unit", "units.yaml", L("Cơ quan, đơn vị", "Unit"), L("Cơ quan, đơn vị", "Units"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("name", Text(), "Tên", "Name", required=True),
        F("short_name", Text(), "Tên ngắn", "Short name"),
        F("kind", Enum("unit_kind"), "Loại", "Kind", required=True),
        F("parent", Ref("unit"), "Trực thuộc", "Part of"),
        F("locality", Ref("locality"), "Địa bàn", "Locality"),
        *_VALIDITY,
        F("successors", ListOf(Ref("unit")), "Nay là", "Now part of"),
        F("aliases", ListOf(String(max_length=200)), "Tên gọi khác", "Also known as"),
        F("website", Url(), "Trang web", "Website"),
    ), section="units"),
    EntityType("locality", "localities.yaml", L("Địa bàn", "Locality"), L("Địa bàn", "Localities"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("name", Text(), "Tên", "Name", required=True),
        F("type", Enum("locality_type"), "Loại", "Type", required=True),
        F("code", Object((F("scheme", Enum("code_scheme"), "Danh mục", "Scheme", required=True),
                          F("value", String(r"^[0-9]+$", '"01"'), "Mã số", "Code", required=True))),
          "Mã hành chính", "Administrative code"),
        F("parent", Ref("locality"), "Trực thuộc", "Part of"),
        *_VALIDITY,
        F("predecessors", ListOf(Ref("locality")), "Trước đây là", "Formerly"),
        F("successors", ListOf(Ref("locality")), "Nay là", "Now part of"),
    ), section="localities"),
    EntityType("document", "documents.yaml", L("Văn bản", "Document"), L("Văn bản", "Documents"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("number", String(example="24-CT/TU"), "Số, ký hiệu", "Number", required=True),
        F("system", Enum("document_system"), "Hệ thống", "System", required=True),
        F("doc_type", Enum("document_type"), "Loại văn bản", "Type", required=True),
        F("issuer", Ref("unit"), "Cơ quan ban hành", "Issued by"),
        F("signed", Date(), "Ngày ký", "Signed"),
        F("effective", Date(), "Ngày hiệu lực", "In force from"),
        F("title", Text(), "Trích yếu", "Title", required=True),
        F("abstract", Text(), "Tóm tắt", "Summary"),
        F("url", Url(), "Văn bản", "Text"),
        F("validity", Enum("document_validity"), "Hiệu lực", "Validity"),
        F("manifestations", ListOf(Text()), "Biểu hiện", "Manifestations"),
    ), section="documents"),
    EntityType("theme", "themes.yaml", L("Chủ đề năm", "Annual theme"), L("Chủ đề năm", "Annual themes"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("scope", Ref("locality"), "Phạm vi", "Scope", required=True),
        F("year", Integer(minimum=1945), "Năm", "Year", required=True),
        F("kind", Enum("theme_kind"), "Loại", "Kind", required=True),
        F("text", Text(), "Nội dung", "Text", required=True),
        F("document", Ref("document"), "Văn bản", "Document"),
    ), section="themes"),
    EntityType("person", "people.yaml", L("Người", "Person"), L("Người", "People"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("name", String(max_length=120), "Họ tên", "Name", required=True),
        F("positions", ListOf(Object((
            F("title", Text(), "Chức vụ", "Position", required=True),
            F("unit", Ref("unit"), "Đơn vị", "Unit"),
            F("from", Date(), "Từ", "From"),
            F("to", Date(), "Đến", "To"),
        ))), "Chức vụ", "Positions"),
        F("publish", Enum("person_publish"), "Cách nêu tên", "Naming", "full_name, initials or not_named",
          required=True),
        F("sources", ListOf(SOURCE), "Nguồn", "Sources"),
    )),
    EntityType("series", "series.yaml", L("Chỉ tiêu thống kê", "Statistic series"),
               L("Chỉ tiêu thống kê", "Statistic series"), (
        F("id", Id(), "Mã", "Id", required=True),
        F("label", Text(), "Tên", "Label", required=True),
        F("unit", Enum("series_unit"), "Đơn vị tính", "Unit", required=True),
        F("subject_kind", Enum("series_subject_kind"), "Đối tượng đếm", "Counts", required=True),
        F("definition", Text(), "Định nghĩa", "Definition"),
    )),
    EntityType("observation", "observations.yaml", L("Số liệu", "Observation"), L("Số liệu", "Observations"),
               OBSERVATION_FIELDS, id_required=False),
)}


def record_kind_for_folder(folder: str) -> RecordKind | None:
    return KIND_BY_FOLDER.get(folder)
