"""Writes to the org chart: coverage over time, dispatched staff, the roster of cadres.

Only 派驻机构管理部门 changes the org chart: each public function takes the acting user first and
asks `access` for the "manage" action on the model (the org policies in `org/access.py`); the
pages draw their buttons from the same predicate (`may_manage`). The 系统管理员 holds no business
data (三员分立) and changes none of it. Every change is audited in its own transaction.

The demo loader (and a future bulk import) seeds the chart through `seed_coverage` and
`seed_dispatch`: no acting user, so no permission check, but the same rules and the same audit.

Independence (domain.md §1): dispatched staff hold no post in a unit their group covers.
"""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied

from .models import Coverage, DispatchedStaff, DispatchGroup, IntegrityRecord, Person, Unit, check_independence

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

MANAGE = "manage"


def covering_group(unit: Unit, day: datetime.date) -> DispatchGroup | None:
    """The group that covered `unit` on `day` (comprehensive dispatch: one group at a time)."""
    coverage = Coverage.objects.on(day).filter(unit=unit).select_related("group").first()
    return coverage.group if coverage else None


def may_manage(user: "Actor", model: type[Model]) -> bool:
    """Whether the user's acting role may change rows of `model` (Coverage, DispatchedStaff, Person) at all."""
    return not access.scope(user, model, MANAGE).query.is_empty()


def _require_manage(actor: "Actor", model: type[Model], obj: Model | None = None) -> None:
    """PermissionDenied unless the actor may manage `model` (and `obj`, when it already exists)."""
    allowed = access.scope(actor, model, MANAGE)
    if allowed.query.is_empty() or (obj is not None and obj.pk and not allowed.filter(pk=obj.pk).exists()):
        raise PermissionDenied(f"只有派驻机构管理部门可以调整{model._meta.verbose_name}。")


def _period(start: datetime.date, end: datetime.date | None) -> str:
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}" if end else f"{start:%Y-%m-%d}起至今"


def refuse_overlap(
    unit: Unit, valid_from: datetime.date, valid_to: datetime.date | None, *, exclude: Coverage | None = None
) -> None:
    """Refuse a coverage period of `unit` that overlaps another (both ends inclusive, open = unbounded)."""
    others = Coverage.objects.filter(unit=unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        others = others.filter(valid_from__lte=valid_to)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    clash = others.select_related("group").order_by("valid_from").first()
    if clash:
        raise DomainError(
            f"{unit.name}在{_period(clash.valid_from, clash.valid_to)}由{clash.group}监督，与所填期间重叠："
            "同一单位同一时间只能由一个派驻纪检监察组监督。",
            field="valid_from",
        )


@transaction.atomic
def set_coverage(
    actor: "Actor", group: DispatchGroup, unit: Unit, valid_from: datetime.date, *, reason: str
) -> Coverage:
    """监督关系调整: from `valid_from`, `group` covers `unit`; the previous coverage ends the day before.

    Only 派驻机构管理部门; a reason is required; history is kept (the closed row stays).
    """
    _require_manage(actor, Coverage)
    return _change_coverage(actor, group, unit, valid_from, reason)


def seed_coverage(group: DispatchGroup, unit: Unit, valid_from: datetime.date, *, reason: str) -> Coverage:
    """Initial data only (the demo loader, an import): no acting user, so no permission check; same rules, audited."""
    with transaction.atomic():
        return _change_coverage(None, group, unit, valid_from, reason)


def _change_coverage(
    actor: "Actor | None", group: DispatchGroup, unit: Unit, valid_from: datetime.date, reason: str
) -> Coverage:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写调整理由。", field="reason")
    if not group.is_active:
        raise DomainError(f"{group}已停用，不能承担监督。", field="group")
    if valid_from > timezone.localdate():
        raise DomainError("起始日期不能晚于今天：监督关系调整自生效之日起登记。", field="valid_from")
    current = Coverage.objects.select_for_update().filter(unit=unit, valid_to__isnull=True).first()
    if current and current.group_id == group.pk:
        raise DomainError(f"{unit.name}已由{group}监督。", field="group")
    if current and valid_from <= current.valid_from:
        raise DomainError(
            f"新的监督关系起始日期须晚于现有关系的起始日期（{current.valid_from:%Y-%m-%d}）。", field="valid_from"
        )
    refuse_overlap(unit, valid_from, None, exclude=current)
    staff_in_unit = Person.objects.filter(unit=unit, dispatches__group=group, dispatches__valid_to__isnull=True).first()
    if staff_in_unit:
        raise DomainError(
            f"{staff_in_unit.name}是{group}派驻干部且在{unit.name}任职，不能由该组监督此单位。", field="group"
        )
    if current:
        current.valid_to = valid_from - datetime.timedelta(days=1)  # calendar days: the day before
        current.save(update_fields=["valid_to"])
    coverage = Coverage.objects.create(
        group=group,
        unit=unit,
        valid_from=valid_from,
        reason=reason,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
    )
    record(
        actor,
        "org.coverage_changed",
        coverage,
        {
            "unit": unit.name,
            "group": str(group),
            "from": valid_from,
            "previous_group": str(current.group) if current else "",
            "previous_to": current.valid_to if current else None,
            "reason": reason,
        },
    )
    return coverage


@transaction.atomic
def dispatch_staff(
    actor: "Actor", person: Person, group: DispatchGroup, role: str, valid_from: datetime.date
) -> DispatchedStaff:
    """Register `person` as dispatched staff of `group` (only 派驻机构管理部门).

    Refused if they hold a post in a unit the group covers, or are already on an open dispatch.
    """
    _require_manage(actor, DispatchedStaff)
    return _dispatch(actor, person, group, role, valid_from)


def seed_dispatch(person: Person, group: DispatchGroup, role: str, valid_from: datetime.date) -> DispatchedStaff:
    """Initial data only (the demo loader, an import): no acting user, so no permission check; same rules, audited."""
    with transaction.atomic():
        return _dispatch(None, person, group, role, valid_from)


def _dispatch(
    actor: "Actor | None", person: Person, group: DispatchGroup, role: str, valid_from: datetime.date
) -> DispatchedStaff:
    if role not in DispatchedStaff.Role.values:
        raise DomainError("请选择派驻职务。", field="role")
    if not group.is_active:
        raise DomainError(f"{group}已停用。", field="group")
    if person.unit_id and Coverage.objects.current().filter(unit_id=person.unit_id, group=group).exists():
        raise DomainError(
            f"{person.name}在{person.unit}任职，该单位由{group}监督，不能派驻该组（派驻监督须保持独立性）。",
            field="person",
        )
    if DispatchedStaff.objects.select_for_update().filter(person=person, valid_to__isnull=True).exists():
        raise DomainError(f"{person.name}已是在任派驻干部，请先办理离任。", field="person")
    last = DispatchedStaff.objects.filter(person=person).order_by("-valid_to").first()
    if last and last.valid_to is not None and valid_from <= last.valid_to:
        raise DomainError(f"派驻日期须晚于{person.name}上次离任日期（{last.valid_to:%Y-%m-%d}）。", field="valid_from")
    staff = DispatchedStaff.objects.create(person=person, group=group, role=role, valid_from=valid_from)
    record(
        actor,
        "org.staff_dispatched",
        staff,
        {"person": person.name, "group": str(group), "role": role, "from": valid_from},
    )
    return staff


@transaction.atomic
def end_dispatch(actor: "Actor", staff: DispatchedStaff, valid_to: datetime.date) -> DispatchedStaff:
    """The dispatched person leaves the group on `valid_to` (离任; only 派驻机构管理部门)."""
    _require_manage(actor, DispatchedStaff, staff)
    staff = DispatchedStaff.objects.select_for_update().select_related("person", "group").get(pk=staff.pk)
    if staff.valid_to is not None:
        raise DomainError(f"{staff.person.name}已于{staff.valid_to:%Y-%m-%d}离任。")
    if valid_to < staff.valid_from:
        raise DomainError(f"离任日期不能早于派驻日期（{staff.valid_from:%Y-%m-%d}）。", field="valid_to")
    if valid_to > timezone.localdate():
        raise DomainError("离任日期不能晚于今天。", field="valid_to")
    staff.valid_to = valid_to
    staff.save(update_fields=["valid_to"])
    record(
        actor,
        "org.staff_ended",
        staff,
        {"person": staff.person.name, "group": str(staff.group), "role": staff.role, "to": valid_to},
    )
    return staff


PERSON_FIELDS = (
    "name",
    "unit",
    "post",
    "rank",
    "is_leadership_member",
    "is_main_leader",
    "is_party_member",
    "is_supervision_object",
    "management_level",
    "is_active",
)


def _person_value(person: Person, field: str) -> object:
    return getattr(person, "unit_id" if field == "unit" else field)


@transaction.atomic
def save_person(actor: "Actor", person: Person) -> Person:
    """Create or update a cadre of the roster (only 派驻机构管理部门).

    A 主要负责人 is a 领导班子成员, and a unit has one at a time; a dispatched person cannot take a
    post in a unit their group covers. The audit entry lists the fields changed (old, new).
    """
    _require_manage(actor, Person, person)
    name = (person.name or "").strip()
    if not name:
        raise DomainError("请填写姓名。", field="name")
    person.name = name
    if person.is_main_leader and not person.is_leadership_member:
        raise DomainError("主要负责人须为领导班子成员。", field="is_leadership_member")
    if person.is_main_leader and person.is_active and person.unit_id:
        other = (
            Person.objects.filter(unit_id=person.unit_id, is_main_leader=True, is_active=True)
            .exclude(pk=person.pk)
            .first()
        )
        if other:
            raise DomainError(
                f"{person.unit}已有主要负责人{other.name}，请先修改其信息（一个单位同一时间只有一名主要负责人）。",
                field="is_main_leader",
            )
    check_independence(person, person.unit)
    before = Person.objects.filter(pk=person.pk).first() if person.pk else None
    changes = {
        field: [_person_value(before, field) if before else None, _person_value(person, field)]
        for field in PERSON_FIELDS
        if before is None or _person_value(before, field) != _person_value(person, field)
    }
    person.save()
    record(
        actor,
        "org.person_saved",
        person,
        {"name": person.name, "unit": str(person.unit or ""), "created": before is None, "changes": changes},
    )
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
