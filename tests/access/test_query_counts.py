"""Home pages (我的待办) and recusal pages: their queries do not grow with matters or with staff."""

import pytest
from django.test import Client

from paizhu.access import services
from paizhu.access.models import RelationDeclaration
from tests.fixtures import sign_in
from tests.query_counts import add_clue, add_member, add_report, assert_no_growth, grow_city


def _staff_with_matters(world, n, *, declare=False):
    """`n` new members of the 4th group, each handling a clue and a report; declared relations if asked."""
    names = []
    for _ in range(n):
        member = add_member(world)
        clue = add_clue(world, handlers=[member])
        report = add_report(world, handler=member)
        if declare:
            services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
            names += [f"{member}须回避，请改派问题线索", clue.serial, report.serial]
    return names


def test_the_group_leaders_home_does_not_grow_with_staff(world):
    client = sign_in(Client(), world.users.zu4)
    _staff_with_matters(world, 1)
    assert_no_growth(client, "/", lambda: _staff_with_matters(world, 3))


def test_the_group_leaders_home_does_not_grow_with_conflicted_staff(world):
    client = sign_in(Client(), world.users.zu4)
    _staff_with_matters(world, 1, declare=True)
    assert_no_growth(client, "/", lambda: _staff_with_matters(world, 3, declare=True))


HOME_USERS = ["wei", "guanli", "xinfang", "anguan", "shenli", "zu4", "zu4a", "zu2", "shuji", "lianluo", "auditor"]


@pytest.mark.parametrize("name", HOME_USERS)
def test_every_home_page_does_not_grow_with_matters_or_staff(world, name):
    client = sign_in(Client(), getattr(world.users, name))
    grow_city(world)
    assert_no_growth(client, "/", lambda: [s for _ in range(3) for s in grow_city(world).get(name, [])])
