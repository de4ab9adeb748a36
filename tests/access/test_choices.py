"""A list page's filter lists are read once a minute per acting grant, and again after a coverage change."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paizhu import access
from paizhu.org.models import Unit
from paizhu.org.services import set_coverage
from tests.fixtures import sign_in
from tests.query_counts import measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembered(settings):
    settings.FILTER_CHOICES_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _units(user):
    return [u.name for u in access.filter_choices(user, Unit.objects.order_by("id"))]


def test_read_once_per_grant(world, remembered, django_assert_num_queries):
    zu4 = world.users.zu4
    zu4.acting_grant  # noqa: B018 - the grant is loaded by the middleware on a page
    first = _units(zu4)
    assert first == [world.edu.name, world.fin.name]
    with django_assert_num_queries(0):
        assert _units(zu4) == first
    # Another grant (another group) has its own list.
    assert _units(world.users.zu2) == [world.water.name]


def test_a_coverage_change_reads_them_again(world, remembered):
    zu4 = world.users.zu4
    assert _units(zu4) == [world.edu.name, world.fin.name]
    set_coverage(world.users.guanli, world.g2, world.fin, timezone.localdate(), reason="常委会决定调整")
    assert _units(zu4) == [world.edu.name]


def _filter_list_queries(queries):
    return [q for q in queries if 'FROM "org_dispatchgroup"' in q or q.startswith('SELECT "org_unit"."id"')]


def test_the_ledger_reads_its_filter_lists_once(world, remembered, settings):
    client = sign_in(Client(), world.users.zu4)
    queries, body = measure(client, reverse("clues:list"))  # measure's warm-up view has filled the memo
    assert world.fin.name in body and world.g4.short_name in body
    assert not _filter_list_queries(queries)
    settings.FILTER_CHOICES_SECONDS = 0
    queries, _ = measure(client, reverse("clues:list"))
    assert len(_filter_list_queries(queries)) == 2
