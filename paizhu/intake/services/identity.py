"""The reporter's identity and materials: who may see them (the handler, or an approved, time-limited request)."""

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import Role

from ..models import IdentityRevealRequest, Report, ReportAttachment, ReportMessage

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass
class Identity:
    name: str = ""
    unit: str = ""
    contact: str = ""
    id_number: str = ""
    address: str = ""

    @property
    def empty(self) -> bool:
        return not any([self.name, self.unit, self.contact, self.id_number, self.address])


IDENTITY_REFUSAL = (
    "举报人身份、与举报人的往来留言和附件仅承办人可查看；如确需查看，请说明理由提出申请，经委领导批准后在有效期内查看。"
)


@dataclass(frozen=True)
class IdentityAccess:
    """Why a user may see the reporter's data of one report: as its handler, or under an approved request."""

    basis: str  # "handler" or "request"
    request: IdentityRevealRequest | None = None

    @property
    def audit(self) -> dict:
        """What every use records: on which basis, under which request (None for the handler)."""
        return {"basis": self.basis, "request": self.request.pk if self.request else None}

    @property
    def expires_at(self) -> datetime.datetime | None:
        return self.request.expires_at if self.request else None


def identity_access(actor: "Actor", report: Report, *, now: datetime.datetime | None = None) -> IdentityAccess | None:
    """The identity rule, for the identity itself, the messages (both directions) and the attachments.

    The handling officer; or a user whose request a 委领导 approved, until its expiry. Nobody else.
    The caller has obtained `report` through `access` (a user who may not see the report sees nothing).
    """
    if report.handler_id and report.handler_id == actor.pk:
        return IdentityAccess("handler")
    request = (
        IdentityRevealRequest.objects.filter(
            report=report,
            requested_by=actor,
            status=IdentityRevealRequest.Status.APPROVED,
            expires_at__gt=now or timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )
    return IdentityAccess("request", request) if request else None


def refused_identity(report: Report) -> PermissionDenied:
    """The refusal outside the identity rule (403: the user may see the report itself), naming the report
    so the request layer records the attempt (`access.denied`, action "identity")."""
    error = PermissionDenied(IDENTITY_REFUSAL)
    error.context = {"model": Report, "pk": report.pk, "action": "identity"}
    return error


def may_see_identity(actor: "Actor", report: Report, *, now: datetime.datetime | None = None) -> bool:
    """The handling officer, or someone a leader approved for this report, until the approval expires."""
    return identity_access(actor, report, now=now) is not None


class _Ask(enum.Enum):
    ASK = "ask"  # "not computed yet": identity_access may legitimately be None


_ASK: Final = _Ask.ASK


@dataclass(frozen=True)
class MessageLine:
    """One message as a page shows it; `body` is None for a user who may not read it."""

    pk: int
    direction: str
    direction_label: str
    at: datetime.datetime
    author: str
    body: str | None


@dataclass(frozen=True)
class AttachmentLine:
    """One attachment as a page shows it: type and size for everyone; `name` only for those who may read it."""

    pk: int
    kind: str
    size: int
    uploaded_at: datetime.datetime
    is_original_scan: bool
    name: str | None
    downloadable: bool


def _message_line(message: ReportMessage, *, with_body: bool) -> MessageLine:
    return MessageLine(
        pk=message.pk,
        direction=message.direction,
        direction_label=message.get_direction_display(),
        at=message.at,
        author=str(message.author) if message.author_id else "",
        body=message.body if with_body else None,
    )


def _attachment_line(attachment: ReportAttachment, *, with_name: bool, downloadable: bool) -> AttachmentLine:
    return AttachmentLine(
        pk=attachment.pk,
        kind=attachment.kind,
        size=attachment.size,
        uploaded_at=attachment.uploaded_at,
        is_original_scan=attachment.is_original_scan,
        name=attachment.name if with_name else None,
        downloadable=downloadable,
    )


def thread_for(
    actor: "Actor", report: Report, grant: IdentityAccess | None | Literal[_Ask.ASK] = _ASK
) -> list[MessageLine]:
    """The messages as the detail page shows them: the bodies inline for the handler only.

    Everyone else who may see the report sees the count, date, direction and the staff author; an
    approved requester reads the bodies on a separate page (`read_messages`: second factor, audited).
    Bodies are not even decrypted for them (deferred).
    """
    if grant is _ASK:
        grant = identity_access(actor, report)
    inline = grant is not None and grant.basis == "handler"
    rows = report.messages.select_related("author")
    if not inline:
        rows = rows.defer("body")
    return [_message_line(m, with_body=inline) for m in rows]


def attachments_for(
    actor: "Actor", report: Report, grant: IdentityAccess | None | Literal[_Ask.ASK] = _ASK
) -> list[AttachmentLine]:
    """The attachments as the detail page shows them: type and size for all; the file name inline for the
    handler only; a download link for the handler and an approved requester."""
    if grant is _ASK:
        grant = identity_access(actor, report)
    inline = grant is not None and grant.basis == "handler"
    rows = report.attachments.all()
    if not inline:
        rows = rows.defer("name")
    return [_attachment_line(a, with_name=inline, downloadable=grant is not None) for a in rows]


@dataclass(frozen=True)
class ReporterMaterials:
    report: Report
    grant: IdentityAccess
    messages: list[MessageLine]
    attachments: list[AttachmentLine]


@transaction.atomic
def read_messages(actor: "Actor", report: Report, *, now: datetime.datetime | None = None) -> ReporterMaterials:
    """The thread with its bodies and the attachments with their names, under the identity rule; audited
    (`identity.messages_viewed`, with the basis and the request). The caller asks for the second factor."""
    report = access.fetch(actor, Report, report.pk)
    grant = identity_access(actor, report, now=now)
    if grant is None:
        raise refused_identity(report)
    messages = [_message_line(m, with_body=True) for m in report.messages.select_related("author")]
    attachments = [_attachment_line(a, with_name=True, downloadable=True) for a in report.attachments.all()]
    record(
        actor,
        "identity.messages_viewed",
        report,
        {"messages": [m.pk for m in messages], "attachments": [a.pk for a in attachments], **grant.audit},
    )
    return ReporterMaterials(report, grant, messages, attachments)


@transaction.atomic
def reveal_identity(actor: "Actor", report: Report, *, now: datetime.datetime | None = None) -> Identity:
    """Decrypt the reporter's identity for the handler (or an approved requester); every reveal is audited."""
    report = access.fetch(actor, Report, report.pk)
    grant = identity_access(actor, report, now=now)
    if grant is None:
        raise refused_identity(report)
    record(actor, "identity.revealed", report, {"serial": report.serial, **grant.audit})
    return Identity(
        name=report.reporter_name or "",
        unit=report.reporter_unit or "",
        contact=report.reporter_contact or "",
        id_number=report.reporter_id_number or "",
        address=report.reporter_address or "",
    )


@transaction.atomic
def request_identity(actor: "Actor", report: Report, reason: str) -> IdentityRevealRequest:
    """Anyone who may see the report may ask; a 委领导 decides. The approval covers the identity, the
    messages and the attachments, for PAIZHU_IDENTITY_REVEAL_DAYS days."""
    report = access.fetch(actor, Report, report.pk)
    if not reason.strip():
        raise DomainError("请填写查看举报人身份的理由。", field="reason")
    grant = identity_access(actor, report)
    if grant is not None and grant.basis == "handler":
        raise DomainError("您是承办人，可直接查看，无须申请。")
    if grant is not None:
        until = timezone.localtime(grant.expires_at)
        raise DomainError(f"您的申请已批准，有效期至{until:%Y-%m-%d %H:%M}，无须再次申请。")
    if IdentityRevealRequest.objects.filter(
        report=report, requested_by=actor, status=IdentityRevealRequest.Status.PENDING
    ).exists():
        raise DomainError("您已提出申请，请等待委领导审批。")
    request = IdentityRevealRequest.objects.create(report=report, requested_by=actor, reason=reason.strip())
    record(actor, "identity.requested", report, {"request": request.pk, "reason": request.reason})
    return request


@transaction.atomic
def decide_identity_request(
    actor: "Actor", request: IdentityRevealRequest, *, approve: bool, note: str = ""
) -> IdentityRevealRequest:
    if actor.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied("查看举报人身份须经委领导批准。")
    request = IdentityRevealRequest.objects.select_for_update().get(pk=request.pk)
    access.get_for_act(actor, Report, request.report_id, action="view")  # the leader approves what they may see
    if request.status != IdentityRevealRequest.Status.PENDING:
        raise DomainError("该申请已审批。")
    if request.requested_by_id == actor.pk:
        raise DomainError("不能审批本人的申请。")
    request.status = IdentityRevealRequest.Status.APPROVED if approve else IdentityRevealRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note.strip()[:300]
    # Calendar days, not working days: a security lapse, not a time limit of the rules.
    request.expires_at = (
        request.decided_at + datetime.timedelta(days=settings.IDENTITY_REVEAL_DAYS) if approve else None
    )
    request.save()
    record(
        actor,
        "identity.approved" if approve else "identity.refused",
        request.report,
        {
            "request": request.pk,
            "requested_by": request.requested_by_id,
            "note": request.decision_note,
            "expires_at": request.expires_at,
        },
    )
    return request
