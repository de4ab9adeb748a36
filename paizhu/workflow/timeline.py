"""Writing a matter's timeline (the shape is `models.TimelineEvent`).

A matter's rows live in its own `<Matter>Event` table, reached as `matter.events`. A record that has no
timeline of its own (a case sits on its clue's) names its owner with a `timeline_owner` property.
"""

from typing import TYPE_CHECKING

from .states import state_of

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def owner(obj):
    return getattr(obj, "timeline_owner", obj)


def role_label(actor: "Actor | None") -> str:
    grant = actor.acting_grant if actor is not None else None
    return grant.label if grant else ""


def write(
    actor: "Actor | None", obj, code: str, title: str, *, opinion: str = "", before: str = "", after: str | None = None
):
    """Append one row to the timeline of `obj` (or of its owner): who, as what, did what, from which state to which."""
    return owner(obj).events.create(
        actor=actor,
        actor_name=(actor.full_name or actor.username) if actor is not None else "",
        role=role_label(actor),
        code=code,
        title=title,
        opinion=opinion,
        from_status=before,
        to_status=state_of(obj) if after is None else after,
    )
