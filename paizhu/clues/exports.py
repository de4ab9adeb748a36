""".xlsx exports of the clue ledger and of cases: the rows the user's filters select within their
`export` scope, watermarked with the viewer, the time and the audit chain head; audited once per file.

Nothing about reporters is exported: a clue never holds the reporter's identity, and the ledger's
columns are the clue's own facts.
"""

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from paizhu import access
from paizhu.accounts.models import User
from paizhu.audit.services import head_hash, record
from paizhu.core.errors import DomainError, NotFound
from paizhu.core.spreadsheet import watermarked_xlsx
from paizhu.core.watermark import watermark_text
from paizhu.org.models import Person

from . import queries
from .models import Case, Clue, Form

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CLUE_COLUMNS = [
    ("序号", 6),
    ("线索编号", 18),
    ("受理日期", 12),
    ("线索来源", 12),
    ("关联编号", 18),
    ("被反映人", 24),
    ("涉及单位", 24),
    ("反映问题类别", 20),
    ("主要问题", 50),
    ("承办", 22),
    ("承办人", 16),
    ("处置方式", 12),
    ("状态", 20),
    ("期限事项", 14),
    ("期限", 12),
    ("四种形态", 12),
    ("办结日期", 12),
]
CASE_COLUMNS = [
    ("序号", 6),
    ("案件编号", 18),
    ("线索编号", 18),
    ("被反映人", 24),
    ("涉及单位", 24),
    ("承办", 22),
    ("立案日期", 12),
    ("状态", 14),
    ("当前期限", 12),
    ("监察案件", 10),
    ("监察处置期限", 14),
    ("四种形态", 12),
    ("党纪处分", 14),
    ("政务处分", 12),
    ("决定日期", 12),
]


def may_export_clues(user) -> bool:
    return access.has_section(user, Clue, "export")


def may_export_cases(user) -> bool:
    return access.has_section(user, Case, "export")


def export_clues(user, filters: queries.ClueFilters) -> tuple[str, bytes]:
    """The ledger as the list shows it with `filters`, within the user's export scope: (file name, content).

    Audited as `clue.exported` with the filters, the row count, the chain head printed in the file and
    the ids of the clues in it.
    """
    if not may_export_clues(user):
        raise NotFound()
    qs = (
        queries.filter_clues(user, filters, "export")
        .select_related("unit", "group")
        .prefetch_related(
            Prefetch("subjects", queryset=Person.objects.only("id", "name", "is_leadership_member", "is_main_leader")),
            Prefetch("handlers", queryset=User.objects.only("id", "username", "full_name")),
        )
    )
    description = queries.describe_filters(filters)
    ordered, ids = _selected(qs.order_by("-received_on", "-id"))
    rows = (
        [
            index,
            c.serial,
            _day(c.received_on),
            c.get_source_kind_display(),
            c.source_ref,
            _people(c.subjects.all()),
            c.unit.name,
            "、".join(c.category_labels()),
            c.summary,
            c.handled_by(),
            "、".join(str(u) for u in c.handlers.all()),
            c.get_method_display(),
            c.get_status_display(),
            c.due_label if c.is_open else "",
            _day(c.due_on) if c.is_open else "",
            Form(c.form).label if c.form else "",
            _day(c.concluded_on),
        ]
        for index, c in enumerate(ordered, start=1)
    )
    return _export(
        user,
        "clue.exported",
        title="问题线索台账",
        columns=CLUE_COLUMNS,
        total=len(ids),
        rows=rows,
        description=description,
        details={"filters": filters.as_params(), "ids": ids},
    )


def export_cases(user) -> tuple[str, bytes]:
    """Every case the user may export (审理室: those sent to review); audited as `case.exported` with their ids."""
    if not may_export_cases(user):
        raise NotFound()
    qs = (
        access.scope(user, Case, "export")
        .select_related("clue", "clue__unit", "clue__group")
        .prefetch_related(
            Prefetch(
                "clue__subjects",
                queryset=Person.objects.only("id", "name", "is_leadership_member", "is_main_leader"),
            )
        )
    )
    ordered, ids = _selected(qs.order_by("-filed_on", "-id"))
    rows = (
        [
            index,
            c.serial,
            c.clue.serial,
            _people(c.clue.subjects.all()),
            c.clue.unit.name,
            c.clue.handled_by(),
            _day(c.filed_on),
            c.get_status_display(),
            _day(c.current_due),
            "是" if c.supervision else "否",
            _day(c.supervision_due),
            Form(c.form).label if c.form else "",
            c.party_penalty,
            c.gov_penalty,
            _day(c.decided_on),
        ]
        for index, c in enumerate(ordered, start=1)
    )
    return _export(
        user,
        "case.exported",
        title="案件",
        columns=CASE_COLUMNS,
        total=len(ids),
        rows=rows,
        description="全部",
        details={"ids": ids},
    )


def _selected(qs: QuerySet):
    """The rows to export (an iterator) and their ids, read first so that the audit entry names them.

    Refused before anything is read when there are too many. Rows are streamed afterwards; one that
    joined the selection in between is left out of the file, so the file never holds a row the entry
    does not name (at most 20,000 ids: about 150 KB of JSON in the entry).
    """
    total = qs.count()
    if total > EXPORT_MAX_ROWS:
        raise DomainError(
            f"符合条件的记录共 {total} 条，超过单次导出上限 {EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。"
        )
    ids = list(qs.values_list("pk", flat=True))
    named = set(ids)
    return (row for row in qs if row.pk in named), ids


def _export(user, code, *, title, columns, total, rows, description, details) -> tuple[str, bytes]:
    head = head_hash()
    watermark = f"导出人：{watermark_text(user)}　审计链头：{head}"
    with transaction.atomic():
        record(user, code, None, {**details, "description": description, "count": total, "head_hash": head})
    return watermarked_xlsx(
        title=title,
        watermark=watermark,
        description=description,
        total=total,
        confidential=CONFIDENTIAL,
        columns=columns,
        rows=rows,
    )


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _people(people) -> str:
    return "、".join(f"{p.name}（班子成员）" if p.is_leadership_member else p.name for p in people)
