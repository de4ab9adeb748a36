"""Schemathesis against the served /api/v1/openapi.json, bounded: a few generated requests per operation
(valid and invalid parameters, odd ids and cursors), each answered without a 5xx, with a status the spec
declares, in the declared content type and within the declared schema. Signed in with an API token of
委领导 (who reads the most), over the WSGI application and the test database."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from paizhu.accounts import tokens
from tests.fixtures import sign_in

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_the_test_connection(api_schema):
    # Schemathesis calls the WSGI handler itself, which closes the connection as each request starts and ends
    # (inside the test's transaction, PostgreSQL's connection looks obsolete); Django's test client detaches these
    # handlers for its own requests and attaches them again after each one, so this runs after api_schema's request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(world, client, matters, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # the test client and schemathesis's WSGI client
    sign_in(client, world.users.wei)
    document = client.get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def token(world):
    return tokens.create_token(world.users.secadmin, world.users.wei, days=1, note="接口测试")[1]


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.xdist_group("schemathesis")
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
