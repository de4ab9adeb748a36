""".xlsx export of the supervision log: the rows the list's filters select within the user's `export` scope,
its columns first (`supervision/list.html`), watermarked with the viewer, the time and the audit chain head,
audited once per file (`supervision.exported`, with the ids)."""

from django.db import transaction
from django.db.models import QuerySet

from paizhu import access
from paizhu.audit.services import head_hash, record
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.spreadsheet import DATE, Column, date_span, ledger_xlsx, scope_label
from paizhu.core.watermark import watermark_text
from paizhu.org.models import DispatchGroup, Person, Unit

from . import queries
from .models import Activity, Kind

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "日常监督记录"


def _findings(a: Activity) -> str:
    rows = list(a.findings.all())
    return f"{len(rows)} 个（{a.pending_count} 待处置）" if a.pending_count else (f"{len(rows)} 个" if rows else "")


def _names(people) -> str:
    return "、".join(p.name for p in people)


# The list page's columns in its order and with its headings (the commission's list, with 派驻组), then the rest.
COLUMNS = [
    Column("序号", 3),
    Column("编号", 9, lambda a: a.serial),
    Column("日期", 5, lambda a: a.held_on, DATE),
    Column("类别", 6, lambda a: a.get_kind_display()),
    Column("派驻组", 8, lambda a: a.group.short_name),
    Column("单位", 12, lambda a: "、".join(u.name for u in a.units.all())),
    Column("事项", 16, lambda a: a.headline),
    Column("涉及人员", 10, lambda a: _names(a.persons.all())),
    Column("问题发现", 6, _findings),
    Column("记录人", 5, lambda a: a.author.full_name or a.author.username),
    Column(
        "参加人员", 10, lambda a: "、".join(u.full_name or u.username for u in a.participants.all()), on_screen=False
    ),
    Column("地点", 10, lambda a: a.place, on_screen=False),
    Column("主要内容", 30, lambda a: a.content, on_screen=False),
    Column("发现的问题", 30, lambda a: "\n".join(f.text for f in a.findings.all()), on_screen=False),
]


def may_export(user) -> bool:
    return access.has_section(user, Activity, "export")


def describe(filters: queries.Filters) -> str:
    """The filters in words, printed on the file."""
    parts = []
    if filters.group:
        group = DispatchGroup.objects.filter(pk=int(filters.group)).first()
        parts.append(f"派驻组：{group.short_name if group else filters.group}")
    if filters.unit:
        unit = Unit.objects.filter(pk=int(filters.unit)).first()
        parts.append(f"单位：{unit.name if unit else filters.unit}")
    if filters.person:
        person = Person.objects.filter(pk=int(filters.person)).first()
        parts.append(f"涉及人员：{person.name if person else filters.person}")
    if filters.kind:
        parts.append(f"类别：{Kind(filters.kind).label}")
    if filters.start or filters.end:
        parts.append(f"日期：{filters.start or '不限'} 至 {filters.end or '不限'}")
    if filters.findings:
        parts.append("有待处置的问题" if filters.findings == "pending" else "有问题发现")
    if filters.mine:
        parts.append("我参加的")
    return "；".join(parts) or "全部"


def export_log(user, filters: queries.Filters) -> tuple[str, bytes]:
    """The log as the list shows it with `filters`, within the user's export scope: (file name, content)."""
    if not may_export(user):
        raise NotFound()
    qs = queries.for_list(queries.filtered(user, filters, "export")).prefetch_related("participants")
    rows, ids = _selected(qs.order_by("-held_on", "-id"))
    description = describe(filters)
    head = head_hash()
    with transaction.atomic():
        record(
            user,
            "supervision.exported",
            None,
            {
                "filters": filters.as_params(),
                "description": description,
                "count": len(ids),
                "head_hash": head,
                "ids": ids,
            },
        )
    return ledger_xlsx(
        title=TITLE,
        scope=scope_label(user),
        period=date_span(qs, "held_on", "日期"),
        watermark=f"导出人：{watermark_text(user)}　审计链头：{head}",
        description=description,
        total=len(ids),
        confidential=CONFIDENTIAL,
        columns=COLUMNS,
        objects=rows,
    )


def _selected(qs: QuerySet):
    """The rows and their ids, read first so that the audit entry names exactly what the file holds."""
    total = qs.count()
    if total > EXPORT_MAX_ROWS:
        raise DomainError(
            f"符合条件的记录共 {total} 条，超过单次导出上限 {EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。"
        )
    ids = list(qs.values_list("pk", flat=True))
    named = set(ids)
    return [row for row in qs if row.pk in named], ids
