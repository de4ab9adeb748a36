"""The 组织机构 pages (groups, roster, coverage, a unit's coverage history, dispatched staff) in a fixed
number of queries: measured, grown (more groups, units, cadres and staff), measured again."""

import datetime
from itertools import count

import pytest
from django.test import Client
from django.urls import reverse

from paizhu.org import services
from paizhu.org.models import DispatchedStaff, DispatchGroup, Person, Unit
from tests.fixtures import sign_in
from tests.query_counts import assert_no_growth

_n = count(1)


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def _grow_org(world, n=3):
    """`n` new groups, each covering a new unit with two cadres, and with a leader and a member dispatched."""
    start = datetime.date(2025, 1, 1)
    shown = []  # what both the group and the staff pages show: the group's name and its staff
    for _ in range(n):
        i = next(_n)
        group = DispatchGroup.objects.create(
            commission=world.city,
            name=f"测试市纪委监委第{i + 10}派驻纪检监察组",
            short_name=f"第{i + 10}组",
            ordinal=i + 10,
        )
        unit = Unit.objects.create(commission=world.city, name=f"测试市新设局{i}")
        services.seed_coverage(group, unit, start, reason="初始监督关系")
        for post in ("局长", "科员"):
            Person.objects.create(name=f"干部{i}{post}", unit=unit, post=post, rank=Person.Rank.STAFF)
        for role in (DispatchedStaff.Role.LEADER, DispatchedStaff.Role.MEMBER):
            person = Person.objects.create(name=f"派驻{i}{role}", unit=None, post="派驻干部", rank=Person.Rank.STAFF)
            services.seed_dispatch(person, group, role, start)
            shown.append(person.name)
    return shown


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("org:groups", "guanli"),
        ("org:groups", "wei"),
        ("org:coverages", "guanli"),
        ("org:staff", "guanli"),
        ("org:staff", "wei"),
    ],
)
def test_the_org_lists(world, page, name):
    _grow_org(world, 1)
    assert_no_growth(
        _client(world, name), reverse(page), lambda: _grow_org(world) if page == "org:staff" else _units(world)
    )


def _units(world):
    """The group and coverage pages list units and groups: the new ones must be there."""
    new = _grow_org(world)
    return [u.name for u in Unit.objects.filter(name__startswith="测试市新设局")] if new else []


@pytest.mark.parametrize("name", ["guanli", "wei", "zu4"])
def test_the_roster(world, name):
    def grow():
        people = [
            Person.objects.create(name=f"教育局干部{next(_n)}", unit=unit, post="科员", rank=Person.Rank.STAFF)
            for unit in (world.edu, world.fin, world.edu)
        ]
        return [p.name for p in people if p.unit_id == world.edu.pk]

    grow()
    assert_no_growth(_client(world, name), reverse("org:people") + "?unit=" + str(world.edu.pk), grow)


def test_a_units_coverage_history(world):
    others = iter([world.g2, world.g4] * 10)
    days = iter(datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * k) for k in range(1, 60))

    def grow():
        reasons = []
        for _ in range(3):
            reasons.append(f"常委会决定调整（第{next(_n)}次）")
            services.set_coverage(world.users.guanli, next(others), world.fin, next(days), reason=reasons[-1])
        return reasons

    grow()
    assert_no_growth(_client(world, "guanli"), reverse("org:coverage_unit", args=[world.fin.pk]), grow)
