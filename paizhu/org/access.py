"""Who sees and who changes the org chart (registered from OrgConfig.ready); the integrity files' policies are
`paizhu.integrity.access`."""

from django.db.models.signals import post_delete, post_save

from paizhu import access
from paizhu.access import chart
from paizhu.access.matters import forget_coverage, group_coverage
from paizhu.access.policy import Policy
from paizhu.core.roles import COMMISSION_ROLES, GROUP_ROLES, UNIT_ROLES, Role

from .models import Coverage, DispatchedStaff, DispatchGroup, Person, Unit

BUSINESS_ROLES = COMMISSION_ROLES | GROUP_ROLES | UNIT_ROLES


def _coverage_periods(group_id: int) -> list[chart.Period]:
    return list(Coverage.objects.filter(group_id=group_id).values_list("unit_id", "valid_from", "valid_to"))


# The matter policies read a group's coverage through access (cached per request, dropped on change).
chart.register_coverage(_coverage_periods)
chart.register_coverage_rows(lambda group: Coverage.objects.filter(group_id=group))
post_save.connect(forget_coverage, sender=Coverage, dispatch_uid="access-coverage-saved")
post_delete.connect(forget_coverage, sender=Coverage, dispatch_uid="access-coverage-deleted")


def visible_unit_ids(grant) -> set[int] | None:
    """Units the grant covers: None means every unit; a group sees the units it covers now.

    A group's units are taken from the coverage periods the matter scope has already read for the
    grant (`group_coverage`, kept on the grant for the request): its open-ended periods are exactly
    `Coverage.objects.current()` — a period that ends on a future day is closed already (the unit
    passes to the group whose open period starts the next day, see `services.set_coverage`).
    """
    if grant.role in COMMISSION_ROLES:
        return None
    if grant.role in GROUP_ROLES:
        return {unit for unit, _, end in group_coverage(grant) if end is None}
    if grant.role in UNIT_ROLES:
        return {grant.unit_id}
    return set()


def _org_units(user, grant, qs, action):
    if grant.role not in BUSINESS_ROLES:
        return qs.none()
    unit_ids = visible_unit_ids(grant)
    return qs if unit_ids is None else qs.filter(pk__in=unit_ids)


def _org_groups(user, grant, qs, action):
    if grant.role in COMMISSION_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(pk=grant.group_id)
    return qs.none()


# The org chart is changed ("manage") by 派驻机构管理部门 alone: coverage (监督关系调整), dispatched
# staff and the roster. The 系统管理员 holds no business data (三员分立), so not even the roster.
ORG_MANAGERS = frozenset({Role.DISPATCH_MANAGEMENT})


def _group_rows(user, grant, qs, action):
    """Rows that belong to a group (its coverage, its dispatched staff): the commission sees all of them,
    a group its own; only the dispatch office changes them."""
    if action == "manage":
        return qs if grant.role in ORG_MANAGERS else qs.none()
    if grant.role in COMMISSION_ROLES:
        return qs
    if grant.role in GROUP_ROLES:
        return qs.filter(group_id=grant.group_id)
    return qs.none()


def _org_people(user, grant, qs, action):
    if action == "manage":
        return qs if grant.role in ORG_MANAGERS else qs.none()
    if action == "declare":
        # Whom a user may name in a recusal declaration: staff of the commission and the groups, any
        # active cadre (a relative may work in any unit), found only by a bounded search (/recusal/).
        return qs.filter(is_active=True) if grant.role in COMMISSION_ROLES | GROUP_ROLES else qs.none()
    if grant.role not in BUSINESS_ROLES:
        return qs.none()
    unit_ids = visible_unit_ids(grant)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


access.register(Unit, Policy(_org_units))
access.register(DispatchGroup, Policy(_org_groups))
access.register(Coverage, Policy(_group_rows, actions=frozenset({"view", "manage"})))
access.register(Person, Policy(_org_people, actions=frozenset({"view", "manage", "declare"})))
access.register(DispatchedStaff, Policy(_group_rows, actions=frozenset({"view", "manage"})))
