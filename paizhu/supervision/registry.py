"""Navigation entries and home-page to-dos of the supervision log (registered in SupervisionConfig.ready)."""

import functools

from paizhu.core import navigation, todos
from paizhu.core.roles import Role

from .access import SUMMARY_ROLES

LOG_ROLES = frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT, Role.GROUP_LEADER, Role.GROUP_MEMBER})
RECORDER_ROLES = frozenset({Role.GROUP_LEADER, Role.GROUP_MEMBER})


def _disposal_badge(user):
    return todos.badge(_providers()["disposal"], user)


@functools.cache
def _providers() -> dict[str, todos.TodoProvider]:
    from . import queries

    return {
        "disposal": todos.TodoProvider(
            "问题发现待处置",
            frozenset({Role.GROUP_LEADER}),
            queries.disposal_todos,
            "没有等待您处置的问题发现。",
            total=queries.pending_findings,
        ),
    }


def register_navigation_and_todos() -> None:
    # The leader's entry carries the count of findings awaiting them; the others' has no badge to count.
    leader = frozenset({Role.GROUP_LEADER})
    navigation.register(
        navigation.NavItem(
            "日常监督", "监督记录", "supervision:list", leader, icon="binoculars", order=10, badge=_disposal_badge
        )
    )
    navigation.register(
        navigation.NavItem("日常监督", "监督记录", "supervision:list", LOG_ROLES - leader, icon="binoculars", order=10)
    )
    navigation.register(
        navigation.NavItem(
            "日常监督", "登记监督记录", "supervision:new", RECORDER_ROLES, icon="pencil-square", order=20
        )
    )
    navigation.register(
        navigation.NavItem("日常监督", "工作统计", "supervision:summary", SUMMARY_ROLES, icon="bar-chart", order=30)
    )
    from paizhu.org import picking

    from .queries import group_people

    picking.register("supervised", "日常监督涉及人员", group_people)
    for provider in _providers().values():
        todos.register(provider)
