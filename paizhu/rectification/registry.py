"""Navigation entries and home-page to-dos of rectification (registered in RectificationConfig.ready).

The unit's 党组书记 and 联络员 get their own entry (本单位整改) and to-dos (what to answer, what was sent back,
what waits for the secretary's signature) — and nothing else of the platform's business.
"""

import functools

from paizhu.core import navigation, todos
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES, Role

SUPERVISORS = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT}) | GROUP_ROLES


@functools.cache
def providers() -> dict[str, todos.TodoProvider]:
    from . import queries

    return {
        "unit": todos.TodoProvider(
            "整改任务", UNIT_ROLES, queries.unit_todos, "没有待答复的整改事项。", total=queries.unit_items
        ),
        "report": todos.TodoProvider(
            "待签发整改报告",
            frozenset({Role.PARTY_SECRETARY}),
            queries.report_todos,
            "没有待签发的整改报告。",
            total=queries.report_ready,
        ),
        "verify": todos.TodoProvider(
            "待验收整改事项", GROUP_ROLES, queries.verify_todos, "没有待验收的整改事项。", total=queries.to_verify
        ),
        "overdue": todos.TodoProvider(
            "整改逾期",
            SUPERVISORS,
            queries.overdue_todos,
            "没有逾期未完成的整改事项。",
            total=queries.overdue,
        ),
    }


def register_navigation_and_todos() -> None:
    p = providers()
    navigation.register(
        navigation.NavItem(
            "整改督办",
            "整改建议",
            "rectification:list",
            SUPERVISORS,
            icon="clipboard-check",
            order=10,
            badge=lambda user: todos.badge(p["verify"], user) if user.acting_role in GROUP_ROLES else None,
        )
    )
    navigation.register(
        navigation.NavItem("整改督办", "以案促改", "rectification:cases", GROUP_ROLES, icon="folder2-open", order=20)
    )
    navigation.register(
        navigation.NavItem(
            "整改督办",
            "本单位整改",
            "rectification:unit",
            UNIT_ROLES,
            icon="clipboard-check",
            order=10,
            badge=lambda user: todos.badge(p["unit"], user),
        )
    )
    for provider in p.values():
        todos.register(provider)
