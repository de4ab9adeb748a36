"""Time limits of 信访举报: the module's table of configurable defaults (domain.md §2).

A deployment overrides entries with `PAIZHU_INTAKE_LIMITS = {"acceptance_notice": (10, "workdays", "告知受理情况")}`.
"""

import datetime

from paizhu.core.calendar import CalendarYearUnknown
from paizhu.workflow.limits import MONTHS, WORKDAYS, Table

LIMITS = Table(
    "intake",
    {
        "acceptance_notice": (15, WORKDAYS, "告知受理情况"),  # 实名举报：收到后15个工作日内告知是否受理
        "result_notice": (15, WORKDAYS, "反馈办理结果"),  # 实名举报：办结后15个工作日内反馈
        "forward": (5, WORKDAYS, "转送上级纪委监委"),  # 不得录入的举报：5个工作日内转送
        "assigned_close": (3, MONTHS, "办结交办件"),  # 上级交办件：3个月内办结
        "assigned_extension": (3, MONTHS, "延长交办件办结期限"),  # 经委领导批准可延长一次3个月
    },
    setting="PAIZHU_INTAKE_LIMITS",
)


def due(key: str, start: datetime.date) -> datetime.date | None:
    """None when the calendar for the due year is not entered yet: a report is never refused for that reason.

    The due lists still show such a report (real-name, not yet notified), as "期限待定".
    """
    try:
        return LIMITS.due(key, start)
    except CalendarYearUnknown:
        return None
