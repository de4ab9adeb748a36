"""集体排查: a group's (or the commission's) meeting that analyses the clues awaiting a proposal together."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError
from paizhu.core.roles import Role
from paizhu.workflow import timeline

from ..models import Clue, Method, ScreeningItem, ScreeningMeeting
from ..workflows import ClueStatus
from ._common import clean_text, not_future, require_role

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

SCREENING_ROLES = frozenset({Role.GROUP_LEADER, Role.CASE_MANAGEMENT})


def screenable_clues(actor: "Actor") -> "QuerySet[Clue]":
    """Clues awaiting a proposal that `actor` may put before a screening meeting."""
    if actor.acting_role not in SCREENING_ROLES:
        return Clue.objects.none()
    qs = access.scope(actor, Clue, "act").filter(status=ClueStatus.ASSIGNED)
    if actor.acting_role == Role.GROUP_LEADER:
        qs = qs.filter(group_id=actor.require_grant().group_id)
    return qs


def record_screening(
    actor: "Actor",
    *,
    held_on: datetime.date,
    chaired_by: str,
    attendees: str,
    items: Iterable[tuple[Clue, str, str]],
    notes: str = "",
) -> ScreeningMeeting:
    """Record a 集体排查 meeting held by the actor's group (a group leader) or by the commission (案管).

    `items` are (clue, endorsed method, opinion) for each clue discussed; every clue must be awaiting
    a proposal and within the actor's reach. Each clue's timeline gets the meeting's decision.
    """
    require_role(actor, *SCREENING_ROLES)
    not_future(held_on, "会议日期", "held_on")
    chaired_by = clean_text(chaired_by, "主持人", "chaired_by")
    attendees = clean_text(attendees, "参会人员", "attendees")
    items = list(items)
    if not items:
        raise DomainError("请至少对一条线索提出排查意见。")
    if any(decision not in Method.values for _, decision, _ in items):
        raise DomainError("排查意见无效。")
    with transaction.atomic():
        ids = [clue.pk for clue, _, _ in items]
        reachable = set(screenable_clues(actor).filter(pk__in=ids).values_list("pk", flat=True))
        wrong = [clue.serial for clue, _, _ in items if clue.pk not in reachable]
        if wrong:
            raise DomainError(f"以下线索不在待提出处置意见状态或不属您研究范围：{'、'.join(wrong)}。")
        grant = actor.require_grant()
        meeting = ScreeningMeeting.objects.create(
            held_on=held_on,
            group_id=grant.group_id if grant.role == Role.GROUP_LEADER else None,
            chaired_by=chaired_by,
            attendees=attendees,
            notes=(notes or "").strip(),
            created_by=actor,
        )
        ScreeningItem.objects.bulk_create(
            ScreeningItem(meeting=meeting, clue=clue, decision=decision, opinion=(opinion or "").strip())
            for clue, decision, opinion in items
        )
        for clue, decision, opinion in items:
            title = f"集体排查（{held_on:%Y-%m-%d}，{chaired_by}主持）：拟{Method(decision).label}"
            timeline.write(actor, clue, "clue.screened", title, opinion=(opinion or "").strip())
            record(actor, "clue.screened", clue, {"meeting": meeting.pk, "decision": decision})
        record(
            actor,
            "screening.recorded",
            meeting,
            {"held_on": held_on.isoformat(), "clues": {clue.serial: decision for clue, decision, _ in items}},
        )
    return meeting
