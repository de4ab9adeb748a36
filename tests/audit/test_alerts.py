import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.audit.services import BULK_VIEW_ALERT, DENIED, DENIED_ALERT, record, verify_chain

START = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.BULK_VIEW_ALERT_COUNT = 3
    settings.BULK_VIEW_ALERT_MINUTES = 10


def _read(user, *ids, object_type="clues.clue"):
    for i in ids:
        record(user, "audit.viewed", (object_type, i))


def _alerts():
    return list(AuditEntry.objects.filter(action=BULK_VIEW_ALERT).order_by("seq"))


def test_reading_more_than_the_threshold_raises_one_alert(world):
    reader = world.users.zu4
    with freeze_time(START):
        _read(reader, 1, 2, 3)
        assert _alerts() == []
        _read(reader, 4)
        [alert] = _alerts()
        _read(reader, 5, 6, 7)
    assert _alerts() == [alert]
    assert alert.actor is None
    assert (alert.object_type, alert.object_id) == ("accounts.user", str(reader.pk))
    trigger = AuditEntry.objects.get(seq=alert.seq - 1)
    assert trigger.object_id == "4"
    assert alert.details == {
        "user": "zu4",
        "name": "zu4",
        "role": "",
        "object_type": "clues.clue",
        "threshold": 3,
        "minutes": 10,
        "trigger_seq": trigger.seq,
    }
    assert verify_chain().ok


def test_rereading_the_same_objects_is_not_bulk_viewing(world):
    with freeze_time(START):
        for _ in range(5):
            _read(world.users.zu4, 1, 2, 3)
    assert _alerts() == []


def test_types_readers_and_writes_are_counted_apart(world):
    with freeze_time(START):
        _read(world.users.zu4, 1, 2, 3)
        _read(world.users.zu4, 1, 2, 3, object_type="intake.report")
        _read(world.users.zu2, 4, 5, 6)
        for i in range(4, 9):
            record(world.users.zu4, "org.person_saved", ("clues.clue", i))
        record(world.users.zu4, "audit.viewed")  # a read of no particular object
    assert _alerts() == []


def test_reads_older_than_the_window_do_not_count_and_a_new_window_may_alert_again(world):
    reader = world.users.zu4
    with freeze_time(START) as clock:
        _read(reader, 1, 2, 3)
        clock.tick(datetime.timedelta(minutes=11))
        _read(reader, 4, 5, 6)
        assert _alerts() == []
        _read(reader, 7)
        assert len(_alerts()) == 1
        clock.tick(datetime.timedelta(minutes=9))
        _read(reader, 8, 9, 10, 11)
        assert len(_alerts()) == 1  # one alert per reader within the window
        clock.tick(datetime.timedelta(minutes=2))
        _read(reader, 12)
        assert len(_alerts()) == 2  # 8..12 are 5 distinct reads in the last 10 minutes, the last alert is 11 old


def test_the_check_costs_a_fixed_number_of_queries_however_much_was_read(world):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            _read(world.users.zu4, 1)
        return len(queries)

    with freeze_time(START):
        first = cost()
        _read(world.users.zu4, *range(2, 60))
        assert cost() == first - 1  # once alerted, the count is skipped


# ---------------------------------------------------------------- repeated refusals (access.denied)


def _refused(user, *ids, object_type="clues.clue"):
    for i in ids:
        record(user, DENIED, (object_type, i), {"action": "view", "channel": f"GET /clues/{i}/"})


def _denied_alerts():
    return list(AuditEntry.objects.filter(action=DENIED_ALERT).order_by("seq"))


def test_five_refusals_in_ten_minutes_raise_one_alert_per_window(world, settings):
    settings.DENIED_ALERT_COUNT = 5
    settings.DENIED_ALERT_MINUTES = 10
    user = world.users.zu2
    with freeze_time(START) as clock:
        _refused(user, 1, 2, 3, 4)
        assert _denied_alerts() == []
        _refused(user, 1, object_type="intake.report")  # any kind of record counts, and the same one again
        [alert] = _denied_alerts()
        _refused(user, 5, 6, 7)
        assert _denied_alerts() == [alert]
        clock.tick(datetime.timedelta(minutes=11))
        _refused(user, 8, 9, 10, 11)  # the alert's window has passed; 4 refusals in the last ten minutes
        assert _denied_alerts() == [alert]
        _refused(user, 12)
        assert len(_denied_alerts()) == 2
    assert alert.actor is None and (alert.object_type, alert.object_id) == ("accounts.user", str(user.pk))
    assert alert.details == {
        "user": "zu2",
        "name": "zu2",
        "role": "",
        "count": 5,
        "threshold": 5,
        "minutes": 10,
        "trigger_seq": alert.seq - 1,
    }
    assert verify_chain().ok


def test_refusals_of_different_users_and_other_events_are_counted_apart(world, settings):
    settings.DENIED_ALERT_COUNT = 3
    with freeze_time(START):
        _refused(world.users.zu2, 1, 2)
        _refused(world.users.zu4a, 1, 2)
        record(world.users.zu2, "org.person_saved", ("clues.clue", 3))
        record(world.users.zu2, "audit.viewed", ("clues.clue", 4))
    assert _denied_alerts() == []


def test_a_bulk_view_alert_does_not_stand_in_for_a_refusal_alert(world, settings):
    settings.DENIED_ALERT_COUNT = 2
    with freeze_time(START):
        _read(world.users.zu2, 1, 2, 3, 4)  # bulk viewing: its own alert
        _refused(world.users.zu2, 1, 2)
    assert [a.action for a in _alerts()] == [BULK_VIEW_ALERT] and len(_denied_alerts()) == 1
