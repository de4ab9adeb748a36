"""The policy of the audit trail, which sits below access; every other model's policy lives in its
own app's `access.py`, registered from the app's AppConfig.ready()."""

from paizhu.audit.models import AuditEntry
from paizhu.audit.services import AUDIT_ACTIONS, may_audit

from .policy import Policy, register


def _audit_entries(user, grant, qs, action):
    return qs if may_audit(user, action) else qs.none()


register(AuditEntry, Policy(_audit_entries, audit_read="audit.viewed", actions=AUDIT_ACTIONS))
