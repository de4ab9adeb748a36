"""Who holds a role where: the one query for "the staff of group X" (and of a commission office).

Handler choices and checks (clues, intake) and the 回避改派 to-dos (`access.handled`, through
`access.chart`, which accounts registers this into) all ask it here.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from paizhu.core.roles import GROUP_ROLES

from .models import RoleGrant, User


def holding(roles: Iterable[str], *, group_id: int | None = None) -> QuerySet[User]:
    """The users with an active grant of one of `roles` (in the group `group_id`, when given); one EXISTS, no duplicates."""
    grants = RoleGrant.objects.active().filter(user=OuterRef("pk"), role__in=list(roles))
    if group_id is not None:
        grants = grants.filter(group_id=group_id)
    return User.objects.filter(Exists(grants))


def group_staff(group_id: int) -> QuerySet[User]:
    """The users holding an active group role (组长, 组员) in the group."""
    return holding(GROUP_ROLES, group_id=group_id)
