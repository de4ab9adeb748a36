"""Celery jobs of the kernel (paizhu.celery): the daily reminders, the same as `paizhu remind`."""

from paizhu.celery import app

from . import reminders


@app.task(name="paizhu.remind")
def send_reminders() -> int:
    return reminders.send()
