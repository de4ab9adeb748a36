"""The SM3 hash chain: canonical forms of an entry and the hash function (OpenSSL's SM3 through hashlib).

An entry's hash is SM3(prev_hash || canonical form of its fields). The form is recorded per entry in
`AuditEntry.canon`, so entries written before a cheaper form existed keep verifying exactly as they were
hashed (their hashes are never recomputed):

- CANON_JSON_V1 (1): canonical JSON of [seq, time with six fraction digits, actor, ..., details digest].
- CANON_JSON_V2 (2, every new entry): canonical JSON of [2, seq, time as `datetime.isoformat()`, actor,
  ..., details digest]. The leading 2 keeps the two forms from ever giving the same text; the time is
  what orjson writes for a datetime in C, where form 1's fixed six digits cost a Python call per entry.

Canonical JSON is defined by the standard library (`canonical_json`). It is computed with orjson, which
writes the same bytes for every value an entry holds — strings, integers, booleans, null, lists, objects
with text keys; tests/audit/test_canonical.py checks it — at a tenth of the cost. A value orjson cannot
write (an integer beyond 64 bits) falls back to the standard library.
"""

import datetime
import hashlib
import json

import orjson

GENESIS_HASH = "0" * 64
CANON_JSON_V1 = 1
CANON_JSON_V2 = 2
CURRENT_CANON = CANON_JSON_V2
CANON_CHOICES = [(CANON_JSON_V1, "规范 JSON（第 1 版）"), (CANON_JSON_V2, "规范 JSON（第 2 版）")]

_HEX = frozenset("0123456789abcdef")
_SORTED = orjson.OPT_SORT_KEYS
_SM3 = hashlib.new("sm3")  # copied per message: looking the algorithm up in OpenSSL costs more than hashing 300 bytes


def sm3_hex(data: bytes) -> str:
    h = _SM3.copy()
    h.update(data)
    return h.hexdigest()


def is_hash(value: str) -> bool:
    """Whether `value` looks like an SM3 hash as the chain stores it (64 lower-case hex digits)."""
    return len(value) == 64 and set(value) <= _HEX


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_bytes(value) -> bytes:
    """`canonical_json(value).encode()` for the JSON values an entry holds, written by orjson."""
    try:
        return orjson.dumps(value, option=_SORTED)
    except TypeError:  # an integer beyond 64 bits, or a type only `default=str` knows
        return canonical_json(value).encode()


def details_digest(details: dict) -> str:
    return sm3_hex(canonical_bytes(details))


def details_digest_stdlib(details: dict) -> str:
    """The digest by the definition itself: the verifier's second opinion before it calls details changed."""
    return sm3_hex(canonical_json(details).encode())


def entry_bytes(
    canon, seq, at, actor_id, actor_name, role, action, object_type, object_id, client_address, digest
) -> bytes:
    """The canonical form of an entry's fields (all but its own hash), in the form `canon` names."""
    if canon == CANON_JSON_V2:
        fields: tuple = (2, seq, at, actor_id, actor_name, role, action, object_type, object_id, client_address, digest)
    elif canon == CANON_JSON_V1:
        time = at.isoformat(timespec="microseconds")
        fields = (seq, time, actor_id, actor_name, role, action, object_type, object_id, client_address, digest)
    else:
        raise ValueError(f"unknown canonical form {canon!r}")
    return orjson.dumps(fields, default=_isoformat)  # integers, text, null and (form 2) an aware datetime


def _isoformat(value) -> str:
    # orjson writes datetime itself but not its subclasses (a test's frozen clock): the same text.
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not an entry field")


def canonical_entry(entry) -> str:
    """Every field of the entry except its own hash, in a fixed order and the entry's canonical form."""
    return entry_bytes(*_fields(entry)).decode()


def entry_hash(prev_hash: str, entry) -> str:
    return sm3_hex(prev_hash.encode() + entry_bytes(*_fields(entry)))


def _fields(entry) -> tuple:
    return (
        entry.canon,
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.actor_name,
        entry.role,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.client_address,
        entry.details_digest,
    )
