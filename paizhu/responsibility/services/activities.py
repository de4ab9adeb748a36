"""履责记实: the unit's running log of what it did, each entry with its records (files), in one transaction."""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.org.models import Unit
from paizhu.workflow import attachments
from paizhu.workflow.attachments import Upload

from ..models import Activity, ListItem
from .lists import _text, may_write_for

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def record_activity(
    actor: "Actor",
    *,
    unit: Unit,
    occurred_on: datetime.date,
    kind: str,
    title: str,
    content: str,
    participants: str = "",
    item: ListItem | None = None,
    uploads: Sequence[Upload] = (),
) -> Activity:
    """记一笔: what was done, when, by whom, against which list item if any, with its records as files."""
    if not may_write_for(actor, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以填写本单位的履责记实。", model=Unit, pk=unit.pk)
    if kind not in Activity.Kind.values:
        raise DomainError("请选择类别。", field="kind")
    if occurred_on is None:
        raise DomainError("请填写“日期”。", field="occurred_on")
    if occurred_on > shanghai_today():
        raise DomainError("日期不能晚于今天：履责记实记录已经开展的工作。", field="occurred_on")
    title = _text(title, "事项", "title", required=True, limit=200)
    content = _text(content, "主要内容", "content", required=True, limit=5000)
    participants = _text(participants, "参加人员", "participants", limit=300)
    if item is not None and (
        item.responsibility_list.unit_id != unit.pk or item.responsibility_list.year != occurred_on.year
    ):
        raise DomainError("对应清单事项须为本单位当年清单中的事项。", field="item")
    with attachments.files_removed_on_failure() as written, transaction.atomic():
        activity = Activity.objects.create(
            unit=unit,
            occurred_on=occurred_on,
            kind=kind,
            title=title,
            content=content,
            participants=participants,
            item=item,
            recorded_by=actor,
        )
        attachments.store(actor, activity, uploads, label="记实材料", written=written)
        record(
            actor,
            "responsibility.activity_recorded",
            activity,
            {"kind": kind, "occurred_on": occurred_on.isoformat(), "item": item.pk if item else None},
        )
    return activity
