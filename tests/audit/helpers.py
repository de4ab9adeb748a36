"""Helpers for the audit tests: tampering as someone with database access would, and PostgreSQL-only marks."""

import pytest
from django.db import connection

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="需要 PostgreSQL（设置 PAIZHU_TEST_DATABASE_URL）"),
]


def tamper(sql: str, params: tuple = ()) -> None:
    """Run raw SQL on the audit table behind the application's back.

    On PostgreSQL the append-only trigger is skipped around it, as a database superuser (or a table
    owner disabling the trigger) could: the hash chain must catch what the trigger cannot.
    """
    with connection.cursor() as cursor:
        if ON_POSTGRESQL:
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if ON_POSTGRESQL:
                cursor.execute("SET session_replication_role = DEFAULT")
