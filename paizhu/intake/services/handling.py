"""Handling a routed report: the handler, acceptance, closing, transfer out, the extension of an assigned matter,
and telling the reporter."""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.access.recusal import is_conflicted
from paizhu.access.services import block
from paizhu.accounts import staff
from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.workflow.transitions import Event, commit, transition

from .. import limits
from ..models import Feedback, Kind, Office, Report
from ._common import _not_before, _open

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def assign_handler(actor: "Actor", report: Report, handler: "Actor", *, version: int | None = None) -> Report:
    """Appoint the handling officer (the one person who may see the reporter's identity)."""
    if actor.acting_role not in {Role.PETITION_OFFICE, Role.GROUP_LEADER}:
        raise PermissionDenied("只有信访室或组长可以指定承办人。")
    report = access.get_for_act(actor, Report, report.pk)
    subject_ids = set(report.subjects.values_list("pk", flat=True))
    if is_conflicted(handler, report, unit_id=report.unit_id, subject_ids=subject_ids):
        # Outside the transaction: the refusal is audited even though nothing changes.
        block(actor, report, handler, "与被反映人或涉及单位存在回避关系")
    with transaction.atomic():
        report = access.lock_for_act(actor, Report, report.pk, version=version)
        _open(report)
        if not _works_for(handler, report):
            raise DomainError(f"{handler}不是{report.handled_by}的工作人员。", field="handler")
        report.handler = handler
        event = Event("report.handler_assigned", "指定承办人", str(handler), {"handler": handler.pk})
        return commit(actor, report, event, before=report.stage)


def _works_for(user: "Actor", report: Report) -> bool:
    roles = GROUP_ROLES if report.group_id else {report.office or Office.PETITION}
    return staff.holding(roles, group_id=report.group_id).filter(pk=user.pk).exists()


def accept_report(
    actor: "Actor", report: Report, *, accepted_on: datetime.date | None = None, version: int | None = None
) -> Report:
    accepted_on = accepted_on or shanghai_today()

    def check(locked: Report) -> None:
        if locked.stage == Report.Stage.REGISTERED and not locked.is_routed():
            raise DomainError("请先确认分办，再受理。")
        _not_before(accepted_on, locked.received_on, "accepted_on", "受理日期不能早于收到日期。")

    event = Event("report.accepted", "受理", details={"accepted_on": accepted_on})
    return transition(
        actor, report, "accept", version=version, what="受理", args=(accepted_on,), check=check, event=event
    )


def close_report(
    actor: "Actor", report: Report, *, result: str, closed_on: datetime.date | None = None, version: int | None = None
) -> Report:
    result = result.strip()
    if not result:
        raise DomainError("请填写办理结果。", field="result")
    closed_on = closed_on or shanghai_today()

    def check(locked: Report) -> None:
        if locked.stage == Report.Stage.REGISTERED:
            raise DomainError("请先受理，再办结。")
        _not_before(closed_on, locked.accepted_on, "closed_on", "办结日期不能早于受理日期。")

    # Whether the reporter is owed a result notice does not change while the report is handled.
    result_due = limits.due("result_notice", closed_on) if report.is_real_name else None
    event = Event("report.closed", "办结", result, {"closed_on": closed_on})
    args = (closed_on, result, result_due)
    return transition(actor, report, "close", version=version, what="办结", args=args, check=check, event=event)


def transfer_out(
    actor: "Actor", report: Report, *, to_agency: str, note: str = "", version: int | None = None
) -> Report:
    """业务范围外: transferred to the competent agency, with a record."""
    to_agency = to_agency.strip()
    if not to_agency:
        raise DomainError("请填写转往的机关。", field="to_agency")
    event = Event(
        "report.transferred", "转有关机关", f"转{to_agency}" + (f"；{note}" if note else ""), {"to": to_agency}
    )
    args = (to_agency, shanghai_today(), Kind.OUT_OF_SCOPE)
    return transition(actor, report, "transfer", version=version, what="转有关机关", args=args, event=event)


@transaction.atomic
def extend_close_due(actor: "Actor", report: Report, *, reason: str, version: int | None = None) -> Report:
    """交办件: 3 months, once extendable by 3 with the commission leader's approval; further only by the higher body."""
    if actor.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied("交办件延期须经委领导批准。")
    # The leader's approval of an extension, not a handling step: over what the leader may see.
    report = access.lock_for_act(actor, Report, report.pk, version=version, action="view")
    _open(report)
    if report.close_due is None:
        raise DomainError("只有上级交办件有办结期限。")
    if report.close_extended:
        raise DomainError("交办件已延期一次，再次延期须报上级机关批准。")
    if not reason.strip():
        raise DomainError("请填写延期理由。", field="reason")
    report.close_due = limits.LIMITS.due("assigned_extension", report.close_due)
    report.close_extended = True
    text = f"办结期限延至{report.close_due:%Y-%m-%d}；{reason.strip()}"
    event = Event("report.deadline_extended", "批准延期", text, {"due": report.close_due, "reason": reason.strip()})
    return commit(actor, report, event, before=report.stage)


@transaction.atomic
def give_feedback(
    actor: "Actor",
    report: Report,
    *,
    notice: str,
    method: str,
    given_on: datetime.date,
    note: str = "",
    objection: str = "",
) -> Feedback:
    """Record how the reporter was told (acceptance or result) and any objection or new evidence."""
    report = access.lock_for_act(actor, Report, report.pk)
    if notice not in Feedback.Notice.values:
        raise DomainError("请选择告知事项。", field="notice")
    if method not in Feedback.Method.values:
        raise DomainError("请选择告知方式。", field="method")
    if notice == Feedback.Notice.RESULT and report.stage != Report.Stage.CLOSED:
        raise DomainError("办结后才能反馈办理结果。", field="notice")
    if given_on > shanghai_today():
        raise DomainError("告知日期不能晚于今天。", field="given_on")
    if notice == Feedback.Notice.ACCEPTANCE and given_on < report.received_on:
        raise DomainError("告知日期不能早于收到日期。", field="given_on")
    if notice == Feedback.Notice.RESULT and report.closed_on is not None and given_on < report.closed_on:
        raise DomainError("反馈日期不能早于办结日期。", field="given_on")
    feedback = Feedback.objects.create(
        report=report,
        notice=notice,
        method=method,
        given_on=given_on,
        note=note.strip(),
        objection=objection.strip(),
        given_by=actor,
    )
    if notice == Feedback.Notice.ACCEPTANCE:
        report.acceptance_notified_on = report.acceptance_notified_on or given_on
    else:
        report.result_notified_on = report.result_notified_on or given_on
    event = Event(
        "report.feedback_given",
        feedback.get_notice_display(),
        f"{feedback.get_method_display()}，{given_on:%Y-%m-%d}"
        + (f"；举报人异议：{feedback.objection}" if objection else ""),
        {"notice": notice, "method": method, "given_on": given_on},
    )
    commit(actor, report, event, before=report.stage)
    if feedback.objection:
        record(actor, "report.objection_recorded", report, {"feedback": feedback.pk})
    return feedback
