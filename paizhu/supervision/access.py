"""Who sees and who acts on the supervision log (registered from SupervisionConfig.ready).

A record is a matter: its group's staff see it (and the staff of a group that covers its unit later,
who inherit the unit's history), 委领导 and 派驻机构管理部门 see all, unit users and the 三员 nothing —
not even a count. Acting: a 组员 on the records they wrote, the 组长 on all of the group's; findings
are disposed by the 组长 alone. Recusal removes a record whose persons or any of whose units the user
is conflicted with.

"summarize" (the commission's work summary, `summary.py`): 委领导 and 派驻机构管理部门 only, over the rows
they see; a group counts nothing of itself or of others through it.
"""

from paizhu import access
from paizhu.access.handled import register_recusable
from paizhu.access.matters import MatterFields, matter_policy
from paizhu.access.policy import Policy
from paizhu.access.recusal import conflicts_of
from paizhu.core.roles import Role

from .models import Activity, Finding

_ACTIVITY = MatterFields(unit="unit", day="held_on", group="group", subjects="persons", handlers="author")
_FINDING = MatterFields(
    unit="activity__unit", day="activity__held_on", group="activity__group", subjects="activity__persons"
)


SUMMARY_ROLES = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT})


def _with_all_units(policy: Policy, units_path: str) -> Policy:
    """The matter policy, and a record concerning several units hidden from who is conflicted with any of them;
    "summarize" is "view" for the commission's leadership and dispatch office, nothing for anyone else."""

    def scope(user, grant, queryset, action):
        if action == "summarize":
            if grant.role not in SUMMARY_ROLES:
                return queryset.none()
            action = "view"
        rows = policy.scope(user, grant, queryset, action)
        units = conflicts_of(user).unit_ids
        if units and not rows.query.is_empty():
            rows = rows.exclude(**{f"{units_path}__in": units})
        return rows

    return Policy(
        scope, audit_read=policy.audit_read, actions=policy.actions | {"summarize"}, same_scope=policy.same_scope
    )


access.register(Activity, _with_all_units(matter_policy(_ACTIVITY, audit_read="supervision.viewed"), "units"))
access.register(Finding, _with_all_units(matter_policy(_FINDING, audit_read="finding.viewed"), "activity__units"))
register_recusable(Activity)  # 申请回避 on the record's page
