import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError
from paizhu.org.models import Coverage, DispatchedStaff, Person
from paizhu.org.services import covering_group, dispatch_staff, save_person, set_coverage


def test_coverage_change_keeps_history_and_routes_by_date(world):
    moved = datetime.date(2026, 3, 1)
    set_coverage(world.users.guanli, world.g2, world.fin, moved, reason="监督力量调整")
    assert covering_group(world.fin, datetime.date(2026, 2, 28)) == world.g4
    assert covering_group(world.fin, moved) == world.g2
    history = list(Coverage.objects.filter(unit=world.fin).order_by("valid_from"))
    assert [(c.group, c.valid_to) for c in history] == [(world.g4, datetime.date(2026, 2, 28)), (world.g2, None)]
    assert AuditEntry.objects.filter(action="org.coverage_changed").count() == 1


def test_coverage_cannot_start_before_current_one(world):
    with pytest.raises(DomainError, match="起始日期"):
        set_coverage(world.users.guanli, world.g2, world.fin, datetime.date(2023, 1, 1), reason="调整")
    assert Coverage.objects.filter(unit=world.fin, valid_to__isnull=True).get().group == world.g4


def test_dispatched_staff_cannot_hold_post_in_covered_unit(world):
    world.zu4_person.unit = world.edu
    with pytest.raises(DomainError, match="不得在被监督单位任职"):
        save_person(world.users.guanli, world.zu4_person)
    assert Person.objects.get(pk=world.zu4_person.pk).unit is None


def test_cadre_of_covered_unit_cannot_be_dispatched_into_that_group(world):
    with pytest.raises(DomainError, match="独立性"):
        dispatch_staff(
            world.users.guanli, world.edu_clerk, world.g4, DispatchedStaff.Role.MEMBER, datetime.date(2026, 1, 5)
        )
    assert not DispatchedStaff.objects.filter(person=world.edu_clerk).exists()


def test_cadre_of_another_groups_unit_can_be_dispatched(world):
    staff = dispatch_staff(
        world.users.guanli, world.water_head, world.g4, DispatchedStaff.Role.MEMBER, datetime.date(2026, 1, 5)
    )
    assert staff.group == world.g4
