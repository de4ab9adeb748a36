"""The clue's search document (registered in CluesConfig.ready): what `core.search` indexes of a clue."""

from paizhu.core.search import Document

from .models import Clue


def _parts(clue) -> list[str]:
    return [clue.serial, clue.source_ref, clue.summary, clue.unit.name, *(p.name for p in clue.subjects.all())]


def _naming_person(person_pk: int):
    return Clue.subjects.through.objects.filter(person_id=person_pk).values("clue_id")


def _naming_unit(unit_pk: int):
    return Clue.objects.filter(unit_id=unit_pk).values("pk")


DOCUMENT = Document(
    "clues.Clue",
    _parts,
    select_related=("unit",),
    prefetch=("subjects",),
    names={"org.Person": _naming_person, "org.Unit": _naming_unit},
)
