"""Scoping of "matters" — reports, clues, cases, talks: the sensitive records of the business modules.

A business app describes where a matter's unit, date, responsible group and subjects live, and
registers `matter_policy(...)` for its model. The rules, read top to bottom:

- unit roles (党组书记, 联络员) never see a matter — not even a count;
- the 三员 see no business data;
- commission offices see what their office handles (`office_roles`); 委领导 and 派驻机构管理部门 see all;
- group staff see matters assigned to their group, and group-handled matters of the units their
  group covers now or covered on the matter's date (so a new group inherits the history of a unit);
- whoever is conflicted (回避) sees nothing of the matter, whatever their role.

Acting ("act": taking a step on it) is narrower than viewing:

- the handler(s) act on their matter;
- a group leader acts on every matter held by the group;
- a commission office acts on the matters the commission holds (no group) of its kind;
- 委领导 and 派驻机构管理部门 view everything but act only through approvals addressed to them
  (the approval services check the approval step, over the "view" scope);
- conflicts exclude acting as they exclude viewing.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from paizhu.core.roles import GROUP_ROLES, Role

from . import chart
from .policy import Policy
from .recusal import excluding_conflicts

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

ALL_GROUPS_ROLES = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT})


@dataclass(frozen=True)
class MatterFields:
    unit: str  # path to the Unit the matter concerns
    day: str  # path to the date that fixes coverage (e.g. date received)
    group: str  # path to the responsible DispatchGroup (null when a commission office handles it)
    subjects: str | None = None  # path to the Person(s) concerned
    office_roles: frozenset[str] = frozenset()  # commission offices that see every matter of this kind
    # path to subjects typed as text (rows with `name`, `unit`, optionally `unit_text`): recusal matches
    # a declared cadre there too, by exact name and unit
    typed_subjects: str | None = None
    handlers: str | None = None  # path to the handling user(s) (FK or M2M)


# A group's coverage is read once per request (it hangs on the acting grant) and again whenever any
# coverage changed meanwhile: org connects this to its Coverage rows' save and delete signals.
_coverage_generation = 0


def forget_coverage(**kwargs) -> None:
    global _coverage_generation
    _coverage_generation += 1


def coverage_generation() -> int:
    """Changes whenever a coverage row was saved or deleted in this process (for keys of what depends on it)."""
    return _coverage_generation


def group_coverage(grant) -> list[tuple[int, datetime.date, datetime.date | None]]:
    """(unit id, valid from, valid to or None) of every coverage the grant's group has had."""
    cached = getattr(grant, "_paizhu_coverage", None)
    if cached is not None and cached[0] == _coverage_generation:
        return cached[1]
    generation = _coverage_generation
    rows = chart.coverage_periods(grant.group_id)
    grant._paizhu_coverage = (generation, rows)
    return rows


def keep_coverage(grant, rows: list[tuple[int, datetime.date, datetime.date | None]]) -> None:
    """Coverage already read for the grant (with the grant itself, `facts`): `group_coverage` returns it."""
    grant._paizhu_coverage = (_coverage_generation, rows)


def group_visible(queryset: QuerySet, fields: MatterFields, grant) -> QuerySet:
    """Matters assigned to the group, and group-handled matters of units it covers now or covered then.

    The group's coverage is resolved first (a few rows), so the database sees plain conditions on
    the matter's own columns — `group_id = g OR unit_id IN (...) OR (unit_id = u AND day BETWEEN ...)`
    — that its (group, day) and (unit, day) indexes answer, instead of a correlated subquery per row.
    """
    coverage = group_coverage(grant)
    covered = Q(**{f"{fields.unit}__in": sorted({unit for unit, _, end in coverage if end is None})})
    for unit, start, end in coverage:
        if end is not None:
            covered |= Q(**{fields.unit: unit, f"{fields.day}__gte": start, f"{fields.day}__lte": end})
    group_handled = Q(**{f"{fields.group}__isnull": False})
    return queryset.filter(Q(**{fields.group: grant.group_id}) | (group_handled & covered))


def _handled_by(user: "Actor", queryset: QuerySet, fields: MatterFields) -> Q:
    """The matters the user handles. A handler column on the matter's own row is a plain condition: as a
    subquery of the table's keys (`pk IN (SELECT pk … WHERE handler = u)`) PostgreSQL rescanned the
    handler's whole history for every row once it outgrew work_mem (信访室's notice badge: 30 s at a
    million reports). Through a many-to-many table a subquery, not a join: a join would repeat rows, and
    DISTINCT cannot be locked FOR UPDATE."""
    if not fields.handlers:
        return Q(pk__in=[])
    if "__" not in fields.handlers and queryset.model._meta.get_field(fields.handlers).many_to_one:
        return Q(**{fields.handlers: user})
    handled = queryset.model._default_manager.filter(**{fields.handlers: user})
    return Q(pk__in=handled.values("pk"))


def actable(user: "Actor", grant, queryset: QuerySet, fields: MatterFields) -> QuerySet:
    """The matters the grant may take a step on, before conflicts are removed."""
    handled_by_user = _handled_by(user, queryset, fields)
    if grant.role in fields.office_roles:
        return queryset.filter(Q(**{f"{fields.group}__isnull": True}) | handled_by_user)
    if grant.role == Role.GROUP_LEADER:
        return queryset.filter(**{fields.group: grant.group_id})
    if grant.role == Role.GROUP_MEMBER:
        return queryset.filter(handled_by_user, **{fields.group: grant.group_id})
    return queryset.none()


def viewable(grant, queryset: QuerySet, fields: MatterFields) -> QuerySet:
    """The matters the grant may see, before conflicts are removed."""
    if grant.role in ALL_GROUPS_ROLES or grant.role in fields.office_roles:
        return queryset
    if grant.role in GROUP_ROLES:
        return group_visible(queryset, fields, grant)
    return queryset.none()


def matter_policy(fields: MatterFields, *, audit_read: str, actions=("view", "export", "act")) -> Policy:
    def before_conflicts(user: "Actor", grant, queryset, action):
        return actable(user, grant, queryset, fields) if action == "act" else viewable(grant, queryset, fields)

    def section(user: "Actor", grant, queryset, action) -> bool:
        return not before_conflicts(user, grant, queryset, action).query.is_empty()

    def scope(user: "Actor", grant, queryset, action):
        rows = before_conflicts(user, grant, queryset, action)
        if rows.query.is_empty():
            return rows
        return excluding_conflicts(
            user,
            rows,
            unit_path=fields.unit,
            subjects_path=fields.subjects,
            typed_subjects_path=fields.typed_subjects,
        )

    # "export" and "view" are the same rows here (`viewable`), so a record read for viewing may be exported.
    same = {"export": "view"} if {"export", "view"} <= set(actions) else {}
    return Policy(scope, audit_read=audit_read, actions=frozenset(actions), same_scope=same, section=section)
