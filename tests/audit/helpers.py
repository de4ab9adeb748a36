"""Helpers for the audit tests: tampering as someone with database access would, a chain of both
canonical forms, and PostgreSQL-only marks."""

import pytest
from django.db import connection
from django.utils import timezone

from paizhu.audit import chain
from paizhu.audit.models import AuditEntry, AuditHead
from paizhu.audit.services import record

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


OLD, NEW = 5, 5  # entries 1-5 written in form 1 (before the column existed), 6-10 by today's writer


def _append_in_form_one(count: int) -> None:
    """Entries as the writer hashed them before entries named their form (the column's default says 1)."""
    head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": chain.GENESIS_HASH})
    for i in range(count):
        details = {"i": i, "note": "旧格式", "day": "2026-01-05"}
        at = timezone.now().replace(microsecond=0) if i == 0 else timezone.now()  # six zeros in form 1
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=at,
            action="org.person_saved",
            object_type="org.person",
            object_id=str(100 + i),
            client_address="10.20.0.7",
            details=details,
            details_digest=chain.details_digest(details),
            prev_hash=head.last_hash,
            canon=chain.CANON_JSON_V1,
        )
        entry.hash = chain.entry_hash(head.last_hash, entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.hash
    head.save()


def mixed_chain() -> None:
    _append_in_form_one(OLD)
    for i in range(NEW):
        record(None, "audit.verified", ("org.person", 200 + i), {"ok": True, "i": i})
