"""The need-to-know policy: the single place that decides what a user may see and do.

    from paizhu import access
    qs = access.scope(user, Person, "view")          # a restricted queryset
    access.check(user, "manage", grant)               # raises PermissionDenied
    obj = access.fetch(user, Person, pk)              # NotFound (404) when outside scope; logs the read
    clue = access.lock_for_act(user, Clue, pk, version=v)  # in a service: may the user take a step on it?
    access.may(user, "act", clue)                     # the same predicate, for the page's buttons

Each sensitive model registers a `Policy` in its own app's `access.py` (loaded by the app's
AppConfig.ready()); an unregistered model is refused, never silently allowed.
"""

from .choices import filter_choices
from .policy import (
    check,
    fetch,
    get_for_act,
    has_section,
    lock_for_act,
    may,
    register,
    require_section,
    scope,
    visible_group_ids,
)

__all__ = [
    "check",
    "fetch",
    "filter_choices",
    "get_for_act",
    "has_section",
    "lock_for_act",
    "may",
    "register",
    "require_section",
    "scope",
    "visible_group_ids",
]
