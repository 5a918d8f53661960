"""How search reads text: words, their folded (accent-free) keys, document numbers and a bucket hash.

The search page's script (``themes/default/static/search.js``) does exactly the same to what a
citizen types, so the two must change together; ``tests/test_search_text.py`` pins both to the same
cases. Folding is :func:`text.fold` (tone and vowel marks removed, đ -> d, lower case), so
"Đông Anh", "dong anh" and "ĐÔNG ANH" give the same words.
"""

from __future__ import annotations

import re
import unicodedata

from .text import fold

#: A word: letters and digits (the script uses [\p{L}\p{N}]+); text is NFC first.
WORD = re.compile(r"[^\W_]+")
#: A document or decision number: words joined by / or - (1234/QĐ-UBND, 24-CT/TU, 98/2023/NĐ-CP).
CODE = re.compile(r"[^\W_]+(?:[/-][^\W_]+)+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, with their accents: ``"Đỗ Đức" -> ["đỗ", "đức"]``."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def fold_word(word: str) -> str:
    """The key a word is filed under: ``"đỗ" -> "do"``."""
    return word if word.isascii() else fold(word)


def codes(text: str) -> list[str]:
    """Document numbers in ``text``, folded: ``"QĐ số 1234/QĐ-UBND" -> ["1234/qd-ubnd"]``.

    A number has a digit and a letter, so dates (2024-05-31) and ratios (17/17) are not numbers."""
    found = []
    for match in CODE.findall(unicodedata.normalize("NFC", text)):
        if _DIGIT.search(match) and _LETTER.search(match):
            found.append(fold(match))
    return found


def has_marks(word: str) -> bool:
    """Whether ``word`` carries accents (or đ), so that its exact spelling can rank first."""
    return fold_word(word) != word


def bucket(key: str, buckets: int) -> int:
    """FNV-1a (32 bit) of the UTF-8 key, modulo ``buckets``: which file holds an exact-match key."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets
