"""People appear only as their ``publish`` policy allows, in every output; personal data in any
field, body or settings file is an error at its line; and an id may not spell out a hidden name.

The site is ``each-kind`` with three people, referenced as a commendation's signer and recipients
and as an inspection's signer, subject and disciplined person. Every output file (pages, feeds,
JSON, CSV, JSON-LD, the gzip-compressed search index) is searched for the names that must not be
there, and for the forms that must.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from site_builder.privacy import check_person, scan_text

sys.path.insert(0, str(Path(__file__).parent))
from conftest import FIXTURES, build_fixture  # noqa: E402

PEOPLE = """\
- id: chu-tich-huyen
  name: "Đặng Quốc Khánh"
  positions:
    - title: {vi: "Chủ tịch UBND huyện Đông Anh", en: "Chairman of Dong Anh District"}
      unit: ubnd-huyen-dong-anh
  publish: full_name

- id: pho-chanh-thanh-tra
  name: "Khổng Thị Ngoãn"
  publish: initials

- id: can-bo-ke-toan
  name: "Mạc Văn Thiềm"
  publish: not_named
"""

#: Text that must appear somewhere (the policy is applied, not everything hidden) ...
SHOWN = ("Đặng Quốc Khánh", "K. T. N.")
#: ... and text that must appear nowhere: the hidden names, their words, the hidden person's initials.
HIDDEN = ("Khổng Thị Ngoãn", "khổng", "ngoãn", "khong thi ngoan", "Mạc Văn Thiềm", "thiềm", "mac van thiem",
          "M. V. T.")


def _edit(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def people_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("people")
    project = root / "project"
    shutil.copytree(FIXTURES / "each-kind", project)
    content = project / "content"
    (content / "data/people.yaml").write_text(PEOPLE, encoding="utf-8")
    _edit(content / "commendations/cd-bang-khen-dong-anh.md",
          ("    person: nguyen-van-a\n    position:", "    person: can-bo-ke-toan\n    position:"),
          ("    person: nguyen-van-a\n    position_at_time", "    person: chu-tich-huyen\n    position_at_time"),
          ("person: tran-thi-b", "person: pho-chanh-thanh-tra"), ("person: le-van-c", "person: can-bo-ke-toan"))
    _edit(content / "inspections/tt-tai-chinh-2025.md",
          ("  - {unit: ubnd-huyen-dong-anh, kind: organization}",
           "  - {unit: ubnd-huyen-dong-anh, kind: organization}\n  - {person: can-bo-ke-toan, kind: individual}\n"
           "  - {person: pho-chanh-thanh-tra, kind: individual}"),
          ("  signed: 2025-02-10\n", "  signed: 2025-02-10\n  signer: {person: pho-chanh-thanh-tra}\n"),
          ("  - {form: khien_trach, target_count: 2}",
           "  - {form: khien_trach, target_count: 2}\n  - {form: canh_cao, person: can-bo-ke-toan}\n"
           "  - {form: khien_trach, person: pho-chanh-thanh-tra}"))
    return build_fixture(project, root / "output")


def _texts(root: Path) -> dict[str, str]:
    """Every output file as NFC text (gzip files decompressed), by path."""
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(root).as_posix()] = unicodedata.normalize("NFC", data.decode("utf-8", "replace"))
    return texts


def test_hidden_people_appear_in_no_output(people_site):
    texts = _texts(people_site)
    leaks = [f"{name}: {text!r}" for name, content in texts.items() for text in HIDDEN
             if text.lower() in content.lower()]
    assert leaks == []
    kinds = {name.rsplit(".", 1)[-1] for name in texts}
    assert {"html", "json", "csv", "xml", "bin"} <= kinds  # pages, data, tables, feeds, search index


def test_people_are_shown_as_their_policy_allows(people_site):
    texts = _texts(people_site)
    record = texts["commendations/cd-bang-khen-dong-anh/index.html"]
    inspection = texts["inspections/tt-tai-chinh-2025/index.html"]
    for shown in SHOWN:
        assert shown in record, shown
    assert "K. T. N." in inspection
    search = " ".join(content for name, content in texts.items() if name.startswith("search-index/"))
    assert "khánh" in search.lower()  # the named person can be found ...


def test_an_id_that_spells_a_hidden_name_is_an_error(fixture_site, run_cli):
    project = fixture_site("each-kind")
    people = project / "content/data/people.yaml"
    _edit(people, ("- id: tran-thi-b\n", "- id: tran-thi-binh\n"))
    commendation = project / "content/commendations/cd-bang-khen-dong-anh.md"
    _edit(commendation, ("person: tran-thi-b\n", "person: tran-thi-binh\n"))
    code, out, _ = run_cli(["check", project])
    assert code == 1
    assert "content/data/people.yaml:8:3: id: 'tran-thi-binh' spells out the name of a person who is shown as " \
           "initials (publish: initials) (use an id without the name, e.g. the position: " \
           "pho-chanh-thanh-tra-tinh)" in out


@pytest.mark.parametrize("person, found", [
    ({"id": "nguyen-van-an", "name": "Nguyễn Văn An", "publish": "initials"}, True),
    ({"id": "nguyen-an", "name": "Nguyễn Văn An", "publish": "not_named"}, True),
    ({"id": "can-bo-nguyen-van-an-2", "name": "Nguyễn Văn An", "publish": "not_named"}, True),
    ({"id": "nguyen-van-an", "name": "Nguyễn Văn An", "publish": "full_name"}, False),
    ({"id": "le-van-c", "name": "Lê Văn Cường", "publish": "not_named"}, False),
    ({"id": "chanh-thanh-tra", "name": "Nguyễn Văn An", "publish": "initials"}, False),
])
def test_ids_that_spell_names(person, found):
    assert bool(check_person(person)) is found


@pytest.mark.parametrize("text", [
    "CCCD 001 070 012 345", "số 001.070.012.345", "ĐT (024) 3825 3536", "gọi (+84) 912 345 678",
    "Nguyễn Văn A (sinh 1970)", "Nguyễn Văn A, SN 1970", "năm sinh: 1970", "sinh năm 1970",
])
def test_more_forms_of_personal_data(text):
    assert scan_text(text), text


@pytest.mark.parametrize("text", [
    "học sinh năm 2024", "phát sinh năm 2023", "thí sinh năm 2025", "giáng sinh năm 2024",
    "200.000.000.000 đồng", "SN 12 phố Huế", "Quyết định (0) 12/2024", "tổng đài 1900 1234",
])
def test_more_ordinary_text_that_is_not_personal_data(text):
    assert scan_text(text) == [], text


def test_personal_data_in_the_vocabularies_file_is_an_error(fixture_site, run_cli):
    project = fixture_site("minimal")
    (project / "content/data/vocabularies.yaml").write_text(
        "award_form:\n  values:\n    bang_khen: {vi: \"Bằng khen (liên hệ 0912 345 678)\", en: \"Certificate\"}\n",
        encoding="utf-8")
    code, out, _ = run_cli(["check", project])
    assert code == 1 and "content/data/vocabularies.yaml:3:" in out and "looks like a phone number" in out
