"""The SM3 hash chain: canonical form of an entry and the hash function (OpenSSL's SM3 through hashlib)."""

import hashlib
import json

GENESIS_HASH = "0" * 64


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


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
