"""PostgreSQL guards the append-only table itself, and serialises appends under concurrency."""

import datetime
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paizhu.audit.models import AuditEntry, AuditHead
from paizhu.audit.services import record, verify_chain
from tests.fixtures import make_user

from .helpers import mixed_chain, postgresql_only, tamper

pytestmark = postgresql_only


@pytest.fixture
def entry(world):
    return record(world.users.guanli, "org.person_saved", world.edu_clerk, {"note": "原始内容"})


def _refused(sql: str, params: tuple = ()) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE audit_auditentry SET details = \'{"note": "改过"}\' WHERE seq = %s',
        "UPDATE audit_auditentry SET hash = hash WHERE seq = %s",
        "DELETE FROM audit_auditentry WHERE seq = %s",
    ],
)
def test_raw_update_and_delete_are_refused(entry, sql):
    message = _refused(sql, (entry.seq,))
    assert "审计记录只允许追加" in message
    assert AuditEntry.objects.get(seq=entry.seq).details == {"note": "原始内容"}


def test_truncate_is_refused(entry):
    message = _refused("TRUNCATE audit_auditentry CASCADE")
    assert "TRUNCATE" in message
    assert AuditEntry.objects.filter(seq=entry.seq).exists()


def test_the_orm_cannot_delete_or_update_either(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="auth.login")
    assert AuditEntry.objects.get(pk=entry.pk).action == "org.person_saved"


def test_the_head_stays_writable_and_appending_still_works(entry):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_audithead SET last_seq = last_seq WHERE id = 1")
    later = record(None, "audit.verified", None, {"ok": True})
    assert later.seq == entry.seq + 1
    assert AuditHead.objects.get().last_hash == later.hash
    assert verify_chain().ok


def test_concurrent_records_make_one_gap_free_chain(transactional_db):
    threads, per_thread = 8, 15
    actors = [make_user(f"u{i}", full_name=f"并发用户{i}") for i in range(threads)]
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(actor):
        try:
            start.wait()
            for i in range(per_thread):
                # Inside a longer transaction, as services call it; reads also run the bulk-view check.
                with transaction.atomic():
                    record(actor, "org.person_saved", ("org.person", i), {"i": i})
                    record(actor, "audit.viewed", ("audit.auditentry", i))
        except BaseException as error:  # a failing thread must fail the test, not vanish
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(actor,)) for actor in actors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    expected = threads * per_thread * 2
    result = verify_chain()
    assert result.ok, result.message
    assert result.count == expected
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, expected + 1))
    per_actor = {a.pk: AuditEntry.objects.filter(actor=a).count() for a in actors}
    assert set(per_actor.values()) == {per_thread * 2}


def test_the_bulk_view_count_walks_the_reader_index(world):
    # A trail with history: the reader's old reads and everybody's recent ones, so no single-column
    # index is selective and a table scan would be the lazy plan.
    now = timezone.now()
    filler = [
        AuditEntry(
            seq=100_000 + i,
            at=now - datetime.timedelta(days=1) if i % 3 == 0 else now,
            actor=world.users.zu4 if i % 3 == 0 else world.users.wei,
            action="audit.viewed",
            object_type="clues.clue" if i % 2 else "org.person",
            object_id=str(i),
            details_digest="0" * 64,
            prev_hash="0" * 64,
            hash=f"{i:064x}",
        )
        for i in range(3000)
    ]
    AuditEntry.objects.bulk_create(filler)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    with CaptureQueriesContext(connection) as queries:
        record(world.users.zu4, "audit.viewed", ("clues.clue", 2))
    [count_sql] = [q["sql"] for q in queries if "COUNT(DISTINCT" in q["sql"].upper()]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {count_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert "audit_audit_actor_i_3b208c_idx" in plan, plan  # (actor, object_type, at): the reader's window only


def test_worker_processes_give_the_answer_of_one_pass(transactional_db):
    # Committed rows: each spawned worker reads them through its own connection.
    mixed_chain()
    assert verify_chain(workers=2, range_size=3) == verify_chain()
    assert verify_chain(workers=2, range_size=3).ok
    tamper("UPDATE audit_auditentry SET role = 'commission_leader' WHERE seq = 8")
    in_workers = verify_chain(workers=2, range_size=3)
    assert in_workers == verify_chain()
    assert (in_workers.ok, in_workers.broken_seq, in_workers.count) == (False, 8, 7)
