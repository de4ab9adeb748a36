"""Reads the pages share, always scoped through `access`."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from paizhu import access
from paizhu.core.calendar import shanghai_today
from paizhu.core.params import BadRequest, id_param
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES, Role
from paizhu.core.todos import Todo

from .models import Demand, DemandKind, Item, Milestone
from .workflows import NOT_CLOSED, DemandStatus, ItemStatus

SUPERVISOR_ROLES = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT}) | GROUP_ROLES


@dataclass(frozen=True)
class Filters:
    status: str = ""
    kind: str = ""
    unit: int | None = None
    overdue: bool = False

    @classmethod
    def from_params(cls, params) -> "Filters":
        status, kind = params.get("status", ""), params.get("kind", "")
        if status and status not in DemandStatus.values:
            raise BadRequest("状态参数无效。")
        if kind and kind not in DemandKind.values:
            raise BadRequest("文书种类参数无效。")
        return cls(status, kind, id_param(params, "unit"), params.get("overdue") == "1")

    def as_params(self) -> dict:
        return {"status": self.status, "kind": self.kind, "unit": self.unit, "overdue": self.overdue}


def overdue_items(today: datetime.date | None = None) -> Q:
    return Q(status__in=NOT_CLOSED, due_on__lt=today or shanghai_today(), demand__status=DemandStatus.ISSUED)


def demands(user, filters: Filters) -> QuerySet:
    today = shanghai_today()
    qs = access.scope(user, Demand).select_related("unit", "group")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.overdue:
        qs = qs.filter(pk__in=Item.objects.filter(overdue_items(today)).values("demand_id"))
    return qs.annotate(
        item_count=Count("items", distinct=True),
        open_count=Count("items", filter=Q(items__status__in=NOT_CLOSED), distinct=True),
        overdue_count=Count(
            "items",
            filter=Q(items__status__in=NOT_CLOSED, items__due_on__lt=today, status=DemandStatus.ISSUED),
            distinct=True,
        ),
    ).order_by("-id")


def unit_summary(user) -> list[dict]:
    """Open and overdue items per unit, over the demands the user may see (the group's and commission's pages)."""
    today = shanghai_today()
    rows = (
        access.scope(user, Item)
        .filter(demand__status=DemandStatus.ISSUED, status__in=NOT_CLOSED)
        .values("demand__unit_id", "demand__unit__name")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
        .order_by("-overdue", "-open", "demand__unit__name")
    )
    return [
        {"unit_id": r["demand__unit_id"], "unit": r["demand__unit__name"], "open": r["open"], "overdue": r["overdue"]}
        for r in rows
    ]


def for_detail(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "group", "handler", "source_type").prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("number")),
        "reports",
        "presses__item",
        "visits",
    )


def item_for_detail(qs: QuerySet) -> QuerySet:
    return qs.select_related("demand__unit", "demand__group").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")), "presses"
    )


# Codes of the timeline rows the unit sees: what was asked of it and what it did, never the group's internals.
UNIT_EVENTS = (
    "demand.document_issued",
    "demand.approved",
    "demand.reported",
    "demand.pressed",
    "demand.closed",
    "demand.visit_recorded",
    "item.answered",
    "item.planned",
    "item.milestone_done",
    "item.submitted",
    "item.accepted",
    "item.returned",
    "item.reopened",
)


def timeline(user, demand: Demand) -> list:
    events = demand.events.order_by("at", "id")
    if user.acting_role in UNIT_ROLES:
        events = events.filter(code__in=UNIT_EVENTS)
    return list(events)


# ---------------------------------------------------------------- the unit's own work


def unit_items(user) -> QuerySet:
    return (
        access.scope(user, Item, "answer")
        .filter(status__in=(ItemStatus.OPEN, ItemStatus.RETURNED, ItemStatus.PLANNED, ItemStatus.ANSWERED))
        .select_related("demand")
        .order_by("due_on", "id")
    )


def unit_todos(user) -> list[Todo]:
    rows = []
    for item in unit_items(user)[:20]:
        kind = {
            ItemStatus.OPEN: "待答复",
            ItemStatus.RETURNED: "退回重改",
            ItemStatus.PLANNED: "限期整改",
            ItemStatus.ANSWERED: "待签发整改报告",
        }[item.status]
        title = f"第{item.number}项：{item.requirement[:40]}"
        if item.status == ItemStatus.RETURNED and item.returned_reason:
            title += f"（退回理由：{item.returned_reason[:30]}）"
        rows.append(Todo(kind, title, reverse("rectification:item", args=[item.pk]), item.due_on, item.demand.serial))
    return rows


def report_ready(user) -> QuerySet:
    """Demands whose items all have an answer or a plan and some answer waits for the secretary's signature."""
    scoped = access.scope(user, Demand, "answer")
    waiting = Item.objects.filter(status__in=(ItemStatus.OPEN, ItemStatus.RETURNED)).values("demand_id")
    answered = Item.objects.filter(status=ItemStatus.ANSWERED).values("demand_id")
    return scoped.filter(pk__in=answered).exclude(pk__in=waiting).select_related("unit")


def report_todos(user) -> list[Todo]:
    return [
        Todo(
            "签发整改报告",
            d.title,
            reverse("rectification:detail", args=[d.pk]) + "#report",
            d.reply_due,
            d.serial,
        )
        for d in report_ready(user).order_by("reply_due", "id")[:20]
    ]


# ---------------------------------------------------------------- the group's and the commission's


def to_verify(user) -> QuerySet:
    return (
        access.scope(user, Item, "act")
        .filter(status=ItemStatus.SUBMITTED, demand__status=DemandStatus.ISSUED)
        .select_related("demand__unit")
        .order_by("submitted_on", "id")
    )


def verify_todos(user) -> list[Todo]:
    return [
        Todo(
            "待验收",
            f"{i.demand.unit.name} 第{i.number}项：{i.requirement[:40]}",
            reverse("rectification:item", args=[i.pk]),
            i.due_on,
            i.demand.serial,
        )
        for i in to_verify(user)[:20]
    ]


def overdue(user) -> QuerySet:
    return access.scope(user, Item).filter(overdue_items()).select_related("demand__unit").order_by("due_on", "id")


def overdue_todos(user) -> list[Todo]:
    return [
        Todo(
            "整改逾期",
            f"{i.demand.unit.name} 第{i.number}项：{i.requirement[:40]}",
            reverse("rectification:item", args=[i.pk]),
            i.due_on,
            i.demand.serial,
        )
        for i in overdue(user)[:20]
    ]


def status_counts(items) -> Counter:
    return Counter(i.status for i in items)
