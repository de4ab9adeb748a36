"""Reads of the responsibility module that pages, to-dos and other modules share — always through `access`."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from paizhu import access
from paizhu.core.calendar import shanghai_today
from paizhu.core.todos import Todo

from .limits import RISK_REVIEW_NOTICE_DAYS
from .models import (
    YELLOW_DAYS,
    Appointment,
    DualReport,
    Filing,
    IntegrityOpinion,
    ListItem,
    ResponsibilityList,
    RiskPoint,
    Signature,
)

TODO_LIMIT = 20


def lists(user, action: str = "view") -> QuerySet[ResponsibilityList]:
    return access.scope(user, ResponsibilityList, action).select_related("unit", "person")


def with_signatures(qs: QuerySet[ResponsibilityList]) -> QuerySet[ResponsibilityList]:
    return qs.prefetch_related(Prefetch("signatures", queryset=Signature.objects.order_by("revision", "step")))


def awaiting_my_signature(user) -> QuerySet[ResponsibilityList]:
    """Lists whose next signature is the user's: their step is open and no earlier step of the revision is."""
    mine = Signature.objects.filter(
        responsibility_list=OuterRef("pk"),
        revision=OuterRef("revision"),
        void=False,
        signed_at__isnull=True,
        signer_id=user.pk,
    )
    earlier = Signature.objects.filter(
        responsibility_list=OuterRef("responsibility_list"),
        revision=OuterRef("revision"),
        void=False,
        signed_at__isnull=True,
        step__lt=OuterRef("step"),
    )
    mine = mine.filter(~Exists(earlier))
    return lists(user, "act").filter(Exists(mine), status=ResponsibilityList.Status.SIGNING)


def sign_todos(user) -> list[Todo]:
    return [
        Todo(
            kind="签字背书",
            title=f"{r.unit.name}：{r.title}（第{r.revision}版）",
            url=reverse("responsibility:list", args=[r.pk]),
        )
        for r in awaiting_my_signature(user).order_by("year", "id")[:TODO_LIMIT]
    ]


def open_lists(user, action: str = "view") -> QuerySet[ResponsibilityList]:
    """This year's lists not yet signed: the unit's to draft or send for signing, the group's to watch."""
    return lists(user, action).filter(year=shanghai_today().year).exclude(status=ResponsibilityList.Status.SIGNED)


def _open_todos(user, action: str) -> list[Todo]:
    rows = with_signatures(open_lists(user, action)).order_by("unit_id", "level", "id")[:TODO_LIMIT]
    todos = []
    for r in rows:
        if r.status == ResponsibilityList.Status.SIGNING:
            waiting = [s for s in r.signatures.all() if s.revision == r.revision and not s.void and not s.signed_at]
            words = f"待{waiting[0].get_step_display()}{waiting[0].signer_name}签字" if waiting else "签字中"
        else:
            words = "编制中，尚未提交签字背书"
        todos.append(
            Todo(
                kind="主体责任清单",
                title=f"{r.unit.name}：{r.title} · {words}",
                url=reverse("responsibility:list", args=[r.pk]),
            )
        )
    return todos


def unit_open_todos(user) -> list[Todo]:
    return _open_todos(user, "act")


def group_open_todos(user) -> list[Todo]:
    return _open_todos(user, "view")


def due_items(user) -> QuerySet[ListItem]:
    """The unit's duties of this year's lists overdue or within YELLOW_DAYS and not done (黄/红)."""
    today = shanghai_today()
    horizon = today + datetime.timedelta(days=YELLOW_DAYS)  # calendar days: a yellow light, not a legal limit
    return (
        access.scope(user, ListItem, "act")
        .filter(kind=ListItem.Kind.DUTY, done_on__isnull=True, due_on__lte=horizon)
        .filter(responsibility_list__year=today.year)
        .select_related("responsibility_list__unit", "responsibility_list__person")
    )


def due_item_todos(user) -> list[Todo]:
    return [
        Todo(
            kind="清单事项",
            title=f"{item.responsibility_list.title}：{item.task[:40]}",
            url=reverse("responsibility:list", args=[item.responsibility_list_id]),
            due=item.due_on,
        )
        for item in due_items(user).order_by("due_on", "id")[:TODO_LIMIT]
    ]


# --- 三重一大 filings ---


def filings(user, action: str = "view") -> QuerySet[Filing]:
    return access.scope(user, Filing, action).select_related("unit", "group")


def filings_of(user, unit, on: datetime.date | None = None) -> QuerySet[Filing]:
    """The 三重一大 filings of `unit` that `user` may see, for the meeting held (or planned) on `on` if given.

    For the supervision module: a decision found at a meeting of that day without a filing here is a finding.
    Matches either the planned meeting day or the day it was actually held.
    """
    qs = filings(user).filter(unit=unit)
    if on is not None:
        qs = qs.filter(Q(meeting_on=on) | Q(held_on=on))
    return qs


def filings_to_answer(user) -> QuerySet[Filing]:
    return filings(user, "review").filter(status=Filing.Status.FILED)


def filings_to_check(user) -> QuerySet[Filing]:
    return filings(user, "review").filter(status=Filing.Status.HELD)


def minutes_due(user) -> QuerySet[Filing]:
    """The unit's filings whose meeting day has come and whose minutes are not reported yet."""
    return filings(user, "act").filter(
        status__in=(Filing.Status.FILED, Filing.Status.ANSWERED), meeting_on__lte=shanghai_today()
    )


def _filing_todos(qs: QuerySet[Filing], kind: str, *, dated: bool = True) -> list[Todo]:
    return [
        Todo(
            kind=kind,
            title=f"{f.unit.name}：{f.title}{'（逾期报备）' if f.is_late else ''}",
            url=reverse("responsibility:filing", args=[f.pk]),
            due=f.meeting_on if dated else None,  # the meeting day: answer before it, minutes from it
            serial=f.serial,
        )
        for f in qs.order_by("meeting_on", "id")[:TODO_LIMIT]
    ]


def answer_todos(user) -> list[Todo]:
    return _filing_todos(filings_to_answer(user), "“三重一大”报备")


def check_todos(user) -> list[Todo]:
    return _filing_todos(filings_to_check(user), "会后督查", dated=False)


def minutes_todos(user) -> list[Todo]:
    return _filing_todos(minutes_due(user), "报送会议纪要")


# --- 双报告 ---


def reports_to_review(user) -> QuerySet[DualReport]:
    return access.scope(user, DualReport, "review").filter(status=DualReport.Status.SUBMITTED).select_related("unit")


def report_drafts(user) -> QuerySet[DualReport]:
    return access.scope(user, DualReport, "act").filter(status=DualReport.Status.DRAFT).select_related("unit")


def _report_todos(qs: QuerySet[DualReport], kind: str, *, dated: bool) -> list[Todo]:
    return [
        Todo(
            kind=kind,
            title=f"{r.unit.name}：{r.title}{'（逾期报送）' if r.is_late else ''}",
            url=reverse("responsibility:report", args=[r.pk]),
            due=r.due_on if dated else None,
        )
        for r in qs.order_by("due_on", "id")[:TODO_LIMIT]
    ]


def report_todos(user) -> list[Todo]:
    return _report_todos(reports_to_review(user), "双报告", dated=False)


def draft_report_todos(user) -> list[Todo]:
    return _report_todos(report_drafts(user), "双报告", dated=True)


# --- 干部选任 and 党风廉政意见 ---


def appointments(user, action: str = "view") -> QuerySet[Appointment]:
    return access.scope(user, Appointment, action).select_related("unit", "candidate", "opinion")


def opinions_to_answer(user) -> QuerySet[IntegrityOpinion]:
    return (
        access.scope(user, IntegrityOpinion, "review")
        .filter(status=IntegrityOpinion.Status.REQUESTED)
        .select_related("appointment__unit", "appointment__candidate")
    )


def flagged_appointments(user) -> QuerySet[Appointment]:
    """Selections with a procedure flag (程序空转) the group has not checked yet."""
    return appointments(user, "review").filter(flags_open=True)


def opinion_todos(user) -> list[Todo]:
    return [
        Todo(
            kind="党风廉政意见",
            title=f"{o.appointment.unit.name}：{o.appointment.title}",
            url=reverse("responsibility:appointment", args=[o.appointment_id]),
            due=o.due_on,
            serial=o.appointment.serial,
        )
        for o in opinions_to_answer(user).order_by("due_on", "id")[:TODO_LIMIT]
    ]


def flagged_todos(user) -> list[Todo]:
    return [
        Todo(
            kind="程序空转",
            title=f"{a.unit.name}：{a.title} · {a.flags[-1]['text'] if a.flags else ''}"[:120],
            url=reverse("responsibility:appointment", args=[a.pk]),
            serial=a.serial,
        )
        for a in flagged_appointments(user).order_by("created_on", "id")[:TODO_LIMIT]
    ]


# --- 廉政风险防控 ---


def risks(user, action: str = "view") -> QuerySet[RiskPoint]:
    return access.scope(user, RiskPoint, action).select_related("unit", "owner", "leader")


def risks_due(user) -> QuerySet[RiskPoint]:
    """The unit's risk points in use whose review date is within RISK_REVIEW_NOTICE_DAYS or past."""
    horizon = shanghai_today() + datetime.timedelta(days=RISK_REVIEW_NOTICE_DAYS)  # a notice, not a legal limit
    return risks(user, "act").filter(status=RiskPoint.Status.ACTIVE, review_on__lte=horizon)


def risk_todos(user) -> list[Todo]:
    return [
        Todo(
            kind="廉政风险点复核",
            title=f"{r.department} {r.post}：{r.power_item}（风险等级{r.get_level_display()}）"[:120],
            url=reverse("responsibility:risk", args=[r.pk]),
            due=r.review_on,
        )
        for r in risks_due(user).order_by("review_on", "id")[:TODO_LIMIT]
    ]


def risk_map(user, unit_ids: list[int] | None = None) -> dict:
    """Counts of the risk points in use that `user` may see, by unit × level, and by category × level and
    department × level (one unit's map), with the reviews past their date; one aggregate query."""
    qs = access.scope(user, RiskPoint).filter(status=RiskPoint.Status.ACTIVE)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    today = shanghai_today()
    rows = qs.values("unit_id", "category", "department", "level").annotate(
        n=Count("id"), overdue=Count("id", filter=Q(review_on__lt=today))
    )
    levels = RiskPoint.Level.values
    by_unit: dict[int, dict] = {}
    by_category: dict[str, dict] = {c: dict.fromkeys(levels, 0) for c in RiskPoint.Category.values}
    by_department: dict[str, dict] = {}
    for row in rows:
        unit = by_unit.setdefault(row["unit_id"], {**dict.fromkeys(levels, 0), "total": 0, "overdue": 0})
        unit[row["level"]] += row["n"]
        unit["total"] += row["n"]
        unit["overdue"] += row["overdue"]
        by_category[row["category"]][row["level"]] += row["n"]
        by_department.setdefault(row["department"], dict.fromkeys(levels, 0))[row["level"]] += row["n"]
    return {"by_unit": by_unit, "by_category": by_category, "by_department": dict(sorted(by_department.items()))}
