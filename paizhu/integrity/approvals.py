"""The approval kind of the integrity files (查阅廉政档案), registered into the kernel (`workflow.approvals`).

Its requests carry the requester's side as the "action" fact — `unit` (the cadre's own unit), `group`
(another group) or `commission` (a commission office) — so that a deployment can route, say, the offices'
requests to the 派驻机构管理部门; the shipped rule is the leader of the group covering the cadre's unit."""

from collections.abc import Iterable

from django.urls import reverse

from paizhu.core.roles import Role
from paizhu.workflow import approvals
from paizhu.workflow.approvals import Kind, Matter
from paizhu.workflow.models import Approval

from .dates import today
from .limits import LIMITS
from .models import FileRequest

KIND = "integrity.file_request"
SIDES = {"unit": "驻在单位申请", "group": "其他派驻组申请", "commission": "委机关部门申请"}


def describe(ids: Iterable[int]) -> dict[int, Matter]:
    rows = FileRequest.objects.filter(pk__in=ids).select_related("person", "unit")
    return {
        r.pk: Matter(
            r.serial,
            reverse("integrity:request", args=[r.pk]),
            f"查阅{r.person.name}（{r.unit.name if r.unit else '—'}）廉政档案",
        )
        for r in rows
    }


def describe_facts(facts: dict) -> str:
    action = facts.get("action", "")
    return SIDES.get(action, str(action))


def asks(rows: Iterable[Approval]) -> dict[int, str]:
    labels = dict(FileRequest.Purpose.choices)
    return {row.pk: f"查阅廉洁情况（{labels.get(row.payload.get('purpose', ''), '其他')}）" for row in rows}


def request_context(user, approval: Approval, subject: FileRequest) -> dict:
    amount, unit, _ = LIMITS.limit("open")
    return {"file_request": subject, "open_days": f"{amount}个{'工作日' if unit == 'workdays' else '日'}内有效"}


def approved(actor, request: FileRequest, approval: Approval) -> str:
    """The last approval opens the summary sheet to the requester until the term ends (working days)."""
    day = today()
    until = LIMITS.due("open", day)
    request.approve(day, until)
    return f"准予查阅廉洁情况，{until:%Y-%m-%d}前有效"


def refused(actor, request: FileRequest, approval: Approval) -> None:
    request.refuse()


def register() -> None:
    approvals.register(
        Kind(
            KIND,
            "查阅廉政档案",
            "integrity.FileRequest",
            approvers=frozenset({Role.GROUP_LEADER, Role.DISPATCH_MANAGEMENT, Role.COMMISSION_LEADER}),
            actions=tuple(SIDES),
            approved=approved,
            refused=refused,
            describe=describe,
            describe_facts=describe_facts,
            request_template="integrity/_approval_request.html",
            request_context=request_context,
            asks=asks,
            group_path="group_id",
            codes=("integrity.request_approved", "integrity.request_refused"),
        )
    )
