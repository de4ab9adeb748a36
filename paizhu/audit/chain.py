"""The SM3 hash chain: canonical form of an entry and the hash function (OpenSSL's SM3 through hashlib)."""

import hashlib
import json

GENESIS_HASH = "0" * 64
_HEX = frozenset("0123456789abcdef")


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def is_hash(value: str) -> bool:
    """Whether `value` looks like an SM3 hash as the chain stores it (64 lower-case hex digits)."""
    return len(value) == 64 and set(value) <= _HEX


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def details_digest(details: dict) -> str:
    return sm3_hex(canonical_json(details).encode())


def canonical_entry(entry) -> str:
    """Every field of the entry except its own hash, in a fixed order."""
    return canonical_json(
        [
            entry.seq,
            entry.at.isoformat(timespec="microseconds"),
            entry.actor_id,
            entry.actor_name,
            entry.role,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.client_address,
            entry.details_digest,
        ]
    )


def entry_hash(prev_hash: str, entry) -> str:
    return sm3_hex((prev_hash + canonical_entry(entry)).encode())
