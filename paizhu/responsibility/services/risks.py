"""廉政风险防控: the unit keeps its register of integrity-risk points (by post and power item), reviews each by its
review date, retires those whose post or power is gone. Each change one transaction with its timeline row and audit
entry; the group reads the register and its risk map.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from paizhu import access
from paizhu.accounts.models import RoleGrant
from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import UNIT_ROLES
from paizhu.org.models import Person, Unit
from paizhu.workflow import reminders, timeline
from paizhu.workflow.states import state_of
from paizhu.workflow.transitions import Event, commit, move

from ..models import RiskPoint
from .lists import _text, may_write_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass(frozen=True)
class RiskInput:
    department: str
    post: str
    power_item: str
    category: str
    level: str
    manifestation: str
    measures: str
    owner: Person | None
    leader: Person | None
    review_on: datetime.date | None


def _clean(unit_id: int, data: RiskInput) -> dict:
    if data.category not in RiskPoint.Category.values:
        raise DomainError("请选择风险类别。", field="category")
    if data.level not in RiskPoint.Level.values:
        raise DomainError("请选择风险等级。", field="level")
    if data.owner is None or data.owner.unit_id != unit_id or not data.owner.is_active:
        raise DomainError("责任人须为本单位在职干部。", field="owner")
    if data.leader is None or data.leader.unit_id != unit_id or not data.leader.is_leadership_member:
        raise DomainError("责任领导须为本单位领导班子成员。", field="leader")
    if data.review_on is None:
        raise DomainError("请填写复核日期。", field="review_on")
    if data.review_on < shanghai_today():
        raise DomainError("复核日期不能早于今天。", field="review_on")
    return {
        "department": _text(data.department, "科室（领域）", "department", required=True, limit=100),
        "post": _text(data.post, "岗位", "post", required=True, limit=100),
        "power_item": _text(data.power_item, "权力事项", "power_item", required=True, limit=200),
        "category": data.category,
        "level": data.level,
        "manifestation": _text(data.manifestation, "风险表现", "manifestation", required=True),
        "measures": _text(data.measures, "防控措施", "measures", required=True),
        "owner": data.owner,
        "leader": data.leader,
        "review_on": data.review_on,
    }


def _label(name: str) -> str:
    return str(getattr(RiskPoint._meta.get_field(name), "verbose_name", name))


def add_risk(actor: "Actor", *, unit: Unit, data: RiskInput) -> RiskPoint:
    """登记风险点 in the unit's register."""
    if not may_write_for(actor, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以维护本单位的廉政风险点。", model=Unit, pk=unit.pk)
    values = _clean(unit.pk, data)
    with transaction.atomic():
        point = RiskPoint.objects.create(unit=unit, created_by=actor, **values)
        title = f"登记廉政风险点（{point.get_category_display()}，风险等级{point.get_level_display()}）"
        timeline.write(actor, point, "responsibility.risk_added", title)
        record(
            actor,
            "responsibility.risk_added",
            point,
            {"level": point.level, "category": point.category, "review_on": point.review_on.isoformat()},
        )
    return point


def edit_risk(actor: "Actor", point: RiskPoint, *, version: int | None, data: RiskInput) -> RiskPoint:
    """修改风险点 (its level, measures, owner ...): the change is kept in its timeline."""
    with transaction.atomic():
        locked = access.lock_for_act(actor, RiskPoint, point.pk, version=version)
        values = _clean(locked.unit_id, data)
        changed = [_label(k) for k, v in values.items() if getattr(locked, k) != v]
        if not changed:
            raise DomainError("没有修改任何内容。")
        for key, value in values.items():
            setattr(locked, key, value)
        before = state_of(locked)
        move(locked, "revise", "修改风险点")
        return commit(
            actor,
            locked,
            Event("responsibility.risk_edited", f"修改风险点：{'、'.join(changed)}", details={"level": locked.level}),
            before=before,
        )


def review_risk(
    actor: "Actor",
    point: RiskPoint,
    *,
    version: int | None,
    reviewed_on: datetime.date,
    level: str,
    note: str,
    next_review_on: datetime.date,
) -> RiskPoint:
    """复核风险点: on its day the unit checks the point still stands, rates it again and sets the next review."""
    note = _text(note, "复核情况", "note", required=True)
    if level not in RiskPoint.Level.values:
        raise DomainError("请选择风险等级。", field="level")
    today = shanghai_today()
    if reviewed_on is None:
        raise DomainError("请填写复核日期。", field="reviewed_on")
    if reviewed_on > today:
        raise DomainError("复核日期不能晚于今天。", field="reviewed_on")
    if next_review_on is None:
        raise DomainError("请填写下次复核日期。", field="next_review_on")
    if next_review_on <= reviewed_on:
        raise DomainError("下次复核日期应晚于本次复核日期。", field="next_review_on")
    with transaction.atomic():
        locked = access.lock_for_act(actor, RiskPoint, point.pk, version=version)
        if locked.reviewed_on and reviewed_on < locked.reviewed_on:
            raise DomainError(f"复核日期不能早于上次复核日期（{locked.reviewed_on:%Y-%m-%d}）。", field="reviewed_on")
        was = locked.get_level_display()
        locked.level, locked.reviewed_on, locked.review_on = level, reviewed_on, next_review_on
        before = state_of(locked)
        move(locked, "revise", "复核风险点")
        now = locked.get_level_display()
        words = f"风险等级由{was}调整为{now}" if was != now else f"风险等级{now}"
        return commit(
            actor,
            locked,
            Event(
                "responsibility.risk_reviewed",
                f"复核风险点（{reviewed_on:%Y-%m-%d}），{words}，下次复核{next_review_on:%Y-%m-%d}",
                note,
                {"level": level, "next_review_on": next_review_on.isoformat()},
            ),
            before=before,
        )


def retire_risk(actor: "Actor", point: RiskPoint, *, version: int | None, reason: str) -> RiskPoint:
    """撤销风险点 (the post or the power item no longer exists); it stays in the register as retired."""
    reason = _text(reason, "撤销原因", "reason", required=True)
    with transaction.atomic():
        locked = access.lock_for_act(actor, RiskPoint, point.pk, version=version)
        before = state_of(locked)
        move(locked, "retire", "撤销风险点", reason)
        return commit(actor, locked, Event("responsibility.risk_retired", "撤销风险点", reason), before=before)


def risk_reminders(today: datetime.date, horizon: datetime.date) -> Iterable[reminders.Reminder]:
    """The unit's users: a risk point to review within `horizon`, or past its review date."""
    due = RiskPoint.objects.filter(status=RiskPoint.Status.ACTIVE, review_on__lte=horizon).order_by("unit_id", "id")
    units = set(due.values_list("unit_id", flat=True))
    if not units:
        return
    users: dict[int, tuple[int, ...]] = {}
    grants = RoleGrant.objects.active().filter(unit_id__in=units, role__in=UNIT_ROLES)
    for unit_id, user_id in grants.values_list("unit_id", "user_id"):
        users[unit_id] = (*users.get(unit_id, ()), user_id)
    for point in due:
        recipients = tuple(sorted(set(users.get(point.unit_id, ()))))
        if not recipients:
            continue
        overdue = point.review_on < today
        yield reminders.Reminder(
            point,
            recipients,
            f"risk:{point.pk}:{point.review_on.isoformat()}:{'overdue' if overdue else 'soon'}",
            f"廉政风险点{'复核已逾期' if overdue else '即将到复核日期'}（{point.review_on:%Y-%m-%d}）：{point}"[:200],
            reverse("responsibility:risk", args=[point.pk]),
        )
