"""Who sees and who acts on rectification demands and their items (registered from RectificationConfig.ready).

Read top to bottom:
- the unit's own 党组书记 and 联络员 see the demands issued to their unit — never a draft, never one in
  approval, never another unit's — and "answer" their items (the 整改报告 is the 党组书记's alone: services);
- 委领导 and 派驻机构管理部门 see every demand; the 派驻机构管理部门 alone may "press" (督办) an open one;
- a group's staff see their group's demands; its leader acts on all of them, a member on those they handle;
- the other commission offices and the 三员 see none;
- a supervisor with a declared relation to the unit sees nothing of its demands (回避).
Items, plans, reports and 督办 follow their demand; a 回头看 too, but the unit never sees one (it may be
unannounced).
"""

from paizhu import access
from paizhu.access.matters import ALL_GROUPS_ROLES
from paizhu.access.policy import Policy
from paizhu.access.recusal import excluding_conflicts
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES, Role

from .models import Demand, Item, Milestone, Press, Report, ReturnVisit
from .workflows import UNIT_VISIBLE, DemandStatus

ACTIONS = frozenset({"view", "export", "act", "answer", "press"})


def demands(user, grant, qs, action: str, prefix: str = ""):
    """The rows of `qs` (demands, or rows reaching their demand through `prefix`) the grant may `action`."""
    p = prefix
    role = grant.role
    if role in UNIT_ROLES:
        if action not in {"view", "answer"}:
            return qs.none()
        rows = qs.filter(**{f"{p}unit_id": grant.unit_id, f"{p}status__in": UNIT_VISIBLE})
        return rows.filter(**{f"{p}status": DemandStatus.ISSUED}) if action == "answer" else rows
    if action == "answer":
        return qs.none()
    if action == "press":
        if role != Role.DISPATCH_MANAGEMENT:
            return qs.none()
        rows = qs.filter(**{f"{p}status": DemandStatus.ISSUED})
    elif role in ALL_GROUPS_ROLES:
        rows = qs if action in {"view", "export"} else qs.none()
    elif role in GROUP_ROLES:
        rows = qs.filter(**{f"{p}group_id": grant.group_id})
        if action == "act" and role == Role.GROUP_MEMBER:
            rows = rows.filter(**{f"{p}handler": user})
    else:
        return qs.none()
    if rows.query.is_empty():
        return rows
    return excluding_conflicts(user, rows, unit_path=f"{p}unit", subjects_path=None)


def _through(prefix: str):
    def scope(user, grant, qs, action):
        return demands(user, grant, qs, action, prefix)

    return scope


access.register(Demand, Policy(demands, audit_read="demand.viewed", actions=ACTIONS))
access.register(Item, Policy(_through("demand__"), audit_read="item.viewed", actions=ACTIONS))


def _visits(user, grant, qs, action):
    # A 回头看 may be unannounced: the unit learns of it only when an item reopens.
    return qs.none() if grant.role in UNIT_ROLES else demands(user, grant, qs, action, "demand__")


for _model in (Report, Press):
    access.register(_model, Policy(_through("demand__"), actions=frozenset({"view"})))
access.register(ReturnVisit, Policy(_visits, actions=frozenset({"view"})))
access.register(Milestone, Policy(_through("item__demand__"), actions=frozenset({"view"})))
