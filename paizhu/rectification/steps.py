"""The steps a demand's and an item's pages offer: each `allowed` is the predicate the service checks
(`access.may` with the service's action, and the state its transition needs)."""

from collections.abc import Callable
from dataclasses import dataclass

from django_fsm import can_proceed

from paizhu import access
from paizhu.core.roles import Role

from .models import Demand, Item
from .workflows import DemandStatus, ItemStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    icon: str
    allowed: Callable


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


DEMAND_STEPS = [
    Step("edit", "修改草稿", "pencil", _may("act", "edit")),
    Step("submit", "报批", "send", _may("act", "submit")),
    Step("report", "签发整改报告", "pen", _report),
    Step("close", "办结", "check2-all", _close),
    Step("visit", "安排回头看", "arrow-repeat", _visit),
    Step("visit_record", "登记回头看", "clipboard-check", _visit_record),
    Step("press", "督办", "megaphone", _may("press", "follow_up")),
]

ITEM_STEPS = [
    Step("answer", "答复整改情况", "reply", _may("answer", "answer")),
    Step("plan", "报送整改计划", "calendar-range", _may("answer", "plan")),
    Step("verify", "验收", "patch-check", _may("act", "accept")),
]


def allowed(steps: list[Step], user, obj: Demand | Item) -> list[Step]:
    return [s for s in steps if s.allowed(user, obj)]


def find(steps: list[Step], name: str) -> Step | None:
    return next((s for s in steps if s.name == name), None)
