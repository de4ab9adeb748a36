"""A new matter type plugs into the kernel from its own folder: nothing in access, audit, core or workflow
names it, and no other app is touched.

The toy is a 督办件 (an errand the group leader hands a member): it declares its fields for the matter policy,
its audit codes, its limit table, its timeline table and a reminder collector — exactly what a new module's
`apps.py` registers — and then gets need-to-know scoping, one-call transitions with timeline and audit,
working-day deadlines and reminders.
"""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django_fsm import FSMField
from django_fsm import transition as declared

from paizhu import access
from paizhu.access.matters import MatterFields, matter_policy
from paizhu.access.policy import _policies
from paizhu.audit import events as audit_events
from paizhu.audit.models import AuditEntry
from paizhu.core import calendar
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, StaleEdit
from paizhu.workflow import limits, reminders
from paizhu.workflow.models import Notification, TimelineEvent
from paizhu.workflow.transitions import Event, transition


class Errand(models.Model):  # noqa: DJ008 - shown through its serial in a real module
    class Status(models.TextChoices):
        OPEN = "open", "待办理"
        ANSWERED = "answered", "已答复"
        CLOSED = "closed", "已办结"

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("org.DispatchGroup", null=True, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    handler = models.ForeignKey(django_settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    status = FSMField(max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    due_on = models.DateField(null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        app_label = "workflow"
        db_table = "test_toy_errand"

    @declared(field="status", source=Status.OPEN, target=Status.ANSWERED)
    def answer_with(self, text: str):
        self.answer = text

    @declared(field="status", source=Status.ANSWERED, target=Status.CLOSED)
    def close(self):
        self.due_on = None


class ErrandEvent(TimelineEvent):  # noqa: DJ008
    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        app_label = "workflow"
        db_table = "test_toy_errand_event"


TOY_EVENTS = {"errand.answered": "答复督办件", "errand.closed": "办结督办件", "errand.viewed": "查看督办件"}


def _due_reminders(today, horizon):
    for errand in Errand.objects.filter(due_on__lte=horizon, handler__isnull=False):
        yield reminders.Reminder(
            errand, (errand.handler_id,), f"errand:{errand.pk}:{errand.due_on}", "督办件即将到期", ""
        )


@pytest.fixture(scope="module")
def toy(django_db_setup, django_db_blocker):
    """What the toy app's ready() would register, and its tables, for this module only."""
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Errand)
        editor.create_model(ErrandEvent)
    fields = MatterFields(unit="unit", day="opened_on", group="group", handlers="handler")
    access.register(Errand, matter_policy(fields, audit_read="errand.viewed"))
    audit_events.register(TOY_EVENTS)
    table = limits.Table("toy", {"answer": (5, limits.WORKDAYS, "答复督办件")}, setting="PAIZHU_TOY_LIMITS")
    reminders.register("toy", "workflow.Errand", _due_reminders)
    yield table
    del _policies[Errand], limits._TABLES["toy"], reminders._COLLECTORS["toy"]
    for code in TOY_EVENTS:
        del audit_events.EVENTS[code]
        audit_events.READ_ACTIONS.discard(code)
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(ErrandEvent)
        editor.delete_model(Errand)


@pytest.fixture
def errand(toy, world):
    ContentType.objects.clear_cache()  # the toy's content type row lives and dies with each test's transaction
    opened = datetime.date(2026, 11, 2)
    return Errand.objects.create(
        unit=world.edu, group=world.g4, opened_on=opened, handler=world.users.zu4a, due_on=toy.due("answer", opened)
    )


def test_the_matter_policy_scopes_the_toy_like_any_matter(errand, world):
    u = world.users
    seen = {name for name in vars(u) if access.scope(getattr(u, name), Errand).filter(pk=errand.pk).exists()}
    assert seen == {"wei", "guanli", "zu4", "zu4a"}  # the covering group and the commission's leadership
    actors = {name for name in vars(u) if access.scope(getattr(u, name), Errand, "act").filter(pk=errand.pk).exists()}
    assert actors == {"zu4", "zu4a"}  # its group's leader and its handler; the leadership views only


def test_a_transition_locks_checks_moves_and_writes_timeline_and_audit_in_one_call(errand, world):
    actor = world.users.zu4a
    event = Event("errand.answered", "答复督办件", "已按要求整改", {"words": 6})
    moved = transition(actor, errand, "answer_with", version=1, what="答复", args=("已按要求整改",), event=event)
    errand.refresh_from_db()
    assert (errand.status, errand.answer, errand.version) == ("answered", "已按要求整改", 2)
    assert moved.version == 2
    (row,) = errand.events.all()
    assert (row.code, row.title, row.opinion, row.from_status, row.to_status) == (
        "errand.answered",
        "答复督办件",
        "已按要求整改",
        "open",
        "answered",
    )
    assert (row.actor, row.actor_name, row.role) == (actor, actor.full_name, actor.acting_grant.label)
    entry = AuditEntry.objects.filter(action="errand.answered").get()
    assert (entry.actor_id, entry.object_id, entry.details) == (
        actor.pk,
        str(errand.pk),
        {"status": "answered", "words": 6},
    )


def _unchanged(errand, status="open", version=1):
    errand.refresh_from_db()
    assert (errand.status, errand.version) == (status, version)
    assert not errand.events.exists() or errand.events.count() == version - 1


def test_a_stale_version_an_outsider_an_illegal_step_and_a_failed_check_change_nothing(errand, world):
    event = Event("errand.closed", "办结督办件")
    with pytest.raises(StaleEdit):
        transition(world.users.zu4a, errand, "answer_with", version=7, what="答复", args=("x",), event=event)
    with pytest.raises(NotFound):  # another group's leader: the errand is absent for them
        transition(world.users.zu2, errand, "answer_with", version=1, what="答复", args=("x",), event=event)
    with pytest.raises(NotFound):  # 委领导 view, but act only through approvals addressed to them
        transition(world.users.wei, errand, "answer_with", version=1, what="答复", args=("x",), event=event)
    with pytest.raises(IllegalTransition, match="当前状态为“待办理”，不能办结"):
        transition(world.users.zu4a, errand, "close", version=1, what="办结", event=event)

    def refuse(locked):
        raise DomainError("请先上传整改材料。", field="answer")

    with pytest.raises(DomainError, match="请先上传整改材料"):
        transition(
            world.users.zu4, errand, "answer_with", version=1, what="答复", args=("x",), check=refuse, event=event
        )
    _unchanged(errand)
    assert not AuditEntry.objects.filter(action__startswith="errand.").exists()


def test_the_limit_table_counts_working_days_and_a_deployment_overrides_it(toy, settings, db):
    calendar.invalidate()
    friday = datetime.date(2026, 11, 6)
    assert toy.due("answer", friday) == datetime.date(2026, 11, 13)  # five working days, the weekend skipped
    settings.PAIZHU_TOY_LIMITS = {"answer": (2, limits.DAYS, "答复督办件")}
    assert toy.due("answer", friday) == datetime.date(2026, 11, 8)
    assert "toy" in limits.tables()


def test_the_reminder_collector_reaches_the_handler_while_they_may_see_the_errand(errand, world):
    created = reminders.send(errand.due_on)
    assert created == 1
    (note,) = reminders.unread(world.users.zu4a)
    assert (note.subject, note.title) == (errand, "督办件即将到期")
    assert reminders.send(errand.due_on) == 0  # once per key
    errand.group = world.g2  # handed to another group: the old handler no longer sees it, nor its reminder
    errand.unit = world.water
    errand.save()
    assert not reminders.unread(world.users.zu4a).exists()
    assert Notification.objects.count() == 1
