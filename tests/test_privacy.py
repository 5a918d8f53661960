"""privacy.py: personal data never reaches the content, and ordinary figures are not mistaken for it."""

import pytest

from site_builder.privacy import check_keys, check_strings, line_of_match, scan_text
from site_builder.schema import Issue

ID_HINT = "remove it; if it is an amount, write it with dots, like 200.000.000"
KEY_HINT = "delete this field; the site never publishes it, under Law 91/2025/QH15"
BIRTH = ("looks like a date of birth", "remove it; the site never publishes birth dates")


@pytest.mark.parametrize("text, masked", [
    ("001234567890", "001…90"),
    ("CCCD số 001234567890.", "001…90"),
    ("CMND cũ 123456789", "123…89"),
])
def test_id_numbers(text, masked):
    assert scan_text(text) == [(f"looks like an ID card number ({masked})", ID_HINT)]


@pytest.mark.parametrize("text, masked", [
    ("liên hệ 0912 345 678", "091…78"),
    ("0912.345.678", "091…78"),
    ("098-765-4321", "098…21"),
    ("+84 912 345 678", "849…78"),
    ("ĐT: 024 3825 3536", "024…36"),
])
def test_phone_numbers(text, masked):
    assert scan_text(text) == [(f"looks like a phone number ({masked})", "remove it")]


@pytest.mark.parametrize("text", [
    "sinh ngày 02/01/1970", "Sinh năm 1970", "SINH NGÀY 2.1.1970", "ngày sinh: 5/6/1980", "born in 1970",
    "Date of birth 1970", "Ông A (sinh ngày 2 tháng 1)",
])
def test_birth_dates(text):
    assert scan_text(text) == [BIRTH]


@pytest.mark.parametrize("text", [
    "1234/QĐ-UBND", "Quyết định số 0000/QĐ-UBND", "200.000.000 đồng", "1.250.000.000 đồng", "2024-05-31",
    "1.520", "1,520", "12/KL-TTTP", "Chỉ thị 24-CT/TU ngày 07/8/2023", "98/2023/NĐ-CP", "24/7", "0.5",
    "tháng 12/2024", "1250000000", "năm sinh hoạt chi bộ", "https://example.org/0912345678",
    "Mã hồ sơ 000.00.00.H26-240101-0001", "1900 1234",
])
def test_no_false_positives(text):
    assert scan_text(text) == []


def test_several_kinds_in_one_text_are_all_found():
    found = scan_text("Ông A, sinh năm 1970, CCCD 001070012345, điện thoại 0912345678")
    assert [message.split(" (")[0] for message, _ in found] == [
        "looks like an ID card number", "looks like a phone number", "looks like a date of birth"]


@pytest.mark.parametrize("key, what", [
    ("ngay_sinh", "date of birth"), ("Ngày sinh", "date of birth"), ("date-of-birth", "date of birth"),
    ("Số CCCD", "ID number"), ("cmnd", "ID number"), ("dia_chi", "address"), ("Địa chỉ", "address"),
    ("phone", "phone number"), ("Số điện thoại", "phone number"), ("dan_toc", "ethnicity"),
    ("religion", "religion"), ("Sức khỏe", "health"), ("passport", "passport number"),
])
def test_forbidden_keys(key, what):
    assert check_keys({key: "x"}) == [Issue((key,), f"personal data ({what}) must not be stored", KEY_HINT)]


def test_forbidden_keys_anywhere_inside_lists_and_mappings():
    value = {"recipients": [{"name": "A"}, {"name": "B", "extra": {"dia_chi": "x"}}], "address_book": "ok"}
    assert [i.path for i in check_keys(value)] == [("recipients", 1, "extra", "dia_chi")]


def test_allowed_keys_that_look_similar():
    assert check_keys({"addresses_url": 1, "born_digital": 2, "publisher": 3, "health_check": 4}) == []


def test_check_strings_reports_the_path():
    value = {"summary": {"vi": "gọi 0912 345 678"}, "tags": ["ok", "CCCD 001234567890"], "n": 5}
    assert [(i.path, i.message) for i in check_strings(value)] == [
        (("summary", "vi"), "looks like a phone number (091…78)"),
        (("tags", 1), "looks like an ID card number (001…90)"),
    ]


def test_line_of_match_counts_from_the_body_start():
    body = "Dòng một.\n\nÔng A sinh năm 1970.\nSố tiền 200.000.000 đồng.\nCCCD 001234567890"
    assert line_of_match(body, 20) == [
        (22, *BIRTH), (24, "looks like an ID card number (001…90)", ID_HINT)]
