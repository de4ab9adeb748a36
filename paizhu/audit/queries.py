"""Reads of the audit trail that other apps' pages show (who looked at a record). The auditor's own reads,
scoped through `access`, are in `paizhu.auditor.queries`."""

from dataclasses import dataclass

from paizhu.core.errors import NotFound

from .events import READ_ACTIONS
from .models import AuditEntry
from .services import DENIED


@dataclass(frozen=True)
class AccessHistory:
    """Who read or changed one object, newest first; `truncated` when older entries were left out."""

    entries: list[AuditEntry]
    truncated: bool
    limit: int

    @property
    def reads(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.action in READ_ACTIONS]

    @property
    def writes(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.action not in READ_ACTIONS]


def access_history(viewer, obj, *, limit: int = 50) -> AccessHistory:
    """The "查阅记录" of `obj`: every read and write entry about it (by object_type / object_id).

    Deliberately not scoped to the audit policy: the people who may see an object may see who looked
    at it. The caller must have obtained `obj` through `access.fetch` for `viewer` — that check is
    the gate. Only when, who, in which role and what is returned: no addresses, no details.
    """
    if getattr(viewer, "acting_grant", None) is None:
        raise NotFound()
    object_type = obj._meta.label_lower
    rows = list(
        AuditEntry.objects.filter(object_type=object_type, object_id=str(obj.pk))
        .exclude(action=DENIED)  # refused attempts are for the auditor, not a read or a step
        .only("seq", "at", "actor_name", "role", "action")
        .order_by("-seq")[: limit + 1]
    )
    return AccessHistory(entries=rows[:limit], truncated=len(rows) > limit, limit=limit)
