"""Time limits of clues and cases: the module's table of configurable defaults (domain.md §3).

A deployment overrides entries with `PAIZHU_CLUE_LIMITS = {"verification": (15, "workdays", "完成初步核实")}`
in its settings; nothing else in the code knows a number of days.
"""

from paizhu.workflow.limits import DAYS, MONTHS, WORKDAYS, Table

LIMITS = Table(
    "clues",
    {
        "proposal": (1, MONTHS, "提出处置意见"),  # 受理后1个月内
        "inquiry_start": (15, WORKDAYS, "谈话或发函"),  # 委托谈话15个工作日内
        "inquiry_reply": (15, WORKDAYS, "书面说明"),  # 收到函询函后15个工作日内
        "inquiry_conclusion": (30, DAYS, "提出了结意见"),  # 谈话或回复后30日内（本地规定）
        "verification": (2, MONTHS, "完成初步核实"),  # 无全国统一时限，本地默认2个月
        "park_review": (6, MONTHS, "暂存复查"),
        "investigation": (90, DAYS, "审查调查"),
        "investigation_extension": (90, DAYS, "延长审查调查"),
        "supervision_decision": (12, MONTHS, "作出处置决定（监察）"),  # 监察案件立案后1年内
        "supervision_extension": (6, MONTHS, "延长监察处置期限"),  # 经批准可延长6个月
        "review": (1, MONTHS, "审理"),
        "supplementary_investigation": (1, MONTHS, "补充调查"),  # 退回补充调查一般不超过1个月，以两次为限
        "announce": (1, MONTHS, "宣布处分决定"),
        "execution": (6, MONTHS, "报告执行情况"),
        "appeal_review": (1, MONTHS, "复审决定"),
        "appeal_recheck": (2, MONTHS, "复核决定"),
    },
    setting="PAIZHU_CLUE_LIMITS",
)

limit, label, due = LIMITS.limit, LIMITS.label, LIMITS.due
