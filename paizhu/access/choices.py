"""Filter lists of list pages (the groups and units a ledger offers to filter by), kept a minute.

They are the same on every view of a list, so they are read once per acting grant and kept in the
process's cache (Django's default cache) for settings.FILTER_CHOICES_SECONDS. A change of coverage in this
process reads them again at once (the coverage generation is in the key); another process may offer a
unit's name in the drop-down for up to that long after the change — only the drop-down: the rows a
filter returns are scoped by the list's own query, never by this list.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from . import policy


def filter_choices(user, queryset: QuerySet) -> list:
    """`access.scope(user, queryset)` as a list, from the cache when this grant read it less than a minute ago."""
    seconds = settings.FILTER_CHOICES_SECONDS
    if seconds <= 0:
        return list(policy.scope(user, queryset))
    from .matters import coverage_generation  # the matter module needs the app registry

    grant = getattr(user, "acting_grant", None)
    query = hashlib.sha256(str(queryset.query).encode()).hexdigest()[:32]
    key = f"paizhu:choices:{user.pk}:{getattr(grant, 'pk', None)}:{coverage_generation()}:{query}"
    rows = cache.get(key)
    if rows is None:
        rows = list(policy.scope(user, queryset))
        cache.set(key, rows, seconds)
    return rows
