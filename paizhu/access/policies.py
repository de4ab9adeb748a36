"""The policy of the audit trail, which sits below access; every other model's policy lives in its
own app's `access.py`, registered from the app's AppConfig.ready()."""

from paizhu.audit.models import AuditEntry
from paizhu.core.roles import Role

from .policy import Policy, register


def _audit_entries(user, grant, qs, action):
    if grant.role == Role.SECURITY_AUDITOR:
        return qs
    return qs.none()


register(AuditEntry, Policy(_audit_entries, audit_read="audit.viewed", actions=frozenset({"view", "export"})))
