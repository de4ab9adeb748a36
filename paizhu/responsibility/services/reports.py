"""双报告: the unit drafts its report from the lists' progress and the 履责记实, edits and submits it by the
period's deadline (late ones flagged); the group reads and comments. Each step one transaction, audited."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from paizhu.audit.services import record
from paizhu.core import calendar
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.org.models import Unit
from paizhu.workflow import timeline
from paizhu.workflow.transitions import Event, transition

from ..limits import REPORT_DUE
from ..models import Activity, DualReport, ListItem, ResponsibilityList
from .lists import _text, may_write_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

Period = DualReport.Period


def report_due(period: str, year: int) -> datetime.date:
    """The deadline of a period's report: the configured day, moved to the next working day when it is a rest day."""
    month, day, later = {**REPORT_DUE, **getattr(settings, "PAIZHU_RESPONSIBILITY_REPORT_DUE", {})}[period]
    due = datetime.date(year + later, month, day)
    try:
        return due if calendar.is_workday(due) else calendar.add_workdays(due, 1)
    except calendar.CalendarYearUnknown:  # next year's holidays not published yet: the configured day stands
        return due


def period_span(period: str, year: int) -> tuple[datetime.date, datetime.date]:
    end = datetime.date(year, 6, 30) if period == Period.FIRST_HALF else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), end


def compose(unit: Unit, year: int, period: str) -> str:
    """The draft: each list's progress (done, on time, overdue) and the 履责记实 of the period, by kind."""
    start, end = period_span(period, year)
    today = min(shanghai_today(), end)
    lines = [f"一、主体责任清单落实情况（截至{today:%Y年%m月%d日}）"]
    lists = ResponsibilityList.objects.filter(unit=unit, year=year).select_related("person").prefetch_related("items")
    for rlist in lists.order_by("level", "id"):
        duties = [i for i in rlist.items.all() if i.kind == ListItem.Kind.DUTY]
        done = sum(1 for i in duties if i.done_on and i.done_on <= end)
        overdue = [i for i in duties if not (i.done_on and i.done_on <= end) and i.due_on and i.due_on <= today]
        signed = "已签字背书" if rlist.status == ResponsibilityList.Status.SIGNED else rlist.get_status_display()
        lines.append(
            f"{rlist.title}（{signed}）：履责事项{len(duties)}项，已完成{done}项，逾期未完成{len(overdue)}项。"
        )
        lines += [f"  逾期未完成：{i.task}（时限{i.due_on:%Y-%m-%d}）" for i in overdue]
    if len(lines) == 1:
        lines.append("本年度尚未建立主体责任清单。")
    lines.append("二、履责记实")
    activities = Activity.objects.filter(unit=unit, occurred_on__range=(start, end)).order_by("occurred_on", "id")
    lines += [f"{a.occurred_on:%m月%d日}，{a.title}（{a.get_kind_display()}）。" for a in activities] or [
        "本期未记录履责工作。"
    ]
    lines += ["三、存在的问题和不足", "（请结合实际填写）", "四、下一步工作打算", "（请结合实际填写）"]
    return "\n".join(lines)


def draft_report(actor: "Actor", *, unit: Unit, year: int, period: str) -> DualReport:
    """起草: a new report of the period, its body drafted from the lists and the log (the unit edits it after)."""
    if not may_write_for(actor, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以起草本单位的报告。", model=Unit, pk=unit.pk)
    if period not in Period.values:
        raise DomainError("请选择报告期。", field="period")
    if not 2000 <= year <= shanghai_today().year:
        raise DomainError("年度不正确。", field="year")
    with transaction.atomic():
        if DualReport.objects.filter(unit=unit, year=year, period=period).exists():
            raise DomainError("本单位该报告期的报告已经起草。", field="period")
        report = DualReport.objects.create(
            unit=unit,
            year=year,
            period=period,
            body=compose(unit, year, period),
            due_on=report_due(period, year),
            drafted_by=actor,
        )
        timeline.write(actor, report, "responsibility.report_drafted", "起草报告（依据清单进度和履责记实生成初稿）")
        record(actor, "responsibility.report_drafted", report, {"year": year, "period": period})
    return report


def edit_report(actor: "Actor", report: DualReport, *, version: int | None, body: str) -> DualReport:
    body = _text(body, "报告正文", "body", required=True, limit=20000)
    return transition(
        actor,
        report,
        "rewrite",
        version=version,
        what="修改",
        args=(body,),
        event=Event("responsibility.report_edited", "修改报告"),
    )


def submit_report(
    actor: "Actor", report: DualReport, *, version: int | None, on: datetime.date | None = None
) -> DualReport:
    """报送 to the higher party committee and the commission; after the deadline it is flagged late."""
    on = on or shanghai_today()
    if on > shanghai_today():
        raise DomainError("报送日期不能晚于今天。", field="submitted_on")

    def event(moved: DualReport) -> Event:
        late = "（逾期报送）" if moved.is_late else ""
        return Event("responsibility.report_submitted", f"报送报告{late}", details={"late": moved.is_late})

    return transition(actor, report, "submit", version=version, what="报送", args=(on,), event=event)


def comment_report(actor: "Actor", report: DualReport, *, version: int | None, comment: str) -> DualReport:
    """派驻组审阅: the group's comments on the report."""
    comment = _text(comment, "审阅意见", "comment", required=True)
    return transition(
        actor,
        report,
        "review",
        version=version,
        action="review",
        what="审阅",
        args=(comment,),
        event=Event("responsibility.report_reviewed", "派驻组审阅报告", comment),
    )


def missing(units: list[Unit], today: datetime.date | None = None) -> list[tuple[Unit, int, str, datetime.date]]:
    """逾期未报: (unit, year, period, deadline) of the reports due in the current year (last year's annual report,
    this year's) whose deadline has passed and that were not submitted. `units` are those the reader may see."""
    today = today or shanghai_today()
    submitted = set(
        DualReport.objects.filter(unit__in=units, year__gte=today.year - 1)
        .exclude(status=DualReport.Status.DRAFT)
        .values_list("unit_id", "year", "period")
    )
    rows: list[tuple[Unit, int, str, datetime.date]] = []
    due_in_year: tuple[tuple[int, str], ...] = (
        (today.year - 1, Period.ANNUAL.value),
        (today.year, Period.FIRST_HALF.value),
        (today.year, Period.ANNUAL.value),
    )
    for year, period in due_in_year:
        due = report_due(period, year)
        if due >= today:
            continue
        rows += [(unit, year, period, due) for unit in units if (unit.pk, year, period) not in submitted]
    return rows
