"""The facts a user's scope is built from, read in the same query as the user's grants.

Every scoped read needs two small sets before it can be written as conditions on the matter's own
columns: the coverage periods of the acting grant's group (`matters.group_coverage`) and the user's
declared relations (`recusal.conflicts_of`). Read on their own they are two more round trips on every
page, each costing as much as the page's own query under load. The request's grant query (which every
request runs anyway, `accounts.middleware.ActiveRoleMiddleware`) carries them instead, as two
correlated subqueries aggregated to text:

    from paizhu.access.facts import grants_with_scope_facts
    grants = grants_with_scope_facts(user, user.active_grants())

They are read fresh on every request (nothing is kept between requests, so nothing can be stale), and
kept on the grant and the user for the rest of it, exactly where the two readers already look for them:
a coverage change in the same request still reads coverage again (`matters.forget_coverage`), a changed
declaration is dropped with `recusal.forget_conflicts` as before. Outside a request (commands, tests,
API tokens without the middleware) the readers query as they always did.
"""

import datetime
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet

from paizhu.core.joined import joined, split

from . import chart
from .models import RelationDeclaration
from .recusal import Conflicts

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

_COVERAGE = "_paizhu_scope_coverage"
_DECLARED = "_paizhu_scope_declared"


def grants_with_scope_facts(user: "Actor", grants: QuerySet) -> list:
    """`grants` (the user's RoleGrant rows) as a list, each with its group's coverage, and the user with
    their declared relations, all from one query. Nothing changes in what a scope returns."""
    declared = RelationDeclaration.objects.filter(user_id=OuterRef("user_id"), withdrawn_at__isnull=True)
    annotations = {_DECLARED: joined(declared, "user_id", "person_id", "unit_id")}
    coverage = chart.coverage_rows(OuterRef("group_id"))
    if coverage is not None:
        annotations[_COVERAGE] = joined(coverage, "group_id", "unit_id", "valid_from", "valid_to")
    rows = list(grants.annotate(**annotations))
    for grant in rows:
        if _COVERAGE in vars(grant) and grant.group_id is not None:
            from .matters import keep_coverage

            keep_coverage(grant, _coverage(vars(grant).pop(_COVERAGE)))
    if rows and getattr(user, "pk", None) == rows[0].user_id:
        _keep_conflicts(user, vars(rows[0]).get(_DECLARED))
    for grant in rows:
        vars(grant).pop(_DECLARED, None)
    return rows


def _coverage(text: str | None) -> list[chart.Period]:
    periods = []
    for unit, start, end in split(text, 3):
        periods.append(
            (int(unit), datetime.date.fromisoformat(start), datetime.date.fromisoformat(end) if end else None)
        )
    return sorted(periods, key=lambda period: (period[0], period[1]))


def _keep_conflicts(user: "Actor", text: str | None) -> None:
    persons, units = set(), set()
    if user.person_id:
        persons.add(user.person_id)
    for person, unit in split(text, 2):
        if person:
            persons.add(int(person))
        if unit:
            units.add(int(unit))
    vars(user)["_paizhu_conflicts"] = Conflicts(frozenset(persons), frozenset(units))
