"""监督关系调整: one group per unit at a time, a reason for every change, history kept, no overlaps."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError
from paizhu.org.models import Coverage, DispatchedStaff, Person
from paizhu.org.services import covering_group, dispatch_staff, end_dispatch, save_person, set_coverage

ON_POSTGRESQL = connection.vendor == "postgresql"


def test_a_reason_is_required(world):
    with pytest.raises(DomainError, match="调整理由") as caught:
        set_coverage(world.users.guanli, world.g2, world.fin, datetime.date(2026, 3, 1), reason="  ")
    assert caught.value.field == "reason"
    assert Coverage.objects.filter(unit=world.fin).count() == 1


def test_history_keeps_reason_and_who_changed(world):
    guanli = world.users.guanli
    set_coverage(guanli, world.g2, world.fin, datetime.date(2026, 3, 1), reason="常委会决定调整")
    entry = AuditEntry.objects.get(action="org.coverage_changed")
    assert entry.details["reason"] == "常委会决定调整"
    assert entry.details["previous_group"] == str(world.g4)
    assert entry.details["previous_to"] == "2026-02-28"
    new = Coverage.objects.get(unit=world.fin, valid_to__isnull=True)
    assert (new.group, new.changed_by, new.reason) == (world.g2, guanli, "常委会决定调整")


def test_a_closed_period_overlapping_the_new_one_is_refused(world):
    """The unit's coverage ended; a later start that falls inside the ended period would overlap it."""
    Coverage.objects.filter(unit=world.water).update(valid_to=datetime.date(2025, 12, 31))
    with pytest.raises(DomainError, match="重叠") as caught:
        set_coverage(world.users.guanli, world.g4, world.water, datetime.date(2025, 6, 1), reason="调整")
    assert caught.value.field == "valid_from"
    assert "2024-01-01至2025-12-31" in caught.value.message
    assert Coverage.objects.filter(unit=world.water).count() == 1
    assert covering_group(world.water, datetime.date(2025, 7, 1)) == world.g2
    # After the end, it may start again.
    set_coverage(world.users.guanli, world.g4, world.water, datetime.date(2026, 1, 1), reason="重新确定监督关系")
    assert covering_group(world.water, datetime.date(2026, 1, 1)) == world.g4


def test_a_future_start_is_refused(world):
    with pytest.raises(DomainError, match="不能晚于今天"):
        set_coverage(
            world.users.guanli, world.g2, world.fin, timezone.localdate() + datetime.timedelta(days=3), reason="x"
        )


def test_the_same_group_again_is_refused(world):
    with pytest.raises(DomainError, match="已由") as caught:
        set_coverage(world.users.guanli, world.g4, world.fin, datetime.date(2026, 3, 1), reason="x")
    assert caught.value.field == "group"


def test_ending_a_dispatch_before_it_began_is_refused(world):
    staff = DispatchedStaff.objects.get(person=world.zu4_person)
    with pytest.raises(DomainError, match="不能早于派驻日期") as caught:
        end_dispatch(world.users.guanli, staff, datetime.date(2023, 12, 31))
    assert caught.value.field == "valid_to"
    staff.refresh_from_db()
    assert staff.valid_to is None


def test_a_new_dispatch_starts_after_the_last_one_ended(world):
    guanli = world.users.guanli
    staff = DispatchedStaff.objects.get(person=world.zu4_person)
    end_dispatch(guanli, staff, datetime.date(2026, 1, 31))
    with pytest.raises(DomainError, match="上次离任日期"):
        dispatch_staff(guanli, world.zu4_person, world.g2, DispatchedStaff.Role.LEADER, datetime.date(2026, 1, 31))
    moved = dispatch_staff(guanli, world.zu4_person, world.g2, DispatchedStaff.Role.LEADER, datetime.date(2026, 2, 1))
    assert moved.group == world.g2


def test_one_main_leader_per_unit_and_a_main_leader_leads(world):
    guanli = world.users.guanli
    deputy = Person.objects.get(pk=world.edu_deputy.pk)
    deputy.is_main_leader = True
    with pytest.raises(DomainError, match="已有主要负责人王建国"):
        save_person(guanli, deputy)
    clerk = Person.objects.get(pk=world.edu_clerk.pk)
    clerk.unit = world.water
    clerk.is_main_leader = True
    with pytest.raises(DomainError, match="领导班子成员"):
        save_person(guanli, clerk)


def test_the_audit_entry_names_the_fields_changed(world):
    clerk = Person.objects.get(pk=world.edu_clerk.pk)
    clerk.post = "副科长"
    clerk.rank = Person.Rank.SECTION_DEPUTY
    save_person(world.users.guanli, clerk)
    entry = AuditEntry.objects.get(action="org.person_saved")
    assert entry.details["changes"] == {"post": ["科员", "副科长"], "rank": ["keyuan", "fuke"]}


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite 无排他约束，由服务层把关")
def test_sqlite_has_no_database_guard_the_service_is_the_guard(world):
    Coverage.objects.create(
        group=world.g2, unit=world.edu, valid_from=datetime.date(2024, 6, 1), valid_to=datetime.date(2024, 6, 30)
    )
    assert Coverage.objects.filter(unit=world.edu).count() == 2
