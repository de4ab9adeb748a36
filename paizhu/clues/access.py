"""Visibility of collective screening meetings (registered with `paizhu.access` in CluesConfig.ready).

A meeting names the clues it discussed, so it is scoped like them: the commission's leaders, the
dispatch office and 案管 see every meeting; a group's staff see their group's meetings; nobody else
sees any. Each clue of a meeting is still shown only to those who may see the clue (recusal).
"""

from paizhu import access
from paizhu.access.matters import ALL_GROUPS_ROLES
from paizhu.access.policy import Policy
from paizhu.accounts.roles import GROUP_ROLES, Role

from .models import ScreeningMeeting


def _meetings(user, grant, queryset, action):
    if grant.role in ALL_GROUPS_ROLES or grant.role == Role.CASE_MANAGEMENT:
        return queryset
    if grant.role in GROUP_ROLES:
        return queryset.filter(group_id=grant.group_id)
    return queryset.none()


def register() -> None:
    access.register(ScreeningMeeting, Policy(_meetings, audit_read="screening.viewed"))
