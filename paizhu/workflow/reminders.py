"""In-app reminders over any matter: apps register what is due; `paizhu remind` sends it once a day.

A collector is a function `(today, horizon) -> iterable of Reminder` (`horizon`: the last day that counts as
"即将到期"); the kernel writes one notification per recipient and key, so a second run the same day adds
nothing. A reminder is shown only while its reader may still see its matter.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet

from paizhu.audit.services import record
from paizhu.core.calendar import add_workdays, shanghai_today

from .models import Notification

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

SOON_WORKDAYS = 3  # "即将到期": within this many working days


@dataclass(frozen=True)
class Reminder:
    subject: Model  # the matter the reminder is about (its reader must be able to see it)
    recipients: tuple[int, ...]  # user ids
    key: str  # unique per matter, deadline and urgency
    title: str
    url: str


_COLLECTORS: dict[str, tuple[str, Callable[[datetime.date, datetime.date], Iterable[Reminder]]]] = {}


def register(name: str, model: str, collector: Callable[[datetime.date, datetime.date], Iterable[Reminder]]) -> None:
    """`model`: the label of the matter model the collector's reminders are about ("clues.Clue")."""
    _COLLECTORS[name] = (model, collector)


def soon_date(today: datetime.date | None = None) -> datetime.date:
    return add_workdays(today or shanghai_today(), SOON_WORKDAYS)


def send(today: datetime.date | None = None) -> int:
    """Run every registered collector; a system job with no acting user. Returns the number created."""
    today = today or shanghai_today()
    horizon = soon_date(today)
    rows = []
    for _name, (_model, collector) in sorted(_COLLECTORS.items()):
        for reminder in collector(today, horizon):
            content_type = ContentType.objects.get_for_model(reminder.subject)
            rows += [
                Notification(
                    user_id=user_id,
                    content_type=content_type,
                    object_id=reminder.subject.pk,
                    key=reminder.key,
                    title=reminder.title,
                    url=reminder.url,
                )
                for user_id in reminder.recipients
            ]
    with transaction.atomic():
        before = Notification.objects.count()
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = Notification.objects.count() - before
        record(None, "reminders.sent", None, {"date": today.isoformat(), "created": created})
    return created


def unread(user: "Actor") -> QuerySet:
    """The user's unread reminders about matters they may still see (a recusal hides them too)."""
    from .approvals import about_visible

    which = about_visible(user, {model for model, _ in _COLLECTORS.values()})
    return Notification.objects.filter(user=user, read_at__isnull=True).filter(which)


def latest(user: "Actor", limit: int = 20) -> list[Notification]:
    return list(unread(user).order_by("-created_at")[:limit])
