""".xlsx export of the report list: the rows the list's filters select within the user's `export` scope,
watermarked with the viewer, the time and the audit chain head; audited once per file.

Nothing about the reporter leaves in it — no name, unit, contact, attachment or message; only the
real-name flag the feedback deadlines depend on. The identity columns are deferred by `queries.reports`
and never read here.
"""

from django.db import transaction
from django.db.models import F, Prefetch

from paizhu import access
from paizhu.audit.services import head_hash, record
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.spreadsheet import DATE, Column, date_span, ledger_xlsx, scope_label
from paizhu.core.watermark import watermark_text
from paizhu.org.models import DispatchGroup, Person

from . import queries
from .models import Report

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，不含举报人身份，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "信访举报"


def _people(r: Report) -> str:
    # Lists prefetched to attributes: a related manager's .all() builds a queryset per row (a tenth of the file).
    chosen = [p.name for p in r.export_subjects]
    return "、".join(chosen + [n.name for n in r.export_named if n.name not in chosen])


def _handled_by(r: Report) -> str:
    if r.routing == Report.Routing.PROPOSED:
        return f"待确认（建议：{r.proposed_group or '委机关'}）"
    return r.handled_by


# The list page's columns (`intake/list.html`), in its order and with its headings (tests/intake/test_exports.py
# holds the two together), then the report's other facts and deadlines.
COLUMNS = [
    Column("序号", 3),
    Column("编号", 9, lambda r: r.serial),
    Column("收到日期", 5, lambda r: r.received_on, DATE),
    Column("渠道", 4, lambda r: r.get_channel_display()),
    Column("涉及单位", 12, lambda r: r.unit.name if r.unit_id else ""),
    Column("主要问题", 30, lambda r: r.facts),
    Column("承办", 10, _handled_by),
    Column("阶段", 6, lambda r: r.get_stage_display()),
    Column("受理告知期限", 6, lambda r: r.acceptance_due if r.is_real_name else None, DATE),
    Column("转办机关或来源", 9, lambda r: r.source, on_screen=False),
    Column("性质", 5, lambda r: r.get_kind_display(), on_screen=False),
    Column("问题类别", 10, lambda r: "、".join(r.category_labels), on_screen=False),
    Column("被反映人", 12, _people, on_screen=False),
    Column("承办人", 6, lambda r: str(r.handler) if r.handler_id else "", on_screen=False),
    Column("分办状态", 6, lambda r: r.get_routing_display(), on_screen=False),
    Column("实名", 3, lambda r: "是" if r.is_real_name else "否", on_screen=False),
    Column("受理告知日期", 6, lambda r: r.acceptance_notified_on, DATE, on_screen=False),
    Column("办结期限（交办件）", 6, lambda r: r.close_due, DATE, on_screen=False),
    Column("办结日期", 5, lambda r: r.closed_on, DATE, on_screen=False),
    Column("结果反馈期限", 6, lambda r: r.result_due, DATE, on_screen=False),
    Column("结果反馈日期", 6, lambda r: r.result_notified_on, DATE, on_screen=False),
    Column("重复件所属", 9, lambda r: r.duplicate_shown, on_screen=False),
]


def may_export(user) -> bool:
    return access.has_section(user, Report, "export")


def export_reports(user, params) -> tuple[str, bytes]:
    """The list as it shows with the filters in `params`, within the export scope: (file name, content).

    Audited as `report.exported` with the filters, the row count, the chain head printed in the file and
    the ids of the reports in it (read before the file is built; a report that joined the selection in
    between is left out of the file, so the file never holds a row the entry does not name).
    """
    if not may_export(user):
        raise NotFound()
    qs, filters = queries.filtered(user, params, "export")
    # The original's serial only: a select_related would load (and decrypt) the original's identity too.
    qs = qs.annotate(duplicate_serial=F("duplicate_of__serial")).prefetch_related(
        Prefetch("subjects", queryset=Person.objects.only("id", "name"), to_attr="export_subjects"),
        Prefetch("named", to_attr="export_named"),
    )
    total = qs.count()
    if total > EXPORT_MAX_ROWS:
        raise DomainError(
            f"符合条件的举报共 {total} 条，超过单次导出上限 {EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。"
        )
    ids = list(qs.values_list("pk", flat=True))
    named = set(ids)
    groups = dict(access.scope(user, DispatchGroup).values_list("pk", "short_name"))
    description = queries.describe_filters(filters, groups)
    head = head_hash()
    watermark = f"导出人：{watermark_text(user)}　审计链头：{head}"
    with transaction.atomic():
        record(
            user,
            "report.exported",
            None,
            {
                "filters": {k: v for k, v in filters.items() if v},
                "description": description,
                "count": len(ids),
                "head_hash": head,
                "ids": ids,
            },
        )
    reports = [r for r in qs if r.pk in named]
    seen = queries.visible_originals(user, reports)
    for r in reports:
        # The original's serial only where the exporter may see the original.
        r.duplicate_shown = r.duplicate_serial if r.duplicate_of_id in seen else ""
    return ledger_xlsx(
        title=TITLE,
        scope=scope_label(user),
        period=date_span(qs, "received_on", "收到日期"),
        watermark=watermark,
        description=description,
        total=len(ids),
        confidential=CONFIDENTIAL,
        columns=COLUMNS,
        objects=reports,
    )
