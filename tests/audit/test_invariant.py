"""The suite-wide audit invariant (tests/audit_invariant.py) notices a service that does not audit."""

import pytest
from django.db import transaction

from paizhu.audit.services import record
from tests import audit_invariant

pytestmark = pytest.mark.django_db


def _check(function) -> list[str]:
    before = len(audit_invariant.violations)
    audit_invariant._wrap("tests.probe", function)(None)
    found = audit_invariant.violations[before:]
    del audit_invariant.violations[before:]
    return found


def test_a_service_that_writes_no_entry_is_reported():
    assert _check(lambda actor: None) == ["tests.probe: returned without an audit entry"]


def test_an_entry_outside_the_services_transaction_is_reported():
    assert _check(lambda actor: record(None, "audit.verified")) == [
        "tests.probe: audit entry written outside the service's transaction"
    ]


def test_an_entry_inside_the_services_transaction_passes():
    def service(actor):
        with transaction.atomic():
            record(None, "audit.verified")

    assert _check(service) == []
