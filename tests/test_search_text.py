"""search_text.py: words, folded keys, document numbers and the bucket hash (search.js does the same)."""

import unicodedata

import pytest

from site_builder.search_text import bucket, codes, fold_word, has_marks, words


@pytest.mark.parametrize("text, expected", [
    ("Đỗ Đức Định", ["đỗ", "đức", "định"]),
    ("Quyết định 1234/QĐ-UBND, ngày 5/6", ["quyết", "định", "1234", "qđ", "ubnd", "ngày", "5", "6"]),
    ("“5 rõ”: chấm điểm", ["5", "rõ", "chấm", "điểm"]),
    ("snake_case and hy-phen", ["snake", "case", "and", "hy", "phen"]),
    ("", []),
])
def test_words(text, expected):
    assert words(text) == expected


def test_words_reads_nfd_as_nfc():
    assert words(unicodedata.normalize("NFD", "Đông Anh")) == ["đông", "anh"]


@pytest.mark.parametrize("word, key", [
    ("đông", "dong"), ("đỗ", "do"), ("đức", "duc"), ("đất", "dat"), ("định", "dinh"), ("ủy", "uy"),
    ("ubnd", "ubnd"), ("qđ", "qd"), ("hđnd", "hdnd"), ("2024", "2024"), ("đ", "d"),
])
def test_fold_word(word, key):
    assert fold_word(word) == key


def test_has_marks():
    assert has_marks("đỗ") and has_marks("đ") and not has_marks("do") and not has_marks("ubnd")


@pytest.mark.parametrize("text, expected", [
    ("theo Quyết định số 1234/QĐ-UBND ngày 5/6/2024", ["1234/qd-ubnd"]),
    ("Chỉ thị 24-CT/TU và Kết luận 01-KL/TW", ["24-ct/tu", "01-kl/tw"]),
    ("Nghị định 98/2023/NĐ-CP", ["98/2023/nd-cp"]),
    ("Kết luận 12/KL-TTr", ["12/kl-ttr"]),
    ("ngày 2024-05-31, tỷ lệ 17/17, giai đoạn 2021-2025", []),   # dates and ratios are not numbers
    ("Hà Đông-Hoàng Mai", []),                                      # no digit
])
def test_codes(text, expected):
    assert codes(text) == expected


def test_bucket_is_fnv1a_of_utf8():
    # FNV-1a 32-bit test vectors, and a Vietnamese key (the script must agree: see search.js bucket()).
    assert bucket("", 1 << 32) == 0x811C9DC5
    assert bucket("a", 1 << 32) == 0xE40C292C
    assert bucket("foobar", 1 << 32) == 0xBF9CF968
    assert bucket("đỗ", 1 << 32) == bucket("\u0111\u1ed7", 1 << 32)
    assert 0 <= bucket("đông anh", 7) < 7
