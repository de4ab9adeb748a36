"""Escalation (谁提出、谁督办): reminders of due and overdue items, and the commission's 督办."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from paizhu import access
from paizhu.accounts.models import RoleGrant
from paizhu.accounts.staff import holding
from paizhu.core import calendar
from paizhu.core.errors import DomainError
from paizhu.core.roles import UNIT_ROLES, Role
from paizhu.workflow.reminders import Reminder
from paizhu.workflow.transitions import Event, commit, move

from .. import limits
from ..models import Demand, Item, Milestone, Press
from ..workflows import NOT_CLOSED, DemandStatus, ItemStatus
from ._common import clean_text

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def escalation_day(due_on: datetime.date) -> datetime.date:
    """The day after which an overdue item reaches the commission's 派驻机构管理部门."""
    return calendar.add_workdays(due_on, limits.limit("escalate")[0])


def press(actor: "Actor", demand: Demand, *, note: str, item: Item | None = None) -> Press:
    """督办 (派驻机构管理部门): a note on an open demand (or one of its items) that the unit and the group see."""
    note = clean_text(note, "督办意见", "note", limit=1000)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Demand, demand.pk, action="press")
        if item is not None and (item.demand_id != locked.pk or item.status == ItemStatus.CLOSED):
            raise DomainError("督办的事项不属于本建议或已销号。", field="item")
        row = Press.objects.create(
            demand=locked, item=item, note=note, by=actor, by_name=actor.full_name or actor.username
        )
        before = locked.status
        move(locked, "follow_up", "督办")
        what = f"第{item.number}项" if item is not None else "整改"
        commit(
            actor,
            locked,
            Event("demand.pressed", f"{Role(actor.acting_role).label}督办{what}", note, {"press": row.pk}),
            before=before,
        )
    return row


def _unit_users(unit_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    users: dict[int, list[int]] = {}
    for unit_id, user_id in (
        RoleGrant.objects.active()
        .filter(unit_id__in=set(unit_ids), role__in=UNIT_ROLES)
        .values_list("unit_id", "user_id")
    ):
        users.setdefault(unit_id, []).append(user_id)
    return {k: tuple(sorted(set(v))) for k, v in users.items()}


def _group_leaders(group_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    leaders: dict[int, list[int]] = {}
    for group_id, user_id in (
        RoleGrant.objects.active()
        .filter(group_id__in=set(group_ids), role=Role.GROUP_LEADER)
        .values_list("group_id", "user_id")
    ):
        leaders.setdefault(group_id, []).append(user_id)
    return {k: tuple(v) for k, v in leaders.items()}


def due_reminders(today: datetime.date, horizon: datetime.date) -> Iterable[Reminder]:
    """Items still open on issued demands, due by `horizon`: the unit (党组书记, 联络员) and the group (its leader and
    the handler) are reminded when an item is due soon and when it is overdue; past the escalation threshold the
    派驻机构管理部门 too."""
    items = list(
        Item.objects.filter(
            demand__status=DemandStatus.ISSUED, status__in=NOT_CLOSED, due_on__lte=horizon
        ).select_related("demand")
    )
    if not items:
        return
    unit_users = _unit_users(i.demand.unit_id for i in items)
    leaders = _group_leaders(i.demand.group_id for i in items)
    office = tuple(holding([Role.DISPATCH_MANAGEMENT]).values_list("pk", flat=True))
    for item in items:
        demand = item.demand
        url = reverse("rectification:item", args=[item.pk])
        group = tuple(
            sorted(set(leaders.get(demand.group_id, ()) + ((demand.handler_id,) if demand.handler_id else ())))
        )
        overdue = item.due_on < today
        label = "已逾期" if overdue else "即将到期"
        title = f"整改事项{label}：{demand.serial}第{item.number}项（{item.due_on:%Y-%m-%d}）"
        key = f"rectification:{item.pk}:{item.due_on}:{'overdue' if overdue else 'soon'}"
        if item.status in (ItemStatus.OPEN, ItemStatus.RETURNED, ItemStatus.PLANNED, ItemStatus.ANSWERED):
            yield Reminder(item, unit_users.get(demand.unit_id, ()), key, title, url)
        yield Reminder(item, group, key, title, url)
        if overdue and today > escalation_day(item.due_on) and office:
            yield Reminder(
                item,
                office,
                f"rectification:{item.pk}:{item.due_on}:escalated",
                f"整改事项逾期超过{limits.limit('escalate')[0]}个工作日，请督办：{demand.serial}第{item.number}项",
                url,
            )


def milestone_reminders(today: datetime.date, horizon: datetime.date) -> Iterable[Reminder]:
    """Milestones of a plan (整改计划) not yet done, due by `horizon`: the unit (党组书记, 联络员) and the demand's
    handler are reminded when one is due soon and when it is overdue, until the unit records it done."""
    rows = list(
        Milestone.objects.filter(
            done_on__isnull=True,
            due_on__lte=horizon,
            item__status=ItemStatus.PLANNED,
            item__demand__status=DemandStatus.ISSUED,
        ).select_related("item", "item__demand")
    )
    unit_users = _unit_users(m.item.demand.unit_id for m in rows)
    for m in rows:
        item, demand = m.item, m.item.demand
        overdue = m.due_on < today
        recipients = tuple(
            sorted(set(unit_users.get(demand.unit_id, ()) + ((demand.handler_id,) if demand.handler_id else ())))
        )
        yield Reminder(
            item,
            recipients,
            f"rectification:milestone:{m.pk}:{m.due_on}:{'overdue' if overdue else 'soon'}",
            f"整改节点{'已逾期' if overdue else '即将到期'}：{demand.serial}第{item.number}项“{m.title}”（{m.due_on:%Y-%m-%d}）",
            reverse("rectification:item", args=[item.pk]),
        )
