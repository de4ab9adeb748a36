"""Carrying out a declared state change.

`transition(actor, obj, name, version=..., event=...)` is the whole step in one call: it locks the record
through `access.lock_for_act` (which applies the act predicate and the version the user loaded), runs the
django-fsm transition `name` or refuses in words, then saves with a new version and writes the timeline
row and the audit entry — one transaction. Services whose step does more than that (opening an approval
request, several records at once) use the parts, `move` and `commit`, inside their own transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.db import models, transaction
from django_fsm import can_proceed

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import IllegalTransition

from . import timeline
from .states import state_label, state_of

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

M = TypeVar("M", bound=models.Model)


class Versioned(Protocol):
    # Every matter carries the version its editors loaded (access.lock_for_act compares it).
    version: int


@dataclass
class Event:
    """What the timeline and the audit trail say about a change. `code` is the audit event code."""

    code: str
    title: str
    opinion: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def require_move(obj: models.Model, name: str, what: str) -> None:
    """Refuse in words unless the declared transition `name` can run now: "当前状态为“…”，不能<what>。".

    For a step that checks the state before its other rules and moves later (`move` checks again)."""
    if not can_proceed(getattr(obj, name)):
        raise IllegalTransition(f"当前状态为“{state_label(obj)}”，不能{what}。")


def move(obj: models.Model, name: str, what: str, *args: Any) -> Any:
    """Run the declared transition `name`, or refuse in words (`require_move`)."""
    require_move(obj, name, what)
    return getattr(obj, name)(*args)


def commit(actor: "Actor", obj: M, event: Event, *, before: str) -> M:
    """Bump the version, save, write the timeline row and the audit entry (inside the caller's transaction)."""
    cast(Versioned, obj).version += 1
    obj.save()
    after = state_of(obj)
    timeline.write(actor, obj, event.code, event.title, opinion=event.opinion, before=before, after=after)
    record(actor, event.code, obj, {"status": after, **event.details})
    return obj


def transition(
    actor: "Actor",
    obj: M,
    name: str,
    *,
    version: int | None,
    event: Event | Callable[[Any], Event],
    what: str,
    args: tuple | Callable[[Any], tuple] = (),
    check: Callable[[Any], None] | None = None,
    action: str = "act",
) -> M:
    """Lock, check, move, save, write the timeline and the audit entry — all or nothing.

    `what` names the step for the refusal ("受理"); `check(locked)` raises a domain error for a rule the
    state machine does not express (a field the step needs) — a step that refuses a wrong state before
    its other rules starts it with `require_move`; `args` may be a function of the checked record when
    the values exist only once `check` has passed (a deadline counted from a date it checked); `event`
    may be a function of the moved record when its words depend on the new state; `action` is the
    access action the actor steps under ("view" for an approver deciding over what they may see, never
    handle).
    """
    with transaction.atomic():
        locked = access.lock_for_act(actor, type(obj), obj.pk, version=version, action=action)
        if check is not None:
            check(locked)
        before = state_of(locked)
        move(locked, name, what, *(args(locked) if callable(args) else args))
        return commit(actor, locked, event(locked) if callable(event) else event, before=before)
