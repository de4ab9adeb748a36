"""The auditor's .xlsx export of a filtered list, watermarked with the viewer, the time and the chain head."""

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from paizhu import access
from paizhu.audit import chain
from paizhu.audit.events import label as event_label
from paizhu.audit.labels import object_type_label, role_label
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import chain_head, record
from paizhu.core.errors import DomainError
from paizhu.core.spreadsheet import DATETIME, NUMBER, Column, ledger_xlsx
from paizhu.core.watermark import watermark_text

from .forms import AuditFilterForm
from .queries import filter_entries

EXPORT_MAX_ROWS = 100_000
COLUMNS = [
    Column("序号", 5, lambda e: e.seq, NUMBER),
    Column("时间", 10, lambda e: e.at, DATETIME),
    Column("操作人", 6, lambda e: e.actor_name or "系统"),
    Column("所用角色", 8, lambda e: role_label(e.role)),
    Column("操作", 9, lambda e: event_label(e.action)),
    Column("事件代码", 12, lambda e: e.action),
    Column("对象类型", 8, lambda e: object_type_label(e.object_type)),
    Column("对象编号", 6, lambda e: e.object_id),
    Column("客户端地址", 8, lambda e: e.client_address or ""),
    Column("详情", 30, lambda e: chain.canonical_json(e.details) if e.details else ""),
    Column("前序哈希", 33, lambda e: e.prev_hash),
    Column("哈希", 33, lambda e: e.hash),
]


def export_entries(user, form: AuditFilterForm) -> tuple[str, bytes]:
    """The filtered list as an .xlsx file (name, content); audited as `audit.exported`.

    The rows stop at the chain head read at the start, and that head is printed in the file and
    written into the export's own audit entry, so the file can later be checked against the chain.
    The entry also names the entries exported, as runs of sequence numbers (`seq_ranges`): entries never
    change, so the runs are exactly the file's rows, and a filtered export of 100,000 stays small.
    """
    access.require_section(user, AuditEntry, "export")
    head_seq, head_hash = chain_head()
    entries = filter_entries(user, form.filters(), action="export").filter(seq__lte=head_seq)
    total = entries.count()
    if total > EXPORT_MAX_ROWS:
        raise DomainError(
            f"符合条件的记录共 {total} 条，超过单次导出上限 {EXPORT_MAX_ROWS} 条，请缩小时间范围后分批导出。"
        )
    exported = seq_ranges(entries.values_list("seq", flat=True).iterator(chunk_size=5000))
    watermark = f"导出人：{watermark_text(user)}　审计链头：第 {head_seq} 条 {head_hash}"
    # Its own short transaction: holding the chain head's lock while the file is built would stall
    # every audited write in the platform.
    with transaction.atomic():
        record(
            user,
            "audit.exported",
            None,
            {
                "filters": form.description(),
                "count": total,
                "head_seq": head_seq,
                "head_hash": head_hash,
                "seq_ranges": exported,
            },
        )
    span = entries.order_by().aggregate(first=Min("at"), last=Max("at"))
    period = (
        f"{timezone.localtime(span['first']):%Y-%m-%d %H:%M} 至 {timezone.localtime(span['last']):%Y-%m-%d %H:%M}"
        if span["first"]
        else "无记录"
    )
    return ledger_xlsx(
        title="审计日志",
        scope=f"截至第 {head_seq} 条",
        period=period,
        watermark=watermark,
        description=form.description(),
        total=total,
        confidential="本文件含敏感信息，仅限安全审计使用，不得外传。",
        columns=COLUMNS,
        objects=entries.iterator(chunk_size=2000),
    )


def seq_ranges(seqs) -> list[list[int]]:
    """Sequence numbers as sorted runs: [1, 2, 3, 5, 7, 8] -> [[1, 3], [5, 5], [7, 8]]."""
    runs: list[list[int]] = []
    for seq in sorted(seqs):
        if runs and seq == runs[-1][1] + 1:
            runs[-1][1] = seq
        elif not runs or seq > runs[-1][1]:
            runs.append([seq, seq])
    return runs
