"""Scoping of "matters" — reports, clues, cases, talks: the sensitive records of the business modules.

A business app describes where a matter's unit, date, responsible group and subjects live, and
registers `matter_policy(...)` for its model. The rules, read top to bottom:

- unit roles (党组书记, 联络员) never see a matter — not even a count;
- the 三员 see no business data;
- commission offices see what their office handles (`office_roles`); 委领导 and 派驻机构管理部门 see all;
- group staff see matters assigned to their group, and group-handled matters of the units their
  group covers now or covered on the matter's date (so a new group inherits the history of a unit);
- whoever is conflicted (回避) sees nothing of the matter, whatever their role.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from paizhu.accounts.roles import GROUP_ROLES, Role

from .policy import Policy
from .recusal import excluding_conflicts

ALL_GROUPS_ROLES = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT})


@dataclass(frozen=True)
class MatterFields:
    unit: str  # path to the Unit the matter concerns
    day: str  # path to the date that fixes coverage (e.g. date received)
    group: str  # path to the responsible DispatchGroup (null when a commission office handles it)
    subjects: str | None = None  # path to the Person(s) concerned
    office_roles: frozenset[str] = frozenset()  # commission offices that see every matter of this kind


def group_visible(queryset: QuerySet, fields: MatterFields, group_id: int) -> QuerySet:
    from paizhu.org.models import Coverage

    covering = Coverage.objects.filter(unit=OuterRef(fields.unit), group_id=group_id)
    covers_now = covering.filter(valid_to__isnull=True)
    covered_then = covering.filter(valid_from__lte=OuterRef(fields.day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef(fields.day))
    )
    group_handled = Q(**{f"{fields.group}__isnull": False})
    return queryset.filter(
        Q(**{fields.group: group_id}) | (group_handled & (Exists(covers_now) | Exists(covered_then)))
    )


def matter_policy(fields: MatterFields, *, audit_read: str, actions=("view", "export", "act")) -> Policy:
    def scope(user, grant, queryset, action):
        if grant.role in ALL_GROUPS_ROLES or grant.role in fields.office_roles:
            visible = queryset
        elif grant.role in GROUP_ROLES:
            visible = group_visible(queryset, fields, grant.group_id)
        else:
            return queryset.none()
        return excluding_conflicts(user, visible, unit_path=fields.unit, subjects_path=fields.subjects)

    return Policy(scope, audit_read=audit_read, actions=frozenset(actions))
