"""Carrying out a declared state change: `move` runs the django-fsm transition or refuses in words, `commit`
saves with a new version and writes the timeline row and the audit entry, inside the caller's transaction
(after it has locked the record through `access.lock_for_act`)."""

from dataclasses import dataclass, field
from typing import Any

from django_fsm import can_proceed

from paizhu.audit.services import record
from paizhu.core.errors import IllegalTransition

from . import timeline


@dataclass
class Event:
    """What the timeline and the audit trail say about a change. `code` is the audit event code."""

    code: str
    title: str
    opinion: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def move(obj, name: str, what: str, *args):
    """Run the declared transition `name`, or refuse in words: "当前状态为“…”，不能<what>。"."""
    method = getattr(obj, name)
    if not can_proceed(method):
        raise IllegalTransition(f"当前状态为“{obj.get_status_display()}”，不能{what}。")
    return method(*args)


def commit(actor, obj, event: Event, *, before: str):
    """Bump the version, save, write the timeline row and the audit entry (inside the caller's transaction)."""
    obj.version += 1
    obj.save()
    timeline.write(actor, obj, event.code, event.title, opinion=event.opinion, before=before)
    record(actor, event.code, obj, {"status": obj.status, **event.details})
    return obj
