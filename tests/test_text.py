"""text.py: folding, ids from titles, initials and NFC."""

import unicodedata

import pytest

from site_builder import text


@pytest.mark.parametrize("value, expected", [
    ("Đỗ Đức Định", "do duc dinh"),
    ("Đông Anh", "dong anh"),
    ("ĐÔNG ANH", "dong anh"),
    ("Quỳnh Lưu, Đắk Lắk", "quynh luu, dak lak"),
    ("Ủy ban nhân dân", "uy ban nhan dan"),
    ("ữ ỹ ặ ẫ ỗ ơ ư", "u y a a o o u"),
    ("plain ascii", "plain ascii"),
])
def test_fold(value, expected):
    assert text.fold(value) == expected


def test_fold_treats_nfd_like_nfc():
    assert text.fold(unicodedata.normalize("NFD", "Đỗ Đức Định")) == "do duc dinh"


@pytest.mark.parametrize("value, expected", [
    ("Đông Anh", "dong-anh"),
    ("Đông Anh: 5 rõ", "dong-anh-5-ro"),
    ("  --Hà Nội -- 2024!  ", "ha-noi-2024"),
    ("Quyết định 1234/QĐ-UBND", "quyet-dinh-1234-qd-ubnd"),
    ("“Dân vận khéo”", "dan-van-kheo"),
    ("!!!", ""),
])
def test_slugify(value, expected):
    assert text.slugify(value) == expected


def test_slugify_cuts_long_titles_at_a_word_boundary():
    slug = text.slugify("Mô hình " * 30, max_length=20)
    assert slug == "mo-hinh-mo-hinh-mo"
    assert len(slug) <= 20 and not slug.endswith("-")


def test_slugify_cuts_one_long_word_inside_it():
    assert text.slugify("a" * 50, max_length=10) == "a" * 10


@pytest.mark.parametrize("name, expected", [
    ("Nguyễn Thanh Liêm", "N. T. L."),
    ("Đỗ Đức Định", "Đ. Đ. Đ."),
    ("  trần   thị bình ", "T. T. B."),
    ("", ""),
])
def test_initials(name, expected):
    assert text.initials(name) == expected


def test_nfc_composes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Mê Linh")
    assert decomposed != "Mê Linh"
    assert text.nfc(decomposed) == "Mê Linh"


def test_normalise_value_reaches_keys_lists_and_nested_values():
    nfd = unicodedata.normalize("NFD", "Hòa")
    value = {nfd: [nfd, {"k": nfd}, 3, None]}
    assert text.normalise_value(value) == {"Hòa": ["Hòa", {"k": "Hòa"}, 3, None]}
