"""The report's search document (registered in IntakeConfig.ready): what `core.search` indexes of a report."""

from django.db.models import Q

from paizhu.core.search import Document

from .models import Report, ReportedName


def _parts(report) -> list[str]:
    # Never the reporter's identity or contact: only what the report says about whom.
    return [
        report.serial,
        report.facts,
        report.unit.name if report.unit_id else "",
        *(p.name for p in report.subjects.all()),
        *(f"{n.name} {n.unit_label}" for n in report.named.all()),
    ]


def _naming_person(person_pk: int):
    return Report.subjects.through.objects.filter(person_id=person_pk).values("report_id")


def _naming_unit(unit_pk: int):
    named = ReportedName.objects.filter(unit_id=unit_pk).values("report_id")
    return Report.objects.filter(Q(unit_id=unit_pk) | Q(pk__in=named)).values("pk")


DOCUMENT = Document(
    "intake.Report",
    _parts,
    select_related=("unit",),
    prefetch=("subjects", "named__unit"),
    names={"org.Person": _naming_person, "org.Unit": _naming_unit},
)
