"""Typed names matched to the roster.

A name typed on a report (public form, or someone staff did not pick from the list) is matched to the
roster by exact name and unit: one cadre is a suggested link, several are a choice, none stays typed.
Nothing is linked silently: 信访室 (or whoever holds the report) confirms, and only then is the cadre a
subject of the report. The routing proposal already considers a single suggestion, so that a report
about a leader the commission manages is not proposed to a group while it waits for confirmation."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Manager, QuerySet

from paizhu import access
from paizhu.core import search
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.roles import Role
from paizhu.org.models import Person
from paizhu.workflow.transitions import Event, commit

from ..models import Office, Report, ReportedName
from .routing import propose_routing

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@dataclass(frozen=True)
class SubjectMatch:
    typed: ReportedName
    candidates: list[Person]

    @property
    def suggested(self) -> bool:
        return len(self.candidates) == 1


def _same_typed_person(typed: ReportedName, person: Person) -> bool:
    """The rule recusal applies in the database too (access.recusal.typed_conflicts): same name, same unit."""
    if person.name != typed.name or person.unit_id is None:
        return False
    if typed.unit_id:
        return person.unit_id == typed.unit_id
    return bool(typed.unit_text) and person.unit is not None and typed.unit_text == person.unit.name


def _roster_candidates(
    typed_rows: Sequence[ReportedName], persons: "Manager[Person] | QuerySet[Person]"
) -> dict[int, list[Person]]:
    names = {t.name for t in typed_rows}
    if not names:
        return {}
    people = list(
        persons.filter(is_active=True, name__in=names, unit__isnull=False).select_related("unit").order_by("id")
    )
    return {t.pk: [p for p in people if _same_typed_person(t, p)] for t in typed_rows}


def _open_matches(report: Report, persons: "Manager[Person] | QuerySet[Person]") -> list[SubjectMatch]:
    """Typed names of the report with roster candidates, none of whom is linked to the report yet."""
    typed = list(report.named.all())
    if not typed:
        return []
    linked = {p.pk for p in report.subjects.all()}
    found = _roster_candidates(typed, persons)
    return [
        SubjectMatch(t, found[t.pk])
        for t in typed
        if found[t.pk] and not linked.intersection(p.pk for p in found[t.pk])
    ]


def _propose_with_roster(report: Report, matches: list[SubjectMatch]) -> None:
    """Propose routing from the linked subjects plus the single suggestions still waiting; say what waits."""
    suggested = [m.candidates[0] for m in matches if m.suggested]
    proposal = propose_routing(
        kind=report.kind,
        subjects=list(report.subjects.all()) + suggested,
        unit=report.unit,
        received_on=report.received_on,
    )
    group, office, reason = proposal.group, proposal.office, proposal.reason
    if proposal.forward:
        # The report is already in the platform: 信访室 checks it and forwards it whole (forward_report).
        group, office, reason = None, Office.PETITION, f"{proposal.reason}，应整件转送，不在本平台办理"
    notes = [f"按填写的姓名和单位匹配干部名册：{p}，待确认" for p in suggested] + [
        f"填写的“{m.typed.name}”在干部名册中有{len(m.candidates)}人同名同单位，待选择确认"
        for m in matches
        if not m.suggested
    ]
    report.proposed_group, report.proposed_office = group, office
    report.routing_reason = "；".join([reason, *notes])[:300]


def _suggest_subject_matches(report: Report) -> None:
    """At registration: match the typed names (never link them) and let the routing proposal consider them."""
    matches = _open_matches(report, Person.objects)
    if matches:
        _propose_with_roster(report, matches)
        report.save(update_fields=["proposed_group", "proposed_office", "routing_reason"])


def may_confirm_subjects(actor: "Actor", report: Report) -> bool:
    """信访室 (which screens every report), or whoever holds the report now."""
    if actor.acting_role == Role.PETITION_OFFICE:
        return access.may(actor, "view", report)
    return access.may(actor, "act", report)


def subject_matches(actor: "Actor", report: Report) -> list[SubjectMatch]:
    """The typed names awaiting confirmation, with the cadres they may be, for those who may confirm them."""
    if not report.named.all() or not may_confirm_subjects(actor, report):
        return []
    return _open_matches(report, access.scope(actor, Person))


def confirm_subject_match(actor: "Actor", report: Report, typed_subject: ReportedName, person: Person) -> Report:
    """Link the roster cadre a typed name stands for; the routing proposal then rests on the cadre. Audited."""
    action = "view" if actor.acting_role == Role.PETITION_OFFICE else "act"
    with transaction.atomic():
        report = access.lock_for_act(actor, Report, report.pk, action=action)
        typed = ReportedName.objects.select_related("unit").filter(pk=typed_subject.pk, report=report).first()
        if typed is None:
            raise NotFound()
        found = access.scope(actor, Person).select_related("unit").filter(pk=person.pk).first()
        if found is None:
            raise NotFound()
        person = found
        if not person.is_active or not _same_typed_person(typed, person):
            raise DomainError("所选干部与举报人填写的姓名和单位不符。", field="person")
        if report.subjects.filter(pk=person.pk).exists():
            raise DomainError("该干部已关联为被反映人。", field="person")
        report.subjects.add(person)
        if report.unit_id is None:
            report.unit = person.unit
        if report.routing == Report.Routing.PROPOSED:
            _propose_with_roster(report, _open_matches(report, Person.objects))
        text = (
            f"举报人填写的“{typed.name}（{typed.unit_label or '未填单位'}）”确认为干部名册中的"
            f"{person}；分办建议：{report.routing_reason}"
        )
        event = Event("report.subject_matched", "确认被反映人", text, {"typed": typed.pk, "person": person.pk})
        commit(actor, report, event, before=report.stage)
        search.refresh(report)
    return report
