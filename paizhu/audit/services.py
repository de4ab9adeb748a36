"""Writing to the audit trail. Call `record` inside the transaction of the change it records."""

import json

from django.db import transaction
from django.utils import timezone

from . import chain
from . import context as audit_context
from .events import EVENTS
from .models import AuditEntry, AuditHead


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return obj._meta.label_lower, str(obj.pk)


def record(actor, action: str, obj=None, details: dict | None = None, *, anonymous_source: bool = False) -> AuditEntry:
    """Append one entry to the chain.

    `obj` is a model instance or an `(object_type, object_id)` pair. `anonymous_source=True` drops
    the client address (public reports store none, not even in the audit trail).
    """
    if action not in EVENTS:
        raise ValueError(f"unknown audit event {action!r}: add it to paizhu/audit/events.py")
    ctx = audit_context.current()
    object_type, object_id = _object_ref(obj)
    # Stored exactly as hashed: dates and other values become their canonical JSON form.
    details = json.loads(chain.canonical_json(details or {}))
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor=actor_obj,
            actor_name=(actor_obj.full_name or actor_obj.username) if actor_obj else "",
            role=ctx.role if actor_obj else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            client_address=None if anonymous_source else ctx.client_address,
            details=details,
            details_digest=chain.details_digest(details),
            prev_hash=head.last_hash,
        )
        entry.hash = chain.entry_hash(head.last_hash, entry)
        entry.save(force_insert=True)
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": chain.GENESIS_HASH})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def head_hash() -> str:
    """The chain's head, printed into reports and exports to anchor the chain outside the database."""
    head = AuditHead.objects.filter(pk=1).first()
    return head.last_hash if head else chain.GENESIS_HASH
