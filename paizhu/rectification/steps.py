"""The steps a demand's and an item's pages offer: each `allowed` is the predicate the service checks
(`access.may` with the service's action, and the state its transition needs)."""

from django_fsm import can_proceed

from paizhu import access
from paizhu.core.roles import Role
from paizhu.workflow.steps import Step, declare

from .models import Demand
from .workflows import DemandStatus, ItemStatus


def _may(action: str, transition: str):
    def allowed(user, obj) -> bool:
        return can_proceed(getattr(obj, transition)) and access.may(user, action, obj)

    return allowed


def _report(user, demand: Demand) -> bool:
    return user.acting_role == Role.PARTY_SECRETARY and _may("answer", "report")(user, demand)


def _close(user, demand: Demand) -> bool:
    return _may("act", "close")(user, demand) and all(i.status == ItemStatus.CLOSED for i in demand.items.all())


def _visit(user, demand: Demand) -> bool:
    return demand.status == DemandStatus.CLOSED and access.may(user, "act", demand) and not _open_visit(demand)


def _visit_record(user, demand: Demand) -> bool:
    return demand.status == DemandStatus.CLOSED and access.may(user, "act", demand) and _open_visit(demand)


def _open_visit(demand: Demand) -> bool:
    return any(v.done_on is None for v in demand.visits.all())


DEMAND_STEPS = declare(
    Step(name="edit", label="修改草稿", icon="pencil", allowed=_may("act", "edit")),
    Step(
        name="submit",
        label="报批",
        icon="send",
        allowed=_may("act", "submit"),
        confirm="报批后由组长审批，同意即印发并编文号。确认报批？",
    ),
    Step(
        name="report",
        label="签发整改报告",
        icon="pen",
        allowed=_report,
        confirm="签发后，已答复的事项随整改报告报送派驻组验收，不能再修改。确认签发？",
    ),
    Step(
        name="close",
        label="办结",
        icon="check2-all",
        allowed=_close,
        confirm="办结后各事项不再变动（回头看发现问题反弹的除外）。确认办结？",
    ),
    Step(name="visit", label="安排回头看", icon="arrow-repeat", allowed=_visit),
    Step(name="visit_record", label="登记回头看", icon="clipboard-check", allowed=_visit_record),
    Step(
        name="press",
        label="督办",
        icon="megaphone",
        allowed=_may("press", "follow_up"),
        confirm="督办意见将送达单位和派驻组，并记入审计。确认督办？",
    ),
)

ITEM_STEPS = declare(
    Step(name="answer", label="答复整改情况", icon="reply", allowed=_may("answer", "answer")),
    Step(name="plan", label="报送整改计划", icon="calendar-range", allowed=_may("answer", "plan")),
    Step(
        name="verify",
        label="验收",
        icon="patch-check",
        allowed=_may("act", "accept"),
        confirm="验收结论将记入办理记录并告知单位。确认提交？",
    ),
)
