"""立案审查调查 to 结案: extensions (by approval), transfer to and acceptance by 审理室, the decision, its
announcement and execution, appeals. A case's deadline is mirrored on its clue (`due_on`, `due_label`),
which the ledger and the reminders read: each step writes both records, so each moves and commits
inside its own transaction (`workflow.transitions.move` / `commit`)."""

import datetime

from django.db import transaction

from paizhu import access
from paizhu.core.calendar import add_months
from paizhu.core.errors import DomainError, IllegalTransition
from paizhu.core.roles import Role
from paizhu.org.models import IntegrityRecord
from paizhu.workflow import approvals
from paizhu.workflow.transitions import Event, commit, move

from .. import limits
from ..models import GOV_PENALTIES, PARTY_PENALTIES, Case, Form
from ..workflows import CaseStatus
from ._common import (
    EXTENSION,
    clean_text,
    facts,
    not_future,
    require_handler,
    require_role,
    set_due,
    skip_roles,
    today,
    write_integrity_file,
)

SUPERVISION_OPEN = (CaseStatus.INVESTIGATING, CaseStatus.REVIEW_PENDING, CaseStatus.IN_REVIEW)
APPEAL_KINDS = {"review": ("复审", "appeal_review"), "recheck": ("复核", "appeal_recheck")}


def _require_case_handler(actor, case: Case) -> None:
    access.get_for_act(actor, Case, case.pk)
    require_handler(actor, case.clue)


def _mirror_due(case: Case, key: str | None) -> None:
    """The case's current deadline (`key` names its words) onto its clue."""
    clue = case.clue
    clue.due_on, clue.due_label = case.current_due if key else None, limits.label(key) if key else ""
    clue.save(update_fields=["due_on", "due_label"])


def request_extension(actor, case: Case, *, version: int, reasons: str) -> Case:
    """One extension of the investigation (up to 90 days), by approval."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        if case.status != CaseStatus.INVESTIGATING:
            raise IllegalTransition(f"案件当前状态为“{case.get_status_display()}”，不能申请延长审查调查期限。")
        if case.extended:
            raise DomainError("审查调查期限只能延长一次。")
        return _open_extension(actor, case, reasons, {}, "审查调查期限")


def request_supervision_extension(actor, case: Case, *, version: int, reasons: str) -> Case:
    """A 监察 case's decision limit (1 year from filing) extended once by 6 months, by approval."""
    _require_case_handler(actor, case)
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
    reasons = clean_text(reasons, "延期理由", "reasons")
    clue = case.clue
    steps = approvals.open_request(
        actor,
        case,
        EXTENSION,
        facts=facts(clue, "extension"),
        payload={"reasons": reasons, **payload},
        skip_roles=skip_roles(clue),
    )
    chain = " → ".join(s.label for s in steps)
    event = Event("case.extension_requested", f"申请延长{limit_label}（报{chain}）", reasons)
    return commit(actor, case, event, before="")


def transfer_to_review(actor, case: Case, *, version: int, report: str) -> Case:
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "transfer_to_review", "移送审理")
        if approvals.current(case) is not None:
            raise DomainError("延期申请尚在审批中，请审批完成后再移送审理。")
        case.investigation_report = clean_text(report, "审查调查报告", "report")
        case.sent_to_review_on = today()
        clue = case.clue
        set_due(clue, None)
        clue.due_label = "待审理室受理"
        clue.save(update_fields=["due_on", "due_label"])
        event = Event("case.transferred", "移送案件审理室审理", case.investigation_report)
        return commit(actor, case, event, before=before)


def accept_review(actor, case: Case, *, version: int) -> Case:
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "accept_review", "受理审理")
        case.review_accepted_on = today()
        case.review_due = limits.due("review", case.review_accepted_on)
        _mirror_due(case, "review")
        event = Event("case.review_accepted", f"审理室受理，{case.review_due:%Y-%m-%d}前审结")
        return commit(actor, case, event, before=before)


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
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "decide", "登记处分决定")
        not_future(decided_on, "决定日期", "decided_on")
        if case.submitted_on and decided_on < case.submitted_on:
            raise DomainError(f"决定日期不能早于提请审议日期（{case.submitted_on:%Y-%m-%d}）。", field="decided_on")
        if form not in Form.values:
            raise DomainError("请选择四种形态。", field="form")
        if party_penalty and party_penalty not in PARTY_PENALTIES:
            raise DomainError("党纪处分无效。", field="party_penalty")
        if gov_penalty and gov_penalty not in GOV_PENALTIES:
            raise DomainError("政务处分无效。", field="gov_penalty")
        if form >= Form.SECOND and not (party_penalty or gov_penalty):
            raise DomainError("第二至第四种形态须给予党纪处分或政务处分。", field="party_penalty")
        case.decision_summary = clean_text(summary, "处分决定要旨", "summary")
        case.decided_on, case.form = decided_on, form
        case.party_penalty, case.gov_penalty = party_penalty, gov_penalty
        case.announce_due = limits.due("announce", decided_on)
        _mirror_due(case, "announce")
        penalties = "、".join(
            p for p in (party_penalty and f"党纪处分{party_penalty}", gov_penalty and f"政务处分{gov_penalty}") if p
        )
        event = Event(
            "case.decided",
            f"作出决定：{Form(form).label}{'，' + penalties if penalties else ''}",
            case.decision_summary,
            {"form": form, "party_penalty": party_penalty, "gov_penalty": gov_penalty},
        )
        return commit(actor, case, event, before=before)


def announce_decision(actor, case: Case, *, version: int, announced_on: datetime.date) -> Case:
    """Announced within 1 month of the decision, never beyond 6."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "announce", "登记宣布")
        not_future(announced_on, "宣布日期", "announced_on")
        if announced_on < case.decided_on:
            raise DomainError("宣布日期不能早于决定日期。", field="announced_on")
        if announced_on > add_months(case.decided_on, 6):
            raise DomainError("处分决定须在作出后6个月内宣布，已超过期限，请报委领导研究。", field="announced_on")
        case.announced_on = announced_on
        case.execution_due = limits.due("execution", announced_on)
        _mirror_due(case, "execution")
        return commit(actor, case, Event("case.announced", f"{announced_on:%Y-%m-%d}宣布处分决定"), before=before)


def report_execution(actor, case: Case, *, version: int, executed_on: datetime.date, note: str) -> Case:
    """Execution reported: the case closes and its outcome is written on the clue (four forms)."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "report_execution", "报告执行情况")
        not_future(executed_on, "执行日期", "executed_on")
        note = clean_text(note, "执行情况", "note")
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
        write_integrity_file(
            clue,
            IntegrityRecord.Kind.PENALTY,
            executed_on,
            case.serial,
            f"{Form(case.form).label if case.form else '处分决定'}：{penalties}",
        )
        return commit(actor, case, Event("case.executed", "报告处分决定执行情况，结案", note), before=before)


def appeal(actor, case: Case, *, version: int, kind: str, requested_on: datetime.date, reasons: str) -> Case:
    """复审 (decided within 1 month) or 复核 (within 2 months), registered by 审理室."""
    require_role(actor, Role.CASE_REVIEW)
    if kind not in APPEAL_KINDS:
        raise DomainError("请选择复审或复核。", field="kind")
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "appeal", "登记申诉")
        not_future(requested_on, "申请日期", "requested_on")
        label, key = APPEAL_KINDS[kind]
        case.appeal_kind = kind
        case.appeal_due = limits.due(key, requested_on)
        _mirror_due(case, key)
        event = Event(
            "case.appealed",
            f"受理{label}申请，{case.appeal_due:%Y-%m-%d}前作出决定",
            clean_text(reasons, "申诉理由", "reasons"),
        )
        return commit(actor, case, event, before=before)


def decide_appeal(actor, case: Case, *, version: int, result: str) -> Case:
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        back_to = CaseStatus.CLOSED if case.executed_on else CaseStatus.ANNOUNCED
        move(case, "decide_appeal", "作出申诉决定", back_to)
        result = clean_text(result, "申诉决定", "result")
        case.appeal_due = None
        _mirror_due(case, "execution" if back_to == CaseStatus.ANNOUNCED else None)
        label = APPEAL_KINDS[case.appeal_kind][0]
        return commit(actor, case, Event("case.appeal_decided", f"作出{label}决定", result), before=before)
