"""Writing to the audit trail and checking it. Call `record` inside the transaction of the change it records."""

import datetime
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Model
from django.utils import timezone

from . import chain, verification
from . import context as audit_context
from .events import EVENTS, LIST_ACTIONS, READ_ACTIONS
from .models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from paizhu.core.actors import Actor, AnyActor

BULK_VIEW_ALERT = "security.bulk_view_alert"
DENIED = "access.denied"
DENIED_ALERT = "security.denied_alert"

_client_address_field = AuditEntry._meta.get_field("client_address")
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "action",
    "object_type",
    "object_id",
    "client_address",
    "details",
    "details_digest",
    "prev_hash",
    "hash",
    "canon",
)


# What an entry is about: a record, an (object type, id) pair, or nothing.
ObjectRef = Model | tuple[str, Any] | None


def _object_ref(obj: "ObjectRef") -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return obj._meta.label_lower, str(obj.pk)


def _stored_form(details: dict | None) -> dict:
    # The entry is hashed in the form the database will give back. jsonb rewrites number notation
    # (1e+16 becomes 10000000000000000, -0.0 becomes 0.0), which would later look like tampering,
    # so floats are kept as their text; dates and other values become their canonical JSON form.
    return json.loads(chain.canonical_json(details or {}), parse_float=str, parse_constant=str)


def record(
    actor: "AnyActor | None",
    action: str,
    obj: "ObjectRef" = None,
    details: dict | None = None,
    *,
    anonymous_source: bool = False,
) -> AuditEntry:
    """Append one entry to the chain.

    `obj` is a model instance or an `(object_type, object_id)` pair. `anonymous_source=True` drops
    the client address (public reports store none, not even in the audit trail). Reads (codes ending
    in .viewed / .exported / .downloaded) are also checked for bulk viewing, see `note_read`; so are
    list reads (`note_listing`); refusals (`access.denied`) are counted for `note_denied`.
    """
    if action not in EVENTS:
        raise ValueError(f"unknown audit event {action!r}: add it to paizhu/audit/events.py")
    ctx = audit_context.current()
    object_type, object_id = _object_ref(obj)
    details = _stored_form(details)
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    # Hashed as the database stores it: PostgreSQL's inet prints IPv6 in its own canonical form.
    address = None if anonymous_source else _client_address_field.get_prep_value(ctx.client_address)
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
            client_address=address,
            details=details,
            details_digest=chain.details_digest(details),
            prev_hash=head.last_hash,
            canon=chain.CURRENT_CANON,
        )
        entry.hash = chain.entry_hash(head.last_hash, entry)
        entry.save(force_insert=True)
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
        if action in READ_ACTIONS:
            note_read(actor_obj, entry)
        elif action in LIST_ACTIONS:
            note_listing(actor_obj, entry)
        elif action == DENIED:
            note_denied(actor_obj, entry)
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # Migration 0003 creates the row; a flushed test database starts again from the genesis hash.
        AuditHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": chain.GENESIS_HASH})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def head_hash() -> str:
    """The chain's head, printed into reports and exports to anchor the chain outside the database."""
    return chain_head()[1]


def chain_head() -> tuple[int, str]:
    """(last seq, last hash) of the chain as committed now."""
    head = AuditHead.objects.filter(pk=1).first()
    return (head.last_seq, head.last_hash) if head else (0, chain.GENESIS_HASH)


def note_read(actor: "Actor | None", entry: AuditEntry) -> AuditEntry | None:
    """After a read, raise the bulk-view alert if the reader crossed the threshold.

    More than BULK_VIEW_ALERT_COUNT distinct objects of one type read within the last
    BULK_VIEW_ALERT_MINUTES minutes writes one `security.bulk_view_alert` entry about the reader;
    no second alert about the same reader is written within that many minutes. Both queries walk
    an index over a few recent rows: (actor, object_type, at) and (object_type, object_id, seq).
    """
    if actor is None or not entry.object_type:
        return None
    threshold = settings.BULK_VIEW_ALERT_COUNT
    minutes = settings.BULK_VIEW_ALERT_MINUTES
    since = entry.at - timedelta(minutes=minutes)
    # The earlier alert is looked for first: a reader who keeps bulk viewing then costs one tiny
    # query per read instead of a count over everything read in the window.
    if _alerted_since(BULK_VIEW_ALERT, actor, since):
        return None
    recent_reads = AuditEntry.objects.filter(
        actor_id=entry.actor_id, object_type=entry.object_type, at__gte=since, action__in=READ_ACTIONS
    )
    if recent_reads.aggregate(n=Count("object_id", distinct=True))["n"] <= threshold:
        return None
    return _bulk_view_alert(actor, entry, threshold, minutes)


def note_listing(actor: "Actor | None", entry: AuditEntry) -> AuditEntry | None:
    """After a list read, the bulk-view alert when one page showed more than BULK_VIEW_ALERT_COUNT rows.

    A page of the UI shows 20 rows and never comes near it; an API list of hundreds does (the same
    one-alert-per-window rule as `note_read`). Costs nothing for a page at or under the threshold.
    """
    if actor is None or not entry.object_type:
        return None
    threshold = settings.BULK_VIEW_ALERT_COUNT
    minutes = settings.BULK_VIEW_ALERT_MINUTES
    if len(entry.details.get("ids") or ()) <= threshold:
        return None
    if _alerted_since(BULK_VIEW_ALERT, actor, entry.at - timedelta(minutes=minutes)):
        return None
    return _bulk_view_alert(actor, entry, threshold, minutes)


def _alerted_since(alert: str, actor: "Actor", since: datetime.datetime) -> bool:
    # Alerts are about the user (object accounts.user/<pk>): the (object_type, object_id, seq) index.
    user_type, user_id = _object_ref(actor)
    return AuditEntry.objects.filter(object_type=user_type, object_id=user_id, action=alert, at__gte=since).exists()


def _bulk_view_alert(actor: "Actor", entry: AuditEntry, threshold: int, minutes: int) -> AuditEntry:
    return record(
        None,
        BULK_VIEW_ALERT,
        actor,
        {
            "user": actor.username,
            "name": actor.full_name or actor.username,
            "role": entry.role,
            "object_type": entry.object_type,
            "threshold": threshold,
            "minutes": minutes,
            "trigger_seq": entry.seq,
        },
    )


def note_denied(actor: "Actor | None", entry: AuditEntry) -> AuditEntry | None:
    """After a refusal, `security.denied_alert` when the user was refused DENIED_ALERT_COUNT times or more
    within the last DENIED_ALERT_MINUTES minutes (default 5 in 10) — one alert per user per window.

    Only refusals on records that exist are written (see `paizhu.access.middleware`), so the count is
    of attempts on real records, not of typos in a URL.
    """
    if actor is None:
        return None
    threshold = settings.DENIED_ALERT_COUNT
    minutes = settings.DENIED_ALERT_MINUTES
    since = entry.at - timedelta(minutes=minutes)
    if _alerted_since(DENIED_ALERT, actor, since):
        return None
    count = AuditEntry.objects.filter(action=DENIED, actor_id=entry.actor_id, at__gte=since).count()
    if count < threshold:
        return None
    return record(
        None,
        DENIED_ALERT,
        actor,
        {
            "user": actor.username,
            "name": actor.full_name or actor.username,
            "role": entry.role,
            "count": count,
            "threshold": threshold,
            "minutes": minutes,
            "trigger_seq": entry.seq,
        },
    )


@dataclass(frozen=True)
class ChainVerification:
    """The outcome of recomputing the chain; `broken_seq` names the first entry found wrong."""

    ok: bool
    count: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计链完整：共 {self.count} 条，链头 {self.head_hash}"
        if self.broken_seq is None:
            return f"审计链校验未通过：{self.problem}"
        return f"审计链校验未通过：第 {self.broken_seq} 条记录——{self.problem}"

    def as_details(self) -> dict:
        return {
            "ok": self.ok,
            "count": self.count,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "broken_seq": self.broken_seq,
            "problem": self.problem,
        }


def verify_chain(
    *, anchors: tuple[str, ...] = (), chunk_size: int = 5000, workers: int = 1, range_size: int | None = None
) -> ChainVerification:
    """Recompute the chain from the first entry up to the head as committed when the check starts.

    Reads nothing but writes nothing either: entries appended while it runs are left to the next
    check. `anchors` are head hashes kept outside the database (printed in reports and exports):
    each must still be the hash of an entry of the verified chain. A long chain is checked in ranges
    by up to `workers` processes (see `verification`); `range_size` fixes the ranges' length instead.
    """
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        present = AuditEntry.objects.count()
        if present:
            return ChainVerification(
                False, 0, 0, chain.GENESIS_HASH, None, f"链头记录缺失，但存在 {present} 条审计记录"
            )
        return ChainVerification(True, 0, 0, chain.GENESIS_HASH)

    def broken(seq: int, problem: str, checked: int) -> ChainVerification:
        return ChainVerification(False, checked, head.last_seq, head.last_hash, seq, problem)

    last_hash = chain.GENESIS_HASH
    spans = verification.ranges(head.last_seq, workers, range_size)
    for outcome in verification.outcomes(spans, head.last_seq, chunk_size, workers):
        if outcome.broken_seq is not None:
            # Every entry before the first broken one has passed, in this range and all before it.
            return broken(outcome.broken_seq, outcome.problem, outcome.broken_seq - 1)
        last_hash = outcome.last_hash
    count = head.last_seq
    if last_hash != head.last_hash:
        return broken(count, "链头哈希与最后一条记录的哈希不一致", count)
    for anchor in anchors:
        if anchor != chain.GENESIS_HASH and not AuditEntry.objects.filter(hash=anchor, seq__lte=count).exists():
            return ChainVerification(
                False,
                count,
                head.last_seq,
                head.last_hash,
                None,
                f"外部留存的链头哈希 {anchor} 不在审计链中（链被重算或截断）",
            )
    return ChainVerification(True, count, head.last_seq, head.last_hash)
