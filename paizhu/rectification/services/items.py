"""Items (整改事项): the unit's answers, plans and signed 整改报告; the group's verification (验收)."""

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from paizhu import access
from paizhu.core import calendar
from paizhu.core.errors import DomainError
from paizhu.core.roles import Role
from paizhu.workflow import attachments
from paizhu.workflow.attachments import Upload
from paizhu.workflow.models import Attachment
from paizhu.workflow.transitions import Event, commit, move, require_move

from .. import limits
from ..models import Demand, Item, Milestone, Rating, Report
from ..workflows import ItemStatus
from ._common import clean_text, require_role, today

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

EVIDENCE = "整改佐证材料"
MAX_MILESTONES = 12


def _has_files(item: Item) -> bool:
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Item), object_id=item.pk).exists()


def answer_item(
    actor: "Actor",
    item: Item,
    *,
    version: int,
    progress: str,
    measures: str = "",
    responsible: str = "",
    uploads: Sequence[Upload] = (),
) -> Item:
    """答复整改事项 (the unit's 党组书记 or 联络员): what was done, by whom, with evidence. An item sent back is
    answered again; an item with a plan is answered when the plan is done. The answer reaches the group with
    the next signed 整改报告 (`submit_report`)."""
    progress = clean_text(progress, "整改情况", "progress")
    measures = clean_text(measures, "整改措施", "measures", required=False)
    responsible = clean_text(responsible, "责任人", "responsible", required=False, limit=60)
    with attachments.files_removed_on_failure() as written, transaction.atomic():
        locked = access.lock_for_act(actor, Item, item.pk, version=version, action="answer")
        require_move(locked, "answer", "答复")
        responsible = responsible or locked.plan_responsible or locked.responsible
        if not responsible:
            raise DomainError("请填写本项整改的责任人。", field="responsible")
        rows = attachments.store(actor, locked, uploads, label=EVIDENCE, written=written)
        if not rows and not _has_files(locked):
            raise DomainError("请上传整改佐证材料（照片、文件或制度文本）。", field="uploads")
        before = locked.status
        again = before == ItemStatus.RETURNED
        move(locked, "answer", "答复")
        locked.progress, locked.responsible = progress, responsible
        locked.measures = measures or locked.measures
        locked.answered_on = today()
        title = f"第{locked.number}项{'重新' if again else ''}答复整改情况" + (
            f"（{len(rows)}份佐证材料）" if rows else ""
        )
        return commit(
            actor,
            locked,
            Event("item.answered", title, progress, {"attachments": [r.pk for r in rows], "again": again}),
            before=before,
        )


def plan_item(
    actor: "Actor",
    item: Item,
    *,
    version: int,
    responsible: str,
    timetable: str,
    plan_due: datetime.date,
    milestones: Sequence[tuple[str, datetime.date]] = (),
    measures: str = "",
) -> Item:
    """报送整改计划 for a problem that cannot be fixed at once: a responsible person, a timetable, the day it will
    be done and its milestones, each tracked until the item is answered as done."""
    responsible = clean_text(responsible, "牵头责任人", "responsible", limit=60)
    timetable = clean_text(timetable, "时间表", "timetable")
    measures = clean_text(measures, "整改措施", "measures", required=False)
    steps = [(clean_text(t, "节点", "milestones", limit=120), d) for t, d in milestones if (t or "").strip()]
    if len(steps) > MAX_MILESTONES:
        raise DomainError(f"整改节点最多{MAX_MILESTONES}个。", field="milestones")
    if plan_due <= today():
        raise DomainError("计划完成日期应晚于今天。", field="plan_due")
    if any(d < today() or d > plan_due for _, d in steps):
        raise DomainError("整改节点的期限应在今天与计划完成日期之间。", field="milestones")
    with transaction.atomic():
        locked = access.lock_for_act(actor, Item, item.pk, version=version, action="answer")
        _check_plan_bound(locked, plan_due)
        before, due_before = locked.status, locked.due_on
        move(locked, "plan", "报送整改计划")
        locked.plan_responsible = locked.responsible = responsible
        locked.plan_timetable, locked.plan_due = timetable, plan_due
        locked.due_on, locked.due_workdays = plan_due, None  # the plan's date is the item's deadline from now on
        locked.measures = measures or locked.measures
        locked.milestones.filter(done_on__isnull=True).delete()
        Milestone.objects.bulk_create(Milestone(item=locked, title=t, due_on=d) for t, d in steps)
        title = f"第{locked.number}项报送整改计划：{responsible}牵头，{plan_due:%Y-%m-%d}前完成（{len(steps)}个节点）"
        if due_before and due_before != plan_due:
            title += f"，整改期限由{due_before:%Y-%m-%d}调整为{plan_due:%Y-%m-%d}"
        details = {"milestones": len(steps), "due_before": due_before.isoformat() if due_before else None}
        return commit(actor, locked, Event("item.planned", title, timetable, details), before=before)


def plan_bound(item: Item) -> datetime.date | None:
    """The latest completion date a plan may name: `plan_max` after the demand's issue (None before it)."""
    issued = item.demand.issued_on
    return limits.due("plan_max", issued) if issued else None


def _check_plan_bound(item: Item, plan_due: datetime.date) -> None:
    bound = plan_bound(item)
    if bound is not None and plan_due > bound:
        amount, unit, _ = limits.limit("plan_max")
        span = f"{amount}个月" if unit == "months" else f"{amount}个工作日" if unit == "workdays" else f"{amount}日"
        raise DomainError(f"计划完成日期不能晚于{bound:%Y-%m-%d}（印发后{span}内整改到位）。", field="plan_due")


def complete_milestone(actor: "Actor", milestone: Milestone, *, version: int, note: str = "") -> Item:
    """完成整改节点 of an item's plan (the unit), with a word on what was done."""
    note = clean_text(note, "完成情况", "note", required=False, limit=300)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Item, milestone.item_id, version=version, action="answer")
        row = locked.milestones.filter(pk=milestone.pk, done_on__isnull=True).first()
        if row is None:
            raise DomainError("该整改节点已完成或不属于本事项。")
        before = locked.status
        move(locked, "advance", "登记整改节点")
        row.done_on, row.note = today(), note
        row.save(update_fields=["done_on", "note"])
        return commit(
            actor,
            locked,
            Event("item.milestone_done", f"第{locked.number}项完成节点：{row.title}", note),
            before=before,
        )


def submit_report(actor: "Actor", demand: Demand, *, version: int, summary: str) -> Report:
    """签发整改报告: the unit's 党组书记, in their own login, sends the answered items to the group.

    Every item not yet cleared must have an answer or a plan (件件有答复): none may still wait, and at least one
    answer or a plan must be new since the last report."""
    require_role(actor, Role.PARTY_SECRETARY)
    summary = clean_text(summary, "整改报告", "summary")
    with transaction.atomic():
        locked = access.lock_for_act(actor, Demand, demand.pk, version=version, action="answer")
        require_move(locked, "report", "报送整改报告")
        items = list(locked.items.select_for_update().order_by("number"))
        waiting = [i.number for i in items if i.status in (ItemStatus.OPEN, ItemStatus.RETURNED)]
        if waiting:
            numbers = "、".join(f"第{n}项" for n in waiting)
            raise DomainError(f"{numbers}尚未答复或报送整改计划，请逐项答复后再签发整改报告。")
        answered = [i for i in items if i.status == ItemStatus.ANSWERED]
        planned = [i for i in items if i.status == ItemStatus.PLANNED]
        reported_plans = {n for r in locked.reports.all() for n in r.items}
        if not answered and not [i for i in planned if i.number not in reported_plans]:
            raise DomainError("没有新答复的整改事项，无需签发整改报告。")
        day = today()
        for item in answered:
            before = item.status
            move(item, "submit", "报送")
            item.submitted_on = day
            commit(actor, item, Event("item.submitted", f"第{item.number}项随整改报告报送，待验收"), before=before)
        report = Report.objects.create(
            demand=locked,
            round=locked.reports.count() + 1,
            summary=summary,
            items=[i.number for i in answered + planned],
            signed_by=actor,
            signed_name=actor.full_name or actor.username,
        )
        before = locked.status
        move(locked, "report", "报送整改报告")
        commit(
            actor,
            locked,
            Event(
                "demand.reported",
                f"党组书记{report.signed_name}签发整改报告（第{report.round}次），报送{len(answered)}项答复"
                + (f"、{len(planned)}项整改计划" if planned else ""),
                summary,
                {"report": report.pk, "items": report.items},
            ),
            before=before,
        )
    return report


def rating_for(item: Item) -> str:
    """提前 / 按期 / 逾期完成, by the day the accepted answer was reported against the item's deadline."""
    done = item.submitted_on or item.answered_on or today()
    if item.due_on is None or done <= calendar.add_workdays(item.due_on, -limits.limit("early")[0]):
        return Rating.EARLY
    return Rating.ON_TIME if done <= item.due_on else Rating.LATE


def verify_item(actor: "Actor", item: Item, *, version: int, accept: bool, reason: str = "") -> Item:
    """验收 (the group): accept and clear the item (销号, rated), or send it back to the unit with the reason."""
    reason = clean_text(reason, "退回理由", "reason", required=not accept)
    with transaction.atomic():
        locked = access.lock_for_act(actor, Item, item.pk, version=version)
        before = locked.status
        if accept:
            move(locked, "accept", "验收销号")
            locked.rating, locked.closed_on = rating_for(locked), today()
            event = Event(
                "item.accepted",
                f"第{locked.number}项验收通过，销号（{Rating(locked.rating).label}）",
                reason,
                {"rating": locked.rating},
            )
        else:
            move(locked, "send_back", "退回")
            locked.returned_reason = reason
            locked.returned_count += 1
            event = Event("item.returned", f"第{locked.number}项整改不到位，退回重改", reason)
        return commit(actor, locked, event, before=before)


def item_rating(item: Item, day: datetime.date | None = None) -> str:
    """What an item's row says of its completion: its stored rating, or 逾期未完成 for an open item past due."""
    if item.rating:
        return item.rating
    if item.status != ItemStatus.CLOSED and item.due_on is not None and item.due_on < (day or today()):
        return Rating.OVERDUE
    return ""
