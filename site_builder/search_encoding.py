"""How the search index is written: numbers, record sets, word chunks and hashed buckets as bytes.

Pure helpers for ``search_index``; the byte formats are described in docs/search.md and read by
``themes/default/static/search.js`` (and by the decoder in ``tests/test_search_index.py``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from array import array

from .search_text import bucket

CHUNK_BYTES = 32_000    #: raw size of a word chunk (about half that once compressed)
BUCKET_BYTES = 32_000   #: raw size aimed at for an exact-spelling or phrase bucket


def chunks(terms: dict[str, array], strong: dict[str, array]):
    """``(first word, bytes)`` of consecutive runs of words (in the script's string order) of about
    CHUNK_BYTES each: per word its UTF-8 key, the records containing it, those where it weighs most."""
    chunk, first, entries = bytearray(), None, 0
    for key in sorted(terms, key=js_order):
        entry = bytearray()
        key_into(entry, key)
        entry += doc_set(terms[key])
        entry += doc_set(strong.get(key, ()))
        if first is not None and len(chunk) + len(entry) > CHUNK_BYTES:
            yield first, varints([entries]) + bytes(chunk)
            chunk, first, entries = bytearray(), None, 0
        first = key if first is None else first
        chunk += entry
        entries += 1
    if first is not None:
        yield first, varints([entries]) + bytes(chunk)


def buckets(table: dict[str, array], family: str, out: dict[str, bytes]) -> int:
    """Spread ``table`` over files by a hash of the key; returns how many files there are."""
    encoded = {key: key_bytes(key) + doc_set(docs) for key, docs in table.items()}
    count = max(1, math.ceil(sum(map(len, encoded.values())) / BUCKET_BYTES))
    spread: list[list[str]] = [[] for _ in range(count)]
    for key in encoded:
        spread[bucket(key, count)].append(key)
    for number, keys in enumerate(spread):
        keys.sort(key=js_order)
        out[f"{family}/{number}.bin"] = gzip_bytes(varints([len(keys)]) + b"".join(encoded[k] for k in keys))
    return count


def doc_set(docs) -> bytes:
    """Ascending record numbers: their count, the first, then the differences."""
    if not docs:
        return b"\x00"
    out = bytearray()
    varint_into(out, len(docs))
    varint_into(out, docs[0])
    out += varints([b - a for a, b in zip(docs, docs[1:])])
    return bytes(out)


def key_bytes(key: str) -> bytes:
    out = bytearray()
    key_into(out, key)
    return bytes(out)


def key_into(out: bytearray, key: str) -> None:
    raw = key.encode("utf-8")
    varint_into(out, len(raw))
    out += raw


def js_order(key: str) -> bytes:
    """Sort like JavaScript compares strings (by UTF-16 code units), so the script can bisect."""
    return key.encode("utf-16-be")


def varints(values) -> bytes:
    """LEB128: seven bits per byte, high bit set on all but the last byte of a number."""
    if not values:
        return b""
    if max(values) < 0x80:
        return bytes(values)
    out = bytearray()
    for value in values:
        varint_into(out, value)
    return bytes(out)


def varint_into(out: bytearray, value: int) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
