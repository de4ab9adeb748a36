import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.models import CalendarYear, WorkdayOverride
from paizhu.core.services import (
    delete_calendar_year,
    delete_workday_override,
    save_calendar_year,
    save_workday_override,
)

D = datetime.date
HOLIDAY = WorkdayOverride.Kind.HOLIDAY
WORKDAY = WorkdayOverride.Kind.WORKDAY


def test_saving_an_override_is_audited(world):
    admin = world.users.sysadmin
    override = save_workday_override(admin, WorkdayOverride(date=D(2027, 2, 8), kind=HOLIDAY, note="春节"))
    assert override.created_by == admin
    override.kind = WORKDAY
    save_workday_override(admin, override)
    created, changed = AuditEntry.objects.filter(action="calendar.override_saved").order_by("seq")
    assert created.details == {"date": "2027-02-08", "kind": "holiday", "note": "春节", "previous": None}
    assert changed.details["kind"] == "workday"
    assert changed.details["previous"] == {"date": "2027-02-08", "kind": "holiday"}
    assert (changed.actor, changed.object_id) == (admin, str(override.pk))


def test_deleting_an_override_is_audited(world):
    override = save_workday_override(world.users.sysadmin, WorkdayOverride(date=D(2027, 2, 8), kind=HOLIDAY))
    delete_workday_override(world.users.sysadmin, override)
    assert not WorkdayOverride.objects.exists()
    entry = AuditEntry.objects.get(action="calendar.override_deleted")
    assert entry.details == {"date": "2027-02-08", "kind": "holiday"}


@pytest.mark.parametrize("role", ["guanli", "secadmin", "auditor", "zu4"])
def test_only_the_system_administrator_edits_the_calendar(world, role):
    actor = getattr(world.users, role)
    with pytest.raises(PermissionDenied):
        save_workday_override(actor, WorkdayOverride(date=D(2027, 2, 8), kind=HOLIDAY))
    override = WorkdayOverride.objects.create(date=D(2027, 2, 9), kind=HOLIDAY)
    with pytest.raises(PermissionDenied):
        delete_workday_override(actor, override)
    with pytest.raises(PermissionDenied):
        save_calendar_year(actor, CalendarYear(year=2027))
    assert list(WorkdayOverride.objects.values_list("date", flat=True)) == [D(2027, 2, 9)]
    assert not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_one_override_per_date(world):
    save_workday_override(world.users.sysadmin, WorkdayOverride(date=D(2027, 2, 8), kind=HOLIDAY))
    with pytest.raises(DomainError, match="已有工作日调整记录"):
        save_workday_override(world.users.sysadmin, WorkdayOverride(date=D(2027, 2, 8), kind=WORKDAY))


def test_a_year_is_declared_only_once_its_holidays_are_entered(world):
    admin = world.users.sysadmin
    with pytest.raises(DomainError, match="尚未录入2027年的任何放假日"):
        save_calendar_year(admin, CalendarYear(year=2027))
    save_workday_override(admin, WorkdayOverride(date=D(2027, 1, 1), kind=HOLIDAY))
    save_workday_override(admin, WorkdayOverride(date=D(2027, 2, 6), kind=WORKDAY))
    declared = save_calendar_year(admin, CalendarYear(year=2027, note="国办通知"))
    entry = AuditEntry.objects.get(action="calendar.year_saved")
    assert entry.details == {"year": 2027, "note": "国办通知", "holidays": 1, "workdays": 1}
    with pytest.raises(DomainError, match="已确认"):
        save_calendar_year(admin, CalendarYear(year=2027))
    delete_calendar_year(admin, declared)
    assert not CalendarYear.objects.exists()
    assert AuditEntry.objects.filter(action="calendar.year_deleted").count() == 1


def test_a_built_in_year_needs_no_declaration(world):
    with pytest.raises(DomainError, match="已内置"):
        save_calendar_year(world.users.sysadmin, CalendarYear(year=2026))
