"""Every write of the integrity files: a request to open one, and the note on a personal-matters report.

Each takes the acting user first, checks through `access`, and changes and audits in one transaction. The
request's decision is the kernel's (`workflow.services.decide_approval`, handlers in `approvals.py`).
"""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES
from paizhu.org.models import Coverage
from paizhu.workflow import approvals, timeline

from .approvals import KIND
from .dates import today
from .models import CadreFile, FileRequest, PersonalMattersNote

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

REASON_LIMIT = 1000
NOTE_LIMIT = 300


def side(role: str) -> str:
    """The requester's side, the "action" fact of the approval: the unit, another group, or a commission office."""
    if role in UNIT_ROLES:
        return "unit"
    if role in GROUP_ROLES:
        return "group"
    return "commission"


def _text(value: str, label: str, field: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise DomainError(f"{label}不超过{limit}字，当前{len(value)}字，请删减后再提交。", field=field)
    return value


def request_file(actor: "Actor", person_id: int, *, purpose: str, reason: str) -> FileRequest:
    """申请查阅: ask, with a reason, to read a cadre's summary sheet; it goes to the leader of the group covering
    the cadre's unit (or as the matching `ApprovalRule` says)."""
    grant = actor.require_grant()
    if purpose not in FileRequest.Purpose.values:
        raise DomainError("请选择查阅用途。", field="purpose")
    reason = _text(reason, "查阅事由", "reason", REASON_LIMIT)
    with transaction.atomic():
        cadre = access.lock_for_act(actor, CadreFile, person_id, action="request")
        mine = FileRequest.objects.filter(requested_by=actor, requester_role=grant.role, person_id=cadre.pk)
        if mine.filter(status=FileRequest.Status.PENDING).exists():
            raise DomainError(f"您已申请查阅{cadre.name}的廉政档案，正在审批中。", field="person")
        still_open = mine.filter(status=FileRequest.Status.APPROVED, valid_until__gte=shanghai_today()).first()
        if still_open is not None:
            raise DomainError(
                f"您已获准查阅{cadre.name}的廉政档案（{still_open.valid_until:%Y-%m-%d}前有效），无须再次申请。",
                field="person",
            )
        coverage = Coverage.objects.current().filter(unit_id=cadre.unit_id).first()
        if coverage is None:
            raise DomainError(f"{cadre.name}所在单位目前没有派驻组监督，无法在平台上申请查阅。", field="person")
        request = FileRequest.objects.create(
            serial=next_serial("DA", today().year),
            person=cadre,
            unit_id=cadre.unit_id,
            group_id=coverage.group_id,
            purpose=purpose,
            reason=reason,
            requested_by=actor,
            requester_role=grant.role,
        )
        facts = {"action": side(grant.role)}
        steps = approvals.open_request(actor, request, KIND, facts=facts, payload={"purpose": purpose})
        chain = " → ".join(s.label for s in steps)
        title = f"申请查阅{cadre.name}的廉政档案（{request.get_purpose_display()}，报{chain}）"
        timeline.write(actor, request, "integrity.requested", title, opinion=reason, before="")
        record(
            actor,
            "integrity.requested",
            request,
            {"person": cadre.pk, "purpose": purpose, "side": facts["action"], "group": coverage.group_id},
        )
    return request


def save_note(
    actor: "Actor",
    person_id: int,
    *,
    year: int,
    reported_on: datetime.date | None,
    check_result: str,
    note: str = "",
) -> PersonalMattersNote:
    """Record (or correct) a year's personal-matters report of a cadre in the file: when they reported, and
    what the spot check found. The group covering the cadre's unit keeps these lines."""
    day = today()
    if not 2000 <= year <= day.year:
        raise DomainError(f"报告年度须在2000年至{day.year}年之间。", field="year")
    if check_result not in PersonalMattersNote.Check.values:
        raise DomainError("请选择查核结果。", field="check_result")
    if reported_on is not None and reported_on > day:
        raise DomainError("报告日期不能晚于今天。", field="reported_on")
    if reported_on is not None and reported_on.year not in (year, year + 1):
        raise DomainError(f"报告日期须在{year}年或{year + 1}年内（报告年度为{year}年）。", field="reported_on")
    if check_result != PersonalMattersNote.Check.NOT_CHECKED and reported_on is None:
        raise DomainError("已抽查核实的，请填写报告日期。", field="reported_on")
    note = _text(note, "说明", "note", NOTE_LIMIT, required=check_result in ("omission", "concealed"))
    with transaction.atomic():
        cadre = access.lock_for_act(actor, CadreFile, person_id, action="note")
        row, created = PersonalMattersNote.objects.update_or_create(
            person_id=cadre.pk,
            year=year,
            defaults={"reported_on": reported_on, "check_result": check_result, "note": note, "recorded_by": actor},
        )
        record(
            actor,
            "integrity.note_saved",
            row,
            {"person": cadre.pk, "year": year, "check_result": check_result, "created": created},
        )
    return row
