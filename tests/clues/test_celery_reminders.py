"""A reminder through Celery end to end: the job goes through the Redis broker at 127.0.0.1:6379 to a worker,
which writes the clue handler's reminder. Skipped, saying so, when Redis is not running. Each test uses a queue
of its own, so that other runs on the same Redis neither take its job nor give it theirs."""

import datetime
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from paizhu.audit.models import AuditEntry
from paizhu.celery import app
from paizhu.workflow import tasks
from paizhu.workflow.models import Notification

BROKER = app.conf.broker_url


def _redis_running() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _redis_running(), reason=f"Redis 未运行（{BROKER}）：Celery 端到端测试需要它"),
]


def _wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def overdue(world, make_clue):
    from paizhu.workflow.models import ApprovalRule

    # A transactional test before this one flushed the rule the migrations seed (clues 0002): put it back.
    ApprovalRule.objects.get_or_create(
        kind="clue.assignment",
        defaults={
            "name": "线索分办由委领导审批",
            "priority": 10,
            "steps": [{"role": "commission_leader", "label": "委领导审批分办"}],
        },
    )
    return make_clue(received_on=datetime.date(2026, 2, 2))  # its proposal was due 2026-03-02


@pytest.fixture
def queue():
    """A queue of this test's own; kombu's bindings of it are removed from the shared Redis afterwards."""
    import redis

    name = f"paizhu-test-{uuid.uuid4().hex[:12]}"
    yield name
    server = redis.Redis.from_url(BROKER)
    for key in (name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}"):
        server.delete(key)


def _reminded(clue, user) -> bool:
    return Notification.objects.filter(object_id=clue.pk, content_type__model="clue", user=user).exists()


def test_a_worker_in_this_process_sends_the_reminder_through_redis(overdue, world, queue):
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=10):
        tasks.send_reminders.apply_async(queue=queue)
        assert _wait_for(lambda: _reminded(overdue, world.users.zu4a)), "the worker wrote no reminder within 60 s"
    note = Notification.objects.get(object_id=overdue.pk, user=world.users.zu4a)
    assert "已逾期" in note.title
    assert AuditEntry.objects.filter(action="reminders.sent").count() == 1


@pytest.mark.skipif(
    os.environ.get("PAIZHU_TEST_DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="worker 子进程须连接测试数据库：SQLite 的测试库在内存中，只在 PostgreSQL 上运行",
)
def test_a_celery_worker_process_sends_the_reminder(overdue, world, tmp_path, queue):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PAIZHU_TEST")) and k != "PAIZHU_TESTING"}
    env.update(
        PAIZHU_DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        PAIZHU_VAR_DIR=str(tmp_path),
        PAIZHU_DATA_KEY_FILE=str(settings.DATA_KEY_FILE),
        PAIZHU_CELERY_QUEUE=queue,
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "paizhu.celery", "worker", "--pool=solo", "-Q", queue, "-l", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        tasks.send_reminders.apply_async(queue=queue)
        reached = _wait_for(lambda: _reminded(overdue, world.users.zu4a), 90)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert reached, f"the worker wrote no reminder within 90 s:\n{output}"


def test_beat_schedules_the_daily_jobs_under_their_registered_names():
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} == {"paizhu.remind", "paizhu.audit_verify"}
    assert all(entry["task"] in app.tasks for entry in schedule.values())
