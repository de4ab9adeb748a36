"""`transition()`: the one way a declared state change is carried out.

Lock the record the user loaded (refusing a stale version or a user who may not act on it), check that the
declared django-fsm transition may run from the current state, run it, let the caller change the record's
other fields, then save with a new version, write the timeline row and the audit entry — one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django_fsm import can_proceed

from paizhu import access
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


def transition(
    actor,
    obj,
    name: str,
    *,
    version: int,
    event: Event | Callable[[Any], Event],
    what: str = "",
    action: str = "act",
    args: tuple = (),
):
    """Lock `obj` at `version` for `action`, move the declared transition `name`, commit with `event`.

    `event` may be a function of the locked record that returns the Event after setting the record's
    other fields (dates, texts): it runs after the move, inside the transaction, so a refusal it raises
    rolls everything back.
    """
    with transaction.atomic():
        locked = access.lock_for_act(actor, type(obj), obj.pk, version=version, action=action)
        before = locked.status
        move(locked, name, what or event_title(event), *args)
        final = event(locked) if callable(event) else event
        return commit(actor, locked, final, before=before)


def event_title(event) -> str:
    return event.title if isinstance(event, Event) else "办理此事项"
