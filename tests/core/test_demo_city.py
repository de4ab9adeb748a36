"""The demo city as loaded: logins, coverage, dispatched staff — one load of the whole city for the module."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from paizhu.accounts.demo import DEMO_PASSWORD
from paizhu.accounts.models import User
from paizhu.core import demo
from paizhu.core.roles import Role
from paizhu.org.models import Commission, Coverage, DispatchedStaff, DispatchGroup, Person, Unit
from paizhu.org.services import check_independence, covering_group

from .test_demo import _counts, demo_mode  # noqa: F401  (the fixture)

# The city was loaded with the real password hasher, so the logins are checked with it too.
pytestmark = [pytest.mark.django_db, pytest.mark.real_hashing]


@pytest.fixture(scope="module")
def _loaded_city(django_db_setup, django_db_blocker):
    """The whole demo city, loaded once for the module (a load takes ~20 s) inside a transaction rolled
    back at its end; tests that need a fresh run load only the loaders they are about."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo.run()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def city(_loaded_city, demo_mode):  # noqa: F811
    return Commission.objects.get(name="江临市纪委监委")


def test_loading_twice_adds_nothing(city, demo_mode):  # noqa: F811
    before = _counts()
    report = demo.run()
    assert report.loaded == []
    assert _counts() == before
    assert before["DispatchGroup"] == 8
    assert before["Unit"] == 24
    assert 280 <= Person.objects.filter(unit__isnull=False).count() <= 340


def test_every_demo_login_has_its_role_and_scope(city):
    edu = Unit.objects.get(name="江临市教育局")
    g4 = DispatchGroup.objects.get(short_name="第四纪检监察组")
    g2 = DispatchGroup.objects.get(short_name="第二纪检监察组")
    expected = {
        "wei": (Role.COMMISSION_LEADER, city),
        "guanli": (Role.DISPATCH_MANAGEMENT, city),
        "xinfang": (Role.PETITION_OFFICE, city),
        "anguan": (Role.CASE_MANAGEMENT, city),
        "shenli": (Role.CASE_REVIEW, city),
        "zu4": (Role.GROUP_LEADER, g4),
        "zu4a": (Role.GROUP_MEMBER, g4),
        "zu2": (Role.GROUP_LEADER, g2),
        "shuji": (Role.PARTY_SECRETARY, edu),
        "lianluo": (Role.LIAISON, edu),
        "sysadmin": (Role.SYSTEM_ADMIN, None),
        "secadmin": (Role.SECURITY_ADMIN, None),
        "auditor": (Role.SECURITY_AUDITOR, None),
    }
    for username, (role, scope) in expected.items():
        user = User.objects.get(username=username)
        assert [(g.role, g.scope_object) for g in user.active_grants()] == [(role, scope)], username
        assert user.check_password(DEMO_PASSWORD), username
        assert user.full_name and user.full_name != username
    users = {u.username: u for u in User.objects.select_related("person")}
    assert users["zu4"].person.dispatches.get().group == g4
    assert users["zu4"].person.dispatches.get().role == DispatchedStaff.Role.LEADER
    assert users["zu4a"].person.dispatches.get().role == DispatchedStaff.Role.MEMBER
    assert users["zu4a"].person.dispatches.get().group == g4
    assert users["zu2"].person.dispatches.get().group == g2
    assert users["shuji"].person.unit == edu
    assert users["shuji"].person.is_main_leader
    assert users["lianluo"].person.unit == edu
    assert not users["lianluo"].person.is_leadership_member
    assert users["zu4"].full_name == users["zu4"].person.name


def test_group_four_covers_the_secretarys_unit(city):
    shuji = User.objects.select_related("person__unit").get(username="shuji")
    assert covering_group(shuji.person.unit, datetime.date(2026, 1, 5)).short_name == "第四纪检监察组"


def test_every_unit_has_one_current_group_and_one_main_leader(city):
    for unit in Unit.objects.all():
        assert Coverage.objects.current().filter(unit=unit).count() == 1, unit.name
        leaders = Person.objects.filter(unit=unit, is_leadership_member=True)
        assert 5 <= leaders.count() <= 7, unit.name
        assert leaders.filter(is_main_leader=True).count() == 1, unit.name
        assert not leaders.exclude(management_level=Person.ManagementLevel.SAME_LEVEL_COMMITTEE).exists()
    assert not Person.objects.filter(is_main_leader=True, is_leadership_member=False).exists()


def test_comprehensive_dispatch_with_history(city):
    sizes = sorted(Coverage.objects.current().filter(group=g).count() for g in DispatchGroup.objects.all())
    assert sizes[0] <= 2
    assert sizes[-1] >= 3
    moved = Unit.objects.get(name="江临市退役军人事务局")
    assert covering_group(moved, datetime.date(2024, 1, 1)).ordinal == 4
    assert covering_group(moved, datetime.date(2025, 6, 30)).ordinal == 4
    assert covering_group(moved, datetime.date(2025, 7, 1)).ordinal == 8
    assert Coverage.objects.filter(unit=moved).count() == 2


def test_dispatched_staff_hold_no_post_in_covered_units(city):
    for group in DispatchGroup.objects.all():
        staff = DispatchedStaff.objects.filter(group=group, valid_to__isnull=True).select_related("person__unit")
        roles = [s.role for s in staff]
        assert roles.count(DispatchedStaff.Role.LEADER) == 1, group.short_name
        assert 2 <= roles.count(DispatchedStaff.Role.MEMBER) <= 4, group.short_name
        for s in staff:
            assert s.person.unit is None
            check_independence(s.person, s.person.unit)
    dispatched_names = set(DispatchedStaff.objects.values_list("person__name", flat=True))
    assert not Person.objects.filter(unit__isnull=False, name__in=dispatched_names).exists()
