import pytest
from django.db import connection

from .helpers import ON_POSTGRESQL


@pytest.fixture
def _triggers_back_on(django_db_blocker):
    yield
    if ON_POSTGRESQL:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def audit_transactional_db(_triggers_back_on, transactional_db):
    """`transactional_db` whose closing flush may empty the audit table.

    PostgreSQL refuses TRUNCATE of audit entries; the superuser test connection skips ordinary
    triggers for the flush only (session_replication_role), and `_triggers_back_on`, set up before
    and so torn down after the flush, switches them back on.
    """
    yield
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
