"""Demands (整改建议): drafting, approval, issue with a 文号, closing, 回头看 (domain.md §5)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from paizhu import access
from paizhu.audit.services import record
from paizhu.core import calendar
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.numbering import next_serial
from paizhu.core.roles import Role
from paizhu.org.models import Coverage, Unit
from paizhu.workflow import approvals, documents, timeline
from paizhu.workflow.transitions import Event, commit, move, require_move, transition

from .. import limits
from ..models import Demand, DemandKind, Item, ReturnVisit
from ..workflows import DemandStatus, ItemStatus
from ._common import APPROVAL, clean_text, today

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

DRAFTER_ROLES = (Role.GROUP_LEADER, Role.GROUP_MEMBER)
MAX_ITEMS = 50


@dataclass(frozen=True)
class ItemInput:
    """One problem of a demand and what it requires; its own deadline (a date, or working days from the issue)
    when it differs from the demand's reply deadline."""

    requirement: str
    due_on: datetime.date | None = None
    due_workdays: int | None = None


def _items(items: Sequence[ItemInput | str | dict]) -> list[ItemInput]:
    cleaned = []
    for index, raw in enumerate(items, start=1):
        item = raw if isinstance(raw, ItemInput) else ItemInput(raw) if isinstance(raw, str) else ItemInput(**raw)
        text = clean_text(item.requirement, f"第{index}项整改要求", "items", required=False, limit=1000)
        if text:
            cleaned.append(ItemInput(text, item.due_on, item.due_workdays))
    if not cleaned:
        raise DomainError("请至少列出一项整改事项（一个问题一项）。", field="items")
    if len(cleaned) > MAX_ITEMS:
        raise DomainError(f"整改事项最多{MAX_ITEMS}项。", field="items")
    return cleaned


def _deadline(workdays: int | None, due_on: datetime.date | None, field: str, label: str) -> None:
    if workdays is not None and due_on is not None:
        raise DomainError(f"{label}请填写工作日数或日期，二者选一。", field=field)
    if workdays is not None and not 1 <= workdays <= 250:
        raise DomainError(f"{label}的工作日数应在1至250之间。", field=field)
    if due_on is not None and due_on < today():
        raise DomainError(f"{label}不能早于今天（印发之日起算）。", field=field)


def default_addressee(kind: str, unit: Unit) -> str:
    """Whom a kind is addressed to: the party group for a 纪律检查建议, the unit otherwise (editable)."""
    return f"中共{unit.name}党组" if kind == DemandKind.DISCIPLINE else unit.name


def default_title(kind: str, unit: Unit) -> str:
    return f"关于{unit.name}有关问题整改的{DemandKind(kind).label.removesuffix('书')}"


def _source(source: models.Model | None, source_label: str) -> dict[str, Any]:
    if source is None:
        return {"source_type": None, "source_id": None, "source_label": source_label.strip()[:200]}
    label = source_label.strip() or str(getattr(source, "serial", "") or source)
    return {
        "source_type": ContentType.objects.get_for_model(source),
        "source_id": source.pk,
        "source_label": label[:200],
    }


def _require_drafter(actor: "Actor", unit: Unit) -> None:
    """Group staff draft demands to the units their group covers now."""
    grant = actor.acting_grant
    if grant is None or grant.role not in DRAFTER_ROLES:
        raise PermissionDenied("整改建议由派驻组起草。")
    if not Coverage.objects.current().filter(group_id=grant.group_id, unit=unit).exists():
        raise DomainError(f"{unit.name}不在本组监督范围内。", field="unit")


def draft_demand(
    actor: "Actor",
    *,
    unit: Unit,
    kind: str,
    problems: str,
    items: Sequence[ItemInput | str | dict],
    source: models.Model | None = None,
    source_label: str = "",
    source_text: str = "",
    title: str = "",
    addressee: str = "",
    copies: str = "",
    causes: str = "",
    measures: str = "",
    reply_workdays: int | None = None,
    reply_due: datetime.date | None = None,
) -> Demand:
    """起草整改建议: a draft of the actor's group to a unit it covers, with one item per problem.

    `source` is any matter the demand comes from (a supervision finding, a case, a clue); its type and id
    are kept, with `source_label` (default: its serial) as it reads today. `source_text` is a source in words
    only (an inspection tour's transfer). The reply deadline is `reply_workdays` working days from the issue
    day, or the date `reply_due` (not before today); each item takes it unless it names its own. The draft is
    the actor's to edit and submit (`submit_demand`); nobody outside the group sees it, the unit included.
    """
    if kind not in DemandKind.values:
        raise DomainError("请选择文书种类。", field="kind")
    _require_drafter(actor, unit)
    problems = clean_text(problems, "存在的问题", "problems")
    rows = _items(items)
    if reply_workdays is None and reply_due is None:
        reply_workdays = limits.limit("reply")[0]
    _deadline(reply_workdays, reply_due, "reply_due", "答复期限")
    for index, item in enumerate(rows, start=1):
        _deadline(item.due_workdays, item.due_on, "items", f"第{index}项整改期限")
    with transaction.atomic():
        demand = Demand.objects.create(
            serial=next_serial("ZG"),
            kind=kind,
            title=clean_text(title, "标题", "title", required=False, limit=120) or default_title(kind, unit),
            unit=unit,
            group_id=actor.require_grant().group_id,
            addressee=clean_text(addressee, "主送", "addressee", required=False, limit=120)
            or default_addressee(kind, unit),
            copies=clean_text(copies, "抄送", "copies", required=False, limit=200),
            **_source(source, source_label),
            source_text=clean_text(source_text, "来源说明", "source_text", required=False),
            problems=problems,
            causes=clean_text(causes, "问题原因", "causes", required=False),
            measures=clean_text(measures, "整改建议", "measures", required=False),
            reply_workdays=reply_workdays,
            reply_due=reply_due,
            handler=actor,
            created_by=actor,
        )
        Item.objects.bulk_create(
            Item(demand=demand, number=n, requirement=i.requirement, due_on=i.due_on, due_workdays=i.due_workdays)
            for n, i in enumerate(rows, start=1)
        )
        timeline.write(actor, demand, "demand.drafted", f"起草{demand.get_kind_display()}（{len(rows)}项整改事项）")
        record(actor, "demand.drafted", demand, {"unit": unit.pk, "kind": kind, "items": len(rows)})
    return demand


def update_draft(
    actor: "Actor",
    demand: Demand,
    *,
    version: int,
    problems: str,
    items: Sequence[ItemInput | str | dict],
    title: str = "",
    addressee: str = "",
    copies: str = "",
    causes: str = "",
    measures: str = "",
    source_text: str = "",
    reply_workdays: int | None = None,
    reply_due: datetime.date | None = None,
) -> Demand:
    """修改草稿 (also after a refusal): the texts, the deadline and the items, replaced as a whole."""
    problems = clean_text(problems, "存在的问题", "problems")
    rows = _items(items)
    _deadline(reply_workdays, reply_due, "reply_due", "答复期限")
    if reply_workdays is None and reply_due is None:
        raise DomainError("请填写答复期限（工作日数或日期）。", field="reply_due")
    for index, item in enumerate(rows, start=1):
        _deadline(item.due_workdays, item.due_on, "items", f"第{index}项整改期限")

    def apply(locked: Demand) -> None:
        locked.problems = problems
        locked.title = clean_text(title, "标题", "title", required=False, limit=120) or locked.title
        locked.addressee = clean_text(addressee, "主送", "addressee", required=False, limit=120) or locked.addressee
        locked.copies = clean_text(copies, "抄送", "copies", required=False, limit=200)
        locked.causes = clean_text(causes, "问题原因", "causes", required=False)
        locked.measures = clean_text(measures, "整改建议", "measures", required=False)
        locked.source_text = clean_text(source_text, "来源说明", "source_text", required=False)
        locked.reply_workdays, locked.reply_due = reply_workdays, reply_due
        locked.items.all().delete()
        Item.objects.bulk_create(
            Item(demand=locked, number=n, requirement=i.requirement, due_on=i.due_on, due_workdays=i.due_workdays)
            for n, i in enumerate(rows, start=1)
        )

    return transition(
        actor,
        demand,
        "edit",
        version=version,
        what="修改",
        check=apply,
        event=Event("demand.edited", f"修改草稿（{len(rows)}项整改事项）", details={"items": len(rows)}),
    )


def facts(demand: Demand) -> dict:
    return {"action": demand.kind}


def submit_demand(actor: "Actor", demand: Demand, *, version: int, opinion: str = "") -> Demand:
    """报批: the draft goes to its group's leader (and further, as the matching `ApprovalRule` says).

    A draft the group leader wrote needs no leader's step of its own: the leader's submission is that step,
    and a chain with nothing else issues the demand at once (组长签发)."""
    with transaction.atomic():
        locked = access.lock_for_act(actor, Demand, demand.pk, version=version)
        require_move(locked, "submit", "报批")
        if locked.reply_due is not None and locked.reply_due < today():
            raise DomainError("答复期限已早于今天，请修改后再报批。", field="reply_due")
        before = locked.status
        move(locked, "submit", "报批")
        by_leader = actor.acting_role == Role.GROUP_LEADER
        rule = approvals.rule_for(APPROVAL, facts(locked))
        rest = [s for s in rule.steps if not (by_leader and s["role"] == Role.GROUP_LEADER)]
        if not rest:
            commit(actor, locked, Event("demand.submitted", "组长签发", opinion), before=before)
            return _issue(actor, locked, "组长签发")
        approvals.open_request(
            actor,
            locked,
            APPROVAL,
            facts=facts(locked),
            payload={"kind": locked.kind},
            skip_roles=frozenset({Role.GROUP_LEADER}) if by_leader else frozenset(),
        )
        step = approvals.current(locked)
        return commit(
            actor, locked, Event("demand.submitted", f"报{step.label if step else '审批'}", opinion), before=before
        )


def document_name(kind: str) -> str:
    return f"rectification_{kind}"


def issue_day_facts(demand: Demand, day: datetime.date) -> None:
    """Fix the deadlines counted from the issue day: the demand's, then each item's (its own, or the demand's)."""
    if demand.reply_workdays is not None:
        demand.reply_due = calendar.add_workdays(day, demand.reply_workdays)
    if demand.reply_due is None or demand.reply_due < day:
        raise DomainError("答复期限早于印发日期，请退回承办人修改。", field="reply_due")
    for item in demand.items.all():
        if item.due_workdays is not None:
            item.due_on = calendar.add_workdays(day, item.due_workdays)
        if item.due_on is None or item.due_on < day:
            item.due_on = demand.reply_due if item.due_on is None else item.due_on
        if item.due_on < day:
            raise DomainError(f"第{item.number}项整改期限早于印发日期，请退回承办人修改。", field="items")
        item.save(update_fields=["due_on"])


def _issue(actor: "Actor", demand: Demand, how: str) -> Demand:
    """印发 inside the approving step's transaction: the status, the deadlines, the 文号 (audited)."""
    day = today()
    demand.issue()
    demand.issued_on = day
    issue_day_facts(demand, day)
    document = documents.issue(actor, document_name(demand.kind), demand, on=day)
    commit(
        actor,
        demand,
        Event(
            "demand.document_issued",
            f"{how}，印发{demand.get_kind_display()}（{document.number}），{demand.reply_due:%Y-%m-%d}前答复",
            details={"number": document.number},
        ),
        before=DemandStatus.APPROVING,
    )
    return demand


def close_demand(actor: "Actor", demand: Demand, *, version: int, opinion: str = "") -> Demand:
    """办结: only when every item has been verified and cleared (整改不到位不放过)."""

    def check(locked: Demand) -> None:
        require_move(locked, "close", "办结")
        open_items = [i.number for i in locked.items.all() if i.status != ItemStatus.CLOSED]
        if open_items:
            numbers = "、".join(f"第{n}项" for n in open_items)
            raise DomainError(f"{numbers}尚未验收销号，不能办结。每一项整改事项经验收后方可办结。")
        locked.closed_on = today()

    return transition(
        actor,
        demand,
        "close",
        version=version,
        what="办结",
        check=check,
        event=Event("demand.closed", "全部整改事项验收销号，办结", opinion),
    )


def schedule_return_visit(actor: "Actor", demand: Demand, *, version: int, on: datetime.date) -> ReturnVisit:
    """安排回头看 on a closed demand, on a day after its closing."""
    with transaction.atomic():
        locked = access.lock_for_act(actor, Demand, demand.pk, version=version)
        require_move(locked, "schedule_visit", "安排回头看")
        if locked.closed_on is not None and on < locked.closed_on:
            raise DomainError("回头看日期不能早于办结日期。", field="on")
        if locked.visits.filter(done_on__isnull=True).exists():
            raise DomainError("已安排回头看，请先登记其情况。", field="on")
        visit = ReturnVisit.objects.create(demand=locked, scheduled_on=on, by=actor)
        move(locked, "schedule_visit", "安排回头看")
        commit(
            actor,
            locked,
            Event("demand.visit_scheduled", f"安排{on:%Y-%m-%d}回头看", details={"visit": visit.pk}),
            before=locked.status,
        )
    return visit


def record_return_visit(
    actor: "Actor",
    demand: Demand,
    *,
    version: int,
    finding: str,
    recurred: Sequence[int] = (),
    due_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Demand:
    """登记回头看: what was found; items whose problem recurred (their numbers) reopen with a new deadline, and
    the demand with them."""
    finding = clean_text(finding, "回头看情况", "finding")
    day = on or today()
    with transaction.atomic():
        locked = access.lock_for_act(actor, Demand, demand.pk, version=version)
        visit = locked.visits.filter(done_on__isnull=True).order_by("id").first()
        if visit is None or locked.status != DemandStatus.CLOSED:
            raise DomainError("没有待登记的回头看。")
        if day < visit.scheduled_on or day > today():
            raise DomainError("回头看日期应在计划日期之后、不晚于今天。", field="on")
        items = {i.number: i for i in locked.items.all()}
        unknown = [n for n in recurred if n not in items]
        if unknown:
            raise DomainError("问题反弹的事项不在本建议中。", field="recurred")
        if recurred and (due_on is None or due_on <= day):
            raise DomainError("请为重新整改的事项确定晚于今天的整改期限。", field="due_on")
        visit.done_on, visit.finding, visit.recurred = day, finding, sorted(set(recurred))
        visit.save(update_fields=["done_on", "finding", "recurred"])
        before = locked.status
        for number in visit.recurred:
            item = items[number]
            item_before = item.status
            move(item, "reopen", "重新整改")
            item.reopened_count += 1
            item.due_on, item.due_workdays, item.rating, item.closed_on = due_on, None, "", None
            commit(
                actor,
                item,
                Event("item.reopened", f"回头看发现第{number}项问题反弹，重新整改，{due_on:%Y-%m-%d}前完成", finding),
                before=item_before,
            )
        if visit.recurred:
            move(locked, "reopen", "重新整改")
            locked.closed_on = None
            title = f"回头看：{'、'.join(f'第{n}项' for n in visit.recurred)}问题反弹，重新整改"
        else:
            move(locked, "schedule_visit", "登记回头看")
            title = "回头看：整改成果巩固，未发现问题反弹"
        return commit(
            actor, locked, Event("demand.visit_recorded", title, finding, {"recurred": visit.recurred}), before=before
        )
