"""`paizhu gen` for the audit trail: the entries the other generators asked for, as one valid SM3 chain.

The business generators leave `(at, actor, action, object type, object id, details)` in `ctx.audit`, one
per timeline step and per recorded read, as the services' `record` calls would have. This generator
runs last: it sorts them by time, numbers them after the chain's head, computes each entry's details
digest and hash with `chain.py` exactly as `services.record` does (the current canonical form, details
in their stored form, time in UTC as the database gives it back, the actor's name and role), inserts them in bulk and moves the
head — under the head's row lock, so no service appends in between. `paizhu audit verify` passes.
"""

import datetime

from paizhu.accounts.models import RoleGrant, User
from paizhu.audit import chain, services
from paizhu.audit.events import EVENTS
from paizhu.audit.models import AuditEntry, AuditHead
from paizhu.core.generators import DEFER_INDEXES_FROM, GenContext

FIELDS = services.CHAINED_FIELDS  # the columns an entry's hash covers, in the writer's order


class _Entry:
    """What `chain.canonical_entry` reads, without building a model instance per entry."""

    __slots__ = FIELDS

    def __init__(self, *values):
        for name, value in zip(FIELDS, values, strict=True):
            setattr(self, name, value)


def existing() -> int:
    return 0  # entries are never a reason to refuse: generated ones continue the chain


def _address(user_id: int) -> str:
    return f"10.20.{user_id // 250 % 250}.{user_id % 250 + 1}"  # the commission's intranet


def generate(ctx: GenContext) -> None:
    intents = [i for i in ctx.audit if i[2] in EVENTS]
    skipped = len(ctx.audit) - len(intents)
    ctx.audit = []
    if not intents:
        return
    intents.sort(key=lambda i: i[0])
    names = {pk: (full or username) for pk, full, username in User.objects.values_list("pk", "full_name", "username")}
    roles: dict[int, str] = {}
    for user_id, role in RoleGrant.objects.active().order_by("pk").values_list("user_id", "role"):
        roles.setdefault(user_id, role)
    AuditHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": chain.GENESIS_HASH})
    head = AuditHead.objects.select_for_update().get(pk=1)
    seq, prev_hash = head.last_seq, head.last_hash
    digests: dict[str, str] = {}
    writer = ctx.writer
    if len(intents) >= DEFER_INDEXES_FROM:
        writer.defer_indexes(AuditEntry)
    progress = ctx.progress("审计记录", len(intents))
    utc = datetime.UTC
    for at, actor_id, action, object_type, object_id, details in intents:
        seq += 1
        stored = services._stored_form(details)
        key = chain.canonical_bytes(stored)
        digest = digests.get(key)
        if digest is None:
            digest = digests[key] = chain.sm3_hex(key)
        entry = _Entry(
            seq,
            at.astimezone(utc),
            actor_id,
            names.get(actor_id, "") if actor_id else "",
            roles.get(actor_id, "") if actor_id else "",
            action,
            object_type,
            object_id,
            _address(actor_id) if actor_id else None,
            stored,
            digest,
            prev_hash,
            "",
            chain.CURRENT_CANON,
        )
        entry.hash = chain.entry_hash(prev_hash, entry)
        prev_hash = entry.hash
        writer.add_row(AuditEntry, FIELDS, tuple(getattr(entry, f) for f in FIELDS))
        progress.update()
    progress.close()
    writer.flush()
    head.last_seq, head.last_hash = seq, prev_hash
    head.save(update_fields=["last_seq", "last_hash"])
    ctx.summary.append(
        f"审计记录 {len(intents):,} 条（链头 #{seq}）" + (f"，略过未登记的事件 {skipped:,} 条" if skipped else "")
    )
