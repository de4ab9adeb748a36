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


def test_every_module_of_a_services_package_is_watched():
    """A services package (one module per workflow) is watched through each module and the package's names."""
    from paizhu.intake import services
    from paizhu.intake.services import handling, routing

    for function in (services.accept_report, handling.accept_report, routing.save_routing_threshold):
        assert hasattr(function, "__wrapped__"), function
    assert not hasattr(services.may_convert, "__wrapped__")  # a read helper, skipped by name
