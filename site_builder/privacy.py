"""The privacy linter: personal data that must never be stored in content (CONTENT_MODEL check 5).

Git history is public and permanent, so these are errors, found before anything is built:
forbidden keys anywhere, ID-card numbers, phone numbers and dates of birth in any text.
Law 91/2025/QH15 (Personal Data Protection) is the legal ground.
"""

from __future__ import annotations

import functools
import re

from .schema import Issue
from .text import fold

#: Keys (folded, with - and spaces as _) that name personal data the site must never hold.
FORBIDDEN_KEYS = {
    "birth_date": "date of birth", "date_of_birth": "date of birth", "dob": "date of birth",
    "birthday": "date of birth", "born": "date of birth", "ngay_sinh": "date of birth", "nam_sinh": "date of birth",
    "id_number": "ID number", "cccd": "ID number", "cmnd": "ID number", "so_cccd": "ID number",
    "so_cmnd": "ID number", "citizen_id": "ID number", "national_id": "ID number", "identity_number": "ID number",
    "can_cuoc": "ID number", "passport": "passport number", "ho_chieu": "passport number",
    "address": "address", "dia_chi": "address", "home_address": "address", "noi_o": "address",
    "residence": "address", "thuong_tru": "address",
    "phone": "phone number", "phone_number": "phone number", "telephone": "phone number", "mobile": "phone number",
    "so_dien_thoai": "phone number", "dien_thoai": "phone number", "sdt": "phone number",
    "ethnicity": "ethnicity", "dan_toc": "ethnicity", "religion": "religion", "ton_giao": "religion",
    "health": "health", "suc_khoe": "health", "health_status": "health", "tinh_trang_suc_khoe": "health",
}

_ID_NUMBER = re.compile(r"(?<![\d.,/-])(\d{12}|\d{9}|0\d\d([ .])\d{3}\2\d{3}\2\d{3})(?![\d.,]\d|\d)")
_PHONE = re.compile(r"(?<![\w/.-])(?:(?:\+84|84|0)(?:[\s.-]?\d){8,10}|\((?:\+84|0)\d{0,3}\)[\s.-]?\d{2,4}"
                    r"(?:[\s.-]?\d){3,5})(?![\d/])")
#: Words that end in "sinh" without meaning birth ("học sinh năm 2024" is a school year).
_NOT_BIRTH = "".join(f"(?<!{word} )" for word in (
    "hoc", "thi", "nu", "phat", "ve", "hy", "tai", "giang", "so", "san", "cong", "ky", "dan", "an", "tien",
    "hau", "ho", "sinh", "ha", "song", "truong"))
_DIGIT = re.compile(r"\d")
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}|\d{1,2} (?:thang|tháng) \d{1,2})"
_BIRTH = re.compile(r"(?:\b(?:sinh ngay|ngay sinh|" + _NOT_BIRTH + r"sinh nam|nam sinh|born on|born in|"
                    r"date of birth|dob)\b[\s:,]*" + _DATE +
                    r"|\bsn[\s:.]*(?:19|20)\d\d\b|\(\s*sinh\s+(?:nam\s+)?(?:19|20)\d\d\s*\))")


def check_keys(value, path: tuple = ()) -> list[Issue]:
    """Issues for every forbidden key anywhere inside ``value``."""
    issues: list[Issue] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            what = _forbidden_name(str(key))
            if what is not None:
                issues.append(Issue(path + (key,), f"personal data ({what}) must not be stored",
                                    "delete this field; the site never publishes it, under Law 91/2025/QH15"))
            else:
                issues.extend(check_keys(inner, path + (key,)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            issues.extend(check_keys(inner, path + (index,)))
    return issues


@functools.lru_cache(maxsize=4096)
def _forbidden_name(key: str) -> str | None:
    """What personal data a key names (``"Ngày sinh" -> "date of birth"``), or ``None``."""
    return FORBIDDEN_KEYS.get(re.sub(r"[\s-]+", "_", fold(key)))


def _is_forbidden(key) -> bool:
    return _forbidden_name(str(key)) is not None


def without_forbidden_keys(value):
    """``value`` with every forbidden key (and what it holds) left out."""
    if isinstance(value, dict):
        return {k: without_forbidden_keys(v) for k, v in value.items() if not _is_forbidden(k)}
    if isinstance(value, list):
        return [without_forbidden_keys(v) for v in value]
    return value


def check_strings(value, path: tuple = ()) -> list[Issue]:
    """Issues for ID numbers, phone numbers and birth dates in any string inside ``value``."""
    issues: list[Issue] = []
    if isinstance(value, str):
        for message, hint in scan_text(value):
            issues.append(Issue(path, message, hint))
    elif isinstance(value, dict):
        for key, inner in value.items():
            issues.extend(check_strings(inner, path + (key,)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            issues.extend(check_strings(inner, path + (index,)))
    return issues


def scan_text(text: str) -> list[tuple[str, str]]:
    """(message, hint) for each kind of personal data found in ``text``."""
    found = []
    if not _DIGIT.search(text):
        return found  # every pattern below needs a digit
    match = _ID_NUMBER.search(text)
    if match:
        found.append((f"looks like an ID card number ({_mask(match.group(1))})",
                      "remove it; if it is an amount, write it with dots, like 200.000.000"))
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]  # not a phone too
    match = _PHONE.search(text)
    if match:
        found.append((f"looks like a phone number ({_mask(match.group(0))})", "remove it"))
    if _BIRTH.search(fold(text)):
        found.append(("looks like a date of birth", "remove it; the site never publishes birth dates"))
    return found


def check_person(person: dict) -> list[Issue]:
    """A person who is to be shown by initials or not named must not be named by their id either:
    ids travel into record files, links and data files (``nguyen-van-an`` is the name)."""
    policy, name, identifier = person.get("publish"), person.get("name"), person.get("id")
    if policy == "full_name" or not isinstance(name, str) or not isinstance(identifier, str):
        return []
    words = [word for word in re.split(r"[^a-z0-9]+", fold(name)) if word]
    spelled = ["-".join(words)] + (["-".join((words[0], words[-1]))] if len(words) > 2 else [])
    if len(words) < 2 or not any(f"-{form}-" in f"-{identifier}-" for form in spelled):
        return []
    return [Issue(("id",), f"{identifier!r} spells out the name of a person who is shown as "
                  f"{'initials' if policy == 'initials' else 'not named'} (publish: {policy})",
                  "use an id without the name, e.g. the position: pho-chanh-thanh-tra-tinh")]


def line_of_match(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, message, hint) for personal data in a Markdown body starting at ``first_line``."""
    results = []
    for offset, line in enumerate(body.split("\n")):
        for message, hint in scan_text(line):
            results.append((first_line + offset, message, hint))
    return results


def _mask(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits[:3] + "…" + digits[-2:] if len(digits) > 5 else "…"
