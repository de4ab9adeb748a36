"""立案审查调查 to 结案: extensions (by approval), transfer to and acceptance by 审理室, the decision, its
announcement and execution, appeals. A case's deadline is mirrored on its clue (`due_on`, `due_label`),
which the ledger and the reminders read: each step writes both records, so each moves and commits
inside its own transaction (`workflow.transitions.move` / `commit`)."""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.core.calendar import add_months
from paizhu.core.errors import DomainError, IllegalTransition
from paizhu.core.roles import Role
from paizhu.org.models import IntegrityRecord
from paizhu.workflow import approvals, documents
from paizhu.workflow.transitions import Event, commit, move

from .. import limits
from ..models import GOV_PENALTIES, HEAVY_GOV_PENALTIES, HEAVY_PARTY_PENALTIES, PARTY_PENALTIES, Case, Form
from ..workflows import CaseStatus
from ._common import (
    EXTENSION,
    clean_text,
    facts,
    not_before,
    not_future,
    require_handler,
    require_role,
    set_due,
    skip_roles,
    today,
    write_integrity_file,
)

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

SUPERVISION_OPEN = (CaseStatus.INVESTIGATING, CaseStatus.REVIEW_PENDING, CaseStatus.IN_REVIEW)
APPEAL_KINDS = {"review": ("复审", "appeal_review"), "recheck": ("复核", "appeal_recheck")}


def _require_case_handler(actor: "Actor", case: Case) -> None:
    access.get_for_act(actor, Case, case.pk)
    require_handler(actor, case.clue)


def _mirror_due(case: Case, key: str | None) -> None:
    """The case's current deadline (`key` names its words) onto its clue."""
    clue = case.clue
    clue.due_on, clue.due_label = case.current_due if key else None, limits.label(key) if key else ""
    clue.save(update_fields=["due_on", "due_label"])


def request_extension(actor: "Actor", case: Case, *, version: int, reasons: str) -> Case:
    """One extension of the investigation (up to 90 days), by approval."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        if case.status != CaseStatus.INVESTIGATING:
            raise IllegalTransition(f"案件当前状态为“{case.get_status_display()}”，不能申请延长审查调查期限。")
        if case.extended:
            raise DomainError("审查调查期限只能延长一次。")
        return _open_extension(actor, case, reasons, {}, "审查调查期限")


def request_supervision_extension(actor: "Actor", case: Case, *, version: int, reasons: str) -> Case:
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


def _open_extension(actor: "Actor", case: Case, reasons: str, payload: dict, limit_label: str) -> Case:
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


def transfer_to_review(actor: "Actor", case: Case, *, version: int, report: str) -> Case:
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


def accept_review(actor: "Actor", case: Case, *, version: int) -> Case:
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
    actor: "Actor",
    case: Case,
    *,
    version: int,
    decided_on: datetime.date,
    summary: str,
    form: int,
    party_penalty: str = "",
    gov_penalty: str = "",
    referred_for_prosecution: bool = False,
    penalty_basis: str = "",
) -> Case:
    """Record the standing committee's decision (recorded by 审理室): form, penalties and the articles applied.

    The form must be the one the penalties and the referral make it (`check_form`). Issues the 审理报告 and,
    when a penalty is given, one 处分决定 per person, dated the decision day.
    """
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "decide", "登记处分决定")
        not_future(decided_on, "决定日期", "decided_on")
        not_before(
            decided_on,
            case.review_accepted_on,
            f"决定日期不能早于审理受理日期（{case.review_accepted_on:%Y-%m-%d}）。",
            "decided_on",
        )
        not_before(
            decided_on,
            case.submitted_on,
            f"决定日期不能早于提请审议日期（{case.submitted_on:%Y-%m-%d}）。" if case.submitted_on else "",
            "decided_on",
        )
        check_form(form, party_penalty, gov_penalty, referred_for_prosecution)
        penalty_basis = (penalty_basis or "").strip()
        if (party_penalty or gov_penalty) and not penalty_basis:
            raise DomainError("给予处分的，请填写处分依据（适用条款）。", field="penalty_basis")
        if len(penalty_basis) > 300:
            raise DomainError("处分依据不能超过300字。", field="penalty_basis")
        case.decision_summary = clean_text(summary, "处分决定要旨", "summary")
        case.penalty_basis = penalty_basis
        case.decided_on, case.form = decided_on, form
        case.party_penalty, case.gov_penalty = party_penalty, gov_penalty
        case.referred_for_prosecution = referred_for_prosecution
        case.announce_due = limits.due("announce", decided_on)
        _mirror_due(case, "announce")
        penalties = "、".join(
            p for p in (party_penalty and f"党纪处分{party_penalty}", gov_penalty and f"政务处分{gov_penalty}") if p
        )
        event = Event(
            "case.decided",
            f"作出决定：{Form(form).label}{'，' + penalties if penalties else ''}",
            case.decision_summary,
            {
                "form": form,
                "party_penalty": party_penalty,
                "gov_penalty": gov_penalty,
                "referred_for_prosecution": referred_for_prosecution,
            },
        )
        documents.issue_all(actor, "penalty_decision", case, on=decided_on)
        return commit(actor, case, event, before=before)


def check_form(form: int, party_penalty: str, gov_penalty: str, referred: bool) -> None:
    """四种形态 from the outcome: no penalty is the first form; a light party penalty or a light government
    one (警告 … 记大过) the second; a heavy one (撤销党内职务, 留党察看, 开除党籍; 降级, 撤职, 开除) the third;
    the fourth is for serious violations suspected of crime and referred to the judicial organs, whatever
    the penalty."""
    if form not in Form.values:
        raise DomainError("请选择四种形态。", field="form")
    if party_penalty and party_penalty not in PARTY_PENALTIES:
        raise DomainError("党纪处分无效。", field="party_penalty")
    if gov_penalty and gov_penalty not in GOV_PENALTIES:
        raise DomainError("政务处分无效。", field="gov_penalty")
    penalties = [p for p in (party_penalty, gov_penalty) if p]
    heavy = [
        p for p, heavies in ((party_penalty, HEAVY_PARTY_PENALTIES), (gov_penalty, HEAVY_GOV_PENALTIES)) if p in heavies
    ]
    named = "、".join(f"“{p}”" for p in penalties)
    if referred and form != Form.FOURTH:
        raise DomainError("涉嫌犯罪移送司法机关的，应为第四种形态。", field="form")
    if form == Form.FOURTH and not referred:
        raise DomainError(
            "第四种形态限于严重违纪违法涉嫌犯罪、移送司法机关的案件；未移送的，给予重处分的为第三种形态。",
            field="form",
        )
    if form == Form.FIRST and penalties:
        raise DomainError(
            f"第一种形态不给予党纪处分或政务处分；给予{named}的，应按处分轻重归入第二或第三种形态。", field="form"
        )
    if form >= Form.SECOND and not penalties:
        raise DomainError("第二至第四种形态须给予党纪处分或政务处分。", field="party_penalty")
    if form == Form.SECOND and heavy:
        raise DomainError(
            f"{'、'.join(f'“{p}”' for p in heavy)}属重处分或重大职务调整，应为第三种形态（涉嫌犯罪移送司法机关的为第四种）。",
            field="form",
        )
    if form == Form.THIRD and not heavy:
        raise DomainError(
            f"{named}属轻处分，应为第二种形态；第三种形态为撤销党内职务、留党察看、开除党籍或降级、撤职、开除。",
            field="form",
        )


def announce_decision(actor: "Actor", case: Case, *, version: int, announced_on: datetime.date) -> Case:
    """Announced within 1 month of the decision, never beyond 6."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "announce", "登记宣布")
        not_future(announced_on, "宣布日期", "announced_on")
        if case.decided_on is not None and announced_on < case.decided_on:
            raise DomainError("宣布日期不能早于决定日期。", field="announced_on")
        if case.decided_on is not None and announced_on > add_months(case.decided_on, 6):
            raise DomainError("处分决定须在作出后6个月内宣布，已超过期限，请报委领导研究。", field="announced_on")
        case.announced_on = announced_on
        case.execution_due = limits.due("execution", announced_on)
        _mirror_due(case, "execution")
        return commit(actor, case, Event("case.announced", f"{announced_on:%Y-%m-%d}宣布处分决定"), before=before)


def report_execution(actor: "Actor", case: Case, *, version: int, executed_on: datetime.date, note: str) -> Case:
    """Execution reported: the case closes and its outcome is written on the clue (four forms)."""
    _require_case_handler(actor, case)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "report_execution", "报告执行情况")
        not_future(executed_on, "执行日期", "executed_on")
        not_before(
            executed_on, case.decided_on, f"执行日期不能早于决定日期（{case.decided_on:%Y-%m-%d}）。", "executed_on"
        )
        not_before(
            executed_on,
            case.announced_on,
            f"执行日期不能早于宣布日期（{case.announced_on:%Y-%m-%d}）。",
            "executed_on",
        )
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


def appeal(actor: "Actor", case: Case, *, version: int, kind: str, requested_on: datetime.date, reasons: str) -> Case:
    """复审 (decided within 1 month) or 复核 (within 2 months), registered by 审理室."""
    require_role(actor, Role.CASE_REVIEW)
    if kind not in APPEAL_KINDS:
        raise DomainError("请选择复审或复核。", field="kind")
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "appeal", "登记申诉")
        not_future(requested_on, "申请日期", "requested_on")
        not_before(
            requested_on, case.decided_on, f"申请日期不能早于决定日期（{case.decided_on:%Y-%m-%d}）。", "requested_on"
        )
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


def decide_appeal(actor: "Actor", case: Case, *, version: int, result: str) -> Case:
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
