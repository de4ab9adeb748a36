"""What the policy engine needs to know of the org chart, supplied by the apps above it.

access sits below org and accounts, so it does not read their tables itself: org registers where a
group's coverage periods come from (and signals when coverage changes, see `matters.forget_coverage`),
accounts registers who a group's staff are, each from its AppConfig.ready().
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

Period = tuple[int, datetime.date, datetime.date | None]  # (unit id, valid from, valid to or None)

_providers: dict[str, Callable] = {}


def register_coverage(periods: Callable[[int], list[Period]]) -> None:
    """`periods(group_id)`: every coverage period the group has had (org's Coverage rows)."""
    _providers["coverage"] = periods


def register_coverage_rows(rows: Callable[[Any], QuerySet]) -> None:
    """`rows(group)`: the coverage rows (`group_id`, `unit_id`, `valid_from`, `valid_to`) of `group` — an id or an
    `OuterRef` — as a queryset, so that a grant's coverage can be read in the grant's own query (`facts`)."""
    _providers["coverage_rows"] = rows


def coverage_rows(group) -> QuerySet | None:
    rows = _providers.get("coverage_rows")
    return rows(group) if rows is not None else None


def register_staff(staff: Callable[[int], QuerySet]) -> None:
    """`staff(group_id)`: the users holding an active group role in the group (accounts' grants)."""
    _providers["staff"] = staff


def _provider(name: str) -> Callable:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(f"access needs a registered {name} provider (see paizhu/access/chart.py)") from None


def coverage_periods(group_id: int) -> list[Period]:
    return _provider("coverage")(group_id)


def group_staff(group_id: int) -> QuerySet:
    return _provider("staff")(group_id)


def covers(group_id: int, unit_id: int, day: datetime.date) -> bool:
    """Whether the group covered the unit on `day` (both ends inclusive; an open end is still covering)."""
    return any(
        unit == unit_id and start <= day and (end is None or day <= end)
        for unit, start, end in coverage_periods(group_id)
    )
