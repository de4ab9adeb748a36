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
from paizhu.core.spreadsheet import watermarked_xlsx
from paizhu.core.watermark import watermark_text
from paizhu.org.models import DispatchGroup, Person

from . import queries
from .models import Report

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，不含举报人身份，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "信访举报"

COLUMNS = [
    ("序号", 6),
    ("编号", 18),
    ("收到日期", 12),
    ("来源渠道", 12),
    ("转办机关或来源", 18),
    ("性质", 10),
    ("问题类别", 20),
    ("涉及单位", 24),
    ("被反映人", 24),
    ("主要问题", 50),
    ("承办", 22),
    ("承办人", 12),
    ("分办状态", 12),
    ("办理阶段", 16),
    ("实名", 6),
    ("受理告知期限", 12),
    ("受理告知日期", 12),
    ("办结期限（交办件）", 12),
    ("办结日期", 12),
    ("结果反馈期限", 12),
    ("结果反馈日期", 12),
    ("重复件所属", 18),
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
        Prefetch("subjects", queryset=Person.objects.only("id", "name")), "named"
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
    return watermarked_xlsx(
        title=TITLE,
        watermark=watermark,
        description=description,
        total=len(ids),
        confidential=CONFIDENTIAL,
        columns=COLUMNS,
        rows=([index, *_row(report, seen)] for index, report in enumerate(reports, start=1)),
    )


def _row(r: Report, seen_originals: set[int]) -> list:
    chosen = [p.name for p in r.subjects.all()]
    people = chosen + [n.name for n in r.named.all() if n.name not in chosen]
    return [
        r.serial,
        _day(r.received_on),
        r.get_channel_display(),
        r.source,
        r.get_kind_display(),
        "、".join(r.category_labels),
        r.unit.name if r.unit_id else "",
        "、".join(people),
        r.facts,
        r.handled_by if r.routing != Report.Routing.PROPOSED else f"待确认（建议：{r.proposed_group or '委机关'}）",
        str(r.handler) if r.handler_id else "",
        r.get_routing_display(),
        r.get_stage_display(),
        "是" if r.is_real_name else "否",
        _day(r.acceptance_due) if r.is_real_name else "",
        _day(r.acceptance_notified_on),
        _day(r.close_due),
        _day(r.closed_on),
        _day(r.result_due),
        _day(r.result_notified_on),
        r.duplicate_serial if r.duplicate_of_id in seen_originals else "",
    ]


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""
