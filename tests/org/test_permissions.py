"""Only 派驻机构管理部门 changes the org chart: every other role is refused by the service itself,
nothing changes, and the 系统管理员 keeps no part of it (三员分立: no business data)."""

import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.core.errors import PermissionDenied
from paizhu.org.models import Coverage, DispatchedStaff, Person
from paizhu.org.services import dispatch_staff, end_dispatch, may_manage, save_person, set_coverage

OTHERS = [
    "wei",
    "xinfang",
    "anguan",
    "shenli",
    "zu4",
    "zu4a",
    "zu2",
    "shuji",
    "lianluo",
    "sysadmin",
    "secadmin",
    "auditor",
]
DAY = datetime.date(2026, 3, 1)


def _snapshot():
    return (
        list(Coverage.objects.order_by("pk").values_list("pk", "group_id", "unit_id", "valid_from", "valid_to")),
        list(DispatchedStaff.objects.order_by("pk").values_list("pk", "person_id", "group_id", "valid_to")),
        list(Person.objects.order_by("pk").values_list("pk", "name", "unit_id", "post")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("username", OTHERS)
def test_other_roles_cannot_change_coverage(world, username):
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        set_coverage(getattr(world.users, username), world.g2, world.fin, DAY, reason="调整")
    assert _snapshot() == before


@pytest.mark.parametrize("username", OTHERS)
def test_other_roles_cannot_dispatch_or_end_staff(world, username):
    user = getattr(world.users, username)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        dispatch_staff(user, world.water_head, world.g4, DispatchedStaff.Role.MEMBER, DAY)
    with pytest.raises(PermissionDenied):
        end_dispatch(user, DispatchedStaff.objects.get(person=world.zu4_person), DAY)
    assert _snapshot() == before


@pytest.mark.parametrize("username", OTHERS)
def test_other_roles_cannot_add_or_edit_cadres(world, username):
    user = getattr(world.users, username)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        save_person(user, Person(name="新干部", unit=world.edu, post="科员"))
    clerk = Person.objects.get(pk=world.edu_clerk.pk)
    clerk.post = "副科长"
    with pytest.raises(PermissionDenied):
        save_person(user, clerk)
    assert _snapshot() == before


def test_anonymous_and_no_actor_are_refused(world):
    from django.contrib.auth.models import AnonymousUser

    for actor in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            set_coverage(actor, world.g2, world.fin, DAY, reason="调整")
        with pytest.raises(PermissionDenied):
            save_person(actor, Person(name="新干部", unit=world.edu))
    assert not Person.objects.filter(name="新干部").exists()


def test_the_predicate_the_pages_ask_is_the_services_own(world):
    for model in (Coverage, DispatchedStaff, Person):
        assert may_manage(world.users.guanli, model)
        assert not any(may_manage(getattr(world.users, name), model) for name in OTHERS)


def test_dispatch_management_changes_the_chart_and_each_change_is_audited(world):
    guanli = world.users.guanli
    coverage = set_coverage(guanli, world.g2, world.fin, DAY, reason="监督力量调整")
    staff = dispatch_staff(guanli, world.water_head, world.g4, DispatchedStaff.Role.MEMBER, DAY)
    end_dispatch(guanli, staff, datetime.date(2026, 4, 30))
    cadre = save_person(
        guanli, Person(name="孙立新", unit=world.edu, post="办公室主任", rank=Person.Rank.SECTION_CHIEF)
    )
    entries = list(
        AuditEntry.objects.filter(action__startswith="org.")
        .order_by("seq")
        .values_list("action", "object_id", "actor_id")
    )
    assert entries == [
        ("org.coverage_changed", str(coverage.pk), guanli.pk),
        ("org.staff_dispatched", str(staff.pk), guanli.pk),
        ("org.staff_ended", str(staff.pk), guanli.pk),
        ("org.person_saved", str(cadre.pk), guanli.pk),
    ]
    assert coverage.changed_by == guanli
    assert coverage.reason == "监督力量调整"
