# ruff: noqa: S608, S603, S607 - SQL built from our own constants and placeholders; `git rev-parse` for the record
"""Scoped pages at scale (issue 15): the platform's pages vs the raw SQL of the same rows vs an unscoped queryset.

    make bench                     # PostgreSQL paizhu_bench, generated with `paizhu gen` if empty
    make bench QUICK=1             # a small dataset (5,000 + 5,000) and 10 runs per case
    .venv/bin/python bench/scale.py [--quick] [--runs N] [--budget SECONDS]

Against PAIZHU_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/paizhu_bench, created when
missing; never the `test` database). An empty database is filled first with
`paizhu gen --reports $BENCH_REPORTS --clues $BENCH_CLUES` (default 200,000 each).

Per case, in one run and alternating (platform, raw SQL, bare queryset, platform, ...):
  1. platform: the page through Django's test Client, logged in as the demo user (force_login and the
     second-factor marker, as tests/fixtures.py `sign_in` does); its query count and DB time too;
  2. raw SQL: hand-written SQL returning the rows the page shows (the group's coverage resolved first);
  3. bare queryset: what a Django admin changelist does — unscoped `count()` plus the page of the
     ordered queryset with its related rows — no scoping, no audit, no template.
Each case runs `--runs` times (default 30) or until its time budget (default 120 s) is spent; the
number of runs actually made is in the table. Results go to bench/results.md (overwritten).
"""

import argparse
import contextlib
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/paizhu_bench"
os.environ.setdefault("PAIZHU_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("PAIZHU_DEMO", "1")
os.environ.setdefault("PAIZHU_VAR_DIR", str(ROOT / "var" / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"
if os.environ["PAIZHU_DATABASE_URL"].rstrip("/").endswith("/test"):
    sys.exit("不要在 test 数据库上运行基准测试。")


def _ensure_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (connecting to the server's `postgres` database)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if os.environ["PAIZHU_DATABASE_URL"].startswith("postgres"):
    _ensure_database(os.environ["PAIZHU_DATABASE_URL"])
Path(os.environ["PAIZHU_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from paizhu import access  # noqa: E402
from paizhu.accounts.models import User  # noqa: E402
from paizhu.audit.models import AuditEntry  # noqa: E402
from paizhu.clues.models import Clue, ClueEvent  # noqa: E402
from paizhu.core import listing, search  # noqa: E402
from paizhu.core.calendar import shanghai_today  # noqa: E402
from paizhu.intake.models import Report, ReportBand  # noqa: E402
from paizhu.org.models import Coverage  # noqa: E402
from paizhu.workflow.reminders import soon_date  # noqa: E402

PAGE = 20
RESULTS = ROOT / "bench" / "results.md"


def sign_in(client: Client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="基准测试", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[OTP_AT_SESSION_KEY] = time.time()
    session.save()


def raw(sql: str, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def raw_many(*statements):
    runs = [raw(sql, params) for sql, params in statements]
    return lambda: [run() for run in runs]


def group_predicate(group_id: int) -> tuple[str, list]:
    """The group scope by hand: its own matters, or group-handled ones of units it covers now or covered then."""
    now, ranges = [], []
    for unit, start, end in Coverage.objects.filter(group_id=group_id).values_list("unit_id", "valid_from", "valid_to"):
        if end is None:
            now.append(unit)
        else:
            ranges.append((unit, start, end))
    covered = ["c.unit_id = ANY(%s)"]
    params: list = [group_id, now]
    for unit, start, end in ranges:
        covered.append("(c.unit_id = %s AND c.received_on BETWEEN %s AND %s)")
        params += [unit, start, end]
    return f"(c.group_id = %s OR (c.group_id IS NOT NULL AND ({' OR '.join(covered)})))", params


LEDGER_COLUMNS = "c.id, c.serial, c.received_on, c.status, c.due_on, c.due_label, c.summary, u.name, g.short_name"
LEDGER_FROM = "clues_clue c JOIN org_unit u ON u.id = c.unit_id LEFT JOIN org_dispatchgroup g ON g.id = c.group_id"
SUBJECT_NAMES = (
    "SELECT string_agg(p.name, '、' ORDER BY p.id) FROM clues_clue_subjects cs JOIN org_person p ON p.id = cs.person_id "
    "WHERE cs.clue_id = {clue}"
)


def ledger_sql(group_id: int, offset: int = 0, query: str | None = None, after: tuple | None = None):
    """The ledger's rows; `after` (received_on, id): the rows after that key, by seek, as the page's link reads."""
    where, params = group_predicate(group_id)
    if query:
        where += (
            " AND c.id IN (SELECT object_id FROM core_searchentry WHERE content_type_id = %s"
            " AND array_to_tsvector(string_to_array(tokens, ' ')) @@ %s::tsquery)"
        )
        params += [ContentType.objects.get_for_model(Clue).pk, search._db_query(search.query_tokens(query))]
    if after:
        where += " AND (c.received_on, c.id) < (%s, %s)"
        params += list(after)
    sql = f"SELECT {LEDGER_COLUMNS} FROM {LEDGER_FROM} WHERE {where} ORDER BY c.received_on DESC, c.id DESC LIMIT {PAGE} OFFSET {offset}"
    # With each row's subjects (the page shows them), read for the page's rows only.
    sql = f"SELECT page.*, ({SUBJECT_NAMES.format(clue='page.id')}) FROM ({sql}) page ORDER BY page.received_on DESC, page.id DESC"
    return raw(sql, params)


def bare_ledger(offset: int = 0, query: str | None = None):
    qs = Clue.objects.select_related("unit", "group").order_by("-received_on", "-id")
    if query:
        qs = search.matching(qs, query)

    def run():
        return qs.count(), list(qs[offset : offset + PAGE])

    return run


class Case:
    def __init__(self, name, user, url, raw_fn=None, bare_fn=None, *, bare_view=False):
        self.name, self.user, self.url, self.raw_fn, self.bare_fn = name, user, url, raw_fn, bare_fn
        self.bare_view = bare_view
        self.times = {"platform": [], "db": [], "reads": [], "raw": [], "bare": [], "view": [], "fresh": []}
        self.queries: list[int] = []
        self.status = None


# The platform's fixed work on every request, apart from what the page reads: the session, the user,
# the second factor, the roles, the audit entry (head lock, insert, chain update), transactions.
_INFRASTRUCTURE = (
    '"django_session"',
    '"otp_totp_totpdevice"',
    '"accounts_rolegrant"',
    '"audit_audithead"',
    'INTO "audit_auditentry"',
    'FROM "audit_auditentry" WHERE ("audit_auditentry"."action" = %s AND "audit_auditentry"."at" >=',  # the alert check
)


def infrastructure(sql: str) -> bool:
    head = sql.lstrip()[:12].upper()
    if head.startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ")):
        return True
    if sql.startswith('SELECT "accounts_user"."id"') and 'WHERE "accounts_user"."id" = ' in sql and "LIMIT 21" in sql:
        return True  # the session's user
    return any(marker in sql for marker in _INFRASTRUCTURE)


def timed_page(client: Client, case: Case, key: str = "platform") -> None:
    timings: list[tuple[str, float]] = []

    def clock(execute, sql, params, many, context):
        # Each query timed here, in microseconds (Django's own log rounds to the millisecond).
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((sql, time.perf_counter() - start))

    with connection.execute_wrapper(clock):
        start = time.perf_counter()
        response = client.get(case.url)
        elapsed = time.perf_counter() - start
    case.status = response.status_code
    case.times[key].append(elapsed * 1000)
    if key == "platform":
        case.times["db"].append(sum(t for _, t in timings) * 1000)
        case.times["reads"].append(sum(t for sql, t in timings if not infrastructure(sql)) * 1000)
        case.queries.append(len(timings))


@contextlib.contextmanager
def bare_view():
    """The same page with scoping and auditing taken out: every scope is the whole table, no audit entry."""
    from django.db.models import QuerySet

    from paizhu import access
    from paizhu.access import policy
    from paizhu.audit import services as audit

    def everything(user, queryset_or_model, action="view"):
        if isinstance(queryset_or_model, QuerySet):
            return queryset_or_model
        return queryset_or_model._default_manager.all()

    saved = access.scope, policy.scope, audit.record
    access.scope = policy.scope = everything
    audit.record = lambda *args, **kwargs: None
    try:
        yield
    finally:
        access.scope, policy.scope, audit.record = saved


def forget_session_memos(client: Client) -> None:
    """Drop what the session keeps between pages (list found over the cap, navigation badges)."""
    session = client.session
    for key in ("paizhu_over_cap", "paizhu_badges"):
        session.pop(key, None)
    session.save()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def fmt(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{p(values, 50):,.1f} / {p(values, 95):,.1f} ms"


def fill_if_empty(quick: bool) -> None:
    if Clue.objects.exists():
        return
    reports = 5000 if quick else int(os.environ.get("BENCH_REPORTS", "200000"))
    clues = 5000 if quick else int(os.environ.get("BENCH_CLUES", "200000"))
    print(f"数据库为空：先生成 {reports:,} 件信访举报、{clues:,} 条问题线索……", flush=True)
    call_command("gen", reports=reports, clues=clues, years=3)


def cases() -> list[Case]:
    users = {u.username: u for u in User.objects.filter(username__in=("zu4", "wei", "xinfang"))}
    zu4, wei, xinfang = users["zu4"], users["wei"], users["xinfang"]
    group_id = zu4.acting_grant.group_id
    where, params = group_predicate(group_id)
    # A clue of the group with a long timeline, for the detail page.
    clue_id = (
        ClueEvent.objects.filter(clue__group_id=group_id)
        .values("clue_id")
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")
        .values_list("clue_id", flat=True)
        .first()
    )
    detail_sql = raw_many(
        (
            f"SELECT c.*, u.name FROM clues_clue c JOIN org_unit u ON u.id = c.unit_id WHERE c.id = %s AND {where}",
            [clue_id, *params],
        ),
        (
            "SELECT p.id, p.name, p.post FROM org_person p JOIN clues_clue_subjects s ON s.person_id = p.id WHERE s.clue_id = %s",
            [clue_id],
        ),
        ("SELECT * FROM clues_clueevent WHERE clue_id = %s ORDER BY at, id", [clue_id]),
        (
            "SELECT * FROM workflow_approval WHERE content_type_id = %s AND object_id = %s ORDER BY round, step",
            [ContentType.objects.get_for_model(Clue).pk, clue_id],
        ),
    )

    def bare_detail():
        clue = Clue.objects.select_related("unit", "group").get(pk=clue_id)
        return clue, list(clue.subjects.all()), list(clue.events.all())

    open_clause = "c.status NOT IN ('closed', 'in_case')"
    today, soon_day = shanghai_today(), soon_date()
    open_due = f"{where} AND {open_clause} AND c.due_on IS NOT NULL"
    counts = "count(*), count(*) FILTER (WHERE c.due_on < %s), count(*) FILTER (WHERE c.due_on BETWEEN %s AND %s)"
    deadlines_sql = raw_many(  # the page: overdue and due-soon lists, the summaries by group and by handler
        (
            f"SELECT {LEDGER_COLUMNS} FROM {LEDGER_FROM} WHERE {open_due} AND c.due_on < %s ORDER BY c.due_on LIMIT 100",
            [*params, today],
        ),
        (
            f"SELECT {LEDGER_COLUMNS} FROM {LEDGER_FROM} WHERE {open_due} AND c.due_on BETWEEN %s AND %s "
            "ORDER BY c.due_on LIMIT 100",
            [*params, today, soon_day],
        ),
        (
            f"SELECT g.short_name, {counts} FROM clues_clue c LEFT JOIN org_dispatchgroup g ON g.id = c.group_id "
            f"WHERE {open_due} GROUP BY g.short_name",
            [today, today, soon_day, *params],
        ),
        (
            f"SELECT u.full_name, {counts} FROM clues_clue c LEFT JOIN clues_clue_handlers h ON h.clue_id = c.id "
            f"LEFT JOIN accounts_user u ON u.id = h.user_id WHERE {open_due} GROUP BY u.full_name",
            [today, today, soon_day, *params],
        ),
    )
    inbox = (
        "SELECT a.id, a.label, c.id, c.serial, c.summary FROM workflow_approval a JOIN clues_clue c ON c.id = a.object_id "
        "WHERE a.is_current AND a.role = %s {scope} ORDER BY a.requested_at LIMIT 20"
    )
    due_soon = (
        f"SELECT {LEDGER_COLUMNS} FROM {LEDGER_FROM} WHERE {{scope}} {open_clause} AND c.due_on <= %s "
        f"ORDER BY c.due_on, c.id LIMIT 20"
    )
    soon = shanghai_today() + datetime.timedelta(days=7)
    home_zu4 = raw_many(
        (inbox.format(scope=f"AND {where}"), ["group_leader", *params]),
        (due_soon.format(scope=f"{where} AND"), [*params, soon]),
    )
    home_wei = raw_many((inbox.format(scope=""), ["commission_leader"]), (due_soon.format(scope=""), [soon]))
    intake_sql = raw(
        "SELECT r.id, r.serial, r.received_on, r.channel, r.stage, r.facts, u.name FROM intake_report r "
        "LEFT JOIN org_unit u ON u.id = r.unit_id ORDER BY r.received_on DESC, r.id DESC LIMIT 20"
    )

    # Page 500 as its link from page 499 reads it: after the sort key of the 9,980th row of zu4's ledger.
    ledger = access.scope(zu4, Clue).order_by("-received_on", "-id")
    deep_row = ledger[499 * PAGE - 1]
    deep_key = listing._encode(listing._sort_keys(ledger), deep_row)

    def bare_intake():
        qs = Report.objects.select_related("unit", "group").order_by("-received_on", "-id")
        return qs.count(), list(qs[:PAGE])

    return [
        Case("/clues/ 台账（zu4）", zu4, "/clues/", ledger_sql(group_id), bare_ledger(), bare_view=True),
        Case(
            "/clues/?q=公车私用（zu4）",
            zu4,
            "/clues/?q=公车私用",
            ledger_sql(group_id, query="公车私用"),
            bare_ledger(query="公车私用"),
            bare_view=True,
        ),
        Case(
            "/clues/?page=500（zu4，翻页链接）",
            zu4,
            f"/clues/?page=500&after={deep_key}",
            ledger_sql(group_id, after=(deep_row.received_on, deep_row.pk)),
            bare_ledger(offset=499 * PAGE),
            bare_view=True,
        ),
        Case(f"/clues/{clue_id}/ 详情（zu4）", zu4, f"/clues/{clue_id}/", detail_sql, bare_detail, bare_view=True),
        Case("/clues/deadlines/（zu4）", zu4, "/clues/deadlines/", deadlines_sql, None),
        Case("首页 我的待办（zu4）", zu4, "/", home_zu4, None),
        Case("首页 我的待办（wei，委领导）", wei, "/", home_wei, None),
        Case("/intake/ 列表（xinfang）", xinfang, "/intake/", intake_sql, bare_intake, bare_view=True),
    ]


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}：{os.cpu_count()} 核 {cpu}，内存 {mem:.0f} GB；{version}；Python {platform.python_version()}"


def sizes() -> str:
    with connection.cursor() as cursor:
        size = ""
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = f"，数据库 {cursor.fetchone()[0]}"
    counts = {
        "信访举报": Report.objects.count(),
        "相似度分段": ReportBand.objects.count(),
        "问题线索": Clue.objects.count(),
        "线索流转记录": ClueEvent.objects.count(),
        "审计记录": AuditEntry.objects.count(),
    }
    return "，".join(f"{k} {v:,}" for k, v in counts.items()) + size


FRESH_RUNS = 5  # views with the session's memos (list over the cap, badges) dropped first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="小数据集（各 5,000）、每项 10 次")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--budget", type=float, default=120.0, help="每项最多用时（秒）")
    parser.add_argument("--out", type=Path, default=RESULTS, help="结果文件（默认 bench/results.md）")
    parser.add_argument(
        "--origin", default="`paizhu gen` 生成", help="数据的来历（写入结果文件），如“生成后经 bench/replicate.py 复制”"
    )
    args = parser.parse_args()
    runs = args.runs or (10 if args.quick else 30)
    call_command("migrate", verbosity=0)
    fill_if_empty(args.quick)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    all_cases = cases()
    clients = {}
    for case in all_cases:
        if case.user.pk not in clients:
            clients[case.user.pk] = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the default settings
            sign_in(clients[case.user.pk], case.user)
    started = datetime.datetime.now().astimezone()
    for case in all_cases:
        client = clients[case.user.pk]
        timed_page(client, case)  # warm-up (templates, caches), not counted
        if case.status != 200:
            print(f"{case.name}: 页面返回 {case.status}，跳过", flush=True)
            continue
        case.times = {k: [] for k in case.times}
        case.queries = []
        spent = time.perf_counter()
        for _ in range(runs):
            timed_page(client, case)
            if case.raw_fn:
                case.times["raw"].append(timed(case.raw_fn))
            if case.bare_view:
                with bare_view():
                    timed_page(client, case, "view")
            if case.bare_fn:
                case.times["bare"].append(timed(case.bare_fn))
            if time.perf_counter() - spent > args.budget:
                break
        for _ in range(FRESH_RUNS):
            forget_session_memos(client)
            timed_page(client, case, "fresh")
        print(
            f"{case.name}: {case.status} 平台 {fmt(case.times['platform'])}（{len(case.times['platform'])} 次，"
            f"{min(case.queries)}-{max(case.queries)} 条查询，DB {p(case.times['db'], 50):,.1f} / 页面读取 "
            f"{p(case.times['reads'], 50):,.1f} ms）无会话缓存 {fmt(case.times['fresh'])} 原始 SQL {fmt(case.times['raw'])} "
            f"裸视图 {fmt(case.times['view'])} 裸查询 {fmt(case.times['bare'])}",
            flush=True,
        )
    write_results(all_cases, runs, args, started)


def ratio(numerator: list[float], denominator: list[float], q: float = 50) -> str:
    if not numerator or not denominator:
        return "—"
    return f"{p(numerator, q) / p(denominator, q):,.1f}x"


def jit_setting() -> str:
    if connection.vendor != "postgresql":
        return "—"
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def write_results(all_cases, runs, args, started) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    lines = [
        "# 基准测试结果 / Benchmark results (bench/scale.py)",
        "",
        f"- 时间：{started:%Y-%m-%d %H:%M %Z}；提交 {commit}（工作区可能含未提交的改动）；PostgreSQL JIT：{jit_setting()}",
        f"- 机器：{machine()}",
        f"- 数据：{sizes()}（{args.origin}）",
        f"- 方法：每项最多 {runs} 次（或 {args.budget:.0f} 秒用完为止），平台页面、原始 SQL、裸视图、裸查询交替执行；"
        "p50 / p95，毫秒。平台：整页时间（Django 测试客户端，含中间件、范围、审计、模板）；DB：其中全部查询的时间，"
        "每条语句单独计时（不含事务提交），“页面读取”不计每个请求都有的会话、用户、双因素、角色和审计写入；无会话缓存：先清掉会话里记住的"
        f"“超过上限”与导航角标再访问（{FRESH_RUNS} 次）。原始 SQL：手写的、返回页面所示同样行的 SQL（先解析监督关系，"
        "深页按键值续读）。裸视图：同一页面去掉范围与审计（每个范围都是整张表，不写审计）。裸查询：Django admin "
        "changelist 的做法（无范围的 count() + 一页有序查询，深页用 OFFSET），无范围、无审计、无模板。"
        "机器为共享的 2 核虚拟机：看比例，绝对值仅供参考。",
        "",
        "| 页面（用户） | 平台 p50 / p95 | DB 全部 / 页面读取 p50（查询数） | 无会话缓存 p50 / p95 | 次数 "
        "| 原始 SQL p50 / p95 | 裸视图 p50 / p95 | 裸查询（admin 式）p50 / p95 "
        "| 页面读取 / 原始 SQL | 平台 / 裸视图 | 裸查询 p95 / 平台 p95 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in all_cases:
        t = case.times
        queries = f"{min(case.queries)}-{max(case.queries)}" if case.queries else "—"
        lines.append(
            f"| {case.name} | {fmt(t['platform'])} | {p(t['db'], 50):,.1f} / {p(t['reads'], 50):,.1f} ms（{queries} 条）"
            f" | {fmt(t['fresh'])} | {len(t['platform'])} | {fmt(t['raw'])} | {fmt(t['view'])} | {fmt(t['bare'])}"
            f" | {ratio(t['reads'], t['raw'])} | {ratio(t['platform'], t['view'])} | {ratio(t['bare'], t['platform'], 95)} |"
        )
    lines += [
        "",
        "说明：首页的原始 SQL 是按页面内容手写的近似（待审批 + 即将到期），不是逐条对应；/clues/deadlines/ 的原始 SQL 为"
        "逾期、即将到期两张列表和按组、按承办人的两张汇总。Django admin 未注册线索（admin 只管配置），故"
        "“admin changelist”一栏以同样做法的裸查询代替。",
        "",
    ]
    tail = ""
    if args.out.exists():
        previous = args.out.read_text(encoding="utf-8")
        if "\n## 数据生成" in previous:
            tail = previous[previous.index("\n## 数据生成") + 1 :]  # kept: written by hand, not by this run
    args.out.write_text("\n".join(lines) + ("\n" + tail if tail else ""), encoding="utf-8")
    print(f"已写入 {args.out}")


if __name__ == "__main__":
    main()
