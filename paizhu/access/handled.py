"""Matters with handlers: when a handler is conflicted, the group leader is prompted to reassign.

A handler who declares a relation after being assigned loses sight of the matter at once (scoping);
the matter still needs someone to work on it, so it appears in the group leader's "需改派" to-dos
until the handler is replaced. Apps register where a model keeps its handlers and how to link to it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.core.todos import Todo

from .models import Recusal
from .recusal import conflicted_matters, register_typed_subjects


@dataclass(frozen=True)
class HandledMatter:
    model: type[Model]
    handlers: str  # path to the handling users (FK or M2M)
    unit: str
    subjects: str | None
    url: Callable[[Model], str]
    label: str  # e.g. "问题线索"
    # The matters still open to reassignment: a closed one needs no new handler, and its to-do
    # could never be resolved.
    still_open: Q = field(default_factory=Q)
    typed_subjects: str | None = None  # path to subjects typed as text (rows with name and unit)


_registry: list[HandledMatter] = []
# Models a user may recuse themselves from (self-recusal on the detail page): every handled matter,
# plus matters registered here without handlers of their own (a case is handled through its clue).
# Nothing else: the recusal endpoint refuses audit entries, users, grants and any other model label.
_recusable: set[type[Model]] = set()


def register(matter: HandledMatter) -> None:
    _registry.append(matter)
    if matter.typed_subjects:
        # `is_conflicted` (checked when a handler is assigned) then finds the matter's typed names too.
        register_typed_subjects(matter.model, matter.typed_subjects)
    _recusable.add(matter.model)


def register_recusable(model: type[Model]) -> None:
    _recusable.add(model)


def recusable_model(label: str) -> type[Model] | None:
    """The registered matter model named by `app_label.model_name`, or None."""
    return next((m for m in _recusable if m._meta.label_lower == label.lower()), None)


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
            conflicted = Q(pk__in=Recusal.objects.filter(user=handler, content_type=content_type).values("object_id"))
            # By person (roster link or typed name + unit) or by unit: the same rule as scoping.
            conflicted |= conflicted_matters(
                handler,
                matter.model,
                unit_path=matter.unit,
                subjects_path=matter.subjects,
                typed_path=matter.typed_subjects,
            )
            rows = visible.filter(matter.still_open).filter(conflicted, **{matter.handlers: handler}).distinct()
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
