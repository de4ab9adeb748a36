"""Where a report goes (domain.md §2): the threshold of cadres the commission handles itself (configuration with
history), the proposal, and the person who confirms it."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from paizhu.access import jurisdiction
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import DispatchGroup, Person, Unit
from paizhu.org.services import covering_group
from paizhu.workflow.services import require_system_admin
from paizhu.workflow.transitions import Event, transition

from ..models import ForwardingRecord, Kind, Office, Report, RoutingThreshold

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

_RANK_ORDER = [value for value, _ in Person.Rank.choices]  # highest first


@dataclass(frozen=True)
class Threshold:
    """委机关直接管理的门槛 in force: the newest `RoutingThreshold`, or the deployment's settings before any."""

    leadership_members: bool
    management_levels: tuple[str, ...]
    min_rank: str

    @classmethod
    def current(cls) -> "Threshold":
        row = RoutingThreshold.current()
        if row is not None:
            return cls(row.leadership_members, tuple(row.management_levels), row.min_rank)
        return cls(
            getattr(settings, "INTAKE_COMMISSION_MANAGES_LEADERSHIP", True),
            tuple(getattr(settings, "INTAKE_COMMISSION_MANAGED_LEVELS", ("same_level",))),
            getattr(settings, "INTAKE_COMMISSION_MANAGED_MIN_RANK", ""),
        )


def commission_managed(person: Person, threshold: Threshold | None = None) -> bool:
    """Cadres the commission handles itself. The threshold is configuration with history, not code."""
    threshold = threshold or Threshold.current()
    if threshold.leadership_members and person.is_leadership_member:
        return True
    if person.management_level in threshold.management_levels:
        return True
    if threshold.min_rank and person.rank in _RANK_ORDER:
        return _RANK_ORDER.index(person.rank) <= _RANK_ORDER.index(threshold.min_rank)
    return False


# Higher-managed cadres are never entered (forwarded), so no threshold names their level.
THRESHOLD_LEVELS = [(v, label) for v, label in Person.ManagementLevel.choices if v != Person.ManagementLevel.HIGHER]


@transaction.atomic
def save_routing_threshold(
    actor: "Actor", *, leadership_members: bool, management_levels: Sequence[str], min_rank: str, reason: str
) -> RoutingThreshold:
    """A new version of the threshold; reports already routed keep the proposal they were given."""
    require_system_admin(actor)
    levels = list(dict.fromkeys(management_levels))
    if not set(levels) <= {v for v, _ in THRESHOLD_LEVELS}:
        raise DomainError("请从列表中选择管理层级。", field="management_levels")
    if min_rank and min_rank not in Person.Rank.values:
        raise DomainError("请从列表中选择职级。", field="min_rank")
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写调整依据（如会议纪要、文件名称）。", field="reason")
    previous = Threshold.current()
    row = RoutingThreshold.objects.create(
        leadership_members=leadership_members,
        management_levels=levels,
        min_rank=min_rank,
        reason=reason,
        changed_by=actor,
    )
    details = {"leadership_members": leadership_members, "management_levels": levels, "min_rank": min_rank}
    record(actor, "config.saved", row, {**details, "reason": reason, "previous": previous.__dict__})
    return row


def own_leader_ids(people: Iterable[Person]) -> set[int]:
    """The persons among `people` who lead this commission (an active 委领导 grant on their user)."""
    ids = [p.pk for p in people]
    return set(
        Person.objects.filter(
            pk__in=ids, user__role_grants__role=Role.COMMISSION_LEADER, user__role_grants__revoked_at__isnull=True
        ).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class RoutingProposal:
    group: DispatchGroup | None
    office: str
    reason: str
    forward: str = ""  # a ForwardingRecord.Reason: the report must not be entered at all


def propose_routing(
    *, kind: str, subjects: Sequence[Person], unit: Unit | None, received_on: datetime.date
) -> RoutingProposal:
    """Where a report should go (domain.md §2); a person confirms it with `confirm_routing`."""
    own = own_leader_ids(subjects)
    for person in subjects:
        if person.pk in own:
            return RoutingProposal(
                None, "", f"{person.name}是本委领导，应直接报送上级纪委监委", ForwardingRecord.Reason.OWN_LEADER
            )
        if person.management_level == Person.ManagementLevel.HIGHER:
            return RoutingProposal(
                None, "", f"{person.name}属上级党委管理干部，应转送上级纪委监委", ForwardingRecord.Reason.HIGHER_MANAGED
            )
    if kind == Kind.OUT_OF_SCOPE:
        return RoutingProposal(None, Office.PETITION, "不属于纪检监察机关受理范围，由信访室转有关机关")
    threshold = Threshold.current()
    for person in subjects:
        if commission_managed(person, threshold):
            return RoutingProposal(None, Office.PETITION, f"{person.name}属委机关直接管理的干部，由委机关办理")
    if unit is None:
        return RoutingProposal(None, Office.PETITION, "未确定涉及单位，由信访室甄别")
    group = covering_group(unit, received_on)
    if group is None:
        return RoutingProposal(None, Office.PETITION, f"{received_on:%Y-%m-%d}时{unit.name}无派驻组监督，由委机关办理")
    return RoutingProposal(group, "", f"{received_on:%Y-%m-%d}时{unit.name}由{group}监督")


def confirm_routing(
    actor: "Actor",
    report: Report,
    *,
    group: DispatchGroup | None,
    office: str = "",
    note: str = "",
    version: int | None = None,
) -> Report:
    """A person confirms (or changes) where the report goes; every hand-over is on the timeline and audited."""
    role = actor.acting_role
    if group is None and office not in Office.values:
        office = Office.PETITION
    before = {}

    def check(locked: Report) -> None:
        if role != Role.PETITION_OFFICE and not (
            role in GROUP_ROLES and locked.group_id == actor.require_grant().group_id
        ):
            raise PermissionDenied("只有信访室或当前承办的派驻组可以确认分办。")
        jurisdiction.require_within(locked, group, unit=locked.unit, day=locked.received_on, field="target")
        before["holder"] = locked.handled_by

    def event(moved: Report) -> Event:
        differs = (group.pk if group else None) != moved.proposed_group_id
        text = (
            f"由{before['holder']}交{moved.handled_by}办理"
            + ("（未采纳系统建议）" if differs else "")
            + (f"；{note}" if note else "")
        )
        return Event("report.routed", "分办", text, {"from": before["holder"], "to": moved.handled_by, "note": note})

    return transition(
        actor, report, "route", version=version, what="分办", args=(group, office), check=check, event=event
    )
