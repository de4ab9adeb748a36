"""The kernel's navigation entry and home-page to-do: the approver's inbox over every registered kind
(registered in WorkflowConfig.ready; the roles are the kinds' approvers, read when asked, once all apps are in)."""

from typing import TYPE_CHECKING

from django.urls import reverse

from paizhu.core import navigation, todos

from . import approvals

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

TODO_LIMIT = 20


def _approval_badge(user: "Actor"):
    return todos.badge(APPROVAL_TODOS, user)


def approval_todos(user: "Actor") -> list[todos.Todo]:
    rows = approvals.with_matters(list(approvals.inbox(user).order_by("requested_at", "id")[:TODO_LIMIT]))
    return [
        todos.Todo(
            kind=row.spec.label,
            title=f"{row.label}：{row.matter.summary}",
            url=reverse("workflow:decide", args=[row.pk]),
            due=row.matter.due,
            serial=row.matter.serial,
        )
        for row in rows
    ]


APPROVAL_TODOS = todos.TodoProvider(
    "待我审批", approvals.approver_roles, approval_todos, "没有等待您审批的事项。", total=approvals.inbox
)


def register_navigation_and_todos() -> None:
    navigation.register(
        navigation.NavItem(
            "工作台",
            "待我审批",
            "workflow:approvals",
            approvals.approver_roles,
            icon="check2-square",
            order=10,
            badge=_approval_badge,
        )
    )
    todos.register(APPROVAL_TODOS)
