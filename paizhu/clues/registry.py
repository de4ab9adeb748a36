"""Navigation entries and home-page to-dos of the clue module (registered in CluesConfig.ready)."""

import functools

from paizhu.core import navigation, todos
from paizhu.core.roles import Role

LEDGER_ROLES = frozenset(
    {Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT, Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER}
)
HANDLER_ROLES = frozenset({Role.CASE_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER})
CASE_ROLES = LEDGER_ROLES | {Role.CASE_REVIEW}


def _deadline_badge(user):
    if user.acting_role not in HANDLER_ROLES:
        return None
    return todos.badge(_providers()["deadlines"], user)


@functools.cache
def _providers() -> dict[str, todos.TodoProvider]:
    from . import queries

    return {
        "handling": todos.TodoProvider(
            "待我办理", HANDLER_ROLES, queries.handling_todos, "没有等待您办理的线索。", total=queries.my_work
        ),
        # Only the roles that act on clues: 委领导 and 派驻机构管理部门 watch deadlines in the ledger's filters.
        "deadlines": todos.TodoProvider(
            "即将到期/已逾期",
            HANDLER_ROLES,
            queries.deadline_todos,
            "没有即将到期或已逾期的线索。",
            total=queries.deadline_work,
        ),
        "review": todos.TodoProvider(
            "待审理案件",
            frozenset({Role.CASE_REVIEW}),
            queries.review_todos,
            "没有待审理的案件。",
            total=queries.review_work,
        ),
    }


def register_navigation_and_todos() -> None:
    navigation.register(
        navigation.NavItem("问题线索", "线索台账", "clues:list", LEDGER_ROLES, icon="journal-text", order=10)
    )
    navigation.register(
        navigation.NavItem("问题线索", "集体排查", "clues:screenings", LEDGER_ROLES, icon="people", order=25)
    )
    navigation.register(
        navigation.NavItem(
            "问题线索", "期限预警", "clues:deadlines", LEDGER_ROLES, icon="alarm", order=30, badge=_deadline_badge
        )
    )
    navigation.register(
        navigation.NavItem("问题线索", "案件", "clues:cases", CASE_ROLES, icon="folder2-open", order=40)
    )
    for provider in _providers().values():
        todos.register(provider)
