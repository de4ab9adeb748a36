"""Disposing of a finding (问题发现): the group leader decides, once, what becomes of it.

As a clue (registered through the clue ledger's own service, linked both ways), as a 提醒谈话 or 谈话警示
(a first-form record of its own, written to the integrity file), or 不予处理 with a reason. Each is one
transaction: the finding moves, and what it became is created in the same step or not at all.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.clues import services as clue_services
from paizhu.clues.models import Clue, Source
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import Role
from paizhu.org.models import Person
from paizhu.rectification import services as rectification_services
from paizhu.rectification.models import Demand, DemandKind
from paizhu.workflow.transitions import Event, commit, move, require_move

from ..models import FIRST_FORM_KINDS, Activity, Finding
from ._common import clean_text
from .activities import ActivityInput, record_activity

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def may_dispose(actor: "Actor", finding: Finding) -> bool:
    """The group leader of the finding's group, while it waits (the page's buttons and the services ask this)."""
    return (
        actor.acting_role == Role.GROUP_LEADER
        and finding.status == Finding._meta.get_field("status").default
        and access.may(actor, "act", finding)
    )


def _locked(actor: "Actor", finding: Finding, version: int, name: str, what: str) -> Finding:
    if actor.acting_role != Role.GROUP_LEADER:
        raise PermissionDenied("问题发现由派驻组组长处置。")
    locked = access.lock_for_act(actor, Finding.objects.select_related("activity"), finding.pk, version=version)
    require_move(locked, name, what)
    return locked


def _disposed(actor: "Actor", finding: Finding, event: Event, before: str) -> Finding:
    finding.disposed_by = actor
    finding.disposed_on = shanghai_today()
    return commit(actor, finding, event, before=before)


def dispose_as_clue(
    actor: "Actor",
    finding: Finding,
    *,
    version: int,
    summary: str,
    subjects: Sequence[Person] = (),
    categories: Sequence[str] = (),
    handlers: Sequence["Actor"] = (),
) -> Clue:
    """登记为问题线索: the group registers a clue from the finding (source 监督检查, its record's serial)."""
    summary = clean_text(summary, "主要问题", "summary")
    with transaction.atomic():
        locked = _locked(actor, finding, version, "register_as_clue", "登记为问题线索")
        activity = locked.activity
        clue = clue_services.register_clue(
            actor,
            source_kind=Source.SUPERVISION,
            received_on=shanghai_today(),
            unit=activity.unit,
            summary=summary,
            subjects=subjects,
            categories=categories,
            source_detail=f"日常监督（{activity.get_kind_display()}）发现",
            source_ref=activity.serial,
            handlers=handlers,
        )
        before = locked.status
        move(locked, "register_as_clue", "登记为问题线索", clue)
        _disposed(
            actor,
            locked,
            Event("finding.disposed_as_clue", f"问题发现登记为问题线索 {clue.serial}", locked.text, {"clue": clue.pk}),
            before,
        )
    return clue


def dispose_as_talk(actor: "Actor", finding: Finding, *, version: int, kind: str, data: ActivityInput) -> Activity:
    """提醒谈话 / 谈话警示: the talk is recorded as an activity of its own (and so in the integrity file)."""
    if kind not in FIRST_FORM_KINDS:
        raise DomainError("请选择提醒谈话或谈话警示。", field="kind")
    with transaction.atomic():
        locked = _locked(actor, finding, version, "answer_with_talk", "作提醒谈话或谈话警示")
        talk = record_activity(actor, kind, data)
        before = locked.status
        move(locked, "answer_with_talk", "作提醒谈话或谈话警示", talk)
        _disposed(
            actor,
            locked,
            Event(
                "finding.disposed_as_talk",
                f"问题发现作{talk.get_kind_display()}处理（{talk.serial}）",
                locked.text,
                {"talk": talk.pk},
            ),
            before,
        )
    return talk


def dispose_as_rectification(
    actor: "Actor",
    finding: Finding,
    *,
    version: int,
    kind: str,
    problems: str,
    items: Sequence["rectification_services.ItemInput | str"],
    causes: str = "",
    measures: str = "",
    reply_workdays: int | None = None,
) -> Demand:
    """提出整改要求: a draft demand to the record's unit, its source this finding, in the same transaction.

    The draft then follows rectification's own steps (approval, issue with a 文号, the unit's answers).
    """
    with transaction.atomic():
        locked = _locked(actor, finding, version, "demand_rectification", "提出整改要求")
        activity = locked.activity
        demand = rectification_services.draft_demand(
            actor,
            unit=activity.unit,
            kind=kind,
            problems=problems,
            items=list(items),
            source=locked,
            source_label=f"{activity.serial} {activity.get_kind_display()}发现的问题",
            causes=causes,
            measures=measures,
            reply_workdays=reply_workdays,
        )
        before = locked.status
        move(locked, "demand_rectification", "提出整改要求", demand)
        _disposed(
            actor,
            locked,
            Event(
                "finding.disposed_as_rectification",
                f"问题发现提出整改要求（{DemandKind(kind).label} {demand.serial}）",
                locked.text,
                {"demand": demand.pk},
            ),
            before,
        )
    return demand


def drop(actor: "Actor", finding: Finding, *, version: int, reason: str) -> Finding:
    """不予处理: the leader closes the finding with the reason written down."""
    reason = clean_text(reason, "不予处理理由", "reason", limit=1000)
    with transaction.atomic():
        locked = _locked(actor, finding, version, "drop", "作不予处理")
        before = locked.status
        move(locked, "drop", "作不予处理", reason)
        return _disposed(actor, locked, Event("finding.dropped", "问题发现不予处理", reason), before)
