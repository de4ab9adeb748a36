"""The grant query carries the facts a scope is built from (access.facts): the same facts as the readers'
own queries, and no separate coverage or declaration query on a page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from paizhu.access import chart
from paizhu.access.facts import grants_with_scope_facts
from paizhu.access.matters import group_coverage
from paizhu.access.models import RelationDeclaration
from paizhu.access.recusal import Conflicts, conflicts_of, forget_conflicts
from paizhu.accounts.models import User
from paizhu.org.models import Coverage, Unit
from tests.fixtures import sign_in
from tests.query_counts import add_clue

pytestmark = pytest.mark.django_db


def _declare(world, user):
    RelationDeclaration.objects.create(user=user, kind="relative", person=world.edu_clerk)
    RelationDeclaration.objects.create(user=user, kind="former_unit", unit=world.water)
    RelationDeclaration.objects.create(user=user, kind="other", person=world.edu_deputy, withdrawn_at=timezone.now())


def test_the_facts_are_what_the_readers_would_read(world):
    old = Unit.objects.create(commission=world.city, name="测试市审计局")
    Coverage.objects.create(
        group=world.g4, unit=old, valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2023, 12, 31)
    )
    user = User.objects.get(pk=world.users.zu4.pk)
    _declare(world, user)
    (grant,) = grants_with_scope_facts(user, user.active_grants())
    with CaptureQueriesContext(connection) as read:
        carried, conflicts = group_coverage(grant), conflicts_of(user)
    assert read.captured_queries == []
    assert carried == sorted(chart.coverage_periods(world.g4.pk))
    assert (old.pk, datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)) in carried
    assert conflicts == Conflicts(frozenset({world.zu4_person.pk, world.edu_clerk.pk}), frozenset({world.water.pk}))
    forget_conflicts(user)
    assert conflicts_of(user) == conflicts  # read again on their own: the same


def test_no_declaration_and_no_group(world):
    user = User.objects.get(pk=world.users.wei.pk)
    (grant,) = grants_with_scope_facts(user, user.active_grants())
    assert conflicts_of(user) == Conflicts(frozenset(), frozenset())
    assert not hasattr(grant, "_paizhu_coverage")


def test_a_page_reads_neither_coverage_nor_declarations_on_its_own(world):
    _declare(world, world.users.zu4)
    shown = add_clue(world, subjects=[world.edu_head])
    hidden = add_clue(world, subjects=[world.edu_clerk])  # the declared relative
    client = sign_in(Client(), world.users.zu4)
    client.get(reverse("clues:list"))
    with CaptureQueriesContext(connection) as page:
        body = client.get(reverse("clues:list")).content.decode()
    tables = " ".join(q["sql"] for q in page.captured_queries)
    assert '"org_coverage"' in tables  # in the grant query ...
    assert not any(
        q["sql"].startswith(('SELECT "org_coverage"', 'SELECT "access_relationdeclaration"'))
        for q in page.captured_queries
    )
    assert shown.serial in body
    assert hidden.serial not in body


def test_a_sections_quick_answer_is_the_scopes(world):
    """`has_section` answered by a policy's `section` (matters: without building the recusal exclusions) says
    what the whole scope says, for every registered model, action and role."""
    from paizhu import access
    from paizhu.access.policy import _policies

    _declare(world, world.users.zu4)
    for name in vars(world.users):
        user = getattr(world.users, name)
        for model, policy in _policies.items():
            for action in policy.actions:
                whole = not access.scope(user, model, action).query.is_empty()
                assert access.has_section(user, model, action) == whole, (name, model, action)
