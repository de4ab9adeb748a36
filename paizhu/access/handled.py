"""Matters with handlers: when a handler is conflicted, the group leader is prompted to reassign.

A handler who declares a relation after being assigned loses sight of the matter at once (scoping);
the matter still needs someone to work on it, so it appears in the group leader's "需改派" to-dos
until the handler is replaced. Apps register where a model keeps its handlers and how to link to it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Model, OuterRef, Q

from paizhu.core.roles import Role
from paizhu.core.todos import Todo

from . import chart
from .models import Recusal, RelationDeclaration
from .recusal import conflicted_matters, load_conflicts, register_typed_subjects


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


def _candidates(group_id: int) -> list:
    """The group's staff who could have to stand aside from a matter they handle: one query.

    Only those with a declared relation, a recusal from a registered matter, or their own roster
    person named (linked, or typed by name) in an open matter they handle. Usually nobody: then the
    to-dos cost this one query and nothing else. The flags are a superset; the matter queries decide.
    """
    models = [m.model for m in _registry]
    content_types = ContentType.objects.get_for_models(*models).values() if models else []
    flags = {
        "qc_declared": Exists(RelationDeclaration.objects.filter(user=OuterRef("pk"), withdrawn_at__isnull=True)),
        "qc_recused": Exists(Recusal.objects.filter(user=OuterRef("pk"), content_type__in=list(content_types))),
    }
    for i, matter in enumerate(_registry):
        # One EXISTS per way of being named, each starting from the staff member's own handled matters (an
        # index on the handler): OR-ed inside one EXISTS, the roster link and the typed name would be two
        # outer joins that the database can only answer by walking every matter of the table.
        open_handled = matter.model._default_manager.filter(matter.still_open, **{matter.handlers: OuterRef("pk")})
        if matter.subjects:
            flags[f"qc_named_{i}"] = Exists(open_handled.filter(**{matter.subjects: OuterRef("person_id")}))
        if matter.typed_subjects:
            typed = {f"{matter.typed_subjects}__name": OuterRef("person__name")}
            flags[f"qc_typed_{i}"] = Exists(open_handled.filter(**typed))
    any_flag = Q()
    for name in flags:
        any_flag |= Q(**{name: True})
    staff = chart.group_staff(group_id).alias(**flags).filter(any_flag).order_by("pk")
    return list(staff)


def reassignment_todos(leader) -> list[Todo]:
    """Matters of the leader's group whose handler must stand aside, for the leader to reassign.

    A fixed number of queries whatever the group's size: the staff who could be conflicted (one
    query, usually empty: then nothing more), their declarations and recusals (one query each), and
    one query per registered matter type over its open matters, with every such handler's conflicts
    in it (by person — roster link or typed name — or by unit, as scoping; or a single recusal).
    """
    from paizhu import access

    grant = leader.acting_grant
    if grant is None or grant.role != Role.GROUP_LEADER or not _registry:
        return []
    staff = _candidates(grant.group_id)
    if not staff:
        return []
    load_conflicts(staff)
    by_pk = {user.pk: user for user in staff}
    recused: dict[tuple[int, int], list[int]] = defaultdict(list)  # (user, content type) -> matter ids
    for user_id, content_type_id, object_id in Recusal.objects.filter(user__in=list(by_pk)).values_list(
        "user_id", "content_type_id", "object_id"
    ):
        recused[user_id, content_type_id].append(object_id)
    todos = []
    for matter in _registry:
        content_type = ContentType.objects.get_for_model(matter.model)
        conflicted = Q(pk__in=[])
        for handler in staff:
            # By person (roster link or typed name + unit) or by unit: the same rule as scoping.
            mine = conflicted_matters(
                handler,
                matter.model,
                unit_path=matter.unit,
                subjects_path=matter.subjects,
                typed_path=matter.typed_subjects,
            )
            if recused[handler.pk, content_type.pk]:
                mine |= Q(pk__in=recused[handler.pk, content_type.pk])
            conflicted |= Q(**{matter.handlers: handler}) & mine
        # One filter() call: the handler in each branch is the handler joined, named by the annotation.
        rows = (
            access.scope(leader, matter.model)
            .filter(matter.still_open)
            .filter(conflicted)
            .annotate(conflicted_handler=F(matter.handlers))
            .only("pk", "serial")
            .order_by("pk", "conflicted_handler")
            .distinct()
        )
        todos += [
            Todo(
                kind="回避改派",
                title=f"{by_pk[row.conflicted_handler]}须回避，请改派{matter.label}",
                url=matter.url(row),
                serial=row.serial,
            )
            for row in rows
            if row.conflicted_handler in by_pk
        ]
    return todos
