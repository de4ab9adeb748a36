"""The clue module's reminder collector (registered with `workflow.reminders` in CluesConfig.ready)."""

import datetime

from django.urls import reverse

from paizhu.accounts.models import RoleGrant
from paizhu.core.roles import Role
from paizhu.workflow.reminders import Reminder

from .. import limits
from ..models import Case, Clue
from ..workflows import ClueStatus


def due_reminders(today: datetime.date, horizon: datetime.date) -> list[Reminder]:
    """Due-soon and overdue clues for their handlers (without handlers: the group leader, or 案管), and 监察
    cases nearing their decision limit: one reminder per clue, deadline and urgency (`workflow.reminders`)."""
    due = (
        Clue.objects.exclude(status__in=(ClueStatus.CLOSED,))
        .filter(due_on__isnull=False, due_on__lte=horizon)
        .select_related("group")
        .prefetch_related("handlers")
    )
    leaders: dict[int, list[int]] = {}
    for grant in RoleGrant.objects.active().filter(role=Role.GROUP_LEADER).values("group_id", "user_id"):
        leaders.setdefault(grant["group_id"], []).append(grant["user_id"])
    registrars = list(RoleGrant.objects.active().filter(role=Role.CASE_MANAGEMENT).values_list("user_id", flat=True))
    # (clue, date due, what is due, page, key): each clue's current step, and the decision limit of
    # 监察 cases, which runs beside the step limits until the decision.
    watched = [
        (clue, clue.due_on, clue.due_label, reverse("clues:detail", args=[clue.pk]), f"clue:{clue.pk}") for clue in due
    ]
    supervised = (
        Case.objects.filter(supervision=True, decided_on__isnull=True, supervision_due__lte=horizon)
        .select_related("clue", "clue__group")
        .prefetch_related("clue__handlers")
    )
    watched += [
        (
            c.clue,
            c.supervision_due,
            limits.label("supervision_decision"),
            reverse("clues:case", args=[c.pk]),
            f"case:{c.pk}",
        )
        for c in supervised
    ]
    reminders = []
    for clue, due_on, label, url, key in watched:
        if due_on is None:  # the queries above keep only dated steps
            continue
        overdue = due_on < today
        recipients = [u.pk for u in clue.handlers.all()] or (
            leaders.get(clue.group_id, []) if clue.group_id else registrars
        )
        when = "已逾期" if overdue else f"将于{due_on:%Y-%m-%d}到期"
        reminders.append(
            Reminder(
                subject=clue,
                recipients=tuple(recipients),
                key=f"{key}:{label}:{due_on:%Y%m%d}:{'overdue' if overdue else 'soon'}",
                title=f"{clue.serial}「{label}」{when}",
                url=url,
            )
        )
    return reminders
