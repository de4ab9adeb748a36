"""The need-to-know policy: the single place that decides what a user may see and do.

    from paizhu import access
    qs = access.scope(user, Person, "view")          # a restricted queryset
    access.check(user, "manage", grant)               # raises PermissionDenied
    obj = access.fetch(user, Person, pk)              # NotFound (404) when outside scope; logs the read

Each sensitive model registers a `Policy` in `paizhu/access/policies.py` (or its own app's
`access.py`); an unregistered model is refused, never silently allowed.
"""

from .policy import check, fetch, register, require_section, scope, visible_group_ids, visible_unit_ids

__all__ = ["check", "fetch", "register", "require_section", "scope", "visible_group_ids", "visible_unit_ids"]
