"""On PostgreSQL the database refuses overlapping coverage of a unit (btree_gist exclusion constraint)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from paizhu.org.models import Coverage
from tests.audit.helpers import postgresql_only

pytestmark = postgresql_only


def test_a_closed_period_inside_an_open_one_is_refused(world):
    with pytest.raises(IntegrityError, match="org_coverage_no_overlap"), transaction.atomic():
        Coverage.objects.create(
            group=world.g2, unit=world.edu, valid_from=datetime.date(2024, 6, 1), valid_to=datetime.date(2024, 6, 30)
        )
    assert Coverage.objects.filter(unit=world.edu).count() == 1


def test_two_closed_periods_sharing_a_day_are_refused(world):
    Coverage.objects.filter(unit=world.water).update(valid_to=datetime.date(2024, 12, 31))
    with pytest.raises(IntegrityError, match="org_coverage_no_overlap"), transaction.atomic():
        Coverage.objects.create(  # both ends are inclusive: 12-31 belongs to both
            group=world.g4, unit=world.water, valid_from=datetime.date(2024, 12, 31), valid_to=datetime.date(2025, 3, 1)
        )


def test_adjacent_periods_and_other_units_are_accepted(world):
    Coverage.objects.filter(unit=world.water).update(valid_to=datetime.date(2024, 12, 31))
    Coverage.objects.create(group=world.g4, unit=world.water, valid_from=datetime.date(2025, 1, 1))
    assert Coverage.objects.filter(unit=world.water).count() == 2
