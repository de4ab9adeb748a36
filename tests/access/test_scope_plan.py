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
from django.db.models import Q

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
    _waiting_approvals(many_clues=Clue.objects.filter(serial__startswith="XS-P-"), by=world.users.zu4a)
    with connection.cursor() as cursor:
        for table in ("clues_clue", "intake_report", "workflow_approval"):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return world


def _waiting_approvals(many_clues, by):
    """A current step for a group leader or for 委领导 on every generated clue, and the history behind them."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from paizhu.workflow.models import Approval

    clue_type = ContentType.objects.get_for_model(Clue)
    now = timezone.now()
    rows = []
    for n, pk in enumerate(many_clues.values_list("pk", flat=True)):
        role = "group_leader" if n % 3 else "commission_leader"
        common = {"content_type": clue_type, "object_id": pk, "kind": "clue.disposal", "requested_by": by}
        rows.append(Approval(**common, round=1, step=1, role=role, label="审批", decision="approved"))
        at = now - datetime.timedelta(minutes=n)
        rows.append(Approval(**common, round=2, step=1, role=role, label="审批", is_current=True, requested_at=at))
    Approval.objects.bulk_create(rows)


def _plan(queryset) -> str:
    return queryset.explain()


def _sql_plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _captured_plans(run) -> list[tuple[str, str]]:
    """(sql, plan) of every SELECT `run()` sends."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip("( ").upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


MATTER_TABLES = ("clues_clue", "intake_report", "clues_case", "workflow_approval")


def _no_sequential_scan(plans) -> None:
    for sql, plan in plans:
        for table in MATTER_TABLES:
            assert f"Seq Scan on {table}" not in plan, f"{sql[:300]}\n{plan}"


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


def _request(user, query: str = ""):
    from django.test import RequestFactory

    request = RequestFactory().get("/clues/" + query)
    request.user, request.session = user, {}
    return request


def _ledger(user, query: str = ""):
    """The ledger's page as the view reads it (clues.views.clue_list)."""
    from paizhu.clues import queries
    from paizhu.core.listing import paginate

    request = _request(user, query)
    filters = queries.ClueFilters.from_params(request.GET)
    qs = queries.for_ledger(queries.filter_clues(user, filters)).order_by("-received_on", "-id")
    return paginate(request, qs)


@pytest.mark.parametrize("role", ["zu4", "zu4a", "wei", "anguan"])
def test_the_ledgers_pages_and_total_are_read_through_indexes(many, role):
    user = getattr(many.users, role)
    first = {}
    plans = _captured_plans(lambda: first.update(_ledger(user)))
    _no_sequential_scan(plans)
    assert first["page"].object_list or role == "zu4a"


def test_a_deep_ledger_page_costs_what_the_first_costs(many):
    """Page 12 by its seek link reads about as many rows as page 1: the index starts at the key."""
    from paizhu.clues.models import Clue as ClueModel
    from paizhu.core.listing import _beyond, _encode, _sort_keys

    user = many.users.zu4
    scoped = access.scope(user, ClueModel).order_by("-received_on", "-id")
    keys = _sort_keys(scoped)
    assert scoped.count() > 240
    boundary = list(scoped[219:220])[0]  # the last row of page 11
    deep = _ledger(user, f"?page=12&after={_encode(keys, boundary)}")
    assert deep["page"].number == 12 and deep["page"].start_index() == 221
    assert [c.pk for c in deep["page"]] == [c.pk for c in scoped[220:240]]
    values = [getattr(boundary, k.name) for k in keys]
    page_12 = scoped.filter(_beyond(keys, values, forward=True))[:21]
    page_1 = scoped[:21]
    read_12, _ = _rows_read(page_12, "clues_clue")
    read_1, _ = _rows_read(page_1, "clues_clue")
    assert read_12 <= read_1 * 2 + 20, f"page 12 read {read_12} rows of clues_clue, page 1 {read_1}"
    assert "Seq Scan on clues_clue" not in _plan(page_12)


@pytest.mark.parametrize("role", ["zu4", "wei", "zu4a", "xinfang"])
def test_the_navigation_badges_probe_matters_by_key(many, role):
    """Every badge is a capped count read through indexes; the approval badge reaches a clue only by its
    primary key, one probe per waiting step (never by building the set of every visible clue)."""
    from paizhu.core import navigation

    user = getattr(many.users, role)
    plans = _captured_plans(lambda: navigation.for_user(user, "/"))
    assert plans, "no badge was counted"
    _no_sequential_scan(plans)
    for sql, plan in plans:
        if "workflow_approval" in sql:
            reached = [line for line in plan.splitlines() if "on clues_clue " in line or "on clues_clue\n" in line]
            assert reached and all("using clues_clue_pkey" in line for line in reached), plan


def test_the_approval_badge_stops_after_a_few_probes(many):
    """One clue read per waiting step looked at, and the steps read in the inbox index's order only until the
    badge is full: the work grows with the cap and the share of steps the user may see, not with the table."""
    from paizhu.workflow import approvals
    from paizhu.workflow.models import Approval

    user = many.users.zu4
    waiting = approvals.inbox(user).order_by()[:100]
    clues_read, returned = _rows_read(waiting, "clues_clue")
    steps_read, _ = _rows_read(waiting, "workflow_approval")
    assert returned == 100
    assert clues_read <= steps_read
    assert steps_read < Approval.objects.filter(role="group_leader", is_current=True).count()


@pytest.mark.parametrize("role", ["zu4", "zu4a", "wei"])
def test_the_clue_detail_reads_its_own_rows_by_key(many, role):
    from django.test import Client

    from paizhu.clues.models import Clue as ClueModel
    from tests.fixtures import sign_in

    user = getattr(many.users, role)
    clue = access.scope(user, ClueModel).order_by("-received_on").first()
    client = sign_in(Client(), user)
    plans = _captured_plans(lambda: client.get(f"/clues/{clue.pk}/"))
    _no_sequential_scan(plans)
    detail = [plan for sql, plan in plans if sql.lstrip().startswith('SELECT "clues_clue"."id"')]
    assert detail and "Index Scan using clues_clue_pkey" in detail[0], detail


def test_an_offices_own_reports_are_a_condition_on_the_row(many):
    """信访室 acts on the reports the commission holds and on those it handles: `handler_id = u` on the report's
    own row, one scan of the table — not a subquery of every report it handles, which PostgreSQL rescanned for
    each row once it outgrew work_mem (the notice badge: 30 s at a million reports, docs/benchmarks.md §4)."""
    import re

    xinfang = many.users.xinfang
    Report.objects.filter(serial__startswith="XF-P-", group__isnull=False).update(handler=xinfang)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_report")
    scoped = access.scope(xinfang, Report, "act").only("pk")
    plan = _plan(scoped)
    assert len(re.findall(r" on intake_report\b", plan)) == 1, plan
    assert scoped.count() == Report.objects.filter(Q(group__isnull=True) | Q(handler=xinfang)).count() > 0


def test_a_groups_overdue_badge_reads_its_own_owed_reports(many):
    """The 告知与期限 badge of a group reads the owed reports of its group and units (partial indexes by group
    and by unit), not every owed report of the commission."""
    from paizhu.core.calendar import shanghai_today
    from paizhu.intake.models import deadlines_owed

    today = shanghai_today()
    Report.objects.filter(serial__startswith="XF-P-").update(close_due=today - datetime.timedelta(days=3))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_report")
    owed = Report.objects.filter(deadlines_owed(today))
    badge = access.scope(many.users.zu4, Report).filter(deadlines_owed(today)).order_by()[:100]
    read, returned = _rows_read(badge.only("pk"), "intake_report")
    assert returned == min(100, access.scope(many.users.zu4, owed).count()) > 0
    assert read <= returned * 1.5 + 10 < owed.count(), f"read {read} of {owed.count()} owed reports"
