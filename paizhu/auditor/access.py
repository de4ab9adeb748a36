"""The audit trail's access policy: the 安全审计员 alone reads and exports it.

The trail is written by every layer (`paizhu.audit`, at the bottom) but read only here, so its reading
rule lives with the auditor's pages and is registered from AuditorConfig.ready(). Whether the acting
role may read the trail at all is `access.has_section(user, AuditEntry, action)`.
"""

from paizhu.access import register
from paizhu.access.policy import Policy
from paizhu.audit.models import AuditEntry
from paizhu.core.roles import Role

AUDIT_ACTIONS = frozenset({"view", "export"})


def _audit_entries(user, grant, qs, action):
    return qs if grant.role == Role.SECURITY_AUDITOR else qs.none()


register(AuditEntry, Policy(_audit_entries, audit_read="audit.viewed", actions=AUDIT_ACTIONS))
