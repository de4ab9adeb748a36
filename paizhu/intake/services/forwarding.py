"""Reports the platform must not hold (higher-managed cadres, the commission's own leaders): only a forwarding record."""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core import search
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import GROUP_ROLES
from paizhu.workflow.attachments import remove_files

from .. import limits
from ..models import ForwardingRecord, Report
from ._common import REGISTERING_ROLES, _not_before, _require_petition_office

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@transaction.atomic
def record_forwarding(
    actor: "Actor",
    *,
    received_on: datetime.date,
    reason: str,
    forwarded_to: str,
    forwarded_on: datetime.date | None = None,
) -> ForwardingRecord:
    """The only trace of a report the platform must not hold: no content, no names."""
    if actor.acting_role not in REGISTERING_ROLES:
        raise PermissionDenied("只有信访室和派驻组工作人员可以登记转送记录。")
    if reason not in ForwardingRecord.Reason.values:
        raise DomainError("请选择转送原因。", field="reason")
    if not forwarded_to.strip():
        raise DomainError("请填写转送机关。", field="forwarded_to")
    if received_on is None:
        raise DomainError("请填写收到日期。", field="received_on")
    if received_on > shanghai_today():
        raise DomainError("收到日期不能晚于今天。", field="received_on")
    if forwarded_on is not None:
        _not_before(forwarded_on, received_on, "forwarded_on", f"转送日期不能早于收到日期（{received_on:%Y-%m-%d}）。")
    forwarding = ForwardingRecord.objects.create(
        received_on=received_on,
        reason=reason,
        forwarded_to=forwarded_to.strip(),
        due_on=limits.LIMITS.due("forward", received_on),
        forwarded_on=forwarded_on,
        forwarded_by=actor,
        group_id=actor.require_grant().group_id if actor.acting_role in GROUP_ROLES else None,
    )
    record(actor, "forwarding.recorded", forwarding, {"reason": reason, "to": forwarding.forwarded_to})
    return forwarding


@transaction.atomic
def forward_report(actor: "Actor", report: Report, *, reason: str, forwarded_to: str) -> ForwardingRecord:
    """A report already received (e.g. online) turns out to concern higher-managed cadres or our leaders.

    Its content is removed from the platform; what remains is the forwarding record, which keeps the
    receipt so the reporter learns where it went.
    """
    _require_petition_office(actor, report)
    if report.repeats.exists() or report.clue_links.exists():
        raise DomainError("该举报已有重复件或已转为问题线索，不能整件转送，请报请委领导处理。")
    forwarding = record_forwarding(
        actor, received_on=report.received_on, reason=reason, forwarded_to=forwarded_to, forwarded_on=shanghai_today()
    )
    forwarding.receipt_prefix, forwarding.receipt_hash = report.receipt_prefix, report.receipt_hash
    forwarding.save(update_fields=["receipt_prefix", "receipt_hash"])
    serial = report.serial
    files = [a.file.name for a in report.attachments.all() if a.file]
    search.remove(report)
    report.delete()
    # The content must leave the platform, the encrypted attachment files on disk included.
    transaction.on_commit(lambda: remove_files(files))
    record(actor, "report.forwarded", ("intake.report", serial), {"forwarding": forwarding.pk, "to": forwarded_to})
    return forwarding
