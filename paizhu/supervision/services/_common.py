"""What the supervision services share: who may record, the checks of their inputs. Private to the package."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from paizhu.access import recusal
from paizhu.accounts.staff import group_staff
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.forms import TEXT_LIMIT
from paizhu.core.roles import GROUP_ROLES
from paizhu.org.models import Coverage, Person, Unit

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

FINDING_LIMIT = 1000  # one finding is a sentence or a paragraph, not a report


def require_group_staff(actor: "Actor") -> int:
    """The actor's group, when they act as its 组长 or 组员; refused otherwise."""
    grant = actor.require_grant()
    if grant.role not in GROUP_ROLES or grant.group_id is None:
        raise PermissionDenied("日常监督记录由派驻组组长、组员登记。")
    return grant.group_id


def clean_text(value: str, label: str, field: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    """The text stripped; refused when missing (if `required`) or longer than `limit` characters — never cut."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise DomainError(f"{label}不超过{limit}字，当前{len(value)}字，请删减后再提交。", field=field)
    return value


def not_future(day: datetime.date | None, label: str, field: str) -> datetime.date:
    if day is None:
        raise DomainError(f"请填写{label}。", field=field)
    if day > shanghai_today():
        raise DomainError(f"{label}不能晚于今天。", field=field)
    return day


def covered_units(group_id: int, day: datetime.date, units: Iterable[Unit]) -> list[Unit]:
    """The units, each covered by the group on `day`; refused at the field otherwise."""
    units = list(dict.fromkeys(units))
    if not units:
        raise DomainError("请选择监督的单位。", field="units")
    covered = set(Coverage.objects.on(day).filter(group_id=group_id, unit__in=units).values_list("unit_id", flat=True))
    outside = [u.name for u in units if u.pk not in covered]
    if outside:
        raise DomainError(f"{'、'.join(outside)}在{day:%Y-%m-%d}不在本组监督范围内。", field="units")
    return units


def roster_persons(persons: Iterable[Person], units: list[Unit]) -> list[Person]:
    persons = list(dict.fromkeys(persons))
    unit_ids = {u.pk for u in units}
    outside = [p.name for p in persons if p.unit_id not in unit_ids]
    if outside:
        raise DomainError(f"{'、'.join(outside)}不是所选单位的干部。", field="persons")
    return persons


def staff_of(group_id: int, users: "Iterable[Actor]") -> "list[Actor]":
    users = list(dict.fromkeys(users))
    staff = set(group_staff(group_id).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    outsiders = [str(u) for u in users if u.pk not in staff]
    if outsiders:
        raise DomainError(f"参加人员须为本组工作人员：{'、'.join(outsiders)}。", field="participants")
    return users


def refuse_conflicts(users: "Iterable[Actor]", probe: object, units: list[Unit], persons: list[Person]) -> None:
    """Nobody conflicted with a unit or person concerned takes part (回避); the refusal names them."""
    subject_ids = {p.pk for p in persons}
    for user in users:
        if any(recusal.is_conflicted(user, probe, unit_id=u.pk, subject_ids=subject_ids) for u in units):
            raise DomainError(
                f"{user}与涉及单位或人员存在回避关系，不能参加本次监督，请另选人员。", field="participants"
            )
