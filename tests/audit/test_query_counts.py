"""The audit pages (entries, one entry, the verification page) in a fixed number of queries: measured,
grown (more entries by more actors, more alerts), measured again. The list keeps its pin of 15."""

import pytest
from django.test import Client
from django.urls import reverse

from paizhu.audit.services import record
from tests.fixtures import sign_in
from tests.query_counts import add_member, assert_no_growth


@pytest.fixture
def auditor(world):
    return sign_in(Client(), world.users.auditor)


def _entries(world, settings, n=3):
    """Entries by new staff, about new objects, and bulk-view alerts (more actors, more alert rows)."""
    settings.BULK_VIEW_ALERT_COUNT = 2
    actors = []
    for _ in range(n):
        member = add_member(world)
        for i in range(3):
            record(member, "audit.viewed", ("org.person", i))
        record(member, "org.person_saved", world.edu_clerk, {"note": str(member)})
        actors.append(str(member))
    return actors


def test_the_audit_list(world, auditor, settings):
    _entries(world, settings, 1)
    assert_no_growth(auditor, reverse("audit:entries"), lambda: _entries(world, settings), most=15)


def test_an_audit_entry(world, auditor, settings):
    entry = record(world.users.guanli, "org.person_saved", world.edu_clerk, {"fields": ["post"]})
    assert_no_growth(
        auditor, reverse("audit:entry", args=[entry.pk]), lambda: _entries(world, settings) and ["guanli"], most=15
    )


def test_the_verification_page(world, auditor, settings):
    assert_no_growth(auditor, reverse("audit:verify"), lambda: _entries(world, settings) and ["审计链校验"])
