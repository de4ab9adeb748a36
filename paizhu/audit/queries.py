"""Reads of the audit trail shared by the auditor's pages and exports, always scoped through `access`."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from paizhu import access
from paizhu.accounts.models import User
from paizhu.core.errors import NotFound

from .models import AuditEntry
from .services import ALERT_ACTIONS, DENIED, READ_ACTIONS


def filter_entries(user, filters: dict, action: str = "view") -> QuerySet:
    """The entries `user` may `action` (view / export) matching the auditor's filter bar, newest first.

    `filters` holds the cleaned data of `AuditFilterForm`; empty values do not filter.
    """
    qs = access.scope(user, AuditEntry, action)
    if filters.get("actor"):
        name = filters["actor"]
        matching_users = access.scope(user, User).filter(Q(full_name__contains=name) | Q(username=name))
        qs = qs.filter(actor__in=matching_users.values("pk"))
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("alerts"):
        qs = qs.filter(action__in=ALERT_ACTIONS)
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        qs = qs.filter(at__gte=_start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=_start_of_day(filters["date_to"] + datetime.timedelta(days=1)))
    return qs.order_by("-seq")


def _start_of_day(day: datetime.date) -> datetime.datetime:
    # Days are the office's days (Asia/Shanghai), not UTC ones.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recent_alerts(user, *, days: int = 7, limit: int = 5) -> list[AuditEntry]:
    """The newest alerts of the last `days` days (at most `limit` + 1, so the page knows there are more)."""
    since = timezone.now() - datetime.timedelta(days=days)
    qs = access.scope(user, AuditEntry).filter(action__in=ALERT_ACTIONS, at__gte=since).order_by("-seq")
    return list(qs[: limit + 1])


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
