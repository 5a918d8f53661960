"""sources.py: finding content files and splitting them into documents, with lines that match the file."""

import unicodedata
from pathlib import Path

from site_builder.sources import load_content

FIXTURES = Path(__file__).parent / "fixtures" / "sites"


def write(root: Path, rel: str, data) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def formatted(loaded):
    return [p.format() for p in loaded.problems]


def test_front_matter_split_and_body_line(tmp_path):
    write(tmp_path, "content/models/a.md", "---\nid: a\ntitle: Tiêu đề\n---\n\n\nDòng đầu.\n\nDòng sau.\n\n")
    loaded = load_content(tmp_path)
    assert loaded.problems == []
    [doc] = loaded.records
    assert (doc.path, doc.folder, doc.line) == ("content/models/a.md", "models", 2)
    assert doc.data == {"id": "a", "title": "Tiêu đề"}
    assert doc.marks[("title",)] == (3, 1)
    assert doc.body == "Dòng đầu.\n\nDòng sau."
    assert doc.body_line == 7
    assert str(doc.location(("title",))) == "content/models/a.md:3:1"
    assert str(doc.location(("nothing",))) == "content/models/a.md:2:1"


def test_front_matter_may_close_with_dots_and_have_no_body(tmp_path):
    write(tmp_path, "content/models/a.md", "---\nid: a\n...\n")
    [doc] = load_content(tmp_path).records
    assert (doc.data, doc.body, doc.body_line) == ({"id": "a"}, "", 0)


def test_front_matter_that_is_not_a_mapping(tmp_path):
    write(tmp_path, "content/models/a.md", "---\n- id: a\n---\nBody\n")
    assert formatted(load_content(tmp_path)) == [
        "content/models/a.md:2: the front matter must be 'field: value' lines "
        "(write one 'name: value' per line between the '---' lines)"]


def test_a_yaml_record_with_a_body_field(tmp_path):
    write(tmp_path, "content/inspections/a.yaml", "id: a\nbody: |\n  Dòng một.\n")
    [doc] = load_content(tmp_path).records
    assert (doc.line, doc.body, doc.body_line) == (1, "Dòng một.\n", 2)


def test_bulk_records_each_with_their_own_lines(tmp_path):
    write(tmp_path, "content/commendations/bulk.yaml",
          "# comment\nrecords:\n  - id: a\n    title: A\n\n  - id: b\n    title: B\n    body: Thân bài\n")
    loaded = load_content(tmp_path)
    assert loaded.problems == []
    a, b = loaded.records
    assert (a.data["id"], a.line, a.index, a.marks[("title",)]) == ("a", 3, 0, (4, 5))
    assert (b.data["id"], b.line, b.index, b.marks[("title",)]) == ("b", 6, 1, (7, 5))
    assert (b.body, b.body_line) == ("Thân bài", 8)
    assert str(b.location(("title",))) == "content/commendations/bulk.yaml:7:5"


def test_bulk_records_that_are_not_mappings(tmp_path):
    write(tmp_path, "content/commendations/bulk.yaml", "records:\n  - id: a\n  - just text\n")
    loaded = load_content(tmp_path)
    assert [d.data["id"] for d in loaded.records] == ["a"]
    assert formatted(loaded) == [
        "content/commendations/bulk.yaml:3: [1]: expected 'field: value' lines (start each entry with '- id: ...')"]


def test_records_must_be_a_list(tmp_path):
    write(tmp_path, "content/commendations/bulk.yaml", "records: {id: a}\n")
    assert formatted(load_content(tmp_path)) == [
        "content/commendations/bulk.yaml:1:1: records: expected a list of records "
        "(write one '- id: ...' item per record)"]


def test_data_files_as_a_list_or_under_one_key(tmp_path):
    write(tmp_path, "content/data/units.yaml", "- id: a\n  name: A\n- id: b\n  name: B\n")
    write(tmp_path, "content/data/localities.yaml", "localities:\n  - id: l\n    name: L\n")
    loaded = load_content(tmp_path)
    assert [d.data["id"] for d in loaded.data["units.yaml"]] == ["a", "b"]
    assert loaded.data["units.yaml"][1].line == 3
    assert [(d.data["id"], d.line) for d in loaded.data["localities.yaml"]] == [("l", 2)]


def test_vocabularies_file_is_kept_apart(tmp_path):
    write(tmp_path, "content/data/vocabularies.yaml", "model_state:\n  values:\n    x: {vi: X, en: X}\n")
    loaded = load_content(tmp_path)
    assert loaded.data == {}
    assert loaded.vocabularies.data["model_state"]["values"]["x"] == {"vi": "X", "en": "X"}


def test_crlf_bom_and_nfd_read_like_plain_utf8(tmp_path):
    text = "---\nid: a\ntitle: Mê Linh\n---\nThân bài.\n"
    write(tmp_path, "content/models/crlf.md", text.replace("id: a", "id: crlf").replace("\n", "\r\n"))
    write(tmp_path, "content/models/bom.md", b"\xef\xbb\xbf" + text.replace("id: a", "id: bom").encode())
    write(tmp_path, "content/models/nfd.md", unicodedata.normalize("NFD", text.replace("id: a", "id: nfd")))
    write(tmp_path, "content/models/old-mac.md", text.replace("id: a", "id: cr").replace("\n", "\r"))
    loaded = load_content(tmp_path)
    assert loaded.problems == []
    for doc in loaded.records:
        assert doc.data["title"] == "Mê Linh", doc.path
        assert doc.marks[("title",)] == (3, 1), doc.path
        assert (doc.body, doc.body_line) == ("Thân bài.", 5), doc.path


def test_the_vietnamese_text_fixture_is_normalised(tmp_path):
    raw = (FIXTURES / "vietnamese-text/content/models/me-linh-nfd.md").read_text(encoding="utf-8")
    assert raw != unicodedata.normalize("NFC", raw), "the fixture must stay NFD: regenerate it if an editor saved it"
    assert (FIXTURES / "vietnamese-text/content/models/ung-hoa-crlf.md").read_bytes().count(b"\r\n") > 10
    assert (FIXTURES / "vietnamese-text/content/models/bao-yen-bom.md").read_bytes().startswith(b"\xef\xbb\xbf")
    loaded = load_content(FIXTURES / "vietnamese-text")
    assert loaded.problems == []
    titles = {d.data["id"]: d.data["title"] for d in loaded.records}
    assert titles["me-linh-nfd"] == "Mê Linh: kiểm tra đột xuất một cửa"
    assert titles["bao-yen-bom"] == "Bảo Yên: tệp có BOM (Notepad)"
    for doc in loaded.records:
        assert unicodedata.is_normalized("NFC", doc.body) and "\r" not in doc.body


def test_non_utf8_is_reported_with_line_and_column(tmp_path):
    write(tmp_path, "content/models/a.md", "---\nid: a\ntitle: Tiêu đề\n---\n".encode("utf-8")
          + "Thân bài".encode("cp1258") + b"\n")
    assert formatted(load_content(tmp_path)) == [
        "content/models/a.md:5:3: is not UTF-8 text "
        "(save the file with UTF-8 encoding (in Word: Save As, Plain Text, Unicode UTF-8))"]


def test_empty_binary_and_unknown_files(tmp_path):
    write(tmp_path, "content/models/empty.md", " \n\n")
    write(tmp_path, "content/models/binary.md", b"---\x00\x01")
    write(tmp_path, "content/models/notes.rtf", "x")
    write(tmp_path, "content/models/.hidden", "x")
    write(tmp_path, "content/stray.md", "---\nid: a\n---\n")
    write(tmp_path, "content/models/scan.pdf", b"%PDF-1.4")
    loaded = load_content(tmp_path)
    assert sorted(formatted(loaded)) == [
        "content/models/binary.md: is a binary file, not text (records must be Markdown or YAML text saved as UTF-8)",
        "content/models/empty.md:1: is empty (write the record or delete the file)",
        "content/models/notes.rtf: warning: unknown kind of file (.rtf) (records are .md or .yaml; attachments are "
        ".csv, .doc, .docx, .gif, .jpeg, .jpg, .ods, .odt, .pdf, .png, .txt, .webp, .xls, .xlsx, .zip)",
        "content/stray.md: is outside the known folders (put records in content/models, content/commendations or "
        "content/inspections, pages in content/pages and data files in content/data)",
    ]
    assert loaded.attachments == {"content/models/scan.pdf": 8}
    assert loaded.records == []


def test_files_are_read_in_sorted_order(tmp_path):
    for name in ("c", "a", "b"):
        write(tmp_path, f"content/models/{name}.md", f"---\nid: {name}\n---\n")
    write(tmp_path, "content/models/sub/0.md", "---\nid: sub\n---\n")
    assert [d.data["id"] for d in load_content(tmp_path).records] == ["a", "b", "c", "sub"]


def test_a_link_out_of_content_is_refused(tmp_path):
    secret = write(tmp_path, "secret.md", "---\nid: s\n---\n")
    (tmp_path / "content/models").mkdir(parents=True)
    (tmp_path / "content/models/link.md").symlink_to(secret)
    loaded = load_content(tmp_path)
    assert loaded.records == []
    assert formatted(loaded) == ["content/models/link.md: is a link to a file outside content/ "
                                 "(copy the file into content/ instead of linking to it)"]


def test_missing_content_folder(tmp_path):
    assert formatted(load_content(tmp_path)) == [
        "content: the content folder is missing (create content/ with models/, commendations/, inspections/ and data/)"]
