"""Creating reports: the public form (/report/) and staff registration of letters, visits, calls and transfers."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core import search
from paizhu.core.calendar import shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES
from paizhu.org.models import Person, Unit
from paizhu.workflow.attachments import Upload, files_removed_on_failure

from .. import limits
from ..models import Channel, Kind, Office, Report, ReportedName
from ._common import MAX_FACTS_CHARS, REGISTERING_ROLES, _note
from .attachments import _store_uploads, check_uploads
from .identity import Identity
from .repeats import index_signature
from .reporters import _hash_receipt, is_real_name, new_receipt_code
from .routing import propose_routing
from .subjects import _suggest_subject_matches

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass
class NamedPerson:
    name: str
    unit: Unit | None = None
    unit_text: str = ""
    post: str = ""


@dataclass
class ReportInput:
    facts: str
    kind: str = Kind.ACCUSATION
    categories: list[str] = field(default_factory=list)
    unit: Unit | None = None
    subjects: list[Person] = field(default_factory=list)
    named: list[NamedPerson] = field(default_factory=list)
    occurred_when: str = ""
    occurred_where: str = ""
    witnesses: str = ""
    identity: Identity = field(default_factory=Identity)
    uploads: list[Upload] = field(default_factory=list)


def _validate(data: ReportInput) -> list[str]:
    facts = (data.facts or "").strip()
    if not facts:
        raise DomainError("请填写反映的主要问题。", field="facts")
    if len(facts) > MAX_FACTS_CHARS:
        raise DomainError(f"主要问题不超过{MAX_FACTS_CHARS}字，当前{len(facts)}字。", field="facts")
    if not data.subjects and not any(n.name.strip() for n in data.named) and data.unit is None:
        raise DomainError("请至少填写一名被反映人或选择涉及单位。", field="named")
    if data.kind not in Kind.values:
        raise DomainError("请选择举报性质。", field="kind")
    unknown = [c for c in data.categories if c not in Discipline.values]
    if unknown:
        raise DomainError("问题类别无效。", field="categories")
    return check_uploads(data.uploads)


def _main_unit(data: ReportInput) -> Unit | None:
    if data.unit:
        return data.unit
    for person in data.subjects:
        if person.unit_id:
            return person.unit
    return next((n.unit for n in data.named if n.unit), None)


def _create(data: ReportInput, kinds: list[str], written: list[str], **values: Any) -> Report:
    identity = data.identity
    real = is_real_name(identity.name, identity.unit, identity.contact)
    received_on = values["received_on"]
    report = Report(
        serial=next_serial("XF"),
        kind=data.kind,
        unit=_main_unit(data),
        categories=list(dict.fromkeys(data.categories)),
        facts=data.facts.strip(),
        occurred_when=data.occurred_when.strip(),
        occurred_where=data.occurred_where.strip(),
        witnesses=data.witnesses.strip(),
        is_real_name=real,
        reporter_name=identity.name.strip() or None,
        reporter_unit=identity.unit.strip() or None,
        reporter_contact=identity.contact.strip() or None,
        reporter_id_number=identity.id_number.strip() or None,
        reporter_address=identity.address.strip() or None,
        acceptance_due=limits.due("acceptance_notice", received_on) if real else None,
        **values,
    )
    if report.channel == Channel.SUPERIOR:
        report.close_due = limits.due("assigned_close", received_on)
    proposal = propose_routing(kind=data.kind, subjects=data.subjects, unit=report.unit, received_on=received_on)
    if proposal.forward:
        raise DomainError(f"{proposal.reason}：此类举报不得录入本平台，请登记转送记录。", field="subjects")
    report.proposed_group = proposal.group
    report.proposed_office = proposal.office
    report.routing_reason = proposal.reason
    report.save()
    report.subjects.set(data.subjects)
    ReportedName.objects.bulk_create(
        [
            ReportedName(
                report=report, name=n.name.strip()[:40], unit=n.unit, unit_text=n.unit_text[:100], post=n.post[:100]
            )
            for n in data.named
            if n.name.strip()
        ]
    )
    _store_uploads(report, data.uploads, kinds, scans=values.get("registered_by") is not None, written=written)
    index_signature(report)
    search.refresh(report)
    return report


def submit_public_report(data: ReportInput) -> tuple[Report, str]:
    """A report from /report/: no account, no address. Returns the report and its receipt code (shown once)."""
    kinds = _validate(data)
    code = new_receipt_code()
    prefix, hash_ = _hash_receipt(code)  # slow on purpose; outside the transaction so it holds no lock
    with files_removed_on_failure() as written, transaction.atomic():
        report = _create(
            data,
            kinds,
            written,
            channel=Channel.ONLINE,
            received_on=shanghai_today(),
            registered_by=None,
            receipt_prefix=prefix,
            receipt_hash=hash_,
            office=Office.PETITION,
        )
        _suggest_subject_matches(report)
        _note(
            None,
            report,
            "report.submitted",
            "网上举报提交",
            f"系统登记，{'实名' if report.is_real_name else '匿名'}举报",
            created=True,
        )
        # No address, not even in the audit trail: the anonymity of the reporter is a property of the design.
        record(
            None,
            "report.submitted",
            report,
            {"serial": report.serial, "real_name": report.is_real_name, "attachments": len(kinds)},
            anonymous_source=True,
        )
    return report, code


def register_report(
    actor: "Actor", data: ReportInput, *, channel: str, received_on: datetime.date, source: str = ""
) -> Report:
    """Staff register a letter, visit, call or transfer. Higher-managed cadres are refused (record a forwarding)."""
    if actor.acting_role not in REGISTERING_ROLES:
        raise PermissionDenied("只有信访室和派驻组工作人员可以登记信访举报。")
    if channel not in Channel.values:
        raise DomainError("请选择来源渠道。", field="channel")
    if received_on > shanghai_today():
        raise DomainError("收到日期不能晚于今天。", field="received_on")
    if channel in {Channel.AGENCY, Channel.INSPECTION, Channel.AUDIT, Channel.SUPERIOR} and not source.strip():
        raise DomainError("转办、移交和交办件请填写来源机关。", field="source")
    kinds = _validate(data)
    grant = actor.require_grant()
    with files_removed_on_failure() as written, transaction.atomic():
        report = _create(
            data,
            kinds,
            written,
            channel=channel,
            source=source.strip(),
            received_on=received_on,
            registered_by=actor,
            # Registered by a group: the group holds it until routing is confirmed, so it never loses sight of it.
            group=grant.group if grant.role in GROUP_ROLES else None,
            office="" if grant.role in GROUP_ROLES else Office.PETITION,
            stage=Report.Stage.REGISTERED,
        )
        _suggest_subject_matches(report)
        _note(
            actor,
            report,
            "report.registered",
            "登记",
            f"{report.get_channel_display()}，收到日期{received_on:%Y-%m-%d}；建议：{report.routing_reason}",
            created=True,
        )
        record(
            actor,
            "report.registered",
            report,
            {
                "serial": report.serial,
                "channel": channel,
                "received_on": received_on,
                "real_name": report.is_real_name,
            },
        )
    return report
