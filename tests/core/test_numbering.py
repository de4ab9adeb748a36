import threading

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from freezegun import freeze_time

from paizhu.core import numbering
from paizhu.core.models import SerialCounter
from paizhu.core.numbering import SERIAL_KINDS, next_serial

# Transactional tests flush only these tables: the audit trail refuses TRUNCATE on PostgreSQL.
CORE_ONLY = ["paizhu.core"]


@pytest.mark.django_db
def test_numbers_run_per_kind_and_year():
    assert next_serial("XS", 2026) == "XS-2026-000001"
    assert next_serial("XS", 2026) == "XS-2026-000002"
    assert next_serial("XF", 2026) == "XF-2026-000001"
    assert next_serial("XS", 2027) == "XS-2027-000001"
    assert next_serial("XS", 2026) == "XS-2026-000003"


@pytest.mark.django_db
def test_year_rolls_over_at_midnight_in_shanghai():
    with freeze_time("2026-12-31T15:59:00Z"):  # 23:59 in Shanghai
        assert next_serial("AJ") == "AJ-2026-000001"
    with freeze_time("2026-12-31T16:01:00Z"):  # 00:01 on New Year's Day in Shanghai, still 2026 in UTC
        assert next_serial("AJ") == "AJ-2027-000001"
        assert next_serial("AJ") == "AJ-2027-000002"


@pytest.mark.django_db
def test_a_rolled_back_creation_gives_its_number_back():
    assert next_serial("AJ", 2026) == "AJ-2026-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_serial("AJ", 2026) == "AJ-2026-000002"
        raise RuntimeError("creation failed")
    assert next_serial("AJ", 2026) == "AJ-2026-000002"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["QQ", "xs", "", "XS-"])
def test_unknown_kind_is_refused(kind):
    with pytest.raises(ValueError, match="unknown serial kind"):
        next_serial(kind, 2026)
    assert not SerialCounter.objects.exists()


def test_the_apps_declare_their_kinds_with_chinese_labels():
    assert SERIAL_KINDS["XS"] == "问题线索"  # declared by the clue app's ready()
    assert SERIAL_KINDS["XF"] == "信访举报"
    assert all(kind.isascii() and kind.isupper() and label for kind, label in SERIAL_KINDS.items())


@pytest.mark.parametrize("kind", ["xs", "X", "XS-", "信访"])
def test_a_malformed_kind_is_not_declared(kind):
    with pytest.raises(ValueError, match="capital letters"):
        numbering.register(kind, "某类事项")
    assert kind not in SERIAL_KINDS


def test_a_prefix_names_one_kind_of_record():
    numbering.register("XS", "问题线索")  # the same declaration again is harmless
    with pytest.raises(ValueError, match="already"):
        numbering.register("XS", "巡视")
    assert SERIAL_KINDS["XS"] == "问题线索"


@pytest.mark.django_db(transaction=True, available_apps=CORE_ONLY)
def test_drawing_outside_a_transaction_is_refused():
    with pytest.raises(TransactionManagementError):
        next_serial("XS", 2026)
    assert not SerialCounter.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, available_apps=CORE_ONLY)
def test_concurrent_draws_are_distinct_and_contiguous():
    threads, per_thread = 8, 25
    start = threading.Barrier(threads)
    drawn: list[str] = []
    errors: list[BaseException] = []

    def draw():
        try:
            start.wait()  # all threads race for the year's first number, so the counter row's creation races too
            for _ in range(per_thread):
                with transaction.atomic():
                    serial = next_serial("XS", 2026)
                drawn.append(serial)
        except BaseException as error:  # a failing thread must fail the test, not vanish
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=draw) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert sorted(drawn) == [f"XS-2026-{i:06d}" for i in range(1, threads * per_thread + 1)]
    assert SerialCounter.objects.get(kind="XS", year=2026).last_value == threads * per_thread
