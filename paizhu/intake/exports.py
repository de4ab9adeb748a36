""".xlsx export of the report list: the rows the list's filters select within the user's `export` scope,
watermarked with the viewer, the time and the audit chain head; audited once per file.

Nothing about the reporter leaves in it — no name, unit, contact, attachment or message; only the
real-name flag the feedback deadlines depend on. The identity columns are deferred by `queries.reports`
and never read here.
"""

from operator import itemgetter

from django.db import transaction

from paizhu import access
from paizhu.audit.services import head_hash, record
from paizhu.core.choices import Discipline
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.spreadsheet import DATE, Column, date_span, ledger_xlsx, scope_label
from paizhu.core.watermark import watermark_text
from paizhu.org.models import DispatchGroup

from . import queries
from .models import Channel, Kind, Office, Report, ReportedName

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，不含举报人身份，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "信访举报"


_CHANNELS = dict(Channel.choices)
_STAGES = dict(Report.Stage.choices)
_KINDS = dict(Kind.choices)
_ROUTINGS = dict(Report.Routing.choices)
_OFFICES = dict(Office.choices)
_DISCIPLINES = dict(Discipline.choices)
# What a row reads: plain values, no model instance (building 2,000 reports with their related rows was a
# third of the file's time); the names of related rows come as columns of the same statement.
_FIELDS = (
    "pk",
    "serial",
    "received_on",
    "channel",
    "unit__name",
    "facts",
    "stage",
    "routing",
    "group__short_name",
    "group__name",
    "proposed_group__short_name",
    "proposed_group__name",
    "office",
    "is_real_name",
    "acceptance_due",
    "source",
    "kind",
    "categories",
    "handler__full_name",
    "handler__username",
    "acceptance_notified_on",
    "close_due",
    "closed_on",
    "result_due",
    "result_notified_on",
    "duplicate_of_id",
    "duplicate_of__serial",
)


def _handled_by(r: dict) -> str:
    # Report.handled_by, and the proposal while it waits (a group reads as its short name, like str(group)).
    if r["routing"] == Report.Routing.PROPOSED:
        proposed = r["proposed_group__short_name"] or r["proposed_group__name"] or "委机关"
        return f"待确认（建议：{proposed}）"
    if r["group__name"] is not None:
        return r["group__short_name"] or r["group__name"]
    return f"委机关{_OFFICES.get(r['office'], r['office'])}" if r["office"] else "委机关"


# The list page's columns (`intake/list.html`), in its order and with its headings (tests/intake/test_exports.py
# holds the two together), then the report's other facts and deadlines. A row is a dict of `_FIELDS` and what
# `_rows` adds (people, handled_by, duplicate).
COLUMNS = [
    Column("序号", 3),
    Column("编号", 9, itemgetter("serial")),
    Column("收到日期", 5, itemgetter("received_on"), DATE),
    Column("渠道", 4, lambda r: _CHANNELS.get(r["channel"], r["channel"])),
    Column("涉及单位", 12, lambda r: r["unit__name"] or ""),
    Column("主要问题", 30, itemgetter("facts")),
    Column("承办", 10, itemgetter("handled_by")),
    Column("阶段", 6, lambda r: _STAGES.get(r["stage"], r["stage"])),
    Column("受理告知期限", 6, lambda r: r["acceptance_due"] if r["is_real_name"] else None, DATE),
    Column("转办机关或来源", 9, itemgetter("source"), on_screen=False),
    Column("性质", 5, lambda r: _KINDS.get(r["kind"], r["kind"]), on_screen=False),
    Column("问题类别", 10, lambda r: "、".join(_DISCIPLINES.get(c, c) for c in r["categories"]), on_screen=False),
    Column("被反映人", 12, itemgetter("people"), on_screen=False),
    Column(
        "承办人",
        6,
        lambda r: (r["handler__full_name"] or r["handler__username"]) if r["handler__username"] else "",
        on_screen=False,
    ),
    Column("分办状态", 6, lambda r: _ROUTINGS.get(r["routing"], r["routing"]), on_screen=False),
    Column("实名", 3, lambda r: "是" if r["is_real_name"] else "否", on_screen=False),
    Column("受理告知日期", 6, itemgetter("acceptance_notified_on"), DATE, on_screen=False),
    Column("办结期限（交办件）", 6, itemgetter("close_due"), DATE, on_screen=False),
    Column("办结日期", 5, itemgetter("closed_on"), DATE, on_screen=False),
    Column("结果反馈期限", 6, itemgetter("result_due"), DATE, on_screen=False),
    Column("结果反馈日期", 6, itemgetter("result_notified_on"), DATE, on_screen=False),
    Column("重复件所属", 9, itemgetter("duplicate"), on_screen=False),
]


def _rows(user, qs, ids: list[int]) -> list[dict]:
    """The rows of the reports `ids` (the audited selection), in the list's order, each with the people it is
    about (chosen from the roster, then the typed names not among them), who handles it, and its original's
    serial where the exporter may see the original."""
    named = set(ids)
    rows = [r for r in qs.values(*_FIELDS) if r["pk"] in named]
    people: dict[int, list[str]] = {}
    # Ordered by the person: their model's order, as the roster (and the report's page) lists them.
    chosen = Report.subjects.through.objects.filter(report_id__in=qs.values("pk")).order_by("report_id", "person")
    for report_id, name in chosen.values_list("report_id", "person__name"):
        people.setdefault(report_id, []).append(name)
    typed: dict[int, list[str]] = {}
    for report_id, name in ReportedName.objects.filter(report__in=qs.values("pk")).values_list("report_id", "name"):
        typed.setdefault(report_id, []).append(name)
    seen = queries.visible_originals(user, rows)
    for r in rows:
        subjects = people.get(r["pk"], [])
        r["people"] = "、".join(subjects + [n for n in typed.get(r["pk"], ()) if n not in subjects])
        r["handled_by"] = _handled_by(r)
        r["duplicate"] = r["duplicate_of__serial"] if r["duplicate_of_id"] in seen else ""
    return rows


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
    total = qs.count()
    if total > EXPORT_MAX_ROWS:
        raise DomainError(
            f"符合条件的举报共 {total} 条，超过单次导出上限 {EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。"
        )
    ids = list(qs.values_list("pk", flat=True))
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
    return ledger_xlsx(
        title=TITLE,
        scope=scope_label(user),
        period=date_span(qs, "received_on", "收到日期"),
        watermark=watermark,
        description=description,
        total=len(ids),
        confidential=CONFIDENTIAL,
        columns=COLUMNS,
        objects=_rows(user, qs, ids),
    )
