"""初步核实: the plan and the team, then the team's report with its proposal (through the approval chain)."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from paizhu import access
from paizhu.core.errors import DomainError, IllegalTransition
from paizhu.workflow import documents
from paizhu.workflow.transitions import Event, commit, require_move

from ..models import FIRST_FORM_MEASURES, Action, CloseKind, Clue, Form
from ..workflows import ClueStatus
from ._common import (
    check_close_reason,
    check_conflicts,
    check_group_staff,
    check_measures,
    check_park_until,
    check_supervision,
    clean_text,
    propose,
    require_handler,
)

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

VERIFICATION_PROPOSALS = (Action.CASE, Action.CLOSE, Action.LIGHT, Action.PARK)


def record_verification_plan(actor: "Actor", clue: Clue, *, version: int, plan: str, team: Iterable = ()) -> Clue:
    """The verification plan and team; team members become handlers (conflicted ones are refused)."""
    access.get_for_act(actor, Clue, clue.pk)
    require_handler(actor, clue)
    team = list(team)
    if clue.group_id and team:
        check_group_staff(team, clue.group_id)
    subject_ids = set(clue.subjects.values_list("pk", flat=True))
    check_conflicts(actor, clue, team, unit_id=clue.unit_id, subject_ids=subject_ids)
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        # Not a move: the plan is written while the verification runs.
        if clue.status != ClueStatus.VERIFYING:
            raise IllegalTransition(f"当前状态为“{clue.get_status_display()}”，不能制定初核方案。")
        clue.verification_plan = clean_text(plan, "初核方案", "plan")
        clue.handlers.add(*team)
        names = "、".join(str(u) for u in clue.handlers.all())
        event = Event("clue.verification_planned", f"制定初核方案，核查组：{names}", clue.verification_plan)
        return commit(actor, clue, event, before="")


def report_verification(
    actor: "Actor",
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
    require_handler(actor, clue)
    if proposal not in VERIFICATION_PROPOSALS:
        raise DomainError("请选择处理建议。", field="proposal")
    with transaction.atomic():
        clue = access.lock_for_act(actor, Clue, clue.pk, version=version)
        require_move(clue, "report_verification", "提交初步核实情况报告")
        if not clue.verification_plan:
            raise DomainError("请先制定初核方案。")
        clue.verification_report = clean_text(report, "初步核实情况报告", "report")
        payload: dict[str, Any] = {
            "action": proposal,
            "reasons": clue.verification_report,
            "close_kind": CloseKind.AFTER_VERIFICATION,
        }
        if proposal == Action.LIGHT:
            payload["measures"] = check_measures(measures, FIRST_FORM_MEASURES, required=True)
            payload["form"] = Form.FIRST
        if proposal == Action.CLOSE:
            payload["close_reason"] = check_close_reason(CloseKind.AFTER_VERIFICATION, close_reason)
        if proposal == Action.PARK:
            payload["park_until"] = check_park_until(park_until)
        if proposal == Action.CASE and supervision:
            payload["supervision"] = check_supervision(clue)
        documents.issue(actor, "verification_report", clue)
        return propose(
            actor,
            clue,
            "report_verification",
            "提交初步核实情况报告",
            payload,
            code="clue.verification_reported",
            title=f"提交初步核实情况报告，建议{Action(proposal).label}",
            opinion="",
        )
