"""The security auditor's reads of the audit trail, for the pages and exports, always scoped through `access`."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from paizhu import access
from paizhu.accounts.models import User
from paizhu.audit.events import ALERT_ACTIONS
from paizhu.audit.models import AuditEntry


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
