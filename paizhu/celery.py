"""The Celery application: the daily jobs (reminders, the audit chain check) run by a worker and beat.

    celery -A paizhu.celery worker --concurrency 2      celery -A paizhu.celery beat

The broker is Redis: PAIZHU_CELERY_BROKER_URL, else PAIZHU_REDIS_URL, else redis://127.0.0.1:6379/0. No result
backend: the jobs write their outcome where they always do (the notifications, the audit trail). Without
Celery the same jobs run from cron as `paizhu remind` and `paizhu audit verify` (docs/deployment.md).
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paizhu.settings")

QUEUE = os.environ.get("PAIZHU_CELERY_QUEUE", "paizhu")

app = Celery("paizhu")
app.conf.update(
    broker_url=os.environ.get("PAIZHU_CELERY_BROKER_URL")
    or os.environ.get("PAIZHU_REDIS_URL")
    or "redis://127.0.0.1:6379/0",
    broker_connection_retry_on_startup=True,
    task_default_queue=QUEUE,
    task_ignore_result=True,
    # A job is acknowledged when it has run: a worker killed mid-job leaves it to another. Both jobs are
    # idempotent (a reminder is written once per key; a second check only adds its own entry).
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    timezone="Asia/Shanghai",
    enable_utc=True,
    beat_schedule={
        "reminders-daily": {"task": "paizhu.remind", "schedule": crontab(hour=6, minute=30)},
        "audit-verify-daily": {"task": "paizhu.audit_verify", "schedule": crontab(hour=2, minute=0)},
    },
    beat_schedule_filename=os.path.join(os.environ.get("PAIZHU_VAR_DIR", "var"), "celerybeat-schedule"),
)
app.autodiscover_tasks(["paizhu.workflow", "paizhu.auditor"])
