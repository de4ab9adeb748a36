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
from paizhu.core.spreadsheet import DATE, Column, date_span, ledger_xlsx, scope_label
from paizhu.core.watermark import watermark_text
from paizhu.org.models import Person

from . import queries
from .models import Case, Clue, Form

EXPORT_MAX_ROWS = 20_000
CONFIDENTIAL = "本文件含涉密工作信息，仅限工作使用，不得复制外传。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _people(people) -> str:
    return "、".join(f"{p.name}（班子成员）" if p.is_leadership_member else p.name for p in people)


def _form(matter) -> str:
    return Form(matter.form).label if matter.form else ""


# The ledger's columns: first those of the list page (`clues/list.html`), in its order and with its
# headings (tests/clues/test_exports.py holds the two together), then the ledger's other facts.
CLUE_COLUMNS = [
    Column("序号", 3),
    Column("线索编号", 9, lambda c: c.serial),
    Column("被反映人", 12, lambda c: _people(c.subjects.all())),
    Column("涉及单位", 12, lambda c: c.unit.name),
    Column("主要问题", 30, lambda c: c.summary),
    Column("受理日期", 5, lambda c: c.received_on, DATE),
    Column("来源", 6, lambda c: c.get_source_kind_display()),
    Column("承办", 10, lambda c: c.handled_by()),
    Column("处置方式", 6, lambda c: c.get_method_display()),
    Column("状态", 8, lambda c: c.get_status_display()),
    Column("期限", 5, lambda c: c.due_on if c.is_open else None, DATE),
    Column("期限事项", 7, lambda c: c.due_label if c.is_open else "", on_screen=False),
    Column("关联编号", 9, lambda c: c.source_ref, on_screen=False),
    Column("反映问题类别", 10, lambda c: "、".join(c.category_labels()), on_screen=False),
    Column("承办人", 8, lambda c: "、".join(str(u) for u in c.handlers.all()), on_screen=False),
    Column("四种形态", 6, _form, on_screen=False),
    Column("办结日期", 5, lambda c: c.concluded_on, DATE, on_screen=False),
]
# The case list (`clues/cases.html`), then the outcome.
CASE_COLUMNS = [
    Column("序号", 3),
    Column("案件编号", 9, lambda c: c.serial),
    Column("被审查调查人", 12, lambda c: _people(c.clue.subjects.all())),
    Column("线索编号", 9, lambda c: c.clue.serial),
    Column("涉及单位", 12, lambda c: c.clue.unit.name),
    Column("承办", 10, lambda c: c.clue.handled_by()),
    Column("立案日期", 5, lambda c: c.filed_on, DATE),
    Column("状态", 7, lambda c: c.get_status_display()),
    Column("期限", 5, lambda c: c.current_due, DATE),
    Column("监察案件", 4, lambda c: "是" if c.supervision else "否", on_screen=False),
    Column("监察处置期限", 6, lambda c: c.supervision_due, DATE, on_screen=False),
    Column("四种形态", 6, _form, on_screen=False),
    Column("党纪处分", 6, lambda c: c.party_penalty, on_screen=False),
    Column("政务处分", 5, lambda c: c.gov_penalty, on_screen=False),
    Column("移送司法机关", 6, lambda c: "是" if c.referred_for_prosecution else "", on_screen=False),
    Column("决定日期", 5, lambda c: c.decided_on, DATE, on_screen=False),
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
    rows, ids = _selected(qs.order_by("-received_on", "-id"))
    return _export(
        user,
        "clue.exported",
        title="问题线索台账",
        columns=CLUE_COLUMNS,
        period=date_span(qs, "received_on", "受理日期"),
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
    rows, ids = _selected(qs.order_by("-filed_on", "-id"))
    return _export(
        user,
        "case.exported",
        title="案件",
        columns=CASE_COLUMNS,
        period=date_span(qs, "filed_on", "立案日期"),
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


def _export(user, code, *, title, columns, period, total, rows, description, details) -> tuple[str, bytes]:
    head = head_hash()
    watermark = f"导出人：{watermark_text(user)}　审计链头：{head}"
    with transaction.atomic():
        record(user, code, None, {**details, "description": description, "count": total, "head_hash": head})
    return ledger_xlsx(
        title=title,
        scope=scope_label(user),
        period=period,
        watermark=watermark,
        description=description,
        total=total,
        confidential=CONFIDENTIAL,
        columns=columns,
        objects=rows,
    )
