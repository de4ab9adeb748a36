"""Conflict detection for recusal: whom and what a user must stand aside from.

A matter names its persons in two ways: by a link to the roster (`subjects`) and, for reports from the
public, as typed text — a name and a unit (`typed_subjects`: rows with `name`, `unit` and, optionally,
`unit_text`). A declared relation to a cadre matches both: a typed row with the cadre's exact name and
the cadre's unit (chosen, or written out with the unit's exact name) is the cadre as far as recusal goes.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from .models import Recusal, RelationDeclaration

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass(frozen=True)
class Conflicts:
    person_ids: frozenset[int]
    unit_ids: frozenset[int]


def conflicts_of(user: "Actor") -> Conflicts:
    """The persons and units the user is conflicted with: themselves, and every declared relation.

    Cached on the user object for the request, so scoping many lists costs two queries once. Typed
    names are matched in the database against these persons (`typed_conflicts`), not loaded here.
    """
    cached = getattr(user, "_paizhu_conflicts", None)
    if cached is not None:
        return cached
    persons, units = set(), set()
    if user.person_id:
        persons.add(user.person_id)
    for person_id, unit_id in RelationDeclaration.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
        "person_id", "unit_id"
    ):
        if person_id:
            persons.add(person_id)
        if unit_id:
            units.add(unit_id)
    result = Conflicts(frozenset(persons), frozenset(units))
    vars(user)["_paizhu_conflicts"] = result
    return result


def load_conflicts(users) -> None:
    """`conflicts_of` for many users at once: their declarations in one query, cached on each user.

    For pages that check a whole group's staff (the 回避改派 to-dos) instead of one query per person.
    """
    users = [u for u in users if getattr(u, "_paizhu_conflicts", None) is None]
    if not users:
        return
    persons = {u.pk: {u.person_id} - {None} for u in users}
    units: dict[int, set[int]] = {u.pk: set() for u in users}
    for user_id, person_id, unit_id in RelationDeclaration.objects.filter(
        user__in=list(persons), withdrawn_at__isnull=True
    ).values_list("user_id", "person_id", "unit_id"):
        if person_id:
            persons[user_id].add(person_id)
        if unit_id:
            units[user_id].add(unit_id)
    for user in users:
        vars(user)["_paizhu_conflicts"] = Conflicts(frozenset(persons[user.pk]), frozenset(units[user.pk]))


def forget_conflicts(user: "Actor") -> None:
    user.__dict__.pop("_paizhu_conflicts", None)


# --- typed names ---

# Where each matter model keeps its typed names (declared by the matter's registration, see
# `register_typed_subjects`), so that `is_conflicted` finds them for a matter in hand.
_typed_paths: dict[type[Model], str] = {}


def register_typed_subjects(model: type[Model], path: str) -> None:
    _typed_paths[model] = path


def _model_at(model: type[Model], path: str) -> type[Model]:
    for part in path.split("__"):
        related = model._meta.get_field(part).related_model
        if not isinstance(related, type):  # matter fields name relations only
            raise ValueError(f"{path} 不是关联字段的路径。")
        model = related
    return model


def typed_conflicts(model: type[Model], path: str, person_ids) -> QuerySet:
    """The typed-subject rows (reached from `model` through `path`) that name one of `person_ids`.

    One subquery, index-friendly: rows whose name is one of the conflicted persons' names, then the
    same unit — chosen from the list (`unit`) or written out exactly (`unit_text`, when the row has it).
    """
    typed_model = _model_at(model, path)
    person_model = RelationDeclaration._meta.get_field("person").related_model  # the roster a declaration names
    persons = person_model._default_manager.filter(pk__in=person_ids)
    same_unit = Q(unit_id=OuterRef("unit_id"))
    if any(f.name == "unit_text" for f in typed_model._meta.get_fields()):
        same_unit |= Q(unit__name=OuterRef("unit_text"))
    same_person = persons.filter(same_unit, name=OuterRef("name"))
    return typed_model._default_manager.filter(name__in=persons.values("name")).filter(Exists(same_person))


def conflicted_matters(
    user: "Actor", model: type[Model], *, unit_path: str, subjects_path: str | None, typed_path: str | None
):
    """A Q selecting the matters of `model` the user is conflicted with by person or unit (not single recusals)."""
    conflicts = conflicts_of(user)
    condition = Q(pk__in=[])
    if conflicts.unit_ids:
        condition |= Q(**{f"{unit_path}__in": conflicts.unit_ids})
    if conflicts.person_ids and subjects_path:
        condition |= Q(**{f"{subjects_path}__in": conflicts.person_ids})
    if conflicts.person_ids and typed_path:
        condition |= Q(**{f"{typed_path}__in": typed_conflicts(model, typed_path, conflicts.person_ids)})
    return condition


def excluding_conflicts(
    user: "Actor",
    queryset: QuerySet,
    *,
    unit_path: str,
    subjects_path: str | None,
    typed_subjects_path: str | None = None,
) -> QuerySet:
    conflicts = conflicts_of(user)
    if conflicts.unit_ids:
        queryset = queryset.exclude(**{f"{unit_path}__in": conflicts.unit_ids})
    if subjects_path and conflicts.person_ids:
        queryset = queryset.exclude(**{f"{subjects_path}__in": conflicts.person_ids})
    if typed_subjects_path and conflicts.person_ids:
        typed = typed_conflicts(queryset.model, typed_subjects_path, conflicts.person_ids)
        queryset = queryset.exclude(**{f"{typed_subjects_path}__in": typed})
    recused = Recusal.objects.filter(user=user, content_type=ContentType.objects.get_for_model(queryset.model))
    return queryset.exclude(pk__in=recused.values("object_id"))


def is_conflicted(
    user: "Actor", matter, *, unit_id: int | None, subject_ids, typed_subjects_path: str | None = None
) -> bool:
    """The same rule as `excluding_conflicts`, for one matter already in hand (e.g. a proposed handler).

    Typed names are looked up in the database, at the path the matter's model registered (or the one
    given), so callers pass only what they already hold: the unit and the linked subjects.
    """
    conflicts = conflicts_of(user)
    if unit_id in conflicts.unit_ids or conflicts.person_ids.intersection(subject_ids):
        return True
    model = type(matter)
    typed_path = typed_subjects_path or _typed_paths.get(model)
    if typed_path and conflicts.person_ids and matter.pk is not None:
        typed = typed_conflicts(model, typed_path, conflicts.person_ids)
        if model._default_manager.filter(pk=matter.pk, **{f"{typed_path}__in": typed}).exists():
            return True
    return Recusal.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    ).exists()
