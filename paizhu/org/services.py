"""Writes to the org chart: coverage over time, dispatched staff, cadres' posts.

Independence (domain.md §1): dispatched staff hold no post in a unit their group covers.
"""

import datetime

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core.errors import DomainError

from .models import Coverage, DispatchedStaff, DispatchGroup, IntegrityRecord, Person, Unit


def covering_group(unit: Unit, day: datetime.date) -> DispatchGroup | None:
    """The group that covered `unit` on `day` (comprehensive dispatch: one group at a time)."""
    coverage = Coverage.objects.on(day).filter(unit=unit).select_related("group").first()
    return coverage.group if coverage else None


def _groups_of_staff(person: Person, day: datetime.date | None = None) -> list[DispatchGroup]:
    dispatches = DispatchedStaff.objects.filter(person=person).select_related("group")
    if day is None:
        dispatches = dispatches.filter(valid_to__isnull=True)
    else:
        dispatches = dispatches.filter(valid_from__lte=day).exclude(valid_to__lt=day)
    return [d.group for d in dispatches]


def check_independence(person: Person, unit: Unit | None, group: DispatchGroup | None = None) -> None:
    """Refuse a post in `unit` for a person dispatched into a group covering it (or into `group`)."""
    if unit is None:
        return
    groups = [group] if group else _groups_of_staff(person)
    covered = Coverage.objects.current().filter(unit=unit, group__in=groups).select_related("group").first()
    if covered:
        raise DomainError(
            f"{person.name}是{covered.group}派驻干部，该组监督{unit.name}，不得在被监督单位任职（派驻监督须保持独立性）。",
            field="unit",
        )


@transaction.atomic
def set_coverage(actor, group: DispatchGroup, unit: Unit, valid_from: datetime.date) -> Coverage:
    """From `valid_from`, `group` covers `unit`; the previous coverage ends the day before. History is kept."""
    current = Coverage.objects.select_for_update().filter(unit=unit, valid_to__isnull=True).first()
    if current and current.group_id == group.pk:
        raise DomainError(f"{unit.name}已由{group}监督。")
    if current and valid_from <= current.valid_from:
        raise DomainError(
            f"新的监督关系起始日期须晚于现有关系的起始日期（{current.valid_from:%Y-%m-%d}）。", field="valid_from"
        )
    if Coverage.objects.filter(unit=unit, valid_to__gte=valid_from).exclude(pk=getattr(current, "pk", None)).exists():
        raise DomainError("起始日期与已有的历史监督关系重叠。", field="valid_from")
    staff_in_unit = Person.objects.filter(unit=unit, dispatches__group=group, dispatches__valid_to__isnull=True).first()
    if staff_in_unit:
        raise DomainError(f"{staff_in_unit.name}是{group}派驻干部且在{unit.name}任职，不能由该组监督此单位。")
    if current:
        current.valid_to = valid_from - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    coverage = Coverage.objects.create(group=group, unit=unit, valid_from=valid_from)
    record(
        actor,
        "org.coverage_changed",
        coverage,
        {
            "unit": unit.name,
            "group": str(group),
            "from": valid_from,
            "previous_group": str(current.group) if current else "",
        },
    )
    return coverage


@transaction.atomic
def dispatch_staff(
    actor, person: Person, group: DispatchGroup, role: str, valid_from: datetime.date
) -> DispatchedStaff:
    """Register `person` as dispatched staff of `group`; refused if they hold a post in a unit the group covers."""
    if person.unit_id:
        check_independence(person, person.unit, group)
    if DispatchedStaff.objects.filter(person=person, valid_to__isnull=True).exists():
        raise DomainError(f"{person.name}已是在任派驻干部，请先办理离任。")
    staff = DispatchedStaff.objects.create(person=person, group=group, role=role, valid_from=valid_from)
    record(actor, "org.staff_dispatched", staff, {"person": person.name, "group": str(group), "role": role})
    return staff


@transaction.atomic
def save_person(actor, person: Person) -> Person:
    """Create or update a cadre; a dispatched person cannot take a post in a unit their group covers."""
    check_independence(person, person.unit)
    person.save()
    record(actor, "org.person_saved", person, {"name": person.name, "unit": str(person.unit or "")})
    return person


def write_integrity_outcome(
    person: Person,
    *,
    kind: str,
    occurred_on: datetime.date,
    source_serial: str,
    form: int | None,
    measures: list[str],
    summary: str,
) -> IntegrityRecord:
    """Put a matter's outcome into the person's integrity file.

    Called by the service that concludes the matter, inside its transaction and under its audit
    entry; concluding the same matter again (a 复审 changing the penalty) replaces the entry.
    """
    record_, _ = IntegrityRecord.objects.update_or_create(
        person=person,
        source_serial=source_serial,
        kind=kind,
        defaults={"occurred_on": occurred_on, "form": form, "measures": measures, "summary": summary[:300]},
    )
    return record_
