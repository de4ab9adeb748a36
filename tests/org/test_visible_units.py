"""A group's visible units come from the coverage its matter scope already read (no query of their own),
and they are the units `Coverage.objects.current()` names — also when a period ends on a future day."""

import datetime

import pytest
from django.utils import timezone

from paizhu import access
from paizhu.access.matters import group_coverage
from paizhu.org.access import visible_unit_ids
from paizhu.org.models import Coverage, Unit
from paizhu.org.services import set_coverage

pytestmark = pytest.mark.django_db


def _current_units(group):
    return set(Coverage.objects.filter(group=group).current().values_list("unit_id", flat=True))


def test_a_period_ending_on_a_future_day_is_not_current(world):
    """An imported row may close a period on a future day; the unit then already belongs to the next group."""
    today = timezone.localdate()
    Coverage.objects.filter(group=world.g4, unit=world.fin).update(valid_to=today + datetime.timedelta(days=30))
    Coverage.objects.create(group=world.g2, unit=world.fin, valid_from=today + datetime.timedelta(days=31))
    for user, group in ((world.users.zu4, world.g4), (world.users.zu2, world.g2)):
        grant = user.acting_grant
        assert visible_unit_ids(grant) == _current_units(group)
    assert visible_unit_ids(world.users.zu4.acting_grant) == {world.edu.pk}
    assert visible_unit_ids(world.users.zu2.acting_grant) == {world.water.pk, world.fin.pk}
    # The org chart's own scope says the same.
    assert set(access.scope(world.users.zu4, Unit).values_list("pk", flat=True)) == {world.edu.pk}


def test_no_query_once_the_scope_has_read_the_coverage(world, django_assert_num_queries):
    grant = world.users.zu4.acting_grant
    group_coverage(grant)
    with django_assert_num_queries(0):
        assert visible_unit_ids(grant) == {world.edu.pk, world.fin.pk}


def test_a_coverage_change_is_seen_by_the_same_grant(world):
    """The grant keeps the periods for the request, but any Coverage save makes it read them again."""
    grant = world.users.zu4.acting_grant
    assert visible_unit_ids(grant) == {world.edu.pk, world.fin.pk}
    set_coverage(world.users.guanli, world.g2, world.fin, timezone.localdate(), reason="常委会决定调整")
    assert visible_unit_ids(grant) == {world.edu.pk} == _current_units(world.g4)
