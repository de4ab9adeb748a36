"""On PostgreSQL the matter scope is answered by indexes on the matter's own columns.

A scope that hides its conditions in correlated subqueries (as it once did: EXISTS over coverage
per row) leaves the database no index to use: every row of the table is read and filtered, which
is what made a group leader's ledger and its counts take seconds at a million rows. The plan of
the scoped rows must instead reach them through an index condition on the group or the unit, and
never read the table sequentially — with sequential scans priced out (`enable_seqscan = off`), a
predicate the indexes cannot answer still shows one. Two dozen units, eight groups and a few
thousand rows, with ANALYZE, give the planner a realistic shape.
"""

import datetime
import json
import random

import pytest
from django.db import connection

from paizhu import access
from paizhu.clues.models import Clue
from paizhu.intake.models import Report
from tests.audit.helpers import postgresql_only

pytestmark = postgresql_only


@pytest.fixture
def many(world):
    from paizhu.org.models import Coverage, DispatchGroup, Unit

    rng = random.Random(7)
    groups = [world.g4, world.g2] + [
        DispatchGroup.objects.create(commission=world.city, name=f"第{n}组", short_name=f"第{n}组", ordinal=n)
        for n in (1, 3, 5, 6, 7, 8)
    ]
    covering = {world.edu: world.g4, world.fin: world.g4, world.water: world.g2}
    for n in range(21):
        unit = Unit.objects.create(commission=world.city, name=f"测试市第{n}局")
        covering[unit] = groups[2 + n % 6]
        Coverage.objects.create(group=covering[unit], unit=unit, valid_from=world.start)
    units = list(covering)
    start = datetime.date(2024, 1, 1)
    clues, reports = [], []
    for i in range(4000):
        unit = rng.choice(units)
        group = covering[unit] if rng.random() < 0.9 else None
        day = start + datetime.timedelta(days=rng.randrange(700))
        clues.append(
            Clue(serial=f"XS-P-{i:06d}", source_kind="petition", received_on=day, unit=unit, group=group, summary="x")
        )
        reports.append(Report(serial=f"XF-P-{i:06d}", received_on=day, unit=unit, group=group, facts="x"))
    Clue.objects.bulk_create(clues)
    Report.objects.bulk_create(reports)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clues_clue")
        cursor.execute("ANALYZE intake_report")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return world


def _plan(queryset) -> str:
    return queryset.explain()


def _rows_read(queryset, table: str) -> tuple[int, int]:
    """(rows of `table` the executor read, rows returned), from EXPLAIN ANALYZE."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (document,) = cursor.fetchone()
    if isinstance(document, str):
        document = json.loads(document)
    root = document[0]["Plan"]

    def walk(node):
        own = 0
        if node.get("Relation Name") == table:
            removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
            own = (node["Actual Rows"] + removed) * node.get("Actual Loops", 1)
        return own + sum(walk(child) for child in node.get("Plans", []))

    return walk(root), root["Actual Rows"]


@pytest.mark.parametrize(("model", "table"), [(Clue, "clues_clue"), (Report, "intake_report")])
@pytest.mark.parametrize(("role", "action"), [("zu4", "view"), ("zu4a", "view"), ("zu4", "act")])
def test_a_groups_scope_is_reached_through_indexes(many, model, table, role, action):
    scoped = access.scope(getattr(many.users, role), model, action)
    plan = _plan(scoped.only("pk"))  # the rows a count or a page total reads
    assert f"Seq Scan on {table}" not in plan, plan
    read, returned = _rows_read(scoped.only("pk"), table)
    assert returned > 0
    assert read <= returned * 1.5 + 10, f"read {read} rows of {table} to return {returned}:\n{plan}"
    page = scoped.order_by("-received_on", "-id")[:20]
    assert f"Seq Scan on {table}" not in _plan(page)
    assert len(list(page)) == 20 or action == "act"
