"""Navigation entries and home-page to-dos of the responsibility module (registered in ResponsibilityConfig.ready)."""

import functools

from paizhu.access.matters import ALL_GROUPS_ROLES
from paizhu.core import navigation, todos
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES

READERS = UNIT_ROLES | GROUP_ROLES | ALL_GROUPS_ROLES


@functools.cache
def _providers() -> dict[str, todos.TodoProvider]:
    from . import queries

    return {
        "sign": todos.TodoProvider(
            "待我签字背书",
            UNIT_ROLES,
            queries.sign_todos,
            "没有等待您签字的清单。",
            total=queries.awaiting_my_signature,
        ),
        "unit_lists": todos.TodoProvider(
            "本年度清单编制",
            UNIT_ROLES,
            queries.unit_open_todos,
            "本年度清单均已签字背书。",
            total=lambda user: queries.open_lists(user, "act"),
        ),
        "due_items": todos.TodoProvider(
            "清单事项预警（黄/红）",
            UNIT_ROLES,
            queries.due_item_todos,
            "没有临近期限或逾期的清单事项。",
            total=queries.due_items,
        ),
        "answer": todos.TodoProvider(
            "待回复的“三重一大”报备",
            GROUP_ROLES,
            queries.answer_todos,
            "没有待回复的“三重一大”事项报备。",
            total=queries.filings_to_answer,
        ),
        "check": todos.TodoProvider(
            "待会后督查", GROUP_ROLES, queries.check_todos, "没有待会后督查的事项。", total=queries.filings_to_check
        ),
        "minutes": todos.TodoProvider(
            "待报送会议纪要", UNIT_ROLES, queries.minutes_todos, "没有待报送的会议纪要。", total=queries.minutes_due
        ),
        "reports_to_review": todos.TodoProvider(
            "待审阅的双报告", GROUP_ROLES, queries.report_todos, "没有待审阅的报告。", total=queries.reports_to_review
        ),
        "report_drafts": todos.TodoProvider(
            "起草中的双报告", UNIT_ROLES, queries.draft_report_todos, "没有起草中的报告。", total=queries.report_drafts
        ),
        "opinions": todos.TodoProvider(
            "待回复的党风廉政意见",
            GROUP_ROLES,
            queries.opinion_todos,
            "没有待回复的党风廉政意见。",
            total=queries.opinions_to_answer,
        ),
        "flagged": todos.TodoProvider(
            "干部选任程序空转",
            GROUP_ROLES,
            queries.flagged_todos,
            "驻在单位的干部选任程序没有待核查的问题。",
            total=queries.flagged_appointments,
        ),
        "risks": todos.TodoProvider(
            "廉政风险点待复核",
            UNIT_ROLES,
            queries.risk_todos,
            "没有临近复核日期的廉政风险点。",
            total=queries.risks_due,
        ),
        "group_lists": todos.TodoProvider(
            "驻在单位清单未完成签字",
            GROUP_ROLES,
            queries.group_open_todos,
            "所联系单位本年度清单均已签字背书。",
            total=lambda user: queries.open_lists(user, "view"),
        ),
    }


def _sign_badge(user):
    if user.acting_role not in UNIT_ROLES:
        return None
    return todos.badge(_providers()["sign"], user)


def _filing_badge(user):
    if user.acting_role in GROUP_ROLES:
        return todos.badge(_providers()["answer"], user)
    if user.acting_role in UNIT_ROLES:
        return todos.badge(_providers()["minutes"], user)
    return None


def register_navigation_and_todos() -> None:
    navigation.register(
        navigation.NavItem(
            "主体责任", "主体责任清单", "responsibility:lists", READERS, icon="list-check", order=10, badge=_sign_badge
        )
    )
    navigation.register(
        navigation.NavItem(
            "主体责任",
            "“三重一大”报备",
            "responsibility:filings",
            READERS,
            icon="megaphone",
            order=20,
            badge=_filing_badge,
        )
    )
    navigation.register(
        navigation.NavItem("主体责任", "履责记实", "responsibility:activities", READERS, icon="journal-check", order=15)
    )
    navigation.register(
        navigation.NavItem("主体责任", "双报告", "responsibility:reports", READERS, icon="file-earmark-text", order=30)
    )
    navigation.register(
        navigation.NavItem(
            "主体责任",
            "干部选任",
            "responsibility:appointments",
            READERS,
            icon="person-check",
            order=40,
        )
    )
    navigation.register(
        navigation.NavItem(
            "主体责任",
            "廉政风险防控",
            "responsibility:risks",
            READERS,
            icon="shield-exclamation",
            order=50,
        )
    )
    for provider in _providers().values():
        todos.register(provider)
