"""Who sees and manages accounts and grants: the 三员 (registered from AccountsConfig.ready)."""

from django.db.models import Q

from paizhu import access
from paizhu.access import chart
from paizhu.access.policy import Policy
from paizhu.core.roles import Role

from .models import ApiToken, RoleGrant, User
from .staff import group_staff


def _role_grants(user, grant, qs, action):
    # The security administrator manages grants; the auditor sees them; nobody else.
    if grant.role == Role.SECURITY_ADMIN:
        return qs if action == "view" else qs.filter(~Q(user=user))
    if grant.role == Role.SECURITY_AUDITOR and action == "view":
        return qs
    return qs.none()


def _api_tokens(user, grant, qs, action):
    # A token is a login: the security administrator, who makes them, lists and revokes them; the auditor sees them.
    if grant.role == Role.SECURITY_ADMIN:
        return qs
    if grant.role == Role.SECURITY_AUDITOR and action == "view":
        return qs
    return qs.none()


def _users(user, grant, qs, action):
    # The system administrator keeps accounts; the security roles see them to grant and audit.
    if grant.role == Role.SYSTEM_ADMIN:
        return qs
    if grant.role in {Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR} and action == "view":
        return qs
    return qs.none()


access.register(RoleGrant, Policy(_role_grants, actions=frozenset({"view", "manage"})))
access.register(ApiToken, Policy(_api_tokens, actions=frozenset({"view", "manage"})))
access.register(User, Policy(_users, actions=frozenset({"view", "manage"})))


chart.register_staff(group_staff)  # the 回避改派 to-dos check the group's staff
