"""Time limits of rectification: the module's table of configurable defaults (domain.md §5).

There is no national default for the reply (答复期限): a demand says its own, in working days or as a date;
`reply` is only what the draft form proposes. A deployment overrides entries with
`PAIZHU_RECTIFICATION_LIMITS = {"escalate": (10, "workdays", "逾期报派驻机构管理部门")}`.
"""

from paizhu.workflow.limits import WORKDAYS, Table

LIMITS = Table(
    "rectification",
    {
        "reply": (30, WORKDAYS, "答复整改情况"),  # what the draft form proposes; each demand says its own
        # An item overdue by more than this reaches the commission's 派驻机构管理部门, which may press it.
        "escalate": (5, WORKDAYS, "逾期报派驻机构管理部门"),
        # Answered at least this long before its deadline: 提前完成.
        "early": (5, WORKDAYS, "提前完成"),
        # 整改计划: the plan's completion date becomes the item's deadline, at most this long after the issue.
        "plan_max": (6, "months", "整改计划完成期限"),
        # A 回头看 the group schedules: proposed this long after closing.
        "return_visit": (3, "months", "回头看"),
    },
    setting="PAIZHU_RECTIFICATION_LIMITS",
)

limit, label, due = LIMITS.limit, LIMITS.label, LIMITS.due
