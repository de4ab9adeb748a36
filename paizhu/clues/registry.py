"""Navigation entries and home-page to-dos of the clue module (registered in CluesConfig.ready)."""

from paizhu.core import navigation, todos
from paizhu.core.roles import Role

LEDGER_ROLES = frozenset(
    {Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT, Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER}
)
APPROVER_ROLES = frozenset({Role.COMMISSION_LEADER, Role.GROUP_LEADER})
HANDLER_ROLES = frozenset({Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER})
CASE_ROLES = LEDGER_ROLES | {Role.CASE_REVIEW}


def _approval_badge(user):
    from . import queries

    return queries.pending_badge(user)


def _unread_badge(user):
    from . import queries

    return navigation.badge_count(queries.unread_notifications(user))


def register_navigation_and_todos() -> None:
    from . import queries

    navigation.register(
        navigation.NavItem("问题线索", "线索台账", "clues:list", LEDGER_ROLES, icon="journal-text", order=10)
    )
    navigation.register(
        navigation.NavItem(
            "问题线索",
            "待我审批",
            "clues:approvals",
            APPROVER_ROLES,
            icon="check2-square",
            order=20,
            badge=_approval_badge,
        )
    )
    navigation.register(
        navigation.NavItem("问题线索", "集体排查", "clues:screenings", LEDGER_ROLES, icon="people", order=25)
    )
    navigation.register(
        navigation.NavItem(
            "问题线索", "期限预警", "clues:deadlines", LEDGER_ROLES, icon="alarm", order=30, badge=_unread_badge
        )
    )
    navigation.register(
        navigation.NavItem("问题线索", "案件", "clues:cases", CASE_ROLES, icon="folder2-open", order=40)
    )
    todos.register(todos.TodoProvider("待我审批", APPROVER_ROLES, queries.approval_todos, "没有等待您审批的线索事项。"))
    todos.register(todos.TodoProvider("待我办理", HANDLER_ROLES, queries.handling_todos, "没有等待您办理的线索。"))
    todos.register(
        todos.TodoProvider("即将到期/已逾期", LEDGER_ROLES, queries.deadline_todos, "没有即将到期或已逾期的线索。")
    )
    todos.register(
        todos.TodoProvider("待审理案件", frozenset({Role.CASE_REVIEW}), queries.review_todos, "没有待审理的案件。")
    )
