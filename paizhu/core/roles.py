"""The roles of the platform and the kind of org object each is scoped to.

A role is data about a grant, not a Django group: what a role may see is decided in `paizhu.access`.
"""

from django.db import models


class Scope(models.TextChoices):
    COMMISSION = "commission", "委机关"
    GROUP = "group", "派驻组"
    UNIT = "unit", "驻在部门"
    SYSTEM = "system", "系统"


class Role(models.TextChoices):
    COMMISSION_LEADER = "commission_leader", "委领导"
    DISPATCH_MANAGEMENT = "dispatch_management", "派驻机构管理部门"
    PETITION_OFFICE = "petition_office", "信访室"
    CASE_MANAGEMENT = "case_management", "案件监督管理室"
    CASE_REVIEW = "case_review", "案件审理室"
    GROUP_LEADER = "group_leader", "组长"
    GROUP_MEMBER = "group_member", "组员"
    PARTY_SECRETARY = "party_secretary", "党组书记"
    LIAISON = "liaison", "联络员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全保密管理员"
    SECURITY_AUDITOR = "security_auditor", "安全审计员"


ROLE_SCOPE: dict[str, Scope] = {
    Role.COMMISSION_LEADER: Scope.COMMISSION,
    Role.DISPATCH_MANAGEMENT: Scope.COMMISSION,
    Role.PETITION_OFFICE: Scope.COMMISSION,
    Role.CASE_MANAGEMENT: Scope.COMMISSION,
    Role.CASE_REVIEW: Scope.COMMISSION,
    Role.GROUP_LEADER: Scope.GROUP,
    Role.GROUP_MEMBER: Scope.GROUP,
    Role.PARTY_SECRETARY: Scope.UNIT,
    Role.LIAISON: Scope.UNIT,
    Role.SYSTEM_ADMIN: Scope.SYSTEM,
    Role.SECURITY_ADMIN: Scope.SYSTEM,
    Role.SECURITY_AUDITOR: Scope.SYSTEM,
}

COMMISSION_ROLES = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.COMMISSION)
GROUP_ROLES = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.GROUP)
UNIT_ROLES = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.UNIT)
THREE_ADMINS = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.SYSTEM)

# Roles that can see clues, reports, cases or the audit trail must log in with a second factor.
SECOND_FACTOR_ROLES = COMMISSION_ROLES | GROUP_ROLES | {Role.SECURITY_AUDITOR, Role.SECURITY_ADMIN}
