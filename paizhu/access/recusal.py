"""Conflict detection for recusal: whom and what a user must stand aside from."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Recusal, RelationDeclaration


@dataclass(frozen=True)
class Conflicts:
    person_ids: frozenset[int]
    unit_ids: frozenset[int]


def conflicts_of(user) -> Conflicts:
    """The persons and units the user is conflicted with: themselves, and every declared relation.

    Cached on the user object for the request, so scoping many lists costs two queries once.
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
    user._paizhu_conflicts = result
    return result


def forget_conflicts(user) -> None:
    user.__dict__.pop("_paizhu_conflicts", None)


def excluding_conflicts(user, queryset: QuerySet, *, unit_path: str, subjects_path: str | None) -> QuerySet:
    conflicts = conflicts_of(user)
    if conflicts.unit_ids:
        queryset = queryset.exclude(**{f"{unit_path}__in": conflicts.unit_ids})
    if subjects_path and conflicts.person_ids:
        queryset = queryset.exclude(**{f"{subjects_path}__in": conflicts.person_ids})
    recused = Recusal.objects.filter(user=user, content_type=ContentType.objects.get_for_model(queryset.model))
    return queryset.exclude(pk__in=recused.values("object_id"))


def is_conflicted(user, matter, *, unit_id: int | None, subject_ids) -> bool:
    """The same rule as `excluding_conflicts`, for one matter already in hand (e.g. a proposed handler)."""
    conflicts = conflicts_of(user)
    if unit_id in conflicts.unit_ids or conflicts.person_ids.intersection(subject_ids):
        return True
    return Recusal.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    ).exists()
