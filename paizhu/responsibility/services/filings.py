"""三重一大事项报备: the unit files before the meeting, the group answers (列席 or not, its opinion), the unit reports
the minutes, the group checks the decision afterwards. Each step one transaction with its timeline row and audit entry.

A filing is due `LIMITS["filing_ahead"]` working days before the meeting (1 by default, `core.calendar`); one made
later is kept and flagged (`is_late`). A use of funds is filed at or above the 大额资金标准 (`FundsThreshold`).
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from paizhu import access
from paizhu.accounts.staff import group_staff
from paizhu.audit.services import record
from paizhu.core import calendar
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.org.models import Coverage, Unit
from paizhu.workflow import attachments, reminders, timeline
from paizhu.workflow.attachments import Upload
from paizhu.workflow.transitions import Event, transition

from ..limits import DEFAULT_FUNDS_THRESHOLD, LIMITS
from ..models import Filing, FundsThreshold
from .lists import _text, may_write_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

Category = Filing.Category
REVIEW = "review"


def funds_threshold() -> Decimal:
    current = FundsThreshold.current()
    return current.amount if current is not None else DEFAULT_FUNDS_THRESHOLD


def set_funds_threshold(actor: "Actor", *, amount: Decimal, reason: str) -> FundsThreshold:
    """调整大额资金标准 (系统管理员, on the commission's authority): a new version, never an edit."""
    if amount is None or amount <= 0:
        raise DomainError("请填写大于零的金额。", field="amount")
    reason = _text(reason, "调整依据", "reason", required=True, limit=200)
    with transaction.atomic():
        row = FundsThreshold.objects.create(amount=amount, reason=reason, changed_by=actor)
        record(actor, "responsibility.threshold_changed", row, {"amount": str(amount), "reason": reason})
    return row


def filing_deadline(meeting_on: datetime.date) -> datetime.date:
    """The last day to file for a meeting: `filing_ahead` working days before it."""
    ahead, unit, _ = LIMITS.limit("filing_ahead")
    if unit == "workdays":
        return calendar.add_workdays(meeting_on, -ahead)
    return meeting_on - datetime.timedelta(days=ahead)


def _covering_group_id(unit: Unit, day: datetime.date) -> int | None:
    row = Coverage.objects.filter(unit=unit, valid_from__lte=day).exclude(valid_to__lt=day).order_by("-valid_from")
    return row.values_list("group_id", flat=True).first()


def file_matter(
    actor: "Actor",
    *,
    unit: Unit,
    category: str,
    title: str,
    agenda: str,
    meeting_kind: str,
    meeting_on: datetime.date,
    amount: Decimal | None = None,
    uploads: Sequence[Upload] = (),
    on: datetime.date | None = None,
) -> Filing:
    """报备 a 三重一大 matter with its agenda (the agenda's papers as files); `on` is the day of filing (today)."""
    if not may_write_for(actor, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以报备本单位的“三重一大”事项。", model=Unit, pk=unit.pk)
    today = shanghai_today()
    on = on or today
    if on > today:
        raise DomainError("报备日期不能晚于今天。", field="filed_on")
    if category not in Category.values:
        raise DomainError("请选择事项类别。", field="category")
    if meeting_kind not in Filing.Meeting.values:
        raise DomainError("请选择会议类型。", field="meeting_kind")
    title = _text(title, "事项名称", "title", required=True, limit=200)
    agenda = _text(agenda, "会议议题及议程", "agenda", required=True)
    if meeting_on is None:
        raise DomainError("请填写“会议日期”。", field="meeting_on")
    if meeting_on < on:
        raise DomainError("会议日期不能早于报备日期：“三重一大”事项应在会前报备。", field="meeting_on")
    if amount is not None and amount < 0:
        raise DomainError("金额不能为负数。", field="amount")
    if category == Category.FUNDS:
        threshold = funds_threshold()
        if amount is None:
            raise DomainError("大额度资金使用须填写涉及金额。", field="amount")
        if amount < threshold:
            raise DomainError(
                f"未达到大额资金报备标准（{threshold:,.0f}元及以上），按本单位内部规定办理。", field="amount"
            )
    deadline = filing_deadline(meeting_on)
    with attachments.files_removed_on_failure() as written, transaction.atomic():
        filing = Filing.objects.create(
            serial=next_serial("BB", on.year),
            unit=unit,
            group_id=_covering_group_id(unit, on),
            category=category,
            title=title,
            agenda=agenda,
            meeting_kind=meeting_kind,
            meeting_on=meeting_on,
            amount=amount,
            filed_on=on,
            deadline=deadline,
            is_late=on > deadline,
            filed_by=actor,
        )
        attachments.store(actor, filing, uploads, label="会议议题材料", written=written)
        late = "（逾期报备）" if filing.is_late else ""
        timeline.write(actor, filing, "responsibility.filing_filed", f"报备{filing.get_category_display()}事项{late}")
        record(
            actor,
            "responsibility.filing_filed",
            filing,
            {"serial": filing.serial, "meeting_on": meeting_on.isoformat(), "late": filing.is_late},
        )
    return filing


def answer(
    actor: "Actor", filing: Filing, *, version: int | None, attend: bool, attendees: str = "", opinion: str = ""
) -> Filing:
    """派驻组回复: whether it attends the meeting (列席, and who) and its opinion on the matter."""
    attendees = _text(attendees, "列席人员", "attendees", required=attend, limit=200)
    opinion = _text(opinion, "派驻组意见", "opinion", required=not attend)
    words = f"列席会议（{attendees}）" if attend else "不列席会议"
    return transition(
        actor,
        filing,
        "answer",
        version=version,
        action=REVIEW,
        what="回复",
        args=(attend, attendees if attend else "", opinion),
        event=Event("responsibility.filing_answered", f"派驻组回复：{words}", opinion, {"attend": attend}),
    )


def report_minutes(
    actor: "Actor",
    filing: Filing,
    *,
    version: int | None,
    held_on: datetime.date,
    decision: str,
    uploads: Sequence[Upload],
) -> Filing:
    """会后报送: the day the meeting was held, what it decided, and its minutes (会议纪要) as files."""
    decision = _text(decision, "会议决定情况", "decision", required=True)
    if not uploads:
        raise DomainError("请上传会议纪要。", field="uploads")
    if held_on is None:
        raise DomainError("请填写“实际召开日期”。", field="held_on")
    if held_on > shanghai_today():
        raise DomainError("实际召开日期不能晚于今天。", field="held_on")

    def check(locked: Filing) -> None:
        if held_on < locked.filed_on:
            raise DomainError("实际召开日期不能早于报备日期。", field="held_on")

    with attachments.files_removed_on_failure() as written:

        def event(moved: Filing) -> Event:
            attachments.store(actor, moved, uploads, label="会议纪要", written=written)
            return Event("responsibility.filing_held", "报送会议纪要", decision, {"held_on": held_on.isoformat()})

        return transition(
            actor,
            filing,
            "hold",
            version=version,
            what="报送会议纪要",
            check=check,
            args=(held_on, decision),
            event=event,
        )


def conclude(
    actor: "Actor", filing: Filing, *, version: int | None, collective: bool, last_speaker: bool, opinion: str
) -> Filing:
    """会后督查: the group checks the decision was taken collectively and the main leader spoke last (末位表态)."""
    opinion = _text(opinion, "会后督查意见", "opinion", required=not (collective and last_speaker))
    found = []
    if not collective:
        found.append("未经集体研究决定")
    if not last_speaker:
        found.append("主要负责人未末位表态")
    title = "会后督查：" + ("、".join(found) if found else "集体决策、末位表态符合规定")
    return transition(
        actor,
        filing,
        "conclude",
        version=version,
        action=REVIEW,
        what="会后督查",
        args=(collective, last_speaker, opinion),
        event=Event(
            "responsibility.filing_checked",
            title,
            opinion,
            {"collective": collective, "last_speaker": last_speaker},
        ),
    )


def filing_reminders(today: datetime.date, horizon: datetime.date) -> Iterable[reminders.Reminder]:
    """The covering group's staff: a filing to answer before its meeting; the unit's minutes due once it is held."""
    waiting = Filing.objects.filter(status=Filing.Status.FILED, meeting_on__gte=today, meeting_on__lte=horizon)
    for filing in waiting.exclude(group__isnull=True).select_related("unit"):
        if filing.group_id is None:
            continue
        staff = tuple(group_staff(filing.group_id).values_list("pk", flat=True))
        if staff:
            yield reminders.Reminder(
                filing,
                staff,
                f"filing:{filing.pk}:answer",
                f"“三重一大”报备待回复：{filing.unit.name}{filing.meeting_on:%m月%d日}会议 {filing.title}"[:200],
                reverse("responsibility:filing", args=[filing.pk]),
            )


def may_review(user: "Actor", filing: Filing) -> bool:
    return access.may(user, REVIEW, filing)
