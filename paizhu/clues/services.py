"""Every write on clues and cases. Each public function takes the acting user first, checks the
user's scope through `paizhu.access` and their part in the matter, checks the version the user
loaded (optimistic locking), moves the declared workflow, writes the timeline row and the audit
entry — all in one transaction. Illegal moves raise `IllegalTransition` and change nothing.

`register_clue` is also the entry point of other modules (intake converts a report into a clue).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django_fsm import can_proceed

from paizhu import access
from paizhu.access import jurisdiction, recusal
from paizhu.access import services as access_services
from paizhu.accounts.models import RoleGrant
from paizhu.audit.services import record
from paizhu.core import search
from paizhu.core.calendar import add_months, shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import IntegrityRecord, Person, Unit
from paizhu.org.services import write_integrity_outcome
from paizhu.workflow import approvals, timeline
from paizhu.workflow.reminders import Reminder
from paizhu.workflow.services import require_system_admin
from paizhu.workflow.transitions import Event, commit
from paizhu.workflow.transitions import move as _move

from . import limits
from .models import (
    FIRST_FORM_MEASURES,
    GOV_PENALTIES,
    PARTY_PENALTIES,
    Action,
    Case,
    CloseKind,
    CloseReason,
    Clue,
    ClueEvent,
    Form,
    InquiryMode,
    Method,
    ScreeningItem,
    ScreeningMeeting,
    Source,
)
from .workflows import CaseStatus, ClueStatus

REGISTRAR_ROLES = frozenset({Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER})
ASSIGNMENT = "clue.assignment"
DISPOSAL = "clue.disposal"
EXTENSION = "case.extension"

_CLOSE_KIND_FROM = {
    ClueStatus.ASSIGNED: CloseKind.DIRECT,
    ClueStatus.INQUIRY_CONCLUDING: CloseKind.AFTER_INQUIRY,
    ClueStatus.VERIFYING: CloseKind.AFTER_VERIFICATION,
}


# --- helpers -------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return shanghai_today()


def may_handle(actor, clue: Clue) -> bool:
    """The handling steps: among the clues the actor may act on, a handler's own, and every one of a group's for its leader."""
    if not access.may(actor, "act", clue):
        return False
    if clue.group_id and actor.acting_role == Role.GROUP_LEADER:
        return True
    return any(h.pk == actor.pk for h in clue.handlers.all())  # uses the page's prefetch


def _require_handler(actor, clue: Clue) -> None:
    if not may_handle(actor, clue):
        raise PermissionDenied("只有本线索的承办人或所在组组长可以办理此事项。")


def _require_role(actor, *roles: str) -> None:
    if actor.acting_role not in roles:
        raise PermissionDenied(f"此事项须由{'、'.join(Role(r).label for r in roles)}办理。")


def _event(actor, clue: Clue, code: str, title: str, *, opinion: str = "", before: str = "") -> ClueEvent:
    return timeline.write(actor, clue, code, title, opinion=opinion, before=before)


def _save(actor, obj, code: str, title: str, *, opinion: str = "", before: str = "", details=None):
    """Bump the version, save, write the clue's timeline and the audit entry."""
    return commit(actor, obj, Event(code, title, opinion, details or {}), before=before)


def _set_due(clue: Clue, key: str | None, start: datetime.date | None = None) -> None:
    if key is None:
        clue.due_on, clue.due_label = None, ""
    else:
        clue.due_on, clue.due_label = limits.due(key, start), limits.label(key)


def _check_conflicts(actor, matter, users: Iterable, *, unit_id: int, subject_ids: set[int]) -> None:
    """Refuse conflicted handlers, with an audited block; call before the transaction opens."""
    for user in users:
        if recusal.is_conflicted(user, matter, unit_id=unit_id, subject_ids=subject_ids):
            access_services.block(actor, matter, user, "与被反映人或涉及单位存在回避关系")


def _facts(clue: Clue, action: str) -> dict:
    """What approval rules may condition on (see ApprovalRule)."""
    subjects = list(clue.subjects.all())
    return {
        "action": action,
        "by_group": clue.group_id is not None,
        "key_person": any(p.is_leadership_member or p.is_commission_managed for p in subjects),
        "same_level_main": any(p.is_commission_managed and p.is_main_leader for p in subjects),
        "same_level_deputy": any(
            p.is_commission_managed and p.is_leadership_member and not p.is_main_leader for p in subjects
        ),
    }


def _skip_roles(clue: Clue) -> frozenset[str]:
    # A matter handled by a commission office has no group leader in its chain.
    return frozenset() if clue.group_id else GROUP_ROLES


def _clean_text(value: str, label: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{label}。", field=field)
    return value


def _not_future(day: datetime.date, label: str, field: str) -> None:
    if day is None:
        raise DomainError(f"请填写{label}。", field=field)
    if day > _today():
        raise DomainError(f"{label}不能晚于今天。", field=field)


def _check_measures(measures: Iterable[str], allowed: Iterable[str], *, required: bool) -> list[str]:
    measures = list(dict.fromkeys(measures))
    wrong = [m for m in measures if m not in allowed]
    if wrong:
        raise DomainError(f"处理措施无效：{'、'.join(wrong)}。", field="measures")
    if required and not measures:
        raise DomainError("请选择处理措施。", field="measures")
    return measures


def _check_close_reason(kind: str, reason: str) -> str:
    reason = (reason or "").strip()
    if not CloseReason.objects.filter(kind=kind, text=reason, is_active=True).exists():
        raise DomainError("请从列表中选择了结理由。", field="close_reason")
    return reason


def close_reasons(kind: str) -> list[str]:
    return list(CloseReason.objects.filter(kind=kind, is_active=True).values_list("text", flat=True))


# --- registration and assignment (分办) ------------------------------------------------------------


def register_clue(
    actor,
    *,
    source_kind: str,
    received_on: datetime.date,
    unit: Unit,
    summary: str,
    subjects: Iterable[Person] = (),
    categories: Iterable[str] = (),
    source_detail: str = "",
    source_ref: str = "",
    handlers: Iterable = (),
) -> Clue:
    """Register a clue in the central ledger.

    By 案件监督管理室: the clue waits for assignment (分办). By group staff: the group handles the
    clue itself (it is already in the ledger that 案管 sees), with the actor as handler unless
    `handlers` names others of the group. `source_ref` cross-references the origin (e.g. the intake
    report's serial) for display. Returns the new clue.
    """
    # 信访室 converts the reports the commission handles itself; like 案管's, such a clue waits for 分办.
    if not (actor.acting_role == Role.PETITION_OFFICE and source_kind == Source.PETITION and source_ref.strip()):
        _require_role(actor, *REGISTRAR_ROLES)
    grant = actor.acting_grant
    subjects = list(subjects)
    categories = list(dict.fromkeys(categories))
    if source_kind not in Source.values:
        raise DomainError("请选择线索来源。", field="source_kind")
    _not_future(received_on, "受理日期", "received_on")
    summary = _clean_text(summary, "主要问题", "summary")
    if not access.may(actor, "view", unit):
        raise DomainError("所选单位不在您的监督范围内。", field="unit")
    if any(c not in Discipline.values for c in categories):
        raise DomainError("反映问题类别无效。", field="categories")
    if any(p.unit_id not in (None, unit.pk) for p in subjects):
        raise DomainError("被反映人须为涉及单位的干部。", field="subjects")
    by_group = grant.role in GROUP_ROLES
    handlers = list(handlers) or ([actor] if by_group else [])
    if by_group:
        _check_group_staff(handlers, grant.group_id)
    probe = Clue(unit=unit)
    _check_conflicts(actor, probe, handlers, unit_id=unit.pk, subject_ids={p.pk for p in subjects})
    with transaction.atomic():
        clue = Clue(
            serial=next_serial("XS"),
            source_kind=source_kind,
            source_detail=source_detail.strip(),
            source_ref=source_ref.strip(),
            received_on=received_on,
            unit=unit,
            categories=categories,
            summary=summary,
            group_id=grant.group_id if by_group else None,
            status=ClueStatus.ASSIGNED if by_group else ClueStatus.REGISTERED,
            created_by=actor,
        )
        _set_due(clue, "proposal", received_on)
        clue.save()
        clue.subjects.set(subjects)
        search.refresh(clue)
        clue.handlers.set(handlers)
        title = "派驻组登记线索，由本组承办" if by_group else "登记线索，待分办"
        _event(actor, clue, "clue.registered", title)
        record(
            actor,
            "clue.registered",
            clue,
            {"serial": clue.serial, "source": source_kind, "source_ref": clue.source_ref, "by_group": by_group},
        )
    return clue


def _check_group_staff(users, group_id: int) -> None:
    staff = set(
        RoleGrant.objects.active()
        .filter(group_id=group_id, role__in=GROUP_ROLES, user__in=[u.pk for u in users])
        .values_list("user_id", flat=True)
    )
    outsiders = [str(u) for u in users if u.pk not in staff]
    if outsiders:
        raise DomainError(f"承办人须为本组工作人员：{'、'.join(outsiders)}。", field="handlers")


def propose_assignment(actor, clue: Clue, *, version: int, group=None, office: str = "", opinion: str = "") -> Clue:
    """案管 proposes the responsible group or commission office; the commission leadership approves."""
    _require_role(actor, Role.CASE_MANAGEMENT)
    office = office.strip()
    if (group is None) == (not office):
        raise DomainError("请选择承办派驻组，或填写承办的委机关部门（二者选一）。", field="group")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        jurisdiction.require_within(clue, group, unit=clue.unit, day=clue.received_on, field="group")
        before = clue.status
        _move(clue, "submit_assignment", "提出分办意见")
        approvals.open_request(
            actor,
            clue,
            ASSIGNMENT,
            facts=_facts(clue, "assign"),
            payload={"group": group.pk if group else None, "office": office},
        )
        target = str(group) if group else office
        return _save(
            actor,
            clue,
            "clue.assignment_proposed",
            f"提出分办意见：拟由{target}承办",
            opinion=opinion.strip(),
            before=before,
            details={"group": group.pk if group else None, "office": office},
        )


def assign_handlers(actor, clue: Clue, *, version: int, handlers: Iterable) -> Clue:
    """The group leader (for an office-handled clue, 案管) names the handlers; conflicted users are refused."""
    handlers = list(handlers)
    if not handlers:
        raise DomainError("请至少指定一名承办人。", field="handlers")
    access.get_for_act(actor, Clue, clue.pk)
    if clue.group_id:
        grant = actor.acting_grant
        if grant.role != Role.GROUP_LEADER or grant.group_id != clue.group_id:
            raise PermissionDenied("只有承办组组长可以指定承办人。")
        _check_group_staff(handlers, clue.group_id)
    else:
        _require_role(actor, Role.CASE_MANAGEMENT)
    if not clue.is_open:
        raise IllegalTransition("线索已办结，不能更换承办人。")
    subject_ids = set(clue.subjects.values_list("pk", flat=True))
    _check_conflicts(actor, clue, handlers, unit_id=clue.unit_id, subject_ids=subject_ids)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        previous = list(clue.handlers.all())
        clue.handlers.set(handlers)
        for old in previous:
            if old not in handlers:
                recused = recusal.is_conflicted(old, clue, unit_id=clue.unit_id, subject_ids=subject_ids)
                if recused:
                    access_services.note_reassigned(actor, clue, old, handlers[0])
        names = "、".join(str(u) for u in handlers)
        return _save(
            actor,
            clue,
            "clue.handlers_assigned",
            f"指定承办人：{names}",
            before=clue.status,
            details={"handlers": [u.pk for u in handlers]},
        )


# --- proposals (all go through the approval chain) --------------------------------------------------


def _propose(actor, clue: Clue, transition: str, what: str, payload: dict, *, code: str, title: str, opinion: str):
    before = clue.status
    _move(clue, transition, what)
    payload = {"from": before, **payload}
    steps = approvals.open_request(
        actor, clue, DISPOSAL, facts=_facts(clue, payload["action"]), payload=payload, skip_roles=_skip_roles(clue)
    )
    chain = " → ".join(s.label for s in steps)
    return _save(
        actor,
        clue,
        code,
        f"{title}（报{chain}）",
        opinion=opinion,
        before=before,
        details={k: v for k, v in payload.items() if k != "reasons"},
    )


def propose_disposal(
    actor,
    clue: Clue,
    *,
    version: int,
    method: str,
    reasons: str,
    park_until: datetime.date | None = None,
    close_reason: str = "",
    meeting: ScreeningMeeting | None = None,
    supervision: bool = False,
) -> Clue:
    """The handler proposes 谈话函询 / 初步核实 / 暂存待查 / 予以了结 (or 立案) with reasons.

    `meeting`: the collective screening that endorsed this proposal; the method must be the one it endorsed.
    `supervision`: a case to be filed as a 监察 case (the subject is under state supervision).
    """
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    if method not in Method.values:
        raise DomainError("请选择处置方式。", field="method")
    if meeting is not None:
        meeting = access.get_for_act(actor, ScreeningMeeting, meeting.pk, action="view")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        if not can_proceed(clue.propose):
            raise IllegalTransition(f"当前状态为“{clue.get_status_display()}”，不能提出处置意见。")
        reasons = _clean_text(reasons, "处置理由", "reasons")
        payload = {"action": method, "reasons": reasons}
        if method == Method.PARK:
            if park_until is None or park_until <= _today():
                raise DomainError("请填写今天以后的复查日期。", field="park_until")
            payload["park_until"] = park_until.isoformat()
        if method == Method.CLOSE:
            payload["close_kind"] = CloseKind.DIRECT
            payload["close_reason"] = _check_close_reason(CloseKind.DIRECT, close_reason)
        if method == Method.CASE and supervision:
            payload["supervision"] = _check_supervision(clue)
        endorsed = ""
        if meeting is not None:
            _check_endorsed(clue, meeting, method)
            payload["meeting"] = meeting.pk
            endorsed = f"（经{meeting.held_on:%Y-%m-%d}集体排查）"
        return _propose(
            actor,
            clue,
            "propose",
            "提出处置意见",
            payload,
            code="clue.proposed",
            title=f"提出处置意见{endorsed}：{Method(method).label}",
            opinion=reasons,
        )


def _check_supervision(clue: Clue) -> bool:
    if not clue.subjects.filter(is_supervision_object=True).exists():
        raise DomainError("被反映人均非监察对象，不能按监察案件立案。", field="supervision")
    return True


def _check_endorsed(clue: Clue, meeting: ScreeningMeeting, method: str) -> None:
    item = ScreeningItem.objects.filter(meeting=meeting, clue=clue).first()
    if item is None:
        raise DomainError("所选集体排查会议未研究本线索。", field="meeting")
    if item.decision != method:
        raise DomainError(
            f"集体排查意见为“{item.get_decision_display()}”，处置方式须与之一致；意见不同的请重新集体研究。",
            field="method",
        )


INQUIRY_OUTCOMES = (Action.CLARIFY, Action.FIRST_FORM, Action.REINQUIRE, Action.VERIFICATION, Action.CLOSE)
VERIFICATION_PROPOSALS = (Action.CASE, Action.CLOSE, Action.LIGHT, Action.PARK)


def conclude_inquiry(
    actor,
    clue: Clue,
    *,
    version: int,
    outcome: str,
    opinion: str,
    measures: Iterable[str] = (),
    close_reason: str = "",
) -> Clue:
    """After the talk or the reply: 了结澄清 / 第一种形态处理 / 再次谈话函询 / 转初步核实 / 予以了结."""
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    if outcome not in INQUIRY_OUTCOMES:
        raise DomainError("请选择了结意见。", field="outcome")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        if not can_proceed(clue.conclude_inquiry):
            raise IllegalTransition(f"当前状态为“{clue.get_status_display()}”，不能提出谈话函询了结意见。")
        opinion = _clean_text(opinion, "了结意见", "opinion")
        payload = {"action": outcome, "reasons": opinion, "close_kind": CloseKind.AFTER_INQUIRY}
        if outcome == Action.FIRST_FORM:
            payload["measures"] = _check_measures(measures, FIRST_FORM_MEASURES, required=True)
            payload["form"] = Form.FIRST
        if outcome == Action.CLOSE:
            payload["close_reason"] = _check_close_reason(CloseKind.AFTER_INQUIRY, close_reason)
        if outcome == Action.CLARIFY:
            payload["close_reason"] = "反映问题失实，予以澄清"
        return _propose(
            actor,
            clue,
            "conclude_inquiry",
            "提出谈话函询了结意见",
            payload,
            code="clue.inquiry_concluded",
            title=f"提出谈话函询处理意见：{Action(outcome).label}",
            opinion=opinion,
        )


def report_verification(
    actor,
    clue: Clue,
    *,
    version: int,
    report: str,
    proposal: str,
    measures: Iterable[str] = (),
    close_reason: str = "",
    park_until: datetime.date | None = None,
    supervision: bool = False,
) -> Clue:
    """The team's 初步核实情况报告 with its proposal: 拟立案 / 予以了结 / 从轻处理 / 暂存待查.

    `supervision`: with 拟立案, file it as a 监察 case (the subject is under state supervision).
    """
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    if proposal not in VERIFICATION_PROPOSALS:
        raise DomainError("请选择处理建议。", field="proposal")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        if not can_proceed(clue.report_verification):
            raise IllegalTransition(f"当前状态为“{clue.get_status_display()}”，不能提交初步核实情况报告。")
        if not clue.verification_plan:
            raise DomainError("请先制定初核方案。")
        clue.verification_report = _clean_text(report, "初步核实情况报告", "report")
        payload = {"action": proposal, "reasons": clue.verification_report, "close_kind": CloseKind.AFTER_VERIFICATION}
        if proposal == Action.LIGHT:
            payload["measures"] = _check_measures(measures, FIRST_FORM_MEASURES, required=True)
            payload["form"] = Form.FIRST
        if proposal == Action.CLOSE:
            payload["close_reason"] = _check_close_reason(CloseKind.AFTER_VERIFICATION, close_reason)
        if proposal == Action.PARK:
            if park_until is None or park_until <= _today():
                raise DomainError("请填写今天以后的复查日期。", field="park_until")
            payload["park_until"] = park_until.isoformat()
        if proposal == Action.CASE and supervision:
            payload["supervision"] = _check_supervision(clue)
        return _propose(
            actor,
            clue,
            "report_verification",
            "提交初步核实情况报告",
            payload,
            code="clue.verification_reported",
            title=f"提交初步核实情况报告，建议{Action(proposal).label}",
            opinion="",
        )


# --- approvals -------------------------------------------------------------------------------------


def _write_integrity_file(clue: Clue, kind: str, day: datetime.date, serial: str, outcome: str) -> None:
    """Every person concerned gets the outcome in their integrity file (廉政档案)."""
    for person in clue.subjects.all():
        write_integrity_outcome(
            person,
            kind=kind,
            occurred_on=day,
            source_serial=serial,
            form=clue.form,
            measures=list(clue.measures),
            summary=f"{clue.serial}：{outcome}",
        )


# --- 集体排查 ---------------------------------------------------------------------------------------

SCREENING_ROLES = frozenset({Role.GROUP_LEADER, Role.CASE_MANAGEMENT})


def screenable_clues(actor):
    """Clues awaiting a proposal that `actor` may put before a screening meeting."""
    if actor.acting_role not in SCREENING_ROLES:
        return Clue.objects.none()
    qs = access.scope(actor, Clue, "act").filter(status=ClueStatus.ASSIGNED)
    if actor.acting_role == Role.GROUP_LEADER:
        qs = qs.filter(group_id=actor.acting_grant.group_id)
    return qs


def record_screening(
    actor,
    *,
    held_on: datetime.date,
    chaired_by: str,
    attendees: str,
    items: Iterable[tuple[Clue, str, str]],
    notes: str = "",
) -> ScreeningMeeting:
    """Record a 集体排查 meeting held by the actor's group (a group leader) or by the commission (案管).

    `items` are (clue, endorsed method, opinion) for each clue discussed; every clue must be awaiting
    a proposal and within the actor's reach. Each clue's timeline gets the meeting's decision.
    """
    _require_role(actor, *SCREENING_ROLES)
    _not_future(held_on, "会议日期", "held_on")
    chaired_by = _clean_text(chaired_by, "主持人", "chaired_by")
    attendees = _clean_text(attendees, "参会人员", "attendees")
    items = list(items)
    if not items:
        raise DomainError("请至少对一条线索提出排查意见。")
    if any(decision not in Method.values for _, decision, _ in items):
        raise DomainError("排查意见无效。")
    with transaction.atomic():
        ids = [clue.pk for clue, _, _ in items]
        reachable = set(screenable_clues(actor).filter(pk__in=ids).values_list("pk", flat=True))
        wrong = [clue.serial for clue, _, _ in items if clue.pk not in reachable]
        if wrong:
            raise DomainError(f"以下线索不在待提出处置意见状态或不属您研究范围：{'、'.join(wrong)}。")
        grant = actor.acting_grant
        meeting = ScreeningMeeting.objects.create(
            held_on=held_on,
            group_id=grant.group_id if grant.role == Role.GROUP_LEADER else None,
            chaired_by=chaired_by,
            attendees=attendees,
            notes=(notes or "").strip(),
            created_by=actor,
        )
        ScreeningItem.objects.bulk_create(
            ScreeningItem(meeting=meeting, clue=clue, decision=decision, opinion=(opinion or "").strip())
            for clue, decision, opinion in items
        )
        for clue, decision, opinion in items:
            title = f"集体排查（{held_on:%Y-%m-%d}，{chaired_by}主持）：拟{Method(decision).label}"
            _event(actor, clue, "clue.screened", title, opinion=(opinion or "").strip())
            record(actor, "clue.screened", clue, {"meeting": meeting.pk, "decision": decision})
        record(
            actor,
            "screening.recorded",
            meeting,
            {"held_on": held_on.isoformat(), "clues": {clue.serial: decision for clue, decision, _ in items}},
        )
    return meeting


# --- 谈话函询 ---------------------------------------------------------------------------------------


def issue_inquiry(actor, clue: Clue, *, version: int, mode: str, on: datetime.date, note: str = "") -> Clue:
    """谈话: the talk was held on `on`; 函询: the letter was received by the person on `on`."""
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    if mode not in InquiryMode.values:
        raise DomainError("请选择谈话或函询。", field="mode")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        before = clue.status
        if mode == InquiryMode.LETTER:
            _move(clue, "send_letter", "发出函询函")
            _not_future(on, "函件送达日期", "on")
            _set_due(clue, "inquiry_reply", on)
            title = f"函询函于{on:%Y-%m-%d}送达，书面说明{clue.due_on:%Y-%m-%d}前报送"
        else:
            _move(clue, "hold_talk", "登记谈话")
            _not_future(on, "谈话日期", "on")
            _set_due(clue, "inquiry_conclusion", on)
            title = f"{on:%Y-%m-%d}进行谈话"
        clue.inquiry_mode, clue.inquiry_on = mode, on
        return _save(actor, clue, "clue.inquiry_issued", title, opinion=note.strip(), before=before)


def record_reply(
    actor, clue: Clue, *, version: int, received_on: datetime.date, summary: str, countersigned: bool = False
) -> Clue:
    """The written explanation arrived: countersigned by the unit's main leader, or sent directly by a main leader."""
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        before = clue.status
        _move(clue, "receive_reply", "登记书面说明")
        _not_future(received_on, "收到日期", "received_on")
        if received_on < clue.inquiry_on:
            raise DomainError("收到书面说明的日期不能早于函件送达日期。", field="received_on")
        direct = clue.subjects.filter(is_main_leader=True).exists()
        if not direct and not countersigned:
            raise DomainError("书面说明须经被函询人所在单位主要负责人签字。", field="countersigned")
        clue.reply_on = received_on
        clue.reply_direct = direct
        clue.reply_countersigned = countersigned and not direct
        clue.reply_summary = _clean_text(summary, "说明情况摘要", "summary")
        late = received_on > clue.due_on
        _set_due(clue, "inquiry_conclusion", received_on)
        how = "（本人为主要负责人，直接报送）" if direct else "（经单位主要负责人签字）"
        title = f"收到书面说明{how}{'，已超过答复期限' if late else ''}"
        return _save(actor, clue, "clue.reply_recorded", title, opinion=clue.reply_summary, before=before)


# --- 初步核实 ---------------------------------------------------------------------------------------


def record_verification_plan(actor, clue: Clue, *, version: int, plan: str, team: Iterable = ()) -> Clue:
    """The verification plan and team; team members become handlers (conflicted ones are refused)."""
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    team = list(team)
    if clue.group_id and team:
        _check_group_staff(team, clue.group_id)
    subject_ids = set(clue.subjects.values_list("pk", flat=True))
    _check_conflicts(actor, clue, team, unit_id=clue.unit_id, subject_ids=subject_ids)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        if clue.status != ClueStatus.VERIFYING:
            raise IllegalTransition(f"当前状态为“{clue.get_status_display()}”，不能制定初核方案。")
        clue.verification_plan = _clean_text(plan, "初核方案", "plan")
        clue.handlers.add(*team)
        names = "、".join(str(u) for u in clue.handlers.all())
        return _save(
            actor, clue, "clue.verification_planned", f"制定初核方案，核查组：{names}", opinion=clue.verification_plan
        )


# --- 暂存待查 ---------------------------------------------------------------------------------------


def reopen(actor, clue: Clue, *, version: int, new_facts: str) -> Clue:
    """A parked clue is analysed again (new facts, or its review date came)."""
    access.get_for_act(actor, Clue, clue.pk)
    _require_handler(actor, clue)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        before = clue.status
        _move(clue, "reopen", "重新启用")
        new_facts = _clean_text(new_facts, "新情况说明", "new_facts")
        _set_due(clue, "proposal", _today())
        return _save(
            actor, clue, "clue.reopened", "暂存线索重新启用，重新提出处置意见", opinion=new_facts, before=before
        )


# --- cases ----------------------------------------------------------------------------------------


def _case_handler(actor, case: Case) -> None:
    access.get_for_act(actor, Case, case.pk)
    _require_handler(actor, case.clue)


def request_extension(actor, case: Case, *, version: int, reasons: str) -> Case:
    """One extension of the investigation (up to 90 days), by approval."""
    _case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        if case.status != CaseStatus.INVESTIGATING:
            raise IllegalTransition(f"案件当前状态为“{case.get_status_display()}”，不能申请延长审查调查期限。")
        if case.extended:
            raise DomainError("审查调查期限只能延长一次。")
        return _open_extension(actor, case, reasons, {}, "审查调查期限")


SUPERVISION_OPEN = (CaseStatus.INVESTIGATING, CaseStatus.REVIEW_PENDING, CaseStatus.IN_REVIEW)


def request_supervision_extension(actor, case: Case, *, version: int, reasons: str) -> Case:
    """A 监察 case's decision limit (1 year from filing) extended once by 6 months, by approval."""
    _case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        if not case.supervision:
            raise DomainError("非监察案件，不适用监察处置期限。")
        if case.status not in SUPERVISION_OPEN:
            raise IllegalTransition(f"案件当前状态为“{case.get_status_display()}”，不能申请延长监察处置期限。")
        if case.supervision_extended:
            raise DomainError("监察处置期限只能延长一次。")
        return _open_extension(actor, case, reasons, {"limit": "supervision"}, "监察处置期限")


def _open_extension(actor, case: Case, reasons: str, payload: dict, limit_label: str) -> Case:
    reasons = _clean_text(reasons, "延期理由", "reasons")
    clue = case.clue
    steps = approvals.open_request(
        actor,
        case,
        EXTENSION,
        facts=_facts(clue, "extension"),
        payload={"reasons": reasons, **payload},
        skip_roles=_skip_roles(clue),
    )
    chain = " → ".join(s.label for s in steps)
    return _save(actor, case, "case.extension_requested", f"申请延长{limit_label}（报{chain}）", opinion=reasons)


def transfer_to_review(actor, case: Case, *, version: int, report: str) -> Case:
    _case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "transfer_to_review", "移送审理")
        if approvals.current(case) is not None:
            raise DomainError("延期申请尚在审批中，请审批完成后再移送审理。")
        case.investigation_report = _clean_text(report, "审查调查报告", "report")
        case.sent_to_review_on = _today()
        clue = case.clue
        _set_due(clue, None)
        clue.due_label = "待审理室受理"
        clue.save(update_fields=["due_on", "due_label"])
        return _save(
            actor, case, "case.transferred", "移送案件审理室审理", opinion=case.investigation_report, before=before
        )


def accept_review(actor, case: Case, *, version: int) -> Case:
    _require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "accept_review", "受理审理")
        case.review_accepted_on = _today()
        case.review_due = limits.due("review", case.review_accepted_on)
        _case_due(case, "review")
        return _save(
            actor, case, "case.review_accepted", f"审理室受理，{case.review_due:%Y-%m-%d}前审结", before=before
        )


def _case_due(case: Case, key: str) -> None:
    clue = case.clue
    clue.due_on, clue.due_label = case.current_due if key else None, limits.label(key) if key else ""
    clue.save(update_fields=["due_on", "due_label"])


def decide_case(
    actor,
    case: Case,
    *,
    version: int,
    decided_on: datetime.date,
    summary: str,
    form: int,
    party_penalty: str = "",
    gov_penalty: str = "",
) -> Case:
    """Record the standing committee's decision (recorded by 审理室): form and penalties."""
    _require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "decide", "登记处分决定")
        _not_future(decided_on, "决定日期", "decided_on")
        if form not in Form.values:
            raise DomainError("请选择四种形态。", field="form")
        if party_penalty and party_penalty not in PARTY_PENALTIES:
            raise DomainError("党纪处分无效。", field="party_penalty")
        if gov_penalty and gov_penalty not in GOV_PENALTIES:
            raise DomainError("政务处分无效。", field="gov_penalty")
        if form >= Form.SECOND and not (party_penalty or gov_penalty):
            raise DomainError("第二至第四种形态须给予党纪处分或政务处分。", field="party_penalty")
        case.decision_summary = _clean_text(summary, "处分决定要旨", "summary")
        case.decided_on, case.form = decided_on, form
        case.party_penalty, case.gov_penalty = party_penalty, gov_penalty
        case.announce_due = limits.due("announce", decided_on)
        _case_due(case, "announce")
        penalties = "、".join(
            p for p in (party_penalty and f"党纪处分{party_penalty}", gov_penalty and f"政务处分{gov_penalty}") if p
        )
        return _save(
            actor,
            case,
            "case.decided",
            f"作出决定：{Form(form).label}{'，' + penalties if penalties else ''}",
            opinion=case.decision_summary,
            before=before,
            details={"form": form, "party_penalty": party_penalty, "gov_penalty": gov_penalty},
        )


def announce_decision(actor, case: Case, *, version: int, announced_on: datetime.date) -> Case:
    """Announced within 1 month of the decision, never beyond 6."""
    _case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "announce", "登记宣布")
        _not_future(announced_on, "宣布日期", "announced_on")
        if announced_on < case.decided_on:
            raise DomainError("宣布日期不能早于决定日期。", field="announced_on")
        if announced_on > add_months(case.decided_on, 6):
            raise DomainError("处分决定须在作出后6个月内宣布，已超过期限，请报委领导研究。", field="announced_on")
        case.announced_on = announced_on
        case.execution_due = limits.due("execution", announced_on)
        _case_due(case, "execution")
        return _save(actor, case, "case.announced", f"{announced_on:%Y-%m-%d}宣布处分决定", before=before)


def report_execution(actor, case: Case, *, version: int, executed_on: datetime.date, note: str) -> Case:
    """Execution reported: the case closes and its outcome is written on the clue (four forms)."""
    _case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "report_execution", "报告执行情况")
        _not_future(executed_on, "执行日期", "executed_on")
        note = _clean_text(note, "执行情况", "note")
        case.executed_on = executed_on
        clue = case.clue
        clue.form = case.form
        clue.measures = [
            label
            for label in (
                case.party_penalty and f"党纪处分：{case.party_penalty}",
                case.gov_penalty and f"政务处分：{case.gov_penalty}",
            )
            if label
        ]
        clue.concluded_on = executed_on
        clue.due_on, clue.due_label = None, ""
        clue.save(update_fields=["form", "measures", "concluded_on", "due_on", "due_label"])
        penalties = "、".join(clue.measures) or "未给予处分"
        _write_integrity_file(
            clue,
            IntegrityRecord.Kind.PENALTY,
            executed_on,
            case.serial,
            f"{Form(case.form).label if case.form else '处分决定'}：{penalties}",
        )
        return _save(actor, case, "case.executed", "报告处分决定执行情况，结案", opinion=note, before=before)


APPEAL_KINDS = {"review": ("复审", "appeal_review"), "recheck": ("复核", "appeal_recheck")}


def appeal(actor, case: Case, *, version: int, kind: str, requested_on: datetime.date, reasons: str) -> Case:
    """复审 (decided within 1 month) or 复核 (within 2 months), registered by 审理室."""
    _require_role(actor, Role.CASE_REVIEW)
    if kind not in APPEAL_KINDS:
        raise DomainError("请选择复审或复核。", field="kind")
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        _move(case, "appeal", "登记申诉")
        _not_future(requested_on, "申请日期", "requested_on")
        label, key = APPEAL_KINDS[kind]
        case.appeal_kind = kind
        case.appeal_due = limits.due(key, requested_on)
        _case_due(case, key)
        return _save(
            actor,
            case,
            "case.appealed",
            f"受理{label}申请，{case.appeal_due:%Y-%m-%d}前作出决定",
            opinion=_clean_text(reasons, "申诉理由", "reasons"),
            before=before,
        )


def decide_appeal(actor, case: Case, *, version: int, result: str) -> Case:
    _require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        back_to = CaseStatus.CLOSED if case.executed_on else CaseStatus.ANNOUNCED
        _move(case, "decide_appeal", "作出申诉决定", back_to)
        result = _clean_text(result, "申诉决定", "result")
        case.appeal_due = None
        _case_due(case, "execution" if back_to == CaseStatus.ANNOUNCED else None)
        label = APPEAL_KINDS[case.appeal_kind][0]
        return _save(actor, case, "case.appeal_decided", f"作出{label}决定", opinion=result, before=before)


# --- configuration (系统管理员, through the admin screens) ----------------------------------------------


@transaction.atomic
def save_close_reason(actor, reason: CloseReason) -> CloseReason:
    require_system_admin(actor)
    reason.text = _clean_text(reason.text, "理由", "text")
    if CloseReason.objects.filter(kind=reason.kind, text=reason.text).exclude(pk=reason.pk).exists():
        raise DomainError("该了结类型下已有相同的理由。", field="text")
    previous = _previous(CloseReason, reason.pk, ["kind", "text", "order", "is_active"])
    reason.save()
    record(
        actor,
        "config.saved",
        reason,
        {"kind": reason.kind, "text": reason.text, "is_active": reason.is_active, "previous": previous},
    )
    return reason


def _previous(model, pk, fields) -> dict | None:
    return model.objects.select_for_update().filter(pk=pk).values(*fields).first() if pk else None


# --- reminders ------------------------------------------------------------------------------------


def due_reminders(today: datetime.date, horizon: datetime.date) -> list[Reminder]:
    """Due-soon and overdue clues for their handlers (without handlers: the group leader, or 案管), and 监察
    cases nearing their decision limit: one reminder per clue, deadline and urgency (`workflow.reminders`)."""
    from django.urls import reverse

    due = (
        Clue.objects.exclude(status__in=(ClueStatus.CLOSED,))
        .filter(due_on__isnull=False, due_on__lte=horizon)
        .select_related("group")
        .prefetch_related("handlers")
    )
    leaders: dict[int, list[int]] = {}
    for grant in RoleGrant.objects.active().filter(role=Role.GROUP_LEADER).values("group_id", "user_id"):
        leaders.setdefault(grant["group_id"], []).append(grant["user_id"])
    registrars = list(RoleGrant.objects.active().filter(role=Role.CASE_MANAGEMENT).values_list("user_id", flat=True))
    # (clue, date due, what is due, page, key): each clue's current step, and the decision limit of
    # 监察 cases, which runs beside the step limits until the decision.
    watched = [
        (clue, clue.due_on, clue.due_label, reverse("clues:detail", args=[clue.pk]), f"clue:{clue.pk}") for clue in due
    ]
    supervised = (
        Case.objects.filter(supervision=True, decided_on__isnull=True, supervision_due__lte=horizon)
        .select_related("clue", "clue__group")
        .prefetch_related("clue__handlers")
    )
    watched += [
        (
            c.clue,
            c.supervision_due,
            limits.label("supervision_decision"),
            reverse("clues:case", args=[c.pk]),
            f"case:{c.pk}",
        )
        for c in supervised
    ]
    reminders = []
    for clue, due_on, label, url, key in watched:
        overdue = due_on < today
        recipients = [u.pk for u in clue.handlers.all()] or (
            leaders.get(clue.group_id, []) if clue.group_id else registrars
        )
        when = "已逾期" if overdue else f"将于{due_on:%Y-%m-%d}到期"
        reminders.append(
            Reminder(
                subject=clue,
                recipients=tuple(recipients),
                key=f"{key}:{label}:{due_on:%Y%m%d}:{'overdue' if overdue else 'soon'}",
                title=f"{clue.serial}「{label}」{when}",
                url=url,
            )
        )
    return reminders
