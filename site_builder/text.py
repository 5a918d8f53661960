"""Vietnamese-aware text helpers: NFC normalisation, diacritic folding, ids from titles.

Folding removes tone and vowel marks and maps đ/Đ to d, so that "Đông Anh" and
"dong anh" compare equal. Used by ids, "did you mean" suggestions and search.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_ID = re.compile(r"[^a-z0-9]+")
#: The combining-mark blocks (Vietnamese tone and vowel marks are in U+0300-U+036F).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
#: Characters no text may hold: C0 and C1 controls other than tab and line ends (pasted from Word,
#: or mis-decoded text; an ESC in a title would reach terminals through problem messages) and the
#: bidirectional overrides that make text display in another order than it is written.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def nfc(text: str) -> str:
    """The NFC form of ``text`` (macOS editors often save NFD)."""
    return unicodedata.normalize("NFC", text)


def invisible_character(char: str) -> tuple[str, str]:
    """``(what, hint)`` for a problem about ``char``, one of :data:`INVISIBLE`:
    ``("a control character (U+000B)", "delete it; ...")``."""
    code = f"U+{ord(char):04X}"
    if char >= "\u2000":
        return (f"a text-direction override ({code})",
                "delete it: it makes text show in another order than it is written")
    return (f"a control character ({code})",
            "delete it; it was probably pasted from another program (Word writes U+000B for a line break)")


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics: ``"Đỗ Đức Định" -> "do duc dinh"``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).lower()


def slugify(text: str, max_length: int = 80) -> str:
    """An id for URLs from a title: ``"Đông Anh: 5 rõ" -> "dong-anh-5-ro"``."""
    slug = _NON_ID.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def normalise_value(value):
    """``value`` with every string inside it (keys included) normalised to NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {normalise_value(k): normalise_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_value(v) for v in value]
    return value


def initials(name: str) -> str:
    """Initials of a Vietnamese full name: ``"Nguyễn Thanh Liêm" -> "N. T. L."``."""
    return " ".join(part[0].upper() + "." for part in name.split() if part)
