"""Matters with handlers: when a handler is conflicted, the group leader is prompted to reassign.

A handler who declares a relation after being assigned loses sight of the matter at once (scoping);
the matter still needs someone to work on it, so it appears in the group leader's "需改派" to-dos
until the handler is replaced. Apps register where a model keeps its handlers and how to link to it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from paizhu.accounts.roles import GROUP_ROLES, Role
from paizhu.core.todos import Todo

from .models import Recusal
from .recusal import conflicts_of


@dataclass(frozen=True)
class HandledMatter:
    model: type[Model]
    handlers: str  # path to the handling users (FK or M2M)
    unit: str
    subjects: str | None
    url: Callable[[Model], str]
    label: str  # e.g. "问题线索"


_registry: list[HandledMatter] = []


def register(matter: HandledMatter) -> None:
    _registry.append(matter)


def reassignment_todos(leader) -> list[Todo]:
    """Matters of the leader's group whose handler must stand aside, for the leader to reassign."""
    from paizhu import access
    from paizhu.accounts.models import User

    grant = leader.acting_grant
    if grant is None or grant.role != Role.GROUP_LEADER:
        return []
    staff = User.objects.filter(
        role_grants__revoked_at__isnull=True, role_grants__group_id=grant.group_id, role_grants__role__in=GROUP_ROLES
    ).distinct()
    todos = []
    for matter in _registry:
        content_type = ContentType.objects.get_for_model(matter.model)
        visible = access.scope(leader, matter.model)
        for handler in staff:
            conflicts = conflicts_of(handler)
            conflicted = Q(pk__in=Recusal.objects.filter(user=handler, content_type=content_type).values("object_id"))
            if conflicts.unit_ids:
                conflicted |= Q(**{f"{matter.unit}__in": conflicts.unit_ids})
            if matter.subjects and conflicts.person_ids:
                conflicted |= Q(**{f"{matter.subjects}__in": conflicts.person_ids})
            rows = visible.filter(conflicted, **{matter.handlers: handler}).distinct()
            todos += [
                Todo(
                    kind="回避改派",
                    title=f"{handler}须回避，请改派{matter.label}",
                    url=matter.url(row),
                    serial=row.serial,
                )
                for row in rows
            ]
    return todos
