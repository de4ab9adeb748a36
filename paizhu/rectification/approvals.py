"""The approval kind of rectification (整改建议报批), registered into the kernel (`workflow.approvals`).

Its requests carry the demand's kind as the "action" fact, so a rule can send the legally binding 监察建议书
(or any kind) on to the commission after the group leader; the shipped rule is the group leader alone."""

from collections.abc import Iterable

from django.urls import reverse

from paizhu.core.roles import Role
from paizhu.workflow import approvals, documents
from paizhu.workflow.approvals import Kind, Matter
from paizhu.workflow.models import Approval

from .models import Demand, DemandKind
from .services import document_name, issue_day_facts
from .services._common import APPROVAL, today


def describe(ids: Iterable[int]) -> dict[int, Matter]:
    rows = Demand.objects.filter(pk__in=ids).select_related("unit")
    return {
        d.pk: Matter(d.serial, reverse("rectification:detail", args=[d.pk]), f"{d.get_kind_display()} · {d.unit.name}")
        for d in rows
    }


def describe_facts(facts: dict) -> str:
    action = facts.get("action", "")
    return DemandKind(action).label if action in DemandKind.values else str(action)


def asks(rows: Iterable[Approval]) -> dict[int, str]:
    """What each request asks, from its payload (no query): 印发 the kind of letter."""
    labels = dict(DemandKind.choices)
    return {row.pk: f"印发{labels.get(row.payload.get('kind', ''), '整改建议')}" for row in rows}


def request_context(user, approval: Approval, subject: Demand) -> dict:
    return {"demand": subject, "items": list(subject.items.all())}


def approved(actor, demand: Demand, approval: Approval) -> str:
    """The last approval issues the demand: deadlines from the issue day, the 文号 (the decision step commits)."""
    day = today()
    demand.issue()
    demand.issued_on = day
    issue_day_facts(demand, day)
    document = documents.issue(actor, document_name(demand.kind), demand, on=day)
    return f"印发（{document.number}），{demand.reply_due:%Y-%m-%d}前答复"


def refused(actor, demand: Demand, approval: Approval) -> None:
    demand.refuse()


def register() -> None:
    approvals.register(
        Kind(
            APPROVAL,
            "整改建议",
            "rectification.Demand",
            approvers=frozenset({Role.GROUP_LEADER, Role.DISPATCH_MANAGEMENT, Role.COMMISSION_LEADER}),
            actions=tuple(DemandKind.values),
            approved=approved,
            refused=refused,
            describe=describe,
            describe_facts=describe_facts,
            request_template="rectification/_approval_request.html",
            request_context=request_context,
            asks=asks,
            group_path="group_id",
            codes=("demand.approved", "demand.refused"),
        )
    )
