"""In-app reminders: listed on 期限预警, mark one or all read, only one's own; the badge beside 期限预警 counts
the overdue and near clues the user acts on (the home card's rows), not the reminders, read or not."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.workflow import reminders
from paizhu.workflow.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


@pytest.fixture
def reminded(world, make_clue):
    """Two overdue clues handled by zu4a, each with an unread reminder."""
    clues = [make_clue(received_on=datetime.date(2026, 2, 2)) for _ in range(2)]
    reminders.send(datetime.date(2026, 3, 10))
    assert Notification.objects.filter(user=world.users.zu4a).count() == 2
    return clues


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _badge(body: str) -> str | None:
    import re

    match = re.search(r'期限预警<span class="badge[^"]*">(\d+)</span>', body)
    return match.group(1) if match else None


def test_the_nav_entry_counts_the_clues_the_user_acts_on(world, reminded):
    client = _client(world.users.zu4a)
    assert _badge(client.get("/").content.decode()) == "2"
    assert _badge(_client(world.users.zu2).get("/").content.decode()) is None


def test_mark_one_then_all_read(world, reminded):
    client = _client(world.users.zu4a)
    first, second = Notification.objects.filter(user=world.users.zu4a).order_by("id")
    response = client.post(f"/clues/notifications/{first.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/clues/deadlines/"
    first.refresh_from_db()
    assert first.read_at is not None
    body = client.get("/clues/deadlines/").content.decode()
    assert first.title not in body and second.title in body
    assert _badge(body) == "2"  # reading a reminder does not take the step: both clues still wait
    client.post("/clues/notifications/read/")
    assert not Notification.objects.filter(user=world.users.zu4a, read_at__isnull=True).exists()
    assert second.title not in client.get("/clues/deadlines/").content.decode()
    counts = list(
        AuditEntry.objects.filter(action="notification.read").order_by("seq").values_list("details", flat=True)
    )
    assert counts == [{"id": first.pk, "count": 1}, {"id": None, "count": 1}]


def test_nobody_marks_someone_elses_reminder(world, reminded):
    note = Notification.objects.filter(user=world.users.zu4a).first()
    assert _client(world.users.zu4).post(f"/clues/notifications/{note.pk}/read/").status_code == 404
    assert _client(world.users.zu4a).get(f"/clues/notifications/{note.pk}/read/").status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_a_reminder_about_a_clue_hidden_by_recusal_is_not_counted(world, reminded):
    from paizhu.access.services import recuse

    recuse(world.users.zu4a, reminded[0], "与被反映人系亲属关系")
    assert _badge(_client(world.users.zu4a).get("/").content.decode()) == "1"
